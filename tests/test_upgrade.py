"""An installation with data upgrades (docs/deploy.md: `manage.py migrate` after a new
release). The tests otherwise only ever migrate empty databases, which hid that a migration
remaking campus_session on SQLite tripped the attendance triggers that name it: an existing
installation could not upgrade.

A SQLite database of its own is migrated to the schema of the release of 2026-12-04
(PREVIOUS_RELEASE), filled through that schema's historical models with a record of each
kind the later migrations touch (and those that hang on them: sessions with attendance,
registrations, tokens, responses), then upgraded by `manage.py migrate` as an administrator
would, in a process of its own. Every record is kept, the triggers are still there and the
new columns hold what the migrations promise."""

import json

from tests.processes import manage, small_network_env

# The last migration of each app of ours in the release of 2026-12-04 (commit a2cb7f1);
# apps not named are at the migrations they had then too (none had been added since), and
# Django's and the libraries' apps at theirs.
PREVIOUS_RELEASE = {
    "accounts": "0002_api_token_expiry_and_session_generation",
    "analysis": "0002_notices_to_notifications",
    "api": None,  # the app came after
    "audit": "0002_redaction",
    "campus": "0004_course_revisions",
    "collaboration": "0001_initial",
    "common": "0001_reindex_unicode_lower",
    "companies": "0004_name_trigrams",
    "competences": "0002_vocabulary_from_tags",
    "interchange": "0003_columns_chosen_by_hand",
    "network": "0004_membership_fee_amounts",
    "notifications": "0001_initial",
    "participants": "0008_waitlist_offer",
    "projects": "0006_retention",
    "questionnaires": "0003_retention_bounds",
    "reference": "0004_load_ssyk_sun",
    "reports": "0004_competence_analysis",
    "visits": "0007_visit_broker_given",
}

OLD_RELEASE = """
import json
from datetime import date, datetime, timedelta, UTC
from decimal import Decimal
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

previous = json.loads(PREVIOUS)
executor = MigrationExecutor(connection)
ours = set(previous)
targets = [(app, name) for app, name in previous.items()]
targets += [key for key in executor.loader.graph.leaf_nodes() if key[0] not in ours]
executor.migrate(targets)
apps = executor.loader.project_state([t for t in targets if t[1]]).apps
model = apps.get_model

created = datetime(2025, 3, 4, 9, 0, tzinfo=UTC)
org = model("network", "Organisation").objects.create(
    name="Lärcentrum Uppgradering", kind="learning_centre", municipality_id="1485",
    country_id="SE", created=created,
)
model("network", "Organisation").objects.filter(pk=org.pk).update(created=created)
model("network", "Contact").objects.create(organisation=org, name="Kim Kontakt")
model("network", "Event").objects.create(kind="network_meeting", date=date(2025, 3, 4))
model("network", "Collaboration").objects.create(established=date(2025, 3, 4))
model("network", "Membership").objects.create(organisation=org, year=2025)
course = model("campus", "Course").objects.create(
    provider=org, title_sv="Svetsning", title_en="Welding", description_sv="Kort.",
    status="published",
)
start = datetime(2025, 3, 10, 8, 0, tzinfo=UTC)
session = model("campus", "Session").objects.create(
    course=course, start=start, end=start + timedelta(hours=3), hours=Decimal("3"),
    sending_site=org, remote_capacity=5,
)
participant = model("participants", "Participant").objects.create(
    full_name="Deltagare Ett", email="deltagare@example.se", gender="F",
)
registration = model("participants", "Registration").objects.create(
    participant=participant, course=course, created=created,
)
model("participants", "Attendance").objects.create(
    session=session, participant=participant, hours=Decimal("3"),
)
model("projects", "Project").objects.create(name="Kompetenslyftet", funder="esf")
user = model("accounts", "User").objects.create(email="samordnare@example.se")
affiliation = model("accounts", "Affiliation").objects.create(
    user=user, organisation=org, role="coordinator",
)
model("accounts", "ApiToken").objects.create(
    affiliation=affiliation, name="Gammal", key_hash="0" * 64, key_hint="knav_0",
)
version = model("questionnaires", "QuestionnaireVersion").objects.filter(
    status="published"
).first()
model("questionnaires", "Response").objects.create(
    version=version, channel="public", submitted_on=date(2025, 3, 4),
)
print("filled")
"""

CHECK = """
import json
from django.db import connection
from kompetensnav.accounts.models import ApiToken
from kompetensnav.campus.models import Session
from kompetensnav.network.models import Collaboration, Contact, Event, Membership, Organisation
from kompetensnav.participants.models import Attendance, Registration
from kompetensnav.projects.models import Project
from kompetensnav.questionnaires.models import Response

with connection.cursor() as cursor:
    cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    triggers = sorted(row[0] for row in cursor.fetchall())
models = [Organisation, Contact, Event, Collaboration, Membership, Session, Registration,
          Attendance, Project, ApiToken, Response]
registration = Registration.objects.get()
session = Session.objects.get()
print(json.dumps({
    "counts": {m.__name__: m.objects.count() for m in models},
    "triggers": triggers,
    "registration_changed_when_created": registration.updated == registration.created,
    "organisation_changed_when_created": all(
        o.updated == o.created for o in Organisation.objects.all()
    ),
    "contact_changed": Contact.objects.get().updated,
    "teacher": [session.teacher_id, session.teacher_given],
    "scopes": ApiToken.objects.get().scopes,
}, default=str))
"""


def test_an_installation_of_the_previous_release_with_data_upgrades(tmp_path):
    env = small_network_env(tmp_path / "installed.sqlite3", PREVIOUS=json.dumps(PREVIOUS_RELEASE))
    script = "import os; PREVIOUS = os.environ['PREVIOUS']\n" + OLD_RELEASE
    assert manage(env, "shell", "-c", script).strip().endswith("filled")

    manage(env, "migrate", "--no-input")  # the upgrade

    out = json.loads(manage(env, "shell", "-c", CHECK).strip().splitlines()[-1])
    assert out["counts"] == {
        "Organisation": 1, "Contact": 1, "Event": 1, "Collaboration": 1, "Membership": 1,
        "Session": 1, "Registration": 1, "Attendance": 1, "Project": 1, "ApiToken": 1,
        "Response": 1,
    }  # fmt: skip
    assert {
        "campus_session_not_below_attendance",
        "participants_attendance_within_session_insert",
        "participants_attendance_within_session_update",
    } <= set(out["triggers"])
    assert out["registration_changed_when_created"] and out["organisation_changed_when_created"]
    assert out["contact_changed"] is None  # no creation time to take: listed until it changes
    assert out["teacher"] == [None, ""]
    assert out["scopes"] == ["read"]  # a token made before scopes may only read
