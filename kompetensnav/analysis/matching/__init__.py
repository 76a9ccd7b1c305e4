"""Matching needs to courses: pure Python, no Django (see docs/matching.md)."""

from .embeddings import embed_passages, embed_queries, embed_query
from .engine import FEATURES, THRESHOLD, CourseDoc, CourseIndex, Match, NeedDoc
from .text import Area, Mention, Vocabulary

__all__ = [
    "FEATURES",
    "THRESHOLD",
    "Area",
    "CourseDoc",
    "CourseIndex",
    "Match",
    "Mention",
    "NeedDoc",
    "Vocabulary",
    "embed_passages",
    "embed_queries",
    "embed_query",
]
