"""Demo users (password kompetensnav-demo) and invented staff for the demo organisations."""

import unicodedata

from django.contrib.auth.hashers import make_password

from kompetensnav.common.demodata import DEMO_DOMAIN, DEMO_PASSWORD, DemoContext

from .enums import Role
from .models import Affiliation, User

# (login, name, role, organisation name)
DEMO_LOGINS = [
    ("samordnare", "Samordnare Demo", Role.COORDINATOR, "Lärcentranätverket Västsverige (demo)"),
    ("maklare", "Mäklare Demo", Role.BROKER, "Lärcentrum Lidköping"),
    ("anordnare", "Anordnare Demo", Role.COURSE_PROVIDER, "Vuxenutbildningen Uddevalla"),
    ("styrelse", "Styrelse Demo", Role.BOARD, "Vuxenutbildningen Borås"),
    ("admin", "Admin Demo", Role.ORG_ADMIN, "Lärcentrum Lidköping"),
]
STAFF_ROLES = [Role.ORG_ADMIN, Role.BROKER, Role.COURSE_PROVIDER, Role.VIEWER]


def _ascii(text: str) -> str:
    return (
        unicodedata.normalize("NFKD", text)
        .encode("ascii", "ignore")
        .decode()
        .lower()
        .replace(" ", ".")
    )


def seed(context: DemoContext) -> None:
    organisations = {o.name: o for o in context.data["organisations"]}
    users: list[User] = []
    affiliations: list[tuple[int, int, str]] = []
    password_hash = make_password(DEMO_PASSWORD)

    for login, name, role, org_name in DEMO_LOGINS:
        users.append(User(email=f"{login}@{DEMO_DOMAIN}", full_name=name, password=password_hash))
        affiliations.append((len(users) - 1, organisations[org_name].pk, role))

    seen: set[str] = {u.email for u in users}
    for organisation in context.data["organisations"]:
        for role in context.rng.sample(STAFF_ROLES, k=2):
            name = context.person_name()
            email = f"{_ascii(name)}.{organisation.pk}@{DEMO_DOMAIN}"
            if email in seen:
                continue
            seen.add(email)
            users.append(User(email=email, full_name=name, password=password_hash))
            affiliations.append((len(users) - 1, organisation.pk, role))

    User.objects.bulk_create(users)
    by_email = {u.email: u.pk for u in User.objects.filter(email__in=seen)}
    Affiliation.objects.bulk_create(
        Affiliation(user_id=by_email[users[i].email], organisation_id=org_id, role=role)
        for i, org_id, role in affiliations
    )
    # The coordinator also acts for one member, to show switching between organisations.
    coordinator = User.objects.get(email=f"samordnare@{DEMO_DOMAIN}")
    Affiliation.objects.create(
        user=coordinator, organisation=organisations["Vuxenutbildningen Borås"], role=Role.ORG_ADMIN
    )
    context.data["users"] = len(users)


def summary(context: DemoContext) -> str:
    logins = ", ".join(login for login, *_ in DEMO_LOGINS)
    return f"{context.data['users']} users (demo logins: {logins})"
