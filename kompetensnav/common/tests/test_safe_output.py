"""Output that user text cannot break (issue 10, point 3), also for text stored before the
inputs refused control characters (old rows, imports): what counts as a control character
and how text is put on one line, e-mail subjects and attachment names, Content-Disposition
file names, spreadsheet cells. The calendar feeds and public pages are tested in
participants/tests/test_line_breaks.py."""

import email
import email.utils
import io

import openpyxl
import pytest
from django.core import mail
from django.urls import reverse

from kompetensnav.accounts.enums import Role
from kompetensnav.common.http import ascii_filename, content_disposition
from kompetensnav.common.mail import queue_email
from kompetensnav.common.text import (
    has_control_characters,
    has_control_characters_beyond_lines,
    multi_line,
    single_line,
)
from kompetensnav.network.models import Contact
from tests.tasks import run_queued_tasks

# One of each kind: the C0 line breaks, tab, escape, NUL, DEL, a C1 control (NEL), the Unicode
# line separator.
CONTROLS = ["\r\n", "\n", "\r", "\t", "\x0b", "\x0c", "\x1b", "\x00", "\x7f", "\x85", "\u2028"]


# --- what a control character is, and how output is cleaned ------------------------------


@pytest.mark.parametrize("control", CONTROLS)
def test_has_control_characters_every_kind(control):
    assert has_control_characters(f"Hotell{control}svenska")


def test_has_control_characters_ordinary_text_none():
    assert not has_control_characters("Hotellsvenska – för nybörjare (åäö, ÉÜ) ‘x’ €")
    assert not has_control_characters(None)


@pytest.mark.parametrize("control", CONTROLS)
def test_single_line_any_control_becomes_one_space(control):
    assert single_line(f" Hotell {control}{control} svenska{control}") == "Hotell svenska"


def test_multi_line_keeps_lines_and_tabs_and_replaces_the_rest():
    assert multi_line("Rad 1\r\nRad 2\rRad 3\n\tindrag\x0bslut\x1b") == (
        "Rad 1\nRad 2\nRad 3\n\tindrag slut "
    )
    assert not has_control_characters_beyond_lines(multi_line("a\x85b\u2028c\x00"))


# --- e-mail ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_mail_subject_with_line_breaks_is_sent_on_one_line(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue_email(
            subject="Anmälan: Hotell\r\nBcc: someone@example.se\x85svenska",
            body="Rad 1\nRad 2",
            to=["deltagare@example.se"],
            attachments=[("kurs\r\n.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")],
        )
    assert run_queued_tasks() == 1
    (message,) = mail.outbox
    assert message.subject == "Anmälan: Hotell Bcc: someone@example.se svenska"
    assert message.body == "Rad 1\nRad 2"
    parsed = email.message_from_bytes(message.message().as_bytes())
    assert parsed["Bcc"] is None
    assert message.recipients() == ["deltagare@example.se"]
    ((filename, _content, _mimetype),) = message.attachments
    assert filename == "kurs .ics"


# --- file names --------------------------------------------------------------------------


def _parsed_disposition(value: str) -> list[tuple[str, str]]:
    """The header's parameters as an RFC 2231/5987-aware parser reads them, filename* decoded
    (Python's e-mail parser, which reads Content-Disposition as HTTP does)."""
    parsed = email.message_from_string(f"Content-Disposition: {value}\n\n")
    return [
        (key, email.utils.collapse_rfc2231_value(param))
        for key, param in parsed.get_params(header="content-disposition")
    ]


def test_content_disposition_ascii_name_is_plain():
    assert content_disposition("contacts-2026-01-31.csv") == (
        'attachment; filename="contacts-2026-01-31.csv"'
    )
    assert content_disposition("site-3.ics", attachment=False) == 'inline; filename="site-3.ics"'


def test_content_disposition_unicode_name_has_fallback_and_filename_star():
    value = content_disposition("Årsrapport för Lärcentrum.pdf")
    assert value == (
        'attachment; filename="Arsrapport for Larcentrum.pdf"; '
        "filename*=UTF-8''%C3%85rsrapport%20f%C3%B6r%20L%C3%A4rcentrum.pdf"
    )
    assert _parsed_disposition(value) == [
        ("attachment", ""),
        ("filename", "Arsrapport for Larcentrum.pdf"),
        ("filename", "Årsrapport för Lärcentrum.pdf"),  # filename*, which clients prefer
    ]


@pytest.mark.parametrize(
    "hostile",
    [
        'kurs"; filename="evil.exe',
        "kurs\r\nSet-Cookie: a=b.csv",
        "../../etc/passwd",
        "kurs\\..\\x.csv",
        "kurs;\x00\x1b\x85\u2028.csv",
        "\r\n",
    ],
)
def test_content_disposition_hostile_name_stays_one_safe_header(hostile):
    value = content_disposition(hostile)
    assert not has_control_characters(value)
    assert value.isascii()
    params = _parsed_disposition(value)
    assert params[0] == ("attachment", "")
    assert [key for key, _name in params[1:]] in (["filename"], ["filename", "filename"])
    fallback = params[1][1]
    assert fallback and '"' not in fallback and ";" not in fallback
    for _key, name in params[1:]:
        assert name and "/" not in name and "\\" not in name
        assert not has_control_characters(name)


def test_ascii_filename_never_empty():
    assert ascii_filename("...") == "download"
    assert ascii_filename("日本語") == "download"


# --- spreadsheet cells -------------------------------------------------------------------


@pytest.mark.django_db
def test_contact_export_xlsx_with_control_characters_in_old_rows(client_for, make_user, own_org):
    coordinator = make_user(Role.COORDINATOR, own_org)
    Contact.objects.create(organisation=own_org, name="Fia\x0bFärsk", role="Rektor\r\nLärare")
    response = client_for(coordinator).get(reverse("network:contact_export", args=["xlsx"]))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "Fia Färsk" in values
    assert any(str(value).startswith("Rektor") and "Lärare" in str(value) for value in values)


@pytest.mark.django_db
def test_contact_export_csv_with_control_characters_in_old_rows(client_for, make_user, own_org):
    coordinator = make_user(Role.COORDINATOR, own_org)
    Contact.objects.create(organisation=own_org, name="Fia\x1bFärsk")
    response = client_for(coordinator).get(reverse("network:contact_export", args=["csv"]))
    assert response.status_code == 200
    text = response.getvalue().decode("utf-8-sig")
    assert "Fia Färsk" in text and "\x1b" not in text
