"""Deadlines and the periods a clause is bounded by, as ISO dates with their span in the clause.

Matching is on folded text aligned with the clause ("truoc ngay 15/12/2024" works too).
- date: a deadline word ("trước", "chậm nhất", "muộn nhất", "hạn chót", "hạn cuối", "không quá",
  "thời hạn", "đến hết", "hoàn thành trước") then a day: "trước ngày 15/12/2024", "chậm nhất ngày
  30 tháng 6 năm 2023". A bare "ngày ..." is never a deadline: that is how cited documents and meetings
  are dated ("Quyết định số 277/QĐ-UBND ngày 27/02/2024"); "hết hiệu lực ... trước ngày" and
  "ban hành trước ngày" are facts about documents, not deadlines.
- yearly: a deadline day without a year in a clause that says "hàng năm"/"hằng năm"/"mỗi năm"
  ("định kỳ hàng năm báo cáo ... trước ngày 15/12" -> "--12-15"). Without those words the year is the
  document's (the next such day on or after its date); with no document date, yearly.
- period: "quý IV năm 2020", "quý IV/2020" (a quarter with no year takes the document's year),
  "6 tháng đầu năm 2024", "6 tháng cuối năm", "tháng 8/2016" / "tháng 8 năm 2016", "trong tháng 11"
  (document's year), "trong năm 2024", "trong giai đoạn 2016-2020". A bare "năm 2024" or
  "giai đoạn 2016-2020" names a programme or a plan ("Kế hoạch CCHC năm 2020", "Chương trình ...
  giai đoạn 2021-2030"), not what the task is bounded by, so it is left out here; find_named_periods()
  gives those to a question that asks "giai đoạn nào" / "năm nào".
- a period after "đến hết" is a cut-off, so a date: its last day ("đến hết tháng 8/2016" -> 2016-08-31,
  "đến hết năm 2025" -> 2025-12-31); "by the end of August" is one day, not the whole month.
- from: the day something starts or takes effect: "có hiệu lực (thi hành) kể từ ngày 01/12/2025", "từ ngày
  01/01/2026", "áp dụng từ ngày ..." (not "từ ngày ... đến ngày ...", a period).
- months: "từ tháng 3 đến tháng 10 năm 2026" is one period, its first month's year the last's unless written; with
  no year, the next such months from the document's date; with "hằng năm" after it a season of every year, yearly
  from "--03" to "--11".
- relative: a time counted from an event, "trong thời hạn 05 ngày làm việc kể từ ngày nhận đủ hồ sơ" -> "+5 ngày làm
  việc", "chậm nhất là 15 ngày, trước ngày khai mạc kỳ họp" -> "-15 ngày"; an hour of a day named by the event,
  "trước 10 giờ sáng ngày làm việc tiếp theo" -> "10 giờ ngày làm việc tiếp theo". Not a "bao nhiêu ngày" figure:
  the event is written with it.
- monthly: a deadline day of every month, "trước ngày 20 hằng tháng" -> "---20" (ISO 8601's day of month).
- a task's time line or column ("Thời gian hoàn thành: Năm 2026", "Thời gian thực hiện: 2025 - 2030",
  "Tiến độ: năm 2025") bounds the task, so there a bare year or span of years is a period too.
Days inside a full date ("ngày 06 tháng 12 năm 2021") are masked before months and years are read.
Impossible days (31/02) are skipped.
"""
from __future__ import annotations

import calendar
import re
from datetime import date

from ingest.agencies import fold_aligned
from ingest.model import Deadline

_DAY = (r"(?P<d>\d{1,2})\s*(?:/\s*(?P<m>\d{1,2})(?:\s*/\s*(?P<y>\d{4}))?|[.-]\s*(?P<m3>\d{1,2})\s*[.-]\s*(?P<y3>\d{4})"
        r"|\s+thang\s+(?P<m2>\d{1,2})(?:\s+nam\s+(?P<y2>\d{4}))?)(?![\d/])")
CUED_DAY = re.compile(r"(?<![a-z])(?:hoan thanh\s+)?(?:truoc(?!\s+den\s)|cham nhat|muon nhat|han chot|han cuoi|khong qua"
                      r"|thoi han|den het|hoan thanh)(?:\s+(?:la|vao|den))?\s*:?\s*(?:ngay\s+)?" + _DAY)
