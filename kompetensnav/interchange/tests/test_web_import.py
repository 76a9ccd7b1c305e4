"""The web import for coordinators: upload → preview (dry run) → confirm → result, the
background path for large files, and the guards (permissions, double confirm, bad files)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from openpyxl import Workbook

from kompetensnav.interchange import models as job_models
from kompetensnav.interchange.models import ImportJob
from kompetensnav.network.models import Organisation
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db

ORGS = (
    "id,name,kind,municipality\n"
    "o1,Lärcentrum Lidköping,learning_centre,1494\n"
    "o2,Vuxenutbildningen Borås,adult_education,1490\n"
)
BAD_ORGS = (
    "id,name,kind,municipality\n"
    "o1,Lärcentrum Lidköping,learning_centre,1494\n"
    "o2,,adult_education,1490\n"
    "o3,Skolan,no_such_kind,1490\n"
    "o4,Ett till,other,9999\n"
)


def imported() -> set[str]:
    """External ids of organisations (the fixtures' own organisations have none)."""
    return set(Organisation.objects.exclude(external_id=None).values_list("external_id", flat=True))


def english(client_for, user):
    """A client for the user, who reads the site in English (the source strings)."""
    user.language = "en"
    user.save(update_fields=["language"])
    return client_for(user)


def csv_file(text: str, name: str = "orgs.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def upload(
    client, text: str, kind: str = "organisations", name: str = "orgs.csv", *, check: bool = True
):
    """Upload a file and (unless check=False) let the worker check it, as db_worker would."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            reverse("interchange:upload"), {"kind": kind, "file": csv_file(text, name)}
        )
    if check:
        run_queued_tasks()
    return response


@pytest.fixture
def coordinator_client(client_for, coordinator):
    return english(client_for, coordinator)


def test_small_csv_is_previewed_confirmed_and_imported(coordinator_client, coordinator):
    response = upload(coordinator_client, ORGS)
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("interchange:job", args=[job.pk])
    assert job.status == ImportJob.Status.VALID
    assert job.uploaded_by == coordinator
    assert not imported()  # the preview writes nothing

    preview = coordinator_client.get(response["Location"])
    html = preview.content.decode()
    assert "Would create 2 records" in html
    assert "Lärcentrum Lidköping" in html and 'id="row-2"' in html
    assert reverse("interchange:job_confirm", args=[job.pk]) in html

    response = coordinator_client.post(reverse("interchange:job_confirm", args=[job.pk]))
    assert response.status_code == 302
    assert imported() == {"o1", "o2"}
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert job.created_ids == ["o1", "o2"] and job.updated_ids == []

    result = coordinator_client.get(reverse("interchange:job", args=[job.pk]))
    html = result.content.decode()
    assert "2 created, 0 updated" in html
    assert "<code>o1</code>" in html and "<code>o2</code>" in html
    assert reverse("network:organisation_list") in html
    assert "Imported: 2 created, 0 updated." in html  # the message after confirming

    # the same file again updates: idempotent on id
    upload(coordinator_client, ORGS)
    again = ImportJob.objects.order_by("-pk").first()
    assert again.result["updated"] == ["o1", "o2"]


def test_stored_file_content_is_cleared_after_import(coordinator_client):
    upload(coordinator_client, ORGS)
    job = ImportJob.objects.get()
    assert bytes(job.content) == ORGS.encode()
    coordinator_client.post(reverse("interchange:job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert bytes(job.content) == b""
    assert job.size == len(ORGS.encode())  # what is kept: facts about the file, not the file


def test_cancel_deletes_the_stored_file(coordinator_client):
    upload(coordinator_client, ORGS)
    job = ImportJob.objects.get()
    response = coordinator_client.post(reverse("interchange:job_cancel", args=[job.pk]))
    assert response["Location"] == reverse("interchange:upload")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CANCELLED and bytes(job.content) == b""
    # a cancelled job cannot be confirmed any more
    coordinator_client.post(reverse("interchange:job_confirm", args=[job.pk]))
    assert not imported()


def test_file_with_three_bad_rows_shows_each_error_and_no_confirm(coordinator_client):
    upload(coordinator_client, BAD_ORGS)
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.INVALID
    html = coordinator_client.get(reverse("interchange:job", args=[job.pk])).content.decode()
    for row, column in [(2, "name"), (3, "kind"), (4, "municipality")]:
        assert f'href="?page=1#row-{row}"' in html
        assert f"row {row}, column {column}" in html
    assert "A value is required." in html
    assert "Unknown SCB municipality code: 9999." in html
    assert html.count('class="cell-error"') == 3  # the three cells are highlighted
    assert html.count('class="row-error"') == 3  # the good row is not
    assert reverse("interchange:job_confirm", args=[job.pk]) not in html
    assert "Fix the file and upload again" in html
    # confirming anyway is refused
    coordinator_client.post(reverse("interchange:job_confirm", args=[job.pk]))
    assert not imported()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.INVALID


def test_header_errors_are_listed_first(coordinator_client):
    upload(coordinator_client, "id,name,colour\no1,X,red\n")
    job = ImportJob.objects.get()
    html = coordinator_client.get(reverse("interchange:job", args=[job.pk])).content.decode()
    assert "Header, column colour: Unknown column." in html
    assert "Header, column kind: Required column is missing." in html
    assert html.index("Header, column") < html.index('id="preview"')


def test_large_file_runs_as_a_background_task_with_progress(
    coordinator_client, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(job_models, "BACKGROUND_THRESHOLD_ROWS", 5)
    monkeypatch.setattr("kompetensnav.interchange.services.BACKGROUND_THRESHOLD_ROWS", 5)
    rows = "".join(f"big{i},Organisation {i},other\n" for i in range(1, 61))
    upload(coordinator_client, "id,name,kind\n" + rows)
    job = ImportJob.objects.get()
    assert job.rows == 60

    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(reverse("interchange:job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.QUEUED
    assert not imported()
    page = coordinator_client.get(reverse("interchange:job", args=[job.pk])).content.decode()
    assert '<progress id="import-progress-bar" max="60" value="0">' in page
    assert "0 of 60 rows" in page
    assert 'hx-trigger="every 1s"' in page
    assert f'href="{reverse("interchange:job", args=[job.pk])}">Refresh' in page
    partial = coordinator_client.get(
        reverse("interchange:job", args=[job.pk]), {"part": "progress"}, HTTP_HX_REQUEST="true"
    )
    assert b"0 of 60 rows" in partial.content and b"<h1>" not in partial.content

    assert run_queued_tasks() == 1
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert (job.progress_done, job.progress_total) == (60, 60)
    assert len(job.created_ids) == 60 and len(imported()) == 60
    assert bytes(job.content) == b""
    # the polling partial now sends the browser to the result page
    partial = coordinator_client.get(
        reverse("interchange:job", args=[job.pk]), {"part": "progress"}, HTTP_HX_REQUEST="true"
    )
    assert partial["HX-Redirect"] == reverse("interchange:job", args=[job.pk])
    page = coordinator_client.get(reverse("interchange:job", args=[job.pk])).content.decode()
    assert "60 created, 0 updated" in page and "<code>big60</code>" in page


@pytest.mark.parametrize("plain", [True, False])
def test_progress_is_recorded_while_importing(coordinator, monkeypatch, plain):
    """A row at a time: every 50 rows; in bulk or by the plain path (PostgreSQL): after each
    batch (here of 50 rows)."""
    from kompetensnav.common.jobs import Lease
    from kompetensnav.interchange import importer, services
    from kompetensnav.interchange.registry import KINDS

    monkeypatch.setattr(importer, "BATCH_ROWS", 50)
    monkeypatch.setattr(importer, "PLAIN_BATCH_ROWS", 50)
    if not plain:
        monkeypatch.setattr(type(KINDS["organisations"]), "plain", None)

    seen = []
    original = Lease.beat

    def spy(self, **fields):
        original(self, **fields)
        if "progress_total" in fields:
            seen.append(ImportJob.objects.values_list("progress_done", "progress_total").get())

    monkeypatch.setattr(Lease, "beat", spy)
    rows = "".join(f"p{i},Organisation {i},other\n" for i in range(1, 121))
    content = ("id,name,kind\n" + rows).encode()
    job = services.import_job_create(
        actor=coordinator, kind="organisations", filename="p.csv", content=content
    )
    job = services.import_job_check(job=job)
    services.import_job_confirm(actor=coordinator, job=job)
    assert seen == [(50, 120), (100, 120), (120, 120)]


def test_a_large_jobs_result_keeps_its_counts_and_the_first_ids(
    coordinator, coordinator_client, monkeypatch
):
    """A job's row holds the counts and the first MAX_STORED_IDS ids, not every id of a file
    of millions; its page counts them all."""
    from kompetensnav.interchange import services

    monkeypatch.setattr(services, "MAX_STORED_IDS", 10)
    rows = "".join(f"p{i},Organisation {i},other\n" for i in range(1, 26))
    job = services.import_job_create(
        actor=coordinator, kind="organisations", filename="p.csv", content=(
            "id,name,kind\n" + rows).encode()
    )  # fmt: skip
    job = services.import_job_check(job=job)
    assert job.created_count == 25 and len(job.result["created"]) == 10
    page = coordinator_client.get(reverse("interchange:job", args=[job.pk])).text
    assert "Would create 25 records" in page  # the coordinator reads English
    job = services.import_job_confirm(actor=coordinator, job=job)
    assert job.created_count == 25 and job.created_ids == [f"p{i}" for i in range(1, 11)]
    page = coordinator_client.get(reverse("interchange:job", args=[job.pk])).text
    assert "25 created, 0 updated." in page


def test_double_confirm_imports_once(coordinator_client, coordinator, monkeypatch):
    from kompetensnav.interchange import services

    calls = []
    original = services.run_import

    def counting(*args, **kwargs):
        if not kwargs.get("dry_run"):
            calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(services, "run_import", counting)
    upload(coordinator_client, ORGS)
    job = ImportJob.objects.get()
    url = reverse("interchange:job_confirm", args=[job.pk])
    first = coordinator_client.post(url)
    second = coordinator_client.post(url, follow=True)
    assert first.status_code == 302
    assert "already been confirmed or cancelled" in second.content.decode()
    assert calls == [1]
    # a stale copy of the job (as a second request would hold) cannot start it again
    stale = ImportJob.objects.get(pk=job.pk)
    stale.status = ImportJob.Status.VALID
    with pytest.raises(services.ImportJobStateError):
        services.import_job_confirm(actor=coordinator, job=stale)
    assert calls == [1] and imported() == {"o1", "o2"}


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("orgs.txt", b"id,name,kind\n", "Use a .csv or .xlsx file."),
        ("orgs.xlsx", b"id,name,kind\no1,X,other\n", "is not an Excel workbook"),
        ("orgs.csv", None, "is an Excel workbook: rename it .xlsx"),
        ("orgs.csv", b"id,name,kind\n", "no rows to import"),
        ("orgs.csv", b"id,name,kind\n\x81,x,other\n", "neither UTF-8 nor Windows-1252"),
    ],
)
def test_unreadable_or_mismatched_file_is_rejected_with_a_message(
    coordinator_client, name, content, message
):
    if content is None:
        workbook, buffer = Workbook(), io.BytesIO()
        workbook.active.append(["id", "name", "kind"])
        workbook.save(buffer)
        content = buffer.getvalue()
    response = coordinator_client.post(
        reverse("interchange:upload"),
        {"kind": "contacts", "file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert '<option value="contacts" selected>' in html  # the choice is kept
    assert not ImportJob.objects.exists()


def test_oversize_file_is_rejected_with_a_message(coordinator_client, monkeypatch):
    monkeypatch.setattr("kompetensnav.interchange.forms.MAX_UPLOAD_BYTES", 100)
    response = upload(coordinator_client, ORGS * 2)
    assert response.status_code == 200
    assert "the limit is 100\xa0bytes" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_xlsx_upload_is_previewed(coordinator_client):
    workbook, buffer = Workbook(), io.BytesIO()
    workbook.active.append(["id", "name", "kind"])
    workbook.active.append(["x1", "Excelskolan", "other"])
    workbook.save(buffer)
    with TestCase.captureOnCommitCallbacks(execute=True):
        coordinator_client.post(
            reverse("interchange:upload"),
            {"kind": "organisations", "file": SimpleUploadedFile("book.xlsx", buffer.getvalue())},
        )
    assert run_queued_tasks() == 1
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.VALID and job.file_format == "xlsx"
    # the worker read the workbook once; the preview and the import read its cells as CSV
    assert bytes(job.content) == b"id,name,kind\r\nx1,Excelskolan,other\r\n"
    html = coordinator_client.get(reverse("interchange:job", args=[job.pk])).content.decode()
    assert "Excelskolan" in html
    coordinator_client.post(reverse("interchange:job_confirm", args=[job.pk]))
    assert imported() == {"x1"}


def test_upload_page_describes_the_columns_of_each_kind(coordinator_client):
    html = coordinator_client.get(reverse("interchange:upload")).content.decode()
    assert "<strong><code>organisation</code> (required)</strong>" in html  # contacts
    assert "<code>email</code>," in html or "<code>email</code>" in html


@pytest.mark.parametrize("role_fixture", ["org_admin", "broker", "foreign_admin"])
def test_other_roles_get_403(request, client_for, coordinator, role_fixture):
    client = english(client_for, request.getfixturevalue(role_fixture))
    job = ImportJob.objects.create(
        kind="organisations",
        filename="a.csv",
        content=ORGS.encode(),
        rows=2,
        status=ImportJob.Status.VALID,
        uploaded_by=coordinator,
    )
    assert client.get(reverse("interchange:upload")).status_code == 403
    assert client.get(reverse("interchange:job_list")).status_code == 403
    assert client.get(reverse("interchange:job", args=[job.pk])).status_code == 403
    assert client.post(reverse("interchange:job_confirm", args=[job.pk])).status_code == 403
    assert upload(client, ORGS).status_code == 403
    assert ImportJob.objects.count() == 1 and not imported()


def test_history_lists_recent_jobs_with_status_and_uploader(coordinator_client, coordinator):
    upload(coordinator_client, ORGS)
    upload(coordinator_client, BAD_ORGS, name="bad.csv")
    html = coordinator_client.get(reverse("interchange:job_list")).content.decode()
    assert "orgs.csv" in html and "bad.csv" in html
    assert "Checked: ready to import" in html and "Checked: has errors" in html
    assert coordinator.get_short_name() in html


def test_history_query_count_does_not_grow_with_jobs(
    coordinator_client, coordinator, django_assert_max_num_queries
):
    for i in range(30):
        ImportJob.objects.create(kind="organisations", filename=f"{i}.csv", uploaded_by=coordinator)
    with django_assert_max_num_queries(12):
        coordinator_client.get(reverse("interchange:job_list"))


def test_stale_unconfirmed_uploads_lose_their_content(coordinator, coordinator_client):
    from datetime import timedelta

    from django.utils import timezone

    old = ImportJob.objects.create(
        kind="organisations", filename="old.csv", content=b"x", status=ImportJob.Status.VALID
    )
    ImportJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))
    upload(coordinator_client, ORGS)  # any new upload purges stale ones
    old.refresh_from_db()
    assert old.status == ImportJob.Status.CANCELLED and bytes(old.content) == b""


def test_file_name_is_only_displayed(coordinator_client):
    upload(coordinator_client, ORGS, name="../../etc/passwd.csv")
    job = ImportJob.objects.get()
    assert job.filename == "passwd.csv" and job.status == ImportJob.Status.VALID
