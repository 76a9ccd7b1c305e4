"""A coordinator imports organisations through the web: a file with errors is previewed with
every problem marked, a fixed file is confirmed and the result lists what was created."""

import re

from django.urls import reverse
from playwright.sync_api import expect

from kompetensnav.interchange.models import ImportJob
from kompetensnav.network.models import Organisation
from tests.browser.support import check_a11y, submit, visit
from tests.tasks import run_queued_tasks

PROGRESS = re.compile(r"part=progress")

BAD = (
    "id,name,kind,municipality\n"
    "w1,Lärcentrum Lidköping,learning_centre,1494\n"
    "w2,,adult_education,1490\n"
    "w3,Skolan,no_such_kind,1490\n"
)
GOOD = (
    "id,name,kind,municipality\n"
    "w1,Lärcentrum Lidköping,learning_centre,1494\n"
    "w2,Vuxenutbildningen Borås,adult_education,1490\n"
)


def _upload(page, name: str, text: str, *, label: str) -> None:
    """Upload a file; the web reads its header and the worker checks every row, while the
    job's page polls; when the check is done the page shows the preview."""
    page.locator("select[name=kind]").select_option("organisations")
    page.locator("input[name=file]").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": text.encode()}
    )
    # The worker runs here, in the test; the page's polling requests wait meanwhile, so the
    # server and the worker never share the in-memory database at the same moment.
    page.route(PROGRESS, lambda route: route.continue_())
    submit(page, page.locator("main form button[type=submit]"), label=f"{label}: checking")
    expect(page.locator("#import-progress")).to_be_visible()
    assert run_queued_tasks() == 1
    expect(page.locator("#import-progress")).to_have_count(0, timeout=10_000)
    page.unroute(PROGRESS)
    check_a11y(page, label)


def test_coordinator_fixes_a_file_and_imports_it(page, login_as, coordinator):
    login_as(coordinator)
    visit(page, reverse("interchange:upload"), label="import: upload page")
    expect(
        page.locator("header nav a[href='{}']".format(reverse("interchange:upload")))
    ).to_have_count(1)

    # a wrong file type is refused on the form, nothing stored
    page.locator("input[name=file]").set_input_files(
        {"name": "notes.txt", "mimeType": "text/plain", "buffer": b"hello"}
    )
    submit(page, page.locator("main form button[type=submit]"), label="import: wrong file")
    expect(page.locator("main .errorlist")).to_have_count(1)
    assert not ImportJob.objects.exists()

    _upload(page, "orgs.csv", BAD, label="import: preview with errors")
    errors = page.locator("#import-errors li")
    expect(errors).to_have_count(2)
    expect(page.locator("#import-errors a[href='?page=1#row-2']")).to_have_count(1)
    expect(page.locator("#import-errors a[href='?page=1#row-3']")).to_have_count(1)
    expect(page.locator("#preview td.cell-error")).to_have_count(2)
    expect(page.locator("#row-2 td.cell-error .badge")).to_have_count(1)
    expect(page.locator("#row-1 td.cell-error")).to_have_count(0)
    expect(page.locator("button[name=confirm]")).to_have_count(0)
    assert not Organisation.objects.filter(external_id__startswith="w").exists()

    submit(page, page.locator("button[name=upload_again]"), label="import: upload again")
    assert page.url.endswith(reverse("interchange:upload"))

    _upload(page, "orgs-fixed.csv", GOOD, label="import: valid preview")
    expect(page.locator("#import-errors")).to_have_count(0)
    expect(page.locator("#preview tbody tr")).to_have_count(2)
    submit(page, page.locator("button[name=confirm]"), label="import: result")

    expect(page.locator("#created-ids li")).to_have_count(2)
    expect(page.locator("#created-ids")).to_contain_text("w1")
    expect(
        page.locator("main a[href='{}']".format(reverse("network:organisation_list")))
    ).to_have_count(1)
    assert set(
        Organisation.objects.filter(external_id__startswith="w").values_list("name", flat=True)
    ) == {"Lärcentrum Lidköping", "Vuxenutbildningen Borås"}

    visit(page, reverse("interchange:job_list"), label="import: history")
    expect(page.locator("main table tbody tr")).to_have_count(2)


def test_background_import_shows_a_progress_bar(page, login_as, coordinator):
    job = ImportJob.objects.create(
        kind="organisations",
        filename="big.csv",
        uploaded_by=coordinator,
        status=ImportJob.Status.RUNNING,
        rows=600,
        progress_done=150,
        progress_total=600,
    )
    login_as(coordinator)
    visit(page, reverse("interchange:job", args=[job.pk]), label="import: running")
    bar = page.locator("progress#import-progress-bar")
    expect(bar).to_have_attribute("value", "150")
    expect(page.locator("#import-progress [role=status]")).to_contain_text("150")
    # the page polls: progress made by the worker shows without a reload
    ImportJob.objects.filter(pk=job.pk).update(progress_done=450)
    expect(bar).to_have_attribute("value", "450", timeout=5000)
    check_a11y(page, "import: running, after a progress update")
