"""The labelled set of bench/matching: loading, the dev/test split and the measures.

Shared by evaluate.py, calibrate.py and speed.py (run from the repository root, e.g.
``.venv/bin/python bench/matching/evaluate.py``).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from kompetensnav.analysis.matching import Area, CourseDoc, NeedDoc  # noqa: E402


@dataclass(frozen=True)
class LabelledNeed:
    doc: NeedDoc
    accept: frozenset  # acceptable course ids; empty: no adequate course exists
    decoys: tuple  # for an unmatchable need: the courses that share words but do not meet it

    @property
    def split(self) -> str:
        return split_of(self.doc.key)

    @property
    def matchable(self) -> bool:
        return bool(self.accept)


# Needs up to this id were written first; the test half of those was seen once before the
# engine's last changes. The later needs (the second batch) were written after that run.
FIRST_BATCH_LAST_ID = 182


def batch_of(need_id: int) -> int:
    return 1 if need_id <= FIRST_BATCH_LAST_ID else 2


def split_of(need_id: int) -> str:
    """Odd ids calibrate (dev), even ids report (test): fixed, and blind to the content."""
    return "dev" if need_id % 2 else "test"


def _load(name: str):
    with open(HERE / name, encoding="utf-8") as f:
        return json.load(f)


def areas() -> list[Area]:
    return [
        Area(a["key"], tuple(a["labels"]), tuple(a["synonyms"])) for a in _load("taxonomy.json")
    ]


def course_text(course: dict) -> str:
    """As the Django side writes it: titles and description, one per line."""
    parts = [course["title_sv"], course.get("title_en", ""), course["description"]]
    return "\n".join(p.strip() for p in parts if p and p.strip())


def need_text(need: dict) -> str:
    """As the Django side writes it: the area as the broker named it, then the description."""
    return "\n".join(p for p in (need.get("area", "").strip(), need["text"].strip()) if p)


def courses() -> list[CourseDoc]:
    return [CourseDoc(c["id"], course_text(c), tuple(c["areas"])) for c in _load("courses.json")]


def course_titles() -> dict[int, str]:
    return {c["id"]: c["title_sv"] for c in _load("courses.json")}


def needs() -> list[LabelledNeed]:
    return [
        LabelledNeed(
            NeedDoc(n["id"], need_text(n), tuple(n["areas"])),
            frozenset(n["accept"]),
            tuple(n.get("decoys", ())),
        )
        for n in _load("needs.json")
    ]


@dataclass
class Measures:
    n_matchable: int
    n_unmatchable: int
    hit1: float  # an acceptable course is the first suggestion (matchable needs)
    hit3: float  # ... among the first three suggestions
    mrr: float  # mean reciprocal rank of the first acceptable suggestion (0 when none)
    silent_unmatchable: float  # unmatchable needs left without a suggestion (higher is better)
    silent_matchable: float  # matchable needs wrongly left without a suggestion

    def row(self) -> list[str]:
        return [
            f"{self.hit1:.3f}",
            f"{self.hit3:.3f}",
            f"{self.mrr:.3f}",
            f"{self.silent_unmatchable:.3f}",
            f"{self.silent_matchable:.3f}",
        ]


def measure(labelled: list[LabelledNeed], suggestions: dict) -> Measures:
    """``suggestions``: need id -> the suggested course ids, best first, after the threshold
    (what a broker sees). A matchable need left silent counts as a miss in hit@k and MRR."""
    matchable = [n for n in labelled if n.matchable]
    unmatchable = [n for n in labelled if not n.matchable]
    hit1 = hit3 = rr = silent_m = 0.0
    for n in matchable:
        shown = suggestions[n.doc.key]
        if not shown:
            silent_m += 1
        first = next((i for i, c in enumerate(shown) if c in n.accept), None)
        if first is not None:
            rr += 1.0 / (first + 1)
            hit1 += first == 0
            hit3 += first < 3
    silent_u = sum(1 for n in unmatchable if not suggestions[n.doc.key])
    m, u = max(len(matchable), 1), max(len(unmatchable), 1)
    return Measures(
        len(matchable), len(unmatchable), hit1 / m, hit3 / m, rr / m, silent_u / u, silent_m / m
    )


def suggestions_from(scores, course_keys, labelled, threshold, top_k=5) -> dict:
    """need id -> course ids scoring at least ``threshold``, best first (ties by course order)."""
    out = {}
    for row, n in enumerate(labelled):
        order = sorted(range(len(course_keys)), key=lambda i: (-scores[row][i], i))
        out[n.doc.key] = [course_keys[i] for i in order[:top_k] if scores[row][i] >= threshold]
    return out


# The target asks for hit@3 >= 0.9; dev is small, so the threshold keeps some room above it.
HIT3_FLOOR = 0.92


def best_threshold(scores, course_keys, labelled) -> tuple[float, Measures]:
    """The threshold (0.01 to 0.95) that leaves the most unmatchable needs silent while hit@3
    (matchable needs; a need left silent is a miss) stays at least HIT3_FLOOR: the lowest
    such threshold, since a higher one only loses suggestions. When no threshold keeps
    hit@3 that high (the baseline), the one with the best mean of hit@3 and silent share."""
    results = []
    for threshold in [round(0.01 * i, 2) for i in range(1, 96)]:
        m = measure(labelled, suggestions_from(scores, course_keys, labelled, threshold))
        results.append((threshold, m))
    feasible = [(t, m) for t, m in results if m.hit3 >= HIT3_FLOOR]
    if feasible:
        most = max(m.silent_unmatchable for _, m in feasible)
        return next((t, m) for t, m in feasible if m.silent_unmatchable == most)
    best = max((m.hit3 + m.silent_unmatchable) / 2 for _, m in results)
    ties = [(t, m) for t, m in results if (m.hit3 + m.silent_unmatchable) / 2 == best]
    return ties[len(ties) // 2]
