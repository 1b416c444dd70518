"""Vietnamese text typed in legacy 8-bit font encodings: TCVN3 (ABC), VNI and Windows-1258.

Old directives were typed in ".VnTime" (TCVN3) or "VNI-Times" (VNI) fonts, which put one glyph
per byte. Read as UTF-8 or Latin-1 such text shows as "Céng hoµ" or "Coäng hoøa" instead of
"Cộng hòa". Every decision here is made by scoring candidate decodings against Vietnamese
syllable structure, never by a guess from a few byte values, and every output is NFC.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

from ingest.errors import IngestError

__all__ = ["decode_text_bytes", "detect_legacy", "repair_legacy", "encode_tcvn3", "encode_vni"]

# Each row: a vowel bare, then with grave, hook above, tilde, acute, dot below.
_VOWEL_ROWS = (
    "aàảãáạ", "ăằẳẵắặ", "âầẩẫấậ", "eèẻẽéẹ", "êềểễếệ", "iìỉĩíị",
    "oòỏõóọ", "ôồổỗốộ", "ơờởỡớợ", "uùủũúụ", "ưừửữứự", "yỳỷỹýỵ",
)
# TCVN 5712:1993 VN3 as Latin-1 characters, aligned with _VOWEL_ROWS (0xAD, the soft hyphen, is ư).
_TCVN3_ROWS = (
    "aµ¶·¸¹", "¨»¼½¾Æ", "©ÇÈÉÊË", "eÌÎÏÐÑ", "ªÒÓÔÕÖ", "i×ØÜÝÞ",
    "oßáâãä", "«åæçèé", "¬êëìíî", "uïñòóô", "\xadõö÷øù", "yúûüýþ",
)
# VN3 letters outside the rows: đ and the only uppercase letters it has (no uppercase toned vowel).
_TCVN3_OTHER = ("đĂÂÊÔƠƯĐ", "®¡¢£¤¥¦§")
# VNI Windows as cp1252 characters, aligned with _VOWEL_ROWS: a base letter plus diacritic bytes
# (ô/ö are ơ/ư; i and ỵ have single codes). Uppercase is the str.upper() of both sides; đ is ñ.
_VNI_ROWS = (
    "a aø aû aõ aù aï", "aê aè aú aü aé aë", "aâ aà aå aã aá aä",
    "e eø eû eõ eù eï", "eâ eà eå eã eá eä", "i ì æ ó í ò",
    "o oø oû oõ où oï", "oâ oà oå oã oá oä", "ô ôø ôû ôõ ôù ôï",
    "u uø uû uõ uù uï", "ö öø öû öõ öù öï", "y yø yû yõ yù î",
)
_VNI_OTHER = ("đĐ", "ñÑ")

# Typographic characters no legacy code holds: written as the ASCII a typist would have used.
_ASCII_FALLBACK = {
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2018": "'", "\u2019": "'", "\u201a": "'",
    "\u2010": "-", "\u2011": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u2026": "...",
}

# Bytes 0x80-0x9F as Windows shows them (curly quotes, dashes); undefined ones stay C1 controls.
_CP1252_C1 = {
    b: bytes([b]).decode("cp1252")
    for b in range(0x80, 0xA0)
    if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}


def _build_tables() -> tuple[dict[int, str], dict[int, str], dict[int, str], dict[str, str]]:
    tcvn3_dec: dict[int, str] = dict(_CP1252_C1)
    tcvn3_enc: dict[int, str] = {}
    vni_enc: dict[int, str] = {}
    vni_dec: dict[str, str] = {}
    for uni_row, tcvn_row, vni_row in zip(_VOWEL_ROWS, _TCVN3_ROWS, _VNI_ROWS):
        for letter, tcvn, vni in zip(uni_row, tcvn_row, vni_row.split()):
            if not letter.isascii():  # some codes equal their letter (TCVN3 ý, VNI í ì)
                tcvn3_dec[ord(tcvn)] = letter
                tcvn3_enc[ord(letter)] = tcvn
                # VN3 has no uppercase toned vowels: documents use the lowercase code (.VnTimeH).
                tcvn3_enc.setdefault(ord(letter.upper()), tcvn)
                for uni, code in ((letter, vni), (letter.upper(), vni.upper())):
                    vni_enc[ord(uni)] = code
                    if code != uni:
                        vni_dec[code] = uni
            if len(vni) == 2:  # tolerate "Aù" (capital base, lowercase marks) when decoding
                vni_dec.setdefault(vni[0].upper() + vni[1], letter.upper())
    for letter, tcvn in zip(*_TCVN3_OTHER):
        tcvn3_dec[ord(tcvn)] = letter
        tcvn3_enc[ord(letter)] = tcvn
    for letter, vni in zip(*_VNI_OTHER):
        vni_enc[ord(letter)] = vni
        vni_dec[vni] = letter
    for table in (tcvn3_enc, vni_enc):
        table[0xA0] = "\xa0"  # no-break space has the same code in both
        table.update({ord(k): v for k, v in _ASCII_FALLBACK.items()})
    return tcvn3_dec, tcvn3_enc, vni_enc, vni_dec


_TCVN3_DECODE, _TCVN3_ENCODE, _VNI_ENCODE, _VNI_DECODE = _build_tables()
_VNI_SEQUENCE = re.compile("|".join(map(re.escape, sorted(_VNI_DECODE, key=len, reverse=True))))
# Lowercase toned vowels: TCVN3 writes their uppercase with these same codes, so case is lost.
_CASELESS_IN_TCVN3 = frozenset(ch for row in _VOWEL_ROWS for ch in row[1:])


def encode_tcvn3(text: str) -> bytes:
    """Unicode -> TCVN3 bytes as a .VnTime document holds them (uppercase toned vowels lowercase).

    Curly quotes, dashes and the ellipsis become ASCII; anything else without a code raises ValueError.
    """
    text = unicodedata.normalize("NFC", text)
    _check_encodable(text, _TCVN3_ENCODE, "TCVN3")
    return text.translate(_TCVN3_ENCODE).encode("latin-1")


def encode_vni(text: str) -> bytes:
    """Unicode -> VNI Windows bytes (cp1252 code points), as a VNI-Times document holds them.

    Curly quotes, dashes and the ellipsis become ASCII; anything else without a code raises ValueError.
    """
    text = unicodedata.normalize("NFC", text)
    _check_encodable(text, _VNI_ENCODE, "VNI")
    return text.translate(_VNI_ENCODE).encode("cp1252")


def _check_encodable(text: str, table: dict[int, str], name: str) -> None:
    for ch in set(text):
        if ord(ch) >= 0x80 and ord(ch) not in table:
            raise ValueError(f"cannot encode {ch!r} (U+{ord(ch):04X}) in {name}")


def _tcvn3_to_unicode(text: str) -> str:
    """Latin-1/cp1252 view of TCVN3 bytes -> Unicode; characters above U+00FF pass through."""
    return text.translate(_TCVN3_DECODE)


def _vni_to_unicode(text: str) -> str:
    """cp1252 view of VNI bytes -> Unicode (a PDF may give bytes 0x80-0x9F as C1 controls)."""
    return _VNI_SEQUENCE.sub(lambda m: _VNI_DECODE[m.group()], text.translate(_CP1252_C1))


# --- Vietnamese syllable check -------------------------------------------------------------------

_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below
_INITIALS = (
    "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh",
    "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x",
)
# Every rhyme (medial + nucleus + final) written in standard orthography, without tone.
_RHYMES = frozenset("""
    a ac ach ai am an ang anh ao ap at au ay  ăc ăm ăn ăng ăp ăt  âc âm ân âng âp ât âu ây
    e ec em en eng eo ep et  ê êch êm ên ênh êp êt êu  i ia ich im in inh ip it iu
    iêc iêm iên iêng iêp iêt iêu  yêm yên yêng yêt yêu  y
    o oc oi om on ong op ot ooc oong  ô ôc ôi ôm ôn ông ôp ôt  ơ ơi ơm ơn ơp ơt
    u ua uc ui um un ung up ut  uôc uôi uôm uôn uông uôt
    ư ưa ưc ưi ưm ưn ưng ưt ưu  ươc ươi ươm ươn ương ươp ươt ươu
    oa oac oach oai oam oan oang oanh oao oap oat oay  oăc oăm oăn oăng oăt  oe oen oeo oet
    uân uâng uât uây  uê uêch uênh  uơ  uy uya uych uyn uynh uyp uyt uyu uyên uyêt
