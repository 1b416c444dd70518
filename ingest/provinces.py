"""Provinces before and after the 2025 mergers: which pre-2025 provinces form each of today's 34.

Vietnam merged its 63 provinces and centrally-run cities into 34 effective 1 July 2025 (Nghị quyết
202/2025/QH15). The archive keeps each document's province as the document names it (pre-2025), so a filter
on today's province ("Phú Thọ") needs the old names that now form it. This lineage sits with the other place
names, below search: the index filters by it and compare shows it.
"""
from __future__ import annotations

import re

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


def province_key(name: str) -> str:
    """A name folded to bare words, so "TP. Hồ Chí Minh", "tp ho chi minh" and "Hoà Bình" compare equal."""
    return " ".join(_WORD.findall(fold(name or "")))


# Spellings people use that the documents' names do not cover (folded keys).
_OLD_ALIASES = {"ho chi minh": "Thành phố Hồ Chí Minh", "hcm": "Thành phố Hồ Chí Minh",
                "tphcm": "Thành phố Hồ Chí Minh", "sai gon": "Thành phố Hồ Chí Minh",
                "hue": "Thừa Thiên Huế", "bac can": "Bắc Kạn", "brvt": "Bà Rịa - Vũng Tàu"}
_CURRENT_ALIASES = {"ho chi minh": "Thành phố Hồ Chí Minh", "hcm": "Thành phố Hồ Chí Minh",
                    "tphcm": "Thành phố Hồ Chí Minh", "sai gon": "Thành phố Hồ Chí Minh"}
_OLD_KEYS = {province_key(p): p for p in PROVINCES} | _OLD_ALIASES
_CURRENT_KEYS = {province_key(c): c for c in CURRENT_PROVINCE.values()} | _CURRENT_ALIASES


def _lookup(name: str, table: dict[str, str]) -> str | None:
    """Exact folded match, then without a leading "tỉnh"/"thành phố"/"TP"."""
    key = province_key(name)
    if key in table:
        return table[key]
    return table.get(_PREFIX.sub("", key))


def _old_province(name: str) -> str | None:
    """The pre-2025 province a name denotes, also inside a phrase ("UBND tỉnh Kien Giang")."""
    return _lookup(name, _OLD_KEYS) or find_province(name or "")


def current_name(name: str) -> str | None:
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
    return current_name(name)


def predecessors(current: str) -> list[str]:
    """The pre-2025 provinces that now form `current` (any spelling), in alphabetical order of their folded
    names; [] when `current` is not one of today's 34 provinces (e.g. "Kiên Giang")."""
    name = current_name(current)
    if name is None:
        return []
    return sorted((p for p, c in CURRENT_PROVINCE.items() if c == name), key=province_key)


def expand_province_filter(name: str) -> list[str]:
    """The stored (pre-2025) provinces a province filter named `name` should match.

    A current province's name means the whole of it today, so "Phú Thọ" also takes Vĩnh Phúc's and Hòa Bình's
    documents; a name that is only a pre-2025 province ("Kiên Giang") means just that one. An unknown name
    matches no province: [].
    """
    if current_name(name) is not None:
        return predecessors(name)
    old = _old_province(name)
    return [old] if old is not None else []


# -- comparison ----------------------------------------------------------------------------------
