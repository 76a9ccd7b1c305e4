"""The questionnaires app's routes in the permission matrix (tests/test_permission_matrix.py).

Questionnaires and their results are shared across the network, so there is no foreign
object: coordinators build and distribute; organisation admins, brokers and the board read
results; course providers and viewers get 403. Respondents use the survey pages without an
account."""

from kompetensnav.accounts.enums import Role
from kompetensnav.questionnaires.models import AnswerImport, Invitation
from tests.permissions import ALL_ROLES, Route

MANAGE = {Role.COORDINATOR.value}
VIEW = {Role.COORDINATOR.value, Role.ORG_ADMIN.value, Role.BROKER.value, Role.BOARD.value}


def _q(w):
    return {"pk": w["questionnaire"].pk}


def _v(w):
    return {"pk": w["questionnaire_version"].pk}


def _question(w):
    return {"pk": w["question"].pk}


ROUTES: dict[str, Route] = {
    "questionnaires:questionnaire_list": Route(allowed=VIEW),
    "questionnaires:questionnaire_create": Route(allowed=MANAGE),
    "questionnaires:questionnaire_import": Route(allowed=MANAGE),
    "questionnaires:questionnaire_detail": Route(allowed=MANAGE, kwargs=_q),
    "questionnaires:questionnaire_edit": Route(allowed=MANAGE, kwargs=_q),
    "questionnaires:questionnaire_export": Route(allowed=MANAGE, kwargs=_q),
    "questionnaires:version_list": Route(allowed=MANAGE, kwargs=_q),
    "questionnaires:distribution": Route(allowed=MANAGE, kwargs=_q),
    "questionnaires:invitation_send": Route(
        allowed=MANAGE,
        method="post",
        ok=302,
        kwargs=_q,
        data={"recipients": "Ny Person <ny@example.se>"},
    ),
    "questionnaires:invitation_remind": Route(allowed=MANAGE, method="post", ok=302, kwargs=_q),
    "questionnaires:results": Route(allowed=VIEW, kwargs=_q),
    "questionnaires:result_texts": Route(
        allowed=VIEW, kwargs=lambda w: {"pk": w["questionnaire"].pk, "key": "comment"}
    ),
    "questionnaires:results_export": Route(
        allowed=VIEW, kwargs=lambda w: {"pk": w["questionnaire"].pk, "kind": "raw", "fmt": "csv"}
    ),
    "questionnaires:answer_import_upload": Route(allowed=MANAGE, kwargs=_q),
    "questionnaires:answer_import_map": Route(
        allowed=MANAGE, kwargs=lambda w: {"pk": w["answer_import"].pk}
    ),
    "questionnaires:version_detail": Route(allowed=MANAGE, kwargs=_v),
    "questionnaires:version_new": Route(allowed=MANAGE, method="post", ok=302, kwargs=_v),
    "questionnaires:version_publish": Route(allowed=MANAGE, kwargs=_v),
    "questionnaires:question_create": Route(allowed=MANAGE, kwargs=_v),
    "questionnaires:question_edit": Route(allowed=MANAGE, kwargs=_question),
    "questionnaires:question_delete": Route(allowed=MANAGE, kwargs=_question),
    "questionnaires:question_move": Route(
        allowed=MANAGE, method="post", ok=302, kwargs=_question, data={"direction": "down"}
    ),
    # respondents never need an account
    "survey:answer": Route(
        allowed=ALL_ROLES,
        anonymous=200,
        kwargs=lambda w: {"token": w["questionnaire"].public_token},
    ),
    "survey:invitation": Route(
        allowed=ALL_ROLES, anonymous=200, kwargs=lambda w: {"token": w["invitation"].token}
    ),
    "survey:thanks": Route(allowed=ALL_ROLES, anonymous=200),
}


def extend_world(world: dict) -> None:
    from kompetensnav.questionnaires.tests.factories import make_questionnaire

    questionnaire = make_questionnaire("matrix", public_mode="anonymous")
    version = questionnaire.versions.get()
    world["questionnaire"] = questionnaire
    world["questionnaire_version"] = version
    world["question"] = version.questions.get(key="match")
    world["invitation"] = Invitation.objects.create(version=version, email="inbjuden@example.se")
    world["answer_import"] = AnswerImport.objects.create(
        questionnaire=questionnaire,
        version=version,
        filename="answers.csv",
        content=b"hard_to_recruit;match\nja;4\n",
        sha256="x",
    )
