"""The pages: building, publishing, distribution, public answering with tokens, imports."""

import io
import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kompetensnav.questionnaires import jsonformat, services
from kompetensnav.questionnaires.enums import Channel, PublicMode
from kompetensnav.questionnaires.models import (
    AnswerImport,
    Invitation,
    Question,
    Questionnaire,
    Response,
)
from kompetensnav.questionnaires.selectors import current_version
from tests.factories import CompanyFactory

from .factories import make_questionnaire

pytestmark = pytest.mark.django_db


# --- building -----------------------------------------------------------------------------


def test_coordinator_builds_and_publishes_a_questionnaire(client_for, coordinator):
    client = client_for(coordinator)
    response = client.post(
        reverse("questionnaires:questionnaire_create"),
        {"key": "kurs", "title_sv": "Kursenkät", "title_en": "Course survey",
         "retention_months": 24},
    )  # fmt: skip
    questionnaire = Questionnaire.objects.get(key="kurs")
    assert response.status_code == 302
    version = questionnaire.versions.get()
    add = reverse("questionnaires:question_create", args=[version.pk])
    client.post(add, {"text_sv": "Vill ni gå fler kurser?", "type": "yes_no", "key": "more"})
    response = client.post(
        add,
        {"text_sv": "Vilka?", "text_en": "Which?", "type": "single", "key": "which",
         "options": "CNC | CNC\nSvenska | Swedish", "condition": "more=yes"},
    )  # fmt: skip
    assert response.status_code == 302
    which = version.questions.get(key="which")
    assert which.condition_key == "more" and which.condition_value == "yes"
    assert which.options == [
        {"value": "cnc", "label_sv": "CNC", "label_en": "CNC"},
        {"value": "svenska", "label_sv": "Svenska", "label_en": "Swedish"},
    ]
    # a condition on a later (or non-existent) question cannot even be chosen
    response = client.post(
        reverse("questionnaires:question_edit", args=[version.questions.get(key="more").pk]),
        {"text_sv": "Vill ni gå fler kurser?", "type": "yes_no", "key": "more",
         "condition": "which=cnc"},
    )  # fmt: skip
    assert response.status_code == 200 and "condition" in response.context["form"].errors
    page = client.get(reverse("questionnaires:questionnaire_detail", args=[questionnaire.pk]))
    assert "Vilka?" in page.content.decode()
    client.post(reverse("questionnaires:version_publish", args=[version.pk]))
    assert current_version("kurs") == version


def test_a_frozen_version_cannot_be_edited_through_the_pages(client_for, coordinator, version):
    services.response_submit(version=version, answers={"hard_to_recruit": "nej"},
                             channel=Channel.PUBLIC)  # fmt: skip
    client = client_for(coordinator)
    question = version.questions.get(key="match")
    response = client.post(
        reverse("questionnaires:question_edit", args=[question.pk]),
        {"text_sv": "Ändrad", "type": "scale", "key": "match"},
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.text_sv == "Hur väl matchar utbudet?"
    client.post(reverse("questionnaires:question_delete", args=[question.pk]))
    assert Question.objects.filter(pk=question.pk).exists()
    page = client.get(
        reverse("questionnaires:questionnaire_detail", args=[version.questionnaire_id])
    )
    assert reverse("questionnaires:version_new", args=[version.pk]) in page.content.decode()
    client.post(reverse("questionnaires:version_new", args=[version.pk]))
    assert version.questionnaire.versions.count() == 2


def test_delete_asks_for_confirmation(client_for, coordinator, version):
    question = version.questions.get(key="comment")
    url = reverse("questionnaires:question_delete", args=[question.pk])
    page = client_for(coordinator).get(url)
    assert page.status_code == 200 and Question.objects.filter(pk=question.pk).exists()
    client_for(coordinator).post(url)
    assert not Question.objects.filter(pk=question.pk).exists()


def test_brokers_cannot_build(client_for, broker, questionnaire):
    client = client_for(broker)
    assert client.get(reverse("questionnaires:questionnaire_create")).status_code == 403
    assert (
        client.post(
            reverse("questionnaires:question_create", args=[questionnaire.versions.get().pk]),
            {"text_sv": "X", "type": "number", "key": "x"},
        ).status_code
        == 403
    )
    assert client.get(reverse("questionnaires:questionnaire_list")).status_code == 200


def test_list_search_and_query_count(client_for, broker, django_assert_max_num_queries):
    for n in range(6):
        make_questionnaire(f"extra-{n}", questions=[], publish=False)
    client = client_for(broker)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("questionnaires:questionnaire_list"))
    assert "Företagsbesök" in page.content.decode()
    page = client.get(reverse("questionnaires:questionnaire_list"), {"q": "extra-3"})
    assert page.context["page_obj"].paginator.count == 1