FULL_DAY = re.compile(r"(?<!\d)(?:\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}|\d{1,2}\s+thang\s+\d{1,2}\s+nam\s+\d{4})")
NOT_A_DEADLINE = re.compile(r"(?:hieu luc|ban hanh)\W+(?:\w+\W+){0,3}$")
FROM_DAY = re.compile(r"(?<![a-z])(?:(?:co hieu luc(?:\s+thi hanh)?|ap dung|thuc hien|bat dau)\s+)?(?:ke\s+)?tu\s+ngay\s+"
                      + _DAY.replace("(?P<", "(?P<f_"))
FROM_TO = re.compile(r"\s*(?:den|toi)\s+(?:het\s+)?ngay\s")
MONTHLY = re.compile(r"(?<![a-z])(?:truoc|cham nhat|muon nhat|khong qua|vao|trong)(?:\s+(?:la|vao))?\s+ngay\s+(?P<d>\d{1,2})"
                     r"\s+(?:hang|hàng|moi)\s+thang(?![a-z])")
# A time counted from an event, not a day of the calendar: "trong thời hạn 05 ngày làm việc kể từ ngày nhận đủ hồ
# sơ", "chậm nhất là 15 ngày, trước ngày khai mạc kỳ họp" -> "+5 ngày làm việc", "-15 ngày" (its event in the raw
# text); and an hour of the next day, "trước 10 giờ sáng ngày làm việc tiếp theo" -> "10 giờ ngày làm việc tiếp theo".
# The event runs to the phrase's end, or, named at length ("kể từ ngày nhận được thông báo bằng văn bản của cơ quan
# chuyên môn về văn hóa, ..."), its first 20 to 60 letters, never across another time's cue ("hoặc chậm nhất là").
RELATIVE = re.compile(r"(?<![a-z])(?:cham nhat(?:\s+la)?|muon nhat(?:\s+la)?|trong thoi han|trong vong|trong|khong qua)"
                      r"\s+(?P<n>\d{1,3})\s+(?P<unit>ngay lam viec|ngay|gio|tuan|thang|nam)(?![a-z])\s*,?\s+"
                      r"(?P<dir>truoc|sau|ke tu|tinh tu)\s+(?P<event>(?:ngay|khi|thoi diem|thoi han)?\s*[a-z]"
                      r"(?:[a-z ]{2,60}?(?=\s*(?:[,;.:()\n]|$))"
                      r"|(?:(?!\s(?:hoac|cham nhat|muon nhat|trong thoi han|trong vong)(?![a-z]))[a-z ]){20,60}(?= [a-z])))")
CLOCK = re.compile(r"(?<![a-z])(?:truoc|cham nhat(?:\s+la)?|muon nhat(?:\s+la)?)\s+(?P<h>\d{1,2})\s+gio"
                   r"(?:\s+(?:sang|chieu))?\s+(?:cua\s+)?(?P<day>ngay lam viec (?:tiep theo|ke tiep)|ngay hom sau"
                   r"|ngay tiep theo|cung ngay|hang ngay)(?![a-z])")
UNIT_NAMES = {"ngay lam viec": "ngày làm việc", "ngay": "ngày", "gio": "giờ", "tuan": "tuần", "thang": "tháng",
              "nam": "năm"}
DAY_NAMES = {"ngay lam viec tiep theo": "ngày làm việc tiếp theo", "ngay lam viec ke tiep": "ngày làm việc tiếp theo",
             "ngay hom sau": "ngày hôm sau", "ngay tiep theo": "ngày hôm sau", "cung ngay": "cùng ngày",
             "hang ngay": "hằng ngày"}
TIME_LABEL = re.compile(r"(?<![a-z])(?:thoi gian(?:\s+(?:thuc hien|hoan thanh))?(?:\s+du kien)?(?:\s+hoan thanh)?"
                        r"|thoi han(?:\s+hoan thanh)?|tien do(?:\s+thuc hien)?)\s*:\s*")
