"""Text normalisation for matching: folding, words, Swedish stems, compound parts, typos.

Pure Python (PyStemmer's Snowball "swedish"), no Django. Everything here is deterministic and
cached per word, so analysing 20,000 course texts costs about a second.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import Stemmer

# Letters and digits; hyphens, slashes and punctuation separate words ("CE-märkning" is two).
_WORD = re.compile(r"[^\W_]+")

# Function words of Swedish and English, and the words every broker's note and every course
# description share ("behöver utbildning för personalen"), which only add noise to a match.
_STOPWORD_TEXT = """
    alla allt att av bara blev bli blir de dem den denna dess det detta dig din dina ditt du då
    efter eftersom ej eller en ett fast finns flera från får för genom ha hade han har hela
    hennes hon honom hur här i in inga inom inte ja jag kan kunde man med mellan men mer mera
    mest min mina mitt mot mycket ni nu när någon något några nya nytt och också om oss
    på sedan sig sin sina sitt ska skall skulle som så sånt till under upp ut utan vad var
    vara vart varför vem vi vid vill än är ännu även över samt sätt två tre fyra fem
    the a an and or of to for in on at by with from is are be as this that our your their
    behov behöver behövs utb utbildning utbildningen utbildningar kurs kursen kurser pers
    person personer personal personalen anställda medarbetare medarbetarna lära lär kunna
    ca etc osv typ pga
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())

_stemmer = Stemmer.Stemmer("swedish")


def fold(text: str) -> str:
    """Unicode-normalise and case-fold (so "SoMe", "SOME" and "some" are one word)."""
    return unicodedata.normalize("NFKC", text or "").casefold()


def words(text: str) -> list[tuple[str, str]]:
    """The words of a text as (as written, folded) pairs, in order."""
    normalised = unicodedata.normalize("NFKC", text or "")
    return [(m.group(), m.group().casefold()) for m in _WORD.finditer(normalised)]


def folded_words(text: str) -> list[str]:
    """The folded words of a text, in order (the same words as ``words``, faster)."""
    return _WORD.findall(fold(text))


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball Swedish stem of a folded word.

    Short words (abbreviations such as "some", "hlr", "mig") and words with digits are kept
    as they are, and a stem shorter than four letters falls back to the word: Snowball turns
    "förare" into "för" and "some" into "som", both function words.
    """
    if len(word) <= 4 or any(ch.isdigit() for ch in word):
        return word
    stemmed = _stemmer.stemWord(word)
    return stemmed if len(stemmed) >= 4 else word


def is_stopword(folded: str) -> bool:
    return folded in STOPWORDS or len(folded) < 2


_LINKING = "saeuo"  # Swedish linking letters between compound parts: arbete-s-miljö, löne-hantering


def split_compound(word: str, known: Container[str], *, min_part: int = 4) -> list[str]:
    """The known parts of a Swedish compound, longest head first; [] when it does not split.

    "gaffeltruckskort" -> ["gaffeltruck", "gaffel", "truck", "kort"] when those words (or
    their stems) are known; when the middle is unknown, the longest known first and last
    parts ("truck" and "behörighet" of "truckförarbehörighet"). A part must be at least ``min_part`` letters, so short known
    words do not cut words into noise.
    """
    if len(word) < 2 * min_part - 1:
        return []
    return _split(word, known, min_part, depth=3) or _known_ends(word, known, min_part)


def _known_ends(word: str, known: Container[str], min_part: int) -> list[str]:
    # When the middle is no known word ("truck|förar|behörighet" in a small catalogue), the
    # longest known first part and the longest known last part still count.
    parts: list[str] = []
    for cut in range(len(word) - min_part, min_part - 1, -1):
        if word[:cut] in known:
            parts += [word[:cut], *_split(word[:cut], known, min_part, depth=2)]
            break
    start = len(parts[0]) if parts else 0
    for cut in range(max(start, min_part), len(word) - min_part + 1):
        tail = _known_tail(word[cut:], known)
        if tail:
            parts.append(tail)
            break
    return parts


def _known_tail(part: str, known: Container[str]) -> str | None:
    # A last part is inflected like the whole word ("truckkortet"), so its stem counts too.
    if part in known:
        return part
    stemmed = stem(part)
    return stemmed if stemmed in known else None


def _split(word: str, known: Container[str], min_part: int, depth: int) -> list[str]:
    if depth == 0:
        return []
    for cut in range(len(word) - min_part + 1, min_part - 1, -1):
        head, tail = word[:cut], word[cut:]
        # A first part is not inflected: it is a known word or stem, maybe with a linking letter.
        if head in known:
            head_known = head
        elif head[-1] in _LINKING and len(head) > min_part and head[:-1] in known:
            head_known = head[:-1]
        else:
            continue
        tail_known = _known_tail(tail, known)
        tail_parts = [tail_known] if tail_known else _split(tail, known, min_part, depth - 1)
        if not tail_parts:
            continue
        head_parts = [head_known, *_split(head_known, known, min_part, depth - 1)]
        return [*head_parts, *tail_parts]
    return []


def deletions(word: str) -> Iterator[str]:
    """The word and every form of it with one letter removed (a symmetric-delete key set:
    two words share a key when they are one insertion, deletion or substitution apart)."""
    yield word
    for i in range(len(word)):
        yield word[:i] + word[i + 1 :]


def within_one_edit(a: str, b: str, *, substitution_from: int = 0) -> bool:
    """True when a and b are at most one insertion, deletion, swap of neighbours, or (in
    words of at least ``substitution_from`` letters) substitution apart."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        if len(diff) == 1:
            return la >= substitution_from
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    if la > lb:
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1 :]