# --- public answering ---------------------------------------------------------------------


def _public(**fields):
    return make_questionnaire(
        "public", public_mode=PublicMode.ANONYMOUS, consent_sv="Vi sparar svaren i 3 år.",
        **fields,
    )  # fmt: skip


def test_public_link_answers_anonymously_and_conditions_work_without_js():
    questionnaire = _public()
    url = reverse("survey:answer", args=[questionnaire.public_token])
    client = Client()
    page = client.get(url)
    assert "Vi sparar svaren i 3 år." in page.content.decode()
    # the follow-up is shown (without JS) but not required when the answer is "no"
    response = client.post(url, {"hard_to_recruit": "no", "roles": "ignored", "r-consent": "on"})
    assert response.status_code == 302 and response["Location"] == reverse("survey:thanks")
    stored = Response.objects.get()
    assert stored.answer_values() == {"hard_to_recruit": False}
    assert stored.submitted_at is None and stored.respondent_email == ""
    # "yes" makes the follow-up required
    response = client.post(url, {"hard_to_recruit": "yes", "r-consent": "on"})
    assert response.status_code == 200
    assert "roles" in response.context["form"].errors
    # consent is required
    response = client.post(url, {"hard_to_recruit": "no"})
    assert response.status_code == 200 and Response.objects.count() == 1


def test_public_link_off_or_wrong_token_is_404():
    questionnaire = make_questionnaire("closed-link")
    assert (
        Client().get(reverse("survey:answer", args=[questionnaire.public_token])).status_code == 404
    )
    assert Client().get(reverse("survey:answer", args=["not-a-token"])).status_code == 404


def test_closed_questionnaire_shows_a_closed_page():
    yesterday = timezone.localdate() - timedelta(days=1)
    questionnaire = _public(closes=yesterday)
    url = reverse("survey:answer", args=[questionnaire.public_token])
    page = Client().get(url)
    assert page.status_code == 200
    assert "questionnaires/public/closed.html" in [t.name for t in page.templates]
    Client().post(url, {"hard_to_recruit": "no", "r-consent": "on"})
    assert not Response.objects.exists()


def test_honeypot_and_rate_limit(settings):
    questionnaire = _public()
    url = reverse("survey:answer", args=[questionnaire.public_token])
    client = Client()
    response = client.post(url, {"hard_to_recruit": "no", "r-consent": "on", "r-website": "x"})
    assert response.status_code == 302 and not Response.objects.exists()
    from kompetensnav.questionnaires import public_views

    for _n in range(public_views.SUBMISSIONS_PER_HOUR - 1):
        client.post(url, {"hard_to_recruit": "no", "r-consent": "on"})
    assert client.post(url, {"hard_to_recruit": "no", "r-consent": "on"}).status_code == 429


def test_named_public_link_links_the_company():
    company = CompanyFactory()
    questionnaire = make_questionnaire("named-public", public_mode=PublicMode.NAMED)
    url = reverse("survey:answer", args=[questionnaire.public_token])
    response = Client().post(
        url,
        {"hard_to_recruit": "no", "r-name": "Eva Holm", "r-email": "eva@example.se",
         "r-org_number": company.org_number.replace("-", "")},
    )  # fmt: skip
    assert response.status_code == 302
    stored = Response.objects.get()
    assert stored.company == company and stored.respondent_name == "Eva Holm"


def test_invitation_token_answers_once(coordinator):
    questionnaire = make_questionnaire("invite")
    version = questionnaire.versions.get()
    invitation = services.invitations_send(
        version=version, recipients=[("a@example.se", "A")], actor=coordinator
    )[0]
    url = reverse("survey:invitation", args=[invitation.token])
    client = Client()
    assert client.get(url).status_code == 200
    response = client.post(url, {"hard_to_recruit": "no"})
    assert response.status_code == 302
    second = client.get(url)
    assert "questionnaires/public/answered.html" in [t.name for t in second.templates]
    client.post(url, {"hard_to_recruit": "no"})
    assert Response.objects.count() == 1
    assert Client().get(reverse("survey:invitation", args=["wrong-token"])).status_code == 404
    stored = Response.objects.get()
    assert stored.channel == Channel.INVITATION and stored.respondent_email == ""


