"""The places a query or a document names: province names in any spelling, and the province a national text is
about. Search reads them as metadata (a boost, a filter), never as words of a clause."""
from __future__ import annotations

import re

from ingest.vietnamese import PLACE_ALIASES, PROVINCES, find_province, fold


def provinces_named(text: str) -> list[str]:
    """Province names as written in the text, with or without marks, in English or one-word spellings too
    ("Hanoi", "Ho Chi Minh City", "HCMC")."""
    folded = fold(text)
    found = []
    for key in sorted({fold(name) for name in PROVINCES} | set(PLACE_ALIASES), key=len, reverse=True):
        for m in re.finditer(r"\b" + re.escape(key) + r"\b", folded):
            words = text[m.start():m.end()].split()
            if words[0][:1].isupper() and any(w[:1].islower() for w in words[1:]):
                continue           # a name capitalises every word: "Nam định cư" is no Nam Định
            if key.startswith("nam ") and folded[max(0, m.start() - 5):m.start()] == "viet ":
                continue           # "người Việt Nam định cư", "viet nam dinh cu"
            if not any(f[0] <= m.start() < f[1] for f in found):
                found.append((m.start(), m.end()))
    return [text[a:b] for a, b in sorted(found)]


def without_provinces(text: str) -> str:
    """The text less the province names it writes, with the words that only place them ("ở tỉnh", "in")."""
    for name in provinces_named(text):
        text = re.sub(r"(?i)(?:\b(?:ở|o|tại|tai|của|cua|in|at|of)\s+)?(?:\b(?:tỉnh|tinh|thành phố|thanh pho|province of)\s+)?"
                      r"\b" + re.escape(name) + r"\b", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def about_provinces(documents) -> dict[str, set[str]]:
    """doc id -> the provinces the trích yếu of a text of no province names: a national text is about the province
    it rearranges ("Nghị quyết về việc sắp xếp các đơn vị hành chính cấp xã của tỉnh Nghệ An"), as a province's
    own is. Texts that name none are left out."""
    about = {d.id: {p for name in provinces_named(d.subject or "") if (p := find_province(name))}
             for d in documents if not d.province}
    return {d: ps for d, ps in about.items() if ps}