""".split())
_FRONT = ("e", "ê", "i", "y")  # k, gh, ngh stand before these; c, g, ng never do
_STOP_FINALS = ("c", "ch", "p", "t")  # take only the acute or dot-below tone
_ALPHABET = frozenset("abcdeghiklmnopqrstuvxyăâêôơưđ")


@lru_cache(maxsize=1 << 16)
def _is_syllable(word: str) -> bool:
    """True when word (any case) is one well-formed Vietnamese syllable with at most one tone."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [ch for ch in decomposed if ch in _TONE_MARKS]
    if len(tones) > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONE_MARKS))
    if not base or not _ALPHABET.issuperset(base):
        return False
    for initial in _INITIALS:
        if not base.startswith(initial):
            continue
        rhyme = base[len(initial):]
        if rhyme not in _RHYMES:
            continue
        if not _spelling_fits(initial, rhyme):
            continue
        if rhyme.endswith(_STOP_FINALS) and tones not in (["\u0301"], ["\u0323"]):
            continue
        return True
    return False


def is_syllable(word: str) -> bool:
    """Whether `word` is one well-formed Vietnamese syllable (also used to mend words split by markup)."""
    return _is_syllable(word)


def _spelling_fits(initial: str, rhyme: str) -> bool:
    """Orthography: k/gh/ngh before e ê i (k also y), c/g/ng not there, qu and gi not doubled."""
    front = rhyme.startswith(_FRONT)
    if initial == "k":
        return front
    if initial in ("gh", "ngh"):
        return front and not rhyme.startswith("y")
    if initial in ("c", "ng"):
        return not front
    if initial == "g":
        return not rhyme.startswith(("e", "ê"))
    if initial == "gi":
        return not rhyme.startswith(("i", "y"))
    if initial == "qu":
        return not rhyme.startswith(("u", "ư", "o"))
    return True


