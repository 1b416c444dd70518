"""Find the documents a clause cites and give each one id that all its spellings share.

"107/2021/NĐ-CP", "107/2021/ND-CP" and "107/2021/nđ-cp" are one id; the party form "39-NQ/TW" also
matches a text that writes "39/NQ-TW". A code that only makes sense within one province
("324/QĐ-UBND") is qualified by a province: the one its issuer names, else the citing document's.
"""
from __future__ import annotations

import re
from datetime import date

from ingest.model import Citation
from ingest.vietnamese import find_province, fold

KINDS = {
    "nghị định": "nghị định", "nghị quyết": "nghị quyết", "quyết định": "quyết định",
    "thông tư liên tịch": "thông tư liên tịch", "thông tư": "thông tư", "chỉ thị": "chỉ thị",
    "công văn": "công văn", "văn bản": "công văn", "thông báo": "thông báo", "kế hoạch": "kế hoạch",
    "chương trình hành động": "chương trình hành động", "chương trình": "chương trình", "đề án": "đề án",
    "hướng dẫn": "hướng dẫn", "luật": "luật", "pháp lệnh": "pháp lệnh", "công điện": "công điện",
    "báo cáo": "báo cáo", "tờ trình": "tờ trình", "quy định": "quy định",
}
# The type code inside a number tells the kind when no word before it does.
CODE_KINDS = {"NĐ": "nghị định", "NQ": "nghị quyết", "QĐ": "quyết định", "TT": "thông tư", "TTLT": "thông tư liên tịch",
              "CT": "chỉ thị", "TB": "thông báo", "KH": "kế hoạch", "CTr": "chương trình hành động", "ĐA": "đề án",
              "HD": "hướng dẫn", "QH": "luật", "BC": "báo cáo", "TTr": "tờ trình", "CĐ": "công điện"}
# The body a number's segment names, for a citation that does not say who issued it ("Quyết định số 45/2015/QĐ-UBND":
# the provincial People's Committee). "TW" is left out: a "-NQ/TW" may be the Politburo's or the Central Committee's.
CODE_ISSUERS = {"CP": "Chính phủ", "TTg": "Thủ tướng Chính phủ", "VPCP": "Văn phòng Chính phủ",
                "UBND": "Ủy ban nhân dân tỉnh", "HĐND": "Hội đồng nhân dân tỉnh", "TU": "Tỉnh ủy", "QH": "Quốc hội",
                "BCĐCCHC": "Ban Chỉ đạo Cải cách hành chính của Chính phủ", "BNV": "Bộ Nội vụ", "BTC": "Bộ Tài chính",
                "BTP": "Bộ Tư pháp", "BYT": "Bộ Y tế", "BTTTT": "Bộ Thông tin và Truyền thông",
                "BKHĐT": "Bộ Kế hoạch và Đầu tư", "BCA": "Bộ Công an", "BXD": "Bộ Xây dựng"}


def issuer_of_number(number: str) -> str | None:
    """The body a canonical number names ("45/2015/QĐ-UBND" -> "Ủy ban nhân dân tỉnh"), its first body segment."""
    for segment in re.split(r"[/-]", number)[1:]:
        segment = re.sub(r"(?<=\D)\d+$", "", segment)          # "QH13": the 13th National Assembly
        if segment in CODE_ISSUERS:
            return CODE_ISSUERS[segment]
    return None


# Segment spellings keyed by their folded upper-case form: "ND" and "nđ" are both "NĐ".
SEGMENTS = {fold(s).upper(): s for s in (
    "NĐ", "QĐ", "TTg", "CTr", "ĐA", "HĐND", "BCĐ", "BCĐCCHC", "TTr", "TTLT", "CĐ", "Tr", "UBND", "CP", "VPCP",
    "KSTT", "TB", "NQ", "TT", "CT", "KH", "BNV", "TW", "TU", "HU", "ĐU", "HD", "BC", "QH", "BTC", "BTTTT", "BCA",
    "BKHĐT", "BTP", "BYT", "BGDĐT", "BXD", "BTNMT", "BLĐTBXH", "BNN", "BCT", "VPQH", "UBTVQH", "TANDTC")}
PARTY_BODIES = {"TW", "TU", "HU", "ĐU", "BCT"}
LOCAL_BODIES = {"UBND", "HĐND", "TU", "HU"}

