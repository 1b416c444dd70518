"""Searching inside the document a question names: the words beyond its title find the clause that answers."""
from __future__ import annotations

import numpy as np
import pytest

from index.inside import add_inside, beyond_title, document_spans, named_documents, title_share
from index.search import Searcher
from index.store import SearchIndex
from ingest.archive import Archive
from qa.answer import Answerer
from qa.cli import main


def test_words_beyond_the_title():
    title = set("ke hoach truyen thong ve giam ngheo da chieu nam 2025".split())
    words = ["sở", "chủ_trì", "kế_hoạch", "truyền_thông", "giảm", "nghèo", "đa_chiều", "năm", "2025"]
    assert beyond_title(words, title) == ["sở", "chủ_trì"]
    # a word is the title's only when each of its syllables is
    assert beyond_title(["truyền_hình"], title) == ["truyền_hình"]


def test_the_titles_share_weighs_words_by_their_idf():
    """A year and a kind word fill titles and name no document: what the title holds is weighed by idf."""
    title = set("ke hoach dao tao boi duong nam 2020".split())
    words = ["kế_hoạch", "năm", "2020", "đạt", "bao_nhiêu", "phần_trăm"]
    assert title_share(words, title, [1.0] * 6) == pytest.approx(0.5)           # half the words
    assert title_share(words, title, [1.5, 0.5, 0.7, 2.0, 2.5, 3.0]) < 0.3       # a small part of what they say
    assert title_share(["đào_tạo", "bồi_dưỡng", "đạt"], title, [3.0, 3.5, 2.0]) > 0.7


def test_bm25_idf_is_lucenes():
    from index.lexical import BM25Field

    field = BM25Field()
    field.build([["năm", "kế_hoạch"], ["năm", "đào_tạo"], ["năm"], ["khác"]])
    idf = field.idf(["năm", "đào_tạo", "không_có"])
    assert idf.tolist() == pytest.approx([np.log(1 + 1.5 / 3.5), np.log(1 + 3.5 / 1.5), np.log(1 + 4.5 / 0.5)])


def test_document_spans_and_the_documents_named():
    doc_ids = ["a", "a", "a", "b", "b", "c"]
    assert document_spans(doc_ids) == {"a": (0, 3), "b": (3, 5), "c": (5, 6)}
    fused = {4: 0.9, 0: 0.8, 5: 0.7, 1: 0.1}
    assert named_documents(fused, doc_ids, 1) == ["b"]
    assert named_documents(fused, doc_ids, 2) == ["b", "a"]


def test_add_inside_scales_to_the_documents_best_clause():
    fused = {0: 1.0, 1: 0.5}
    scores = np.array([0.0, 2.0, 4.0, 9.0], dtype=np.float32)     # position 3 is another document's
    add_inside(fused, (0, 3), scores, 2.0)
    assert fused == {0: 1.0, 1: 1.5, 2: 2.0}      # a clause the pool missed enters with its share alone
    untouched = {0: 1.0}
    add_inside(untouched, (0, 1), scores, 2.0)    # nothing of the document shares the words: nothing added
    assert untouched == {0: 1.0}


PLAN = """ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH
-------
Số: 77/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Hà Tĩnh, ngày 02 tháng 5 năm 2025

KẾ HOẠCH
Truyền thông về phát triển du lịch cộng đồng năm 2025

Ủy ban nhân dân tỉnh ban hành Kế hoạch truyền thông về phát triển du lịch cộng đồng năm 2025 như sau:
I. MỤC ĐÍCH
1. Nâng cao nhận thức của người dân về phát triển du lịch cộng đồng năm 2025.
II. TỔ CHỨC THỰC HIỆN
1. Sở Văn hóa, Thể thao và Du lịch:
- Chủ trì tham mưu, tổ chức triển khai Kế hoạch này.
- Tổng hợp kết quả, báo cáo Ủy ban nhân dân tỉnh.
2. Báo và Phát thanh, Truyền hình tỉnh:
- Mở chuyên mục giới thiệu sản phẩm du lịch.
Trên đây là Kế hoạch truyền thông về phát triển du lịch cộng đồng năm 2025 của tỉnh.
"""
OTHER = """ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH
-------
Số: 78/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Hà Tĩnh, ngày 03 tháng 5 năm 2025

KẾ HOẠCH
Phòng, chống thiên tai năm 2025

1. Sở Nông nghiệp và Môi trường chủ trì tổ chức diễn tập phòng, chống thiên tai.
2. Ủy ban nhân dân cấp xã rà soát các khu dân cư ven sông.
"""


@pytest.fixture(scope="module")
def plans(tmp_path_factory):
    """Two plans in a hybrid index (e5-small), built once for this module."""
    from index.embed import load_embedder

    tmp = tmp_path_factory.mktemp("inside")
    mp = pytest.MonkeyPatch()
    mp.setenv("DIRECTIVES_HOME", str(tmp / "home"))
    for name, text in (("kh-77.txt", PLAN), ("kh-78.txt", OTHER)):
        (tmp / name).write_text(text, encoding="utf-8")
        assert main(["ingest", str(tmp / name)]) == 0
    archive = Archive()
    index = SearchIndex(archive, load_embedder("e5-small"))
    index.sync()
    yield Searcher(archive, index=index)
    archive.close()
    mp.undo()


QUESTION = "Sở nào chủ trì triển khai Kế hoạch truyền thông về phát triển du lịch cộng đồng năm 2025?"


def test_the_clause_inside_the_named_plan_comes_first(plans):
    hits = plans.search(QUESTION, k=3)
    assert hits[0].text.startswith("- Chủ trì tham mưu")
    # without it, the clauses that restate the plan's trích yếu come first
    assert not plans.search(QUESTION, k=3, inside=False)[0].text.startswith("- Chủ trì tham mưu")


def test_a_kind_word_alone_names_no_document(plans):
    """"kế hoạch" without the plan's topic: the title holds too little of the question to be the one it names."""
    question = "Kế hoạch nào giao tổng hợp kết quả, báo cáo Ủy ban nhân dân tỉnh?"
    assert [h.clause_id for h in plans.search(question, k=5)] == \
        [h.clause_id for h in plans.search(question, k=5, inside=False)]


def test_the_answer_reads_the_body_over_its_items(plans):
    """The clause found inside shares little of the question but the document's title does: the question is about
    it, so it is answered (the title is every clause's first heading)."""
    answer = Answerer(plans).ask(QUESTION)
    assert answer.value == "Sở Văn hóa, Thể thao và Du lịch"


def test_a_clause_is_related_through_its_documents_title(plans):
    """Without a close embedding, the best clause must share most of the question's words; the title of its document
    counts as its first heading."""
    from conftest import clause_of, hit_of

    title = clause_of("d1", "title", "KẾ HOẠCH Truyền thông về phát triển du lịch cộng đồng năm 2025")
    item = clause_of("d1", "II.1.-1", "- Chủ trì tham mưu, tổ chức triển khai Kế hoạch này.",
                     ["II. TỔ CHỨC THỰC HIỆN", "1. Sở Văn hóa, Thể thao và Du lịch:"])
    hit = hit_of(item)              # no dense score: the words decide
    answerer, read = Answerer(plans), plans.plan(QUESTION)
    assert answerer._related(QUESTION, read, hit, {title.id: title, item.id: item})
    assert not answerer._related(QUESTION, read, hit, {item.id: item})
    other = "Sở nào chủ trì triển khai kế hoạch phòng, chống dịch bệnh gia súc?"     # another plan's topic
    assert not answerer._related(other, plans.plan(other), hit, {title.id: title, item.id: item})
