"""A coordinator stops background work: an import being made and an annual report being
made, each after a confirmation page; the pages of the cancelled jobs say what happened."""

from django.urls import reverse
from playwright.sync_api import expect

from kompetensnav.interchange.models import ImportJob
from kompetensnav.reports.models import ReportJob
from tests.browser.support import follow, submit, visit


def test_coordinator_cancels_a_running_import(page, login_as, coordinator):
    job = ImportJob.objects.create(
        kind="organisations",
        filename="stor.csv",
        uploaded_by=coordinator,
        status=ImportJob.Status.RUNNING,
        rows=600,
        progress_done=150,
        progress_total=600,
    )
    login_as(coordinator)
    visit(page, reverse("interchange:job", args=[job.pk]), label="import: running")
    cancel = page.locator(f"main a[href='{reverse('interchange:job_cancel', args=[job.pk])}']")
    follow(page, cancel, label="import: cancel, asked first")
    expect(page.locator("h1")).to_have_text("Avbryta importen av stor.csv?")
    submit(page, page.locator("button[name=cancel]"), label="import: cancelled")
    expect(page.locator("main .empty")).to_contain_text("avbröts")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CANCELLED


def test_coordinator_cancels_a_report_being_made(page, login_as, coordinator):
    job = ReportJob.objects.create(
        year=2025, language="sv", status=ReportJob.Status.RUNNING, step="charts", progress=60
    )
    login_as(coordinator)
    visit(page, reverse("reports:annual_job", args=[job.pk]), label="annual report: running")
    cancel = page.locator(f"main a[href='{reverse('reports:annual_job_cancel', args=[job.pk])}']")
    follow(page, cancel, label="annual report: cancel, asked first")
    submit(page, page.locator("button[name=cancel]"), label="annual report: cancelled")
    expect(page.locator("#report-cancelled h2")).to_have_text("Rapporten avbröts")
    expect(page.locator("#report-cancelled button[name=retry]")).to_have_count(1)
    job.refresh_from_db()
    assert job.status == ReportJob.Status.CANCELLED
