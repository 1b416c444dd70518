"""What a user narrows a search to (province, years, kind, issuer, agency and role, cited document, one document),
and the mask over index positions that keeps it. The embedded searcher applies the mask; the Milvus backend writes
the same filters as a server expression (index.milvus_search.filter_expression)."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass

import numpy as np

from ingest.errors import DirectivesError
from ingest.provinces import expand_province_filter
from ingest.vietnamese import find_province, fold


@dataclass
class Filters:
    province: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    doc_type: str | None = None
    issuer: str | None = None
    agency: str | None = None
    role: str | None = None        # with agency: lead | coordinate | advise | report_to | mention
    cites: str | None = None
    doc_id: str | None = None      # one document only
    current_province: str | None = None   # a province as it is now, with the ones merged into it in 2025

    def any(self) -> bool:
        return any(v is not None for v in asdict(self).values())


def parse_years(spec: str) -> tuple[int | None, int | None]:
    """"2020-2024", "2022", "2020-" -> (from, to)."""
    m = re.fullmatch(r"\s*(\d{4})?\s*(?:(-)\s*(\d{4})?)?\s*", spec or "")
    if not m or not (m.group(1) or m.group(3)):
        raise DirectivesError(f"year range {spec!r}: write 2020-2024, 2022 or 2020-")
    start = int(m.group(1)) if m.group(1) else None
    end = int(m.group(3)) if m.group(3) else (start if not m.group(2) else None)
    return start, end


def filter_mask(f: Filters | None, table, archive, about: Callable[[str], list[str]]) -> np.ndarray | None:
    """The positions of `table` (index.store.ClauseTable) the filters keep, or None when nothing is filtered.
    `about(province)` lists the documents of no province whose trích yếu names it: a province keeps them too."""
    if f is None or not f.any():
        return None
    t = table
    mask = np.ones(len(t.ids), dtype=bool)
    if f.province:
        wanted = find_province(f.province) or f.province
        own = t.province == wanted
        if named := set(about(wanted)):
            own |= np.fromiter((d in named for d in t.doc_ids), dtype=bool, count=len(t.doc_ids))
        mask &= own
    if f.current_province:
        mask &= np.isin(t.province, expand_province_filter(f.current_province))
    if f.year_from is not None:
        mask &= t.year >= f.year_from
    if f.year_to is not None:
        mask &= (t.year <= f.year_to) & (t.year >= 0)
    if f.doc_type:
        mask &= np.array([fold(x) == fold(f.doc_type) for x in t.doc_type], dtype=bool)
    if f.issuer:
        key = fold(f.issuer)
        mask &= np.array([key in fold(x) for x in t.issuer], dtype=bool)
    if f.doc_id:
        mask &= np.array([d == f.doc_id for d in t.doc_ids], dtype=bool)
    if f.agency or f.cites:
        position = {cid: i for i, cid in enumerate(t.ids)}
        if f.agency:
            mask &= _clause_mask(position, _agency_clauses(archive, f.agency, f.role))
        if f.cites:
            from ingest.citations import parse_citation_query
            number, province = parse_citation_query(f.cites)
            mask &= _clause_mask(position, {c.id for _, c, _ in archive.citing(number, province)})
    return mask


def _agency_clauses(archive, agency: str, role: str | None) -> set[str]:
    from ingest.agencies import canonical_agency
    name = canonical_agency(agency) or agency
    sql, args = "SELECT clause_id FROM agencies WHERE agency = ?", [name]
    if role:
        sql, args = sql + " AND role = ?", args + [role]
    return {r[0] for r in archive.db.execute(sql, args)}


def _clause_mask(position: dict[str, int], clause_ids: set[str]) -> np.ndarray:
    mask = np.zeros(len(position), dtype=bool)
    mask[[position[c] for c in clause_ids if c in position]] = True
    return mask