@dataclass(frozen=True)
class Area:
    """One entry of the shared competence-area taxonomy."""

    key: int | str
    labels: tuple[str, ...]  # Swedish, English, Danish, Norwegian
    synonyms: tuple[str, ...] = ()  # as people write them: "SoMe", "BAM", "YKB", "kod 95", "hlr"


@dataclass(frozen=True)
class Mention:
    """Where a text mentions an area: the words as written, and how they were recognised."""

    area: int | str
    words: tuple[str, ...]
    how: str  # "phrase", "compound" or "typo"


# A compound is recognised from a known part of at least this many letters, and a typo only
# in words of at least this length (shorter words are too often one letter from another word:
# "lagar" and "lager").
COMPOUND_MIN_PART = 4
TYPO_MIN_LENGTH = 6
TYPO_SUBSTITUTION_MIN_LENGTH = 8  # "serier" is not a typo of "server"


class Vocabulary:
    """The taxonomy's labels, synonyms and abbreviations, ready to find in free text.

    A label or synonym is found stemmed and case-folded ("truckar" finds "truck"), as the
    first or last part of a compound ("truckförarbehörighet", "leanutb"), and with one typo
    in longer words ("excell").
    """

    def __init__(self, areas: Iterable[Area]):
        self.areas: dict[int | str, Area] = {}
        self._phrases: dict[tuple[str, ...], list[int | str]] = {}
        self._longest = 1
        self._parts: dict[str, list[int | str]] = {}
        self._typo_keys: dict[str, set[str]] = {}
        for area in areas:
            self.areas[area.key] = area
            for phrase in (*area.labels, *area.synonyms):
                folded = tuple(f for _, f in words(phrase))
                if not folded:
                    continue
                for form in {folded, tuple(stem(f) for f in folded)}:
                    keys = self._phrases.setdefault(form, [])
                    if area.key not in keys:
                        keys.append(area.key)
                self._longest = max(self._longest, len(folded))
                if len(folded) == 1:
                    # Whole written words only: a stem as a first part cuts too much
                    # ("serv" from "server" would find IT in "servitör").
                    if len(folded[0]) >= COMPOUND_MIN_PART:
                        keys = self._parts.setdefault(folded[0], [])
                        if area.key not in keys:
                            keys.append(area.key)
                    if len(folded[0]) >= TYPO_MIN_LENGTH - 1:
                        for key in deletions(folded[0]):
                            self._typo_keys.setdefault(key, set()).add(folded[0])

    def __len__(self) -> int:
        return len(self.areas)

    def mentions(self, text: str) -> list[Mention]:
        """Every mention of an area in the text, in reading order."""
        tokens = words(text)
        folded = [f for _, f in tokens]
        stems = [stem(f) for f in folded]
        found: list[Mention] = []
        i = 0
        while i < len(tokens):
            span = self._phrase_at(folded, stems, i)
            if span:
                length, keys = span
                surface = tuple(w for w, _ in tokens[i : i + length])
                found.extend(Mention(key, surface, "phrase") for key in keys)
                if length == 1:
                    # A compound that is itself an area's name (a new area made from what a
                    # broker typed) still names the area of its first part: "truckförar-
                    # behörighet" names Truckkort too.
                    found.extend(
                        Mention(key, surface, "compound")
                        for key in self._first_part(folded[i], min_rest=COMPOUND_MIN_PART)
                        if key not in keys
                    )
                i += length
                continue
            keys, how = self._inside_word(folded[i])
            found.extend(Mention(key, (tokens[i][0],), how) for key in keys)
            i += 1
        return found

    def areas_in(self, text: str) -> list[int | str]:
        """The keys of the areas the text mentions, in order of first mention."""
        return list(dict.fromkeys(m.area for m in self.mentions(text)))

    def expand(self, text: str) -> str:
        """The text followed by the labels of the areas it mentions."""
        labels = [label for key in self.areas_in(text) for label in self.areas[key].labels]
        return "\n".join([text or "", *dict.fromkeys(labels)]) if labels else (text or "")

    def _phrase_at(self, folded, stems, i):
        for length in range(min(self._longest, len(folded) - i), 0, -1):
            for seq in (tuple(folded[i : i + length]), tuple(stems[i : i + length])):
                keys = self._phrases.get(seq)
                if keys:
                    return length, keys
        return None

    def _first_part(self, word: str, *, min_rest: int) -> list[int | str]:
        """The areas of the longest known first part with at least min_rest letters after it."""
        for cut in range(len(word) - min_rest, COMPOUND_MIN_PART - 1, -1):
            keys = self._parts.get(word[:cut])
            if keys:
                return keys
        return []

    def _inside_word(self, word: str) -> tuple[list[int | str], str]:
        # The longest known first part with at least three letters left ("leanutb"), else
        # the longest known last part ("lastbilskran"), else one typo away ("excell").
        keys = self._first_part(word, min_rest=3)
        if keys:
            return keys, "compound"
        for cut in range(3, len(word) - COMPOUND_MIN_PART + 1):
            keys = self._parts.get(word[cut:])
            if keys and len(word) - cut >= COMPOUND_MIN_PART + 1:
                return keys, "compound"
        if len(word) >= TYPO_MIN_LENGTH and not any(ch.isdigit() for ch in word):
            candidates = {c for key in deletions(word) for c in self._typo_keys.get(key, ())}
            for candidate in sorted(candidates):
                if within_one_edit(word, candidate, substitution_from=TYPO_SUBSTITUTION_MIN_LENGTH):
                    return self._phrases[(candidate,)], "typo"
        return [], ""
