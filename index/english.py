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
from typing import Callable

from ingest.errors import DirectivesError
from ingest.vietnamese import find_province

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


# An English body name puts its field before its head noun ("the Forest Protection Sub-Department", "Quang Tri
# Environmental Protection Fund"); Vietnamese puts the head first and the place last ("Chi cục Kiểm lâm", "Quỹ Bảo vệ
# môi trường Quảng Trị"). A run of capitalised words that ends in one of these heads is read head first.
_HEAD_NOUNS = ("Sub-Department", "Department", "Fund", "Centre", "Center", "Council", "Committee", "Board", "Agency",
               "Authority", "Inspectorate", "Office", "Institute", "Hospital", "Bank", "Treasury", "Court")
_HEAD_LAST = re.compile(r"((?:\b[A-Z][\w-]*\s+){1,6})(" + "|".join(_HEAD_NOUNS) + r")\b")


def head_first(query: str, function_words: set[str]) -> str:
    """Each capitalised body name written field first ("Quang Tri Forest Protection Sub-Department") rewritten head
    first with the place it opens with last ("Sub-Department Forest Protection Quang Tri"), for the glossary to put
    into Vietnamese order. Words before the name ("Which", "The") stay where they are; a name the glossary writes
    whole ("National Assembly Standing Committee", "People's Committee") stays as typed."""
    def reorder(m: re.Match) -> str:
        typed, head = m.group(1).split(), m.group(2)
        words = list(typed)
        while words and words[0].lower() in function_words:
            words.pop(0)
        if not words or any(" ".join(words[i:] + [head]).lower() in _FORMS for i in range(len(words))):
            return m.group(0)
        place = next((n for n in range(1, len(words)) if find_province(" ".join(words[:n]))), 0)
        return " ".join(typed[:len(typed) - len(words)] + [head] + words[place:] + words[:place])
    return _HEAD_LAST.sub(reorder, query)


def translate(query: str) -> str:
    """The query with every glossary phrase replaced by its Vietnamese; province names are restored later."""
    return _PATTERN.sub(lambda m: _FORMS[m.group(1).lower()], query)


def read_english(query: str, function_words: set[str], restore: Callable[[str], str]) -> str:
    """An English question read into the archive's words: glossary phrases become their Vietnamese, English
    function words go, and the rest stays as typed except names.

    Only what the glossary did not translate is read as English: dropped before translating, "an" had gone from
    "Công an" and "an toàn" the glossary wrote. The words left over are English ("cap", "set up", "them") unless
    written with a capital: a Vietnamese place or body name in an English sentence is capitalised ("Truong Vinh
    ward", "Hai Thuong Lan Ong award"), and only such a run of words gets its marks back from the archive; an
    English word given marks had become another Vietnamese word ("cap" -> "cấp", "set" -> "sét").
    """
    query = re.sub(r"(?<=s)'(?!\w)", "", query)              # plural possessives: "citizens'"
    query = head_first(query, function_words)

    def untranslated(text: str) -> str:
        pieces: list[str] = []          # words and the spaces between them, as typed
        names: list[str] = []           # the run of capitalised words being read

        def flush() -> None:
            if names:
                pieces.append(restore("".join(names).strip()) + (" " if names[-1].isspace() else ""))
                names.clear()

        for piece in re.split(r"(\s+)", re.sub(r"(?:(?<=\w)|^)'s\b", "", text)):
            bare = re.sub(r"\W", "", piece)
            if not piece:
                continue
            if piece.isspace():
                (names if names else pieces).append(piece)
            elif bare.lower() in function_words:
                flush()
            elif bare[:1].isupper():
                names.append(piece)
            else:
                flush()
                pieces.append(piece)
        flush()
        return "".join(pieces)

    pieces, pos = [], 0
    for m in _PATTERN.finditer(query):
        pieces += [untranslated(query[pos:m.start()]), _FORMS[m.group(1).lower()].lower()]
        pos = m.end()
    pieces.append(untranslated(query[pos:]))
    return " ".join("".join(pieces).split())