# Words are split at whitespace and at punctuation that no legacy encoding uses for letters.
_SPLIT = re.compile(r"[\s!-/:-@\[-`{-~\u2010-\u2015\u2018-\u201f\u2026]+")


def _words(text: str) -> list[str]:
    return [w for w in _SPLIT.split(text) if any(ch.isalpha() for ch in w)]


# --- Detection ------------------------------------------------------------------------------------

_SAMPLE_CHARS = 200_000  # enough words to score; keeps huge inputs cheap
_MIN_VALID = 0.6  # share of scored words that must be valid syllables
_MIN_GAIN = 0.2  # share of suspect words a legacy reading must fix beyond the text as it stands

_CONVERTERS: dict[str, Callable[[str], str]] = {"tcvn3": _tcvn3_to_unicode, "vni": _vni_to_unicode}


def detect_legacy(text: str) -> str | None:
    """Return "tcvn3" or "vni" when text is legacy-font bytes read as Latin-1/cp1252, else None.

    Only words made of Latin-1 characters with at least one above ASCII can be legacy; each is
    read as it stands and through each table. A table wins when its readings are valid syllables
    for at least 60% of those words and for 20% more of them (and at least one more) than the
    words as they stand. Real Unicode Vietnamese is already valid as it stands, so it never loses.
    """
    suspects = [w for w in _words(text[:_SAMPLE_CHARS]) if "\x7f" < max(w) <= "\xff"]
    if not suspects:
        return None
    as_is = sum(map(_is_syllable, suspects))
    best, best_valid = None, 0
    for name, convert in _CONVERTERS.items():
        valid = sum(_is_syllable(convert(w)) for w in suspects)
        if valid > best_valid:
            best, best_valid = name, valid
    n = len(suspects)
    if best_valid >= _MIN_VALID * n and best_valid - as_is >= max(1.0, _MIN_GAIN * n):
        return best
    return None


