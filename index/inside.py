"""Searching inside the document a question names.

A question that speaks of a document names it by its topic, in the words of its trích yếu, and asks something
inside it: "Theo Kế hoạch triển khai Chương trình mục tiêu quốc gia phòng, chống ma túy của Đồng Nai, cơ quan nào
chủ trì tham mưu ...?". Every clause that restates the trích yếu (the title, the preamble's "ban hành ...", "Điều 1.
Ban hành kèm theo ...", "Trên đây là Kế hoạch ...") shares most of the question's words and outranks the clause that
answers, which shares only the rest: "chủ trì tham mưu". Once the document is found, those remaining words say
which of its clauses answers; Searcher.rank adds their BM25, scaled within the document, to its clauses.
"""
from __future__ import annotations

import numpy as np

from ingest.vietnamese import fold


def title_syllables(archive, doc_id: str) -> set[str]:
    """The folded syllables of a document's title clause (its kind and trích yếu)."""
    row = archive.db.execute("SELECT text FROM clauses WHERE id = ?", (f"{doc_id}:title",)).fetchone()
    return set(fold(row[0]).split()) if row else set()


def in_title(word: str, title: set[str]) -> bool:
    """A word is the title's when each of its syllables is ("chuyển_đổi" in "KẾ HOẠCH CHUYỂN ĐỔI SỐ ...")."""
    return set(fold(word).replace("_", " ").split()) <= title


def beyond_title(words: list[str], title: set[str]) -> list[str]:
    """The query's word tokens that are not the title's."""
    return [w for w in words if not in_title(w, title)]


def title_share(words: list[str], title: set[str], weights) -> float:
    """How much of the question the title holds, each word weighed by its idf: "năm", "2020", "kế hoạch" are in
    many titles and name no document; "đào tạo, bồi dưỡng" does."""
    total = float(sum(weights))
    held = sum(float(w) for word, w in zip(words, weights) if in_title(word, title))
    return held / total if total > 0 else 0.0


def document_spans(doc_ids: list[str]) -> dict[str, tuple[int, int]]:
    """doc id -> (first, last + 1) index position: the index holds each document's clauses together, in order."""
    spans: dict[str, tuple[int, int]] = {}
    for i, d in enumerate(doc_ids):
        start = spans.get(d, (i, i))[0]
        spans[d] = (start, i + 1)
    return spans


def named_documents(fused: dict[int, float], doc_ids: list[str], count: int) -> list[str]:
    """The `count` documents of the best fused clauses, best first."""
    docs: list[str] = []
    for i, _ in sorted(fused.items(), key=lambda kv: -kv[1]):
        if doc_ids[i] not in docs:
            docs.append(doc_ids[i])
            if len(docs) == count:
                break
    return docs


def add_inside(fused: dict[int, float], span: tuple[int, int], scores: np.ndarray, weight: float,
               top: int | None = None) -> None:
    """Add `weight` times each clause's share of the document's best score, in place, to the `top` clauses of the
    document that the remaining words find best (a clause the fusion's pool missed enters with that alone)."""
    start, end = span
    inside = scores[start:end]
    best = float(inside.max()) if end > start else 0.0
    if best <= 0:
        return
    found = np.flatnonzero(inside > 0)
    if top is not None and len(found) > top:
        found = found[np.argsort(-inside[found], kind="stable")[:top]]
    for offset in found:
        i = start + int(offset)
        fused[i] = fused.get(i, 0.0) + weight * float(inside[offset]) / best
