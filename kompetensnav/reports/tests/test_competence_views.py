"""The competence analysis in the browser's pages: a coordinator chooses the period and the
region, writes the introduction and the conclusions, previews the report as a background job
with a progress bar, publishes it, and compares it with last year's published version as it
was published. Bad input keeps what was typed; published versions are kept for good.

Data (the command's tests, test_competence_analysis.py): in 2025 a hotel in Sotenäs (Fyrbodal)
with needs in Sociala medier (now) and Kundbemötande, a workshop in Lidköping (Skaraborg) with
CNC, a published course in Sociala medier; here also a 2024 with one need in Fyrbodal."""

import io
import re
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kompetensnav.accounts.enums import Role
from kompetensnav.reports import services
from kompetensnav.reports.competence import Region
from kompetensnav.reports.models import CompetenceReport, CompetenceVersion
from kompetensnav.visits.tests.factories import NeedFactory, VisitFactory
from tests.factories import CompanyFactory
from tests.tasks import run_queued_tasks

from .test_annual import pdf_text

pytestmark = pytest.mark.django_db
LIST = reverse("reports:competence")
CREATE = reverse("reports:competence_create")
FYRBODAL = Region("subregion", "fyrbodal", "Fyrbodal")


def _url(name, obj):
    return reverse(f"reports:{name}", args=[obj.pk])


def _make(coordinator, *, year=2025, region=FYRBODAL, **texts):
    report = services.competence_report_create(
        actor=coordinator, date_from=date(year, 1, 1), date_to=date(year, 12, 31),
        region=region, language="sv",
    )  # fmt: skip
    if texts:
        services.competence_report_update(
            actor=coordinator, report=report, **{"introduction": "", "conclusions": "", **texts}
        )
    return report


def _render(coordinator, report, *, publish, capture):
    with capture(execute=True):
        version = services.competence_version_create(
            actor=coordinator, report=report, publish=publish
        )
    assert run_queued_tasks() == 1
    version.refresh_from_db()
    assert version.status == CompetenceVersion.Status.DONE, version.message
    return version


def test_coordinator_creates_writes_previews_and_publishes(
    client_for,
    coordinator,
    competence_data,
    django_capture_on_commit_callbacks,
    tmp_path,
):
    client = client_for(coordinator)
    page = client.get(CREATE)
    assert page.status_code == 200
    html = page.text
    assert '<option value="subregion:fyrbodal">Fyrbodal</option>' in html
    assert '<optgroup label="Kommuner i Skaraborg">' in html
    response = client.post(CREATE, {"date_from": "2025-01-01", "date_to": "2025-12-31",
                                     "region": "subregion:fyrbodal", "language": "sv"})  # fmt: skip
    report = CompetenceReport.objects.get()
    assert response.status_code == 302 and response["Location"] == _url("competence_texts", report)
    assert (report.region_kind, report.region_key, report.region_name) == (
        "subregion", "fyrbodal", "Fyrbodal"
    )  # fmt: skip
    response = client.post(_url("competence_texts", report), {
        "introduction": "Analysen bygger på företagsbesök.\n\nDen täcker Fyrbodal.",
        "conclusions": "Turismen behöver sociala medier.",
    })  # fmt: skip
    assert response.status_code == 302
    page = client.get(_url("competence_report", report)).text
    assert "<p>Analysen bygger på företagsbesök.</p>" in page and "Utkast" in page
    assert "date_from=2025-01-01" in page and "subregion=fyrbodal" in page  # the needs page

    # a preview: queued, its page polls the progress, the worker makes the files
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("competence_preview", report))
    version = CompetenceVersion.objects.get()
    assert response["Location"] == _url("competence_version", version)
    page = client.get(_url("competence_version", version))
    assert 'id="report-progress"' in page.text and "Väntar på att starta" in page.text
    partial = client.get(_url("competence_version", version), {"part": "progress"},
                         headers={"HX-Request": "true"})  # fmt: skip
    assert partial.status_code == 200 and "<progress" in partial.text
    assert run_queued_tasks() == 1
    version.refresh_from_db()
    assert (version.status, version.kind, version.progress) == ("done", "preview", 100)
    partial = client.get(_url("competence_version", version), {"part": "progress"},
                         headers={"HX-Request": "true"})  # fmt: skip
    assert partial.status_code == 204 and partial["HX-Redirect"] == _url(
        "competence_version", version
    )
    page = client.get(_url("competence_version", version)).text
    assert "Förhandsgranskningen är klar" in page and "Förhandsgranskning</dd>" in page
    assert "Ingen annan version" in page  # nothing to compare with yet

    pdf = client.get(_url("competence_version_pdf", version))
    assert pdf["Content-Disposition"].endswith('kompetensanalys-2025-fyrbodal.pdf"')
    text = pdf_text(b"".join(pdf.streaming_content) if pdf.streaming else pdf.content, tmp_path)
    assert "Kompetensanalys 2025 – Fyrbodal" in text
    assert "Inledning" in text and "Analysen bygger på företagsbesök." in text
    assert text.index("Inledning") < text.index("Fokusområden") < text.index("Slutsatser")
    assert "Turismen behöver sociala medier." in text
    xlsx = client.get(_url("competence_version_xlsx", version))
    book = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content) if xlsx.streaming
                                    else xlsx.content))  # fmt: skip
    assert book.sheetnames[0] == "Inledning och slutsatser"
    texts = [row[1] for row in book.worksheets[0].iter_rows(values_only=True)]
    assert "Analysen bygger på företagsbesök." in texts and "Den täcker Fyrbodal." in texts

    # publishing asks first, then makes a version that is kept, with its key figures
    publish_page = client.get(_url("competence_publish", report)).text
    assert "Publicera" in publish_page and 'id="not-previewed"' not in publish_page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("competence_publish", report))
    published = CompetenceVersion.objects.get(kind="published")
    assert response["Location"] == _url("competence_version", published)
    run_queued_tasks()
    published.refresh_from_db()
    assert published.is_published
    assert published.figures["totals"] == {
        "visits": 1, "companies": 1, "needs": 2, "companies_with_needs": 1,
    }  # fmt: skip
    assert [row["area"] for row in published.figures["focus"]] == [
        "Sociala medier", "Kundbemötande",
    ]  # fmt: skip
    page = client.get(_url("competence_version", published)).text
    assert "Publicerad version 1" in page and "Kompetensanalysen är publicerad" in page
    assert "Publicerad en gång" in client.get(_url("competence_report", report)).text

    # a published analysis cannot be deleted; the page says why
    response = client.post(_url("competence_delete", report))
    assert response.status_code == 200 and "kan inte tas bort" in response.text
    assert CompetenceReport.objects.filter(pk=report.pk).exists()


