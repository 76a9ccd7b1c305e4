from datetime import date, timedelta
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from kompetensnav.questionnaires import services
from kompetensnav.questionnaires.enums import Channel, VersionStatus
from kompetensnav.questionnaires.forms import AnswerForm
from kompetensnav.questionnaires.models import (
    Answer,
    FrozenVersionError,
    Question,
    Response,
)
from kompetensnav.questionnaires.selectors import current_version
from tests.tasks import run_queued_tasks

from .factories import make_questionnaire

pytestmark = pytest.mark.django_db

ANSWERS = {"hard_to_recruit": True, "roles": "CNC-operatör", "match": 4}


# --- templates ----------------------------------------------------------------------------


def test_templates_exist_with_a_published_version():
    visit = current_version("visit")
    gap = current_version("gap-analysis")
    assert visit is not None and visit.status == VersionStatus.PUBLISHED
    assert gap is not None and gap.questions.filter(key="matchning_wanted").exists()
    follow_up = visit.questions.get(key="recruitment_roles")
    assert follow_up.condition_key == "recruitment_difficulties"
    assert all(q.text_en for q in visit.questions.all())
    assert current_version("no-such-questionnaire") is None


# --- versions and freezing ----------------------------------------------------------------


def test_a_version_with_a_response_is_frozen(version):
    services.response_submit(version=version, answers=ANSWERS, channel=Channel.PUBLIC)
    version.refresh_from_db()
    assert version.frozen
    question = version.questions.get(key="match")
    with pytest.raises(FrozenVersionError):
        services.question_save(
            actor=None, version=version, question=question, key="match", type="scale",
            text_sv="Ändrad",
        )  # fmt: skip
    with pytest.raises(ValidationError):
        services.question_delete(actor=None, question=question)
    # even bypassing the services, the model refuses
    question.text_sv = "Ändrad direkt"
    with pytest.raises(FrozenVersionError):
        question.save()
    with pytest.raises(FrozenVersionError):
        question.delete()
    assert Question.objects.get(pk=question.pk).text_sv == "Hur väl matchar utbudet?"


def test_editing_a_frozen_version_creates_the_next_version_with_the_same_keys(version):
    services.response_submit(version=version, answers=ANSWERS, channel=Channel.PUBLIC)
    draft = services.version_new_draft(actor=None, version=version)
    assert draft.number == 2 and draft.status == VersionStatus.DRAFT and not draft.frozen
    old_keys = list(version.questions.values_list("key", flat=True))
    assert list(draft.questions.values_list("key", flat=True)) == old_keys
    services.question_save(
        actor=None, version=draft, question=draft.questions.get(key="match"), key="match",
        type="scale", text_sv="Ny formulering",
    )  # fmt: skip
    assert version.questions.get(key="match").text_sv == "Hur väl matchar utbudet?"
    # asking again gives the same draft, not a third version
    assert services.version_new_draft(actor=None, version=version) == draft
    assert current_version("test") == version  # the draft is not published yet
    services.version_publish(actor=None, version=draft)
    assert current_version("test") == draft


def test_an_unanswered_version_is_edited_in_place(version):
    question = version.questions.get(key="match")
    services.question_save(
        actor=None, version=version, question=question, key="match", type="scale",
        text_sv="Rättat stavfel",
    )  # fmt: skip
    assert services.editable_version(version.questionnaire) == version


def test_a_draft_cannot_be_answered():
    questionnaire = make_questionnaire("draft", publish=False)
    with pytest.raises(ValidationError):
        services.response_submit(
            version=questionnaire.versions.get(), answers=ANSWERS, channel=Channel.PUBLIC
        )


def test_building_needs_the_coordinator(broker, coordinator):
    with pytest.raises(PermissionDenied):
        services.questionnaire_create(actor=broker, key="x", title_sv="X")
    questionnaire = services.questionnaire_create(actor=coordinator, key="x", title_sv="X")
    assert questionnaire.owner == coordinator.affiliation.organisation
    with pytest.raises(PermissionDenied):
        services.question_save(
            actor=broker, version=questionnaire.versions.get(), key="a", type="number",
            text_sv="A",
        )  # fmt: skip


# --- conditions ---------------------------------------------------------------------------


def test_a_hidden_question_is_not_required_and_its_answer_is_dropped(version):
    response = services.response_submit(
        version=version,
        answers={"hard_to_recruit": False, "roles": "should be dropped"},
        channel=Channel.PUBLIC,
    )
    assert response.answer_values() == {"hard_to_recruit": False}


def test_a_shown_required_question_must_be_answered(version):
    with pytest.raises(ValidationError) as caught:
        services.response_submit(
            version=version, answers={"hard_to_recruit": "ja"}, channel=Channel.PUBLIC
        )
    assert "roles" in caught.value.message_dict


