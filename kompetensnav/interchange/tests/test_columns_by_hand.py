"""Columns chosen by hand (issue 18): what no alias recognises the coordinator maps in the
preview, or leaves out; the file is checked again with that choice, and the choice is kept for
the file's source (per organisation and kind) and used for its next file."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from openpyxl import Workbook

from kompetensnav.accounts.enums import Role
from kompetensnav.interchange.headers import read_header
from kompetensnav.interchange.models import ColumnMapping, ImportJob
from kompetensnav.network.models import Organisation
from tests.factories import OrganisationFactory
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db

Status = ImportJob.Status
# an old list as people kept it: no header the import knows, and a column it has no use for
OLD_LIST = (
    "Löpnr i listan;Organisationens namn;Sorts verksamhet;Intern anteckning\n"
    "g1;Lärcentrum Gamla;learning_centre;ring i maj\n"
    "g2;Vuxenskolan Gamla;adult_education;\n"
)
CHOSEN = {"column_0": "id", "column_1": "name", "column_2": "kind", "column_3": ""}


def upload(client, text: str, *, source: str = "", name: str = "lista.csv", content=None):
    data = content if content is not None else text.encode()
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            reverse("interchange:upload"),
            {
                "kind": "organisations",
                "file": SimpleUploadedFile(name, data),
                "source": source,
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    run_queued_tasks()
    return ImportJob.objects.order_by("-pk").first()


def choose(client, job: ImportJob, data: dict):
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("interchange:job_columns", args=[job.pk]), data)
    run_queued_tasks()
    job.refresh_from_db()
    return response


@pytest.fixture
def coordinator_client(client_for, coordinator):
    coordinator.language = "en"
    coordinator.save(update_fields=["language"])
    return client_for(coordinator)


def test_reading_a_header_with_columns_chosen_and_left_out():
    names = ["id", "name", "kind"]
    header = ["Löpnr", "Namn", "Sorts verksamhet", "Anteckning"]
    plain = read_header(names, header)
    assert plain.header == ["Löpnr", "name", "Sorts verksamhet", "Anteckning"]
    chosen = {"löpnr": "id", "sortsverksamhet": "kind", "anteckning": ""}
    reading = read_header(names, header, chosen)
    assert reading.header == ["id", "name", "kind"]
    assert reading.kept == [0, 1, 2] and reading.left_out == ["Anteckning"]
    assert reading.renamed == {"Löpnr": "id", "Namn": "name", "Sorts verksamhet": "kind"}
    # a choice wins over an alias; two cells read as one column is a problem, as without
    both = read_header(names, header, {"löpnr": "name"})
    assert [cell for cell, _message in both.problems] == ["Namn"]


def test_columns_chosen_in_the_preview_are_checked_imported_and_remembered(
    coordinator_client, coordinator
):
    job = upload(coordinator_client, OLD_LIST, source="Gamla  listan ")
    assert job.status == Status.INVALID and job.source == "Gamla listan"
    page = coordinator_client.get(reverse("interchange:job", args=[job.pk])).content.decode()
    assert 'id="columns"' in page and "Or choose what the file" in page
    assert reverse("interchange:job_columns", args=[job.pk]) in page
    assert "löpnr i listan" in page and 'name="column_3"' in page  # cells as read

    response = choose(coordinator_client, job, CHOSEN)
    assert response.status_code == 302
    assert job.status == Status.VALID, job.result
    assert job.rows == 2 and job.result["created"] == ["g1", "g2"]
    page = coordinator_client.get(reverse("interchange:job", args=[job.pk])).content.decode()
    assert "The columns were saved; the file is being checked again." in page
    assert "“intern anteckning”" in page  # listed as left out
    assert "Your choice is remembered for the next file from “Gamla listan”" in page

    coordinator_client.post(reverse("interchange:job_confirm", args=[job.pk]))
    gamla = Organisation.objects.filter(external_id__in=["g1", "g2"])
    assert sorted(gamla.values_list("name", flat=True)) == ["Lärcentrum Gamla", "Vuxenskolan Gamla"]

    (kept,) = ColumnMapping.objects.all()
    assert (kept.source, kept.kind, kept.updated_by) == (
        "Gamla listan",
        "organisations",
        coordinator,
    )
    assert kept.organisation == coordinator.affiliations.get().organisation

    # the next file from the source is read with the same columns at once
    again = upload(coordinator_client, OLD_LIST.replace("Gamla", "Nya"), source="Gamla listan")
    assert again.status == Status.VALID and again.result["updated"] == ["g1", "g2"]
    page = coordinator_client.get(reverse("interchange:upload")).content.decode()
    assert '<option value="Gamla listan">' in page  # offered as a source next time
    # without the source, or from another source, nothing is assumed
    assert upload(coordinator_client, OLD_LIST).status == Status.INVALID
    assert upload(coordinator_client, OLD_LIST, source="Annan lista").status == Status.INVALID


def test_another_network_organisation_does_not_get_the_choice(
    coordinator_client, make_user, client_for
):
    job = upload(coordinator_client, OLD_LIST, source="Gamla listan")
    choose(coordinator_client, job, CHOSEN)
    other = make_user(Role.COORDINATOR, OrganisationFactory(kind="network"), language="en")
    theirs = upload(client_for(other), OLD_LIST, source="Gamla listan")
    assert theirs.status == Status.INVALID
    assert ColumnMapping.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({**CHOSEN, "column_2": "name"}, "is already read as name: choose it once"),
        ({**CHOSEN, "column_1": ""}, "for each required column: name"),
        ({**CHOSEN, "column_0": "no_such_column"}, "Select a valid choice"),
    ],
)
def test_a_choice_that_cannot_work_is_refused_with_what_to_do(coordinator_client, data, message):
    job = upload(coordinator_client, OLD_LIST, source="Gamla listan")
    response = choose(coordinator_client, job, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and "Please correct the errors below." in page
    assert job.status == Status.INVALID  # checked as before, nothing changed
    assert not ColumnMapping.objects.exists()
    # what the user chose is still chosen in the form
    chosen = response.context["columns_form"]
    assert chosen["column_2"].value() == data["column_2"]


def test_columns_cannot_be_chosen_once_the_import_has_gone_on(coordinator_client):
    job = upload(coordinator_client, OLD_LIST, source="Gamla listan")
    choose(coordinator_client, job, CHOSEN)
    coordinator_client.post(reverse("interchange:job_confirm", args=[job.pk]))
    response = choose(coordinator_client, job, {**CHOSEN, "column_3": "municipality"})
    assert response.status_code == 302
    assert job.status == Status.DONE
    follow = coordinator_client.get(response["Location"]).content.decode()
    assert "The columns of this import can no longer be changed." in follow


def test_a_workbook_is_checked_again_from_its_stored_cells(coordinator_client):
    book = Workbook()
    for row in OLD_LIST.splitlines():
        book.active.append(row.split(";"))
    data = io.BytesIO()
    book.save(data)
    job = upload(coordinator_client, "", name="lista.xlsx", content=data.getvalue())
    assert job.status == Status.INVALID and job.content_is_csv  # its cells, as CSV text
    choose(coordinator_client, job, CHOSEN)
    assert job.status == Status.VALID, job.result
    assert job.result["created"] == ["g1", "g2"]
    page = coordinator_client.get(reverse("interchange:job", args=[job.pk])).content.decode()
    assert "Excel workbook" in page  # still shown as the workbook it was
