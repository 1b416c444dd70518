"""Read a directive's header and trailer: số ký hiệu, type, issuer, province, date, subject, recipients, signer.

A field the text does not give stays None: never guessed. The header also tells where the body starts
and ends, so that the opening lines, the recipients list and the signature are not taken for tasks.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ingest.normalize import MARKER, Paragraph
from ingest.vietnamese import find_province, provinces_in

DOC_TYPES = {
    "CÔNG VĂN": "công văn", "CHỈ THỊ": "chỉ thị", "BÁO CÁO": "báo cáo", "KẾ HOẠCH": "kế hoạch",
    "QUYẾT ĐỊNH": "quyết định", "THÔNG BÁO": "thông báo", "TỜ TRÌNH": "tờ trình",
    "NGHỊ QUYẾT": "nghị quyết", "HƯỚNG DẪN": "hướng dẫn", "CHƯƠNG TRÌNH": "chương trình",
    "ĐỀ ÁN": "đề án", "QUY CHẾ": "quy chế", "QUY ĐỊNH": "quy định", "THÔNG TƯ": "thông tư",
    "NGHỊ ĐỊNH": "nghị định",
}
# The type code inside a số ký hiệu ("64/KH-UBND"); a code with none ("582/UBND-NC") is a công văn.
TYPE_CODES = {
    "KH": "kế hoạch", "QĐ": "quyết định", "CT": "chỉ thị", "BC": "báo cáo", "TB": "thông báo",
    "TTr": "tờ trình", "NQ": "nghị quyết", "HD": "hướng dẫn", "CTr": "chương trình", "ĐA": "đề án",
}
_NUMBER = re.compile(r"^Số\s*:?\s*(\d+[a-zA-Z]?)\s*/\s*([\w\-/.Đđ]+)", re.IGNORECASE)
_PLACE_DATE = re.compile(
    r"^(?P<place>[^,\d]{2,40}),\s*ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})",
    re.IGNORECASE)
_MOTTO = re.compile(r"^(CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM|Độc lập\s*[-–—]\s*Tự do\s*[-–—]\s*Hạnh phúc)",
                    re.IGNORECASE)
_ISSUER_START = re.compile(r"^(ỦY BAN|UBND|HỘI ĐỒNG|SỞ|BỘ|BAN|VĂN PHÒNG|THANH TRA|TỈNH|THÀNH PHỐ|HUYỆN|"
                           r"CHÍNH PHỦ|THỦ TƯỚNG|TỈNH ỦY|ĐẢNG ỦY)\b")
_SUBJECT = re.compile(r"^(V/v|Về việc)\s*:?\s*", re.IGNORECASE)
_TO = re.compile(r"^Kính gửi\s*:?\s*", re.IGNORECASE)
_DISTRIBUTION = re.compile(r"^(Nơi nhận|Người nhận)\s*:?\s*", re.IGNORECASE)
_SIGN_ROLE = re.compile(r"^(KT|TM|TL|TUQ|Q|KÝ)\.?\s+\S", re.IGNORECASE)
_TITLE_WORDS = re.compile(r"^(PHÓ\s+)?(CHỦ TỊCH|GIÁM ĐỐC|CHÁNH VĂN PHÒNG|CHÁNH THANH TRA|TRƯỞNG BAN|"
                          r"BỘ TRƯỞNG|THỦ TRƯỞNG|BÍ THƯ|TỔNG GIÁM ĐỐC|THỨ TRƯỞNG)$")
_NAME = re.compile(r"^(?:[A-ZÀ-ỸĐ][a-zà-ỹđ]+\s){1,5}[A-ZÀ-ỸĐ][a-zà-ỹđ]*$")     # "Nguyễn Văn A" too


@dataclass
class Header:
    number: str | None = None
    doc_type: str | None = None
    issuer: str | None = None
    province: str | None = None
    date: str | None = None
    subject: str | None = None
    signer: str | None = None
    signer_title: str | None = None
    recipients: list[str] = field(default_factory=list)
    body_start: int = 0            # paragraph index where the body starts
    body_end: int = 0              # paragraph index where the body ends (exclusive)
    trailer_notes: list[int] = field(default_factory=list)  # paragraphs after the body that are not lists


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _item(text: str) -> str:
    """A list entry without its bullet and trailing punctuation."""
    text = re.sub(r"^[-+–•]\s*", "", text).strip()
    return text.rstrip(";,.").strip()


def _title_case(caps: str) -> str:
    """"PHÓ CHỦ TỊCH" -> "Phó Chủ tịch"; "ỦY BAN NHÂN DÂN TỈNH KIÊN GIANG" -> "Ủy ban nhân dân tỉnh Kiên Giang"."""
    text = caps.lower()
    text = text[:1].upper() + text[1:]
    text = re.sub(r"\bchủ tịch\b", "Chủ tịch", text)
    province = find_province(caps)
    if province:
        text = re.sub(re.escape(province.lower()) + "$", province, text)
    return text


def _parse_date(m: re.Match) -> str | None:
    try:
        return date(int(m["y"]), int(m["m"]), int(m["d"])).isoformat()
    except ValueError:
        return None


def _is_header_element(text: str) -> bool:
    return bool(_NUMBER.match(text) or _PLACE_DATE.match(text) or _MOTTO.match(text) or _TO.match(text)
                or _SUBJECT.match(text) or text in DOC_TYPES)


def read_header(paras: list[Paragraph]) -> Header:
    h = Header()
    texts = [p.text for p in paras]
    issuer_lines: list[str] = []
    place: str | None = None
    has_vv = False
    i, n = 0, len(texts)
    while i < n:
        t = texts[i]
        if MARKER.match(t) and not t.startswith(("-", "+")):
            break
        if m := _NUMBER.match(t):
            h.number = f"{m.group(1)}/{m.group(2).rstrip('.')}"
        elif m := _PLACE_DATE.match(t):
            h.date = _parse_date(m)
            place = m["place"].strip()
        elif _MOTTO.match(t):
            pass
        elif t in DOC_TYPES:
            h.doc_type = DOC_TYPES[t]
            nxt = texts[i + 1] if i + 1 < n else ""
            if nxt and (_SUBJECT.match(nxt) or not _is_header_element(nxt)) and not MARKER.match(nxt):
                i += 1
                h.subject = _SUBJECT.sub("", nxt).strip()
        elif _SUBJECT.match(t):
            has_vv = True
            parts = [_SUBJECT.sub("", t)]
            # A trích yếu wrapped in the narrow header column: short lines in the same case style.
            while i + 1 < n and len(parts) < 4 and len(texts[i + 1]) <= 60 \
                    and not _is_header_element(texts[i + 1]) and not MARKER.match(texts[i + 1]) \
                    and _is_caps(texts[i + 1]) == _is_caps(t):
                i += 1
                parts.append(texts[i])
            h.subject = " ".join(parts).strip()
        elif _TO.match(t):
            rest = _TO.sub("", t).strip()
            if rest:
                h.recipients += [_item(r) for r in re.split(r";\s*", rest) if _item(r)]
            while i + 1 < n and texts[i + 1].startswith(("-", "+", "–", "•")):
                i += 1
                h.recipients.append(_item(texts[i]))
        elif _is_caps(t) and _ISSUER_START.match(t) and h.doc_type is None and not h.subject:
            issuer_lines.append(t)
        else:
            break
        i += 1
    h.body_start = i

    _read_trailer(texts, h)
    body = texts[h.body_start:h.body_end]
    if issuer_lines:
        h.issuer = _title_case(" ".join(issuer_lines))
    h.province = (find_province(" ".join(issuer_lines)) if issuer_lines else None) \
        or (find_province(place) if place else None) \
        or (provinces_in(h.subject)[0] if h.subject and provinces_in(h.subject) else None) \
        or _province_from_body(body)
    if h.issuer is None:
        h.issuer = _issuer_from_body(body[:5], h.province)
    if h.doc_type is None:
        h.doc_type = _type_from_number(h.number) or ("công văn" if has_vv else None)
    return h


def _read_trailer(texts: list[str], h: Header) -> None:
    """Find the end of the body: the distribution list ("Nơi nhận") or the signature block."""
    n = len(texts)
    end = n
    for j in range(h.body_start, n):
        t = texts[j]
        if _DISTRIBUTION.match(t) or _SIGN_ROLE.match(t) and _is_caps(t) or _TITLE_WORDS.match(t):
            end = j
            break
    h.body_end = end
    seen_names: list[int] = []
    titles: list[str] = []
    j = end
    while j < n:
        t = texts[j]
        if _DISTRIBUTION.match(t):
            rest = _DISTRIBUTION.sub("", t).strip()
            entries = [rest] if rest else []
            while j + 1 < n and texts[j + 1].startswith(("-", "+", "–", "•")):
                j += 1
                entries.append(texts[j])
            for e in map(_item, entries):
                if e and not re.match(r"^(Như trên|Lưu\b)", e, re.IGNORECASE) and e not in h.recipients:
                    h.recipients.append(e)
        elif _is_caps(t) and (_SIGN_ROLE.match(t) or _TITLE_WORDS.match(t)):
            titles.append(t)
        elif _NAME.match(t):
            seen_names.append(j)
        else:
            h.trailer_notes.append(j)
        j += 1
    if seen_names:
        h.signer = texts[seen_names[-1]]
    own = [t for t in titles if _TITLE_WORDS.match(t)]
    if own:
        h.signer_title = _title_case(own[-1])


def _province_from_body(body: list[str]) -> str | None:
    """The province the body names most often after "tỉnh" (used only when the header names none)."""
    counts: dict[str, int] = {}
    for t in body:
        for p in provinces_in(t):
            counts[p] = counts.get(p, 0) + 1
    return max(counts, key=counts.get) if counts else None


def _issuer_from_body(opening: list[str], province: str | None) -> str | None:
    """A body that says who speaks: "Ủy ban nhân dân tỉnh Kien Giang báo cáo", "Chủ tịch Ủy ban nhân dân tỉnh yêu cầu"."""
    for t in opening:
        m = re.search(r"(Ủy ban nhân dân|UBND)(?: \(UBND\))? tỉnh\b(.{0,30}?)\s(báo cáo|yêu cầu|chỉ thị)", t)
        if m:
            named = find_province(m.group(2)) if m.group(2).strip() else None
            where = named or province
            return f"Ủy ban nhân dân tỉnh {where}" if where else None
    return None


def _type_from_number(number: str | None) -> str | None:
    if not number or "/" not in number:
        return None
    code = number.split("/")[-1].split("-")[0]
    return TYPE_CODES.get(code)
