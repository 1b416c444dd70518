"""Deadlines and bounding periods: exact lists on the bundled corpus, each kind and the negatives on small texts."""
from __future__ import annotations

import pytest

from ingest.deadlines import find_deadlines, find_named_periods

Q3 = ("period", "2020-07-01", "2020-09-30")
Q4 = ("period", "2020-10-01", "2020-12-31")


def clause(doc, path):
    return next(c for c in doc.clauses if c.path == path)


def dl(text: str, doc_date: str | None = None) -> list[tuple]:
    return [(d.kind, d.start, d.end, d.raw) for d in find_deadlines(text, doc_date)]


CORPUS = [
    ("004", "2.p1", [("date", "2024-12-15", None, "Hoàn thành trước ngày 15/12/2024")]),
    ("004", "1.-3", [("period", "2024-01-01", "2024-12-31", "trong năm 2024")]),   # not QĐ 277's 27/02/2024
    ("004", "1.-1", []),                    # QĐ 468/QĐ-TTg ngày 27 tháng 3 năm 2021
    ("004", "preamble.1", []),              # cited documents' days and meeting days
    ("004", "closing.2", []),
    ("001", "13", [("yearly", "--12-15", None, "trước ngày 15/12")]),
    ("001", "preamble.3", []),              # "giai đoạn 2022-2025" names the programme
    ("003", "III", [(*Q4, "QUÝ IV NĂM 2020")]),
    ("003", "III.2.-1", [(*Q4, "quý IV năm 2020")]),
    ("003", "I", [(*Q3, "QUÝ III NĂM 2020")]),
    ("003", "preamble.1", [(*Q3, "quý III"), (*Q4, "quý IV năm 2020")]),   # quý III takes the report's year
    ("003", "closing.1", [(*Q3, "quý III"), (*Q4, "Quý IV năm 2020")]),
    ("003", "I.2.p1", []),                  # "hết hiệu lực toàn bộ trước ngày 01/01/2018" is no deadline
    ("003", "III.1.p2", []),
    ("002", "1.-6", [("date", "2016-08-31", None, "đến hết tháng 8/2016")]),   # a cut-off: its last day
    ("002", "preamble.1", []),
    ("000", "1", [("period", "2022-01-01", "2022-12-31", "trong năm 2022")]),
    ("000", "5.p1", []),
]


@pytest.mark.parametrize("seed,path,expected", CORPUS, ids=[f"{s}-{p}" for s, p, _ in CORPUS])
def test_corpus_clause(parsed, seed, path, expected):
    doc = parsed[seed]
    c = clause(doc, path)
    assert [(d.kind, d.start, d.end, d.raw) for d in find_deadlines(c.text, doc.date)] == expected


def test_corpus_quarters_and_spans(parsed):
    doc = parsed["003"]
    q4 = [c.path for c in doc.clauses if any(d.start == "2020-10-01" for d in find_deadlines(c.text, doc.date))]
    assert q4 == ["title", "preamble.1", "III", "III.2.-1", "closing.1"]     # the trích yếu names quý IV
    for d in parsed.values():
        for c in d.clauses:
            for x in find_deadlines(c.text, d.date):
                assert c.text[x.span_start:x.span_end] == x.raw


