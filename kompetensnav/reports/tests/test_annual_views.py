"""The annual report's pages: the report on the page, the background job with its progress,
the downloads, deleting, and who may do what."""

import io
import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from kompetensnav.accounts.enums import Role
from kompetensnav.figures import registry
from kompetensnav.reports import exporters, services
from kompetensnav.reports.annual import MONTHLY
from kompetensnav.reports.models import ReportJob
from tests.tasks import run_queued_tasks

URL = reverse("reports:annual")
GENERATE = reverse("reports:annual_generate")


def _job_url(job, name="reports:annual_job"):
    return reverse(name, args=[job.pk])


def test_page_shows_the_figures_of_the_year_against_the_year_before(
    client_for, coordinator, annual_2025
):
    response = client_for(coordinator).get(URL, {"year": 2025})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Årsrapport</h1>" in html
    assert "Verksamheten i siffror 2025" in html
    row = re.search(r'<tr data-key="members">(.*?)</tr>', html, re.S).group(1)
    assert re.findall(r'<td class="num">(.*?)</td>', row) == ["2", "1", "+1"]
    row = re.search(r'<tr data-key="event_participants">(.*?)</tr>', html, re.S).group(1)
    assert re.findall(r'<td class="num">(.*?)</td>', row) == ["1\xa0231", "50", "+1\xa0181"]
    # every chart is an image with a text alternative and its numbers as a table
    charts = re.findall(r'<figure class="chart annual-chart" id="chart-([\w-]+)">', html)
    assert "compare-network" in charts and "target-places_used_pct" in charts
    drawn = [c for c in response.context["report"].charts if not c.is_empty]
    assert html.count('src="data:image/svg+xml;base64,') == len(drawn) > 0
    assert html.count('<details class="chart-table-wide">') == len(drawn)
    assert html.count('<div class="chart-table-narrow">') == len(drawn)  # a phone's table
    assert "Inget att rita" in html or len(drawn) == len(charts)  # all zero: no empty axes
    assert 'id="note-network-1"' in html  # the definitions
    # the coordinator may have it made as files, in the page's language by default
    assert f'action="{GENERATE}"' in html
    assert re.search(r'<option value="sv" selected>', html)


def test_page_defaults_to_last_year_in_the_first_quarter(client_for, coordinator, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a: date(2026, 2, 10))
    response = client_for(coordinator).get(URL)
    assert response.context["report"].year == 2025
    monkeypatch.setattr(timezone, "localdate", lambda *a: date(2026, 9, 10))
    response = client_for(coordinator).get(URL)
    assert response.context["report"].year == 2026


def test_page_with_a_bad_year_says_so_and_keeps_the_choices(client_for, coordinator):
    response = client_for(coordinator).get(URL, {"year": "1066", "project": "999999"})
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["report"] is None
    assert 'id="id_year_error"' in html and 'aria-describedby="id_year_error"' in html
    assert 'id="id_project_error"' in html
    assert 'class="empty" role="status"' in html
    assert f'action="{GENERATE}"' not in html


def test_board_reads_the_report_but_cannot_start_one(client_for, make_user, own_org, annual_2025):
    board = make_user(Role.BOARD, own_org)
    html = client_for(board).get(URL, {"year": 2025}).content.decode()
    assert "Verksamheten i siffror 2025" in html
    assert f'action="{GENERATE}"' not in html
    response = client_for(board).post(GENERATE, {"year": 2025, "language": "sv"})
    assert response.status_code == 403
    assert not ReportJob.objects.exists()


def test_menu_links_to_the_annual_report_for_readers_only(client_for, coordinator, broker):
    home = reverse("common:home")
    assert f'href="{URL}"' in client_for(coordinator).get(home).content.decode()
    assert f'href="{URL}"' not in client_for(broker).get(home).content.decode()


def test_page_queries_are_bounded(
    client_for, coordinator, annual_2025, django_assert_max_num_queries
):
    period = registry.Period(date(2025, 1, 1), date(2025, 12, 31))
    with CaptureQueriesContext(connection) as one_year:
        registry.compute(period)
    monthly_keys = {k for _area, keys in MONTHLY for k in keys if k in registry.FIGURES}
    # and, for the figures about people, how many people each month (privacy.py)
    about = registry.about_people()
    monthly_keys |= {about[k] for k in monthly_keys if k in about}
    with CaptureQueriesContext(connection) as monthly:
        for key in monthly_keys:
            registry.FIGURES[key].compute(period)
    figures_need = 2 * len(one_year) + 12 * len(monthly)
    client = client_for(coordinator)
    client.get(URL, {"year": 2025})  # warm the session
    # session, user, affiliation, the form's choices, the list of jobs: a constant
    with django_assert_max_num_queries(figures_need + 10):
        client.get(URL, {"year": 2025})