def test_answer_form_honours_conditions(version):
    form = AnswerForm(version, language="en", data={"hard_to_recruit": "no", "roles": ""})
    assert form.is_valid(), form.errors
    assert form.answers() == {"hard_to_recruit": False}
    form = AnswerForm(version, language="en", data={"hard_to_recruit": "yes"})
    assert not form.is_valid()
    assert list(form.errors) == ["roles"]
    # an invalid value in a hidden question is not an error
    form = AnswerForm(version, language="sv", data={"hard_to_recruit": "no", "staff": "x"})
    assert not form.is_valid()  # staff is always shown
    assert form["hard_to_recruit"].label == "Svårt att rekrytera?"


def test_answer_form_prefix_and_initial(version):
    form = AnswerForm(
        version, language="en", prefix="q", initial={"hard_to_recruit": True, "match": 3}
    )
    items = {i["question"].key: i for i in form.rendered_questions()}
    assert items["roles"]["condition_field"] == "q-hard_to_recruit"
    assert not items["roles"]["hidden"]
    assert form["hard_to_recruit"].value() == "yes"


def test_a_condition_must_refer_to_an_earlier_question_and_an_existing_answer():
    questionnaire = make_questionnaire("c", questions=[], publish=False)
    version = questionnaire.versions.get()
    with pytest.raises(ValidationError) as caught:
        services.question_save(
            actor=None, version=version, key="later", type="short_text", text_sv="Senare",
            condition_key="nothing", condition_value="yes",
        )  # fmt: skip
    assert "condition_key" in caught.value.message_dict
    services.question_save(actor=None, version=version, key="first", type="yes_no", text_sv="Först")
    with pytest.raises(ValidationError) as caught:
        services.question_save(
            actor=None, version=version, key="second", type="short_text", text_sv="Sedan",
            condition_key="first", condition_value="maybe",
        )  # fmt: skip
    assert "condition_value" in caught.value.message_dict
    second = services.question_save(
        actor=None, version=version, key="second", type="short_text", text_sv="Sedan",
        condition_key="first", condition_value="yes",
    )  # fmt: skip
    # the dependent cannot move above the question it depends on
    with pytest.raises(ValidationError):
        services.question_move(actor=None, question=second, offset=-1)
    # nor can the question it depends on be deleted or lose the answer
    with pytest.raises(ValidationError):
        services.question_delete(actor=None, question=version.questions.get(key="first"))
    with pytest.raises(ValidationError):
        services.question_save(
            actor=None, version=version, question=version.questions.get(key="first"),
            key="first", type="number", text_sv="Först",
        )  # fmt: skip


def test_questions_move_and_renumber():
    questionnaire = make_questionnaire("m", publish=False)
    version = questionnaire.versions.get()
    staff = version.questions.get(key="staff")
    services.question_move(actor=None, question=staff, offset=-1)
    keys = list(version.questions.order_by("position").values_list("key", flat=True))
    assert keys.index("staff") < keys.index("interest")
    services.question_delete(actor=None, question=version.questions.get(key="comment"))
    positions = list(version.questions.order_by("position").values_list("position", flat=True))
    assert positions == list(range(1, len(positions) + 1))


# --- anonymity ----------------------------------------------------------------------------


def test_an_anonymous_response_cannot_be_linked_to_a_person(version):
    response = services.response_submit(version=version, answers=ANSWERS, channel=Channel.PUBLIC)
    stored = Response.objects.get(pk=response.pk)
    assert stored.respondent_name == "" and stored.respondent_email == ""
    assert stored.submitted_by_id is None and stored.submitted_at is None
    assert isinstance(stored.submitted_on, date)
    field_names = {f.name for f in Response._meta.get_fields()}
    assert not {"invitation", "ip_address", "remote_addr"} & field_names
    assert not LogEntry.objects.get_for_object(stored).exists()
    for answer in stored.answers.all():
        assert not LogEntry.objects.get_for_object(answer).exists()


def test_an_anonymous_invitation_answer_keeps_nothing_of_the_invitation(version, coordinator):
    invitation = services.invitations_send(
        version=version, recipients=[("anna@example.se", "Anna Berg")], actor=coordinator
    )[0]
    response = services.invitation_answer(invitation=invitation, answers=ANSWERS)
    stored = Response.objects.get(pk=response.pk)
    assert stored.channel == Channel.INVITATION
    assert (stored.respondent_name, stored.respondent_email, stored.submitted_at) == ("", "", None)
    invitation.refresh_from_db()
    assert invitation.answered
    local = invitation.answered_at.astimezone(timezone.get_current_timezone())
    assert (local.hour, local.minute, local.second) == (0, 0, 0)  # only the day is kept
    with pytest.raises(services.AlreadyAnswered):
        services.invitation_answer(invitation=invitation, answers=ANSWERS)


