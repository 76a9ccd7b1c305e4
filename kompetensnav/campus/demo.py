"""Demo courses: every member offers one to three short company courses over about a year
and a half around today (so the catalogue always has upcoming sessions), most of them
published, the rest spread over the workflow. Sessions are sent live from the provider to
two to four receiving sites in West Sweden, about weekly, with remote places.

Left in context.data for later demos (participants: registrations and attendance):
- "courses": every demo course (Course objects, ordered by pk),
- "published_courses": the published ones,
- "sessions": every session, with `course_id` and `start`.

The demo logins get work: anordnare@ (Vuxenutbildningen Uddevalla) has a draft of its own
and publishes "Kampanjer på sociala medier" (journeys 3 and 4: sent to Borås and Falköping
and remotely); styrelse@ finds several submitted courses in the review queue; "Svenska för
yrkeslivet" from Skövde starts next month (journey 1)."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from kompetensnav.accounts.models import User
from kompetensnav.common.demodata import DEMO_DOMAIN, DemoContext
from kompetensnav.competences.models import CompetenceArea
from kompetensnav.competences.services import area_find_or_create
from kompetensnav.network.enums import OrganisationKind
from kompetensnav.network.models import Organisation

from . import notices
from .enums import CourseAction, CourseStatus, ReviewDecision
from .models import Course, CourseLogEntry, CourseReview, Session, SessionSite

# (Swedish title, English title, areas, SEQF level, format, target group)
CATALOGUE = [
    (
        "Kampanjer på sociala medier",
        "Social media campaigns",
        ["Sociala medier", "Marknadsföring"],
        4,
        "live_stream",
        "Anställda inom handel och besöksnäring",
    ),
    (
        "Svenska för yrkeslivet",
        "Swedish for working life",
        ["Svenska för yrkeslivet"],
        2,
        "hybrid",
        "Nyanställda med annat modersmål",
    ),
    (
        "Kundbemötande i besöksnäringen",
        "Customer care in the visitor industry",
        ["Besöksnäring", "Kundbemötande"],
        3,
        "live_stream",
        "Personal på hotell, camping och restaurang",
    ),
    ("CNC-grunder", "CNC basics", ["CNC-teknik"], 4, "on_site", "Operatörer inom tillverkning"),
    ("Truckkort", "Forklift licence", ["Lager och logistik"], 2, "on_site", "Lagerpersonal"),
    (
        "Hållbarhet och miljöcertifiering",
        "Sustainability and environmental certification",
        ["Hållbarhet", "Miljöcertifiering"],
        5,
        "live_stream",
        "Miljöansvariga och chefer i småföretag",
    ),
    (
        "Digitalt ledarskap",
        "Digital leadership",
        ["Ledarskap", "Digital kompetens"],
        5,
        "online",
        "Chefer och arbetsledare",
    ),
    (
        "Excel i vardagen",
        "Everyday Excel",
        ["Digital kompetens", "Ekonomi och administration"],
        3,
        "live_stream",
        "Administrativ personal",
    ),
    (
        "Svetsning – grundkurs",
        "Welding, basic course",
        ["Svetsning"],
        3,
        "on_site",
        "Nya medarbetare i verkstad",
    ),
    (
        "Livsmedelshygien",
        "Food hygiene",
        ["Restaurang och storkök"],
        2,
        "live_stream",
        "Kök och servering",
    ),
    (
        "Värdskap och service",
        "Hosting and service",
        ["Besöksnäring", "Kundbemötande"],
        3,
        "hybrid",
        "Säsongsanställda",
    ),
    (
        "Arbetsmiljö och säkerhet",
        "Work environment and safety",
        ["Arbetsmiljö"],
        3,
        "live_stream",
        "Skyddsombud och arbetsledare",
    ),
    ("Automation och PLC", "Automation and PLC", ["Automation"], 5, "hybrid", "Underhållstekniker"),
    (
        "Grafisk formgivning för sociala medier",
        "Graphic design for social media",
        ["Sociala medier"],
        4,
        "online",
        "Marknadsförare i småföretag",
    ),
    (
        "Bemötande inom vård och omsorg",
        "Patient care communication",
        ["Vård och omsorg", "Kundbemötande"],
        3,
        "live_stream",
        "Undersköterskor och vårdbiträden",
    ),
    (
        "E-handel för småföretag",
        "E-commerce for small businesses",
        ["Handel", "Digital kompetens"],
        4,
        "live_stream",
        "Butiksägare och e-handlare",
    ),
    (
        "Ekonomi för icke-ekonomer",
        "Finance for non-accountants",
        ["Ekonomi och administration"],
        4,
        "online",
        "Projektledare och chefer",
    ),
    (
        "Möbeltapetsering",
        "Furniture upholstery",
        ["Möbel och inredning"],
        3,
        "on_site",
        "Anställda i möbelindustrin",
    ),
    (
        "Lean i produktionen",
        "Lean production",
        ["Produktion", "Ledarskap"],
        4,
        "hybrid",
        "Produktionspersonal",
    ),
    (
        "Yrkessvenska för vården",
        "Vocational Swedish for care work",
        ["Svenska för yrkeslivet", "Vård och omsorg"],
        2,
        "live_stream",
        "Vårdpersonal med annat modersmål",
    ),
    (
        "Guidning och upplevelser",
        "Guiding and experiences",
        ["Besöksnäring"],
        3,
        "live_stream",
        "Guider och upplevelseföretag",
    ),
    (
        "Digital marknadsföring",
        "Digital marketing",
        ["Marknadsföring", "Digital kompetens"],
        4,
        "live_stream",
        "Småföretagare",
    ),
]
REVIEW_COMMENTS = [
    "Tydligt behovsunderlag från företagsbesöken. Godkänd.",
    "Bra upplägg med mottagande lärcentra. Godkänd.",
    "Godkänd. Tänk på att nå både kvinnor och män i målgruppen.",
    "Godkänd som pilot; följ upp närvaron efter första tillfället.",
    "Väl avgränsad och på rätt nivå. Godkänd.",
]
SEND_BACK_COMMENTS = [
    "Beskriv målgruppen tydligare och ange nivå enligt SeQF.",
    "Ange vilka mottagande lärcentra som är tillfrågade.",
    "Kursen överlappar en befintlig utbildning; förtydliga skillnaden.",
]
ROOMS = ["Studierummet", "Sal 1", "Sal 2", "Konferensrummet", "Lärcentrets studio", "Aulan"]
SUBMITTED_WAITING = 4


def _members(context: DemoContext) -> list[Organisation]:
    return [
        o
        for o in context.data["organisations"]
        if o.kind in (OrganisationKind.LEARNING_CENTRE, OrganisationKind.ADULT_EDUCATION)
    ]


def _at(day, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def seed(context: DemoContext) -> None:
    rng = context.rng
    today = timezone.localdate()
    members = _members(context)
    by_name = {o.name: o for o in members}
    areas: dict[str, CompetenceArea] = {}
    for _sv, _en, names, *_rest in CATALOGUE:
        for name in names:
            areas[name] = area_find_or_create(name=name)

    plan: list[dict] = []  # one entry per course, filled in below

    def add(org, entry, status, first_day, **extra):
        plan.append({"org": org, "entry": entry, "status": status, "first": first_day, **extra})

    titles = {entry[0]: entry for entry in CATALOGUE}
    # the fixed stories of the journeys
    uddevalla = by_name["Vuxenutbildningen Uddevalla"]
    add(
        uddevalla,
        titles["Kampanjer på sociala medier"],
        CourseStatus.PUBLISHED,
        today + timedelta(days=12),
        sites=[by_name["Vuxenutbildningen Borås"], by_name["Vuxenutbildningen Falköping"]],
        sessions=3,
    )
    add(uddevalla, titles["Digitalt ledarskap"], CourseStatus.DRAFT, today + timedelta(days=70))
    add(
        uddevalla,
        titles["Kundbemötande i besöksnäringen"],
        CourseStatus.ARCHIVED,
        today - timedelta(days=300),
    )
    add(
        by_name["Vuxenutbildningen Skövde"],
        titles["Svenska för yrkeslivet"],
        CourseStatus.PUBLISHED,
        (today.replace(day=1) + timedelta(days=40)).replace(day=6),
    )
    fixed = {"Vuxenutbildningen Uddevalla", "Vuxenutbildningen Skövde"}
    waiting = 0
    for org in members:
        if org.name in fixed:
            continue
        for entry in rng.sample(CATALOGUE, rng.randint(1, 3)):
            roll = rng.random()
            if waiting < SUBMITTED_WAITING and roll < 0.12:
                status, waiting = CourseStatus.SUBMITTED, waiting + 1
            elif roll < 0.18:
                status = CourseStatus.DRAFT
            elif roll < 0.23:
                status = CourseStatus.APPROVED
            elif roll < 0.33:
                status = CourseStatus.ARCHIVED
            else:
                status = CourseStatus.PUBLISHED
            if status == CourseStatus.ARCHIVED:
                first = today - timedelta(days=rng.randint(150, 420))
            elif status == CourseStatus.PUBLISHED:
                first = today + timedelta(days=rng.randint(-200, 240))
            else:
                first = today + timedelta(days=rng.randint(30, 200))
            add(org, entry, status, first)
    # the board always has something to review
    for item in plan:
        if waiting >= SUBMITTED_WAITING:
            break
        if item["status"] == CourseStatus.DRAFT and item["org"] is not uddevalla:
            item["status"], waiting = CourseStatus.SUBMITTED, waiting + 1

    courses = [_course(context, item, n) for n, item in enumerate(plan, start=1)]
    Course.objects.bulk_create(courses)
    courses = list(Course.objects.filter(external_id__startswith="demo-course-").order_by("pk"))
    Through = Course.areas.through
    Through.objects.bulk_create(
        Through(course_id=c.pk, competencearea_id=areas[name].pk)
        for c, item in zip(courses, plan, strict=True)
        for name in item["entry"][2]
    )
    _history(context, courses, plan)
    sessions = _sessions(context, courses, plan, members)
    context.data["courses"] = courses
    context.data["published_courses"] = [c for c in courses if c.status == CourseStatus.PUBLISHED]
    context.data["sessions"] = sessions
    # the board's notifications of the courses waiting for it, as the services write them
    for course in courses:
        if course.status == CourseStatus.SUBMITTED:
            entry = course.log.filter(action=CourseAction.SUBMITTED).latest("pk")
            notices.review_step(course=course, name="submit", entry=entry)


def _course(context: DemoContext, item: dict, n: int) -> Course:
    sv, en, _areas, level, delivery, target = item["entry"]
    rng = context.rng
    pilot = rng.random() < 0.2
    return Course(
        external_id=f"demo-course-{n}",
        provider=item["org"],
        title_sv=sv,
        title_en=en,
        description_sv=(
            f"{sv} är en kort behovsbaserad utbildning som tagits fram efter "
            f"kompetensmäklarnas företagsbesök. Utbildningen sänds från {item['org'].name} "
            "och kan följas på mottagande lärcentra eller på distans. (Demodata.)"
        ),
        description_en=(
            f"{en}: a short needs-based course developed after the competence brokers' "
            "company visits, sent live to receiving learning centres and online. (Demo data.)"
        ),
        seqf_level_id=level,
        format=delivery,
        target_group=target,
        pilot=pilot,
        status=item["status"],
    )


def _history(context: DemoContext, courses: list[Course], plan: list[dict]) -> None:
    rng = context.rng
    board = _user(f"styrelse@{DEMO_DOMAIN}")
    provider = _user(f"anordnare@{DEMO_DOMAIN}")
    entries: list[CourseLogEntry] = []
    reviews: list[CourseReview] = []
    for course, item in zip(courses, plan, strict=True):
        actor = provider if course.provider.name == "Vuxenutbildningen Uddevalla" else None
        moment = timezone.make_aware(
            datetime.combine(item["first"] - timedelta(days=rng.randint(40, 90)), time(10))
        )
        if item["status"] == CourseStatus.DRAFT:
            moment = min(moment, timezone.now() - timedelta(days=3))

        def log(action, comment="", who=actor, days=0, course=course):
            nonlocal moment
            moment = min(moment + timedelta(days=days, hours=2), timezone.now())
            entries.append(
                CourseLogEntry(
                    course=course, action=action, actor=who, comment=comment, created=moment
                )
            )

        log(CourseAction.CREATED)
        if item["status"] == CourseStatus.DRAFT:
            continue
        log(CourseAction.SUBMITTED, days=rng.randint(2, 7))
        if item["status"] == CourseStatus.SUBMITTED:
            continue
        if rng.random() < 0.2:
            comment = rng.choice(SEND_BACK_COMMENTS)
            log(CourseAction.SENT_BACK, comment, board, days=rng.randint(3, 10))
            reviews.append((course, ReviewDecision.SENT_BACK, comment, moment))
            log(CourseAction.SUBMITTED, days=rng.randint(2, 6))
        comment = rng.choice(REVIEW_COMMENTS)
        log(CourseAction.APPROVED, comment, board, days=rng.randint(3, 14))
        reviews.append((course, ReviewDecision.APPROVED, comment, moment))
        if item["status"] == CourseStatus.APPROVED:
            continue
        log(CourseAction.PUBLISHED, days=rng.randint(1, 5))
        if item["status"] == CourseStatus.ARCHIVED:
            log(CourseAction.ARCHIVED, days=rng.randint(100, 140))
    # created is auto_now_add, which bulk_create overwrites: set the story's times afterwards
    times = [e.created for e in entries]
    saved = CourseLogEntry.objects.bulk_create(entries)
    for entry, wanted in zip(saved, times, strict=True):
        entry.created = wanted
    CourseLogEntry.objects.bulk_update(saved, ["created"])
    made = CourseReview.objects.bulk_create(
        CourseReview(course=c, reviewer=board, decision=d, comment=t) for c, d, t, _m in reviews
    )
    for review, (_c, _d, _t, moment) in zip(made, reviews, strict=True):
        review.created = moment
    CourseReview.objects.bulk_update(made, ["created"])


def _user(email: str):
    return User.objects.filter(email=email).first()


def _sessions(
    context: DemoContext, courses: list[Course], plan: list[dict], members: list[Organisation]
) -> list[Session]:
    rng = context.rng
    subregion_of = dict(
        Organisation.objects.filter(pk__in=[m.pk for m in members]).values_list(
            "pk", "municipality__subregion_id"
        )
    )
    sessions: list[Session] = []
    sites: list[tuple[int, Organisation, str, int]] = []
    for course, item in zip(courses, plan, strict=True):
        count = item.get("sessions") or rng.randint(3, 6)
        if course.format == "online":
            receivers: list[Organisation] = []
        elif "sites" in item:
            receivers = item["sites"]
        else:
            near = [
                m
                for m in members
                if m.pk != course.provider_id
                and subregion_of.get(m.pk) == subregion_of.get(course.provider_id)
            ]
            pool = near if len(near) >= 4 else [m for m in members if m.pk != course.provider_id]
            receivers = rng.sample(pool, rng.randint(2, 4))
        remote = 0 if course.format == "on_site" else rng.choice([10, 15, 20, 30])
        hour = rng.choice([8, 9, 13])
        length = rng.choice([2, 3, 3, 4])
        for week in range(count):
            day = item["first"] + timedelta(days=7 * week)
            while day.weekday() >= 5:
                day += timedelta(days=1)
            start = _at(day, hour)
            end = start + timedelta(hours=length)
            hours = Decimal(length) - (Decimal("0.5") if length >= 3 and rng.random() < 0.3 else 0)
            sessions.append(
                Session(
                    external_id=f"{course.external_id}-s{week + 1}",
                    course=course,
                    start=start,
                    end=end,
                    hours=hours,
                    sending_site=course.provider,
                    remote_capacity=remote,
                    stream_link=(
                        f"https://video.{DEMO_DOMAIN}/{course.external_id}"
                        if course.format != "on_site"
                        else ""
                    ),
                )
            )
            for receiver in receivers:
                sites.append((len(sessions) - 1, receiver, rng.choice(ROOMS), rng.randint(8, 25)))
    Session.objects.bulk_create(sessions)
    saved = list(
        Session.objects.filter(course__in=courses).order_by("pk").only("pk", "course_id", "start")
    )
    by_external = {s.external_id: s.pk for s in Session.objects.filter(course__in=courses)}
    SessionSite.objects.bulk_create(
        SessionSite(
            session_id=by_external[sessions[index].external_id],
            organisation=org,
            room=room,
            capacity=capacity,
        )
        for index, org, room, capacity in sites
    )
    return saved


def summary(context: DemoContext) -> str:
    courses = context.data["courses"]
    published = len(context.data["published_courses"])
    waiting = sum(1 for c in courses if c.status == CourseStatus.SUBMITTED)
    return (
        f"{len(courses)} courses ({published} published, {waiting} waiting for review), "
        f"{len(context.data['sessions'])} sessions, {SessionSite.objects.count()} receiving sites"
    )
