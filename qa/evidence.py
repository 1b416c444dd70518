"""Which words of a clause answer a question: the time it asks for, the figure it counts.

Rules over the clause text and its annotations, no model: each candidate time or number gets a weight for how
well its shape and the words around it fit the question, and the answerer takes the best and marks its span.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from index.text import codes, word_tokens
from ingest.deadlines import find_named_periods
from ingest.model import Citation as CitedDocument
from ingest.model import Deadline
from ingest.vietnamese import fold

ABBREVIATIONS = {"TTHC": "thủ tục hành chính", "CCHC": "cải cách hành chính", "UBND": "Ủy ban nhân dân",
                 "HĐND": "Hội đồng nhân dân", "CBCCVC": "cán bộ công chức viên chức", "DVCTT": "dịch vụ công trực tuyến",
                 "TTĐT": "thông tin điện tử", "HTQLCL": "hệ thống quản lý chất lượng"}


def expand(text: str) -> str:
    for short, full in ABBREVIATIONS.items():
        text = re.sub(rf"\b{short}\b", full, text)
    return text


def content_words(text: str) -> set[str]:
    text = expand(text)
    stop = {"nao", "ai", "gi", "la", "co", "cua", "va", "cac", "nhung", "duoc", "trong", "theo", "ve", "cho", "voi",
            "bao", "nhieu", "khi", "tinh", "the", "of", "is", "in", "a", "an", "to", "and", "which", "who", "what"}
    return {w for w in re.findall(r"\w+", fold(text)) if (len(w) > 1 or w.isdigit()) and w not in stop}


# What every "who does it?" question and every task clause say: no word of the task itself
_AGENCY_FRAME = frozenset({
    "cơ", "quan", "đơn", "vị", "sở", "ban", "ngành", "tỉnh", "nào", "ai", "gì", "là", "có", "của", "và", "các", "những",
    "được", "trong", "theo", "về", "cho", "với", "chủ", "trì", "phối", "hợp", "tham", "mưu", "phụ", "trách", "chịu",
    "nhiệm", "thực", "hiện", "giao", "vụ", "việc"})


def task_syllables(text: str) -> set[str]:
    """The text's syllables with their marks, less the agency frame. Marked, because folding merges "số"
    (digital) with "sở" (department), which every agency clause writes."""
    return {s for w in word_tokens(text) for s in w.split("_") if re.search(r"[^\W\d_]", s)} - _AGENCY_FRAME


# -- cited documents: which of a clause's citations the question describes ---------------------------------
# The kinds of document a question names, folded ("quyết định nào", "Đề án ... ban hành ngày nào?")
KIND_NAMES = (r"(?:thong bao|chi thi|ke hoach|cong van|van ban|quyet dinh|nghi dinh|nghi quyet|thong tu|luat|de an|"
              r"chuong trinh hanh dong)")
# The kind a question asks for ("quyết định nào", "kế hoạch số mấy", "which decree"): the question's frame, not a
# description of the document; qa.question.asked_document_kind reads the kind from its groups
ASKED_KIND = re.compile(r"\b(" + KIND_NAMES + r")(?: so)? (?:nao|may|bao nhieu)\b|"
                        r"\b(?:which|what) (decree|decision|circular|resolution|plan|directive|law|document)\b")
_FRAME = {"so", "ngay", "nam"}


def citation_fit(question: str, text: str, citations: list[CitedDocument], c: CitedDocument) -> float:
    """How much of the question describes citation `c` (0..1): its words in what the clause says of that document.

    A clause often cites several documents in a row, each followed by its subject ("Quyết định số 324/QĐ-UBND ...
    ban hành Chương trình CCHC giai đoạn 2016-2020 và Quyết định số 2843/QĐ-UBND ... về việc ban hành kế hoạch
    CCHC năm 2016"): the words after a citation, up to the next one or the sentence's end, are its subject and
    count fully, with its issuer; those before it, back to the previous citation, count half ("đạt và vượt so
    với Nghị quyết số 60/NQ-HĐND"). The kind asked for ("quyết định nào") is the question's frame, not a
    description; other kind words are ("Kế hoạch cải cách hành chính năm 2016 ... theo quyết định nào?").
    """
    frame = [m.span() for m in ASKED_KIND.finditer(fold(question))]     # folding keeps character positions
    asked = content_words("".join(" " if any(a <= i < b for a, b in frame) else ch
                                  for i, ch in enumerate(question))) - _FRAME
    if not asked:
        return 0.0
    spans = sorted((d.start, d.end) for d in citations if d.start >= 0)
    after_end = min([s for s, _ in spans if s >= c.end] + [len(text)])
    stop = re.search(r"[.;](\s|$)", text[c.end:after_end])
    after = text[c.end:c.end + stop.start() if stop else after_end][:250]
    j = [s for s, _ in spans].index(c.start)
    while j > 0 and re.fullmatch(r"[\s,]*(?:và|hoặc)?[\s,]*", text[spans[j - 1][1]:spans[j][0]]):
        j -= 1        # "tại Quyết định số 324/QĐ-UBND và Quyết định số 2843/QĐ-UBND": a list shares its lead-in
    before = text[spans[j - 1][1] if j else 0:spans[j][0]][-150:]
    own = content_words(f"{c.raw} {c.issuer or ''} {after}")
    near = content_words(before) - own
    return (len(asked & own) + 0.5 * len(asked & near)) / len(asked)


def _named_at(folded: str, number: str, short: bool) -> int:
    """Where the question writes a named document (its number), or -1."""
    head = re.split(r"[/-]", number, maxsplit=1)[0]
    m = re.search(r"(?<![\w/-])" + re.escape(fold(head)) + (r"\b(?![/-])" if short else r"[/-]"), folded)
    return m.start() if m else -1


def named_by(number: str | None, named: set[str], short: set[str]) -> str | None:
    """Which of the question's documents a number is: one it names in full (lower case, as index.text.codes gives
    them) or by number alone ("Quyết định 446" is 446/QĐ-UBND); None for neither."""
    if not number:
        return None
    low = number.lower()
    return low if low in named else next((n for n in short if re.match(re.escape(n) + r"[/-]", low)), None)


def implements_link(question: str, text: str, citations: list[CitedDocument], c: CitedDocument,
                    named: set[str], short: set[str]) -> bool:
    """Citation `c` stands in the "thực hiện" link the question asks about with a document it names.

    Directives chain documents: "Nghị quyết số 08/NQ-CP ... của Chính phủ thực hiện Nghị quyết số 19-NQ/TW". "Nghị
    quyết nào thực hiện Nghị quyết 19-NQ/TW?" asks for the one written just before the named document with "thực
    hiện" between; "Chương trình hành động 38 thực hiện nghị quyết nào?" for the one just after it.
    """
    folded = fold(question)
    link = [m.start() for m in re.finditer(r"\bthuc hien\b", folded)]
    if not link:
        return False
    spans = sorted((d for d in citations if d.start >= 0), key=lambda d: d.start)
    for d in spans:
        key = None if d is c else named_by(d.number, named, short)
        at = _named_at(folded, key, key in short) if key else -1
        if at < 0:
            continue
        is_object = any(0 <= at - e <= 40 for e in link)         # "thực hiện Nghị quyết 17/NQ-CP ..."
        is_subject = not is_object and any(e > at for e in link)  # "Kế hoạch 93/KH-UBND ... thực hiện ..."
        i, j = spans.index(c), spans.index(d)
        if is_object and i == j - 1 and re.search(r"\bthuc hien\b", fold(text[c.end:d.start])):
            return True
        if is_subject and i == j + 1 and re.search(r"\bthuc hien\b", fold(text[d.end:c.start])):
            return True
    return False


# -- deadlines: what kind of time a question asks for ----------------------------------------------
# A question about when a text takes effect, and the clause of a text that says it ("Quyết định này có hiệu lực thi
# hành kể từ ngày ...", "Nghị quyết có hiệu lực từ ...")
EFFECT_ASKED = re.compile(r"\b(hieu luc|take[sn]? effect|effective|come into force|in force)\b")
EFFECT_CLAUSE = re.compile(r"\bco hieu luc(?: thi hanh)?(?: ke)? tu\b")
_TIME_ASKS = [  # folded question; the first that matches wins, else "deadline"
    ("effect", EFFECT_ASKED.pattern),
    ("span", r"\b(giai doan nao|thoi ky nao|which period|what period|which years)\b"),
    ("year", r"\b(nam nao|which year|what year)\b"),
    ("quarter", r"\b(quy nao|which quarter)\b"),
    ("point", r"\b(thoi diem nao|tinh den|den (khi|luc) nao|as of when)\b"),
    ("time", r"\b(thoi gian nao|what time)\b"),
]
# How well a time of each shape answers each kind of question. "named" scales a period written without a
# deadline word ("giai đoạn 2021-2025", "năm 2025"): it names a programme, so it answers "giai đoạn nào" but
# never "trước ngày nào".
# "monthly" is a day of every month ("trước ngày 20 hằng tháng"); "from" the day a text takes effect or a task
# starts ("có hiệu lực từ ngày ...", "từ ngày 01/01/2026").
TIME_FIT: dict[str, dict[str, float]] = {
    "deadline": {"date": 1.0, "yearly": 1.0, "monthly": 1.0, "from": 0.8, "year": 0.6, "part": 0.6, "span": 0.6,
                 "named": 0.0},
    "point": {"date": 1.0, "yearly": 0.8, "monthly": 0.8, "from": 1.0, "year": 0.5, "part": 0.5, "span": 0.4,
              "named": 0.4},
    "span": {"date": 0.2, "yearly": 0.2, "monthly": 0.2, "from": 0.3, "year": 0.3, "part": 0.2, "span": 1.0,
             "named": 1.0},
    "year": {"date": 0.4, "yearly": 0.3, "monthly": 0.3, "from": 0.4, "year": 1.0, "part": 0.4, "span": 0.4,
             "named": 1.0},
    "quarter": {"date": 0.3, "yearly": 0.3, "monthly": 0.3, "from": 0.3, "year": 0.3, "part": 1.0, "span": 0.2,
                "named": 1.0},
    # "có hiệu lực từ ngày nào": the day it takes effect, not a deadline the text sets
    "effect": {"date": 0.6, "yearly": 0.1, "monthly": 0.1, "from": 1.0, "year": 0.2, "part": 0.2, "span": 0.1,
               "named": 0.0},
    "time": {"date": 1.0, "yearly": 1.0, "monthly": 1.0, "from": 1.0, "year": 1.0, "part": 1.0, "span": 1.0,
             "named": 0.5},
}
OWNER_WEIGHT = {"own": 1.0, "asked": 1.2, "other": 0.5}
TIME_WORDS = {"giai", "doan", "thoi", "gian", "diem", "han", "nam", "quy", "ngay", "thang", "den", "het", "truoc",
              "khi", "gio", "ky", "when", "deadline", "period", "year", "by", "must"}


def asked_time(question: str) -> str:
    """The kind of time a deadline question asks for: span, year, quarter, point, time or deadline."""
    folded = fold(question)
    return next((kind for kind, pattern in _TIME_ASKS if re.search(pattern, folded)), "deadline")


def _shape(d: Deadline) -> str:
    """date | yearly | year (one calendar year) | span (several years) | part (a quarter, a month, half a year)."""
    if d.kind != "period" or not d.end:
        return d.kind
    if d.start[:4] != d.end[:4]:
        return "span"
    return "year" if d.start[5:] == "01-01" and d.end[5:] == "12-31" else "part"


_PHRASE_END = re.compile(r"[;,()\n]|[.:](?!\d)")      # where a figure's or a time's phrase stops
_SENTENCE_END = re.compile(r";|\.(?=\s+[^\W\d_]|\s*$)")


# A short parenthesis restates or names what stands beside it: a number in words or digits ("03 (ba) năm", "Bảy
# (07) ngày"), a unit ("25 (năm)"), an abbreviation ("tài chính (IRR) không vượt quá 12%"). It is part of the
# phrase; a longer one ("(02 nghị quyết, 01 quyết định)") breaks a total down and ends it.
_SHORT_PARENTHESIS = re.compile(r"\(([^(),;:\n]{1,20})\)")


def _see_through(text: str) -> str:
    """The text with the brackets of short parentheses blanked, same length, so phrases run through them."""
    return _SHORT_PARENTHESIS.sub(lambda m: f" {m[1]} " if len(m[1].split()) <= 2 else m[0], text)


def _around(text: str, start: int, end: int, reach: int = 100) -> tuple[str, str]:
    """The phrase around text[start:end], up to a comma, colon, semicolon, parenthesis or full stop (at most
    `reach` characters either side): the words that qualify that number or time, not its neighbours'. A list's
    lead-in ("đạt chỉ tiêu: 80% ...; 45% ...") is left out, as it qualifies every item alike."""
    text = _see_through(text)
    cuts = [m.end() for m in _PHRASE_END.finditer(text, max(0, start - reach), start)]
    left = text[max([max(0, start - reach)] + cuts):start]
    stop = _PHRASE_END.search(text, end, min(len(text), end + reach))
    return left, text[end:stop.start() if stop else min(len(text), end + reach)]


def _outer(text: str, start: int) -> str:
    """For a number inside parentheses, the phrase the parenthesis breaks down: "hết hiệu lực toàn bộ trước ngày
    01/01/2018 gồm 03 văn bản (02 nghị quyết, 01 quyết định)" qualifies the 02 as much as the 03; else ""."""
    text = _see_through(text)
    opened = text.rfind("(", max(0, start - 100), start)
    if opened < 0 or ")" in text[opened:start]:
        return ""
    return _around(text, opened, opened)[0]


def _title_owner(text: str, citations: list[CitedDocument], start: int, question: str,
                 own_kind: str | None) -> str:
    """Whose time the one at `start` is: "own" (the clause's document), or, when it follows a document the clause
    cites in the same sentence ("Chỉ thị số 23/CT-TTg ... về ... giai đoạn 2021-2030"), that document's:
    "asked" when the question asks about it (gives its number or its issuer, "Thủ tướng", or names its kind,
    "Đề án ...", but not the kind of the document the clause is in), else "other"."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
    sentence = max(ends, default=0)
    before = [c for c in citations if c.start >= 0 and sentence <= c.start < start]
    if not before:
        return "own"
    folded = fold(expand(question))
    named = set(codes(question))

    def asked(c: CitedDocument) -> bool:
        issuer = fold(c.issuer or "").split()
        return bool((c.number and c.number.lower() in named)
                    or (issuer and re.search(rf"\b{' '.join(issuer[:2] if len(issuer) > 2 else issuer)}\b", folded))
                    or (re.search(rf"\b{fold(c.kind)}\b", folded)
                        and not (own_kind and re.search(rf"\b{fold(own_kind)}\b", folded))))
    return "asked" if any(asked(c) for c in before) else "other"


def time_scores(question: str, text: str, cued: list[Deadline], citations: list[CitedDocument] | None = None,
                doc_date: str | None = None, own_kind: str | None = None) -> list[tuple[float, Deadline]]:
    """Every time a clause's text names, with how well it answers the question, in the text's order.

    `cued` are the clause's deadlines (find_deadlines); the periods it names without a deadline word
    (find_named_periods) join them. The weight is TIME_FIT for the time's shape against what the question asks,
    halved in the title of a cited document the question does not ask about, raised a little in the title of
    one it asks about (_title_owner), and raised by the share of the question's words in the time's phrase
    ("công tác cải cách hành chính giai đoạn 2022-2025"). A weight of 0 leaves a time out.
    """
    fit = TIME_FIT[asked_time(question)]
    words = content_words(question) - TIME_WORDS
    found = [(d, False) for d in cued] + [
        (d, True) for d in find_named_periods(text, doc_date)
        if not any(d.span_start < c.span_end and c.span_start < d.span_end for c in cued)]
    out: list[tuple[float, Deadline]] = []
    for d, named in sorted(found, key=lambda f: f[0].span_start):
        w = fit[_shape(d)] * (fit["named"] if named else 1.0)
        if w <= 0:
            continue
        if citations:
            w *= OWNER_WEIGHT[_title_owner(text, citations, d.span_start, question, own_kind)]
        left, right = _around(text, d.span_start, d.span_end)
        out.append((w * (1 + len(words & content_words(left + " " + right)) / max(1, len(words))), d))
    return out


# -- figures: which number a question asks for ------------------------------------------------------
_TOKEN = re.compile(r"\d+(?:[.,/:]\d+)*|[^\W\d_]+")
# not "ISO 9001", "TCVN 5", nor the parts of "31/49" or a code; but "01 kỳ/15 phút" gives 15 (a rate, "per")
_FIGURE = re.compile(r"(?<![\w.:])(?<![\d\W]/)(?<![A-Z] )(\d+(?:[.,/:]\d+)*)(\s*%)?")
_DAY = re.compile(r"\d{1,2}/\d{1,2}/\d{4}")
_FULL_STOP = re.compile(r"\.(?=\s+[^\W\d_])")
# Words that end the noun a question counts ("bao nhiêu hồ sơ trễ hạn tại ..."), written with their marks since
# folded they collide with nouns ("tử" in "điện tử", "độ" in "mức độ"); the plain ones serve unmarked questions.
_NOUN_END = {"ở", "tại", "của", "trong", "được", "đã", "là", "năm", "từ", "đến", "theo", "để", "khi", "mà", "với",
             "cho", "về", "hiện", "nay", "có", "did", "does", "do", "is", "are", "was", "were", "have", "has", "in",
             "of", "for", "to", "by", "at", "on", "the", "with"}
_NOUN_END_PLAIN = {"o", "tai", "cua", "trong", "duoc", "theo", "khi", "voi", "hien", "did", "does", "is", "are",
                   "was", "were", "have", "has", "in", "of", "for", "to", "by", "at", "on", "the", "with"}


def _tokens(text: str) -> list[str]:
    """Folded words and whole numbers ("1.507", "38/59"), abbreviations spelt out."""
    return _TOKEN.findall(fold(expand(text)))


_MAY_PLAIN = re.compile(r"\b(hang|thu) may\b|\bmay (?=(ky|lan|lop|nguoi|bo|don vi|co quan|huyen|xa|cong chuc|can bo|"
                        r"vien chuc|ho so|thu tuc|truong hop|van ban|nghi quyet|quyet dinh|cong|y kien)\b)",
                        re.IGNORECASE)


def how_many(question: str) -> str:
    """"mấy" written as "bao nhiêu" ("hạng mấy", "mấy kỳ", "số mấy", "ngày mấy"). Without marks "may" is also "máy"
    (máy tính), so there only before a counted noun or after "hạng", "thứ"."""
    question = re.sub(r"\bmấy\b", "bao nhiêu", question, flags=re.IGNORECASE)
    return _MAY_PLAIN.sub(lambda m: f"{m[1]} bao nhieu" if m[1] else "bao nhieu ", question)


def counted_noun(question: str) -> tuple[list[str], list[str]]:
    """The folded words a figure question counts, and the words just before its question phrase:
    "bao nhiêu cơ quan hành chính ở Kiên Giang" -> (co quan hanh chinh, []); "xếp hạng bao nhiêu" ->
    ([], xep hang). The noun runs to a preposition or eight words; the words before stop at one ("là", "có")."""
    marked = _TOKEN.findall(expand(how_many(question)).lower())
    plain = not any(fold(t) != t for t in marked)
    ends = _NOUN_END_PLAIN if plain else _NOUN_END
    tokens = [fold(t) for t in marked]
    at = next((i for i in range(len(tokens) - 1) if (tokens[i], tokens[i + 1]) in
               {("bao", "nhieu"), ("how", "many"), ("how", "much")}), None)
    if at is None:
        return [], []
    after: list[str] = []
    for t, raw in zip(tokens[at + 2:], marked[at + 2:]):
        if raw in ends or len(after) == 8:
            break
        after.append(t)
    before: list[str] = []
    for t, raw in zip(reversed(tokens[max(0, at - 2):at]), reversed(marked[max(0, at - 2):at])):
        if raw in ends or t in ("co", "la"):         # "có bao nhiêu", "là bao nhiêu"
            break
        before.insert(0, t)
    return after, before


def _qualifier(left: list[str]) -> list[str]:
    """The three words before a number, not reaching back past "và"/"hoặc": in "369 dịch vụ công mức độ 3 và 257
    ...", the "mức độ 3" qualifies 369, not 257."""
    cut = max((i + 1 for i, t in enumerate(left) if t in ("va", "hoac")), default=0)
    return left[cut:][-3:]


def _unit_tokens(after: str, most: int = 10) -> list[str]:
    """The words after a number up to the next figure: "dịch vụ công mức độ 3 và 257 ..." -> dich vu cong muc do 3.
    A short number right after a word belongs to the noun ("mức độ 4", "đợt 2")."""
    tokens = _tokens(after)
    out: list[str] = []
    for i, t in enumerate(tokens[:most]):
        if t[0].isdigit() and (len(t) > 2 or not out or not out[-1][0].isalpha()):
            break
        if t == "va" and i + 1 < len(tokens) and tokens[i + 1][0].isdigit():
            break
        out.append(t)
    return out


_UNIT_WORD = re.compile(r"\s+(?:[^\W\d_]+|\d{1,2}(?![\d.,/]))")


def unit_length(after: str, most: int = 6) -> int:
    """How much of the text after a number is its counted noun, to show and mark with it: up to a preposition
    or "và", six words at most, a short number after a word included ("257 dịch vụ công mức độ 4",
    "191 cơ quan hành chính" of "... của tỉnh", "38/59 đầu công việc" of "... năm 2016")."""
    end, words = 0, 0
    for m in _UNIT_WORD.finditer(after):
        word = m.group(0).strip()
        if m.start() != end or words == most or word.lower() in _NOUN_END | {"và", "trên", "các"} \
                or (word[0].isdigit() and words == 0):
            break
        end, words = m.end(), words + 1
    return end


@dataclass
class FigureQuestion:
    """What a figure question asks: the noun it counts, the words before "bao nhiêu", its other content words,
    the numbers it already gives (never the answer) and its years, and whether it asks for a share."""

    counted: list[str]
    before: list[str]
    words: set[str]
    given: set[str]
    years: set[str]
    asks_share: bool
    folded: str = ""
    bound: str | None = None      # "max" ("tối đa bao nhiêu") or "min" ("ít nhất bao nhiêu"): a limit is asked

    @classmethod
    def of(cls, question: str) -> FigureQuestion:
        counted, before = counted_noun(question)
        folded = fold(question)
        bound = next((b for b, rx in _ASKED_BOUND if rx.search(folded)), None)
        if bound:     # "tối đa", "ít nhất" say which limit, not what is counted
            before = [] if " ".join(before) in _BOUND_WORDS else before
        given = set(re.findall(r"\d+(?:[.,/:]\d+)*", question))
        return cls(counted, before, content_words(question) - set(counted) - set(before),
                   given, {n for n in given if re.fullmatch(r"(19|20)\d\d", n)},
                   bool(re.search(r"\b(ty le|chi tieu|phan tram|percent|target|rate)", folded)), folded, bound)


# A limit, asked and written: "tối đa bao nhiêu" is answered by "không vượt quá 12%", "không quá 10 ngày", "tối đa 70%",
# or the upper end of "từ 15.000.000 đồng đến 22.500.000 đồng"; "ít nhất bao nhiêu" by "ít nhất 8 ký tự", "không
# dưới", "trở lên", or the lower end of a range.
_ASKED_BOUND = [("max", re.compile(r"\b(toi da|nhieu nhat|cao nhat|at most|maximum|up to)\b")),
                ("min", re.compile(r"\b(toi thieu|it nhat|thap nhat|at least|minimum)\b"))]
_BOUND_WORDS = {"toi da", "nhieu nhat", "cao nhat", "toi thieu", "it nhat", "thap nhat"}
# The limit's words stand just before the number or open its phrase ("mức cho vay tối đa đối với người lao động là
# 300 triệu đồng"); a range's "từ" and "đến" stand right before their ends.
_WRITTEN_BOUND = {"max": re.compile(r"(?:(?:toi da|khong vuot qua|khong qua|khong cao hon|nhieu nhat|cao nhat)"
                                    r"(?:\s+[a-z]+){0,6}|(?<![a-z])tu\s[^,;]{0,40}?\sden)\s*$"),
                  "min": re.compile(r"(?:(?:toi thieu|it nhat|khong thap hon|khong duoi|khong it hon|thap nhat)"
                                    r"(?:\s+[a-z]+){0,6}|(?<![a-z])tu)\s*$")}
# Money is counted in đồng: "bao nhiêu tiền" is answered by "100.000 đồng"
_UNIT_OF = {"tien": "dong"}


def _nearness(words: set[str], left: list[str], right: list[str], counts: Counter) -> float:
    """The question's words in a number's phrase, each weighted by how rarely the clause uses it and by how near
    the number it stands: in "45% về thanh toán trực tuyến và các chỉ tiêu khác" the "chỉ tiêu" qualifies the
    next item more than this one."""
    near: dict[str, float] = {}
    for side in (list(reversed(left)), right):
        for d, t in enumerate(side):
            if t in words:
                near[t] = max(near.get(t, 0.0), 1 / max(1, counts[t]) / (1 + d / 4))
    return sum(near.values())


# The words after which a number is a name or a date, not an amount: a document or one of its parts ("Đề án 06",
# "Nghị định 13", "Điều 5", "khoản 2", "Phụ lục 02", "Mẫu số 01", "số 45"), a day, a month, a quarter, a term.
_NAMES_A_NUMBER = re.compile(r"(?<![a-z])(?:de an|nghi dinh|nghi quyet|quyet dinh|thong tu|chi thi|ke hoach|cong van"
                             r"|van ban|luat|thong bao|chuong trinh|dieu|khoan|diem|muc|chuong|phan|phu luc|mau|bieu"
                             r"|(?<!tong )(?<!tong so )so|ngay|thang|quy|khoa|ky hop)\s*(?:so\s*)?[:.]?\s*$")
HEAD_SHARE = 0.85      # a number counting the head of the asked noun, less than one counting all of it


def figure_scores(q: FigureQuestion, text: str) -> list[tuple[float, re.Match]]:
    """Every number of a clause with how well it answers the question, in the clause's order.

    Vietnamese puts the counted noun after the number ("191 cơ quan hành chính") and sometimes a qualifier
    before it ("trễ hạn 10 hồ sơ"), so the question's counted noun ("bao nhiêu hồ sơ trễ hạn") is looked for
    in the noun after the number and the three words before it, each word weighted by how rarely the clause
    uses it, and halved when the number's own noun is another ("05 quyết định công bố TTHC" against "363 TTHC"):
    "257 dịch vụ công mức độ 4" beats "369 ... mức độ 3" on the "4", whichever comes first. The
    words before "bao nhiêu" ("xếp hạng bao nhiêu") stand in for a noun the question does not name. Then come
    the question's other words in the number's phrase (up to a comma, colon, semicolon or parenthesis), the
    nearer the better; a part of a total ("..., trong đó có 22 cổng ...") loses unless the question names it;
    a year written just after the number must be the question's ("hạng 15 năm 2014" / "hạng 31 năm 2015");
    a year, a day or a document's number is no figure; "%" answers a share.
    """
    counts = Counter(_tokens(text))

    def weight(ws: set[str]) -> float:          # a word the clause repeats tells numbers apart less
        return sum(1 / max(1, counts[w]) for w in sorted(ws))   # sorted: the same float sum on every hash seed

    target = set(q.counted or q.before)
    in_clause = set(counts)
    given = {n.lstrip("0") for n in q.given}
    found = []
    for m in _FIGURE.finditer(text):
        if m.group(1).lstrip("0") in given:
            continue                           # a number the question already gives is not its answer ("đợt 02")
        if not m.group(2) and re.match(r"[/-][^\W\d_]", text[m.end():]) or _DAY.fullmatch(m.group(1)):
            continue                           # a document's number ("108/2014/NĐ-CP") or a day, no figure; a rate
                                               # ("4,8%/năm") is one
        if _NAMES_A_NUMBER.search(fold(text[max(0, m.start() - 24):m.start()])):
            continue                           # "Đề án 06", "Điều 5", "khoản 2", "số 45", "ngày 20": it names, not counts
        left, right = _around(text, m.start(), m.end())
        unit = _unit_tokens(right)
        near = set(_qualifier(_tokens(left))) | set(unit)
        near |= {noun for noun, said in _UNIT_OF.items() if unit[:1] == [said]}
        found.append((m, left, right, unit, weight(target & near) / weight(target) if target else 0.0))
    out: list[tuple[float, re.Match]] = []
    for m, left, right, unit, share in found:
        if len(unit) >= 2 and q.counted[:len(unit)] == unit:
            # its head noun, the rest elided ("171 thủ tục" of "thủ tục hành chính"), as far as the clause says the
            # rest at all, and never above a number of the clause that says more of the noun: "170 trường hợp"
            # does not beat "58 trường hợp tinh giản biên chế" for "bao nhiêu trường hợp tinh giản biên chế"
            head = HEAD_SHARE * weight(target & in_clause) / weight(target)
            fuller = [s for _, _, _, u, s in found if len(target & set(u)) > len(unit) and u[:1] == unit[:1]]
            share = max(share, min([head] + [s - 0.01 for s in fuller]))
        score = 4 * share
        if unit and unit[0] not in target:
            score /= 2                         # the number counts another noun: "05 quyết định công bố TTHC"
        if q.words:
            # the broken-down phrase counts as four words further off: its own total keeps the lead on its words
            outer = _tokens(_outer(text, m.start()))
            score += 2 * _nearness(q.words, outer + [""] * 4 * bool(outer) + _tokens(left), _tokens(right),
                                   counts) / weight(q.words)
        # The words before "bao nhiêu" qualify the noun ("nhận trực tuyến bao nhiêu hồ sơ"): said in that order just
        # before this number ("nhận trực tuyến 2.031 hồ sơ", not "nhận trực tiếp") they pick it out of a list,
        # even a list of parts.
        said_before = f" {' '.join(_tokens(left)[-len(q.before) - 1:])} "
        own = 1.0 if q.counted and q.before and f" {' '.join(q.before)} " in said_before else 0.0
        score += own
        if q.bound:
            written = next((b for b, rx in _WRITTEN_BOUND.items() if rx.search(fold(left))), None)
            score += 1.0 if written == q.bound else -1.0 if written else 0.0
        sentence = text[max([0] + [e.end() for e in _FULL_STOP.finditer(text, 0, m.start())]):m.start()]
        if "trong do" in fold(sentence) and "trong do" not in q.folded:
            score -= 1 - own                   # "51 cổng thành phần, trong đó có 22 cổng ...": a part, not the total
        said = re.match(r"\D{0,20}?\bnam\s+(\d{4})\b", fold(right))
        if q.years and said:
            score += 1.5 if said[1] in q.years else -1.5
        if re.fullmatch(r"(19|20)\d\d", m.group(1)):
            score -= 3                         # a year, not a figure
        if m.group(2) and q.asks_share:
            score += 2
        out.append((score, m))
    return out


def vn_date(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{int(d):02d}/{int(m):02d}/{y}"
