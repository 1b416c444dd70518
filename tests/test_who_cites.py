"""Who cites this decree, asked in words: answered from the archive's citing clauses, not from a search."""
from __future__ import annotations

import pytest

from index.search import Filters
from qa.question import asks_citers, named_law


@pytest.mark.parametrize("question,asks", [
    ("Văn bản nào trích dẫn Nghị định 107/2021/NĐ-CP?", True), ("Nghị định 107/2021/NĐ-CP được văn bản nào trích dẫn?", True),
    ("Nghị định 61/2018/NĐ-CP được những văn bản nào căn cứ?", True), ("tinh nao dan chieu nghi dinh 107/2021/nd-cp", True),
    ("Which documents cite Decree 107/2021/ND-CP?", True), ("Is Decree 61/2018/ND-CP cited by which documents?", True),
    ("who cites decree 61/2018/ND-CP", True),
    # what the named document cites is asked after the verb, or with the named document as its subject
    ("Công văn 582/UBND-NC căn cứ nghị định nào?", False), ("Công văn 582/UBND-NC trích dẫn văn bản nào?", False),
    ("Nghị định nào được Công văn 582/UBND-NC trích dẫn?", False), ("Which decree does 582/UBND-NC cite?", False),
    ("Văn bản nào trích dẫn nghị định về số hóa?", False),       # no number: a search, not a lookup
])
def test_asks_who_cites_a_document(question, asks):
    assert asks_citers(question) is asks


@pytest.mark.parametrize("question,value,answer,cited", [
    ("Nghị định 107/2021/NĐ-CP được văn bản nào trích dẫn?", "1504/UBND-TH; 582/UBND-NC",
     ("107/2021/NĐ-CP được dẫn chiếu trong 2 văn bản: 1504/UBND-TH (An Giang, 25/10/2024); "
      "582/UBND-NC (Kiên Giang, 21/04/2022)"),
     [("An Giang", "1.-1", ["Nghị định số 107/2021/NĐ-CP"]),
      ("Kiên Giang", "5.p1", ["Nghị định số 107/2021/NĐ-CP ngày 06 tháng 12 năm 2021 của Chính phủ"])]),
    ("Văn bản nào của An Giang căn cứ Nghị định 61/2018/NĐ-CP?", "1504/UBND-TH",
     "61/2018/NĐ-CP được dẫn chiếu trong 1 văn bản: 1504/UBND-TH (An Giang, 25/10/2024)",
     [("An Giang", "1.-1", ["Nghị định số 61/2018/NĐ-CP"])]),
])
def test_who_cites_a_named_document(answerer, question, value, answer, cited):
    """The archive's citing clauses, newest document first: a search had answered with 61/2018/NĐ-CP, a document
    the citing clause cites beside the named one."""
    result = answerer.ask(question)
    assert (result.type, result.value, result.answer, [
        (c.hit.province, c.hit.path, [c.hit.text[a:b] for a, b in c.marks]) for c in result.citations]) == (
        "document", value, answer, cited)


@pytest.mark.parametrize("question,law", [
    ("Văn bản nào trích dẫn Luật Ban hành văn bản quy phạm pháp luật năm 2015?",
     "Luật Ban hành văn bản quy phạm pháp luật năm 2015"),
    ("van ban nao can cu luat ban hanh van ban quy pham phap luat", "Luật ban hanh van ban quy pham phap luat"),
    ("Những văn bản nào căn cứ Luật Cán bộ, công chức ở An Giang?", "Luật Cán bộ, công chức"),
    ("Luật nào được trích dẫn?", None), ("Văn bản nào trích dẫn luật?", None),
])
def test_a_law_named_by_its_name(question, law):
    assert named_law(question) == law


def test_who_cites_a_law_named_without_its_year(answerer):
    result = answerer.ask("van ban nao can cu luat ban hanh van ban quy pham phap luat")
    law = "Luật Ban hành văn bản quy phạm pháp luật năm 2015"
    assert (result.answer, [(c.hit.path, [c.hit.text[a:b] for a, b in c.marks]) for c in result.citations]) == (
        f"{law} được dẫn chiếu trong 1 văn bản: Báo cáo (Kiên Giang, 14/09/2020)",
        [("I.2.p2", [law]), ("III.2.-1", [law])])


def test_who_cites_a_document_within_the_filters(answerer):
    """The app's and the CLI's filters narrow the citing clauses as they narrow a search."""
    ask = "Nghị định 107/2021/NĐ-CP được văn bản nào trích dẫn?"
    assert answerer.ask(ask, Filters(year_from=2023)).value == "1504/UBND-TH"
    assert answerer.ask(ask, Filters(province="Kiên Giang")).value == "582/UBND-NC"
    assert answerer.ask(ask, Filters(province="kien giang")).value == "582/UBND-NC"   # as `--province` is typed
    result = answerer.ask(ask, Filters(doc_type="chỉ thị"))
    assert (result.found, result.answer) == (
        False, "Trong kho không có văn bản nào trong phạm vi bộ lọc dẫn chiếu 107/2021/NĐ-CP.")


def test_who_cites_a_document_nothing_cites(answerer):
    result = answerer.ask("who cites decree 999/2020/ND-CP")
    assert (result.found, result.answer) == (False, "Trong kho không có văn bản nào dẫn chiếu 999/2020/NĐ-CP.")
    result = answerer.ask("Văn bản nào trích dẫn Luật Cán bộ, công chức?")
    assert (result.found, result.answer) == (False, "Trong kho không có văn bản nào dẫn chiếu Luật Cán bộ, công chức.")