def test_distribution_sends_invitations_and_reminders(client_for, coordinator, questionnaire):
    client = client_for(coordinator)
    url = reverse("questionnaires:invitation_send", args=[questionnaire.pk])
    response = client.post(url, {"recipients": "Anna Berg <anna@example.se>\nnot-an-address"})
    assert response.status_code == 200
    assert "Line 2" in response.content.decode() or "Rad 2" in response.content.decode()
    response = client.post(url, {"recipients": "Anna Berg <anna@example.se>\nolle@example.se"})
    assert response.status_code == 302
    assert set(Invitation.objects.values_list("email", "name")) == {
        ("anna@example.se", "Anna Berg"),
        ("olle@example.se", ""),
    }
    client.post(reverse("questionnaires:invitation_remind", args=[questionnaire.pk]))
    assert Invitation.objects.filter(reminded_at__isnull=False).count() == 2
    page = client.get(reverse("questionnaires:distribution", args=[questionnaire.pk]))
    assert "anna@example.se" in page.content.decode()
    assert "&lt;anna@example.se&gt;" in page.content.decode()  # the help text's example
    client.post(
        reverse("questionnaires:distribution", args=[questionnaire.pk]),
        {"public_mode": "anonymous"},
    )
    questionnaire.refresh_from_db()
    assert questionnaire.public_mode == "anonymous"


# --- JSON export and import ---------------------------------------------------------------


def test_json_round_trip(client_for, coordinator):
    visit = current_version("visit")
    client = client_for(coordinator)
    exported = client.get(
        reverse("questionnaires:questionnaire_export", args=[visit.questionnaire_id])
    )
    data = json.loads(exported.content)
    assert data["format"] == "kompetensnav-questionnaire" and data["format_version"] == 1
    data["questionnaire"]["key"] = "visit-copy"
    upload = SimpleUploadedFile("visit.json", json.dumps(data).encode())
    response = client.post(reverse("questionnaires:questionnaire_import"), {"file": upload})
    assert response.status_code == 302
    copy = Questionnaire.objects.get(key="visit-copy").versions.get()
    again = jsonformat.export_questionnaire(copy)
    assert again["questions"] == data["questions"]
    # importing a key that exists makes a new draft version after the published one
    services.version_publish(actor=coordinator, version=copy)
    version = jsonformat.import_questionnaire(actor=coordinator, raw=json.dumps(data))
    assert version.number == 2 and version.questionnaire.key == "visit-copy"


def test_json_import_reports_problems(client_for, coordinator):
    bad = {
        "format": "kompetensnav-questionnaire",
        "format_version": 1,
        "questionnaire": {"key": "bad", "title": {"sv": "Dålig"}},
        "questions": [
            {"key": "a", "type": "colour", "text": {"sv": "A"}},
            {"key": "b", "type": "short_text", "text": {"sv": "B"},
             "condition": {"question": "zzz", "value": "yes"}},
        ],
    }  # fmt: skip
    upload = SimpleUploadedFile("bad.json", json.dumps(bad).encode())
    response = client_for(coordinator).post(
        reverse("questionnaires:questionnaire_import"), {"file": upload}
    )
    assert response.status_code == 200
    assert any("questions[0].type" in p for p in response.context["problems"])
    bad["questions"] = bad["questions"][1:]
    with pytest.raises(jsonformat.FormatError) as caught:
        jsonformat.import_questionnaire(actor=coordinator, raw=json.dumps(bad))
    assert "questions[0] (b)" in caught.value.messages[0]
    assert not Questionnaire.objects.filter(key="bad").exists()
    with pytest.raises(jsonformat.FormatError):
        jsonformat.parse(b"{not json")


# --- importing answers from another tool --------------------------------------------------


CSV = (
    "Svars-ID;Datum;Svårt att rekrytera?;Vilka roller?;Hur väl matchar utbudet?;Format;Övrigt\n"
    "r1;2023-05-02;ja;Svetsare;4;Livesänt;x\n"
    "r2;2023-05-03;nej;;2;on_site;online;\n"
    "r3;2023-13-01;kanske;;9;teleport;\n"
)


