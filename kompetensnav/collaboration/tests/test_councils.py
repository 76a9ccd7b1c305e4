"""Industry councils: who sees and manages them, the pages, and the services' refusals."""

from datetime import date, timedelta

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from kompetensnav.accounts.enums import Role
from kompetensnav.collaboration.enums import ActionStatus, CouncilKind, Level
from kompetensnav.collaboration.models import ActionItem, Actor, Council, CouncilMember, Meeting
from kompetensnav.collaboration.services import councils as services
from kompetensnav.reference.models import Municipality, SniCode, Subregion
from tests.factories import OrganisationFactory

from .council_world import at, build, user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build()


@pytest.fixture
def coordinator_user(world):
    return user(Role.COORDINATOR, OrganisationFactory(kind="network"))


def detail_url(world) -> str:
    return reverse("collaboration:council_detail", args=[world.council.pk])


# --- who sees a council ------------------------------------------------------------------------


def test_council_is_seen_by_coordinators_the_strategic_level_members_and_seat_holders(
    world, client_for, coordinator_user
):
    seers = [
        coordinator_user,
        user(Role.BOARD, world.federation),  # the strategic level
        user(Role.VIEWER, world.outsider_org, email="Ledamot@Example.se"),  # a member by e-mail
        user(Role.BROKER, world.federation),  # acts for an organisation with a seat
    ]
    for person in seers:
        response = client_for(person).get(detail_url(world))
        assert response.status_code == 200, person.email
        assert "Ta fram en kursplan" in response.text
        listing = client_for(person).get(reverse("collaboration:council_list"))
        assert "Branschråd möbel och inredning" in listing.text


def test_council_is_not_found_by_others(world, client_for):
    outsider = user(Role.ORG_ADMIN, world.outsider_org)
    client = client_for(outsider)
    assert client.get(detail_url(world)).status_code == 404
    assert (
        client.get(reverse("collaboration:meeting_detail", args=[world.meeting.pk])).status_code
        == 404
    )
    listing = client.get(reverse("collaboration:council_list"))
    assert "Branschråd möbel" not in listing.text
    assert "No industry councils yet." in listing.text or "Inga branschråd" in listing.text
    # a strategic-level organisation's broker is not the strategic level
    Actor.objects.create(organisation=world.outsider_org, level=Level.STRATEGIC)
    broker = user(Role.BROKER, world.outsider_org)
    assert client_for(broker).get(detail_url(world)).status_code == 404


def test_managing_routes_of_an_unseen_council_answer_404(world, client_for):
    from .routes_councils import ROUTES

    outsider = client_for(user(Role.ORG_ADMIN, world.outsider_org))
    objects = {
        "own_council": world.council,
        "own_member": world.member,
        "own_meeting": world.meeting,
        "own_decision": world.decision,
        "own_action": world.action,
    }
    managed = [
        name for name, route in ROUTES.items() if route.allowed == {"coordinator", "org_admin"}
    ]
    assert len(managed) == 15
    for name in managed:
        route = ROUTES[name]
        url = reverse(name, kwargs=route.kwargs(objects))
        response = getattr(outsider, route.method)(url, {"status": "done"})
        assert response.status_code == 404, name


def test_council_is_managed_by_its_chair_and_coordinators_only(world, client_for, coordinator_user):
    edit = reverse("collaboration:council_edit", args=[world.council.pk])
    chair = user(Role.VIEWER, world.outsider_org, email="ordforande@example.se")
    member = user(Role.VIEWER, world.outsider_org, email="ledamot@example.se")
    assert client_for(chair).get(edit).status_code == 200
    assert client_for(coordinator_user).get(edit).status_code == 200
    assert client_for(member).get(edit).status_code == 403
    page = client_for(member).get(detail_url(world)).text
    assert reverse("collaboration:meeting_create", args=[world.council.pk]) not in page


# --- the council page ---------------------------------------------------------------------------


