"""“Annat, nämligen” and repeated blocks (issue 18): a choice question's option that asks
for a text, answered on the form, through the API and from a survey tool's export, kept on
the option's answer row and shown in results, exports and the visit; a survey export's
repeated block mapped to one question; the mapping of the last import offered again; the
encoding and separator shown."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from kompetensnav.questionnaires import exporters, services
from kompetensnav.questionnaires.forms import AnswerForm, QuestionForm
from kompetensnav.questionnaires.models import Answer, Response

from .factories import WITH_OTHER as QUESTIONS
from .factories import WITH_OTHER_OPTION as OTHER
from .factories import make_questionnaire

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    return make_questionnaire("behov", QUESTIONS)


def _submit(survey, answers: dict) -> Response:
    return services.response_submit(
        version=survey.versions.get(), answers=answers, channel="import", check_required=False
    )


def test_a_text_for_other_is_kept_on_the_options_row_and_chooses_it(survey):
    response = _submit(survey, {"areas": ["welding"], "areas.other": " Truckkort ",
                                "industry.other": "Besöksnäring"})  # fmt: skip
    rows = {(a.key, a.choice): a.text for a in Answer.objects.filter(response=response)}
    assert rows == {
        ("areas", "welding"): "",
        ("areas", "other"): "Truckkort",
        ("industry", "other"): "Besöksnäring",
    }
    assert response.answer_values() == {
        "areas": ["other", "welding"],  # stored in the options' order of values
        "areas.other": "Truckkort",
        "industry": "other",
        "industry.other": "Besöksnäring",
    }


def test_a_text_for_other_with_another_single_option_is_refused_by_its_key(survey):
    with translation.override("sv"), pytest.raises(ValidationError) as caught:
        _submit(survey, {"industry": "care", "industry.other": "Besöksnäring"})
    assert caught.value.message_dict == {
        "industry.other": ["Texten hör till ”Annat”, men ett annat alternativ är valt."]
    }
    with pytest.raises(ValidationError) as caught:
        _submit(survey, {"level.other": "Något"})  # no option of "level" asks for a text
    assert "level.other" in caught.value.message_dict
    assert not Response.objects.exists()


def test_only_one_option_may_ask_for_a_text(survey):
    version = services.version_new_draft(actor=None, version=survey.versions.get())
    with pytest.raises(ValidationError) as caught:
        services.question_save(
            actor=None,
            version=version,
            key="two",
            type="single",
            text_sv="Två",
            options=[OTHER, {**OTHER, "value": "else", "label_sv": "Övrigt"}],
        )
    assert "options" in caught.value.message_dict


def test_the_question_form_marks_the_last_option(survey):
    form = QuestionForm(
        {"text_sv": "Bransch", "type": "single", "options": "Industri\nVård\nAnnat",
         "other_option": "on", "condition": ""},
        earlier=[], language="sv",
    )  # fmt: skip
    assert form.is_valid(), form.errors
    assert [o.get("other", False) for o in form.cleaned_data["options"]] == [False, False, True]
    question = survey.versions.get().questions.get(key="industry")
    assert QuestionForm.initial_for(question)["other_option"] is True


def test_the_answer_form_has_a_field_for_the_text_and_keeps_it(survey):
    version = survey.versions.get()
    with translation.override("sv"):
        form = AnswerForm(version, language="sv", data={"areas": ["it"], "areas.other": "CNC"})
        assert form.is_valid(), form.errors
        assert form.answers() == {"areas": ["it", "other"], "areas.other": "CNC"}
        item = next(i for i in form.rendered_questions() if i["question"].key == "areas")
        assert item["other"].label == "Annat, nämligen"
        assert 'name="areas.other"' in item["other_widget"]
        wrong = AnswerForm(
            version, language="sv", data={"industry": "care", "industry.other": "Besök"}
        )
        assert not wrong.is_valid()
        assert wrong.errors["industry.other"] == [
            "Texten hör till ”Annat”, men ett annat alternativ är valt."
        ]
        item = next(i for i in wrong.rendered_questions() if i["question"].key == "industry")
        assert 'aria-invalid="true"' in item["other_widget"]
    # answered before: the form is filled in again with the text
    response = _submit(survey, {"areas.other": "CNC"})
    again = AnswerForm(version, language="sv", initial=response.answer_values())
    assert again["areas.other"].value() == "CNC"


def test_results_exports_and_the_json_definition_carry_the_text(survey, client_for, coordinator):
    for text in ("Truckkort", "Lager", "Truckkort"):
        _submit(survey, {"areas.other": text})
    _submit(survey, {"areas": ["it"]})
    client = client_for(coordinator)
    page = client.get(
        reverse("questionnaires:results", args=[survey.pk]), HTTP_ACCEPT_LANGUAGE="sv"
    )
    html = page.content.decode()
    assert "Skrivet under ”Annat”" in html
    assert html.count("<li>Truckkort</li>") == 2 and "<li>Lager</li>" in html
    rows = list(exporters.raw_rows(Response.objects.all(), language="sv"))
    labels = sorted(row[7] for row in rows if row[4] == "areas")
    assert labels == ["Annat: Lager", "Annat: Truckkort", "Annat: Truckkort", "IT"]
    definition = client.get(reverse("questionnaires:questionnaire_export", args=[survey.pk])).json()
    options = next(q for q in definition["questions"] if q["key"] == "areas")["options"]
    assert options[-1] == {"value": "other", "label": {"sv": "Annat", "en": "Other"}, "other": True}
    assert "other" not in options[0]


# --- a survey tool's export ---------------------------------------------------------------

# Questback-like: an "Annat, nämligen" column after its question's option columns, and a
# repeated block ("Behov 1 - …", "Behov 2 - …"), in Windows-1252 with semicolons
EXPORT = (
    "Svars-ID;Datum inskickat;Bransch;Bransch - Annat, nämligen;"
    "Behov 1 - Område;Behov 1 - Kommentar;Behov 2 - Område;Behov 2 - Kommentar;Annat, nämligen\n"
    "r1;2019-03-14 10:22;Industri;;Svetsning;Snart;IT;Helst i höst;\n"
    "r2;2019-03-15;;Besöksnäring;IT;;;;Truckkort\n"
)


def _upload(client, survey, content: bytes, filename: str = "export.csv") -> str:
    response = client.post(
        reverse("questionnaires:answer_import_upload", args=[survey.pk]),
        {"file": SimpleUploadedFile(filename, content), "version": survey.versions.get().pk},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def _suggested(page) -> dict:
    form = page.context["form"]
    return {form.fields[f].label: form.fields[f].initial for f in form.fields}


def test_other_texts_and_a_repeated_block_are_suggested_and_imported(
    survey, client_for, coordinator
):
    client = client_for(coordinator)
    map_url = _upload(client, survey, EXPORT.encode("cp1252"))
    page = client.get(map_url, HTTP_ACCEPT_LANGUAGE="sv")
    assert _suggested(page) == {  # headers are read in lower case
        "svars-id": "_id",
        "datum inskickat": "_date",
        "bransch": "industry",
        "bransch - annat, nämligen": "industry.other",
        "behov 1 - område": "areas",
        "behov 1 - kommentar": "comment",
        "behov 2 - område": "areas",
        "behov 2 - kommentar": "comment",
        "annat, nämligen": "areas.other",  # after the block: the last question with "Annat"
    }
    html = page.content.decode()
    assert "Windows-1252" in html and "semikolon" in html
    mapping = {f"col_{i}": v for i, v in enumerate(_suggested(page).values())}
    response = client.post(map_url, {**mapping, "confirm": "1"})
    assert response.status_code == 302, response.context["validation"].errors
    answers = {r.external_id: r.answer_values() for r in Response.objects.all()}
    assert answers["r1"] == {
        "industry": "industry",
        "areas": ["it", "welding"],
        "comment": "Snart\nHelst i höst",
    }
    assert answers["r2"] == {
        "industry": "other",
        "industry.other": "Besöksnäring",
        "areas": ["it", "other"],
        "areas.other": "Truckkort",
    }


def test_a_repeated_block_of_a_single_choice_is_refused_with_what_to_do(
    survey, client_for, coordinator
):
    client = client_for(coordinator)
    map_url = _upload(client, survey, b"Niva 1;Niva 2\nGrund;Grund\n")
    with translation.override("sv"):
        response = client.post(
            map_url, {"col_0": "level", "col_1": "level", "preview": "1"}, HTTP_ACCEPT_LANGUAGE="sv"
        )
    errors = response.context["form"].non_field_errors()
    assert errors == [
        "Dessa är valda för mer än en kolumn: level. Bara en fråga som tar flera svar "
        "(flerval eller text) kan ha flera kolumner, som ett upprepat block har; välj ”Hoppa "
        "över kolumnen” för de andra."
    ]
    assert not Response.objects.exists()


def test_the_mapping_of_the_last_import_is_offered_for_the_next(survey, client_for, coordinator):
    client = client_for(coordinator)
    first = _upload(client, survey, b"Id;Q7 fritt\nr1;Bra\n")
    assert _suggested(client.get(first)) == {"id": "_id", "q7 fritt": ""}  # says nothing
    done = client.post(first, {"col_0": "_id", "col_1": "comment", "confirm": "1"})
    assert done.status_code == 302
    second = _upload(client, survey, b"Id;Q7 fritt;Q8\nr2;Mer;x\n", "next-year.csv")
    assert _suggested(client.get(second)) == {"id": "_id", "q7 fritt": "comment", "q8": ""}


def test_an_import_keeps_answers_to_questions_whose_condition_the_file_does_not_show(
    client_for, coordinator
):
    """The other tool asked its own way: an answer in the file is kept even when the
    question it depends on is not in the file (it was dropped as hidden, and lost)."""
    survey = make_questionnaire(
        "uppfoljning",
        [
            {"key": "acted", "type": "yes_no", "text_sv": "Har ni gjort något?"},
            {**QUESTIONS[1], "condition_key": "acted", "condition_value": "yes"},
        ],
    )
    client = client_for(coordinator)
    map_url = _upload(
        client, survey, "Id;Bransch;Bransch - Annat, nämligen\nr1;Annat;Hotell\n".encode()
    )
    response = client.post(map_url, {"col_0": "_id", "col_1": "industry",
                                     "col_2": "industry.other", "confirm": "1"})  # fmt: skip
    assert response.status_code == 302, response.context["validation"].errors
    (stored,) = Response.objects.all()
    assert stored.answer_values() == {"industry": "other", "industry.other": "Hotell"}
