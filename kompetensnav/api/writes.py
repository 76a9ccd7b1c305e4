"""What every write operation shares: the token's scope, safe retries and safe updates.

- Scope: a write needs its TokenScope on the token (besides the role's permission, which
  the service checks); a read needs `read` (auth.TokenAuth). Missing: 403 saying which.
- Idempotency-Key (POST): the first answer is kept with the write, in the same transaction;
  the same key with the same request gets that answer again (`Idempotent-Replayed: true`)
  and writes nothing, the same key with another request is a 422. Two requests racing with
  one key: the second waits for the first and then gets its answer.
- ETag / If-Match: a single record's answer carries an ETag (a hash of its JSON); an update
  sent with `If-Match` is refused with 412 when the record has changed since.
"""

import hashlib
import json
from collections.abc import Callable
from typing import Any

from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Schema

from kompetensnav.accounts.enums import TokenScope
from kompetensnav.audit.registry import AUDITED
from kompetensnav.common.text import has_control_characters

from .models import IdempotentRequest
from .responses import InvalidParameter

IDEMPOTENCY_HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255


class PreconditionFailed(Exception):
    """If-Match names another version than the record's current one: a 412."""


class IdempotencyKeyReused(Exception):
    """The key was used with another request: a 422."""


def require_scope(request: HttpRequest, scope: TokenScope) -> None:
    token = request.api_token  # type: ignore[attr-defined]
    if not token.allows(scope):
        raise PermissionDenied(
            _(
                "This token may not do this: it lacks “%(scope)s” (%(label)s). Create a token "
                "that may, under Account → API tokens."
            )
            % {"scope": scope.value, "label": scope.label}
        )


def body_of(schema: type[Schema], obj: object) -> dict[str, Any]:
    """The JSON the API answers with for `obj` in `schema`."""
    return schema.from_orm(obj).model_dump(mode="json")


def etag_of(body: dict[str, Any]) -> str:
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False).encode()
    return '"' + hashlib.sha256(canonical).hexdigest()[:32] + '"'


def json_answer(
    body: dict[str, Any], *, status: int = 200, location: str = "", etag: bool = True
) -> HttpResponse:
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    response["Content-Language"] = translation.get_language()
    if etag:
        response["ETag"] = etag_of(body)
    if location:
        response["Location"] = location
    return response


def check_if_match(request: HttpRequest, current: dict[str, Any]) -> None:
    """412 unless If-Match (when sent) names the record's current ETag (or is `*`)."""
    wanted = request.headers.get("If-Match")
    if wanted is None:
        return
    tags = {tag.strip().removeprefix("W/") for tag in wanted.split(",")}
    if "*" not in tags and etag_of(current) not in tags:
        raise PreconditionFailed


def _idempotency_key(request: HttpRequest) -> str:
    key = request.headers.get(IDEMPOTENCY_HEADER, "")
    if len(key) > MAX_KEY_LENGTH or has_control_characters(key):
        raise InvalidParameter(
            IDEMPOTENCY_HEADER,
            _("The Idempotency-Key may be at most %(max)s characters on one line.")
            % {"max": MAX_KEY_LENGTH},
            source="header",
        )
    return key.strip()


def _fingerprint(request: HttpRequest) -> str:
    digest = hashlib.sha256(f"{request.method} {request.get_full_path()}\n".encode())
    digest.update(request.body)
    return digest.hexdigest()


def _replay(
    request: HttpRequest, key: str, fingerprint: str, etag: bool = True
) -> HttpResponse | None:
    kept = IdempotentRequest.objects.filter(
        token=request.api_token,  # type: ignore[attr-defined]
        key=key,
    ).first()
    if kept is None:
        return None
    if kept.fingerprint != fingerprint:
        raise IdempotencyKeyReused
    response = json_answer(kept.body, status=kept.status, location=kept.location, etag=etag)
    response["Idempotent-Replayed"] = "true"
    return response


def _text(value: object) -> str:
    return "None" if value is None else str(value)


def _audit(request: HttpRequest, record: object, *, created: bool) -> None:
    """Every write is in the audit log. The models with personal data are logged by
    django-auditlog on save (audit.registry); for the others an API write adds the entry
    itself, with the token's user as actor: what a new record holds, or what was sent."""
    if not isinstance(record, Model) or record._meta.label in AUDITED:
        return
    if created:
        changes = {
            field.name: ["None", _text(field.value_from_object(record))]
            for field in record._meta.concrete_fields
            if not field.primary_key
        }
    else:
        try:
            sent = json.loads(request.body or b"{}")
        except ValueError:
            sent = {}
        changes = {str(name): ["", _text(value)] for name, value in dict(sent).items()}
    LogEntry.objects.log_create(
        record,
        force_log=True,
        action=LogEntry.Action.CREATE if created else LogEntry.Action.UPDATE,
        changes=changes,
    )


def write(
    request: HttpRequest,
    *,
    scope: TokenScope,
    schema: type[Schema],
    run: Callable[[], object],
    status: int = 200,
    location: Callable[[Any], str] | None = None,
    etag: bool = True,
) -> HttpResponse:
    """Do a write (`run`, which calls a service and returns the record) for a token with
    `scope`, and answer with the record in `schema` (with its ETag unless `etag` is False:
    an answer that is no record), once per Idempotency-Key."""
    require_scope(request, scope)
    key = _idempotency_key(request)
    fingerprint = _fingerprint(request) if key else ""
    if key and (replayed := _replay(request, key, fingerprint, etag)) is not None:
        return replayed
    try:
        with transaction.atomic():
            if key:
                # first, so that a request racing with the same key waits here for this one
                kept = IdempotentRequest.objects.create(
                    token=request.api_token,  # type: ignore[attr-defined]
                    key=key,
                    fingerprint=fingerprint,
                    status=status,
                    body={},
                )
            record = run()
            _audit(request, record, created=status == 201)
            body = body_of(schema, record)
            where = location(record) if location is not None else ""
            if key:
                kept.body, kept.location = body, where
                kept.save(update_fields=["body", "location"])
    except IntegrityError:
        if key and (replayed := _replay(request, key, fingerprint, etag)) is not None:
            return replayed
        raise
    return json_answer(body, status=status, location=where, etag=etag)


def referenced[M: Model](model: type[M], field: str, **lookup: object) -> M:
    """The record a write's body names (`field`), or a 422 on that field saying none has it."""
    found = model._default_manager.filter(**lookup).first()
    if found is None:
        raise ValidationError({field: _("Nothing has this id or code.")})
    return found


def all_referenced[M: Model](model: type[M], field: str, key: str, values: list) -> list[M]:
    """Every record a write's body names by `key` in `values` (a list), or a 422 on `field`."""
    found = list(model._default_manager.filter(**{f"{key}__in": set(values)}))
    if len(found) != len(set(values)):
        raise ValidationError({field: _("Nothing has this id or code.")})
    return found
