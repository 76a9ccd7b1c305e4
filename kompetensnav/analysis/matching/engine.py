"""The matching engine: rank published courses for a need, or answer "no adequate offer".

Evidence for each (need, course) pair, combined by a logistic model whose weights and
threshold were fitted on the dev split of ``bench/matching`` (see docs/matching.md and
``bench/matching/calibrate.py``):

- ``word``: cosine of Snowball-stemmed word TF-IDF vectors. Compounds count their known parts
  too ("truckförarbehörighet" also counts "truck"); a need word no course uses is replaced by
  the course words one typo away, found by character 3–5-grams ("excell" -> "excel"); and the need is
  expanded with the labels of the taxonomy areas it mentions ("SoMe" adds "Marknadsföring i
  sociala medier").
- ``semantic``: the e5 cosine less the need's mean cosine over all indexed courses (raw e5
  cosines all lie between 0.8 and 0.9; what tells is how far a course stands out). With few
  courses the mean is drawn toward a prior, so a small catalogue is judged like a large one.
- ``area_missing``: the need's text names taxonomy areas (by label, synonym, abbreviation,
  inside a compound or with a typo) and the course carries none of them (PLC named, a CNC
  course offered). A course that carries a named area is spared this penalty: that is how a
  shared area counts as evidence.
- ``tag_missing``: the same for the areas the broker picked for the need, which are often
  missing or wrong, so a weaker sign.

Pure Python and numpy/scipy; no Django. Course texts are analysed once when the index is built;
a need is scored against every course with two sparse products and one dense one.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from .embeddings import DIMENSION, embed_passages, embed_queries, embed_query
from .text import (
    TYPO_SUBSTITUTION_MIN_LENGTH,
    Mention,
    Vocabulary,
    folded_words,
    is_stopword,
    split_compound,
    stem,
    within_one_edit,
    words,
)

Key = int | str


@dataclass(frozen=True)
class CourseDoc:
    key: Key
    text: str  # title(s) + description(s), any of sv/en
    areas: tuple = ()  # taxonomy keys the provider tagged


@dataclass(frozen=True)
class NeedDoc:
    key: Key
    text: str  # what the broker wrote: the area as typed, plus the description
    areas: tuple = ()  # taxonomy keys (may be empty or wrong)


@dataclass(frozen=True)
class Match:
    course: Key
    score: float  # calibrated, 0..1, comparable across needs
    terms: tuple[str, ...]  # why: the words (as the user wrote them) that matched
    areas: tuple = ()  # why: shared taxonomy areas


FEATURES = ("word", "semantic", "area_missing", "tag_missing")

# Fitted by bench/matching/calibrate.py on the dev split (odd need ids); see docs/matching.md.
WEIGHTS = {"word": 13.54, "semantic": 92.88, "area_missing": -1.43, "tag_missing": -0.56}
INTERCEPT = -6.70
# A need's mean e5 cosine over a catalogue, as measured on the dev split; it stands in for
# the catalogue's own mean with the weight of this many courses.
SEMANTIC_PRIOR_MEAN = 0.801
SEMANTIC_PRIOR_COURSES = 10
THRESHOLD = 0.14

# Compound parts count for half a word. A need word no course uses is taken for a typo of
# the course words one edit away (found among its nearest neighbours in character n-grams),
# which count for their n-gram similarity; a word that merely contains another is no typo
# ("ställning" is not "inställning").
COMPOUND_PART_WEIGHT = 0.5
FUZZY_CANDIDATES = 10
FUZZY_MIN_LENGTH = 4
# The labels of the areas a need mentions count for this much of a word the broker wrote.
EXPANSION_WEIGHT = 0.5
CHAR_NGRAMS = (3, 4, 5)


def _ngrams(word: str) -> list[str]:
    padded = f" {word} "
    return [padded[i : i + n] for n in CHAR_NGRAMS for i in range(len(padded) - n + 1)]


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def _unit_rows(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return (sparse.diags(1.0 / norms) @ matrix).tocsr()


class CourseIndex:
    """The published courses, analysed once, ready to be ranked for any need.

    ``embeddings`` are the stored passage embeddings in course order (``embed_passages``);
    without them the texts are embedded here (about 55 ms a course).
    """

    THRESHOLD: float = THRESHOLD

    def __init__(
        self,
        courses: list[CourseDoc],
        vocabulary: Vocabulary,
        embeddings: np.ndarray | None = None,
    ):
        self.courses = list(courses)
        self.keys = [c.key for c in self.courses]
        self.vocabulary = vocabulary
        n = len(self.courses)

        if embeddings is None:
            embeddings = embed_passages([c.text for c in self.courses])
        embeddings = np.asarray(embeddings, dtype=np.float32)
        if embeddings.shape != (n, DIMENSION):
            raise ValueError(
                f"embeddings must have shape ({n}, {DIMENSION}), not {embeddings.shape}"
            )
        self.embeddings = np.ascontiguousarray(embeddings)
        self.centroid = self.embeddings.mean(axis=0) if n else np.zeros(DIMENSION, np.float32)

        # Areas: the provider's tags. Only an untagged course gets the areas its text mentions:
        # a description names neighbouring areas too ("servering" in the alcohol course).
        self.area_columns = {key: i for i, key in enumerate(vocabulary.areas)}
        self.course_areas: list[tuple] = []
        for course in self.courses:
            keys = [k for k in course.areas if k in self.area_columns]
            if not keys:
                keys = vocabulary.areas_in(course.text)
            self.course_areas.append(tuple(dict.fromkeys(keys)))
        rows = [r for r, keys in enumerate(self.course_areas) for _ in keys]
        cols = [self.area_columns[k] for keys in self.course_areas for k in keys]
        self.area_matrix = sparse.csr_matrix(
            (np.ones(len(cols), dtype=np.float32), (rows, cols)),
            shape=(n, len(self.area_columns)),
        ).tocsc()

        # Words: each distinct word of the catalogue is analysed once (stem, compound parts),
        # then course x word counts times word x term weights give course x term weights.
        counts = [Counter(folded_words(c.text)) for c in self.courses]
        word_columns: dict[str, int] = {}
        rows, cols, vals = [], [], []
        for row, counter in enumerate(counts):
            for word, count in counter.items():
                rows.append(row)
                cols.append(word_columns.setdefault(word, len(word_columns)))
                vals.append(count)
        course_by_word = sparse.csr_matrix(
            (np.asarray(vals, dtype=np.float64), (rows, cols)), shape=(n, len(word_columns))
        )
        content = [w for w in word_columns if not is_stopword(w)]
        self.known_parts = {form for w in content for form in (w, stem(w)) if len(form) >= 4}
        for area in vocabulary.areas.values():
            for phrase in (*area.labels, *area.synonyms):
                self.known_parts.update(f for f in folded_words(phrase) if len(f) >= 4)
        self._compound_cache: dict[str, list[str]] = {}

        self.terms: dict[str, int] = {}
        rows, cols, vals = [], [], []
        for word in content:
            for term, weight in self._word_terms(word):
                rows.append(word_columns[word])
                cols.append(self.terms.setdefault(term, len(self.terms)))
                vals.append(weight)
        word_by_term = sparse.csr_matrix(
            (np.asarray(vals, dtype=np.float64), (rows, cols)),
            shape=(len(word_columns), len(self.terms)),
        )
        by_course = (course_by_word @ word_by_term).tocsr()
        by_course.sum_duplicates()
        by_course.eliminate_zeros()
        df = np.bincount(by_course.indices, minlength=len(self.terms))
        self.idf = np.log((1.0 + n) / (1.0 + df)) + 1.0
        self.unseen_idf = float(np.log(1.0 + n) + 1.0)
        by_course.data = 1.0 + np.log(by_course.data)  # sublinear tf; weights are >= 0.5
        by_course = _unit_rows(by_course @ sparse.diags(self.idf))
        self.course_words = by_course.astype(np.float32)  # course x term, rows of unit length

        # Character n-grams of the terms, to map an unknown need word to the nearest terms.
        self.term_list = list(self.terms)
        self.grams: dict[str, int] = {}
        rows, cols = [], []
        for row, term in enumerate(self.term_list):
            for gram in set(_ngrams(term)):
                rows.append(row)
                cols.append(self.grams.setdefault(gram, len(self.grams)))
        term_grams = sparse.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, cols)),
            shape=(len(self.term_list), len(self.grams)),
        )
        # gram -> terms, each term's n-gram vector of unit length: the nearest terms of a word
        # are found by touching only the postings of its own n-grams.
        self.gram_postings = _unit_rows(term_grams).T.tocsr().astype(np.float32)

    # -- analysis ---------------------------------------------------------------------------

    def _word_terms(self, word: str) -> list[tuple[str, float]]:
        """The terms a folded content word counts for: its stem, and its compound parts."""
        s = stem(word)
        out = [(s, 1.0)]
        parts = self._compound_cache.get(word)
        if parts is None:
            parts = split_compound(word, self.known_parts) if len(word) >= 8 else []
            if len(self._compound_cache) < 500_000:
                self._compound_cache[word] = parts
        out += [(p, COMPOUND_PART_WEIGHT) for p in map(stem, parts) if p != s]
        return out

    def _analyse(self, text: str) -> tuple[Counter, dict[str, str]]:
        """(term -> weight, term -> the word as written) of a need's text."""
        terms: Counter = Counter()
        surface: dict[str, str] = {}
        for written, folded in words(text):
            if is_stopword(folded):
                continue
            for term, weight in self._word_terms(folded):
                terms[term] += weight
                surface.setdefault(term, written)
        return terms, surface

    def _nearest_terms(self, term: str) -> list[tuple[str, float]]:
        """The index's terms one typo away from an unknown one ("excell" -> "excel"), with
        their similarity in character n-grams."""
        grams = set(_ngrams(term))
        cols = [self.grams[g] for g in grams if g in self.grams]
        if not cols:
            return []
        postings = self.gram_postings
        starts, ends = postings.indptr[cols], postings.indptr[np.asarray(cols) + 1]
        touched = np.concatenate([postings.indices[a:b] for a, b in zip(starts, ends, strict=True)])
        weights = np.concatenate([postings.data[a:b] for a, b in zip(starts, ends, strict=True)])
        sims = np.bincount(touched, weights, minlength=len(self.term_list))
        sims /= math.sqrt(len(grams))
        k = min(FUZZY_CANDIDATES, len(sims))
        best = np.argpartition(-sims, k - 1)[:k]
        best = sorted((i for i in best.tolist() if sims[i] > 0), key=lambda i: (-sims[i], i))
        return [
            (self.term_list[i], float(sims[i]))
            for i in best
            if within_one_edit(
                term, self.term_list[i], substitution_from=TYPO_SUBSTITUTION_MIN_LENGTH
            )
        ]

    def _need_terms(
        self, need: NeedDoc, mentions: list[Mention]
    ) -> tuple[dict[str, float], dict[str, str]]:
        """The need's weighted terms (its own words, and at EXPANSION_WEIGHT the labels of the
        areas it mentions), and for the terms of its own words, those words as written."""
        own, written = self._analyse(need.text)
        labels = dict.fromkeys(
            label
            for key in dict.fromkeys(m.area for m in mentions)
            for label in self.vocabulary.areas[key].labels
        )
        analysed = Counter(own)
        for term, count in self._analyse("\n".join(labels))[0].items():
            analysed[term] += EXPANSION_WEIGHT * count
        terms: dict[str, float] = {}
        surface: dict[str, str] = {}
        for term, count in analysed.items():
            near = []
            if term not in self.terms and len(term) >= FUZZY_MIN_LENGTH and not term.isdigit():
                near = self._nearest_terms(term)
            for other, weight in near or [(term, 1.0)]:
                terms[other] = terms.get(other, 0.0) + count * weight
                if term in written:
                    surface.setdefault(other, written[term])
        return terms, surface

    # -- scoring ----------------------------------------------------------------------------

    def _word_scores(self, terms: dict[str, float]) -> np.ndarray:
        """Cosine of the need's TF-IDF vector with every course's. Terms no course uses still
        count in the need's length, so a need mostly about something else scores lower."""
        query = np.zeros(len(self.terms), dtype=np.float32)
        norm = 0.0
        for term, count in terms.items():
            tf = 1.0 + math.log(count) if count >= 1 else count
            col = self.terms.get(term)
            weight = tf * (self.idf[col] if col is not None else self.unseen_idf)
            norm += weight * weight
            if col is not None:
                query[col] = weight
        if norm <= 0 or not query.any():
            return np.zeros(len(self.courses))
        return self.course_words @ (query / np.float32(math.sqrt(norm)))

    def _area_missing(self, keys: Iterable[Key]) -> np.ndarray:
        """1 for the courses that carry none of the named areas; 0 for all when none is named."""
        cols = sorted({self.area_columns[k] for k in keys if k in self.area_columns})
        if not cols:
            return np.zeros(len(self.courses))
        carried = np.asarray(self.area_matrix[:, cols].sum(axis=1)).ravel()
        return (carried == 0).astype(np.float64)

    def _semantic_reference(self, embedding: np.ndarray) -> float:
        """The need's mean cosine over the courses, drawn toward the mean seen on the labelled
        set when there are few courses (with one course the mean is that course itself)."""
        n = len(self.courses)
        mean = float(self.centroid @ embedding)
        return (n * mean + SEMANTIC_PRIOR_COURSES * SEMANTIC_PRIOR_MEAN) / (
            n + SEMANTIC_PRIOR_COURSES
        )

    def _prepare(self, need: NeedDoc):
        mentions = self.vocabulary.mentions(need.text)
        terms, surface = self._need_terms(need, mentions)
        return mentions, terms, surface

    def features(self, need: NeedDoc, embedding: np.ndarray, prepared=None) -> np.ndarray:
        """(len(FEATURES), n_courses): the evidence for each course, before weighting."""
        out = np.zeros((len(FEATURES), len(self.courses)), dtype=np.float64)
        if not self.courses:
            return out
        mentions, terms, _ = prepared or self._prepare(need)
        out[0] = self._word_scores(terms)
        embedding = np.asarray(embedding, dtype=np.float32).reshape(DIMENSION)
        # numpy's own loop rather than BLAS: BLAS threads only wait for a core on a busy
        # two-core server, and einsum is about twice as fast there (docs/matching.md).
        cosines = np.einsum("ij,j->i", self.embeddings, embedding)
        out[1] = cosines - self._semantic_reference(embedding)
        out[2] = self._area_missing(m.area for m in mentions)
        out[3] = self._area_missing(need.areas)
        return out

    @staticmethod
    def combine(features: np.ndarray, weights: dict | None = None, intercept: float | None = None):
        """Calibrated scores from features: the logistic model fitted on the dev split."""
        weights = WEIGHTS if weights is None else weights
        intercept = INTERCEPT if intercept is None else intercept
        w = np.array([weights[name] for name in FEATURES])
        return _sigmoid(np.tensordot(w, features, axes=(0, -2)) + intercept)

    def scores(self, need: NeedDoc, embedding: np.ndarray | None = None, prepared=None):
        """(n_courses,) calibrated scores of every course for this need."""
        if embedding is None:
            embedding = embed_query(need.text)
        return self.combine(self.features(need, embedding, prepared))

    def rank(
        self,
        need: NeedDoc,
        *,
        top_k: int = 5,
        embedding: np.ndarray | None = None,
        threshold: float | None = None,
    ) -> list[Match]:
        """The adequate offers for a need, best first; [] means "no adequate offer"."""
        if not self.courses or top_k <= 0:
            return []
        limit = self.THRESHOLD if threshold is None else threshold
        prepared = self._prepare(need)
        scores = self.scores(need, embedding, prepared)
        k = min(top_k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        # Best score first, then course order, so that equal scores come out the same each time.
        chosen = [
            i for i in sorted(top.tolist(), key=lambda i: (-scores[i], i)) if scores[i] >= limit
        ]
        if not chosen:
            return []
        mentions, terms, surface = prepared
        need_areas = list(dict.fromkeys([*(m.area for m in mentions), *need.areas]))
        return [
            self._explain(i, float(scores[i]), terms, surface, mentions, need_areas) for i in chosen
        ]

    def _explain(self, i, score, terms, surface, mentions, need_areas) -> Match:
        # Why: the need's own words the course shares (a typo as the broker wrote it), and the
        # words that named an area the course carries; labels added by expansion are not shown.
        start, end = self.course_words.indptr[i], self.course_words.indptr[i + 1]
        in_course = {self.term_list[c] for c in self.course_words.indices[start:end]}
        areas = tuple(k for k in need_areas if k in self.course_areas[i])
        shown = [surface[t] for t in terms if t in in_course and t in surface]
        shown += [w for m in mentions if m.area in areas for w in m.words]
        return Match(
            course=self.keys[i],
            score=round(score, 4),
            terms=tuple(dict.fromkeys(shown)),
            areas=areas,
        )

    def score_matrix(
        self, needs: list[NeedDoc], embeddings: np.ndarray | None = None
    ) -> np.ndarray:
        """(n_needs, n_courses) calibrated scores; needs' query embeddings in need order."""
        if embeddings is None:
            embeddings = embed_queries([need.text for need in needs])
        embeddings = np.asarray(embeddings, dtype=np.float32).reshape(len(needs), DIMENSION)
        out = np.zeros((len(needs), len(self.courses)), dtype=np.float64)
        for row, (need, embedding) in enumerate(zip(needs, embeddings, strict=True)):
            out[row] = self.scores(need, embedding)
        return out
