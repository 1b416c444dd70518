"""Documents a text ends: which it replaces, repeals or puts out of force, and which text ended a document.

A text ends another in words of its own: "Quyết định này thay thế Quyết định số 25/2025/QĐ-UBND", "bãi bỏ Thông tư
số 57/2014/TT-BCT", "Quyết định số 08/2019/QĐ-UBND ... hết hiệu lực", or an article "Bãi bỏ toàn bộ các văn bản
sau:" over a list of items. A question asks the text ended with the same verbs ("thay thế quyết định nào",
"quyết định năm 2002 ... đã bị bãi bỏ có số hiệu là gì"); with the agent asked ("bị bãi bỏ bởi văn bản nào") it
asks the text that ends the one it describes. The answerer (qa.answer) weighs citations with these readings.
"""
from __future__ import annotations

import re
from index.search import Hit
from ingest.model import Citation
from ingest.vietnamese import fold
from qa.evidence import citation_fit, read_beside

REPEAL = r"(?:thay the|bai bo|het hieu luc|huy bo)"
_REPEAL_ASKED = re.compile(rf"\b{REPEAL}\b")
_REPEALER_ASKED = re.compile(rf"\b{REPEAL} (?:boi|bang|tai) (?:[^\W\d_]+ ){{0,3}}?(?:nao|gi)\b")
# a ";" that opens the next document of a list keeps the verb's sentence going
_NEXT_LISTED = re.compile(r";(?=\s*(?:va\s+)?(?:quyet dinh|nghi quyet|thong tu|nghi dinh|chi thi|ke hoach)\b)")


def asks_repealed(question: str) -> bool:
    """The question asks which document a text replaces, repeals or ends ("... thay thế quyết định nào?")."""
    folded = fold(question)
    return _REPEAL_ASKED.search(folded) is not None and _REPEALER_ASKED.search(folded) is None


def asks_repealer(question: str) -> bool:
    """The question asks which text replaces, repeals or ends the document it describes ("... bị bãi bỏ bởi văn
    bản nào?")."""
    return _REPEALER_ASKED.search(fold(question)) is not None


def repeals_items(headings: list[str]) -> bool:
    """The item above a clause ends the documents its items list: "Điều 1. Bãi bỏ toàn bộ các văn bản sau:"."""
    return bool(headings) and re.search(rf"\b{REPEAL}\b", fold(headings[-1])) is not None


def repeal_link(text: str, citations: list[Citation], c: Citation) -> bool:
    """Citation `c` is a document the clause ends: a repeal verb stands before it in its sentence, the verb's list
    included ("thay thế Quyết định số 449/2016/QĐ-UBND ... và Quyết định số 08/2019/QĐ-UBND ..."), or "hết hiệu
    lực" follows it with no other citation between, said of it and not of the texts it lists ("Quyết định số
    195/QĐ-UBND về việc công bố danh mục văn bản ... hết hiệu lực" ends none)."""
    after_end = min([d.start for d in citations if d.start >= c.end] + [c.end + 120])
    listed = _NEXT_LISTED.sub(",", fold(text))          # folding keeps positions
    return (re.search(rf"\b{REPEAL}\b(?:(?!\.\s)[^;])*$", listed[:c.start]) is not None
            or re.match(r"(?:(?!\b(?:van ban|danh muc)\b)[^.;])*?\bhet hieu luc\b", fold(text[c.end:after_end]))
            is not None)


def ends(hit: Hit, citations: list[Citation], c: Citation) -> bool:
    """The hit's clause ends citation `c`, in its own words or by the item above it."""
    return repeal_link(hit.text, citations, c) or repeals_items(hit.headings)


def repealing(hits: list[Hit], clauses: dict, weight: float) -> list[Hit]:
    """The best document's other clauses that end a document they cite, as hits at `weight` of the best one's
    score: a text's own article says what it replaces, in words the question need not share."""
    def ends_one(c) -> float:
        return float(bool(c.citations) and (repeals_items(c.headings) or any(
            repeal_link(c.text, c.citations, x) for x in c.citations if x.start >= 0)))
    return read_beside(hits, clauses, ends_one, 1.0, weight, most=None)


def repealer(question: str, hits: list[Hit], clauses: dict) -> tuple[str, Hit, tuple[int, int]] | None:
    """The text whose clause ends a document the question describes ("Quyết định ... năm 2024 bị bãi bỏ bởi văn bản
    nào?"): a hit's own document, by how well the question describes the document it ends; with the clause and
    the span of the document ended."""
    best: tuple[float, str, Hit, tuple[int, int]] | None = None
    for rank, hit in enumerate(hits):
        cited = clauses[hit.clause_id].citations
        for c in cited:
            if not hit.number or c.start < 0 or c.number == hit.number or not ends(hit, cited, c):
                continue
            w = hit.score / (1 + 0.3 * rank) * (1 + 2 * citation_fit(question, hit.text, cited, c))
            if best is None or w > best[0]:
                best = (w, hit.number, hit, (c.start, c.end))
    return best[1:] if best else None
