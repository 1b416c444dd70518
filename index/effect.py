"""When a text takes effect: the question that asks it, and the clause of each text that says it.

Every legal text of the archive says when it takes effect in an article of its own, in words of its own
("Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày 01 tháng 12 năm 2025."). A question asking it names the
text by its topic ("Quy chế quản lý ... có hiệu lực từ ngày nào?"): its words find the text's title and scope
articles, and share nothing with the effect article beyond "hiệu lực". The searcher therefore lifts the effect
clause of each document the question finds (Searcher.rank), as it lifts a document's clauses for its number.
"""
from __future__ import annotations

import re

from ingest.vietnamese import fold

# The kinds of text that take effect, as a clause names itself ("Quyết định này", "Thông tư", "Quy chế này").
_KINDS = (r"(?:quyet dinh|nghi quyet|thong tu(?: lien tich)?|nghi dinh|chi thi|quy dinh|quy che|ke hoach|luat"
          r"|van ban|huong dan|phap lenh|de an|chuong trinh)")
# A text's own effect statement: the clause opens (after its article, item or bullet label) with the text's kind,
# "này" or not, and "có hiệu lực". A clause that speaks of the day some other act takes effect ("Quyết định xử lý
# kỷ luật ... có hiệu lực 12 tháng", "... trước ngày Nghị định này có hiệu lực") does not open so.
OWN_EFFECT = re.compile(r"^(?:dieu \d+\W*)?(?:[-+•]\s*)?(?:\d+\W+|[a-zđ]\)\s*)?" + _KINDS + r"(?: nay)? co hieu luc\b")
# A question asking when a text takes effect: "có hiệu lực (thi hành) từ ngày nào / khi nào", "được áp dụng từ ngày
# nào", English "when does ... take effect / come into force", "effective date". "Hết hiệu lực" asks what ended it.
_ASKS = re.compile(r"\b(?<!het )hieu luc\b(?:(?!\bhet\b).)*?\b(?:ngay nao|khi nao|bao gio|thoi diem nao|luc nao)\b"
                   r"|\bap dung (?:ke )?tu (?:ngay nao|khi nao|bao gio|thoi diem nao)\b"
                   r"|\b(?:take[sn]?|taking|come[s]?|came) (?:into )?(?:effect|force)\b|\beffective (?:date|from|on)\b")


def asks_effect(query: str) -> bool:
    """Whether the question asks the day a text takes effect (marks or none, Vietnamese or English)."""
    return bool(_ASKS.search(fold(query)))


def is_own_effect(text: str) -> bool:
    """Whether a clause is a text's own statement of when it takes effect."""
    return bool(OWN_EFFECT.match(fold(text).strip()))


def effect_positions(archive, table) -> dict[str, list[int]]:
    """doc id -> the index positions of its own effect clauses, in document order. Only clauses that write
    "hiệu lực" are read, so this costs one narrow query per index."""
    position = {cid: i for i, cid in enumerate(table.ids)}
    found: dict[str, list[int]] = {}
    for cid, doc_id, text in archive.db.execute(
            "SELECT id, doc_id, text FROM clauses WHERE text LIKE '%hiệu lực%' ORDER BY doc_id, ord"):
        if cid in position and is_own_effect(text):
            found.setdefault(doc_id, []).append(position[cid])
    return found


def lift_effect_clauses(fused: dict[int, float], doc_ids: list[str], effects: dict[str, list[int]], lift: float,
                        allowed=None) -> None:
    """Put each candidate document's own effect clauses `lift` above that document's best candidate, in place:
    the documents keep their order, and each answers with the clause that says when it takes effect. `allowed`,
    a boolean mask over positions, keeps the filters' word."""
    best: dict[str, float] = {}
    for i, score in fused.items():
        d = doc_ids[i]
        if d in effects and score > best.get(d, float("-inf")):
            best[d] = score
    for d, top in best.items():
        for order, i in enumerate(effects[d]):
            if allowed is None or allowed[i]:
                fused[i] = max(fused.get(i, float("-inf")), top + lift - 1e-6 * order)
