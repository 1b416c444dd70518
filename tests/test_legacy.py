"""Legacy Vietnamese encodings: TCVN3 (.VnTime), VNI (VNI-Times), Windows-1258, and detection."""
from __future__ import annotations

import random
import re
import unicodedata
from pathlib import Path

import pytest

from ingest.errors import IngestError
from ingest.legacy import (
    decode_text_bytes,
    detect_legacy,
    encode_tcvn3,
    encode_vni,
    repair_legacy,
)

CORPUS_FILES = sorted((Path(__file__).resolve().parent.parent / "corpus").glob("*.txt"))
TONES = "\u0300\u0301\u0303\u0309\u0323"
VOWELS = "aăâeêioôơuưy"
# Every Vietnamese letter outside ASCII: 12 vowels x 6 forms, minus the 6 plain ones, plus đ; both cases.
LOWER = "".join(
    unicodedata.normalize("NFC", v + t) for v in VOWELS for t in ("", *TONES) if not (v + t).isascii()
) + "đ"
UPPER = LOWER.upper()
PHRASE = "Cộng hòa xã hội chủ nghĩa Việt Nam"
# Enough ordinary words that any mix of test letters still reads as Vietnamese.
CARRIER = " ".join(["Độc lập tự do hạnh phúc. Ủy ban nhân dân tỉnh."] * 40) + "\n"
# What the encoders write for characters without a legacy code.
ASCII_FALLBACK = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "…": "..."})


def corpus_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in CORPUS_FILES]


