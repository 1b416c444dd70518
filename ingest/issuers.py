"""The issuing body of a directive, as staff write it, from the caps lines of its header.

A header's left column names the issuing body, sometimes under the body it belongs to ("BỘ TÀI CHÍNH" over
"CỤC THUẾ", "UBND TỈNH X" over "SỞ Y"): the lowest body is the issuer. A body's name starts with a head noun
(Ủy ban, Hội đồng, Bộ, Sở, Cục ...); a place line ("TỈNH LAI CHÂU", "THÀNH PHỐ HÀ NỘI") or a line that ends
in "VÀ" continues the body above it. A law or resolution without that column names its authority above the
"Căn cứ" lines ("QUỐC HỘI", "BỘ TRƯỞNG BỘ CÔNG THƯƠNG"). Capitalisation follows official usage: the head
noun and a proper name capitalised ("Ủy ban nhân dân tỉnh Lai Châu", "Bộ Khoa học và Công nghệ"); the field
names of ministries and departments come from the list below, which only helps spell known names.
"""
from __future__ import annotations

import re

from ingest.vietnamese import find_province

# Fields of ministries and provincial departments as official names write them (before and after 2025).
FIELDS = ["Công Thương", "Tài chính", "Nội vụ", "Tư pháp", "Xây dựng", "Y tế", "Ngoại giao", "Quốc phòng",
          "Công an", "Giáo dục và Đào tạo", "Khoa học và Công nghệ", "Nông nghiệp và Môi trường",
          "Văn hóa, Thể thao và Du lịch", "Dân tộc và Tôn giáo", "Kế hoạch và Đầu tư", "Thông tin và Truyền thông",
          "Lao động - Thương binh và Xã hội", "Tài nguyên và Môi trường", "Nông nghiệp và Phát triển nông thôn",
          "Giao thông vận tải", "Du lịch", "Ngoại vụ", "Quy hoạch - Kiến trúc", "Văn hóa và Thể thao",
          "Giao thông công chính", "An toàn thực phẩm"]
_FIELD_KEYS = {f.upper(): f for f in FIELDS}
# Bodies with one fixed name.
_FIXED = {"CHÍNH PHỦ": "Chính phủ", "THỦ TƯỚNG CHÍNH PHỦ": "Thủ tướng Chính phủ", "THỦ TƯỚNG": "Thủ tướng Chính phủ",
          "VĂN PHÒNG CHÍNH PHỦ": "Văn phòng Chính phủ", "QUỐC HỘI": "Quốc hội",
          "ỦY BAN THƯỜNG VỤ QUỐC HỘI": "Ủy ban Thường vụ Quốc hội", "KIỂM TOÁN NHÀ NƯỚC": "Kiểm toán nhà nước",
          "NGÂN HÀNG NHÀ NƯỚC VIỆT NAM": "Ngân hàng Nhà nước Việt Nam",
          "TÒA ÁN NHÂN DÂN TỐI CAO": "Tòa án nhân dân tối cao",
          "VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO": "Viện kiểm sát nhân dân tối cao"}
_HEAD = re.compile(r"^(ỦY BAN NHÂN DÂN|UBND|HỘI ĐỒNG NHÂN DÂN|HĐND|CHỦ TỊCH ỦY BAN NHÂN DÂN|BỘ|SỞ|CỤC|TỔNG CỤC|"
                   r"CHI CỤC|BAN|VĂN PHÒNG|THANH TRA|CÔNG AN|BỘ CHỈ HUY|TRUNG TÂM|THUẾ|KHO BẠC|CHÍNH PHỦ|"
                   r"THỦ TƯỚNG|QUỐC HỘI|ỦY BAN|HỘI ĐỒNG|KIỂM TOÁN|NGÂN HÀNG|TÒA ÁN|VIỆN|TỈNH ỦY|ĐẢNG ỦY)\b")
_PLACE = re.compile(r"^(TỈNH|THÀNH PHỐ|TP\.?|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|ĐẶC KHU)\b")
_TITLE_PREFIX = re.compile(r"^(PHÓ\s+)?(BỘ TRƯỞNG|CHỦ TỊCH|THỦ TRƯỞNG|CỤC TRƯỞNG|GIÁM ĐỐC|TỔNG GIÁM ĐỐC|"
                           r"TỔNG KIỂM TOÁN|CHÁNH ÁN|VIỆN TRƯỞNG|THỐNG ĐỐC)\s+(?=\S)")
