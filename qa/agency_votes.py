"""Who a "which body?" question's clauses name for it: each agency mention's vote, weighed by its role, by whether it
does the asked action, by the kind of body asked ("sở nào") and by whether the question names it itself.

Its own module so qa/answer.py stays small; the answerer sums the votes and writes the answer.
"""
from __future__ import annotations

import re

from index.search import Hit
from ingest.agencies import PLACE_WORD, find_agencies, fold_aligned
from ingest.model import AgencyRole
from ingest.vietnamese import find_province, fold
from qa.question import asked_action, asked_agency_kind, asked_owned, asked_role, asks_parent

NAMED_IN_QUESTION = 0.2  # an agency the question names weighs this much as its answer
# Bodies every directive addresses as a group or as the issuer: a vote for them counts 0.3 unless they do the act
GROUPS = {"Các sở, ban, ngành tỉnh", "Ủy ban nhân dân cấp huyện", "Ủy ban nhân dân cấp xã", "Ủy ban nhân dân tỉnh",
          "Chủ tịch Ủy ban nhân dân tỉnh", "Ủy ban nhân dân Thành phố", "Chủ tịch Ủy ban nhân dân Thành phố",
          "Các cơ quan Trung ương trên địa bàn tỉnh", "Chính phủ", "Thủ tướng Chính phủ"}


def _owns(text: str, a: AgencyRole, owned: str | None) -> bool:
    """The agency mention follows the asked thing and "của": "Bằng khen của Chủ tịch UBND tỉnh"."""
    if not owned or a.start < 0:
        return False
    return re.search(rf"\b{re.escape(owned)}\s+cua\s*$", fold(text[max(0, a.start - 60):a.start])) is not None


def _parent(text: str, a: AgencyRole) -> bool:
    """The agency mention follows "(trực) thuộc": the body the one before it belongs to ("quỹ tài chính nhà nước
    thuộc Sở Nông nghiệp và Môi trường", "Trạm Kiểm lâm Lao Bảo ... thuộc Hạt Kiểm lâm Hướng Hóa")."""
    return a.start >= 0 and re.search(r"\bthuoc\s*$", fold(text[max(0, a.start - 12):a.start])) is not None


def _does(text: str, a: AgencyRole, action: str | None, wanted: str | None) -> bool:
    """The agency mention is followed by the asked action, so it is its doer ("gửi Sở Tài chính thẩm định"), or by
    the asked office ("Chủ tịch UBND tỉnh (Trưởng ban Chỉ đạo ...)", "... làm Trưởng ban").
    A partner named after "phối hợp với" is not, unless coordination is what is asked."""
    if not action or a.start < 0 or (a.role == "coordinate" and wanted != "coordinate"):
        return False
    after = fold(text[a.end:a.end + len(action) + 8])
    return re.match(rf"\s*(?:\(\s*|(?:lam|la)\s+)?{re.escape(action)}\b", after) is not None


def _named(agency: str, named: list[str]) -> bool:
    """The agency is one the question names, with or without its place ("Hội đồng Thi đua - Khen thưởng" and
    "... tỉnh Bắc Ninh"); "Ủy ban nhân dân tỉnh" is not named by "Văn phòng Ủy ban nhân dân tỉnh", nor a body by a
    shorter one whose field it extends ("Tòa án nhân dân tối cao" is a court of its own, not "Tòa án nhân dân")."""
    a = fold(agency)
    for n in named:
        short, long = sorted((a, n), key=len)
        rest = long[len(short):].strip(" ,")
        if long.startswith(short) and (not rest or PLACE_WORD.match(rest) or find_province(rest)):
            return True
    return False


def agency_votes(question: str, hits: list[Hit], clauses: dict
                 ) -> tuple[dict[tuple[str, str | None], float], dict[tuple[str, str | None], list]]:
    """(agency, province) -> summed vote over the hits, a better-ranked hit weighing more, and the hits with the
    mention spans behind each vote."""
    wanted = asked_role(question)
    weights = {"lead": 1.0, "advise": 0.8, "coordinate": 0.4, "report_to": 0.3, "mention": 0.05}
    if wanted:
        weights = {r: (1.0 if r == wanted else 0.5 * w) for r, w in weights.items()}
    action = asked_action(question)
    kind = asked_agency_kind(question)
    owned = asked_owned(question)
    parent = asks_parent(question)          # "X thuộc cơ quan nào?": the body after "thuộc" in the clause
    # A body the question itself names is what it asks about, not its answer: "Cơ quan nào là thường trực của
    # Hội đồng Thi đua - Khen thưởng?", "Đơn vị nào của Bộ Y tế ...?", "Quỹ X trực thuộc cơ quan nào?"
    found = find_agencies(question)
    named = [fold(a.agency) for a in found]
    # A body the question writes out is named too, typed in lower case or without marks ("... thuong truc cua Hoi dong
    # Thi dua"), unless it is written only inside a longer body it names ("Chính phủ" of "Văn phòng Chính phủ").
    written = fold_aligned(question)          # one character per character, so the spans below line up
    inside = [(a.start, a.end) for a in found if a.start >= 0]

    def writes(agency: str) -> bool:
        return any(not any(s <= m.start() and m.end() <= e for s, e in inside)
                   for m in re.finditer(rf"(?<![a-z]){re.escape(fold(agency))}(?![a-z])", written))

    scores: dict[tuple[str, str | None], float] = {}
    evidence: dict[tuple[str, str | None], list[tuple[Hit, list[tuple[int, int]]]]] = {}
    for rank, hit in enumerate(hits):
        clause = clauses[hit.clause_id]
        best: dict[str, float] = {}
        marks: dict[str, list[tuple[int, int]]] = {}
        doers = {a.agency for a in clause.agencies if _does(hit.text, a, action, wanted)
                 or _owns(hit.text, a, owned) or parent and _parent(hit.text, a)}
        for a in clause.agencies:
            w = weights.get(a.role, 0.0)
            if doers:          # the clause names who does the asked action: "gửi Sở Tài chính thẩm định"
                w = max(w, 1.0) if a.agency in doers else 0.5 * w
            w *= 0.3 if a.agency in GROUPS and a.agency not in doers else 1.0   # a group addressed
            if kind and not fold(a.agency).startswith(kind):
                w *= 0.2       # "Đài nào ...?" asks for a broadcaster, "sở nào" for a department
            w *= 0.5 if a.start < 0 else 1.0   # named by the item above, not here: its sub-items are one task
            w *= NAMED_IN_QUESTION if _named(a.agency, named) or writes(a.agency) else 1.0
            best[a.agency] = max(best.get(a.agency, 0.0), w)
            if a.start >= 0:
                marks.setdefault(a.agency, []).append((a.start, a.end))
            else:
                marks.setdefault(a.agency, [])
        for agency, w in best.items():
            key = (agency, hit.province)
            scores[key] = scores.get(key, 0.0) + w * hit.score / (1 + 0.3 * rank)
            evidence.setdefault(key, []).append((hit, marks[agency]))
    return scores, evidence