def test_coordinator_makes_the_report_in_the_background(
    client_for, coordinator, annual_2025, django_capture_on_commit_callbacks
):
    client = client_for(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(GENERATE, {"year": 2025, "language": "en", "project": ""})
    job = ReportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == _job_url(job)
    assert (job.status, job.progress, job.year, job.language) == ("queued", 0, 2025, "en")
    assert job.requested_by == coordinator

    page = client.get(_job_url(job)).content.decode()
    assert '<progress id="report-progress-bar" max="100" value="0">' in page
    assert 'hx-trigger="every 1s"' in page
    assert '<noscript><meta http-equiv="refresh"' in page  # without JavaScript
    partial = client.get(_job_url(job), {"part": "progress"}, headers={"HX-Request": "true"})
    assert partial.status_code == 200 and b'id="report-progress"' in partial.content

    assert run_queued_tasks() == 1
    job.refresh_from_db()
    assert (job.status, job.progress, job.step) == ("done", 100, "finished")
    # the progress partial sends the browser to the finished page
    partial = client.get(_job_url(job), {"part": "progress"}, headers={"HX-Request": "true"})
    assert partial.status_code == 204 and partial["HX-Redirect"] == _job_url(job)
    page = client.get(_job_url(job)).content.decode()
    assert _job_url(job, "reports:annual_job_pdf") in page
    assert _job_url(job, "reports:annual_job_xlsx") in page

    pdf = client.get(_job_url(job, "reports:annual_job_pdf"))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert pdf["Content-Disposition"] == 'attachment; filename="the-year-in-figures-2025.pdf"'
    xlsx = client.get(_job_url(job, "reports:annual_job_xlsx"))
    assert xlsx["Content-Disposition"] == 'attachment; filename="the-year-in-figures-2025.xlsx"'
    workbook = load_workbook(io.BytesIO(xlsx.content))
    assert workbook.sheetnames[0] == "Summary"  # the job's language, not the page's


def test_progress_is_recorded_step_by_step(coordinator, annual_2025, monkeypatch):
    seen = []
    real = services._record

    def record(lease, step, percent):
        real(lease, step, percent)
        stored = ReportJob.objects.values_list("step", "progress", "lease_until")
        seen.append(stored.get(pk=lease.job.pk))

    monkeypatch.setattr(services, "_record", record)
    job = services.report_job_create(actor=coordinator, year=2025, language="sv")
    services.report_job_run(job=job)
    steps = [step for step, _p, _l in seen]
    assert steps[0] == "figures" and "series" in steps and steps[-1] == "xlsx"
    assert steps.index("charts") < steps.index("pdf") < steps.index("xlsx")
    percents = [p for _s, p, _l in seen]
    assert percents == sorted(percents) and max(percents) < 100
    # every step renews the lease: a living worker's job never looks lost
    leases = [lease for _s, _p, lease in seen]
    assert leases == sorted(leases) and leases[0] > timezone.now() + timedelta(minutes=1)
    job.refresh_from_db()
    assert job.progress == 100 and job.attempts == 1 and job.lease_until is None


def test_a_failure_ends_the_job_with_a_clear_message(
    client_for, coordinator, annual_2025, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(report):
        raise RuntimeError("the PDF renderer is missing")

    monkeypatch.setattr(exporters, "annual_pdf", broken)
    client = client_for(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(GENERATE, {"year": 2025, "language": "sv"})
    run_queued_tasks()
    job = ReportJob.objects.get()
    assert job.status == "failed" and job.pdf == b""
    html = client.get(_job_url(job)).content.decode()
    assert 'role="alert" id="report-failed"' in html
    assert "Rapporten kunde inte skapas" in html
    assert "renderer" not in html  # no internals shown
    assert 'name="retry"' in html
    assert client.get(_job_url(job, "reports:annual_job_pdf")).status_code == 404


def test_the_worker_does_not_run_a_job_twice(coordinator, annual_2025):
    job = services.report_job_create(actor=coordinator, year=2025, language="sv")
    ReportJob.objects.filter(pk=job.pk).update(status=ReportJob.Status.RUNNING)
    assert services.report_job_run(job=job).status == "running"


def test_a_job_deleted_before_the_worker_came_is_skipped(
    client_for, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(coordinator).post(GENERATE, {"year": 2025, "language": "sv"})
    ReportJob.objects.all().delete()
    assert run_queued_tasks() == 1  # the task ran and did nothing


def test_bad_choices_start_nothing(client_for, coordinator):
    client = client_for(coordinator)
    for data in [{"year": 1999, "language": "sv"}, {"year": 2025, "language": "fi"}, {}]:
        response = client.post(GENERATE, data)
        assert response.status_code == 302 and response["Location"] == URL
    assert not ReportJob.objects.exists()


def test_unfinished_job_has_no_files(client_for, coordinator):
    job = ReportJob.objects.create(year=2025, language="sv")
    assert client_for(coordinator).get(_job_url(job, "reports:annual_job_xlsx")).status_code == 404


def test_board_downloads_a_report_a_coordinator_made(client_for, make_user, own_org, coordinator):
    job = ReportJob.objects.create(
        year=2025, language="sv", status="done", pdf=b"%PDF-1.7", requested_by=coordinator
    )
    board = make_user(Role.BOARD, own_org)
    response = client_for(board).get(_job_url(job, "reports:annual_job_pdf"))
    assert response.status_code == 200 and response.content == b"%PDF-1.7"
    assert b"reports/annual/%d/delete/" % job.pk not in client_for(board).get(_job_url(job)).content


def test_deleting_asks_first(client_for, coordinator):
    job = ReportJob.objects.create(year=2024, language="sv", status="done")
    client = client_for(coordinator)
    page = client.get(_job_url(job, "reports:annual_job_delete"))
    assert page.status_code == 200 and "Radera årsrapporten 2024?" in page.content.decode()
    assert ReportJob.objects.filter(pk=job.pk).exists()
    response = client.post(_job_url(job, "reports:annual_job_delete"))
    assert response.status_code == 302 and response["Location"] == URL
    assert not ReportJob.objects.filter(pk=job.pk).exists()


def test_only_the_newest_reports_are_kept(coordinator, monkeypatch):
    monkeypatch.setattr(services, "KEEP_JOBS", 3)
    old = [ReportJob.objects.create(year=2020 + i, language="sv", status="done") for i in range(3)]
    running = ReportJob.objects.create(year=2019, language="sv", status="running")
    ReportJob.objects.filter(pk=running.pk).update(created_at=old[0].created_at)
    services.report_job_create(actor=coordinator, year=2025, language="sv")
    years = set(ReportJob.objects.values_list("year", flat=True))
    assert 2020 not in years  # the oldest finished one went
    assert 2019 in years  # a running one is never deleted
    assert 2025 in years


@pytest.mark.parametrize("role", [Role.BROKER, Role.COURSE_PROVIDER, Role.VIEWER])
def test_other_roles_cannot_open_the_report(client_for, make_user, own_org, role):
    job = ReportJob.objects.create(year=2025, language="sv", status="done", pdf=b"%PDF")
    client = client_for(make_user(role, own_org))
    assert client.get(URL).status_code == 403
    assert client.get(_job_url(job)).status_code == 403
    assert client.get(_job_url(job, "reports:annual_job_pdf")).status_code == 403


def test_english_user_gets_the_page_and_the_files_in_english_by_default(
    client_for, make_user, network_org, annual_2025
):
    english = make_user(Role.COORDINATOR, network_org, language="en")
    html = client_for(english).get(URL, {"year": 2025}).content.decode()
    assert "<h1>Annual report</h1>" in html and "The year in figures 2025" in html
    assert re.search(r'<option value="en" selected>', html)
    assert "Members (fee paid)" in html


def test_key_figures_page_leads_readers_to_the_annual_report(client_for, coordinator, broker):
    figures = reverse("reports:figures")
    assert f'href="{URL}"' in client_for(coordinator).get(figures).content.decode()
    # the broker's menu has no annual report, and neither has the page
    page = client_for(broker).get(figures).content.decode()
    assert f'<p><a href="{URL}">' not in page


def test_a_filter_deleted_before_the_worker_came_fails_the_job(client_for, coordinator):
    from kompetensnav.projects.models import Project

    project = Project.objects.create(name="Avslutat projekt", funder="esf")
    job = services.report_job_create(actor=coordinator, year=2025, language="sv", project=project)
    project.delete()
    job.refresh_from_db()
    assert services.report_job_run(job=job).status == "failed"
    html = client_for(coordinator).get(_job_url(job)).content.decode()
    assert "Avslutat projekt" in html  # the filter's name is kept
    assert "finns inte längre" in html


def test_asking_twice_for_the_same_report_makes_one_job(client_for, coordinator):
    client = client_for(coordinator)
    data = {"year": 2025, "language": "sv"}
    first = client.post(GENERATE, data)
    second = client.post(GENERATE, data)
    assert first["Location"] == second["Location"]
    assert ReportJob.objects.count() == 1
    client.post(GENERATE, {**data, "language": "en"})  # another language is another report
    assert ReportJob.objects.count() == 2