@pytest.mark.parametrize("text,expected", [
    ("Hoàn thành trước ngày 15/12/2024.", [("date", "2024-12-15", None, "Hoàn thành trước ngày 15/12/2024")]),
    ("Báo cáo trước ngày 15 tháng 12 năm 2024.", [("date", "2024-12-15", None, "trước ngày 15 tháng 12 năm 2024")]),
    ("Gửi chậm nhất ngày 30/6/2023.", [("date", "2023-06-30", None, "chậm nhất ngày 30/6/2023")]),
    ("Hạn chót: ngày 05-01-2025.", [("date", "2025-01-05", None, "Hạn chót: ngày 05-01-2025")]),
    ("hoan thanh truoc ngay 01/7/2024", [("date", "2024-07-01", None, "hoan thanh truoc ngay 01/7/2024")]),
    ("Định kỳ hàng năm báo cáo trước ngày 15/12.", [("yearly", "--12-15", None, "trước ngày 15/12")]),
    ("Hằng năm gửi báo cáo chậm nhất ngày 29/02.", [("yearly", "--02-29", None, "chậm nhất ngày 29/02")]),
    ("Xây dựng văn bản quý IV năm 2020.", [("period", "2020-10-01", "2020-12-31", "quý IV năm 2020")]),
    ("Kết quả quý I/2021.", [("period", "2021-01-01", "2021-03-31", "quý I/2021")]),
    ("Báo cáo 6 tháng đầu năm 2024.", [("period", "2024-01-01", "2024-06-30", "6 tháng đầu năm 2024")]),
    ("Kế hoạch 6 tháng cuối năm 2024.", [("period", "2024-07-01", "2024-12-31", "6 tháng cuối năm 2024")]),
    ("Đảm bảo trong năm 2024 đạt chỉ tiêu.", [("period", "2024-01-01", "2024-12-31", "trong năm 2024")]),
    ("Đến hết tháng 8/2016 đã hoàn thành.", [("date", "2016-08-31", None, "Đến hết tháng 8/2016")]),
    ("Hoàn thành đến hết năm 2025.", [("date", "2025-12-31", None, "đến hết năm 2025")]),
    ("Hoàn thành đến  hết năm 2025.", [("date", "2025-12-31", None, "đến  hết năm 2025")]),
    ("Báo cáo đến hết quý IV/2020.", [("date", "2020-12-31", None, "đến hết quý IV/2020")]),
    ("Đến hết tháng 2/2024 hoàn thành.", [("date", "2024-02-29", None, "Đến hết tháng 2/2024")]),
    ("Kết quả tháng 8/2016.", [("period", "2016-08-01", "2016-08-31", "tháng 8/2016")]),
    ("Tổ chức trong tháng 2 năm 2024.", [("period", "2024-02-01", "2024-02-29", "trong tháng 2 năm 2024")]),
    ("Hoàn thành trong giai đoạn 2016-2020.", [("period", "2016-01-01", "2020-12-31", "trong giai đoạn 2016-2020")]),
])
def test_kinds(text, expected):
    assert dl(text) == expected


def test_missing_years_come_from_the_document_date():
    assert dl("Hoàn thành trước ngày 15/12.", "2024-10-25") == [
        ("date", "2024-12-15", None, "Hoàn thành trước ngày 15/12")]
    assert dl("Báo cáo trước ngày 10/01.", "2024-12-20") == [("date", "2025-01-10", None, "trước ngày 10/01")]
    assert dl("Tình hình quý III.", "2020-09-14") == [("period", "2020-07-01", "2020-09-30", "quý III")]
    assert dl("Tổ chức trong tháng 11.", "2020-09-14") == [("period", "2020-11-01", "2020-11-30", "trong tháng 11")]
    assert dl("Tình hình quý III.") == []


def test_a_day_that_recurs_each_year_is_yearly_though_the_document_has_a_date():
    """A cut-off reached each year ("đến ngày 30 tháng 6 hằng năm") and a cued day of a year named by what happens
    in it ("của năm xét tặng") recur; "của năm nay" and a count date with its year ("tính đến ngày 30/6/2025") do
    not."""
    assert dl("Thu hồi kinh phí đã giao nhưng đến ngày 30 tháng 6 hàng năm chưa phân bổ.", "2025-11-20") == [
        ("yearly", "--06-30", None, "đến ngày 30 tháng 6 hàng năm")]
    assert dl("Gửi hồ sơ chậm nhất là ngày 15 tháng 8 của năm xét tặng.", "2025-09-18") == [
        ("yearly", "--08-15", None, "chậm nhất là ngày 15 tháng 8")]
    assert dl("Nộp dự toán trước ngày 31/01 của năm kế hoạch.", "2025-09-18") == [
        ("yearly", "--01-31", None, "trước ngày 31/01")]
    assert dl("Gửi báo cáo trước ngày 15/12 của năm nay.", "2025-09-18") == [
        ("date", "2025-12-15", None, "trước ngày 15/12")]
    assert dl("Tính đến ngày 30/6/2025, đã tiếp nhận 120 hồ sơ.", "2025-09-18") == []


