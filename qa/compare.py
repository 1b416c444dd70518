"""Compare how provinces (or years) handle one topic, side by side, and the 2025 province mergers.

Vietnam merged its 63 provinces and centrally-run cities into 34 effective 1 July 2025 (Nghị quyết
202/2025/QH15). The archive keeps each document's province as the document names it (pre-2025), so a
reader who thinks in today's provinces ("Phú Thọ") needs the old names that now form it, and a
comparison column shows which province its documents belong to now (the lineage: ingest/provinces.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from index.search import POOL, Filters, Hit, Searcher
from index.text import one_spelling_text, prepare, word_tokens
from ingest.errors import DirectivesError
from ingest.provinces import (  # noqa: F401  (the lineage lives below search; re-exported for callers of compare)
    CURRENT_PROVINCE,
    current_province,
    expand_province_filter,
    predecessors,
    province_key,
)


BYS = ("province", "year")
DENSE_MARGIN = 0.02   # cosine below the topic's best clause (all groups) that still counts as on topic
STOPWORDS = set("""một các của và với trong cho về là được những có này đó theo tại để từ khi đã sẽ đang không như
trên dưới năm ngày tháng số việc nhằm xin đối_với cũng hoặc thì mà nào gì ai sao bao_nhiêu thế_nào
công_tác thực_hiện triển_khai tăng_cường đẩy_mạnh nâng_cao tiếp_tục
a an the of to in on for by with and or is are was were be what which who how does do""".split())


def content_words(topic: str) -> list[str]:
    """The topic's pyvi words that say what it is about: no function words, no bare numbers, no generic
    directive verbs ("thực hiện", "tăng cường") that nearly every clause has."""
    seen: list[str] = []
    for w in word_tokens(topic):
        if w not in STOPWORDS and not w.isdigit() and w not in seen:
            seen.append(w)
    return seen


def _mentions(text: str, words: list[str]) -> bool:
    """Whether any word occurs in the text as a whole phrase, marks included (so "cửa" is not "của")."""
    hay = " ".join(one_spelling_text(prepare(text)).split())      # words come spelled one way (word_tokens)
    return any(re.search(r"(?<!\w)" + re.escape(w.replace("_", " ")) + r"(?!\w)", hay) for w in words)


def relevant(hit: Hit, words: list[str], best_dense: float | None, min_score: float | None = None) -> bool:
    """The rule that drops clearly unrelated hits.

    A hit is kept when its headings or text contain one of the topic's content words (whole phrase, with
    diacritics), or, failing that, when its dense score is within DENSE_MARGIN of the best dense score the
    topic reaches in any group (so an English or paraphrased topic still finds its clauses). The margin is
    measured from the best across groups, not within the group: otherwise every group's first hit would pass
    and no group could ever be left out. With `min_score`, a hit's fused score must also reach it.
    """
    if min_score is not None and hit.score < min_score:
        return False
    if words and _mentions(" \n".join([*hit.headings, hit.text]), words):
        return True
    dense = hit.scores.get("dense")
    return dense is not None and best_dense is not None and dense >= best_dense - DENSE_MARGIN


@dataclass
class Column:
    """One province (or one year) side by side with the others."""

    key: str             # "An Giang" or "2024"
    current: str | None  # the province it belongs to now (by province), else None
    hits: list[Hit]      # its most relevant clauses, best first

    def to_dict(self) -> dict:
        return {"key": self.key, "current": self.current, "hits": [h.to_dict() for h in self.hits]}


@dataclass
class Comparison:
    topic: str
    by: str              # "province" | "year"
    columns: list[Column]

    def to_dict(self) -> dict:
        return {"topic": self.topic, "by": self.by, "columns": [c.to_dict() for c in self.columns]}


def groups(searcher: Searcher, by: str) -> list[str]:
    """The group values present in the archive: provinces as documents name them, in alphabetical order of
    their folded names, or the years of dated documents, oldest first (undated documents are in no year)."""
    if searcher.archive is None:
        raise DirectivesError("compare needs an archive")
    db = searcher.archive.db
    if by == "province":
        names = [r[0] for r in db.execute("SELECT DISTINCT province FROM documents WHERE province IS NOT NULL")]
        return sorted((n for n in names if n), key=province_key)
    years = {r[0] for r in db.execute("SELECT DISTINCT substr(date, 1, 4) FROM documents WHERE date IS NOT NULL")}
    return sorted(y for y in years if y and y.isdigit() and len(y) == 4)


def _in_group(hit: Hit, by: str, value: str) -> bool:
    return hit.province == value if by == "province" else (hit.date or "")[:4] == value


def compare(searcher: Searcher, topic: str, by: str = "province", per_group: int = 3,
            min_score: float | None = None) -> Comparison:
    """Each group's top `per_group` clauses on `topic`, the clearly unrelated ones dropped (see `relevant`).

    Each group gets its own filtered search, so a small province is not crowded out by a large one. A group
    left with no relevant hit is omitted. Columns keep the order of `groups` (alphabetical provinces,
    ascending years), not a score order: fused scores are min-max normalised within each search, so every
    group's best is near 1 and they say nothing across groups.
    """
    if by not in BYS:
        raise DirectivesError(f"by {by!r}: use one of {', '.join(BYS)}")
    if per_group < 1:
        raise DirectivesError("per_group must be at least 1")
    if not topic.strip():
        raise DirectivesError("give a topic")
    mode = "hybrid" if getattr(searcher.index, "vectors", None) is not None else "bm25"
    # Ask for more than per_group and keep the group's own clauses: a province filter may one day take in
    # the province's merged neighbours, and the column must still show only its own province.
    k = max(per_group, POOL)
    tops: dict[str, list[Hit]] = {}
    for value in groups(searcher, by):
        if by == "province":
            filters = Filters(province=value)
        else:
            filters = Filters(year_from=int(value), year_to=int(value))
        hits = searcher.search(topic, k=k, mode=mode, filters=filters)
        tops[value] = [h for h in hits if _in_group(h, by, value)][:per_group]
    dense = [h.scores["dense"] for hits in tops.values() for h in hits if "dense" in h.scores]
    best_dense = max(dense) if dense else None
    words = content_words(searcher.plan(topic).restored)
    columns = []
    for value, hits in tops.items():
        kept = [h for h in hits if relevant(h, words, best_dense, min_score)]
        if kept:
            columns.append(Column(value, current_province(value) if by == "province" else None, kept))
    return Comparison(topic, by, columns)


def hit_line(hit: Hit, by: str, width: int = 300) -> str:
    """"- 1504/UBND-TH, 2024-10-25 [1.-1] text…"; a year column also names the province."""
    where = [hit.number or hit.doc_type or hit.source]
    if by == "year":
        where.append(hit.province)
    where.append(hit.date)
    body = hit.text if len(hit.text) <= width else hit.text[:width] + "…"
    return f"- {', '.join(x for x in where if x)} [{hit.path}] {body}"


def text(comparison: Comparison) -> str:
    """The comparison as the CLI prints it."""
    if not comparison.columns:
        return f"Không có điều khoản nào về “{comparison.topic}”. (No clause on this topic.)"
    blocks = []
    for col in comparison.columns:
        head = f"== {col.key} (nay: {col.current}) ==" if col.current else f"== {col.key} =="
        blocks.append("\n".join([head, *(hit_line(h, comparison.by) for h in col.hits)]))
    return "\n\n".join(blocks)
