"""Statistics, filters and exports on a data set with known answers."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kompetensnav.questionnaires import services
from kompetensnav.questionnaires.enums import Channel
from kompetensnav.questionnaires.selectors import ResultFilters, response_list, result_questions
from kompetensnav.questionnaires.statistics import median_of, question_statistics
from tests import spreadsheets
from tests.factories import CompanyFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def dataset(questionnaire, own_org, foreign_org):
    """Five responses: scale answers 1, 2, 4, 4, 5.

    | # | match | formats            | company               | org     | date       |
    | 1 | 1     | live_stream        | Lidköping, C, 12 emp  | own     | 2024-03-01 |
    | 2 | 2     | live_stream, online| Lidköping, C, 12 emp  | own     | 2024-09-01 |
    | 3 | 4     | on_site            | Uddevalla, I, 60 emp  | foreign | 2025-02-01 |
    | 4 | 4     | –                  | Uddevalla, I, 60 emp  | foreign | 2025-03-01 |
    | 5 | 5     | online             | none                  | none    | 2025-04-01 |
    """
    version = questionnaire.versions.get()
    factory_c = CompanyFactory(name="Möbelfabriken AB", sni_id="16", municipality_id="1494")
    hotel = CompanyFactory(
        name="Hotell Kusten AB", sni_id="55", municipality_id="1485", employees=60
    )
    rows = [
        (1, ["live_stream"], factory_c, own_org, date(2024, 3, 1), "Svårt att hitta CNC"),
        (2, ["live_stream", "online"], factory_c, own_org, date(2024, 9, 1), ""),
        (4, ["on_site"], hotel, foreign_org, date(2025, 2, 1), "Kockar saknas"),
        (4, [], hotel, foreign_org, date(2025, 3, 1), ""),
        (5, ["online"], None, None, date(2025, 4, 1), '=HYPERLINK("x")'),
    ]
    for match, formats, company, organisation, day, comment in rows:
        answers = {"hard_to_recruit": False, "match": match, "formats": formats, "staff": match}
        if comment:
            answers["comment"] = comment
        services.response_submit(
            version=version,
            answers=answers,
            channel=Channel.VISIT,
            company=company,
            organisation=organisation,
            submitted_on=day,
        )
    return questionnaire


def _stats(questionnaire, **filters):
    responses = response_list(
        actor=None, questionnaire=questionnaire, filters=ResultFilters(**filters)
    )
    total, stats = question_statistics(
        responses, result_questions(questionnaire=questionnaire), language="sv"
    )
    return total, {s.key: s for s in stats}


def test_scale_mean_median_and_shares(dataset):
    total, stats = _stats(dataset)
    assert total == 5
    match = stats["match"]
    assert match.answered == 5
    assert match.mean == Decimal("3.2") and match.median == Decimal("4.0")
    assert [(o.value, o.count, o.share) for o in match.options] == [
        ("1", 1, Decimal("20.0")),
        ("2", 1, Decimal("20.0")),
        ("3", 0, Decimal("0.0")),
        ("4", 2, Decimal("40.0")),
        ("5", 1, Decimal("20.0")),
    ]
    formats = stats["formats"]
    assert formats.answered == 4  # the fourth response chose none
    by_value = {o.value: (o.count, o.share) for o in formats.options}
    assert by_value == {
        "live_stream": (2, Decimal("50.0")),
        "on_site": (1, Decimal("25.0")),
        "online": (2, Decimal("50.0")),
    }
    assert stats["comment"].answered == 3
    assert stats["comment"].texts[0] == '=HYPERLINK("x")'  # newest first
    assert stats["staff"].mean == Decimal("3.2")


def test_median_of_an_even_count():
    assert median_of([(Decimal(1), 1), (Decimal(2), 1), (Decimal(4), 2)]) == Decimal("3.0")
    assert median_of([]) is None


def test_filters_narrow_the_responses(dataset, own_org):
    assert _stats(dataset, sni_section="C")[0] == 2  # division 16 lies in section C
    assert _stats(dataset, sni_section="I")[0] == 2
    assert _stats(dataset, subregion="fyrbodal")[0] == 2
    assert _stats(dataset, municipality="1494")[0] == 2
    assert _stats(dataset, size_class="10-49")[0] == 2
    assert _stats(dataset, size_class="50-249")[0] == 2
    assert _stats(dataset, organisation=own_org.pk)[0] == 2
    assert _stats(dataset, date_from=date(2025, 1, 1))[0] == 3
    assert _stats(dataset, date_from=date(2024, 1, 1), date_to=date(2024, 12, 31))[0] == 2
    total, stats = _stats(dataset, subregion="skaraborg")
    assert stats["match"].mean == Decimal("1.5")
    version = dataset.versions.get()
    assert _stats(dataset, version=version.pk)[0] == 5


def test_results_compare_across_versions(dataset):
    version = dataset.versions.get()
    draft = services.version_new_draft(actor=None, version=version)
    services.version_publish(actor=None, version=draft)
    services.response_submit(version=draft, answers={"hard_to_recruit": "nej", "match": 3},
                             channel=Channel.PUBLIC)  # fmt: skip
    total, stats = _stats(dataset)
    assert total == 6 and stats["match"].answered == 6
    assert _stats(dataset, version=draft.pk)[0] == 1


def test_statistics_query_count_does_not_grow_with_responses(
    dataset, django_assert_max_num_queries
):
    responses = response_list(actor=None, questionnaire=dataset)
    questions = result_questions(questionnaire=dataset)
    with django_assert_max_num_queries(8):
        question_statistics(responses, questions, language="sv")


def test_results_page_shows_figures_and_chart(
    dataset, client_for, coordinator, django_assert_max_num_queries
):
    client = client_for(coordinator)
    url = reverse("questionnaires:results", args=[dataset.pk])
    with django_assert_max_num_queries(30):
        response = client.get(url, {"subregion": "skaraborg"})
    html = response.getvalue().decode()
    assert response.status_code == 200
    assert "1,5" in html or "1.5" in html
    assert 'src="data:image/svg+xml;base64,' in html
    assert "Svårt att hitta CNC" in html and "Kockar saknas" not in html


def test_results_below_the_small_cell_threshold_are_hidden_in_shared_views(
    dataset, client_for, broker
):
    client = client_for(broker)
    url = reverse("questionnaires:results", args=[dataset.pk])
    narrow = client.get(url, {"subregion": "skaraborg"})  # two responses
    assert narrow.context["suppressed"] and narrow.context["statistics"] == []
    assert "Svårt att hitta CNC" not in narrow.getvalue().decode()
    export = reverse("questionnaires:results_export", args=[dataset.pk, "raw", "csv"])
    rows = list(csv.reader(io.StringIO(client.get(export, {"subregion": "skaraborg"})
                                       .getvalue().decode("utf-8-sig"))))  # fmt: skip
    assert len(rows) == 1  # the header only
    wide = client.get(url)
    assert not wide.context["suppressed"] and "Svårt att hitta CNC" in wide.getvalue().decode()
    # the builder tabs are for coordinators only
    assert reverse("questionnaires:distribution", args=[dataset.pk]) not in wide.getvalue().decode()


def test_raw_export_csv_reads_back_without_names(dataset, client_for, broker):
    url = reverse("questionnaires:results_export", args=[dataset.pk, "raw", "csv"])
    response = client_for(broker).get(url, {"lang": "en", "date_to": "2025-02-28"})
    text = response.getvalue().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert "respondent_email" not in rows[0]
    formats = [r for r in rows if r["question_key"] == "formats"]
    assert sorted(r["label"] for r in formats) == [
        "Live stream",
        "Live stream",
        "On site",
        "Online",
    ]
    assert {r["company_municipality"] for r in rows} == {"1494", "1485"}
    assert {r["company_sni"] for r in rows} == {"16", "55"}
    assert rows[0]["question"] == "Hard to recruit?"


def test_raw_export_neutralises_formulas(dataset, client_for, coordinator):
    url = reverse("questionnaires:results_export", args=[dataset.pk, "raw", "xlsx"])
    response = client_for(coordinator).get(url)
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert '\'=HYPERLINK("x")' in values
    assert "respondent_email" in values  # coordinators get the identity columns (empty here)


def test_summary_export_xlsx(dataset, client_for, broker):
    url = reverse("questionnaires:results_export", args=[dataset.pk, "summary", "xlsx"])
    response = client_for(broker).get(url)
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    header, rows = spreadsheets.table(sheet)
    assert spreadsheets.notes(sheet)["Enkät"] == "Enkät test"
    as_dicts = [dict(zip(header, row, strict=True)) for row in rows]
    mean = next(r for r in as_dicts if r["question_key"] == "match" and r["measure"] == "mean")
    assert mean["value"] == 3.2  # numbers as numbers
    option4 = next(
        r for r in as_dicts
        if r["question_key"] == "match" and r["measure"] == "option" and r["value"] == "4"
    )  # fmt: skip
    assert option4["count"] == 2 and option4["share_pct"] == 40.0


def test_export_unknown_kind_is_404(dataset, client_for, broker):
    url = reverse("questionnaires:results_export", args=[dataset.pk, "secret", "csv"])
    assert client_for(broker).get(url).status_code == 404


def test_free_text_page_is_paginated(dataset, client_for, broker):
    url = reverse("questionnaires:result_texts", args=[dataset.pk, "comment"])
    response = client_for(broker).get(url)
    assert response.status_code == 200
    assert "Kockar saknas" in response.getvalue().decode()
    missing = reverse("questionnaires:result_texts", args=[dataset.pk, "nope"])
    assert client_for(broker).get(missing).status_code == 404


def test_viewers_cannot_see_results(dataset, make_user, client_for):
    viewer = make_user("viewer", OrganisationFactory())
    url = reverse("questionnaires:results", args=[dataset.pk])
    assert client_for(viewer).get(url).status_code == 403


def test_short_texts_are_counted(questionnaire):
    version = questionnaire.versions.get()
    for role in ("Svetsare", "Kock", "Svetsare"):
        services.response_submit(
            version=version,
            answers={"hard_to_recruit": True, "roles": role},
            channel=Channel.PUBLIC,
        )
    _total, stats = _stats(questionnaire)
    assert stats["roles"].top_texts == [{"text": "Svetsare", "n": 2}, {"text": "Kock", "n": 1}]


def test_gap_analysis_shows_current_and_wanted_state(client_for, broker):
    from kompetensnav.questionnaires.selectors import current_version

    version = current_version("gap-analysis")
    for current, wanted in ((2, 4), (3, 4), (1, 5)):
        answers = {}
        for area in ("mottagarkompetens", "matchning", "utbildning"):
            answers[f"{area}_current"] = current
            answers[f"{area}_wanted"] = wanted
        services.response_submit(version=version, answers=answers, channel=Channel.VISIT)
    page = client_for(broker).get(
        reverse("questionnaires:results", args=[version.questionnaire_id])
    )
    gaps = page.context["gaps"]
    assert [g["label"] for g in gaps] == ["Mottagarkompetens", "Matchning", "Utbildning"]
    assert gaps[0]["current"] == Decimal("2.0") and gaps[0]["wanted"] == Decimal("4.3")
    assert gaps[0]["gap"] == Decimal("2.3")
    assert page.context["gap_chart"] is not None


def test_htmx_filter_returns_only_the_results(dataset, client_for, broker):
    url = reverse("questionnaires:results", args=[dataset.pk])
    response = client_for(broker).get(url, {"date_from": "2025-01-01"}, HTTP_HX_REQUEST="true")
    html = response.getvalue().decode()
    assert "<html" not in html and 'id="total"' in html
    assert response.context["total"] == 3