def to_cp1258(text: str) -> bytes:
    """Windows-1258 as Word writes it: precomposed base letters (â ơ ư ...) plus a combining tone byte."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", ch)
            tone = next(c for c in decomposed if c in TONES)
            base = unicodedata.normalize("NFC", decomposed.replace(tone, ""))
            out += base.encode("cp1258") + tone.encode("cp1258")
    return bytes(out)


def is_toned(ch: str) -> bool:
    return any(c in TONES for c in unicodedata.normalize("NFD", ch))


def case_recoverable(line: str) -> bool:
    """True when every uppercase toned vowel starts the line or a sentence, or sits in an all-caps word."""
    starts = {m.start(1) for m in re.finditer(r"(?:^|(?<=[.!?]\s))[^\w]*([^\W\d_])", line)}
    caps = {i for m in re.finditer(r"[^\W\d_]{2,}", line) if m.group().isupper() for i in range(*m.span())}
    return all(i in starts or i in caps for i, ch in enumerate(line) if ch.isupper() and is_toned(ch))


def test_letter_set_is_the_134_vietnamese_letters():
    assert len(LOWER) == len(UPPER) == 67
    assert len(set(LOWER + UPPER)) == 134
    assert all(unicodedata.is_normalized("NFC", ch) and len(ch) == 1 for ch in LOWER + UPPER)


# --- Known bytes ----------------------------------------------------------------------------------

def test_tcvn3_known_bytes():
    expected = b"C\xe9ng h\xdfa x\xb7 h\xe9i ch\xf1 ngh\xdca Vi\xd6t Nam"  # ộ=E9 ò=DF ã=B7 ủ=F1 ĩ=DC ệ=D6
    assert encode_tcvn3(PHRASE) == expected
    assert expected.decode("latin-1") == "Céng hßa x· héi chñ nghÜa ViÖt Nam"
    assert decode_text_bytes(expected) == PHRASE
    assert encode_tcvn3("hoà đường Ủy Đ Ă Ơ Ư") == b"ho\xb5 \xae\xad\xeang \xf1y \xa7 \xa1 \xa5 \xa6"


def test_vni_known_bytes():
    expected = b"Co\xe4ng ho\xf8a xa\xf5 ho\xe4i chu\xfb ngh\xf3a Vie\xe4t Nam"
    assert encode_vni(PHRASE) == expected
    assert expected.decode("cp1252") == "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam"
    assert decode_text_bytes(expected) == PHRASE
    assert encode_vni("ĐƯỜNG đường Ỵ ỵ Ỉ ỉ ẲN") == "ÑÖÔØNG ñöôøng Î î Æ æ AÚN".encode("cp1252")


def test_fallback_and_unencodable():
    assert encode_tcvn3("“Số” – ‘a’…\xa0b") == b'"S\xe8" - \'a\'...\xa0b'
    assert encode_vni("“Số” — b") == b'"So\xe1" - b'
    for encode in (encode_tcvn3, encode_vni):
        with pytest.raises(ValueError, match="U\\+4E2D"):
            encode("Việt 中")
        with pytest.raises(ValueError):
            encode("€")


# --- Round trips of every letter ------------------------------------------------------------------

def test_vni_round_trips_all_134_letters():
    for letters in (LOWER, UPPER):
        text = CARRIER + " ".join(letters) + "\n" + letters + "\n"
        assert decode_text_bytes(encode_vni(text)) == text
        assert repair_legacy(encode_vni(text).decode("cp1252")) == text


def test_vni_tolerates_lowercase_marks_after_a_capital():
    assert repair_legacy("AÙnh saùng, Oâng Vieät, Ôùt") == "Ánh sáng, Ông Việt, Ớt"


def test_tcvn3_round_trips_lowercase_letters():
    # Mid-line: a toned vowel starting a line is taken for a capital (rule 3).
    text = CARRIER + "Chữ " + " ".join(LOWER) + "\nChữ " + LOWER + "\n"
    assert decode_text_bytes(encode_tcvn3(text)) == text
    assert repair_legacy(encode_tcvn3(text).decode("latin-1")) == text


def test_tcvn3_uppercase_letters_come_back_by_the_case_rules():
    spaced = " ".join(UPPER)  # single letters: only the first, at the line start, is known capital
    expected = spaced[0] + "".join(ch.lower() if is_toned(ch) else ch for ch in spaced[1:])
    assert decode_text_bytes(encode_tcvn3(CARRIER + spaced)) == CARRIER + expected
    words = " ".join(f"TH{ch}NG" for ch in UPPER)  # inside all-caps words every capital is restored
    assert decode_text_bytes(encode_tcvn3(CARRIER + words)) == CARRIER + words


# --- Case repair after TCVN3 ----------------------------------------------------------------------

@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        ("HÌNH THỨC THỰC HIỆN VỀ VIỆC", "HÌNH THỨC THỰC HIỆN VỀ VIỆC"),
        ("Số: 1319/UBND-TH ngày 14 tháng 9", "Số: 1319/UBND-TH ngày 14 tháng 9"),
        ("Ủy ban nhân dân tỉnh. Ủy ban giao Sở Nội vụ", "Ủy ban nhân dân tỉnh. Ủy ban giao Sở Nội vụ"),
        ("**ỦY BAN NHÂN DÂN**", "**ỦY BAN NHÂN DÂN**"),
        ("- Ủy ban nhân dân các huyện", "- Ủy ban nhân dân các huyện"),
        ("Chủ tịch Ủy ban nhân dân tỉnh", "Chủ tịch ủy ban nhân dân tỉnh"),  # mid-sentence: lost
        ("b) Áp dụng hệ thống quản lý", "b) áp dụng hệ thống quản lý"),  # not a sentence start
    ],
)
def test_tcvn3_case_rules(original, expected):
    legacy = encode_tcvn3(original).decode("latin-1")
    assert detect_legacy(legacy) == "tcvn3"
    assert repair_legacy(legacy) == expected


# --- Whole files ----------------------------------------------------------------------------------

@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.stem)
def test_decode_unicode_files(path):
    text = path.read_text(encoding="utf-8")
    assert decode_text_bytes(text.encode("utf-8")) == text
    assert decode_text_bytes(text.encode("utf-8-sig")) == text
    assert decode_text_bytes(text.encode("utf-16")) == text
    assert decode_text_bytes(b"\xfe\xff" + text.encode("utf-16-be")) == text
    assert decode_text_bytes(text.encode("utf-8") + b"\x1a") == text  # DOS end-of-file mark


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.stem)
def test_decode_legacy_files(path):
    text = path.read_text(encoding="utf-8")
    plain = text.translate(ASCII_FALLBACK)
    assert decode_text_bytes(encode_vni(text)) == plain
    assert decode_text_bytes(to_cp1258(text)) == text

    decoded = decode_text_bytes(encode_tcvn3(text))
    assert decoded.casefold() == plain.casefold()
    original_lines, decoded_lines = plain.split("\n"), decoded.split("\n")
    checked = [(a, b) for a, b in zip(original_lines, decoded_lines) if case_recoverable(a)]
    assert [b for _, b in checked] == [a for a, _ in checked]
    assert len(checked) >= 0.75 * len(original_lines)  # the check covers most of the file
    # Lines it skips differ only by a capital toned vowel the rules cannot know.
    for a, b in zip(original_lines, decoded_lines):
        assert all(x == y or (x.isupper() and is_toned(x) and y == x.lower()) for x, y in zip(a, b))


def test_utf8_holding_legacy_characters_is_repaired():
    """A converter that read TCVN3 bytes as Latin-1 and saved UTF-8 leaves "Céng hoµ"."""
    mojibake = encode_tcvn3(CARRIER + PHRASE).decode("latin-1")
    assert decode_text_bytes(mojibake.encode("utf-8")) == CARRIER + PHRASE
    assert decode_text_bytes(encode_vni(PHRASE).decode("cp1252").encode("utf-8")) == PHRASE


# --- Detection ------------------------------------------------------------------------------------

ENGLISH = (
    "The committee reviewed the annual report on administrative reform and found that most "
    "provinces had met their targets. However, several agencies still lacked the staff and the "
    "budget needed to complete the online services on time, so the ministry asked them for a new "
    "plan before the end of the quarter. Café owners in Hà Nội and São Paulo were not consulted."
)


def test_detect_none_on_unicode_and_english():
    for text in corpus_texts():
        assert detect_legacy(text) is None
        assert repair_legacy(text) == text
    assert detect_legacy(ENGLISH) is None
    assert repair_legacy(ENGLISH) == ENGLISH
    assert detect_legacy("") is None


def test_detect_legacy_views_of_the_corpus():
    for text in corpus_texts():
        assert detect_legacy(encode_tcvn3(text).decode("latin-1")) == "tcvn3"
        assert detect_legacy(encode_vni(text).decode("cp1252")) == "vni"
        assert detect_legacy(encode_vni(text).decode("latin-1")) == "vni"


def test_detect_short_strings():
    assert detect_legacy("Céng hoµ x· héi chñ nghÜa ViÖt Nam") == "tcvn3"
    assert repair_legacy("Céng hoµ x· héi chñ nghÜa ViÖt Nam") == "Cộng hoà xã hội chủ nghĩa Việt Nam"
    assert detect_legacy("Coäng hoøa") == "vni"
    assert detect_legacy("Cộng hòa") is None


# --- Rejection ------------------------------------------------------------------------------------

def test_rejects_random_bytes():
    with pytest.raises(IngestError, match="^cannot decode: not UTF-8 and not a known Vietnamese"):
        decode_text_bytes(random.Random(0).randbytes(4000))


def test_rejects_printable_garbage():
    """No control bytes at all: only the syllable score can reject it."""
    rng = random.Random(1)
    alphabet = b" \n" + bytes(range(0x21, 0x7F)) + bytes(range(0xA0, 0x100))
    data = bytes(rng.choice(alphabet) for _ in range(4000))
    with pytest.raises(IngestError, match="not a known Vietnamese legacy encoding"):
        decode_text_bytes(data)


def test_rejects_nul_and_control_bytes():
    with pytest.raises(IngestError, match="control"):
        decode_text_bytes(PHRASE.encode("utf-8") + b"\x00\x00rest")
    with pytest.raises(IngestError):
        decode_text_bytes(encode_tcvn3(CARRIER) + b"\x00\x01\x02")
    with pytest.raises(IngestError, match="control"):
        decode_text_bytes(b"\xff\xfe" + PHRASE.encode("utf-32-le"))  # UTF-32 read as UTF-16


def test_rejects_western_text_that_is_not_vietnamese():
    with pytest.raises(IngestError):
        decode_text_bytes(ENGLISH.replace("Hà Nội", "Lyon").encode("cp1252") + b" \x93quoted\x94")


def test_error_messages_are_one_line():
    for data in (random.Random(0).randbytes(4000), b"a\x00b", b"\xfe\xff\xd8\x00"):
        with pytest.raises(IngestError) as info:
            decode_text_bytes(data)
        assert "\n" not in str(info.value) and str(info.value).startswith("cannot decode")
