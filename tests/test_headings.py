"""A clause that is only a heading over its own items gives way to the item that answers (index.headings)."""
from __future__ import annotations

import pytest

from index.search import Searcher
from index.store import SearchIndex
from ingest.archive import Archive
from qa.cli import main

RULES = """ỦY BAN NHÂN DÂN TỈNH LAI CHÂU
-------
Số: 21/2025/QĐ-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Lai Châu, ngày 10 tháng 6 năm 2025

QUYẾT ĐỊNH
Ban hành Quy định thực hiện nếp sống văn minh

Điều 1. Ban hành kèm theo Quyết định này Quy định thực hiện nếp sống văn minh.
Điều 2. Tổ chức việc cưới
1. Việc cưới được tổ chức trang trọng, tiết kiệm.
2. Không tổ chức tiệc cưới kéo dài quá một ngày; không mở nhạc sau 22 giờ.
Điều 3. Tổ chức việc tang
1. Việc tang được tổ chức chu đáo, không phô trương.
2. Không rải vàng mã trên đường khi đưa tang.
Điều 4. Quyết định này có hiệu lực kể từ ngày 20 tháng 6 năm 2025.
"""


@pytest.fixture
def searcher(tmp_path, monkeypatch):
    monkeypatch.setenv("DIRECTIVES_HOME", str(tmp_path / "home"))
    (tmp_path / "qd-21.txt").write_text(RULES, encoding="utf-8")
    assert main(["ingest", str(tmp_path / "qd-21.txt")]) == 0
    with Archive() as archive:
        index = SearchIndex(archive, None)
        index.sync()
        yield Searcher(archive, index=index)


def test_headings_over_their_items_are_found(searcher):
    from index.headings import heading_positions
    ids = searcher.index.table.ids
    found = sorted(ids[i].split(":", 1)[1] for i in heading_positions(searcher.archive, searcher.index.table))
    assert found == ["Điều 2", "Điều 3"]       # not the title, not an item, not an article written out in full


def test_the_item_that_answers_comes_before_its_heading(searcher):
    question = "tổ chức việc cưới như thế nào"
    hits = searcher.search(question, k=3, mode="bm25")
    assert hits[0].text.startswith("1. Việc cưới được tổ chức trang trọng")
    assert hits[1].text.startswith("Điều 2. Tổ chức việc cưới")      # a little below, not gone
    searcher.heading_drop = 0.0       # without the drop, the short heading that writes the topic comes first
    assert searcher.search(question, k=3, mode="bm25")[0].text.startswith("Điều 2. Tổ chức việc cưới")


def test_a_heading_still_comes_up_when_nothing_under_it_matches(searcher):
    hits = searcher.search("tổ chức việc tang", k=5, mode="bm25")
    assert any(h.text.startswith("Điều 3. Tổ chức việc tang") for h in hits)