LABELLED_YEARS = re.compile(r"(?:(?:trong\s+)?nam\s+)?(?P<a>\d{4})(?:\s*[-–]\s*(?:nam\s+)?(?P<b>\d{4}))?(?!\d)")
ANNUAL = re.compile(r"(?<![a-z])(?:hang nam|moi nam|thuong nien)(?![a-z])")
# A day without a year that recurs each year: a cut-off "đến ngày 30 tháng 6 hằng năm" (not "tính đến ngày
# 30/6/2025", a report's count date, which writes its year), and a cued day of a year named by what happens in it,
# "chậm nhất là ngày 15 tháng 8 của năm xét tặng", "trước ngày 31/01 của năm kế hoạch" (not "của năm nay")
YEARLY_CUT_OFF = re.compile(r"(?<![a-z])den\s+ngay\s+" + _DAY + r"\s+(?:hang|moi)\s+nam(?![a-z])")
OF_A_NAMED_YEAR = re.compile(r"\s+cua\s+nam\s+(?!nay(?![a-z]))[a-z]")
QUARTER = re.compile(r"(?<![a-z])quy\s+(?P<q>iv|i{1,3}|[1-4])(?![a-z0-9])(?:\s*(?:nam\s+|/\s*)(?P<y>\d{4}))?")
HALF = re.compile(r"(?<![a-z0-9])(?P<n>\d{1,2})\s+thang\s+(?P<pos>dau|cuoi)\s+nam(?:\s+(?P<y>\d{4}))?")
MONTH = re.compile(r"(?<![a-z])(?:trong\s+)?thang\s+(?P<m>\d{1,2})\s*(?:/|-|\s+nam\s+)\s*(?P<y>\d{4})"
                   r"|(?<![a-z])trong\s+thang\s+(?P<m2>\d{1,2})(?![\d/])")
YEAR = re.compile(r"(?<![a-z])(?:trong|den\s+het)\s+nam\s+(?P<y>\d{4})(?!\d)")
# A span of months, "từ tháng 3 đến tháng 10 năm 2026", "từ tháng 10 năm 2025 đến hết tháng 3 năm 2026"; followed by
# "hằng năm" it is a season that recurs each year ("từ tháng 3 đến tháng 11 hàng năm" -> "--03".."--11")
_MONTH_OF = r"thang\s+(?P<{0}>\d{{1,2}})(?:\s*(?:/|-|\s+nam\s+)\s*(?P<y{0}>\d{{4}}))?(?![\d/])"
MONTH_SPAN = re.compile(r"(?<![a-z])tu\s+" + _MONTH_OF.format("a") + r"\s+(?:den|toi)\s+(?:het\s+)?"
                        + _MONTH_OF.format("b") + r"(?P<annual>\s+(?:hang|moi)\s+nam(?![a-z]))?")
CUT_OFF = re.compile(r"(?<![a-z])den\s+het\s+$")     # "đến hết tháng 8/2016": by the period's last day
NAMED_SPAN = re.compile(r"(?<![a-z])(?:giai doan|thoi ky)\s+(?P<a>\d{4})\s*[-–]\s*(?P<b>\d{4})(?!\d)"
                        r"|(?<![a-z])tu\s+nam\s+(?P<a2>\d{4})\s+den\s+(?:het\s+)?nam\s+(?P<b2>\d{4})(?!\d)")
NAMED_YEAR = re.compile(r"(?<![a-z])nam\s+(?P<y>\d{4})(?!\d)")
SPAN_OF_YEARS = re.compile(r"(?<![a-z])trong\s+giai doan\s+(?P<a>\d{4})\s*[-–]\s*(?P<b>\d{4})(?!\d)")
QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


_FULL_DATE = re.compile(r"\s*(?P<d>\d{1,2})\s*(?:/\s*(?P<m>\d{1,2})\s*/\s*(?P<y>\d{4})"
                        r"|\s+thang\s+(?P<m2>\d{1,2})\s+nam\s+(?P<y2>\d{4}))")


def _ymd(m: re.Match) -> tuple[int, int, int]:
    return int(m["y"] or m["y2"]), int(m["m"] or m["m2"]), int(m["d"])


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat() if 1900 <= y <= 2100 else None
    except ValueError:
        return None


def _month_end(y: int, m: int) -> str:
    return date(y, m, calendar.monthrange(y, m)[1]).isoformat()


def _doc_day(doc_date: str | None) -> date | None:
    try:
        return date.fromisoformat(doc_date) if doc_date else None
    except ValueError:
        return None


def _period(y: int, m1: int, m2: int) -> tuple[str, str] | None:
    if not (1900 <= y <= 2100 and 1 <= m1 <= m2 <= 12):
        return None
    return date(y, m1, 1).isoformat(), _month_end(y, m2)


