"""Which words of a clause answer a question: the time it asks for (the figure it counts: qa/figures.py).

Rules over the clause text and its annotations, no model: each candidate time or number gets a weight for how
well its shape and the words around it fit the question, and the answerer takes the best and marks its span.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Callable

from index.search import Hit
from index.text import codes, word_tokens
from ingest.deadlines import find_named_periods
from ingest.model import Citation as CitedDocument
from ingest.model import Clause, Deadline, Document
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
# description of the document; qa.question.asked_document_kind reads the kind from its groups. A national technical
# regulation or standard is asked for too ("quy chuẩn kỹ thuật quốc gia nào"), but it is only ever cited, issued by
# a thông tư, so it is no kind a question names its own text by. "Tiêu chuẩn" alone is a criterion ("đạt tiêu chuẩn
# nào"), "quy chuẩn" alone a rule.
ASKED_KIND = re.compile(r"\b(" + KIND_NAMES + r"|quy chuan ky thuat(?: quoc gia)?|tieu chuan quoc gia)(?: so)? "
                        r"(?:nao|may|bao nhieu)\b|"
                        r"\b(?:which|what) (decree|decision|circular|resolution|plan|directive|law|document"
                        r"|technical regulation)\b")
_FRAME = {"so", "ngay", "nam"}


def beside(top, clause, score: float) -> object:
    """A clause of the best hit's document, found by reading that document rather than by search, as a hit of
    `score` (the answerers weigh such clauses below the ones the search found)."""
    return replace(top, clause_id=clause.id, path=clause.path, headings=list(clause.headings), text=clause.text,
                   score=score, scores={})


BESIDE_READ = 3           # clauses of the best document an answerer reads beside its hits (below)


def read_beside(hits: list[Hit], clauses: dict, fit: Callable[[Clause], float], least: float, weight: float, *,
                most: int | None) -> list[Hit]:
    """The best hit's document's other clauses whose `fit` (0..1) reaches `least`, as weaker hits (`beside`, at
    weight x the best score x the fit), best first, `most` of them (None: all): what an answerer reads in the best document
    beyond the clauses the search found, which the search ranked low for words the question and they do not share."""
    if not hits:
        return []
    top, seen = hits[0], {h.clause_id for h in hits}
    extra = [beside(top, c, weight * top.score * f) for c in clauses.values()
             if c.doc_id == top.doc_id and c.id not in seen and (f := fit(c)) >= least]
    return sorted(extra, key=lambda h: -h.score)[:most]


# A clause that speaks of its whole text ("Thông tư này", "Kế hoạch này") names its task by the document's title:
# "Cục X chủ trì, phối hợp ... hướng dẫn thực hiện Thông tư này" is who guides the circular on what its title says,
# though it writes none of those words.
THIS_TEXT = re.compile(r"(?<![\wÀ-ỹ])(?:thông tư|quyết định|kế hoạch|nghị quyết|nghị định|chỉ thị|quy định|quy chế|đề án"
                       r"|chương trình|luật|văn bản) này(?![\wÀ-ỹ])", re.IGNORECASE)
WHOLE_TEXT_SHARE = 0.5    # the task words of the question such a clause and the title hold between them (dev: 0.3 lost one)


def whole_text_tasks(question: str, hits: list[Hit], clauses: dict, weight: float) -> list[Hit]:
    """The best document's clauses that give a body a task over the whole text, the title's words counted as theirs
    (`read_beside`, fit: the share of the question's task words)."""
    words = task_syllables(question)
    if not words or not hits:
        return []
    title = clauses.get(f"{hits[0].doc_id}:title")
    titled = task_syllables(title.text) if title else set()

    def fit(c: Clause) -> float:
        if not THIS_TEXT.search(c.text) or not any(a.role in ("lead", "advise") for a in c.agencies):
            return 0.0
        return len(words & (task_syllables(" ".join(c.headings + [c.text])) | titled)) / len(words)
    return read_beside(hits, clauses, fit, WHOLE_TEXT_SHARE, weight, most=BESIDE_READ)


DESCRIBED_FIT = 0.3       # how much of a document question a citation of the best document must fit (dev: 0.2-0.3 alike)


def described_citations(question: str, hits: list[Hit], clauses: dict, kind: str | None, weight: float) -> list[Hit]:
    """The best document's clauses that cite a text of the kind asked that the question describes (`read_beside`,
    fit: `citation_fit`): "quy định chi tiết khoản 1 Điều 6 của nghị quyết nào" is answered by an article the search
    ranked below the ones that share the topic's words."""
    def fit(c: Clause) -> float:
        return max((citation_fit(question, c.text, c.citations, x) for x in c.citations
                    if x.start >= 0 and (kind is None or x.kind == kind)), default=0.0)
    return read_beside(hits, clauses, fit, DESCRIBED_FIT, weight, most=BESIDE_READ)


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
_TIME_ASKS = [  # folded question; the first that matches wins, else "deadline"
    ("effect", r"\b(hieu luc|take[sn]? effect|effective|come into force|in force)\b"),   # when a text takes effect
    ("span", r"\b(giai doan nao|thoi ky nao|which period|what period|which years)\b"),
    ("year", r"\b(nam nao|which year|what year)\b"),
    ("quarter", r"\b(quy nao|which quarter)\b"),
    ("point", r"\b(thoi diem nao|tinh den|den (khi|luc) nao|as of when)\b"),
    ("time", r"\b(thoi gian nao|what time)\b"),
    # "trước ngày nào" asks a day of the calendar: a time counted from an event ("trong 15 ngày kể từ ...") is none
    ("day", r"\b(ngay nao|ngay bao nhieu|ngay may|what date|which date|which day)\b"),
]
# How well a time of each shape answers each kind of question. "named" scales a period written without a
# deadline word ("giai đoạn 2021-2025", "năm 2025"): it names a programme, so it answers "giai đoạn nào" but
# never "trước ngày nào".
# "monthly" is a day of every month ("trước ngày 20 hằng tháng"); "from" the day a text takes effect or a task
# starts ("có hiệu lực từ ngày ...", "từ ngày 01/01/2026"); "relative" a time counted from an event ("trong thời hạn
# 05 ngày làm việc kể từ ngày nhận đủ hồ sơ"), which answers "khi nào" a little less surely than a day.
TIME_FIT: dict[str, dict[str, float]] = {
    "deadline": {"date": 1.0, "yearly": 1.0, "monthly": 1.0, "from": 0.8, "year": 0.6, "part": 0.6, "span": 0.6,
                 "named": 0.0, "relative": 0.9},
    "point": {"date": 1.0, "yearly": 0.8, "monthly": 0.8, "from": 1.0, "year": 0.5, "part": 0.5, "span": 0.4,
              "named": 0.4, "relative": 0.5},
    "span": {"date": 0.2, "yearly": 0.2, "monthly": 0.2, "from": 0.3, "year": 0.3, "part": 0.2, "span": 1.0,
             "named": 1.0, "relative": 0.1},
    "year": {"date": 0.4, "yearly": 0.3, "monthly": 0.3, "from": 0.4, "year": 1.0, "part": 0.4, "span": 0.4,
             "named": 1.0, "relative": 0.1},
    "quarter": {"date": 0.3, "yearly": 0.3, "monthly": 0.3, "from": 0.3, "year": 0.3, "part": 1.0, "span": 0.2,
                "named": 1.0, "relative": 0.1},
    # "có hiệu lực từ ngày nào": the day it takes effect, not a deadline the text sets
    "effect": {"date": 0.6, "yearly": 0.1, "monthly": 0.1, "from": 1.0, "year": 0.2, "part": 0.2, "span": 0.1,
               "named": 0.0, "relative": 0.1},
    "time": {"date": 1.0, "yearly": 1.0, "monthly": 1.0, "from": 1.0, "year": 1.0, "part": 1.0, "span": 1.0,
             "named": 0.5, "relative": 0.9},
}
# "trước ngày nào" weighs times as a deadline question does, but asks a day of the calendar
TIME_FIT["day"] = {**TIME_FIT["deadline"], "relative": 0.2}
OWNER_WEIGHT = {"own": 1.0, "asked": 1.2, "other": 0.5}
TIME_WORDS = {"giai", "doan", "thoi", "gian", "diem", "han", "nam", "quy", "ngay", "thang", "den", "het", "truoc",
              "khi", "gio", "ky", "when", "deadline", "period", "year", "by", "must"}


def asked_time(question: str) -> str:
    """The kind of time a deadline question asks for: span, year, quarter, point, time, day or deadline."""
    folded = fold(question)
    return next((kind for kind, pattern in _TIME_ASKS if re.search(pattern, folded)), "deadline")


def _shape(d: Deadline) -> str:
    """date | yearly | monthly | from | relative | year (one calendar year) | span (several years) | part (a quarter,
    a month, half a year)."""
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


def phrase_around(text: str, start: int, end: int, reach: int = 100) -> tuple[str, str]:
    """The phrase around text[start:end], up to a comma, colon, semicolon, parenthesis or full stop (at most
    `reach` characters either side): the words that qualify that number or time, not its neighbours'. A list's
    lead-in ("đạt chỉ tiêu: 80% ...; 45% ...") is left out, as it qualifies every item alike."""
    text = _see_through(text)
    cuts = [m.end() for m in _PHRASE_END.finditer(text, max(0, start - reach), start)]
    left = text[max([max(0, start - reach)] + cuts):start]
    stop = _PHRASE_END.search(text, end, min(len(text), end + reach))
    return left, text[end:stop.start() if stop else min(len(text), end + reach)]


def outer_phrase(text: str, start: int) -> str:
    """For a number inside parentheses, the phrase the parenthesis breaks down: "hết hiệu lực toàn bộ trước ngày
    01/01/2018 gồm 03 văn bản (02 nghị quyết, 01 quyết định)" qualifies the 02 as much as the 03; else ""."""
    text = _see_through(text)
    opened = text.rfind("(", max(0, start - 100), start)
    if opened < 0 or ")" in text[opened:start]:
        return ""
    return phrase_around(text, opened, opened)[0]


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
        left, right = phrase_around(text, d.span_start, d.span_end)
        out.append((w * (1 + len(words & content_words(left + " " + right)) / max(1, len(words))), d))
    return out


def vn_date(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{int(d):02d}/{int(m):02d}/{y}"


def document_name(doc: Document) -> str:
    """"1504/UBND-TH (An Giang, 25/10/2024)"; a document without a number by its kind."""
    where = ", ".join(x for x in (doc.province, vn_date(doc.date) if doc.date else None) if x)
    return f"{doc.number or (doc.doc_type or 'văn bản').capitalize()}" + (f" ({where})" if where else "")


def clause_hit(doc: Document, clause: Clause) -> Hit:
    """A clause found by lookup, not by search, in the shape answers cite."""
    return Hit(doc_id=doc.id, source=doc.source, number=doc.number, doc_type=doc.doc_type, province=doc.province,
               date=doc.date, clause_id=clause.id, path=clause.path, headings=list(clause.headings), text=clause.text,
               score=1.0)
