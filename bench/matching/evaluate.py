"""The product's matcher and a plain TF-IDF baseline on the labelled set, dev and test.

    .venv/bin/python bench/matching/evaluate.py [--cache /tmp/e5.npz] [--misses dev|test]

For each split and matcher: hit@1, hit@3 and MRR over the matchable needs (on what a broker
sees, after the threshold: a matchable need left silent is a miss), the share of unmatchable
needs left without a suggestion, and the share of matchable needs wrongly left silent.

- product: ``CourseIndex.rank`` as shipped (weights and threshold fitted on dev by
  calibrate.py), top 5.
- baseline: scikit-learn's TfidfVectorizer with its defaults (words, no stemming, no
  synonyms), cosine similarity, and the threshold that does best on dev by the same rule as
  the product's (benchdata.best_threshold).

The test split is also shown by batch: needs 1-182 (whose test half was seen once, before the
engine's last changes) and needs 183-257 (written after that, seen by no decision).
"""

from __future__ import annotations

import argparse

import benchdata as bd
import numpy as np
from calibrate import embeddings
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import linear_kernel

from kompetensnav.analysis.matching import CourseIndex, Vocabulary

HEADER = [
    "split",
    "matcher",
    "threshold",
    "hit@1",
    "hit@3",
    "MRR",
    "unmatched silent",
    "matched silent",
]


def baseline_scores(courses, needs) -> np.ndarray:
    vectorizer = TfidfVectorizer()
    course_matrix = vectorizer.fit_transform([c.text for c in courses])
    return linear_kernel(vectorizer.transform([n.doc.text for n in needs]), course_matrix)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", help="keep the e5 embeddings in this .npz between runs")
    parser.add_argument("--misses", choices=["dev", "test"], help="list the needs answered wrong")
    args = parser.parse_args()

    courses, needs = bd.courses(), bd.needs()
    course_vectors, need_vectors = embeddings(courses, needs, args.cache)
    index = CourseIndex(courses, Vocabulary(bd.areas()), embeddings=course_vectors)
    keys = [c.key for c in courses]

    product = {
        n.doc.key: [m.course for m in index.rank(n.doc, top_k=5, embedding=need_vectors[i])]
        for i, n in enumerate(needs)
    }
    base = baseline_scores(courses, needs)
    dev_rows = [i for i, n in enumerate(needs) if n.split == "dev"]
    base_threshold, _ = bd.best_threshold(base[dev_rows], keys, [needs[i] for i in dev_rows])
    baseline = bd.suggestions_from(base, keys, needs, base_threshold)

    rows = []
    subsets = {
        "dev": lambda n: n.split == "dev",
        "test": lambda n: n.split == "test",
        "test, batch 1": lambda n: n.split == "test" and bd.batch_of(n.doc.key) == 1,
        "test, batch 2": lambda n: n.split == "test" and bd.batch_of(n.doc.key) == 2,
    }
    for split, chosen in subsets.items():
        part = [n for n in needs if chosen(n)]
        for name, threshold, suggestions in (
            ("product", index.THRESHOLD, product),
            ("baseline", base_threshold, baseline),
        ):
            m = bd.measure(part, suggestions)
            rows.append([split, name, f"{threshold:.2f}", *m.row()])
        n_m = sum(n.matchable for n in part)
        print(f"{split}: {len(part)} needs, {n_m} matchable, {len(part) - n_m} unmatchable")
    print()
    print("| " + " | ".join(HEADER) + " |")
    print("|" + "|".join("---" for _ in HEADER) + "|")
    for row in rows:
        print("| " + " | ".join(row) + " |")

    if args.misses:
        titles = bd.course_titles()
        print(f"\nProduct's wrong answers on {args.misses}:")
        for n in needs:
            if n.split != args.misses:
                continue
            shown = product[n.doc.key]
            right = (not n.matchable and not shown) or (n.matchable and set(shown[:3]) & n.accept)
            if not right:
                text = n.doc.text.replace("\n", " | ")
                got = ", ".join(f"{c} {titles[c][:28]}" for c in shown[:3]) or "(silent)"
                want = sorted(n.accept) or "none"
                print(f"  need {n.doc.key} [{text[:70]}] wants {want}; got {got}")


if __name__ == "__main__":
    main()
