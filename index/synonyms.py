"""Synonym groups for query expansion: staff write "cắt giảm nhân sự", the directives "tinh giản biên chế".

The groups live in synonyms.txt (one per line, phrases separated by " | ") so they can be read and extended
without touching code. A query containing a phrase of a group is also scored by the group's other phrases
(index.search: the best of them, at SYNONYM_WEIGHT), so a group with six phrases counts once, not six times.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from index.text import one_spelling_text, prepare, word_tokens

GROUPS_FILE = Path(__file__).with_name("synonyms.txt")
MAX_OTHERS = 3      # other phrases scored per group, in the file's order (the directives' wording first): each costs a
#                     BM25 pass (1M clauses: bm25 p50 27 -> 41 ms with all); dev: 3 ties all (sum 1.8024 vs 1.8015), 2 drops


def _squash(text: str) -> str:
    """Lower-cased, one spelling per word, punctuation gone: how phrases and queries are compared."""
    return " ".join(re.sub(r"[^\w\s]", " ", one_spelling_text(prepare(text))).split())


@lru_cache(maxsize=4)
def groups(path: Path = GROUPS_FILE) -> tuple[tuple[str, ...], ...]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            phrases = tuple(dict.fromkeys(p for p in (_squash(x) for x in line.split("|")) if p))
            if len(phrases) > 1:
                out.append(phrases)
    return tuple(out)


@lru_cache(maxsize=8192)
def phrase_tokens(phrase: str) -> tuple[str, ...]:
    """A phrase's word tokens, once: pyvi would otherwise segment the same phrases on every query."""
    return tuple(word_tokens(phrase))


def alternatives(text: str, path: Path = GROUPS_FILE, most: int = MAX_OTHERS) -> list[list[str]]:
    """For each group one of whose phrases the text contains as whole words: the first `most` of the group's
    phrases it does not contain."""
    hay = f" {_squash(text)} "
    out = []
    for group in groups(path):
        if any(f" {p} " in hay for p in group):
            rest = [p for p in group if f" {p} " not in hay][:most]
            if rest:
                out.append(rest)
    return out