def repair_legacy(text: str) -> str:
    """Convert text that detect_legacy recognises to Unicode NFC; return other text unchanged.

    After TCVN3, which has no uppercase toned vowels, capitals are restored only where certain:
    1. a word whose other letters include at least two and are all uppercase is uppercased
       ("HìNH" -> "HÌNH", "THựC" -> "THỰC");
    2. a word whose other letters are uppercase but fewer than two ("Về", "Xã", "ở") is uppercased
       only when the nearest words on the line (dashes and numbers skipped) are all-caps
       syllables ("CỘNG HÒA Xã HỘI" -> "XÃ"), so "Số: 1319/UBND" keeps "Số";
    3. a toned vowel that is the first letter of a line (after any leading punctuation) or of a
       sentence (after ". ", "! ", "? ") is uppercased: TCVN3 documents start sentences with capitals.
    Any other capital toned vowel ("Ủy ban" mid-sentence) comes back lowercase.
    """
    encoding = detect_legacy(text)
    if encoding == "tcvn3":
        return _restore_tcvn3_case(unicodedata.normalize("NFC", _tcvn3_to_unicode(text)))
    if encoding == "vni":
        return unicodedata.normalize("NFC", _vni_to_unicode(text))
    return text


_LETTER_RUN = re.compile(r"[^\W\d_]+")
_EDGE_PUNCT = re.compile(r"^[^\w]+|[^\w]+$")
_SENTENCE_START = re.compile(r"(?:^|(?<=[.!?]\s))[^\w]*([^\W\d_])")
_CASELESS_CHAR = re.compile("[" + "".join(sorted(_CASELESS_IN_TCVN3)) + "]")
_CASELESS_WORD = re.compile(r"[^\W\d_]*" + _CASELESS_CHAR.pattern + r"[^\W\d_]*")
_DROP_CASELESS = dict.fromkeys(map(ord, _CASELESS_IN_TCVN3))


def _caps_evidence(word: str) -> tuple[bool, int]:
    """For a run of letters: (has a caseless TCVN3 vowel, count of the others) if those are capitals."""
    others = word.translate(_DROP_CASELESS)
    if others and not others.isupper():
        return False, -1
    return len(others) < len(word), len(others)


def _restore_tcvn3_case(text: str) -> str:
    return "".join(_restore_line(line) for line in text.splitlines(keepends=True))


def _restore_line(line: str) -> str:
    if not _CASELESS_CHAR.search(line):
        return line  # no letter whose case TCVN3 lost
    line = _CASELESS_WORD.sub(_uppercase_caps_word, line)  # rule 1
    parts = re.split(r"(\s+)", line)  # words at even indexes, whitespace at odd ones
    for i in range(0, len(parts), 2):  # rule 2
        if not _CASELESS_CHAR.search(parts[i]):
            continue
        core = _EDGE_PUNCT.sub("", parts[i])
        if core.islower() and len(core) > 1:  # fast path: a lowercase letter beside the vowel
            continue
        if not _LETTER_RUN.fullmatch(core) or _caps_evidence(core) not in ((True, 0), (True, 1)):
            continue
        neighbours = [w for w in (_nearest_word(parts, i, -2), _nearest_word(parts, i, 2)) if w]
        if neighbours and all(map(_is_caps_syllable, neighbours)):
            parts[i] = parts[i].upper()
    return _SENTENCE_START.sub(_capitalise, "".join(parts))  # rule 3


def _nearest_word(parts: list[str], i: int, step: int) -> str | None:
    """The closest part before (step < 0) or after i that holds a letter, skipping "-", numbers."""
    for j in range(i + step, len(parts) if step > 0 else -1, step):
        if any(ch.isalpha() for ch in parts[j]):
            return parts[j]
    return None


