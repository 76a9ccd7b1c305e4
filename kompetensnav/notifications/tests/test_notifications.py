"""Notifications: written once per person and event, shown in the person's own list, opened
and marked read, mailed by each person's choice (the daily digest by default, at once, or
never), and sent by campus (review steps), visits (follow-ups due), analysis (needs without
an offer, tested there) and projects (co-financing)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from kompetensnav.accounts.enums import Role
from kompetensnav.campus import services as campus
from kompetensnav.notifications import services
from kompetensnav.notifications.models import Notification, Preference
from kompetensnav.participants.tests.factories import CourseFactory
from kompetensnav.visits.notices import followups_due_tell
from kompetensnav.visits.tests.factories import VisitFactory
from tests.factories import OrganisationFactory
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db

SUBMITTED = {"course": "Svetsning grund", "provider": "Lärcentrum Egen"}


def _notify(users, key="course:1:1", **extra):
    return services.notify(
        recipients=[u.pk for u in users],
        kind="course_submitted",
        key=key,
        params=SUBMITTED,
        url="/campus/1/",
        **extra,
    )


def test_each_person_is_told_once_and_only_if_they_want_it(make_user, own_org):
    board, chair, gone, muted = (make_user(Role.BOARD, own_org) for _ in range(4))
    gone.is_active = False
    gone.save()
    Preference.objects.create(user=muted, muted=["course_submitted"])
    assert _notify([board, chair, gone, muted]) == 2
    assert _notify([board, chair]) == 0  # the same event again: nothing twice
    assert _notify([board], key="course:1:2") == 1  # submitted again after changes
    assert set(Notification.objects.values_list("recipient", flat=True)) == {board.pk, chair.pk}
    with pytest.raises(ValueError, match="unregistered"):
        services.notify(recipients=[board.pk], kind="no_such_kind", key="x", params={})


def test_the_text_is_in_the_readers_language(make_user, own_org, client_for):
    board = make_user(Role.BOARD, own_org)
    _notify([board])
    client = client_for(board)
    html = client.get(reverse("notifications:list")).content.decode()
    assert "Svetsning grund (Lärcentrum Egen) väntar på styrelsens granskning" in html
    client.post(reverse("common:set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("notifications:list")).content.decode()
    assert "Svetsning grund (Lärcentrum Egen) waits for the board&#x27;s review" in html


def test_the_list_shows_only_ones_own_and_opening_marks_read(
    make_user, own_org, client_for, django_assert_max_num_queries
):
    board, other = make_user(Role.BOARD, own_org), make_user(Role.BOARD, own_org)
    for n in range(30):
        _notify([board, other], key=f"course:{n}:1")
    client = client_for(board)
    with django_assert_max_num_queries(12):  # a page of 25, whatever the number of rows
        response = client.get(reverse("notifications:list"))
    page = response.context["object_list"]
    assert len(page) == 25 and {n.recipient_id for n in page} == {board.pk}
    assert response.context["unread"] == 30
    assert "30 nya" in response.text  # the header's badge, read out as "Aviseringar, 30 nya"

    mine, theirs = page[0], Notification.objects.filter(recipient=other).first()
    opened = client.get(reverse("notifications:open", args=[mine.pk]))
    assert opened.status_code == 302 and opened["Location"] == "/campus/1/"
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert client.get(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None

    only_unread = client.get(reverse("notifications:list"), {"unread": "on"})
    assert only_unread.context["page_obj"].paginator.count == 29
    client.post(reverse("notifications:list"))
    assert not Notification.objects.filter(recipient=board, read_at=None).exists()
    assert Notification.objects.filter(recipient=other, read_at=None).count() == 30


def test_an_empty_list_says_so(make_user, own_org, client_for):
    html = client_for(make_user(Role.VIEWER, own_org)).get(reverse("notifications:list")).text
    assert "Inga aviseringar." in html


def test_a_link_elsewhere_is_never_followed(make_user, own_org, client_for):
    board = make_user(Role.BOARD, own_org)
    services.notify(
        recipients=[board.pk],
        kind="course_submitted",
        key="x",
        params=SUBMITTED,
        url="https://evil.example/",
    )
    notification = Notification.objects.get()
    response = client_for(board).get(reverse("notifications:open", args=[notification.pk]))
    assert response["Location"] == reverse("notifications:list")


def test_the_daily_digest_mails_each_person_once_with_what_is_new(
    make_user, own_org, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://kompetensnav.example.se"
    daily, at_once, never, read_it = (make_user(Role.BOARD, own_org) for _ in range(4))
    Preference.objects.create(user=at_once, delivery="immediately")
    Preference.objects.create(user=never, delivery="never")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _notify([daily, at_once, never, read_it])
        _notify([daily], key="course:2:1")
    run_queued_tasks()
    assert [m.to for m in mail.outbox] == [[at_once.email]]  # at once, by its own wish
    assert "https://kompetensnav.example.se/campus/1/" in mail.outbox[0].body
    Notification.objects.filter(recipient=read_it).update(read_at=timezone.now())
    old = Notification.objects.create(
        recipient=daily, kind="course_submitted", key="old", params=SUBMITTED
    )
    Notification.objects.filter(pk=old.pk).update(created=timezone.now() - timedelta(days=8))

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.digest_send() == 1
    run_queued_tasks()
    (digest,) = mail.outbox
    assert digest.to == [daily.email]
    assert digest.subject == "kompetensnav: 2 nya aviseringar"
    assert digest.body.count("väntar på styrelsens granskning") == 2
    assert "https://kompetensnav.example.se/notifications/settings/" in digest.body
    assert services.digest_send() == 0  # never twice


def test_preferences_offer_the_kinds_of_ones_roles_and_keep_the_others(
    make_user, own_org, client_for
):
    broker = make_user(Role.BROKER, own_org)
    Preference.objects.create(user=broker, muted=["course_submitted"])  # not a broker's kind
    client = client_for(broker)
    url = reverse("notifications:preferences")
    form = client.get(url).context["form"]
    offered = dict(form.fields["wanted"].choices)
    assert "followup_due" in offered and "course_submitted" not in offered
    assert form.initial == {"delivery": "daily", "wanted": list(offered)}

    response = client.post(url, {"delivery": "never", "wanted": []})
    assert response.status_code == 302
    preference = Preference.objects.get(user=broker)
    assert preference.delivery == "never"
    assert set(preference.muted) == {"course_submitted", *offered}

    refused = client.post(url, {"delivery": "hourly", "wanted": ["followup_due"]})
    assert refused.status_code == 200 and "delivery" in refused.context["form"].errors
    assert refused.context["form"]["wanted"].value() == ["followup_due"]  # kept as typed
    assert Preference.objects.get(user=broker).delivery == "never"


def test_the_start_page_shows_the_newest_unread(make_user, own_org, client_for):
    board = make_user(Role.BOARD, own_org)
    _notify([board])
    html = client_for(board).get(reverse("common:home")).text
    assert "1 ny avisering" in html and "väntar på styrelsens granskning" in html


def test_a_review_step_tells_the_people_it_concerns(make_user, own_org, coordinator):
    provider_org = OrganisationFactory(name="Kursgivaren")
    teacher = make_user(Role.COURSE_PROVIDER, provider_org)
    board = make_user(Role.BOARD, own_org)
    elsewhere = make_user(Role.COURSE_PROVIDER, own_org)
    course = CourseFactory(provider=provider_org, status="draft", title_sv="CNC grund")
    campus.course_submit(actor=teacher, course=course)
    submitted = Notification.objects.filter(kind="course_submitted")
    assert set(submitted.values_list("recipient", flat=True)) == {board.pk, coordinator.pk}
    assert submitted.first().text == "CNC grund (Kursgivaren) väntar på styrelsens granskning"

    campus.course_send_back(actor=board, course=course, comment="Beskriv målgruppen")
    back = Notification.objects.get(kind="course_sent_back")
    assert back.recipient == teacher and back.text.endswith("Beskriv målgruppen")
    campus.course_submit(actor=teacher, course=course)
    assert submitted.count() == 4  # the second submission is news again
    campus.course_approve(actor=board, course=course)
    approved = Notification.objects.get(kind="course_approved")
    assert approved.recipient == teacher and approved.url == reverse(
        "campus:course_detail", args=[course.pk]
    )
    assert not Notification.objects.filter(recipient=elsewhere).exists()


def test_follow_ups_due_are_told_once_per_date(broker, own_org):
    today = timezone.localdate()
    due = VisitFactory(organisation=own_org, visited_by=[broker], follow_up_date=today)
    VisitFactory(organisation=own_org, visited_by=[broker], follow_up_date=today + timedelta(1))
    VisitFactory(
        organisation=own_org, visited_by=[broker], follow_up_date=today, follow_up_done=True
    )
    assert followups_due_tell(today=today) == 1
    assert followups_due_tell(today=today) == 0
    (told,) = Notification.objects.filter(recipient=broker)
    assert told.url == reverse("visits:visit_detail", args=[due.pk])
    assert due.company.name in told.text
    due.follow_up_date = today + timedelta(days=7)  # moved: told again when it comes
    due.save()
    assert followups_due_tell(today=today + timedelta(days=7)) == 2
