"""The webhooks pages in the permission matrix (tests/test_permission_matrix.py); the API's
operations have their own matrix (test_access.py)."""

from kompetensnav.accounts.enums import Role
from kompetensnav.api.models import DeliveryStatus, WebhookDelivery, WebhookSubscription
from tests.permissions import Route

# an organisation's admin for its organisation, a coordinator for the whole network
MANAGERS = {Role.COORDINATOR.value, Role.ORG_ADMIN.value}


def _key(w) -> str:
    return "network" if w["role"] == Role.COORDINATOR.value else "own"


def _own(w):
    return {"pk": w["webhooks"][_key(w)].pk}


def _foreign(w):
    return {"pk": w["webhooks"]["foreign"].pk}


def _own_delivery(w):
    return {"pk": w["failed_deliveries"][_key(w)].pk}


def _foreign_delivery(w):
    return {"pk": w["failed_deliveries"]["foreign"].pk}


ROUTES = {
    "webhooks:webhook_list": Route(allowed=MANAGERS),
    "webhooks:webhook_detail": Route(allowed=MANAGERS, kwargs=_own, foreign_kwargs=_foreign),
    "webhooks:webhook_delete": Route(allowed=MANAGERS, kwargs=_own, foreign_kwargs=_foreign),
    "webhooks:delivery_retry": Route(
        allowed=MANAGERS,
        method="post",
        ok=302,
        kwargs=_own_delivery,
        foreign_kwargs=_foreign_delivery,
    ),
}


def extend_world(world: dict) -> None:
    network_org = world["users"][Role.COORDINATOR.value].affiliations.get().organisation
    organisations = {
        "own": world["own_org"],
        "foreign": world["foreign_org"],
        "network": network_org,
    }
    world["webhooks"], world["failed_deliveries"] = {}, {}
    for key, organisation in organisations.items():
        subscription = WebhookSubscription.objects.create(
            organisation=organisation,
            whole_network=key == "network",
            name=f"System {key}",
            url="https://example.se/hook",
            secret="s",
            events=["registration.created"],
        )
        world["webhooks"][key] = subscription
        world["failed_deliveries"][key] = WebhookDelivery.objects.create(
            subscription=subscription,
            event="registration.created",
            payload={},
            status=DeliveryStatus.FAILED,
            attempts=6,
        )