def _uppercase_caps_word(match: re.Match[str]) -> str:
    word = match.group()
    if word.islower():  # fast path for most words
        return word
    caseless, others = _caps_evidence(word)
    return word.upper() if caseless and others >= 2 else word


def _is_caps_syllable(token: str) -> bool:
    core = _EDGE_PUNCT.sub("", token)
    return len(core) >= 2 and core.isupper() and _is_syllable(core)


def _capitalise(match: re.Match[str]) -> str:
    letter = match.group(1)
    if letter not in _CASELESS_IN_TCVN3:
        return match.group()
    return match.group()[:-1] + letter.upper()


# --- Bytes ----------------------------------------------------------------------------------------

_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")  # all but \t \n \r \f
_UNDECODABLE = (
    "cannot decode: not UTF-8 and not a known Vietnamese legacy encoding (TCVN3, VNI, Windows-1258)"
)

# Readings of bytes that are not UTF-8, most preferred first (on a tie the standard code page wins).
_BYTE_DECODERS: tuple[tuple[str, Callable[[bytes], str]], ...] = (
    ("cp1258", lambda data: data.decode("cp1258")),
    ("tcvn3", lambda data: _tcvn3_to_unicode(data.decode("latin-1"))),
    ("vni", lambda data: _vni_to_unicode(data.decode("latin-1"))),
)


def decode_text_bytes(data: bytes) -> str:
    """Text of a .txt/.md file as NFC Unicode, whatever Vietnamese encoding it was saved in.

    A BOM (UTF-8, UTF-16 LE/BE) decides; otherwise strict UTF-8, repaired if its characters are
    legacy-font text (repair_legacy); otherwise the best-scoring of TCVN3, VNI and Windows-1258,
    which must make at least 60% of its words valid Vietnamese syllables. A trailing DOS end-of-file
    mark (Ctrl-Z) is dropped. Raises IngestError for binary data, control characters other than
    tab/newline/carriage return/form feed, or bytes no candidate reads as Vietnamese.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(codec)
            except UnicodeDecodeError:
                message = f"cannot decode: starts with a {codec} byte-order mark but is not {codec}"
                raise IngestError(message) from None
            return _finish(repair_legacy(text))
    data = data.rstrip(b"\x1a")  # before the legacy readings, which reject control characters
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return _finish(_decode_legacy_bytes(data))
    return _finish(repair_legacy(text))


def _finish(text: str) -> str:
    text = text.rstrip("\x1a")
    if _CONTROL.search(text):
        raise IngestError("cannot decode: contains NUL or other control characters (a binary file?)")
    return unicodedata.normalize("NFC", text)


def _decode_legacy_bytes(data: bytes) -> str:
    """The reading with the most valid syllables, if they are at least 60% of its words.

    Readings are scored on the first _SAMPLE_CHARS bytes; only the winner decodes the whole file.
    """
    sample = data[:_SAMPLE_CHARS]
    best: tuple[int, int] | None = None  # (valid words, -rank)
    total, winner = 0, -1
    for rank, (_, decode) in enumerate(_BYTE_DECODERS):
        try:
            text = unicodedata.normalize("NFC", decode(sample))
        except UnicodeDecodeError:
            continue
        if _CONTROL.search(text):
            continue
        words = _words(text)
        valid = sum(map(_is_syllable, words))
        if best is None or (valid, -rank) > best:
            best, total, winner = (valid, -rank), len(words), rank
    if best is None or not total or best[0] < _MIN_VALID * total:
        raise IngestError(_UNDECODABLE)
    name, decode = _BYTE_DECODERS[winner]
    try:
        text = unicodedata.normalize("NFC", decode(data))
    except UnicodeDecodeError:  # cp1258 has unassigned bytes past the sample
        raise IngestError(_UNDECODABLE) from None
    return _restore_tcvn3_case(text) if name == "tcvn3" else text