def test_this_year_is_compared_with_last_year_as_it_was_published(
    client_for,
    coordinator,
    competence_data,
    django_capture_on_commit_callbacks,
):
    hotel = CompanyFactory(name="Hotell Havsbris AB", municipality_id="1427", sni_id="55")
    NeedFactory(
        visit=VisitFactory(company=hotel, date=date(2024, 5, 5)), area__name="Kundbemötande"
    )
    last_year = _make(coordinator, year=2024)
    earlier = _render(coordinator, last_year, publish=True,
                      capture=django_capture_on_commit_callbacks)  # fmt: skip
    # a need recorded for 2024 after publication does not change what was published
    NeedFactory(visit=VisitFactory(company=hotel, date=date(2024, 6, 6)), area__name="Svetsning")
    this_year = _make(coordinator, year=2025)
    version = _render(coordinator, this_year, publish=False,
                      capture=django_capture_on_commit_callbacks)  # fmt: skip
    # another region's published version is not offered
    _render(coordinator, _make(coordinator, year=2024, region=Region("network", "", "Nätverket")),
            publish=True, capture=django_capture_on_commit_callbacks)  # fmt: skip

    response = client_for(coordinator).get(_url("competence_version", version))
    assert response.context["earlier"] == earlier
    assert list(response.context["compare_form"].fields["compare"].queryset) == [earlier]
    html = response.text
    table = re.search(r'<table id="comparison"[^>]*>(.*?)</table>', html, re.S).group(1)
    rows = {
        label: cells
        for label, *cells in (
            [re.sub(r"<.*?>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r)]
            for r in re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]
        )
    }
    assert rows["Kompetensbehov"] == ["2", "1", "+1"]
    assert rows["Företagsbesök"] == ["1", "1", "0"]
    areas = re.search(r'<table id="comparison-areas"[^>]*>(.*?)</table>', html, re.S).group(1)
    assert re.search(r"Sociala medier</th><td[^>]*>1</td><td[^>]*>ny</td>", areas)
    assert re.search(r"Kundbemötande</th><td[^>]*>2</td><td[^>]*>1</td>", areas)
    assert "Svetsning" not in areas  # added after the 2024 version was published


def test_bad_input_keeps_what_was_typed(client_for, coordinator, competence_data):
    client = client_for(coordinator)
    response = client.post(CREATE, {"date_from": "2025-12-31", "date_to": "2025-01-01",
                                    "region": "subregion:atlantis", "language": "sv"})  # fmt: skip
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "Välj en region i listan." in errors["region"]
    assert "Slutdatumet får inte vara före startdatumet." in errors["date_to"]
    assert 'value="2025-12-31"' in response.text
    assert not CompetenceReport.objects.exists()
    report = _make(coordinator)
    too_long = "x" * (services.TEXT_MAX + 1)
    response = client.post(_url("competence_texts", report),
                           {"introduction": too_long, "conclusions": "Kvar"})  # fmt: skip
    assert response.status_code == 200 and response.context["form"].errors["introduction"]
    assert re.search(r">\s*Kvar</textarea>", response.text)
    report.refresh_from_db()
    assert report.conclusions == ""


def test_a_draft_is_deleted_after_a_question(client_for, coordinator, competence_data):
    report = _make(coordinator)
    client = client_for(coordinator)
    # never previewed: publishing says so first
    assert 'id="not-previewed"' in client.get(_url("competence_publish", report)).text
    assert "Ta bort" in client.get(_url("competence_delete", report)).text
    response = client.post(_url("competence_delete", report))
    assert response["Location"] == LIST
    assert not CompetenceReport.objects.exists()


def test_a_waiting_version_is_cancelled_and_a_double_submit_is_one_job(
    client_for,
    coordinator,
    competence_data,
):
    report = _make(coordinator, introduction="A")
    first = services.competence_version_create(actor=coordinator, report=report, publish=False)
    again = services.competence_version_create(actor=coordinator, report=report, publish=False)
    assert first == again
    client = client_for(coordinator)
    assert (
        "Avbryta förhandsgranskningen?" in client.get(_url("competence_version_cancel", first)).text
    )
    client.post(_url("competence_version_cancel", first))
    first.refresh_from_db()
    assert first.status == "cancelled"
    assert services.competence_version_run(version=first).status == "cancelled"  # not rendered


def _finished(version, **fields):
    """The version as the worker leaves it (without rendering: the files are not read)."""
    from django.utils import timezone

    CompetenceVersion.objects.filter(pk=version.pk).update(
        status="done", progress=100, finished_at=timezone.now(), **fields
    )
    version.refresh_from_db()
    return version


def test_only_the_newest_previews_are_kept(coordinator, competence_data):
    report = _make(coordinator)
    for text in "ABCDE":
        services.competence_report_update(
            actor=coordinator, report=report, introduction=text, conclusions=""
        )
        _finished(services.competence_version_create(actor=coordinator, report=report,
                                                     publish=False))  # fmt: skip
    previews = report.versions.filter(kind="preview")
    assert previews.count() == services.KEEP_PREVIEWS + 1  # the kept ones and the newest
    assert sorted(previews.values_list("introduction", flat=True)) == ["B", "C", "D", "E"]


def test_board_reads_published_versions_but_does_not_write(
    client_for,
    make_user,
    own_org,
    coordinator,
    competence_data,
    django_capture_on_commit_callbacks,
):
    report = _make(coordinator, introduction="Inledning")
    version = _render(coordinator, report, publish=True,
                      capture=django_capture_on_commit_callbacks)  # fmt: skip
    board = client_for(make_user(Role.BOARD, own_org))
    listing = board.get(LIST).text
    assert _url("competence_report", report) in listing and "Ny kompetensanalys" not in listing
    page = board.get(_url("competence_report", report)).text
    assert "Redigera texterna" not in page and "Publicera" not in page.replace("Publicerad", "")
    assert board.get(_url("competence_version_pdf", version)).status_code == 200


def test_list_and_pages_read_in_few_queries(client_for, coordinator, django_assert_max_num_queries):
    for year in (2022, 2023, 2024, 2025):
        report = _make(coordinator, year=year)
        version = _finished(
            services.competence_version_create(actor=coordinator, report=report, publish=True),
            figures={"totals": {"needs": year - 2020}, "offer": {}, "focus": []},
        )
    client = client_for(coordinator)
    with django_assert_max_num_queries(12):
        assert client.get(LIST).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(_url("competence_report", report)).status_code == 200
    with django_assert_max_num_queries(14):
        response = client.get(_url("competence_version", version))
    assert len(response.context["compare_form"].fields["compare"].queryset) == 3
    rows = response.context["comparison"]["figures"]
    assert next(r for r in rows if r["key"] == "needs")["change"] == 1  # 5 against 2024's 4


def test_empty_list_tells_what_to_do(client_for, coordinator):
    html = client_for(coordinator).get(LIST).text
    assert "Ingen kompetensanalys har gjorts ännu" in html
    assert f'href="{CREATE}"' in html


def test_a_version_whose_worker_was_killed_is_retried_when_its_page_is_looked_at(
    client_for, coordinator, competence_data, django_capture_on_commit_callbacks
):
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from kompetensnav.common import jobs

    report = _make(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        version = services.competence_version_create(actor=coordinator, report=report,
                                                     publish=True)  # fmt: skip
    DBTaskResult.objects.ready().get().claim("killed-worker")
    assert jobs.take(version, from_=("queued",), to="running", step="pdf", progress=60)
    CompetenceVersion.objects.filter(pk=version.pk).update(lease_until=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        page = client_for(coordinator).get(_url("competence_version", version)).text
    version.refresh_from_db()
    assert (version.status, version.progress, version.attempts) == ("queued", 0, 1)
    assert 'id="report-progress"' in page  # waiting again, not shown as running forever
    assert run_queued_tasks() == 1
    version.refresh_from_db()
    assert version.is_published and version.attempts == 2
