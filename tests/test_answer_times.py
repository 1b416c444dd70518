"""Time answers: the kind of time asked (a deadline, a span, a year, the day a text takes effect), whose period it
is, headings that bound their items, cut-offs and issue dates; on sentences of several layouts and through the
answerer on the bundled corpus."""
from __future__ import annotations

import pytest

from ingest.deadlines import find_deadlines
from qa.answer import Answerer
from qa.evidence import asked_time, time_scores


# -- deadlines: the kind of time asked, periods that name programmes, headings, cut-offs ----------------------
@pytest.mark.parametrize("question,kind", [
    ("Chỉ thị áp dụng cho giai đoạn nào?", "span"), ("Công văn yêu cầu chuyển biến trong năm nào?", "year"),
    ("Tính đến thời điểm nào đã hoàn thành?", "point"), ("Tổ chức điều tra trong thời gian nào?", "time"),
    ("Hoàn thành trước ngày nào?", "day"), ("Hoàn thành chậm nhất khi nào?", "deadline"),
    ("by when must it be done?", "deadline"),
    ("Báo cáo vào quý nào?", "quarter"), ("which period does the programme cover?", "span"),
])
def test_asked_time(question, kind):
    assert asked_time(question) == kind


PREAMBLE = ("Để tiếp tục nâng cao trách nhiệm; thực hiện Chỉ thị số 23/CT-TTg ngày 02/9/2021 của Thủ tướng Chính phủ "
            "về việc đẩy mạnh thực hiện Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021- 2030. "
            "Nhằm thực hiện hiệu quả công tác cải cách hành chính giai đoạn 2022-2025 trên địa bàn tỉnh, Chủ tịch "
            "Ủy ban nhân dân tỉnh yêu cầu:")


@pytest.mark.parametrize("question,expected", [
    # the 2021-2030 span is the title of the Prime Minister's directive, which the question does not ask about
    ("Chỉ thị đẩy mạnh cải cách hành chính của Vĩnh Phúc áp dụng cho giai đoạn nào?",
     [(0.75, "giai đoạn 2021- 2030"), (1.3333, "giai đoạn 2022-2025")]),
    # naming its issuer asks about it, and its title shares the question's words
    ("Chỉ thị của Thủ tướng về đẩy mạnh Chương trình tổng thể cải cách hành chính áp dụng cho giai đoạn nào?",
     [(2.08, "giai đoạn 2021- 2030"), (1.2667, "giai đoạn 2022-2025")]),
    ("Chỉ thị 23/CT-TTg áp dụng cho giai đoạn nào?", [(1.2, "giai đoạn 2021- 2030"), (1.0, "giai đoạn 2022-2025")]),
    ("Khi nào phải hoàn thành cải cách hành chính?", []),      # a programme's span is no deadline
])
def test_time_scores_weigh_whose_period_it_is(question, expected):
    from ingest.citations import find_citations

    got = time_scores(question, PREAMBLE, find_deadlines(PREAMBLE), find_citations(PREAMBLE, "Vĩnh Phúc"),
                      None, "chỉ thị")
    assert [(round(w, 4), d.raw) for w, d in got] == expected


def test_time_scores_shape_against_the_question():
    text = "Giai đoạn 2021-2025 báo cáo trước ngày 15/12/2024; trong năm 2024 đạt chỉ tiêu."

    def scored(question: str) -> list[tuple]:
        return [(round(w, 4), d.kind, d.start) for w, d in time_scores(question, text, find_deadlines(text))]

    # a day answers "trước ngày nào", and "báo cáo" is in its phrase; a programme's span does not answer it
    assert scored("Báo cáo trước ngày nào?") == [(2.0, "date", "2024-12-15"), (0.6, "period", "2024-01-01")]
    assert scored("Đạt chỉ tiêu trong năm nào?") == [
        (0.4, "period", "2021-01-01"), (0.4, "date", "2024-12-15"), (2.0, "period", "2024-01-01")]
    assert scored("Giai đoạn nào?") == [(1.0, "period", "2021-01-01"), (0.2, "date", "2024-12-15"),
                                        (0.3, "period", "2024-01-01")]


