"""Compare how provinces (or years) handle one topic, side by side, and the 2025 province mergers.

Vietnam merged its 63 provinces and centrally-run cities into 34 effective 1 July 2025 (Nghị quyết
202/2025/QH15). The archive keeps each document's province as the document names it (pre-2025), so a
reader who thinks in today's provinces ("Phú Thọ") needs the old names that now form it, and a
comparison column shows which province its documents belong to now.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from index.search import POOL, Filters, Hit, Searcher
from index.text import one_spelling_text, prepare, word_tokens
from ingest.errors import DirectivesError
from ingest.vietnamese import PROVINCES, find_province, fold

# Every pre-2025 province (keys spelled as in ingest.vietnamese.PROVINCES) -> the province it is part of
# since 1 July 2025. The 11 that were not merged map to themselves; Thừa Thiên Huế had already become the
# centrally-run city "Huế" on 1 January 2025, so its current name differs from its key.
CURRENT_PROVINCE: dict[str, str] = {
    # not merged
    "Hà Nội": "Hà Nội", "Thừa Thiên Huế": "Huế", "Huế": "Huế", "Lai Châu": "Lai Châu", "Điện Biên": "Điện Biên",
    "Sơn La": "Sơn La", "Lạng Sơn": "Lạng Sơn", "Quảng Ninh": "Quảng Ninh", "Thanh Hóa": "Thanh Hóa",
    "Nghệ An": "Nghệ An", "Hà Tĩnh": "Hà Tĩnh", "Cao Bằng": "Cao Bằng",
    # merged: north
    "Tuyên Quang": "Tuyên Quang", "Hà Giang": "Tuyên Quang",
    "Lào Cai": "Lào Cai", "Yên Bái": "Lào Cai",
    "Thái Nguyên": "Thái Nguyên", "Bắc Kạn": "Thái Nguyên",
    "Phú Thọ": "Phú Thọ", "Vĩnh Phúc": "Phú Thọ", "Hòa Bình": "Phú Thọ",
    "Bắc Ninh": "Bắc Ninh", "Bắc Giang": "Bắc Ninh",
    "Hưng Yên": "Hưng Yên", "Thái Bình": "Hưng Yên",
    "Hải Phòng": "Hải Phòng", "Hải Dương": "Hải Phòng",
    "Ninh Bình": "Ninh Bình", "Hà Nam": "Ninh Bình", "Nam Định": "Ninh Bình",
    # merged: centre and highlands
    "Quảng Trị": "Quảng Trị", "Quảng Bình": "Quảng Trị",
    "Đà Nẵng": "Đà Nẵng", "Quảng Nam": "Đà Nẵng",
    "Quảng Ngãi": "Quảng Ngãi", "Kon Tum": "Quảng Ngãi",
    "Gia Lai": "Gia Lai", "Bình Định": "Gia Lai",
    "Khánh Hòa": "Khánh Hòa", "Ninh Thuận": "Khánh Hòa",
    "Lâm Đồng": "Lâm Đồng", "Đắk Nông": "Lâm Đồng", "Bình Thuận": "Lâm Đồng",
    "Đắk Lắk": "Đắk Lắk", "Phú Yên": "Đắk Lắk",
    # merged: south
    "Thành phố Hồ Chí Minh": "Thành phố Hồ Chí Minh", "Bình Dương": "Thành phố Hồ Chí Minh",
    "Bà Rịa - Vũng Tàu": "Thành phố Hồ Chí Minh",
    "Đồng Nai": "Đồng Nai", "Bình Phước": "Đồng Nai",
    "Tây Ninh": "Tây Ninh", "Long An": "Tây Ninh",
    "Cần Thơ": "Cần Thơ", "Sóc Trăng": "Cần Thơ", "Hậu Giang": "Cần Thơ",
    "Vĩnh Long": "Vĩnh Long", "Bến Tre": "Vĩnh Long", "Trà Vinh": "Vĩnh Long",
    "Đồng Tháp": "Đồng Tháp", "Tiền Giang": "Đồng Tháp",
    "Cà Mau": "Cà Mau", "Bạc Liêu": "Cà Mau",
    "An Giang": "An Giang", "Kiên Giang": "An Giang",
}
assert set(CURRENT_PROVINCE) == set(PROVINCES), "CURRENT_PROVINCE must cover exactly ingest.vietnamese.PROVINCES"

_WORD = re.compile(r"\w+")
_PREFIX = re.compile(r"^(?:tinh|thanh pho|tp)\s+")


def _key(name: str) -> str:
    """A name folded to bare words, so "TP. Hồ Chí Minh", "tp ho chi minh" and "Hoà Bình" compare equal."""
    return " ".join(_WORD.findall(fold(name or "")))


# Spellings people use that the documents' names do not cover (folded keys).
_OLD_ALIASES = {"ho chi minh": "Thành phố Hồ Chí Minh", "hcm": "Thành phố Hồ Chí Minh",
                "tphcm": "Thành phố Hồ Chí Minh", "sai gon": "Thành phố Hồ Chí Minh",
                "hue": "Thừa Thiên Huế", "bac can": "Bắc Kạn", "brvt": "Bà Rịa - Vũng Tàu"}
_CURRENT_ALIASES = {"ho chi minh": "Thành phố Hồ Chí Minh", "hcm": "Thành phố Hồ Chí Minh",
                    "tphcm": "Thành phố Hồ Chí Minh", "sai gon": "Thành phố Hồ Chí Minh"}
_OLD_KEYS = {_key(p): p for p in PROVINCES} | _OLD_ALIASES
_CURRENT_KEYS = {_key(c): c for c in CURRENT_PROVINCE.values()} | _CURRENT_ALIASES


def _lookup(name: str, table: dict[str, str]) -> str | None:
    """Exact folded match, then without a leading "tỉnh"/"thành phố"/"TP"."""
    key = _key(name)
    if key in table:
        return table[key]
    return table.get(_PREFIX.sub("", key))


def _old_province(name: str) -> str | None:
    """The pre-2025 province a name denotes, also inside a phrase ("UBND tỉnh Kien Giang")."""
    return _lookup(name, _OLD_KEYS) or find_province(name or "")


def _current_name(name: str) -> str | None:
    """The current (post-merger) province a name denotes, or None when it is not one of the 34."""
    found = _lookup(name, _CURRENT_KEYS)
    if found:
        return found
    old = find_province(name or "")
    return old if old is not None and CURRENT_PROVINCE[old] == old else None


def current_province(name: str) -> str | None:
    """The province `name` (any spelling, old or current) belongs to since 1 July 2025; None if unknown."""
    old = _old_province(name)
    if old is not None:
        return CURRENT_PROVINCE[old]
    return _current_name(name)


def predecessors(current: str) -> list[str]:
    """The pre-2025 provinces that now form `current` (any spelling), in alphabetical order of their folded
    names; [] when `current` is not one of today's 34 provinces (e.g. "Kiên Giang")."""
    name = _current_name(current)
    if name is None:
        return []
    return sorted((p for p, c in CURRENT_PROVINCE.items() if c == name), key=_key)


def expand_province_filter(name: str) -> list[str]:
    """The stored (pre-2025) provinces a province filter named `name` should match.

    A current province's name means the whole of it today, so "Phú Thọ" also takes Vĩnh Phúc's and Hòa Bình's
    documents; a name that is only a pre-2025 province ("Kiên Giang") means just that one. An unknown name
    matches no province: [].
    """
    if _current_name(name) is not None:
        return predecessors(name)
    old = _old_province(name)
    return [old] if old is not None else []


# -- comparison ----------------------------------------------------------------------------------

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
        return sorted((n for n in names if n), key=_key)
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