@pytest.mark.parametrize("text", [
    "Thực hiện Quyết định số 277/QĐ-UBND ngày 27/02/2024 của UBND tỉnh.",
    "Theo Nghị định số 107/2021/NĐ-CP ngày 06 tháng 12 năm 2021 của Chính phủ.",
    "Buổi làm việc ngày 10/10/2024 và ngày 11/10/2024.",
    "Hết hiệu lực toàn bộ trước ngày 01/01/2018 gồm 03 văn bản.",
    "Các văn bản ban hành trước ngày 01/7/2021.",
    "Chương trình tổng thể cải cách hành chính giai đoạn 2021-2030; kế hoạch năm 2020; Luật năm 2015.",
    "Báo cáo quý, 6 tháng, năm; hàng quý; quy trình; quy định.",
    "Hoàn thành trước ngày 31/02/2024.",          # no such day
    "Báo cáo trước ngày 31/02.",
    "Đạt 38/59 đầu công việc; 15/15 huyện; tháng 13/2024.",
    # "trước" of "năm trước" (the year before), not a cue: a count period's end is no deadline
    "Số liệu tính từ ngày 10 tháng 12 năm trước đến ngày 10 tháng 12 của kỳ báo cáo.",
])
def test_not_deadlines(text):
    assert dl(text, "2024-10-25") == []


def test_spans_are_exact_and_ordered():
    text = "Quý IV/2020 báo cáo; hạn chót ngày 31/12/2020, trong năm 2021 hoàn thành."
    got = find_deadlines(text)
    assert [d.kind for d in got] == ["period", "date", "period"]
    assert all(text[d.span_start:d.span_end] == d.raw for d in got)
    assert [d.span_start for d in got] == sorted(d.span_start for d in got)


NAMED = [
    ("001", "preamble.3", [("2021-01-01", "2030-12-31", "giai đoạn 2021- 2030"),
                           ("2022-01-01", "2025-12-31", "giai đoạn 2022-2025")]),
    ("003", "III.4.-2", [("2015-01-01", "2021-12-31", "giai đoạn 2015-2021")]),
    ("003", "III.7.p1", [("2019-01-01", "2020-12-31", "giai đoạn 2019-2020"), ("2025-01-01", "2025-12-31", "năm 2025")]),
    ("002", "1", [("2016-01-01", "2020-12-31", "giai đoạn 2016-2020"), ("2016-01-01", "2016-12-31", "năm 2016")]),
    # "đến hết tháng 8/2016" is a deadline, so left out; "ngày 05/02/2016" and QĐ numbers are no periods
    ("002", "1.-6", [("2016-01-01", "2016-12-31", "năm 2016"), ("2016-01-01", "2020-12-31", "giai đoạn 2016-2020")]),
    ("004", "1.-3", []),                    # "trong năm 2024" is a deadline already
    ("000", "5.p1", []),                    # "ngày 06 tháng 12 năm 2021" is a day
]


@pytest.mark.parametrize("seed,path,expected", NAMED, ids=[f"{s}-{p}" for s, p, _ in NAMED])
def test_named_periods_on_the_corpus(parsed, seed, path, expected):
    doc = parsed[seed]
    got = find_named_periods(clause(doc, path).text, doc.date)
    assert [(d.start, d.end, d.raw) for d in got] == expected
    assert all(d.kind == "period" for d in got)


@pytest.mark.parametrize("text,expected", [
    ("Chương trình giai đoạn 2021-2030 và thời kỳ 2016 – 2020.", [("2021-01-01", "2030-12-31", "giai đoạn 2021-2030"),
                                                               ("2016-01-01", "2020-12-31", "thời kỳ 2016 – 2020")]),
    ("Đề án thực hiện từ năm 2015 đến năm 2021.", [("2015-01-01", "2021-12-31", "từ năm 2015 đến năm 2021")]),
    ("Kế hoạch CCHC năm 2020, định hướng đến năm 2025.", [("2020-01-01", "2020-12-31", "năm 2020"),
                                                          ("2025-01-01", "2025-12-31", "năm 2025")]),
    ("Theo Nghị định ngày 06 tháng 12 năm 2021; hoàn thành trong năm 2024.", []),
    ("Hoàn thành trước ngày 15/12/2024; giai đoạn 1999-1990; năm 3000.", []),
])
def test_named_periods(text, expected):
    assert [(d.start, d.end, d.raw) for d in find_named_periods(text)] == expected