def test_council_page_lists_open_actions_first_and_marks_overdue(
    world, client_for, coordinator_user
):
    today = timezone.localdate()
    ActionItem.objects.create(
        council=world.council,
        title="Skicka inbjudan",
        owner=world.chair,
        due=today - timedelta(days=2),
    )
    ActionItem.objects.create(
        council=world.council,
        title="Boka lokal",
        owner=world.chair,
        due=today - timedelta(days=30),
        status=ActionStatus.DONE,
        done_on=today - timedelta(days=29),
    )
    text = client_for(coordinator_user).get(detail_url(world)).text
    overdue, open_later, closed = (
        text.index("Skicka inbjudan"),
        text.index("Ta fram en kursplan"),
        text.index("Boka lokal"),
    )
    assert overdue < open_later < closed
    assert text.count("försenad") >= 1


def test_council_list_counts_in_a_fixed_number_of_queries(
    world, client_for, coordinator_user, django_assert_max_num_queries
):
    for n in range(8):
        council = Council.objects.create(
            name=f"Råd {n}", industry_id="C", subregion_id="skaraborg", started=date(2026, 1, 1)
        )
        member = CouncilMember.objects.create(council=council, actor=world.company_actor, name="X")
        ActionItem.objects.create(council=council, title="Y", owner=member, due=date(2026, 2, 1))
    client = client_for(coordinator_user)
    client.get(reverse("collaboration:council_list"))
    with django_assert_max_num_queries(14):
        response = client.get(reverse("collaboration:council_list"))
    assert response.text.count("Råd ") >= 8


def test_council_list_filters_by_industry_division_under_its_section(
    world, client_for, coordinator_user
):
    client = client_for(coordinator_user)
    assert (
        "Branschråd möbel"
        in client.get(reverse("collaboration:council_list"), {"industry": "C"}).text
    )
    assert (
        "Branschråd möbel"
        not in client.get(reverse("collaboration:council_list"), {"industry": "49"}).text
    )
    # a value the form does not accept is left out, as without it
    assert (
        "Branschråd möbel"
        in client.get(
            reverse("collaboration:council_list"), {"industry": "ZZ", "subregion": "nowhere"}
        ).text
    )


def test_council_create_refuses_a_temporary_council_without_end_and_keeps_the_input(
    world, client_for, coordinator_user
):
    response = client_for(coordinator_user).post(
        reverse("collaboration:council_create"),
        {
            "name": "Akut: förare",
            "industry": "49",
            "subregion": "skaraborg",
            "kind": CouncilKind.TEMPORARY,
            "started": "2026-11-01",
        },
    )
    assert response.status_code == 200
    assert "Ett tillfälligt råd behöver ett slutdatum." in response.text
    assert 'value="Akut: förare"' in response.text
    assert not Council.objects.filter(name="Akut: förare").exists()


def test_council_create_by_the_strategic_level(world, client_for):
    board = user(Role.BOARD, world.federation)
    response = client_for(board).post(
        reverse("collaboration:council_create"),
        {
            "name": "Akut: förare",
            "industry": "49",
            "subregion": "skaraborg",
            "kind": CouncilKind.TEMPORARY,
            "started": "2026-11-01",
            "ends": "2027-06-30",
        },
    )
    council = Council.objects.get(name="Akut: förare")
    assert response.status_code == 302 and response.url == council.get_absolute_url()
    assert council.created_by == board and council.ends == date(2027, 6, 30)
    # an organisation admin of an operative organisation may not
    operative = user(Role.ORG_ADMIN, world.school)
    assert client_for(operative).get(reverse("collaboration:council_create")).status_code == 403


def test_council_municipality_must_lie_in_its_subregion(world):
    fields = services.CouncilFields(
        name="Fel",
        industry=SniCode.objects.get(code="31"),
        subregion=Subregion.objects.get(slug="skaraborg"),
        municipality=Municipality.objects.get(code="1485"),  # Uddevalla, Fyrbodal
        started=date(2026, 1, 1),
    )
    with pytest.raises(ValidationError) as error:
        services.council_create(actor=None, fields=fields)
    assert "municipality" in error.value.message_dict


