"""Matching needs to courses, on top of the engine in `matching/` (pure Python: embeddings,
stemmed TF-IDF, character n-grams and the vocabulary's synonyms; see docs/matching.md).

- A course's or a need's embedding is made once, in the background, when its text changes
  (`course_vector_refresh`, `need_vector_refresh`, called by tasks.py); a page never waits
  for the model.
- One CourseIndex of the published courses is kept per process and rebuilt when a course
  vector or the vocabulary changes (a cheap stamp query decides).
- `need_match` stores the adequate courses of a need (NeedMatch, best first) or none: the
  need then has no adequate offer, and the providers whose education areas cover it and the
  coordinators are notified (notices.py: once per need and person, by kompetensnav.notifications).
- The same code serves the pages, the tasks and `manage.py match`."""

import hashlib
import threading
from dataclasses import dataclass
from datetime import timedelta

import numpy as np
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kompetensnav.accounts.acting import acting_user
from kompetensnav.campus.enums import CourseStatus
from kompetensnav.campus.models import Course
from kompetensnav.campus.services import course_create
from kompetensnav.common.actor import Actor
from kompetensnav.common.mail import queue_email
from kompetensnav.common.permissions import require_unless_system
from kompetensnav.competences.models import AreaSynonym, CompetenceArea
from kompetensnav.competences.selectors import vocabulary_rows
from kompetensnav.network.models import Organisation
from kompetensnav.visits.models import Need, Visit

from . import notices
from .matching import (
    Area,
    CourseDoc,
    CourseIndex,
    NeedDoc,
    Vocabulary,
    embed_passages,
    embed_queries,
)
from .models import (
    CourseProposal,
    CourseTip,
    CourseVector,
    NeedMatch,
    NeedVector,
)

DIM = 384
TOP_K = 5


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype="<f4").reshape(DIM).tobytes()


def _from_bytes(data: bytes | memoryview) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype="<f4")


# --- texts ---------------------------------------------------------------------------------


def course_text(course: Course) -> str:
    """What a course is matched on: its titles and descriptions (the areas go separately)."""
    parts = [course.title_sv, course.title_en, course.description_sv, course.description_en]
    target = getattr(course, "target_group", "")
    if target:
        parts.append(target)
    return "\n".join(p.strip() for p in parts if p and p.strip())


def need_text(need: Need) -> str:
    """What a need is matched on: the area as the broker named it, and the description."""
    return "\n".join(p for p in (need.area.name, (need.description or "").strip()) if p)


def course_doc(course: Course) -> CourseDoc:
    return CourseDoc(
        key=course.pk,
        text=course_text(course),
        areas=tuple(sorted(a.pk for a in course.areas.all())),
    )


def need_doc(need: Need) -> NeedDoc:
    return NeedDoc(key=need.pk, text=need_text(need), areas=(need.area_id,))


# --- embeddings ----------------------------------------------------------------------------


def course_vector_refresh(*, course: Course) -> bool:
    """Embed the course's text when it changed. True when a new embedding was stored."""
    text = course_text(course)
    digest = _hash(text)
    current = CourseVector.objects.filter(course=course).values_list("text_hash", flat=True)
    if current.first() == digest:
        return False
    vector = _embed_cached([text], passages=True)[0]
    CourseVector.objects.update_or_create(
        course=course, defaults={"vector": _to_bytes(vector), "text_hash": digest}
    )
    return True


def need_vector_refresh(*, need: Need) -> bool:
    text = need_text(need)
    digest = _hash(text)
    current = NeedVector.objects.filter(need=need).values_list("text_hash", flat=True)
    if current.first() == digest:
        return False
    vector = _embed_cached([text], passages=False)[0]
    NeedVector.objects.update_or_create(
        need=need,
        defaults={"vector": _to_bytes(vector), "text_hash": digest, "matched_at": None},
    )
    return True


def vectors_refresh(*, courses: QuerySet[Course], needs: QuerySet[Need], batch: int = 64) -> int:
    """Embed, in batches, the courses and needs whose text has no current embedding (the
    demo, and `match` on a database the worker has not been through). Returns how many."""
    made = 0
    stored_courses = dict(CourseVector.objects.values_list("course_id", "text_hash"))
    todo = [(c, course_text(c)) for c in courses]
    todo = [(c, t) for c, t in todo if stored_courses.get(c.pk) != _hash(t)]
    for start in range(0, len(todo), batch):
        chunk = todo[start : start + batch]
        vectors = _embed_cached([t for _c, t in chunk], passages=True)
        for (course, text), vector in zip(chunk, vectors, strict=True):
            CourseVector.objects.update_or_create(
                course=course, defaults={"vector": _to_bytes(vector), "text_hash": _hash(text)}
            )
        made += len(chunk)
    stored_needs = dict(NeedVector.objects.values_list("need_id", "text_hash"))
    needs_todo = [(n, need_text(n)) for n in needs.select_related("area")]
    needs_todo = [(n, t) for n, t in needs_todo if stored_needs.get(n.pk) != _hash(t)]
    for start in range(0, len(needs_todo), batch):
        needs_chunk = needs_todo[start : start + batch]
        vectors = _embed_cached([t for _n, t in needs_chunk], passages=False)
        for (need, text), vector in zip(needs_chunk, vectors, strict=True):
            NeedVector.objects.update_or_create(
                need=need,
                defaults={
                    "vector": _to_bytes(vector),
                    "text_hash": _hash(text),
                    "matched_at": None,
                },
            )
        made += len(needs_chunk)
    return made


