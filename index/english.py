"""English questions put into the archive's Vietnamese with a glossary of administrative terms.

Staff sometimes ask in English; the archive is Vietnamese. The multilingual dense model bridges part
of the gap; translating the domain's own terms ("administrative procedures" -> "thủ tục hành chính")
lets BM25 and the dense side both match the words the directives use. Words with no entry stay as they are.

The phrases live in glossary.txt (one "english = tiếng Việt" per line) so staff can read and extend them
without touching code, as they do index/synonyms.txt.
"""
from __future__ import annotations

import re
from pathlib import Path

from ingest.errors import DirectivesError

GLOSSARY_FILE = Path(__file__).with_name("glossary.txt")


def load_glossary(path: Path = GLOSSARY_FILE) -> dict[str, str]:
    """English phrase (lower case) -> Vietnamese. A line without " = " on either side is an error naming it."""
    out: dict[str, str] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        english, sep, vietnamese = line.partition(" = ")
        if not sep or not english.strip() or not vietnamese.strip():
            raise DirectivesError(f"{path}:{n}: write a glossary line as \"english phrase = tiếng Việt\": {line!r}")
        out[" ".join(english.lower().split())] = vietnamese.strip()
    return out


def plurals(phrase: str) -> list[str]:
    """The English plural of a phrase's last word ("poor household" -> "poor households", "ministry" ->
    "ministries", "tax" -> "taxes"), so the glossary writes each term once. Regular plurals only."""
    if re.search(r"[^aeiou]y$", phrase):
        return [phrase[:-1] + "ies"]
    if re.search(r"(s|x|z|ch|sh)$", phrase):
        return [phrase + "es"]
    return [phrase + "s"]


def surface_forms(glossary: dict[str, str]) -> dict[str, str]:
    """Every phrase and its plural -> Vietnamese; a plural the glossary writes itself keeps its own line."""
    forms = dict(glossary)
    for phrase, vietnamese in glossary.items():
        if phrase[-1:].isalpha():
            for plural in plurals(phrase):
                forms.setdefault(plural, vietnamese)
    return forms


GLOSSARY = load_glossary()
_FORMS = surface_forms(GLOSSARY)
# Longest phrases first, so "department of home affairs" wins over "home affairs" and "department"
_PHRASES = sorted(_FORMS, key=len, reverse=True)
_PATTERN = re.compile(r"\b(" + "|".join(re.escape(p) for p in _PHRASES) + r")\b", re.IGNORECASE)


def translate(query: str) -> str:
    """The query with every glossary phrase replaced by its Vietnamese; province names are restored later."""
    return _PATTERN.sub(lambda m: _FORMS[m.group(1).lower()], query)