def test_council_delete_refuses_while_an_initiative_starts_from_its_decision(world):
    from kompetensnav.collaboration.models import Initiative

    initiative = Initiative.objects.create(
        title="CNC-kurs", kind="course", owner=world.federation_actor
    )
    initiative.decision = world.decision
    initiative.save()
    with pytest.raises(ValidationError):
        services.council_delete(actor=None, council=world.council)
    initiative.decision = None
    initiative.save()
    services.council_delete(actor=None, council=world.council)
    assert not Council.objects.exists() and not CouncilMember.objects.exists()


# --- members ------------------------------------------------------------------------------------


def test_member_email_is_unique_on_a_council_whatever_its_case(world):
    fields = services.MemberFields(
        actor=world.company_actor, name="Dubblett", email="LEDAMOT@example.se"
    )
    with pytest.raises(ValidationError) as error:
        services.member_add(actor=None, council=world.council, fields=fields)
    assert "email" in error.value.message_dict


def test_a_new_chair_takes_over(world):
    services.member_update(
        actor=None,
        member=world.member,
        fields=services.MemberFields(
            actor=world.company_actor,
            name="Ledamot Test",
            email="ledamot@example.se",
            is_chair=True,
        ),
    )
    chairs = list(world.council.members.filter(is_chair=True))
    assert chairs == [world.member]


def test_member_with_open_actions_cannot_be_removed(world, client_for, coordinator_user):
    url = reverse("collaboration:member_remove", args=[world.member.pk])
    response = client_for(coordinator_user).post(url)
    assert response.status_code == 200
    assert "Ledamot Test" in response.text and "öppna" in response.text
    assert CouncilMember.objects.filter(pk=world.member.pk).exists()
    world.action.delete()
    response = client_for(coordinator_user).post(url)
    assert response.status_code == 302
    assert not CouncilMember.objects.filter(pk=world.member.pk).exists()


# --- meetings and decisions ---------------------------------------------------------------------


def test_meeting_refuses_attendees_of_another_council_and_an_end_before_the_start(world):
    other = Council.objects.create(
        name="Annat", industry_id="C", subregion_id="skaraborg", started=date(2026, 1, 1)
    )
    stranger = CouncilMember.objects.create(
        council=other, actor=world.company_actor, name="Främling"
    )
    day = timezone.localdate() + timedelta(days=20)
    with pytest.raises(ValidationError) as error:
        services.meeting_create(
            actor=None,
            council=world.council,
            fields=services.MeetingFields(
                starts_at=at(day, 9), ends_at=at(day, 11), attendees=[stranger]
            ),
        )
    assert "attendees" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.meeting_create(
            actor=None,
            council=world.council,
            fields=services.MeetingFields(starts_at=at(day, 11), ends_at=at(day, 9)),
        )
    assert "ends_at" in error.value.message_dict


def test_meeting_is_created_on_the_page_with_attendance(world, client_for, coordinator_user):
    day = timezone.localdate() + timedelta(days=20)
    response = client_for(coordinator_user).post(
        reverse("collaboration:meeting_create", args=[world.council.pk]),
        {
            "starts_at": f"{day:%Y-%m-%d}T13:00",
            "ends_at": f"{day:%Y-%m-%d}T15:00",
            "place": "Tibro",
            "agenda": "1. Läget\n2. Kurser",
            "attendees": [world.chair.pk],
        },
    )
    meeting = Meeting.objects.get(starts_at=at(day, 13))
    assert response.status_code == 302
    assert list(meeting.attendees.all()) == [world.chair]
    page = client_for(coordinator_user).get(detail_url(world)).text
    assert reverse("collaboration:meeting_detail", args=[meeting.pk]) in page