@pytest.mark.parametrize("question,answer,value,cited", [
    # the time is the heading's: the task clause and the heading's clause are cited, the heading's time marked
    ("Kiên Giang tổ chức điều tra xã hội học đo lường mức độ hài lòng của người dân trong thời gian nào?",
     "QUÝ IV NĂM 2020", "2020-10-01..2020-12-31", [("III.1.p3", []), ("III", ["QUÝ IV NĂM 2020"])]),
    ("Chương trình cải cách hành chính tỉnh An Giang theo Quyết định 324/QĐ-UBND áp dụng cho giai đoạn nào?",
     "giai đoạn 2016-2020", "2016-01-01..2020-12-31", [("1", ["giai đoạn 2016-2020"])]),
    ("Chỉ thị đẩy mạnh cải cách hành chính của Vĩnh Phúc áp dụng cho giai đoạn nào?",
     "giai đoạn 2022-2025", "2022-01-01..2025-12-31", [("preamble.3", ["giai đoạn 2022-2025"])]),
    ("Tính đến thời điểm nào An Giang đã hoàn thành 38/59 đầu công việc cải cách hành chính năm 2016?",
     "31/08/2016 (đến hết tháng 8/2016)", "2016-08-31", [("1.-6", ["đến hết tháng 8/2016"])]),
    (("Đề án tinh giản biên chế hành chính, sự nghiệp và hợp đồng lao động của Kiên Giang thực hiện trong giai "
      "đoạn nào?"), "giai đoạn 2015-2021", "2015-01-01..2021-12-31", [("III.4.-2", ["giai đoạn 2015-2021"])]),
])
def test_deadline_answers(answerer, question, answer, value, cited):
    result = answerer.ask(question)
    assert (result.type, result.answer, result.value) == ("deadline", answer, value)
    assert [(c.hit.path, [c.hit.text[s:e] for s, e in c.marks]) for c in result.citations] == cited


@pytest.mark.parametrize("question,answer,value,cited", [
    # a document cited with its date: the date where the clause cites it, not a year its title names ("đến năm 2025")
    ("Kế hoạch 82/KH-UBND ban hành năm nào?", "năm 2019 (ngày 22/05/2019)", "2019",
     [("III.7.p1", ["Kế hoạch số 82/KH-UBND ngày 22/5/2019 của Ủy ban nhân dân tỉnh"])]),
    ("When was Plan 82/KH-UBND issued?", "22/05/2019", "2019-05-22",
     [("III.7.p1", ["Kế hoạch số 82/KH-UBND ngày 22/5/2019 của Ủy ban nhân dân tỉnh"])]),
    # an archived document: its own date
    ("Công văn 582/UBND-NC được ban hành ngày nào?", "21/04/2022", "2022-04-21", None),
    # the document and its subject, then "ngày nào" with no task between; "ngày ban hành" last (pool 3: v035, v047)
    ("Nghị định 61/2018/NĐ-CP về cơ chế một cửa ngày nào?", "23/04/2018", "2018-04-23",
     [("III.3.p1", ["Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ"])]),
    ("nghi dinh 108/2014/nd-cp ngay ban hanh", "20/11/2014", "2014-11-20",
     [("III.4.-2", ["Nghị định số 108/2014/NĐ-CP ngày 20/11/2014 của Chính phủ"])]),
])
def test_when_a_named_document_was_issued(answerer, question, answer, value, cited):
    result = answerer.ask(question)
    assert (result.type, result.answer, result.value) == ("deadline", answer, value)
    if cited is not None:
        assert [(c.hit.path, [c.hit.text[s:e] for s, e in c.marks]) for c in result.citations] == cited
    else:
        assert {c.hit.number for c in result.citations} == {"582/UBND-NC"}


def test_an_issue_date_only_when_the_named_document_is_what_was_issued():
    from qa.question import asks_issue_date
    assert not asks_issue_date("Kế hoạch 82/KH-UBND về Chính phủ điện tử phải hoàn thành ngày nào?", {"82/kh-ubnd"})
    assert asks_issue_date("Kế hoạch 82/KH-UBND của Kiên Giang được ban hành vào ngày nào?", {"82/kh-ubnd"})
    assert not asks_issue_date("Theo Kế hoạch 82/KH-UBND, các sở phải ban hành kế hoạch trước ngày nào?",
                               {"82/kh-ubnd"})
    assert not asks_issue_date("Kế hoạch 82/KH-UBND ban hành năm nào?", set())
    # the document's title or signer may stand between its number and the verb, commas and all
    assert asks_issue_date("Kế hoạch 01/KH-UBND của Kiên Giang về sắp xếp, kiện toàn tổ chức bộ máy được ban hành "
                           "ngày nào?", {"01/kh-ubnd"})
    assert asks_issue_date("Chỉ thị 23/CT-TTg về cải cách hành chính được Thủ tướng ký ngày nào?", {"23/ct-ttg"})
    assert asks_issue_date("Nghị quyết 39-NQ/TW về tinh giản biên chế ra đời ngày nào?", {"39-nq/tw"})
    assert asks_issue_date("Công văn 06/BCĐCCHC có ngày ban hành là khi nào?", {"06/bcđcchc"})
    assert asks_issue_date("Nghị quyết 76/NQ-CP có ngày ban hành nào?", {"76/nq-cp"})
    assert asks_issue_date("Quyết định 1311/QĐ-UBND về xin lỗi người dân ban hành ngày bao nhiêu?", {"1311/qđ-ubnd"})
    # ... but not a task the document gives, whatever the punctuation
    assert not asks_issue_date("Theo Kế hoạch 82/KH-UBND các sở phải ban hành vào ngày nào?", {"82/kh-ubnd"})
    assert not asks_issue_date("Kế hoạch 82/KH-UBND giao Sở Nội vụ ban hành khi nào?", {"82/kh-ubnd"})