def find_deadlines(text: str, doc_date: str | None = None) -> list[Deadline]:
    """Deadlines and bounding periods of a clause, in order; doc_date (ISO) gives missing years."""
    ft = fold_aligned(text)
    issued = _doc_day(doc_date)
    annual = bool(ANNUAL.search(ft))
    out: list[Deadline] = []
    masked = list(ft)

    def add(kind: str, start: str, end: str | None, s: int, e: int) -> None:
        out.append(Deadline(kind, start, end, text[s:e], s, e))
        masked[s:e] = " " * (e - s)

    def overlaps(s: int, e: int) -> bool:     # a time already read covers part of text[s:e]
        return any(d.span_start < e and s < d.span_end for d in out)

    for m in CUED_DAY.finditer(ft):
        if NOT_A_DEADLINE.search(ft, max(0, m.start() - 80), m.start()):
            continue
        d = int(m["d"])
        mo = int(m["m"] or m["m2"] or m["m3"])
        year = m["y"] or m["y2"] or m["y3"]
        if year:
            if iso := _iso(int(year), mo, d):
                add("date", iso, None, *m.span())
        elif _iso(2000, mo, d):                      # a leap year, so 29/02 passes
            if annual or not issued or OF_A_NAMED_YEAR.match(ft, m.end()):
                add("yearly", f"--{mo:02d}-{d:02d}", None, *m.span())
            elif iso := _iso(issued.year, mo, d):
                nxt = iso if iso >= issued.isoformat() else _iso(issued.year + 1, mo, d)
                if nxt:
                    add("date", nxt, None, *m.span())
    for m in YEARLY_CUT_OFF.finditer(ft):
        mo = int(m["m"] or m["m2"] or m["m3"] or 0)
        if not (m["y"] or m["y2"] or m["y3"]) and _iso(2000, mo, int(m["d"])) and not overlaps(*m.span()):
            add("yearly", f"--{mo:02d}-{int(m['d']):02d}", None, *m.span())
    for m in MONTHLY.finditer(ft):
        if 1 <= int(m["d"]) <= 31 and not any(d.span_start <= m.start() < d.span_end for d in out):
            add("monthly", f"---{int(m['d']):02d}", None, *m.span())
    for m in RELATIVE.finditer(ft):
        if not overlaps(*m.span()):
            sign = "-" if m["dir"] == "truoc" else "+"
            add("relative", f"{sign}{int(m['n'])} {UNIT_NAMES[m['unit']]}", None, *m.span())
    for m in CLOCK.finditer(ft):
        if not overlaps(*m.span()) and int(m["h"]) <= 24:
            add("relative", f"{int(m['h'])} giờ {DAY_NAMES[m['day']]}", None, *m.span())
    for m in FROM_DAY.finditer(ft):
        if overlaps(*m.span()):
            continue
        mo, year = int(m["f_m"] or m["f_m2"] or m["f_m3"]), m["f_y"] or m["f_y2"] or m["f_y3"]
        first = _iso(int(year), mo, int(m["f_d"])) if year else None
        if not first:
            continue
        if to := FROM_TO.match(ft, m.end()):          # "từ ngày 01/01/2025 đến ngày 31/12/2025": a period
            if (last := _FULL_DATE.match(ft, to.end())) and (end := _iso(*_ymd(last))) and end >= first:
                out[:] = [d for d in out if not (m.start() <= d.span_start < last.end())]   # its end is no cut-off
                add("period", first, end, m.start(), last.end())
            continue
        add("from", first, None, *m.span())
    for m in TIME_LABEL.finditer(ft):
        if y := LABELLED_YEARS.match(ft, m.end()):
            a, b = int(y["a"]), int(y["b"] or y["a"])
            if 1900 <= a <= b <= 2100 and not overlaps(*y.span()):
                # A quarter or month written after it ("Quý IV/2025") is read below; a year alone is the span.
                if not re.match(r"\s*/", ft[y.end():y.end() + 2]) and not QUARTER.match(ft, m.end()):
                    add("period", f"{a}-01-01", f"{b}-12-31", y.start(), y.end())
    for m in FULL_DAY.finditer(ft):                  # cited documents' and meetings' days
        masked[m.start():m.end()] = " " * (m.end() - m.start())
    found: list[tuple[int, int, tuple[str, str] | None]] = []
    for m in MONTH_SPAN.finditer("".join(masked)):
        a, b = int(m["a"]), int(m["b"])
        if not (1 <= a <= 12 and 1 <= b <= 12) or overlaps(*m.span()):
            continue
        if m["annual"] and not (m["ya"] or m["yb"]):
            add("yearly", f"--{a:02d}", f"--{b:02d}", *m.span())
            continue
        if m["yb"]:
            yb = int(m["yb"])
            ya = int(m["ya"]) if m["ya"] else yb - (a > b)
        elif m["ya"] or issued:     # no year: the next such months from the document's date, as for a day
            ya = int(m["ya"]) if m["ya"] else issued.year + (a < issued.month)
            yb = ya + (a > b)
        else:
            continue
        if 1900 <= ya <= yb <= 2100 and (ya, a) <= (yb, b):
            found.append((*m.span(), (date(ya, a, 1).isoformat(), _month_end(yb, b))))
    rest = "".join(masked)
    for m in QUARTER.finditer(rest):
        y = int(m["y"]) if m["y"] else issued.year if issued else None
        q = QUARTERS[m["q"]]
        found.append((*m.span(), _period(y, 3 * q - 2, 3 * q) if y else None))
    for m in HALF.finditer(rest):
        y = int(m["y"]) if m["y"] else issued.year if issued else None
        n = int(m["n"])
        first, last = (1, n) if m["pos"] == "dau" else (13 - n, 12)
        found.append((*m.span(), _period(y, first, last) if y and 1 <= n <= 12 else None))
    for m in MONTH.finditer(rest):
        y = int(m["y"]) if m["y"] else issued.year if issued else None
        mo = int(m["m"] or m["m2"])
        found.append((*m.span(), _period(y, mo, mo) if y else None))
    for m in YEAR.finditer(rest):
        found.append((*m.span(), _period(int(m["y"]), 1, 12)))
    for m in SPAN_OF_YEARS.finditer(rest):
        a, b = int(m["a"]), int(m["b"])
        found.append((*m.span(), (f"{a}-01-01", f"{b}-12-31") if 1900 <= a <= b <= 2100 else None))
    taken: list[tuple[int, int]] = []
    for s, e, span in sorted(found, key=lambda f: (f[0], -f[1])):
        if span and not any(s < te and ts < e for ts, te in taken):
            taken.append((s, e))
            cue = CUT_OFF.search(ft, max(0, s - 12), s)
            if cue or re.match(r"den\s+het\s", ft[s:e]):   # a cut-off, not a span: "đến hết tháng 8/2016"
                add("date", span[1], None, cue.start() if cue else s, e)
            else:
                add("period", span[0], span[1], s, e)
    return sorted(out, key=lambda d: d.span_start)