_KIND_WORDS = "|".join(sorted(KINDS, key=len, reverse=True))
_CODE = r"\d{1,5}[a-z]?(?:\s?[/-]\s?(?:\d{4}|[A-Za-zĐđ][A-Za-zĐđ0-9]*)){1,4}"
_DATE = (r"(?:,\s*)?\s*ngày\s+(?:(?P<d1>\d{1,2})[/.-](?P<m1>\d{1,2})[/.-](?P<y1>\d{4})"
         r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4}))")
_NAME = r"[A-ZĐ][\wà-ỹ]*(?:\s+[A-ZĐ][\wà-ỹ]*){0,3}"          # capitalised words: a province
MINISTRIES = ("Nội vụ", "Tư pháp", "Tài chính", "Kế hoạch và Đầu tư", "Thông tin và Truyền thông",
              "Khoa học và Công nghệ", "Y tế", "Giáo dục và Đào tạo", "Xây dựng", "Tài nguyên và Môi trường",
              "Công Thương", "Giao thông vận tải", "Lao động - Thương binh và Xã hội", "Công an", "Quốc phòng",
              "Nông nghiệp và Phát triển nông thôn", "Văn hóa, Thể thao và Du lịch", "Ngoại giao")
_MINISTRY = "(?:" + "|".join(re.escape(m) for m in sorted(MINISTRIES, key=len, reverse=True)) + ")"
_ISSUER = (r"(?:,\s*)?\s*của\s+(?P<issuer>Thủ tướng Chính phủ|Văn phòng Chính phủ|Chính phủ|Bộ Chính trị|"
           r"Ban Chấp hành Trung ương|Quốc hội|(?:Bộ trưởng\s+)?Bộ\s+" + _MINISTRY + r"|"
           r"(?:Chủ tịch\s+)?(?:Ủy ban nhân dân|UBND|Hội đồng nhân dân|HĐND)(?:\s+tỉnh(?:\s+(?P<where>" + _NAME + r"))?)?|"
           r"Tỉnh ủy(?:\s+(?P<where2>" + _NAME + r"))?|[Bb]an Chỉ đạo[\w\s]{0,60}?của Chính phủ)")
CITATION = re.compile(
    rf"(?P<kind>(?<!\w)(?i:{_KIND_WORDS}))\s+(?:số\s*:?\s*)?(?P<code>{_CODE})(?![\w/])(?:{_DATE})?(?:{_ISSUER})?")
# A law cited by its name and then its number: "Luật Tổ chức chính quyền địa phương số 72/2025/QH15", "Bộ luật Dân sự
# số 91/2015/QH13", "Luật Phòng, chống tham nhũng số 36/2018/QH14". The name runs over words and commas, never over
# another kind of text or "số".
NAMED_LAW = re.compile(rf"(?<!\w)(?P<kind>Bộ luật|Luật|Pháp lệnh)\s+(?P<name>[A-ZĐ][\wà-ỹ-]*(?:,?\s+(?!(?:số|Luật"
                       rf"|Bộ luật|Pháp lệnh|Nghị định|Nghị quyết|Quyết định|Thông tư)\b)[\wà-ỹ-]+){{0,14}}?)"
                       rf"\s+số\s*:?\s*(?P<code>{_CODE})(?![\w/])(?:{_DATE})?")
# A national technical regulation or standard is cited by its own code, not "số": "QCVN 03:2019/BYT", "QCVN 01:2022/BQP",
# "TCVN 10299:2025", "TCVN ISO 9001:2015"; the body after the slash issued it. A code without its number and year
# ("theo TCVN ISO") names the series, no document.
STANDARD = re.compile(r"(?<![\w/])(?P<kind>QCVN|TCVN)\s+(?P<code>(?:ISO\s+)?\d{1,5}(?:-\d{1,3})*(?:\s?:\s?\d{4})"
                      r"(?:\s?/\s?[A-ZĐ][A-Za-zĐ]*)?)(?![\w:])")
STANDARD_KINDS = {"QCVN": "quy chuẩn", "TCVN": "tiêu chuẩn"}
LAW_BY_NAME = re.compile(r"\bLuật\s+(?P<name>[A-ZĐ][\wà-ỹ]*(?:[\s,]+(?!năm\b)[\wà-ỹ]+){0,12}?)\s+năm\s+(?P<year>\d{4})")


