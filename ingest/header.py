"""Read a directive's header and trailer: số ký hiệu, type, issuer, province, date, subject, recipients, signer,
and where its attachments (quy chế, kế hoạch, phụ lục after the signature) start.

A field the text does not give stays None: never guessed. The header also tells where the body starts
and ends, so that the opening lines, the recipients list and the signature are not taken for tasks.
Header fields come in any order (a two-column header reads issuer, motto, number, date; a national law
reads title, subject, authority), so the opening lines are read as a set of recognisable elements until
the first line that is none of them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ingest.issuers import is_central, issuer_name
from ingest.normalize import MARKER, Paragraph
from ingest.parts import Part, find_parts
from ingest.vietnamese import PERSON, SIGN_ROLE, SIGNED, find_province, provinces_in

DOC_TYPES = {
    "CÔNG VĂN": "công văn", "CHỈ THỊ": "chỉ thị", "BÁO CÁO": "báo cáo", "KẾ HOẠCH": "kế hoạch",
    "QUYẾT ĐỊNH": "quyết định", "THÔNG BÁO": "thông báo", "TỜ TRÌNH": "tờ trình",
    "NGHỊ QUYẾT LIÊN TỊCH": "nghị quyết liên tịch", "THÔNG TƯ LIÊN TỊCH": "thông tư liên tịch",
    "NGHỊ QUYẾT": "nghị quyết", "HƯỚNG DẪN": "hướng dẫn", "CHƯƠNG TRÌNH": "chương trình",
    "ĐỀ ÁN": "đề án", "QUY CHẾ": "quy chế", "QUY ĐỊNH": "quy định", "THÔNG TƯ": "thông tư",
    "NGHỊ ĐỊNH": "nghị định", "LUẬT": "luật", "PHÁP LỆNH": "pháp lệnh", "CÔNG ĐIỆN": "công điện",
    "LỆNH": "lệnh", "KẾT LUẬN": "kết luận",
}
_TITLE_LINE = re.compile(r"^(" + "|".join(sorted(DOC_TYPES, key=len, reverse=True)) + r")(?:\s+(.*))?$")
# The type code inside a số ký hiệu ("64/KH-UBND"); a code with none ("582/UBND-NC") is a công văn.
TYPE_CODES = {
    "KH": "kế hoạch", "QĐ": "quyết định", "CT": "chỉ thị", "BC": "báo cáo", "TB": "thông báo",
    "TTr": "tờ trình", "NQ": "nghị quyết", "HD": "hướng dẫn", "CTr": "chương trình", "ĐA": "đề án",
    "NĐ": "nghị định", "TT": "thông tư", "CĐ": "công điện", "QH": "luật",
}
_NUMBER = re.compile(r"^(?:Số|Luật số|Nghị quyết số)\s*:?\s*(\d+[a-zA-Z]?(?:\.\d+)?)\s*/\s*([\w\-/.Đđ]+)",
                     re.IGNORECASE)
_DATE = r"ngày\s+(?P<d>\d{1,2})\s*(?:tháng\s*(?P<m>\d{1,2})\s*năm\s*(?P<y>\d{4})|/\s*(?P<m2>\d{1,2})\s*/\s*(?P<y2>\d{4}))"
_PLACE_DATE = re.compile(r"^(?P<place>[^,\d]{2,60}),\s*" + _DATE, re.IGNORECASE)
_BARE_DATE = re.compile(r"^(?P<place>[^,\d]{2,60}),\s*ngày\b", re.IGNORECASE)      # a template's blank date
_ADOPTED = re.compile(r"thông qua\s+" + _DATE, re.IGNORECASE)
_MOTTO = re.compile(r"^(CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM|Độc lập\s*[-–—]\s*Tự do\s*[-–—]\s*Hạnh phúc)",
                    re.IGNORECASE)
_ISSUER_START = re.compile(r"^(CHỦ TỊCH ỦY BAN|ỦY BAN|UBND|HỘI ĐỒNG|SỞ|BỘ|BAN|VĂN PHÒNG|THANH TRA|TỈNH|THÀNH PHỐ|HUYỆN|XÃ|PHƯỜNG|"
                           r"CHÍNH PHỦ|THỦ TƯỚNG|TỈNH ỦY|ĐẢNG ỦY|QUỐC HỘI|CỤC|TỔNG CỤC|CHI CỤC|KIỂM TOÁN|TÒA ÁN|"
                           r"VIỆN|NGÂN HÀNG|BẢO HIỂM|CÔNG AN|BỘ CHỈ HUY|TRUNG TÂM|ĐẠI HỌC|THUẾ|KHO BẠC)\b")
# The authority that speaks above the "Căn cứ" lines: "BỘ TRƯỞNG BỘ CÔNG THƯƠNG", "QUỐC HỘI", "CHỦ TỊCH ỦY BAN ...".
_AUTHORITY = re.compile(r"^((PHÓ\s+)?(BỘ TRƯỞNG|CHỦ TỊCH|THỦ TƯỚNG|CỤC TRƯỞNG|GIÁM ĐỐC|TỔNG GIÁM ĐỐC|"
                        r"TỔNG KIỂM TOÁN|CHÁNH ÁN|VIỆN TRƯỞNG|THỐNG ĐỐC)\b|ỦY BAN|HỘI ĐỒNG|QUỐC HỘI|CHÍNH PHỦ)")
_SUBJECT = re.compile(r"^(V/v|Về việc)\s*:?\s*", re.IGNORECASE)
_TO = re.compile(r"^Kính gửi\s*:?\s*", re.IGNORECASE)
_DISTRIBUTION = re.compile(r"^(Nơi nhận|Người nhận)\s*:?\s*", re.IGNORECASE)
# The list of recipients with its label lost (a portal's copy): items "- ...;" that end with the office's own
# copy, "- Lưu: VT, ...", which only a distribution list ends with.
_OWN_COPY = r"[-–+]\s*Lưu(?:\s*:|\s+(?:VT|HC|VP|Văn thư)\b)"     # "- Lưu: VT", "- Lưu HC, PLTP", not "- Lưu trữ"
_UNLABELLED_LIST = re.compile(rf"^(?:{_OWN_COPY}|[-–+]\s*\S.*?;\s*{_OWN_COPY})", re.DOTALL)
_SIGN_ROLE = re.compile(rf"^(?:{SIGN_ROLE}|KÝ)\.?\s+\S", re.IGNORECASE)
_TITLE_WORDS = re.compile(r"^(PHÓ\s+)?(CHỦ TỊCH|GIÁM ĐỐC|CHÁNH VĂN PHÒNG|CHÁNH THANH TRA|TRƯỞNG BAN|"
                          r"BỘ TRƯỞNG|THỦ TRƯỞNG|BÍ THƯ|TỔNG GIÁM ĐỐC|THỨ TRƯỞNG|THỦ TƯỚNG|CỤC TRƯỞNG|"
                          r"CHỦ NHIỆM|TỔNG THƯ KÝ|VIỆN TRƯỞNG|CHÁNH ÁN|TỔNG KIỂM TOÁN)"
                          r"(\s+(QUỐC HỘI|CHÍNH PHỦ|NƯỚC|ỦY BAN TRUNG ƯƠNG.*))?(\s+THƯỜNG TRỰC)?$")
_SIGNED = re.compile(rf"^\(?{SIGNED}\)?\.?$")
_NAME = re.compile(rf"^{PERSON}$")
# A rank or degree written before a signer's name: "Thượng tướng Võ Minh Lương", "TS. Nguyễn Văn A".
_RANK = re.compile(r"^(?:Đại tướng|Thượng tướng|Trung tướng|Thiếu tướng|Đại tá|Thượng tá|Trung tá|Thiếu tá|"
                   r"GS\.\s*TS\.|PGS\.\s*TS\.|GS\.|PGS\.|TS\.|ThS\.|BS\.)\s+")
# A note in brackets printed under the trích yếu belongs to it ("(thực hiện khoản 1 Điều 33 Luật Thủ đô)");
# "(Kèm theo ...)" ties an attachment to its decision instead.
_SUBJECT_NOTE = re.compile(r"^\((?![Kk]èm theo|Ban hành kèm|BAN HÀNH KÈM|KÈM THEO)[^()]{3,200}\)$")
_BODY_START = re.compile(r"^(Căn cứ|Thực hiện|Theo đề nghị|Xét đề nghị|Trong (những|thời gian)|Để|Nhằm)\b")


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
    parts: list[Part] = field(default_factory=list)         # attachments after the signature, in order
    title: tuple[int, int] | None = None                    # paragraphs of the title and trích yếu


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _item(text: str) -> str:
    """A list entry without its bullet and trailing punctuation."""
    text = re.sub(r"^[-+–•]\s*", "", text).strip()
    return text.rstrip(";,.").strip()


def _title_case(caps: str) -> str:
    """"PHÓ CHỦ TỊCH" -> "Phó Chủ tịch"; "CHỦ TỊCH QUỐC HỘI" -> "Chủ tịch Quốc hội"."""
    text = caps.lower()
    text = text[:1].upper() + text[1:]
    for lower, written in (("chủ tịch", "Chủ tịch"), ("quốc hội", "Quốc hội"), ("chính phủ", "Chính phủ")):
        text = re.sub(rf"\b{lower}\b", written, text)
    return re.sub(r"^Phó (\w)", lambda m: "Phó " + m.group(1).upper(), text)


def parse_date(m: re.Match) -> str | None:
    try:
        return date(int(m["y"] or m["y2"]), int(m["m"] or m["m2"]), int(m["d"])).isoformat()
    except (ValueError, TypeError):
        return None


def _is_header_element(text: str) -> bool:
    return bool(_NUMBER.match(text) or _PLACE_DATE.match(text) or _MOTTO.match(text) or _TO.match(text)
                or _SUBJECT.match(text) or _TITLE_LINE.match(text) or _BARE_DATE.match(text))


def _is_field(text: str) -> bool:
    """A header field that cannot be a trích yếu: number, place and date, motto, addressees."""
    return bool(_NUMBER.match(text) or _PLACE_DATE.match(text) or _MOTTO.match(text) or _TO.match(text)
                or _BARE_DATE.match(text))


def _is_issuer_line(t: str) -> bool:
    return _is_caps(t) and len(t.split()) <= 16 and _ISSUER_START.match(t) is not None


def read_header(paras: list[Paragraph]) -> Header:
    h = Header()
    texts = [p.text for p in paras]
    issuer_lines: list[str] = []
    authority: str | None = None
    place: str | None = None
    has_vv = False
    i, n = 0, len(texts)
    while i < n:
        t = texts[i]
        if (MARKER.match(t) and not t.startswith(("-", "+"))) or _BODY_START.match(t):
            break
        if m := _NUMBER.match(t):
            h.number = h.number or f"{m.group(1)}/{m.group(2).rstrip('.')}"
        elif m := _PLACE_DATE.match(t):
            h.date = h.date or parse_date(m)
            place = m["place"].strip()
        elif _BARE_DATE.match(t) and len(t) < 80:
            place = place or _BARE_DATE.match(t)["place"].strip()
        elif _MOTTO.match(t):
            pass
        elif (m := _TITLE_LINE.match(t)) and h.doc_type is None and (_is_caps(m.group(1)) and not t.endswith(":")):
            title_from = i
            h.doc_type = DOC_TYPES[m.group(1)]
            rest = (m.group(2) or "").strip()
            if rest and not _is_caps(rest[:1] + "A") and not rest.isupper():
                rest = ""
            nxt = texts[i + 1] if i + 1 < n else ""
            if rest:
                h.subject = _SUBJECT.sub("", rest).strip()
            elif nxt and not _is_field(nxt) and not MARKER.match(nxt) and not _BODY_START.match(nxt) \
                    and not _is_authority(nxt, issuer_lines):
                i += 1
                h.subject = _SUBJECT.sub("", nxt).strip()
            if h.subject and i + 1 < n and _SUBJECT_NOTE.match(texts[i + 1]):
                i += 1
                h.subject = f"{h.subject} {texts[i]}"
            h.title = (title_from, i + 1)
        elif _SUBJECT.match(t):
            has_vv = True
            title_from = i
            parts = [_SUBJECT.sub("", t)]
            # A trích yếu wrapped in the narrow header column: short lines in the same case style.
            while i + 1 < n and len(parts) < 4 and len(texts[i + 1]) <= 60 \
                    and not _is_header_element(texts[i + 1]) and not MARKER.match(texts[i + 1]) \
                    and _is_caps(texts[i + 1]) == _is_caps(t) and not _BODY_START.match(texts[i + 1]):
                i += 1
                parts.append(texts[i])
            h.subject = " ".join(parts).strip()
            h.title = (title_from, i + 1)
        elif _TO.match(t):
            rest = _TO.sub("", t).strip()
            if rest:
                h.recipients += [_item(r) for r in re.split(r";\s*", rest) if _item(r)]
            while i + 1 < n and texts[i + 1].startswith(("-", "+", "–", "•")):
                i += 1
                h.recipients.append(_item(texts[i]))
        elif h.doc_type is None and not h.subject and _is_caps(t) and len(t.split()) <= 12 and (
                _is_issuer_line(t) or (issuer_lines and not h.number and not place)):
            issuer_lines.append(t)       # the issuer column, a wrapped name ("BỘ KHOA HỌC VÀ" / "CÔNG NGHỆ") too
        elif _is_authority(t, issuer_lines) and (h.doc_type or h.subject):
            authority = authority or t
        else:
            break
        i += 1
    h.body_start = i

    _read_trailer(texts, h)
    body = texts[h.body_start:h.body_end]
    h.issuer = issuer_name(issuer_lines, authority)
    central = is_central(h.issuer)
    h.province = None if central else (
        (find_province(" ".join(issuer_lines)) if issuer_lines else None)
        or (find_province(authority) if authority else None)
        or (find_province(place) if place else None)
        or (provinces_in(h.subject)[0] if h.subject and provinces_in(h.subject) else None)
        or _province_from_body(body))
    if h.issuer is None:
        h.issuer = _issuer_from_body(body[:5], h.province)
    if h.issuer is None:
        _read_promulgation(body[:40], h)
    if h.doc_type is None:
        h.doc_type = _type_from_number(h.number) or ("công văn" if has_vv else None)
    if h.date is None:
        h.date = _adopted_date(texts[h.body_start:])
    return h


def _is_authority(t: str, issuer_lines: list[str]) -> bool:
    """The authority line of a decision or resolution, caps, not a sentence."""
    return _is_caps(t) and len(t.split()) <= 20 and _AUTHORITY.match(t) is not None and not t.endswith(":")


def _adopted_date(texts: list[str]) -> str | None:
    """A law or resolution dated by its adoption ("... thông qua ngày 16 tháng 6 năm 2025"), near its end."""
    for t in reversed(texts):
        m = _ADOPTED.search(t)
        if m and len(t) < 400:
            return parse_date(m)
    return None


def _is_signature(t: str) -> bool:
    """A line that opens the trailer: "Nơi nhận:" or a list of recipients that lost it, a role ("KT. CHỦ TỊCH"), a
    title, or the mark "(Đã ký)" of a copy whose signature block is only the mark and the name."""
    return bool(_DISTRIBUTION.match(t) or (_SIGN_ROLE.match(t) and _is_caps(t)) or _TITLE_WORDS.match(t)
                or _SIGNED.match(t) or _UNLABELLED_LIST.match(t))


def _read_trailer(texts: list[str], h: Header) -> None:
    """Find the end of the body (the distribution list or the signature block), read the recipients and the
    signer, and find the attachments that follow."""
    n = len(texts)
    end = n
    for j in range(h.body_start, n):
        if _is_signature(texts[j]):
            end = j
            break
    h.parts = find_parts(texts, end, h.body_start)
    h.body_end = end
    if h.parts and h.parts[0].start < end:      # an appendix before any signature
        h.body_end = h.parts[0].start
    trailer_end = h.parts[0].start if h.parts else n
    seen_names: list[int] = []
    titles: list[str] = []
    j = h.body_end
    while j < trailer_end:
        t = texts[j]
        if _DISTRIBUTION.match(t) or _UNLABELLED_LIST.match(t):
            rest = _DISTRIBUTION.sub("", t).strip()
            entries = [e for e in re.split(r"\s*;?\s*(?=-\s)|;\s*(?=[-–+])", rest) if e.strip()] if rest else []
            while j + 1 < trailer_end and texts[j + 1].startswith(("-", "+", "–", "•")):
                j += 1
                entries.append(texts[j])
            for e in map(_item, entries):
                if e and not re.match(r"^(Như (trên|Điều)|Lưu\b)", e, re.IGNORECASE) and e not in h.recipients:
                    h.recipients.append(e)
        elif _is_caps(t) and (_SIGN_ROLE.match(t) or _TITLE_WORDS.match(t)):
            titles.append(t)
        elif _NAME.match(_RANK.sub("", t)) and (titles or j > h.body_end):
            seen_names.append(j)
        elif _SIGNED.match(t) or (_is_caps(t) and _is_issuer_line(t)):
            pass
        else:
            h.trailer_notes.append(j)
        j += 1
    if seen_names:
        h.signer = _RANK.sub("", texts[seen_names[-1]])
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


# The formula a legal text's preamble ends with says who issues what: "Bộ trưởng Bộ Giáo dục và Đào tạo ban hành
# Thông tư quy định chế độ ...", "Chính phủ ban hành Nghị định ...", "Ủy ban nhân dân tỉnh ban hành Quyết định ...".
_PROMULGATION = re.compile(r"^(?P<who>(?:Phó\s+)?(?:Bộ trưởng|Thủ trưởng|Chủ tịch|Thủ tướng|Chính phủ|Ủy ban|Hội đồng|"
                           r"Tổng Kiểm toán|Thống đốc|Chánh án|Viện trưởng|Quốc hội)[^.;:]{0,100}?)\s+ban hành\s+"
                           r"(?P<kind>Thông tư|Nghị định|Quyết định|Nghị quyết|Chỉ thị)\s+(?P<subject>[^.;]{10,})\.?$")


def _read_promulgation(opening: list[str], h: Header) -> None:
    """The issuer of a copy that lost the header's left column, and the kind and trích yếu if its title went too,
    from the preamble's "... ban hành <kind> <trích yếu>"; the fields the header gives stay."""
    m = next(filter(None, (_PROMULGATION.match(t) for t in opening)), None)
    if m is None:
        return
    who = issuer_name([], m["who"].upper())
    if who and re.search(r"\b(tỉnh|thành phố)$", who) and h.province:
        who = f"{who} {h.province}"
    h.issuer = who
    h.province = None if is_central(who) else h.province
    h.doc_type = h.doc_type or m["kind"].lower()
    subject = m["subject"].strip()
    h.subject = h.subject or subject[:1].upper() + subject[1:]


def _type_from_number(number: str | None) -> str | None:
    if not number or "/" not in number:
        return None
    code = number.split("/")[-1].split("-")[0]
    return TYPE_CODES.get(code)