@pytest.mark.parametrize("text, expected", [
    ("Quyết định này có hiệu lực kể từ ngày 01 tháng 12 năm 2025.",
     [("from", "2025-12-01", None, "có hiệu lực kể từ ngày 01 tháng 12 năm 2025")]),
    ("Áp dụng từ ngày 01/01/2026.", [("from", "2026-01-01", None, "Áp dụng từ ngày 01/01/2026")]),
    ("Thực hiện từ ngày 01/7/2025 đến hết ngày 30/9/2025.",
     [("period", "2025-07-01", "2025-09-30", "Thực hiện từ ngày 01/7/2025 đến hết ngày 30/9/2025")]),
    ("Các xã báo cáo trước ngày 20 hằng tháng.", [("monthly", "---20", None, "trước ngày 20 hằng tháng")]),
    # a task's time column or line: a year or a span of years bounds the task
    ("1. Nhiệm vụ: Số hóa hồ sơ; Đơn vị chủ trì: Sở Nội vụ; Thời gian hoàn thành: Năm 2026",
     [("period", "2026-01-01", "2026-12-31", "Năm 2026")]),
    ("- Thời gian thực hiện: 2026 - 2030.", [("period", "2026-01-01", "2030-12-31", "2026 - 2030")]),
    ("Thời gian dự kiến hoàn thành: Quý IV/2025", [("period", "2025-10-01", "2025-12-31", "Quý IV/2025")]),
    ("Thời gian hoàn thành: Tháng 12/2025", [("period", "2025-12-01", "2025-12-31", "Tháng 12/2025")]),
    # a programme's years and a cited document's day are no deadline
    ("Kế hoạch phát triển kinh tế số năm 2026 theo Quyết định số 44/2025/QĐ-UBND ngày 20/11/2025.", []),
])
def test_start_days_monthly_days_and_time_columns(text, expected):
    assert [(d.kind, d.start, d.end, d.raw) for d in find_deadlines(text, "2025-11-20")] == expected


@pytest.mark.parametrize("text, expected", [
    # a span of months is one period; the first month takes the last one's year, or the one before when it is later
    ("Triển khai thực hiện từ tháng 3 đến tháng 10 năm 2026 tại các vùng nuôi.",
     [("period", "2026-03-01", "2026-10-31", "từ tháng 3 đến tháng 10 năm 2026")]),
    ("Tổ chức kiểm tra từ tháng 10 năm 2025 đến hết tháng 3 năm 2026.",
     [("period", "2025-10-01", "2026-03-31", "từ tháng 10 năm 2025 đến hết tháng 3 năm 2026")]),
    ("Rà soát từ tháng 11 năm 2025 đến tháng 02.", [("period", "2025-11-01", "2026-02-28",
                                                   "từ tháng 11 năm 2025 đến tháng 02")]),
    ("Mùa khô từ tháng 11 đến tháng 4/2026, các xã tăng cường tuần tra.",
     [("period", "2025-11-01", "2026-04-30", "từ tháng 11 đến tháng 4/2026")]),
    # no year: the next such months from the document's date (10/5/2025)
    ("Thu thập số liệu từ tháng 6 đến tháng 9.", [("period", "2025-06-01", "2025-09-30", "từ tháng 6 đến tháng 9")]),
    ("Ra quân từ tháng 3 đến tháng 10.", [("period", "2026-03-01", "2026-10-31", "từ tháng 3 đến tháng 10")]),
    ("Cao điểm từ tháng 5 đến tháng 2.", [("period", "2025-05-01", "2026-02-28", "từ tháng 5 đến tháng 2")]),
    # with "hằng năm" after it, a season of every year
    ("a. Thời gian thực hiện: Từ tháng 3 đến tháng 11 hàng năm",
     [("yearly", "--03", "--11", "Từ tháng 3 đến tháng 11 hàng năm")]),
    ("Lấy mẫu định kỳ từ tháng 5 đến tháng 8 hằng năm.", [("yearly", "--05", "--08", "từ tháng 5 đến tháng 8 hằng năm")]),
    # no span: "tháng 13"; a span running backwards is read as the months it writes
    ("từ tháng 13 đến tháng 14 năm 2026", []),
    ("từ tháng 9 năm 2026 đến tháng 3 năm 2026", [("period", "2026-09-01", "2026-09-30", "tháng 9 năm 2026"),
                                                  ("period", "2026-03-01", "2026-03-31", "tháng 3 năm 2026")]),
])
def test_spans_of_months_and_seasons(text, expected):
    assert [(d.kind, d.start, d.end, d.raw) for d in find_deadlines(text, "2025-05-10")] == expected