def canonical_number(code: str) -> str:
    """One spelling per số ký hiệu: case and diacritics of codes fixed, party codes as "39-NQ/TW"."""
    code = re.sub(r"\s+", "", code)
    num, rest = re.match(r"(\d+[a-zA-Z]?)(.*)", code).groups()
    segments = [s for s in re.split(r"[/-]", rest) if s]
    fixed = [SEGMENTS.get(fold(s).upper(), s if s.isdigit() else s.upper()) for s in segments]
    if fixed and fixed[-1] in PARTY_BODIES and len(fixed) == 2:
        return f"{num.lower()}-{fixed[0]}/{fixed[1]}"
    year = [s for s in fixed if re.fullmatch(r"\d{4}", s)]
    letters = [s for s in fixed if not re.fullmatch(r"\d{4}", s)]
    head = f"{num.lower()}/{year[0]}/" if year else f"{num.lower()}/"
    return head + "-".join(letters)


def is_local(number: str) -> bool:
    return bool(set(re.split(r"[/-]", number)) & LOCAL_BODIES)


def citation_id(number: str, province: str | None) -> str:
    return f"{number} ({province})" if province and is_local(number) else number


def parse_citation_query(text: str) -> tuple[str, str | None]:
    """What a user typed ("107/2021/ND-CP", "324/QĐ-UBND (An Giang)") as (number, province or None)."""
    m = re.match(rf"\s*(?:(?:{_KIND_WORDS})\s+)?(?:số\s*)?({_CODE})\s*(?:\((.+)\))?\s*$", text, re.IGNORECASE)
    if not m:
        return text.strip(), None
    province = find_province(m.group(2)) if m.group(2) else None
    return canonical_number(m.group(1)), province


def _date(m: re.Match) -> str | None:
    d, mo, y = (m["d1"], m["m1"], m["y1"]) if m["d1"] else (m["d2"], m["m2"], m["y2"])
    if not d:
        return None
    try:
        return date(int(y), int(mo), int(d)).isoformat()
    except ValueError:
        return None


def find_citations(text: str, province: str | None = None) -> list[Citation]:
    """Every document a clause cites, in order; `province` is the citing document's."""
    found: list[Citation] = []
    for m in CITATION.finditer(text):
        number = canonical_number(m["code"])
        if not re.search(r"[A-Za-zĐđ]", number.split("/", 1)[-1]):
            continue        # "15/12/2024" or "38/59": a date or a fraction, not a document
        issuer = m["issuer"].strip() if m["issuer"] else None
        named = m["where"] or m["where2"]
        where = find_province(named) if named else None
        kind = KINDS[m["kind"].lower()] if m["kind"] else None
        if kind in (None, "quy định"):
            kind = next((CODE_KINDS[s] for s in re.split(r"[/-]", number) if s in CODE_KINDS), kind)
        scope = where or province
        found.append(Citation(id=citation_id(number, scope), number=number, kind=kind or "văn bản",
                              raw=m.group(0).rstrip(" ,"), start=m.start(), end=m.start() + len(m.group(0).rstrip(" ,")),
                              date=_date(m), issuer=issuer))
    for m in NAMED_LAW.finditer(text):
        number = canonical_number(m["code"])
        if not re.search(r"[A-Za-zĐđ]", number.split("/", 1)[-1]):
            continue
        # the same number read from inside the name ("... pháp luật số 87/2025/QH15") gives way to the whole citation
        found = [c for c in found if not (c.number == number and m.start() <= c.start < m.end())]
        raw = m.group(0).rstrip(" ,")
        found.append(Citation(id=citation_id(number, province), number=number, kind="luật" if "luật" in m["kind"].lower()
                              else "pháp lệnh", raw=raw, start=m.start(), end=m.start() + len(raw), date=_date(m)))
    for m in STANDARD.finditer(text):
        number = f"{m['kind']} " + re.sub(r"\s+", "", m["code"]).replace("ISO", "ISO ")
        found.append(Citation(id=number, number=number, kind=STANDARD_KINDS[m["kind"]], raw=m.group(0), start=m.start(),
                              end=m.end()))
    for m in LAW_BY_NAME.finditer(text):
        name = f"Luật {m['name']} năm {m['year']}"
        found.append(Citation(id=name, number=None, kind="luật", raw=m.group(0), start=m.start(), end=m.end()))
    found.sort(key=lambda c: c.start)
    return found


def fill_short_mentions(citations: list[Citation]) -> None:
    """A short mention ("Quyết định số 324/QĐ-UBND") takes the date and issuer of the full one in the document."""
    full = {}
    for c in citations:
        if c.date and c.id not in full:
            full[c.id] = c
    for c in citations:
        if c.id in full and not c.date:
            c.date = full[c.id].date
            c.issuer = c.issuer or full[c.id].issuer
