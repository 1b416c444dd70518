"""Language facts shared by ingest and search: one tone-mark style, diacritic folding, provinces.

Archive and queries go through the same functions, so "hoà"/"hòa" and "Kien Giang"/"Kiên Giang" meet.
"""
from __future__ import annotations

import re
import unicodedata

TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below
_WORD = re.compile(r"\w+")
# One capital, and one small letter, of Vietnamese for regular expressions. A range such as [A-ZÀ-Ỹ] also holds the
# small "đ", "á", "ư" (Latin-1 and Latin Extended interleave the cases), so each class lists its own letters.
CAPITAL = "[A-Z" + "".join(c for c in map(chr, range(0xC0, 0x1EFA)) if c.isupper()) + "]"
SMALL = "[a-z" + "".join(c for c in map(chr, range(0xC0, 0x1EFA)) if c.islower()) + "]"
PERSON = rf"(?:{CAPITAL}{SMALL}+\s){{1,5}}{CAPITAL}{SMALL}*"      # a person's name, "Nguyễn Văn A"
# How a signature opens: "KT." (ký thay), "TM." (thay mặt), "TL." (thừa lệnh), "TUQ." (thừa ủy quyền), "Q." (quyền)
SIGN_ROLE = r"(?:KT|TM|TL|TUQ|Q)"
# The mark a copy writes where the signature was: "(Đã ký)"
SIGNED = r"(?:đã ký|Đã ký|ĐÃ KÝ)"
# oa/oe/uy ending a syllable with the tone on the second vowel: "hoà", "khoẻ", "thuỷ" (new style).
_NEW_STYLE = re.compile(r"(?<![qQ])([oOuU])([aAeEyY])([" + TONES + r"])(?![\w\u0300-\u036f])")


def normalize_tone(text: str) -> str:
    """NFC, with the tone of a final oa/oe/uy on the first vowel ("hòa", "khỏe", "thủy").

    The bundled archive and official style write "hòa", "Ủy ban"; "quý" keeps its tone because
    its "u" belongs to "qu".
    """
    if not text:
        return text
    decomposed = unicodedata.normalize("NFD", text)
    # In NFD a base letter is followed by its marks; the tone sits after the second vowel's marks.
    moved = _NEW_STYLE.sub(lambda m: m.group(1) + m.group(3) + m.group(2), decomposed)
    return unicodedata.normalize("NFC", moved)


def fold(text: str) -> str:
    """Lower case with no tone or vowel marks, đ -> d: what a user types without diacritics."""
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


# Provinces and centrally-run cities as the documents name them: the 63 before the 2025 merger, and Huế, the
# centrally-run city that Thừa Thiên Huế became on 1 January 2025 (its documents since say "thành phố Huế").
PROVINCES = [
    "An Giang", "Bà Rịa - Vũng Tàu", "Bắc Giang", "Bắc Kạn", "Bạc Liêu", "Bắc Ninh", "Bến Tre",
    "Bình Định", "Bình Dương", "Bình Phước", "Bình Thuận", "Cà Mau", "Cần Thơ", "Cao Bằng",
    "Đà Nẵng", "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang",
    "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương", "Hải Phòng", "Hậu Giang", "Hòa Bình",
    "Thành phố Hồ Chí Minh", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu",
    "Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An", "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận",
    "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị",
    "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Huế",
    "Tiền Giang", "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
]
# Other spellings of a place than its Vietnamese name, folded: English and one-word forms ("Hanoi", "HCMC",
# "Ho Chi Minh City", "Danang", "Daklak") and the usual abbreviations. A list of names, not of questions.
PLACE_ALIASES = {
    "hanoi": "Hà Nội", "ho chi minh city": "Thành phố Hồ Chí Minh", "ho chi minh": "Thành phố Hồ Chí Minh",
    "hcmc": "Thành phố Hồ Chí Minh", "hcm city": "Thành phố Hồ Chí Minh", "tp hcm": "Thành phố Hồ Chí Minh",
    "tphcm": "Thành phố Hồ Chí Minh", "tp ho chi minh": "Thành phố Hồ Chí Minh", "saigon": "Thành phố Hồ Chí Minh",
    "sai gon": "Thành phố Hồ Chí Minh", "danang": "Đà Nẵng", "haiphong": "Hải Phòng", "daklak": "Đắk Lắk",
    "dak lak": "Đắk Lắk", "daknong": "Đắk Nông", "cantho": "Cần Thơ", "thua thien hue": "Thừa Thiên Huế",
    "bac kan": "Bắc Kạn", "khanh hoa": "Khánh Hòa", "thanh hoa": "Thanh Hóa", "hoa binh": "Hòa Bình",
}
_FOLDED_PROVINCES = sorted([(fold(p), p) for p in PROVINCES] + list(PLACE_ALIASES.items()), key=lambda fp: -len(fp[0]))


def find_province(text: str) -> str | None:
    """The province a phrase names ("TỈNH KIÊN GIANG", "tỉnh Kien Giang"), matched on whole words."""
    folded = " " + " ".join(_WORD.findall(fold(text))) + " "
    for key, name in _FOLDED_PROVINCES:
        words = " " + " ".join(_WORD.findall(key)) + " "
        if words in folded:
            return name
    return None


def provinces_in(text: str) -> list[str]:
    """Every province named after "tỉnh"/"TỈNH" in a text, in order of first mention."""
    found: list[str] = []
    for m in re.finditer(r"\btỉnh\s+((?:\w+\s*){1,4})", text, flags=re.IGNORECASE):
        name = find_province(m.group(1))
        if name and name not in found:
            found.append(name)
    return found