_EMBEDDED: dict[tuple[bool, str], np.ndarray] = {}
_EMBEDDED_MAX = 20_000


def _embed_cached(texts: list[str], *, passages: bool) -> list[np.ndarray]:
    """Embeddings of texts, each distinct text once per process (the demo's needs repeat)."""
    keys = [(passages, _hash(t)) for t in texts]
    missing = list(
        dict.fromkeys((k, t) for k, t in zip(keys, texts, strict=True) if k not in _EMBEDDED)
    )
    if missing:
        embed = embed_passages if passages else embed_queries
        vectors = embed([t for _k, t in missing])
        if len(_EMBEDDED) + len(missing) > _EMBEDDED_MAX:
            _EMBEDDED.clear()
        for (key, _t), vector in zip(missing, vectors, strict=True):
            _EMBEDDED[key] = vector
    return [_EMBEDDED[k] for k in keys]


# --- the index of published courses, one per process ---------------------------------------


@dataclass
class _Cached:
    stamp: tuple
    index: CourseIndex | None
    vocabulary: Vocabulary


_cache: _Cached | None = None
_lock = threading.Lock()


def _stamp() -> tuple:
    courses = CourseVector.objects.filter(course__status=CourseStatus.PUBLISHED).aggregate(
        n=Count("pk"), last=Max("updated"), courses_changed=Max("course__updated")
    )
    areas = CompetenceArea.objects.aggregate(n=Count("pk"), last=Max("updated"))
    synonyms = AreaSynonym.objects.aggregate(n=Count("pk"), last=Max("pk"))
    return (
        courses["n"],
        courses["last"],
        courses["courses_changed"],
        areas["n"],
        areas["last"],
        synonyms["n"],
        synonyms["last"],
    )


def vocabulary() -> Vocabulary:
    return Vocabulary(
        Area(key=pk, labels=labels, synonyms=synonyms) for pk, labels, synonyms in vocabulary_rows()
    )


def course_index() -> tuple[CourseIndex | None, Vocabulary]:
    """The index of the published courses that have an embedding, and the vocabulary."""
    global _cache
    stamp = _stamp()
    cached = _cache
    if cached is not None and cached.stamp == stamp:
        return cached.index, cached.vocabulary
    with _lock:
        vocab = vocabulary()
        rows = list(
            CourseVector.objects.filter(course__status=CourseStatus.PUBLISHED)
            .select_related("course")
            .prefetch_related("course__areas")
            .order_by("course_id")
        )
        index = None
        if rows:
            docs = [course_doc(r.course) for r in rows]
            embeddings = np.vstack([_from_bytes(r.vector) for r in rows])
            index = CourseIndex(docs, vocab, embeddings=embeddings)
        _cache = _Cached(stamp, index, vocab)
        return index, vocab


def course_vector_touch(*, course: Course) -> None:
    """The course's areas or status changed without its text: the index is built again."""
    CourseVector.objects.filter(course=course).update(updated=timezone.now())


def forget_index() -> None:
    """Tests and the demo: the next call builds the index again."""
    global _cache
    _cache = None


# --- matching ------------------------------------------------------------------------------


def current_needs() -> QuerySet[Need]:
    """The needs matching is kept up to date for: those of visits in the last
    MATCH_NEEDS_YEARS years (older needs are history)."""
    years = getattr(settings, "MATCH_NEEDS_YEARS", 3)
    since = timezone.localdate() - timedelta(days=365 * years)
    return Need.objects.filter(visit_date__gte=since)  # by its index (Need.visit_date)


@transaction.atomic
def need_match(
    *, need: Need, notify: bool = True, index: CourseIndex | None = None
) -> list[NeedMatch]:
    """Find and store the adequate courses of a need (its embedding is made first if
    missing). Returns them best first; an empty list means no adequate offer. `index`: the
    course index when the caller matches many needs at once (built once, not per need)."""
    need = Need.objects.select_related("area").get(pk=need.pk)
    need_vector_refresh(need=need)
    stored = NeedVector.objects.select_for_update().get(need=need)
    if index is None:
        index, _vocab = course_index()
    found = []
    if index is not None:
        found = index.rank(need_doc(need), top_k=TOP_K, embedding=_from_bytes(stored.vector))
    first_time = stored.matched_at is None and not NeedMatch.objects.filter(need=need).exists()
    NeedMatch.objects.filter(need=need).delete()
    matches = NeedMatch.objects.bulk_create(
        NeedMatch(
            need=need,
            course_id=m.course,
            rank=rank,
            score=min(max(float(m.score), 0.0), 1.0),
            terms=list(m.terms),
            areas=list(m.areas),
        )
        for rank, m in enumerate(found, start=1)
    )
    stored.matched_at = timezone.now()
    stored.save(update_fields=["matched_at"])
    if not matches and notify and first_time:
        notices.unmet_need_tell(need=need)
    return matches