def test_the_date_of_a_text_is_the_day_it_was_issued():
    """English asks a text's date as "the date of <kind> <number>": a deadline question about its issue date, not a
    time its text names; "how many days from the date of receipt" still counts days."""
    from qa.question import asks_issue_date, question_type
    for q in ("date of PM decision 225/QD-TTg approving the reform plan", "What is the date of Decision 808/QĐ-UBND?"):
        assert question_type(q) == "deadline" and asks_issue_date(q, set())
    assert question_type("How many days from the date of receipt must the department reply?") == "figure"
    assert not asks_issue_date("By what date must the plan's tasks be finished?", set())


@pytest.mark.parametrize("question", [
    "Quyết định ban hành quy chế thư điện tử có hiệu lực từ ngày nào?",
    "Nghị quyết 12/2025/NQ-HĐND có hiệu lực thi hành khi nào?",
    "When does the circular on electricity prices take effect?",
])
def test_when_a_text_takes_effect_is_asked_apart(question):
    assert asked_time(question) == "effect"


def test_the_day_a_text_takes_effect_beats_the_dates_it_cites():
    """"... có hiệu lực thi hành từ ngày 05 tháng 12 năm 2025 và thay thế Quyết định số 13/2023/QĐ-UBND ngày
    09/5/2023": the day it takes effect, not the day of the text it replaces, nor a reporting deadline."""
    text = ("Điều 2. Quyết định này có hiệu lực thi hành từ ngày 05 tháng 12 năm 2025 và thay thế Quyết định số "
            "13/2023/QĐ-UBND ngày 09/5/2023 của UBND tỉnh; báo cáo trước ngày 15/12 hằng năm.")
    question = "Quyết định ban hành quy chế có hiệu lực từ ngày nào?"
    scores = time_scores(question, text, find_deadlines(text, "2025-11-20"), doc_date="2025-11-20")
    assert max(scores, key=lambda s: s[0])[1].start == "2025-12-05"


def test_an_effect_question_reads_the_documents_own_effect_clause(tmp_path, monkeypatch):
    """The question names the text by its number or its subject; the clause that says when it takes effect shares
    few of those words ("Quyết định này có hiệu lực ...") and ranks below the rules that repeat them, yet the answer
    is there, not in the text's issue date."""
    from index.search import Searcher
    from ingest.archive import Archive
    from qa.cli import main

    monkeypatch.setenv("DIRECTIVES_HOME", str(tmp_path / "home"))
    rules = "".join(f"Điều {n}. Thư điện tử công vụ của cơ quan nhà nước tỉnh Bắc Ninh: quản lý, sử dụng hộp thư "
                    f"điện tử công vụ theo quy chế, nhóm {n}.\n" for n in range(1, 10))
    (tmp_path / "qd.txt").write_text(
        "ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH\n-------\nSố: 45/2025/QĐ-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\n---------------\nBắc Ninh, ngày 20 tháng 11 năm 2025\n\nQUYẾT ĐỊNH\n"
        "Ban hành Quy chế quản lý, sử dụng hệ thống thư điện tử công vụ tỉnh Bắc Ninh\n\n"
        "Điều 1. Ban hành kèm theo Quyết định này Quy chế quản lý, sử dụng hệ thống thư điện tử công vụ tỉnh Bắc "
        "Ninh.\nĐiều 2. Quyết định này có hiệu lực thi hành từ ngày 05 tháng 12 năm 2025.\n"
        "Điều 3. Chánh Văn phòng UBND tỉnh, Giám đốc các sở, ban, ngành chịu trách nhiệm thi hành Quyết định này.\n"
        "QUY CHẾ\nQuản lý, sử dụng hệ thống thư điện tử công vụ tỉnh Bắc Ninh\n" + rules, encoding="utf-8")
    assert main(["ingest", str(tmp_path / "qd.txt")]) == 0
    with Archive() as archive:
        answerer = Answerer(Searcher(archive))          # e5-small: relatedness reads meaning, not the words shared
        by_number = answerer.ask("Quyết định 45/2025/QĐ-UBND về quy chế thư điện tử công vụ có hiệu lực từ ngày nào?")
        question = ("Quyết định ban hành quy chế quản lý, sử dụng hệ thống thư điện tử công vụ tỉnh Bắc Ninh có hiệu "
                    "lực từ ngày nào?")
        by_subject = answerer.ask(question)
        # read beside the clauses found whatever share of the question's words it has; no other clause is then
        hits = [h for h in answerer._hits(question, None) if h.path != "Điều 2"]
        monkeypatch.setattr("qa.answer.SAME_DOCUMENT_SHARE", 0.9)
        extra = answerer._same_document(question, hits, answerer._clauses(hits), "deadline")
    assert (by_number.type, by_number.value) == ("deadline", "2025-12-05")     # not its issue date, 2025-11-20
    assert (by_subject.type, by_subject.value) == ("deadline", "2025-12-05")
    assert [h.path for h in extra] == ["Điều 2"]