def _upload(client, questionnaire, content: str, name="answers.csv"):
    response = client.post(
        reverse("questionnaires:answer_import_upload", args=[questionnaire.pk]),
        {"file": SimpleUploadedFile(name, content.encode()),
         "version": questionnaire.versions.get().pk},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def test_answer_import_maps_columns_reports_cells_and_is_idempotent(
    client_for, coordinator, questionnaire
):
    client = client_for(coordinator)
    fixed = CSV.replace("r2;2023-05-03;nej;;2;on_site;online;", "r2;2023-05-03;nej;;2;on_site;")
    map_url = _upload(client, questionnaire, fixed)
    page = client.get(map_url)
    form = page.context["form"]
    suggested = {form.fields[f].label: form.fields[f].initial for f in form.fields}
    assert suggested["svars-id"] == "_id" and suggested["datum"] == "_date"
    assert suggested["hur väl matchar utbudet?"] == "match"
    mapping = {
        "col_0": "_id", "col_1": "_date", "col_2": "hard_to_recruit", "col_3": "roles",
        "col_4": "match", "col_5": "formats", "col_6": "",
    }  # fmt: skip
    response = client.post(map_url, {**mapping, "preview": "1"})
    errors = response.context["validation"].errors  # the coordinator reads Swedish
    assert "rad 3, kolumn datum: Skriv datumet som ÅÅÅÅ-MM-DD." in errors
    assert any(e.startswith("rad 3, kolumn hur väl matchar utbudet?") for e in errors)
    assert any(e.startswith("rad 3, kolumn format") for e in errors)
    assert not any(e.startswith(("rad 1", "rad 2")) for e in errors)
    response = client.post(map_url, {**mapping, "confirm": "1"})
    assert Response.objects.count() == 0  # all or nothing

    good = "\n".join(fixed.splitlines()[:3]) + "\n"
    map_url = _upload(client, questionnaire, good)
    response = client.post(map_url, {**mapping, "confirm": "1"})
    assert response.status_code == 302
    assert Response.objects.filter(channel=Channel.IMPORT).count() == 2
    first = Response.objects.get(external_id="r1")
    assert first.submitted_on.isoformat() == "2023-05-02"
    assert first.answer_values()["formats"] == ["live_stream"]  # matched by label
    # the same file again: nothing new
    map_url = _upload(client, questionnaire, good)
    client.post(map_url, {**mapping, "confirm": "1"})
    assert Response.objects.count() == 2
    assert AnswerImport.objects.filter(skipped_count=2).exists()


def test_answer_import_without_id_column_is_idempotent_by_row_fingerprint(
    client_for, coordinator, questionnaire
):
    client = client_for(coordinator)
    content = "match;hard_to_recruit\n4;nej\n4;nej\n5;ja\n"
    mapping = {"col_0": "match", "col_1": "hard_to_recruit"}
    for _time in range(2):
        map_url = _upload(client, questionnaire, content)
        client.post(map_url, {**mapping, "confirm": "1"})
    assert Response.objects.count() == 3  # identical rows are two answers, imported once


def test_answer_import_from_xlsx(client_for, coordinator, questionnaire):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Respondent ID", "hard_to_recruit", "match", "staff"])
    sheet.append(["a1", "Ja", 5, 12])
    sheet.append(["a2", "Nej", 3, 4.5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    client = client_for(coordinator)
    response = client.post(
        reverse("questionnaires:answer_import_upload", args=[questionnaire.pk]),
        {"file": SimpleUploadedFile("export.xlsx", buffer.getvalue()),
         "version": questionnaire.versions.get().pk},
    )  # fmt: skip
    map_url = response["Location"]
    form = client.get(map_url).context["form"]
    mapping = {name: form.fields[name].initial for name in form.fields}
    assert mapping == {
        "col_0": "_id",
        "col_1": "hard_to_recruit",
        "col_2": "match",
        "col_3": "staff",
    }
    client.post(map_url, {**mapping, "confirm": "1"})
    values = Response.objects.get(external_id="a2").answer_values()
    assert values == {"hard_to_recruit": False, "match": 3, "staff": Decimal("4.5")}


def test_answer_import_rejects_bad_files(client_for, coordinator, questionnaire):
    client = client_for(coordinator)
    response = client.post(
        reverse("questionnaires:answer_import_upload", args=[questionnaire.pk]),
        {"file": SimpleUploadedFile("a.csv", b"PK\x03\x04zip"),
         "version": questionnaire.versions.get().pk},
    )  # fmt: skip
    assert response.status_code == 200 and response.context["form"].errors["file"]


def test_settings_keep_what_was_typed_and_say_what_is_wrong(client_for, coordinator, questionnaire):
    url = reverse("questionnaires:questionnaire_edit", args=[questionnaire.pk])
    response = client_for(coordinator).post(
        url,
        {"title_sv": "Nytt namn", "retention_months": 0, "opens": "2026-05-01",
         "closes": "2026-04-01"},
    )  # fmt: skip
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "closes" in errors and "retention_months" in errors
    assert 'value="Nytt namn"' in response.content.decode()
    questionnaire.refresh_from_db()
    assert questionnaire.title_sv == "Enkät test"
    response = client_for(coordinator).post(
        url, {"title_sv": "Nytt namn", "retention_months": 12, "closes": "2026-04-01"}
    )
    assert response.status_code == 302
    questionnaire.refresh_from_db()
    assert (questionnaire.title_sv, questionnaire.retention_months) == ("Nytt namn", 12)