_SESSION = re.compile(r"\s+(KHÓA|KHOÁ|NHIỆM KỲ|KỲ HỌP)\b.*$")
_CENTRAL = re.compile(r"^(Bộ|Chính phủ|Thủ tướng|Văn phòng Chính phủ|Quốc hội|Ủy ban Thường vụ Quốc hội|Cục|"
                      r"Tổng cục|Kiểm toán nhà nước|Ngân hàng Nhà nước|Tòa án nhân dân tối cao|"
                      r"Viện kiểm sát nhân dân tối cao)\b")


def _groups(lines: list[str]) -> list[str]:
    """The bodies the caps lines name, a place line or a line after "VÀ" continuing the one above."""
    out: list[str] = []
    for line in lines:
        line = re.sub(r"\s+", " ", line).strip(" -_")
        if not line:
            continue
        if out and (_PLACE.match(line) or out[-1].endswith((" VÀ", ",", "-")) or not _HEAD.match(line)
                    or out[-1] == "THỦ TƯỚNG"):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def _place_case(rest: str) -> str:
    """"TỈNH LAI CHÂU" -> "tỉnh Lai Châu"; "THÀNH PHỐ HỒ CHÍ MINH" -> "Thành phố Hồ Chí Minh"."""
    province = find_province(rest)
    m = _PLACE.match(rest)
    word = (m.group(1).lower() if m else "")
    name = rest[m.end():].strip() if m else rest
    if province == "Thành phố Hồ Chí Minh":
        return "Thành phố Hồ Chí Minh"
    if province and re.sub(r"\W", "", province.upper()) == re.sub(r"\W", "", name):
        name = province
    else:
        name = " ".join(w.capitalize() for w in name.split())
    return f"{word} {name}".strip()


def normal_case(body: str) -> str:
    """One body's caps name in official capitalisation."""
    body = _SESSION.sub("", re.sub(r"\s+", " ", body).strip())
    if body in _FIXED:
        return _FIXED[body]
    body = body.replace("UBND", "ỦY BAN NHÂN DÂN").replace("HĐND", "HỘI ĐỒNG NHÂN DÂN")
    for head, written in (("CHỦ TỊCH ỦY BAN NHÂN DÂN", "Chủ tịch Ủy ban nhân dân"), ("ỦY BAN NHÂN DÂN", "Ủy ban nhân dân"),
                          ("HỘI ĐỒNG NHÂN DÂN", "Hội đồng nhân dân")):
        if body.startswith(head):
            rest = body[len(head):].strip()
            return f"{written} {_place_case(rest)}".strip()
    m = re.match(r"^(BỘ|SỞ|CỤC|TỔNG CỤC|CHI CỤC|BAN|VĂN PHÒNG|THANH TRA|CÔNG AN|BỘ CHỈ HUY|TRUNG TÂM|KHO BẠC|THUẾ)\s+(.*)$",
                 body)
    if m:
        head, field = m.group(1).capitalize(), m.group(2)
        place = re.search(r"\s(TỈNH|THÀNH PHỐ)\s.*$", field)
        where = ""
        if place and not field.startswith(("TỈNH", "THÀNH PHỐ")):
            where = " " + _place_case(place.group(0).strip())
            field = field[:place.start()]
        written = _FIELD_KEYS.get(field.strip()) or field.strip().capitalize()
        return f"{head} {written}{where}".strip()
    return body.capitalize()


def issuer_name(lines: list[str], authority: str | None = None) -> str | None:
    """The issuing body: the lowest body of the header's left column, else the authority line's body."""
    groups = _groups(lines)
    if groups:
        return normal_case(groups[-1])
    if authority:
        body = _TITLE_PREFIX.sub("", _SESSION.sub("", authority.strip()))
        return normal_case(body) if body else None
    return None


def is_central(issuer: str | None) -> bool:
    """A body of the central government (ministries, the Government, the National Assembly): no province."""
    return bool(issuer) and _CENTRAL.match(issuer) is not None and find_province(issuer) is None