def find_named_periods(text: str, doc_date: str | None = None) -> list[Deadline]:
    """Periods a clause names without a deadline word: "giai đoạn 2021-2025", "từ năm 2015 đến năm 2021",
    "năm 2025"; each a "period" whose span does not overlap a find_deadlines() result or a full date.

    They mostly name a programme or a plan ("Chương trình ... giai đoạn 2021-2030"), so they are no deadlines
    and the archive does not store them; a question that asks "giai đoạn nào" or "năm nào" is answered by them.
    """
    ft = fold_aligned(text)
    masked = list(ft)
    for m in FULL_DAY.finditer(ft):
        masked[m.start():m.end()] = " " * (m.end() - m.start())
    for d in find_deadlines(text, doc_date):
        masked[d.span_start:d.span_end] = " " * (d.span_end - d.span_start)
    rest = "".join(masked)
    out: list[Deadline] = []
    taken: list[tuple[int, int]] = []
    for m in NAMED_SPAN.finditer(rest):
        a, b = int(m["a"] or m["a2"]), int(m["b"] or m["b2"])
        if 1900 <= a <= b <= 2100:
            taken.append(m.span())
            out.append(Deadline("period", f"{a}-01-01", f"{b}-12-31", text[m.start():m.end()], *m.span()))
    for m in NAMED_YEAR.finditer(rest):
        y = int(m["y"])
        if 1900 <= y <= 2100 and not any(m.start() < te and ts < m.end() for ts, te in taken):
            out.append(Deadline("period", f"{y}-01-01", f"{y}-12-31", text[m.start():m.end()], *m.span()))
    return sorted(out, key=lambda d: d.span_start)