def test_a_named_invitation_answer_keeps_the_name(coordinator):
    questionnaire = make_questionnaire("named", invitations_anonymous=False)
    version = questionnaire.versions.get()
    invitation = services.invitations_send(
        version=version, recipients=[("a@example.se", "Anna")], actor=coordinator
    )[0]
    response = services.invitation_answer(invitation=invitation, answers=ANSWERS)
    assert response.respondent_email == "a@example.se" and response.submitted_at is not None


# --- invitations --------------------------------------------------------------------------


def test_invitations_are_mailed_once_per_person_and_reminded(
    version, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.invitations_send(
            version=version,
            recipients=[("a@example.se", "A"), ("A@example.se", ""), ("b@example.se", "")],
            actor=coordinator,
            message="Tack för hjälpen!",
        )
    assert [i.email for i in sent] == ["a@example.se", "b@example.se"]
    assert run_queued_tasks() == 2
    assert len(mail.outbox) == 2
    assert f"/survey/i/{sent[0].token}/" in mail.outbox[0].body
    assert "Tack för hjälpen!" in mail.outbox[0].body
    # inviting again does not duplicate unanswered invitations
    again = services.invitations_send(
        version=version, recipients=[("a@example.se", "A")], actor=coordinator
    )
    assert again == []
    services.invitation_answer(invitation=sent[0], answers=ANSWERS)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reminded = services.invitations_remind(
            actor=coordinator, questionnaire=version.questionnaire
        )
    assert reminded == 1
    run_queued_tasks()
    assert mail.outbox[0].to == ["b@example.se"]


# --- updates and retention ----------------------------------------------------------------


def test_response_update_by_the_submitter(version, broker, foreign_admin, own_org):
    response = services.response_submit(
        version=version, answers=ANSWERS, channel=Channel.VISIT, submitted_by=broker,
        organisation=own_org,
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.response_update(response=response, answers=ANSWERS, actor=foreign_admin)
    services.response_update(
        response=response, answers={"hard_to_recruit": False, "match": 2}, actor=broker
    )
    assert response.answer_values() == {"hard_to_recruit": False, "match": 2}
    assert response.updated_at is not None
    # a response tied to a person is in the audit log, answers included
    match = response.answers.get(key="match")
    assert LogEntry.objects.get_for_object(match).filter(action=LogEntry.Action.CREATE).exists()


def test_purge_deletes_responses_older_than_the_retention_period(version):
    version.questionnaire.retention_months = 12
    version.questionnaire.save()
    old = services.response_submit(
        version=version, answers=ANSWERS, channel=Channel.PUBLIC, submitted_on=date(2024, 1, 9)
    )
    kept = services.response_submit(
        version=version, answers=ANSWERS, channel=Channel.PUBLIC, submitted_on=date(2024, 6, 1)
    )
    assert services.responses_purge(today=date(2025, 5, 31)) == 1
    assert not Response.objects.filter(pk=old.pk).exists()
    assert not Answer.objects.filter(response_id=old.pk).exists()
    assert Response.objects.filter(pk=kept.pk).exists()


def test_purge_deletes_abandoned_uploads(version):
    from kompetensnav.questionnaires.models import AnswerImport

    upload = AnswerImport.objects.create(
        questionnaire=version.questionnaire, version=version, filename="a.csv",
        content=b"match\n4\n", sha256="x",
    )  # fmt: skip
    services.responses_purge(today=timezone.localdate())
    assert AnswerImport.objects.filter(pk=upload.pk).exists()
    services.responses_purge(today=timezone.localdate() + timedelta(days=8))
    assert not AnswerImport.objects.filter(pk=upload.pk).exists()


def test_purge_command(version, capsys):
    services.response_submit(
        version=version, answers=ANSWERS, channel=Channel.PUBLIC, submitted_on=date(2001, 1, 1)
    )
    call_command("questionnaires_purge")
    assert "1" in capsys.readouterr().out
    assert not Response.objects.exists()


def test_answer_values_round_trip(version):
    answers = {
        "hard_to_recruit": True,
        "roles": "Svetsare",
        "match": 5,
        "formats": ["on_site", "live_stream"],
        "interest": "no",
        "staff": Decimal("12.5"),
        "comment": "Bra",
    }
    response = services.response_submit(version=version, answers=answers, channel=Channel.VISIT)
    values = response.answer_values()
    assert sorted(values.pop("formats")) == ["live_stream", "on_site"]
    answers.pop("formats")
    assert values == answers


def test_purge_task_runs_the_purge(version):
    from kompetensnav.questionnaires.tasks import purge_task

    services.response_submit(
        version=version, answers=ANSWERS, channel=Channel.PUBLIC, submitted_on=date(2001, 1, 1)
    )
    assert purge_task.call() == 1
    assert not Response.objects.exists()