def needs_rematch(*, needs: QuerySet[Need] | None = None, batch: int = 500) -> int:
    """Match needs again (after courses or the vocabulary changed): each need's stored
    suggestions are replaced. No notices: those are for needs when they are saved."""
    needs = current_needs() if needs is None else needs
    count = 0
    index, _vocab = course_index()
    ids = list(needs.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        for need in Need.objects.filter(pk__in=ids[start : start + batch]).select_related("area"):
            need_match(need=need, notify=False, index=index)
            count += 1
    return count


# --- closing the loop: propose a course, tell a company, the daily digest -----------------


@transaction.atomic
def course_propose(
    *,
    actor: Actor,
    provider: Organisation,
    needs: list[Need],
    title_sv: str,
    description_sv: str,
    target_group: str = "",
) -> CourseProposal:
    """A draft course made from unmet needs, linked to them so that the board sees why it
    exists; its competence areas are the needs' areas."""
    require_unless_system(actor, "analysis.propose_course")
    if not needs:
        raise ValidationError(_("Choose at least one need."))
    areas = list({n.area_id: n.area for n in needs}.values())
    course = course_create(
        actor=actor,
        provider=provider,
        areas=areas,
        title_sv=title_sv.strip(),
        description_sv=description_sv.strip(),
        target_group=target_group.strip(),
    )
    proposal = CourseProposal.objects.create(course=course, created_by=acting_user(actor))
    proposal.needs.set(needs)
    return proposal


def tip_text(
    *,
    course: Course,
    need: Need | None,
    base_url: str,
    language: str = "sv",
    sender: Actor = None,
) -> dict[str, str]:
    """The e-mail a broker sends a company about a course: subject and body with the link to
    the course's public page (where one registers)."""
    link = base_url.rstrip("/") + reverse("catalogue:course_detail", kwargs={"pk": course.pk})
    with translation.override(language):
        context = {
            "course_title": course.title(language),
            "provider": course.provider.name,
            "need": need,
            "link": link,
            "sender": sender,
        }
        subject = _("A course for you: %(course)s") % {"course": course.title(language)}
        body = render_to_string("analysis/email/course_tip.txt", context)
    return {"subject": subject, "body": body}


@transaction.atomic
def course_tip_send(
    *,
    actor: Actor,
    visit: Visit,
    course: Course,
    need: Need | None,
    to: str,
    subject: str,
    body: str,
) -> CourseTip:
    """Send the company the e-mail about the course (after the commit, by the worker) and
    log it on the visit."""
    require_unless_system(actor, "analysis.tell_company")
    require_unless_system(actor, "visits.edit_visit", visit)
    if need is not None and need.visit_id != visit.pk:
        raise ValidationError(_("The need is not one of this visit's."))
    if course.status != CourseStatus.PUBLISHED:
        raise ValidationError(_("Only a published course can be suggested to a company."))
    tip = CourseTip.objects.create(
        visit=visit,
        need=need,
        course=course,
        sent_to=to.strip(),
        subject=subject.strip(),
        body=body,
        sent_by=acting_user(actor),
    )
    queue_email(subject=tip.subject, body=tip.body, to=[tip.sent_to])
    return tip


def _interchange_id(obj: Need) -> str:
    return obj.external_id or str(obj.pk)


def match_all(*, top_k: int = 3, batch: int = 200) -> dict[str, list[tuple[str, float]]]:
    """For every need in the database: its adequate published courses, best first, at most
    top_k, as (interchange id, score); [] for a need without one. Embeddings missing (the
    worker has not come to them, or an import skipped the signals) are made first."""
    vectors_refresh(
        courses=Course.objects.filter(status=CourseStatus.PUBLISHED), needs=Need.objects.all()
    )
    index, _vocab = course_index()
    course_ids: dict[int | str, str] = {
        pk: external or str(pk) for pk, external in Course.objects.values_list("pk", "external_id")
    }
    ranking: dict[str, list[tuple[str, float]]] = {}
    needs = Need.objects.select_related("area").order_by("pk")
    ids = list(needs.values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        chunk = list(needs.filter(pk__in=ids[start : start + batch]))
        vectors = dict(NeedVector.objects.filter(need__in=chunk).values_list("need_id", "vector"))
        for need in chunk:
            found = []
            if index is not None:
                embedding = _from_bytes(vectors[need.pk])
                found = index.rank(need_doc(need), top_k=top_k, embedding=embedding)
            ranking[_interchange_id(need)] = [
                (course_ids[m.course], round(float(m.score), 4)) for m in found
            ]
    return ranking
