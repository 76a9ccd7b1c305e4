"""E-mail goes through Django's mail API, sent by a background task after the commit,
so a failing mail server never loses what the user saved.

The subject and the attachments' file names go into headers, where a line break (or another
control character, which Python's e-mail package reads as one) is refused: they are put on
one line when the mail is built, also for text stored before the inputs refused control
characters (a course title from an old import, say). Addresses are not rewritten: a changed
address could reach someone else, so Django's refusal (the task fails, nothing is sent)
stands; our inputs never let one through."""

from collections.abc import Sequence

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task

from .text import single_line

# (filename, text content, MIME type), e.g. ("kurs.ics", ics_text, "text/calendar").
# Text only: task arguments are stored as JSON.
Attachment = tuple[str, str, str]


@task(queue_name="default")
def send_email_task(
    *,
    subject: str,
    body: str,
    to: list[str],
    from_email: str | None = None,
    html: str = "",
    attachments: Sequence[Sequence[str]] | None = None,
) -> int:
    message = EmailMultiAlternatives(
        subject=single_line(subject), body=body, from_email=from_email, to=to
    )
    if html:
        message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments or []:
        message.attach(single_line(filename) or "attachment", content, mimetype)
    return message.send()


def queue_email(
    *,
    subject: str,
    body: str,
    to: list[str],
    from_email: str | None = None,
    html: str = "",
    attachments: list[Attachment] | None = None,
) -> None:
    """Send the mail from the task worker once the surrounding transaction has committed."""
    stored = [list(item) for item in attachments or []]  # as JSON gives them back
    transaction.on_commit(
        lambda: send_email_task.enqueue(
            subject=subject,
            body=body,
            to=to,
            from_email=from_email,
            html=html,
            attachments=stored,
        )
    )