def test_decision_is_added_on_the_meeting_page(world, client_for):
    chair = user(Role.VIEWER, world.outsider_org, email="ordforande@example.se")
    client = client_for(chair)
    url = reverse("collaboration:decision_add", args=[world.meeting.pk])
    assert client.post(url, {"text": ""}).status_code == 200  # refused: required
    response = client.post(url, {"text": "Bjud in gymnasiet."})
    assert response.status_code == 302
    page = client.get(reverse("collaboration:meeting_detail", args=[world.meeting.pk])).text
    assert "Bjud in gymnasiet." in page and "Starta en kurs i CNC-teknik." in page


# --- action items -------------------------------------------------------------------------------


def test_action_owner_must_sit_on_the_council(world):
    other = Council.objects.create(
        name="Annat", industry_id="C", subregion_id="skaraborg", started=date(2026, 1, 1)
    )
    stranger = CouncilMember.objects.create(
        council=other, actor=world.company_actor, name="Främling"
    )
    with pytest.raises(ValidationError) as error:
        services.action_create(
            actor=None,
            council=world.council,
            fields=services.ActionFields(title="X", owner=stranger, due=date(2026, 12, 24)),
        )
    assert "owner" in error.value.message_dict


def test_action_owner_marks_their_own_action_done_but_not_others(world, client_for):
    owner = user(Role.VIEWER, world.outsider_org, email="ledamot@example.se")
    other = ActionItem.objects.create(
        council=world.council, title="Chefens sak", owner=world.chair, due=date(2026, 12, 24)
    )
    client = client_for(owner)
    response = client.post(
        reverse("collaboration:action_status", args=[world.action.pk]), {"status": "done"}
    )
    assert response.status_code == 302
    world.action.refresh_from_db()
    assert world.action.status == ActionStatus.DONE and world.action.done_on == timezone.localdate()
    assert (
        client.post(
            reverse("collaboration:action_status", args=[other.pk]), {"status": "done"}
        ).status_code
        == 403
    )
    # reopening clears the date it was done
    client.post(reverse("collaboration:action_status", args=[world.action.pk]), {"status": "open"})
    world.action.refresh_from_db()
    assert world.action.status == ActionStatus.OPEN and world.action.done_on is None


def test_action_create_without_members_asks_for_members_first(world, client_for, coordinator_user):
    empty = Council.objects.create(
        name="Tomt", industry_id="C", subregion_id="skaraborg", started=date(2026, 1, 1)
    )
    response = client_for(coordinator_user).get(
        reverse("collaboration:action_create", args=[empty.pk])
    )
    assert response.status_code == 302
    assert response.url == reverse("collaboration:member_add", args=[empty.pk])


# --- the calendar feed --------------------------------------------------------------------------


def test_council_feed_is_read_back_as_icalendar_and_its_address_can_be_renewed(
    world, client, client_for, coordinator_user
):
    day = timezone.localdate() + timedelta(days=7)
    Meeting.objects.create(
        council=world.council, starts_at=at(day, 9), ends_at=at(day, 12), place="Tibro\r\nrum 2"
    )
    url = reverse("collaboration:council_feed", args=[world.council.feed_key])
    response = client.get(url)  # calendar programs do not log in
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 2
    assert {str(e["location"]) for e in events} == {"Tibro", "Tibro rum 2"}
    assert all("Branschråd möbel och inredning" in str(e["summary"]) for e in events)
    assert str(calendar["x-wr-calname"]) == "Branschråd möbel och inredning"

    client_for(coordinator_user).post(
        reverse("collaboration:council_feed_renew", args=[world.council.pk])
    )
    assert client.get(url).status_code == 404
    world.council.refresh_from_db()
    assert (
        client.get(reverse("collaboration:council_feed", args=[world.council.feed_key])).status_code
        == 200
    )
    assert client.get(reverse("collaboration:council_feed", args=["nope"])).status_code == 404


def test_council_feed_address_is_shown_only_to_those_who_see_the_council(world, client_for):
    member = user(Role.VIEWER, world.outsider_org, email="ledamot@example.se")
    assert world.council.feed_key in client_for(member).get(detail_url(world)).text
