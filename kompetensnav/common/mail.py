"""E-mail goes through Django's mail API, sent by a background task after the commit,
so a failing mail server never loses what the user saved."""

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task

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
    attachments: list[Attachment] | None = None,
) -> int:
    message = EmailMultiAlternatives(subject=subject, body=body, from_email=from_email, to=to)
    if html:
        message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments or []:
        message.attach(filename, content, mimetype)
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
    attachments = [list(item) for item in attachments or []]
    transaction.on_commit(
        lambda: send_email_task.enqueue(
            subject=subject,
            body=body,
            to=to,
            from_email=from_email,
            html=html,
            attachments=attachments,
        )
    )
