"""A small world for the council tests: a furniture council in Skaraborg with two actors,
a chair who has an account, a member without one, and an organisation with no seat."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from kompetensnav.accounts.enums import Role
from kompetensnav.collaboration.enums import ActionStatus, Level
from kompetensnav.collaboration.models import (
    ActionItem,
    Actor,
    Council,
    CouncilMember,
    Decision,
    Meeting,
)
from kompetensnav.network.models import Organisation
from tests.factories import AffiliationFactory, CompanyFactory, OrganisationFactory

PASSWORD = "kompetensnav-test-pw"


@dataclass
class World:
    council: Council
    federation: Organisation
    school: Organisation
    outsider_org: Organisation
    federation_actor: Actor
    company_actor: Actor
    chair: CouncilMember
    member: CouncilMember
    meeting: Meeting
    decision: Decision
    action: ActionItem


def at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def build(today: date | None = None) -> World:
    today = today or timezone.localdate()
    federation = OrganisationFactory(
        name="Kommunalförbundet Test", kind="municipal_federation", municipality_id="1472"
    )
    school = OrganisationFactory(name="Gymnasiet Test", kind="education_provider")
    outsider_org = OrganisationFactory(name="Lärcentrum Utanför")
    federation_actor = Actor.objects.create(organisation=federation, level=Level.STRATEGIC)
    company_actor = Actor.objects.create(
        company=CompanyFactory(name="Möbelfabriken Test AB"), level=Level.OPERATIVE
    )
    council = Council.objects.create(
        name="Branschråd möbel och inredning",
        industry_id="31",
        subregion_id="skaraborg",
        municipality_id="1472",
        started=date(2026, 1, 15),
    )
    chair = CouncilMember.objects.create(
        council=council,
        actor=federation_actor,
        name="Ordförande Test",
        email="ordforande@example.se",
        is_chair=True,
    )
    member = CouncilMember.objects.create(
        council=council, actor=company_actor, name="Ledamot Test", email="ledamot@example.se"
    )
    meeting = Meeting.objects.create(
        council=council,
        starts_at=at(today - timedelta(days=14), 9),
        ends_at=at(today - timedelta(days=14), 11),
        place="Tibro",
        agenda="Kompetensbehov i branschen",
    )
    meeting.attendees.set([chair, member])
    decision = Decision.objects.create(meeting=meeting, text="Starta en kurs i CNC-teknik.")
    action = ActionItem.objects.create(
        council=council,
        meeting=meeting,
        title="Ta fram en kursplan",
        owner=member,
        due=today + timedelta(days=10),
        status=ActionStatus.OPEN,
    )
    return World(
        council=council,
        federation=federation,
        school=school,
        outsider_org=outsider_org,
        federation_actor=federation_actor,
        company_actor=company_actor,
        chair=chair,
        member=member,
        meeting=meeting,
        decision=decision,
        action=action,
    )


def user(role: str, organisation: Organisation, email: str | None = None):
    fields = {"user__password": PASSWORD}
    if email:
        fields["user__email"] = email
    return AffiliationFactory(role=role, organisation=organisation, **fields).user


ROLE = Role
