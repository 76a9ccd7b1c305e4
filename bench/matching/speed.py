"""How fast the engine is at network scale: 20,000 courses.

    .venv/bin/python bench/matching/speed.py [--courses 20000] [--needs 50]

The courses are synthetic: three sentences drawn from the labelled set's course descriptions,
a title of words from them, and a few made-up words so that the vocabulary grows as a real
catalogue's would; tags are drawn from the taxonomy. Their embeddings are random unit vectors
(precomputed, as the Django side stores them). The needs are the labelled set's, and each
``rank`` computes the need's embedding itself with e5 (one thread), as a page would.

Prints the time to build the index, and per need: the e5 query embedding, the scoring alone
(``rank`` with a precomputed embedding) and the whole ``rank``.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import time

import benchdata as bd
import numpy as np

from kompetensnav.analysis.matching import CourseDoc, CourseIndex, Vocabulary, embed_query
from kompetensnav.analysis.matching.embeddings import DIMENSION

SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ne",
    "su",
    "ta",
    "ri",
    "vo",
    "pe",
    "ly",
    "gå",
    "sä",
    "kö",
    "bru",
    "fle",
    "tra",
    "sk",
    "ning",
    "het",
    "ande",
    "are",
]


def synthetic_courses(n: int, seed: int = 11) -> list[CourseDoc]:
    rng = random.Random(seed)
    labelled = bd.courses()
    sentences = [s for c in labelled for s in re.split(r"(?<=[.!?])\s+", c.text) if s]
    pool = [w for s in sentences for w in s.split() if len(w) > 3]
    areas = [a.key for a in bd.areas()]
    out = []
    for i in range(n):
        title = " ".join(rng.choice(pool) for _ in range(rng.randint(2, 4)))
        made_up = " ".join(
            "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(5)
        )
        body = " ".join(rng.choice(sentences) for _ in range(3))
        tags = tuple(rng.sample(areas, rng.randint(1, 2)))
        out.append(CourseDoc(i, f"{title}\n{body} {made_up}", tags))
    return out


def random_unit_vectors(n: int, seed: int = 7) -> np.ndarray:
    rng = np.random.default_rng(seed)
    vectors = rng.standard_normal((n, DIMENSION)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def summary(wall: list[float], cpu: list[float]) -> str:
    def fmt(values):
        values = sorted(values)
        p95 = values[min(len(values) - 1, int(0.95 * len(values)))]
        return f"median {1000 * statistics.median(values):6.1f} ms, p95 {1000 * p95:6.1f} ms"

    return f"wall {fmt(wall)};  CPU {fmt(cpu)}"


def timed(fn):
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--courses", type=int, default=20_000)
    parser.add_argument("--needs", type=int, default=50)
    args = parser.parse_args()

    courses = synthetic_courses(args.courses)
    vectors = random_unit_vectors(len(courses))
    vocabulary = Vocabulary(bd.areas())
    built = {}
    wall, cpu = timed(lambda: built.setdefault("index", CourseIndex(courses, vocabulary, vectors)))
    index = built["index"]
    print(
        f"index of {len(courses)} courses built in {wall:.2f} s wall, {cpu:.2f} s CPU "
        f"({len(index.terms)} terms, {index.course_words.nnz} term weights)"
    )

    needs = [n.doc for n in bd.needs()][: args.needs]
    embed_query("uppvärmning")  # load the model once, as a running server has
    times = {"embed": ([], []), "score": ([], []), "whole": ([], [])}
    for need in needs:
        vector = embed_query(need.text)
        for name, fn in (
            ("embed", lambda need=need: embed_query(need.text)),
            ("score", lambda need=need, vector=vector: index.rank(need, embedding=vector)),
            ("whole", lambda need=need: index.rank(need)),
        ):
            wall, cpu = timed(fn)
            times[name][0].append(wall)
            times[name][1].append(cpu)
    print(f"e5 query embedding:              {summary(*times['embed'])}")
    print(f"rank, embedding given (scoring): {summary(*times['score'])}")
    print(f"rank, embedding computed inside: {summary(*times['whole'])}")
    print(f"load average while measuring: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
