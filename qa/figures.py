"""Which number of a clause a figure question asks for: the noun it counts, the words around it, the limit asked.

Rules over the clause text, no model (qa/evidence.py reads times and citations the same way); the answerer takes
the best number and marks it with its counted noun.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ingest.vietnamese import fold
from qa.evidence import beside, content_words, expand, outer_phrase, phrase_around


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
             "of", "for", "to", "by", "at", "on", "the", "with", "must", "should", "shall", "will"}
_NOUN_END_PLAIN = {"o", "tai", "cua", "trong", "duoc", "theo", "khi", "voi", "hien", "did", "does", "is", "are",
                   "was", "were", "have", "has", "in", "of", "for", "to", "by", "at", "on", "the", "with", "must",
                   "should", "shall", "will"}


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
    if after[:2] == ["phan", "tram"]:
        after = after[2:]        # "bao nhiêu phần trăm tổng mức đầu tư": a share of the noun, written "70% tổng ..."
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
    span: str | None = None       # "long" ("bao lâu", "how long"): a length of time; "often" ("bao lâu một lần",
                                  # "how often"): the interval of a repeated act

    @classmethod
    def of(cls, question: str, noun_text: str | None = None) -> FigureQuestion:
        counted, before = counted_noun(noun_text or question)
        folded = fold(question)
        bound = next((b for b, rx in _ASKED_BOUND if rx.search(folded)), None)
        if bound is None and noun_text is not None and _ASKED_CAP.search(noun_text.lower()):
            bound = "max"
        if bound:     # "tối đa", "ít nhất" say which limit, not what is counted
            before = [] if " ".join(before) in _BOUND_WORDS else before
        given = set(re.findall(r"\d+(?:[.,/:]\d+)*", question))
        asked = f"{folded} {fold(noun_text or '')}"     # the searched reading drops English "how"
        span = next((name for name, rx in _ASKED_SPAN if rx.search(asked)), None)
        return cls(counted, before, content_words(question) - set(counted) - set(before) - _SPAN_WORDS,
                   given, {n for n in given if re.fullmatch(r"(19|20)\d\d", n)},
                   bool(re.search(r"\b(ty le|chi tieu|phan tram|percent|target|rate)", folded)), folded, bound, span)


# A length of time is asked without a counted noun: "trong bao lâu", "how long"; a repeated act's interval by "bao lâu
# một lần", "định kỳ bao lâu", "how often". Either is answered by a number of days, weeks, months or years
# ("trong thời hạn 15 ngày", "định kỳ 03 tháng thay đổi mật khẩu một lần"); the interval is written with "định kỳ",
# "một lần", "mỗi" or "hằng".
_ASKED_SPAN = [("often", re.compile(r"\b(bao lau (mot|1) lan|dinh ky bao lau|how (often|frequently))\b")),
               ("long", re.compile(r"\b(bao lau|how long)\b"))]
_SPAN_WORDS = {"bao", "lau", "lan", "often", "frequently", "long"}
_TIME_UNITS = {"ngay", "tuan", "thang", "nam", "gio", "phut", "quy"}
_REPEATED = re.compile(r"\b(dinh ky|mot lan|1 lan|moi|hang)\b")


# A limit, asked and written: "tối đa bao nhiêu" is answered by "không vượt quá 12%", "không quá 10 ngày", "tối đa 70%",
# or the upper end of "từ 15.000.000 đồng đến 22.500.000 đồng"; "ít nhất bao nhiêu" by "ít nhất 8 ký tự", "không
# dưới", "trở lên", or the lower end of a range.
_ASKED_BOUND = [("max", re.compile(r"\b(toi da|nhieu nhat|cao nhat|at most|maximum|up to)\b")),
                ("min", re.compile(r"\b(toi thieu|it nhat|thap nhat|at least|minimum)\b"))]
# English also asks an upper limit as a noun ("the annual cap on", "the ceiling"); read in the English words only,
# since "cap" folded is "cấp" (level)
_ASKED_CAP = re.compile(r"\b(?:cap|ceiling)\b")
_BOUND_WORDS = {"toi da", "nhieu nhat", "cao nhat", "toi thieu", "it nhat", "thap nhat"}
# The limit's words stand just before the number or open its phrase ("mức cho vay tối đa đối với người lao động là
# 300 triệu đồng"); a range's "từ" and "đến" stand right before their ends.
# A negated limit may put "được" (may) between its words: "không được vượt quá 70%", "không được thấp hơn".
_WRITTEN_BOUND = {"max": re.compile(r"(?:(?:toi da|khong (?:duoc )?(?:vuot qua|qua|cao hon)|nhieu nhat|cao nhat)"
                                    r"(?:\s+[a-z]+){0,6}|(?<![a-z])tu\s[^,;]{0,40}?\sden)\s*$"),
                  "min": re.compile(r"(?:(?:toi thieu|it nhat|khong (?:duoc )?(?:thap hon|duoi|it hon)|thap nhat)"
                                    r"(?:\s+[a-z]+){0,6}|(?<![a-z])tu)\s*$")}
# Money is counted in đồng: "bao nhiêu tiền" is answered by "100.000 đồng"
_UNIT_OF = {"tien": "dong"}


# Units of measure, folded, by what they measure: a question that counts in one ("bao nhiêu tiền", "bao nhiêu GB",
# "bao nhiêu đồng/kWh") is answered by a number written in one of its kind, never by a bare "03" or "02 ngày".
_MEASURES = [{"dong", "tien", "trieu", "ty", "nghin", "ngan", "vnd", "usd"}, {"gb", "mb", "tb", "kb"},
             {"kwh", "mwh", "kw", "mw", "gwh"}, {"ha", "hecta", "m2", "km2"}, {"tan", "kg"}, {"km", "m", "met"}]


def unit_fits(q: FigureQuestion, text: str, m: re.Match) -> bool:
    """The number `m` of `text` is written in the unit of measure the question counts in, or the question names
    no unit of measure ("bao nhiêu hồ sơ")."""
    asked = next((kind for kind in _MEASURES if q.counted[:1] and q.counted[0] in kind), None)
    if m.group(2) and q.counted[:1] and (asked or q.counted[0] in _TIME_UNITS):
        return False              # "bao nhiêu ngày", "bao nhiêu tiền": a share ("70%") counts no days and no money
    if asked is None:
        return True
    return bool(set(_unit_tokens(text[m.end():])[:2]) & asked)


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
# "Nghị định 13", "Điều 5", "khoản 2", "Mục 3", "Phụ lục 02", "Mẫu số 01", "số 45"), a day, a month, a quarter, a
# term; but "Danh mục 229 thủ tục" is a list that counts its items.
_NAMES_A_NUMBER = re.compile(r"(?<![a-z])(?:de an|nghi dinh|nghi quyet|quyet dinh|thong tu|chi thi|ke hoach|cong van"
                             r"|van ban|luat|thong bao|chuong trinh|dieu|khoan|diem|(?<!danh )muc|chuong|phan|phu luc"
                             r"|mau|bieu|(?<!tong )(?<!tong so )so|ngay|thang|quy|khoa|ky hop)\s*(?:so\s*)?[:.]?\s*$")
_LEVEL = re.compile(r"(?<![^\W\d_])mức\s*(?:số\s*)?[:.]?\s*$", re.IGNORECASE)


def _names_a_number(before: str) -> bool:
    """The words before a number make it a name (_NAMES_A_NUMBER). Folded, "mức" (a level: "không vượt quá mức 70%")
    is "mục" (a section: "Mục 3"); written with its marks, a level gives an amount."""
    return bool(_NAMES_A_NUMBER.search(fold(before))) and not _LEVEL.search(before)


HEAD_SHARE = 0.85      # a number counting the head of the asked noun, less than one counting all of it


SHORT_LABEL = 4        # words of a label that names one number of a list, not a lead-in to all of them
_COUNT_LABEL = (["tong", "so"], ["so", "luong"], ["so"])      # how a count's label opens, folded
COUNT_LABEL_WORDS = 7  # the most words a count's label names its noun in


def _label(text: str, start: int, left: str) -> list[str]:
    """For a number right after a label and its colon, the label's words that say what the number counts, though
    the colon ends the number's own phrase:
    - a count's label names its noun ("Số điểm quan trắc: 07 điểm", "- Tổng số hồ sơ: 1.250", "Số lượng: 20");
    - a short label says which of a list's numbers this is ("cấp tỉnh: 197 thủ tục, cấp xã: 32 thủ tục"); a
      longer lead-in ("Trung tâm ... đã tiếp nhận: 11.093 hồ sơ, trong đó ...") qualifies every number after it
      alike and is left out."""
    before = text[:start - len(left)].rstrip()
    if left.strip() or not before.endswith(":"):
        return []
    words = _tokens(phrase_around(text, len(before) - 1, len(before) - 1)[0])
    out = list(words) if len(words) <= SHORT_LABEL else []
    opening = next((o for o in _COUNT_LABEL if words[:len(o)] == o), None)
    noun = words[len(opening):] if opening else []
    if opening and len(noun) <= COUNT_LABEL_WORDS and all(w.isalpha() for w in noun):
        out += noun
    return out


def _whole_of(text: str, start: int, unit: list[str]) -> list[str] | None:
    """For a number inside a parenthesis that breaks down the number just before it into parts of the same noun,
    the whole's noun: "07 điểm quan trắc (04 điểm tại ...; 03 điểm tại ao nuôi)" -> điểm quan trắc, which the
    parts elide. None for any other number ("03 văn bản (02 nghị quyết, ...)": its noun is another)."""
    outer = _tokens(outer_phrase(text, start))
    total = next((i for i in range(len(outer) - 1, -1, -1) if outer[i][0].isdigit()), None)
    if total is None or not unit or outer[total + 1:total + 2] != unit[:1]:
        return None
    return outer[total + 1:]


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
        if _names_a_number(text[max(0, m.start() - 24):m.start()]):
            continue                           # "Đề án 06", "Điều 5", "khoản 2", "số 45", "ngày 20": it names, not counts
        left, right = phrase_around(text, m.start(), m.end())
        unit = _unit_tokens(right)
        near = set(_qualifier(_tokens(left))) | set(unit) | set(_label(text, m.start(), left))
        near |= {noun for noun, said in _UNIT_OF.items() if unit[:1] == [said]}
        near |= set(_whole_of(text, m.start(), unit) or [])       # a part counts the whole's noun too
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
            outer = _tokens(outer_phrase(text, m.start()))
            score += 2 * _nearness(q.words, outer + [""] * 4 * bool(outer) + _tokens(left), _tokens(right),
                                   counts) / weight(q.words)
        # The words before "bao nhiêu" qualify the noun ("nhận trực tuyến bao nhiêu hồ sơ"): said in that order just
        # before this number ("nhận trực tuyến 2.031 hồ sơ", not "nhận trực tiếp") they pick it out of a list,
        # even a list of parts.
        said_before = f" {' '.join(_tokens(left)[-len(q.before) - 1:])} "
        own = 1.0 if q.counted and q.before and f" {' '.join(q.before)} " in said_before else 0.0
        score += own
        if q.span and unit[:1] and unit[0] in _TIME_UNITS:
            score += 2 if q.span == "long" or _REPEATED.search(fold(f"{left} {right}")) else 1
        if q.bound:
            written = next((b for b, rx in _WRITTEN_BOUND.items() if rx.search(fold(left))), None)
            if written and written != q.bound:
                continue                       # "tối thiểu 02 GB" does not answer "tối đa bao nhiêu GB"
            score += 1.0 if written == q.bound else 0.0
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


def counting_clauses(asked: FigureQuestion, hits: list, clauses: dict) -> list:
    """The best document's other clauses that write a number right before the whole noun asked, as hits: a count a
    document sums up stands in a sentence of its own ("Sau khi sắp xếp, tỉnh có 130 đơn vị hành chính cấp xã"),
    which shares few of the question's other words; a share of it carries the sign ("70% tổng mức đầu tư"). A noun
    of two words at least: "30 ngày" is written everywhere."""
    if len(asked.counted) < 2 or not hits:
        return []
    top, seen = hits[0], {h.clause_id for h in hits[:3]}
    written = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*\s*%?\s+" + r"\s+".join(map(re.escape, asked.counted)) + r"\b")
    return [beside(top, c, top.score) for c in clauses.values()
            if c.doc_id == top.doc_id and c.id not in seen and written.search(fold(expand(c.text)).lower())]


# A number whose noun and phrase share next to nothing with the question ("03" for "bao nhiêu tiền mỗi tháng")
# does not answer it. Calibrated on the archive set's dev documents (figure_scores of the best number): below 0.3
# lie 10 unanswerable questions and 4 answered right; between 0.3 and 1.4, one answered right and none unanswerable.
MIN_FIGURE_SCORE = 0.3


def best_figure(asked: FigureQuestion, hits: list, clauses: dict) -> tuple[object, re.Match] | None:
    """The hit and number that figure_scores() ranks first over the three best clauses, a better clause first, and
    the best document's clauses that count the noun asked (as a fourth); none below MIN_FIGURE_SCORE or in
    another unit of measure than the one asked."""
    best = None
    for rank, hit in enumerate(hits[:3] + counting_clauses(asked, hits, clauses)):
        for score, m in figure_scores(asked, hit.text):
            score /= 1 + 0.5 * min(rank, 3)
            if best is None or score > best[0]:
                best = (score, hit, m)
    if best is None or best[0] < MIN_FIGURE_SCORE or not unit_fits(asked, best[1].text, best[2]):
        return None
    return best[1], best[2]