@pytest.mark.parametrize("text, expected", [
    # counted from an event, after it ("kể từ", "sau") or before it ("trước"); the event stays in the raw text
    ("Trong thời hạn 05 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ, Sở Nội vụ thẩm định.",
     [("relative", "+5 ngày làm việc", "Trong thời hạn 05 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ")]),
    ("3. Chậm nhất là 15 ngày, trước ngày khai mạc kỳ họp thường lệ của HĐND tỉnh, Văn phòng UBND tỉnh tổng hợp.",
     [("relative", "-15 ngày", "Chậm nhất là 15 ngày, trước ngày khai mạc kỳ họp thường lệ của HĐND tỉnh")]),
    ("UBND xã báo cáo chậm nhất là 02 ngày làm việc, sau ngày nhận được văn bản.",
     [("relative", "+2 ngày làm việc", "chậm nhất là 02 ngày làm việc, sau ngày nhận được văn bản")]),
    ("Trong vòng 24 giờ kể từ khi phát hiện sự cố, đơn vị báo cáo.",
     [("relative", "+24 giờ", "Trong vòng 24 giờ kể từ khi phát hiện sự cố")]),
    ("Hồ sơ nộp trong thời hạn 03 tháng trước ngày hết hạn giấy phép.",
     [("relative", "-3 tháng", "trong thời hạn 03 tháng trước ngày hết hạn giấy phép")]),
    # an event named at length: its first 20 to 60 letters stand for it, never across the next time's cue
    ("Trong thời hạn 10 ngày kể từ ngày nhận được văn bản đề nghị của tổ chức chủ trì về việc điều chỉnh nội dung "
     "nhiệm vụ, cơ quan quản lý có văn bản trả lời.",
     [("relative", "+10 ngày", "Trong thời hạn 10 ngày kể từ ngày nhận được văn bản đề nghị của tổ chức chủ trì về "
                               "việc điều")]),
    ("- Trong thời hạn chậm nhất 20 ngày làm việc kể từ ngày hết thời hạn đăng ký dự tuyển theo thông báo của Sở "
     "Nội vụ, Hội đồng xét tuyển tổ chức kiểm tra",
     [("relative", "+20 ngày làm việc",
       "chậm nhất 20 ngày làm việc kể từ ngày hết thời hạn đăng ký dự tuyển theo thông báo của Sở Nội vụ")]),
    ("Tài liệu gửi chậm nhất là 07 ngày trước phiên họp thường kỳ hoặc chậm nhất là 02 ngày làm việc trước phiên "
     "họp bất thường của Hội đồng nhân dân tỉnh.",
     [("relative", "-2 ngày làm việc",
       "chậm nhất là 02 ngày làm việc trước phiên họp bất thường của Hội đồng nhân dân tỉnh")]),
    # an hour of a day named by the event
    ("Giao dịch sau 16 giờ được cập nhật trước 10 giờ sáng ngày làm việc tiếp theo.",
     [("relative", "10 giờ ngày làm việc tiếp theo", "trước 10 giờ sáng ngày làm việc tiếp theo")]),
    # no event: a length of time is a figure; a calendar day after "kể từ" is the day itself
    ("Thời hạn giải quyết: 15 ngày làm việc.", []),
    ("Trong thời hạn 30 ngày kể từ ngày 01/7/2025, các sở báo cáo.", [("from", "2025-07-01", None, "kể từ ngày 01/7/2025")]),
])
def test_times_counted_from_an_event(text, expected):
    found = [(d.kind, d.start, d.raw) if d.kind == "relative" else (d.kind, d.start, d.end, d.raw)
             for d in find_deadlines(text, "2025-05-10")]
    assert found == expected
