"""Answers with cited clauses on the bundled corpus, through the Python API and the CLI."""
from __future__ import annotations

import json

import pytest

from index.search import Searcher
from qa.answer import NO_ANSWER, Answerer, asked_role, marked, question_type, topic_of
from qa.cli import main


@pytest.fixture
def answerer(corpus_home, monkeypatch):
    monkeypatch.setenv("DIRECTIVES_HOME", str(corpus_home))
    searcher = Searcher()
    yield Answerer(searcher)
    searcher.archive.close()


@pytest.mark.parametrize("question,kind", [
    ("Sở nào tham mưu cải thiện môi trường kinh doanh?", "agency"), ("ai chu tri thanh tra?", "agency"),
    ("which agency leads digitisation?", "agency"), ("Công văn này căn cứ nghị định nào?", "document"),
    ("which decree does it follow?", "document"), ("Thời hạn báo cáo là khi nào?", "deadline"),
    ("by when must the system be upgraded?", "deadline"), ("Kiên Giang có bao nhiêu cổng?", "figure"),
    ("how many portals are there?", "figure"), ("cơ chế một cửa liên thông", "general"),
])
def test_question_types(question, kind):
    assert question_type(question) == kind


def test_role_and_topic_of_a_question():
    assert asked_role("Sở nào tham mưu cải thiện môi trường kinh doanh?") == "advise"
    assert asked_role("Who is in charge of reforms?") == "lead"
    assert topic_of("Cơ quan nào chủ trì chuyển đổi số?") == "chủ trì chuyển đổi số"


@pytest.mark.parametrize("question,answer,value,cited", [
    ("Sở nào tham mưu cải thiện môi trường kinh doanh, nâng cao chỉ số PCI?", "Sở Kế hoạch và Đầu tư",
     "Sở Kế hoạch và Đầu tư", ("Vĩnh Phúc", "6")),
    ("Who is in charge of reforming administrative procedures in Vĩnh Phúc?", "Văn phòng Ủy ban nhân dân tỉnh",
     "Văn phòng Ủy ban nhân dân tỉnh", ("Vĩnh Phúc", "3")),
    ("An Giang yêu cầu hoàn thành nâng cấp hệ thống thông tin giải quyết TTHC trước ngày nào?", "15/12/2024",
     "2024-12-15", ("An Giang", "2.p1")),
    ("Kiên Giang có bao nhiêu cổng thông tin điện tử thành phần?", "51", "51", ("Kiên Giang", "I.7.a.p1")),
    ("Công văn 582/UBND-NC yêu cầu số hóa hồ sơ theo nghị định nào?", "107/2021/NĐ-CP (nghị định, ngày 06/12/2021)",
     "107/2021/NĐ-CP", ("Kiên Giang", "5.p1")),
    ("Ai chủ trì thanh tra, kiểm tra các nhiệm vụ quản lý nhà nước đã phân cấp?", "Thanh tra tỉnh", "Thanh tra tỉnh",
     ("Vĩnh Phúc", "8")),
])
def test_issue_examples(answerer, question, answer, value, cited):
    result = answerer.ask(question)
    assert (result.answer, result.value) == (answer, value)
    first = result.citations[0]
    assert (first.hit.province, first.hit.path) == cited
    for c in result.citations:                       # every citation holds its evidence, marked
        for start, end in c.marks:
            assert 0 <= start < end <= len(c.hit.text)


def test_evidence_is_marked(answerer):
    result = answerer.ask("An Giang yêu cầu hoàn thành nâng cấp hệ thống thông tin giải quyết TTHC trước ngày nào?")
    c = result.citations[0]
    assert marked(c.hit.text, c.marks).endswith("«Hoàn thành trước ngày 15/12/2024».")


def test_mission_example_cites_both_provinces(answerer):
    result = answerer.ask("Cơ quan nào chủ trì chuyển đổi số?")
    assert result.value == "Sở Thông tin và Truyền thông"
    assert sorted((c.hit.province, c.hit.path) for c in result.citations) == [("Kiên Giang", "9.b"), ("Vĩnh Phúc", "4")]


@pytest.mark.parametrize("question", ["Tỉnh nào có sân bay quốc tế lớn nhất?", "Giá vàng hôm nay bao nhiêu?"])
def test_no_answer_and_no_citations(answerer, question):
    result = answerer.ask(question)
    assert (result.answer, result.value, result.citations, result.answers) == (NO_ANSWER, None, [], [])


def test_cli_ask(corpus_home, monkeypatch, capsys):
    monkeypatch.setenv("DIRECTIVES_HOME", str(corpus_home))
    assert main(["ask", "Sở nào tham mưu cải thiện môi trường kinh doanh, nâng cao chỉ số PCI?", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["question", "type", "answer", "value", "answers", "citations"]
    assert (data["type"], data["answer"]) == ("agency", "Sở Kế hoạch và Đầu tư")
    assert data["answers"] == [{"text": "Sở Kế hoạch và Đầu tư", "province": "Vĩnh Phúc", "citations": [1]}]
    assert (data["citations"][0]["n"], data["citations"][0]["path"]) == (1, "6")
    assert main(["ask", "Giá vàng hôm nay bao nhiêu?"]) == 0
    assert capsys.readouterr().out == f"Trả lời (figure): {NO_ANSWER}\n"