def test_a_season_of_every_year_is_answered_and_matches_its_label(tmp_path, monkeypatch):
    """"Từ tháng 3 đến tháng 11 hàng năm" on a task's time line is when the task is done each year: the answer says
    the months, and a label that writes them the same way, or with "hằng", is matched."""
    from eval.runner import answer_matches
    from index.search import Searcher
    from ingest.archive import Archive
    from qa.cli import main

    monkeypatch.setenv("DIRECTIVES_HOME", str(tmp_path / "home"))
    (tmp_path / "kh.txt").write_text(
        "ỦY BAN NHÂN DÂN\nTỈNH ĐẮK LẮK\n-------\nSố: 120/KH-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\n---------------\nĐắk Lắk, ngày 10 tháng 12 năm 2025\n\nKẾ HOẠCH\n"
        "Quan trắc môi trường vùng nuôi trồng thủy sản giai đoạn 2026 - 2030\n\n"
        "I. NỘI DUNG\n1. Quan trắc vùng nuôi cá nước ngọt\na) Thời gian thực hiện: Từ tháng 3 đến tháng 11 hàng năm\n"
        "b) Số điểm quan trắc: 07 điểm tại các hồ chứa.\n"
        "2. Kinh phí thực hiện từ ngân sách tỉnh, bố trí trong dự toán hằng năm của Sở Nông nghiệp và Môi trường.\n",
        encoding="utf-8")
    assert main(["ingest", str(tmp_path / "kh.txt")]) == 0
    with Archive() as archive:
        answer = Answerer(Searcher(archive)).ask("Quan trắc vùng nuôi cá nước ngọt được thực hiện vào thời gian nào "
                                                 "trong năm?")
    assert (answer.type, answer.value) == ("deadline", "--03..--11")
    assert "từ tháng 3 đến tháng 11 hằng năm" in answer.answer
    assert answer_matches(answer.value, "Từ tháng 3 đến tháng 11 hằng năm")
    assert not answer_matches(answer.value, "Từ tháng 3 đến tháng 10 hằng năm")


def test_a_time_counted_from_an_event_answers_when_but_not_which_day():
    """"chậm nhất khi nào" is answered by "trong thời hạn 05 ngày làm việc kể từ ..."; "trước ngày nào" asks a day of
    the calendar, which such a time does not give when the text has one."""
    from eval.runner import answer_matches
    text = "UBND tỉnh gửi kế hoạch trong vòng 15 ngày làm việc kể từ ngày họp; hạn chót trước ngày 20/7 hằng năm."
    when = time_scores("Cục Tài chính phải thẩm định kế hoạch chậm nhất khi nào?", "Trong vòng 15 ngày làm việc kể từ "
                       "ngày nhận đủ hồ sơ, Cục Tài chính thẩm định.", find_deadlines("Trong vòng 15 ngày làm việc kể từ "
                                                                                    "ngày nhận đủ hồ sơ"))
    assert [d.start for _, d in when] == ["+15 ngày làm việc"]
    day = time_scores("UBND tỉnh gửi kế hoạch trước ngày nào?", text, find_deadlines(text, "2025-11-20"))
    assert max(day, key=lambda s: s[0])[1].start == "--07-20"
    assert answer_matches("-15 ngày", "Chậm nhất là 15 ngày, trước ngày khai mạc kỳ họp thường lệ")
    assert not answer_matches("-30 ngày", "Chậm nhất là 15 ngày, trước ngày khai mạc kỳ họp thường lệ")
