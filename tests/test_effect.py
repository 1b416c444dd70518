"""When a text takes effect: the question that asks it, each text's own effect clause, and the search that lifts it."""
from __future__ import annotations

import pytest

from index.effect import asks_effect, is_own_effect
from index.search import Filters, Searcher
from index.store import SearchIndex
from ingest.archive import Archive
from qa.cli import main


@pytest.mark.parametrize("question,asks", [
    ("Quy chế quản lý kho lưu trữ có hiệu lực từ ngày nào?", True),
    ("Nghị quyết về mức chi hỗ trợ có hiệu lực thi hành kể từ khi nào?", True),
    ("quyet dinh ve bang gia dat co hieu luc tu ngay nao", True),             # typed without marks
    ("Quy định này được áp dụng từ ngày nào?", True),
    ("When does the decision on land prices take effect?", True),
    ("What is the effective date of the regulation?", True),
    ("Văn bản nào hết hiệu lực khi quyết định này ban hành?", False),         # what it ended, not when
    ("Quyết định nào làm hết hiệu lực quy chế cũ, ban hành ngày nào?", False),
    ("Thời gian thực hiện kế hoạch là khi nào?", False),                        # a deadline, not an effect date
])
def test_a_question_asks_when_a_text_takes_effect(question, asks):
    assert asks_effect(question) is asks


@pytest.mark.parametrize("text,own", [
    ("Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký.", True),        # an article of its own
    ("1. Nghị quyết này có hiệu lực từ ngày 08 tháng 12 năm 2025.", True),       # an item of the article
    ("- Quyết định này có hiệu lực kể từ ngày ký.", True),                       # a bullet
    ("Thông tư có hiệu lực kể từ ngày 15 tháng 01 năm 2026./.", True),           # no "này"
    ("a) Quy chế này có hiệu lực sau 10 ngày kể từ ngày ký.", True),
    ("9. Quyết định xử lý kỷ luật cán bộ có hiệu lực 12 tháng.", False),         # another act's effect
    ("2. Kể từ ngày Thông tư này có hiệu lực, các nhà máy thực hiện theo quy định mới.", False),
    ("1. Đối với hồ sơ nhận trước ngày Nghị định này có hiệu lực thì tiếp tục áp dụng quy định cũ.", False),
    ("Hợp đồng có hiệu lực từ ngày ký.", False),                               # a contract, not a text of the archive
])
def test_a_texts_own_effect_clause(text, own):
    assert is_own_effect(text) is own


def _decision(number: str, topic: str, items: list[str], effect: str) -> str:
    body = "\n".join(f"{i}. {t}" for i, t in enumerate(items, 1))
    return f"""ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH
-------
Số: {number}/QĐ-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Hà Tĩnh, ngày 02 tháng 5 năm 2025

QUYẾT ĐỊNH
Ban hành {topic}

Điều 1. Ban hành kèm theo Quyết định này {topic}.
{body}
Điều 2. {effect}
"""


ARCHIVE_RULES = _decision("31", "Quy chế quản lý kho lưu trữ hồ sơ điện tử của tỉnh", [
    "Quy chế quản lý kho lưu trữ hồ sơ điện tử áp dụng cho các sở, ban, ngành.",
    "Kho lưu trữ hồ sơ điện tử được sao lưu hằng tuần.",
    "Sở Nội vụ chủ trì hướng dẫn việc quản lý kho lưu trữ hồ sơ điện tử.",
], "Quyết định này có hiệu lực thi hành kể từ ngày 15 tháng 5 năm 2025.")
TOURISM = _decision("44", "Quy định hỗ trợ phát triển du lịch cộng đồng", [
    "Hỗ trợ hộ gia đình làm du lịch cộng đồng cải tạo nhà ở.",
    "Hỗ trợ đào tạo kỹ năng đón khách du lịch cộng đồng.",
], "Quyết định này có hiệu lực kể từ ngày 01 tháng 6 năm 2025.")


@pytest.fixture
def two_decisions(tmp_path, monkeypatch):
    monkeypatch.setenv("DIRECTIVES_HOME", str(tmp_path / "home"))
    for name, text in (("qd-31.txt", ARCHIVE_RULES), ("qd-44.txt", TOURISM)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        assert main(["ingest", str(tmp_path / name)]) == 0
    with Archive() as archive:
        index = SearchIndex(archive, None)
        index.sync()
        yield Searcher(archive, index=index)


def test_the_effect_clause_of_the_document_found_comes_first(two_decisions):
    """The question names the text by its topic, which the title and the scope items write; the document's own effect
    article shares only "hiệu lực" with it, yet is what answers."""
    searcher = two_decisions
    question = "Quy chế quản lý kho lưu trữ hồ sơ điện tử của tỉnh có hiệu lực từ ngày nào?"
    hits = searcher.search(question, k=3, mode="bm25")
    assert hits[0].source.endswith("qd-31.txt") and "15 tháng 5 năm 2025" in hits[0].text
    searcher.effect_lift = 0.0          # without the lift, the topic's own clauses come first
    hits = searcher.search(question, k=3, mode="bm25")
    assert "hiệu lực" not in hits[0].text
    searcher.effect_lift = 0.05
    # in English too, and the other document's effect clause stays behind its document's best clause
    hits = searcher.search("When does the regulation on community tourism support take effect?", k=2, mode="bm25")
    assert hits[0].source.endswith("qd-44.txt") and "01 tháng 6 năm 2025" in hits[0].text


def test_no_lift_for_another_question_or_past_a_clause_filter(two_decisions):
    searcher = two_decisions
    hits = searcher.search("Quy chế quản lý kho lưu trữ hồ sơ điện tử sao lưu khi nào?", k=1, mode="bm25")
    assert "hiệu lực" not in hits[0].text          # a question about the rules' content, not their effect
    # an agency filter keeps only clauses naming the agency: the effect article names none
    hits = searcher.search("Quy chế quản lý kho lưu trữ hồ sơ điện tử có hiệu lực từ ngày nào?", k=3, mode="bm25",
                           filters=Filters(agency="Sở Nội vụ"))
    assert hits and all("hiệu lực" not in h.text for h in hits)
