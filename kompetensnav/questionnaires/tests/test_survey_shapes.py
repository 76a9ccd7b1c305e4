"""Survey exports in their real shapes (issue 18): a choice question exported as one column
per option, marked when chosen (1, x, ja, "checked" or the option's text), read back into
the question's answer; suggested from headers such as "Format - Livesänt"; a date answered
with its time of day. Unmarkable cells and two marks for a single choice are cell errors."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kompetensnav.questionnaires.models import Response

pytestmark = pytest.mark.django_db

# as Questback and its kind export it: one column per option of "Format" and of "Intresse"
EXPORT = (
    "Svars-ID;Datum inskickat;Format - Livesänt;Format - På plats;Format - Distans;"
    "Intresse - Ja;Intresse - Nej\n"
    "q1;2019-03-14 10:22:05;1;;x;checked;\n"
    "q2;2019-03-15 08:00;;0;Distans;;1\n"
    "q3;2019-03-16;;;;;\n"
)
MAPPING = {
    "col_0": "_id",
    "col_1": "_date",
    "col_2": "formats=live_stream",
    "col_3": "formats=on_site",
    "col_4": "formats=online",
    "col_5": "interest=yes",
    "col_6": "interest=no",
}


def _upload(client, questionnaire, content: str) -> str:
    response = client.post(
        reverse("questionnaires:answer_import_upload", args=[questionnaire.pk]),
        {"file": SimpleUploadedFile("export.csv", content.encode()),
         "version": questionnaire.versions.get().pk},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def test_a_column_per_option_is_read_back_into_the_answer(client_for, coordinator, questionnaire):
    client = client_for(coordinator)
    map_url = _upload(client, questionnaire, EXPORT)
    form = client.get(map_url).context["form"]
    suggested = {form.fields[f].label: form.fields[f].initial for f in form.fields}
    assert suggested == {
        "svars-id": "_id",
        "datum inskickat": "_date",
        "format - livesänt": "formats=live_stream",
        "format - på plats": "formats=on_site",
        "format - distans": "formats=online",
        "intresse - ja": "interest=yes",
        "intresse - nej": "interest=no",
    }
    labels = dict(form.fields["col_2"].choices)
    # the option first: a narrow screen cuts the end of a long question off
    assert (
        labels["formats=live_stream"] == "”Livesänt” markerat, i Format (en kolumn per alternativ)"
    )

    response = client.post(map_url, {**MAPPING, "confirm": "1"})
    assert response.status_code == 302, response.context["validation"].errors
    answers = {r.external_id: r.answer_values() for r in Response.objects.all()}
    assert answers["q1"]["formats"] == ["live_stream", "online"]
    assert answers["q1"]["interest"] == "yes"
    assert answers["q2"]["formats"] == ["online"] and answers["q2"]["interest"] == "no"
    assert "formats" not in answers["q3"] and "interest" not in answers["q3"]
    q1 = Response.objects.get(external_id="q1")
    assert q1.submitted_on.isoformat() == "2019-03-14"  # the time of day left


def test_marks_that_cannot_be_read_are_cell_errors_and_nothing_is_imported(
    client_for, coordinator, questionnaire
):
    client = client_for(coordinator)
    bad = EXPORT.replace("q2;2019-03-15 08:00;;0;Distans;;1", "q2;2019-03-15;;kanske;;1;1")
    map_url = _upload(client, questionnaire, bad)
    response = client.post(map_url, {**MAPPING, "confirm": "1"})
    errors = response.context["validation"].errors  # the coordinator reads Swedish
    assert errors == [
        "rad 2, kolumn format - på plats: Markera alternativet med 1, x, ja eller dess text, "
        "eller lämna cellen tom.",
        "rad 2, kolumn intresse - nej: Här kan bara ett alternativ väljas; raden markerar 2.",
    ]
    assert not Response.objects.exists()


def test_the_options_own_column_and_its_option_columns_combine(
    client_for, coordinator, questionnaire
):
    client = client_for(coordinator)
    content = "Format;Format - Distans\nLivesänt;1\n"
    map_url = _upload(client, questionnaire, content)
    client.post(map_url, {"col_0": "formats", "col_1": "formats=online", "confirm": "1"})
    (response,) = Response.objects.all()
    assert response.answer_values()["formats"] == ["live_stream", "online"]
