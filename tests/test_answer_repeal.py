"""Documents a text ends: "thay thế", "bãi bỏ", "hết hiệu lực" read in the clause, its item above, or its list, and
asked either way ("thay thế quyết định nào?", "bị bãi bỏ bởi văn bản nào?"), on sentences of several layouts."""
from __future__ import annotations

import pytest
from conftest import clause_of, hit_of

from ingest.citations import find_citations
from qa.repeal import asks_repealed, asks_repealer, repeal_link, repeals_items


@pytest.mark.parametrize("question,repealed,repealer", [
    ("Quyết định về tiêu chí đánh giá năm 2025 thay thế quyết định nào?", True, False),
    ("Thông tư 09/2025/TT-BCT bãi bỏ thông tư nào năm 2014?", True, False),
    ("Quy chế năm 2025 làm hết hiệu lực quyết định nào của UBND tỉnh?", True, False),
    ("Số hiệu quyết định năm 2002 về khám bệnh đã bị bãi bỏ năm 2025 là gì?", True, False),
    ("Quyết định năm 2024 về giá điện bị bãi bỏ bởi văn bản nào?", False, True),
    ("Nghị định này được thay thế bằng nghị định nào?", False, True),
    ("Quyết định nào quy định tiêu chí đánh giá?", False, False),
])
def test_what_a_repeal_question_asks(question, repealed, repealer):
    assert (asks_repealed(question), asks_repealer(question)) == (repealed, repealer)


def _link(text: str) -> dict[str, bool]:
    cited = find_citations(text)
    return {c.number: repeal_link(text, cited, c) for c in cited}


def test_the_documents_a_clause_ends():
    # the verb before its list, however long the items; a ";" that opens the next document keeps the list going
    assert _link("Quyết định này có hiệu lực kể từ ngày ký và thay thế Quyết định số 1849/QĐ-UBND ngày 20 tháng 8 năm "
                 "2024 của Ủy ban nhân dân thành phố về việc ban hành Quy chế tiêu chí, thang điểm và đánh giá, xếp loại "
                 "công tác dân vận của các cơ quan nhà nước trên địa bàn thành phố năm 2024; Quyết định số 824/QĐ-UBND "
                 "ngày 11 tháng 6 năm 2024 của Ủy ban nhân dân tỉnh về việc ban hành Quy định Tiêu chí.") == {
        "1849/QĐ-UBND": True, "824/QĐ-UBND": True}
    # "hết hiệu lực" before the list or after the document
    assert _link("Các Quyết định sau hết hiệu lực kể từ ngày Quyết định này có hiệu lực: Quyết định số "
                 "449/2016/QĐ-UBND ngày 18/3/2016; Quyết định số 08/2019/QĐ-UBND ngày 18/3/2019.") == {
        "449/2016/QĐ-UBND": True, "08/2019/QĐ-UBND": True}
    assert _link("Quyết định số 25/2025/QĐ-UBND ngày 02/4/2025 của UBND tỉnh hết hiệu lực kể từ ngày Quyết định này "
                 "có hiệu lực.") == {"25/2025/QĐ-UBND": True}
    # a sentence that cites without ending, one whose verb has ended with its sentence, and a text that lists others
    assert _link("Quyết định số 195/QĐ-UBND ngày 28/01/2019 về việc công bố danh mục văn bản quy phạm pháp luật của "
                 "tỉnh hết hiệu lực toàn bộ.") == {"195/QĐ-UBND": False}
    assert _link("Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư.") == {
        "30/2020/NĐ-CP": False}
    assert _link("Bãi bỏ Điều 5 của quy chế cũ. Thực hiện theo Quyết định số 12/2024/QĐ-UBND ngày 01/3/2024.") == {
        "12/2024/QĐ-UBND": False}


def test_an_item_above_ends_the_documents_its_items_list():
    assert repeals_items(["Điều 1. Bãi bỏ toàn bộ các văn bản quy phạm pháp luật sau:"])
    assert not repeals_items(["Điều 1. Ban hành kèm theo Quyết định này Quy chế phối hợp"])
    assert not repeals_items([])


def test_the_document_replaced_is_the_one_the_words_after_the_question_describe(answerer):
    """Of two documents a text replaces, the one "quyết định nào của UBND tỉnh Hậu Giang" describes; the words before
    describe the text that replaces them. The effect article is read even when the search did not rank it."""
    title = clause_of("d1", "title", "Quyết định ban hành tiêu chí đánh giá công tác dân vận năm 2025 của thành phố Cần "
                                   "Thơ; căn cứ Quyết định số 77/QĐ-UBND ngày 01/02/2025 về công tác dân vận.")
    effect = clause_of("d1", "Điều 2", "Quyết định này có hiệu lực kể từ ngày ký và thay thế Quyết định số 1849/QĐ-UBND "
                                     "ngày 20/8/2024 của Ủy ban nhân dân thành phố Cần Thơ về tiêu chí đánh giá công tác "
                                     "dân vận; Quyết định số 824/QĐ-UBND ngày 11/6/2024 của Ủy ban nhân dân tỉnh Hậu "
                                     "Giang về tiêu chí đánh giá công tác dân vận.")
    clauses = {c.id: c for c in (title, effect)}
    q = "Quyết định tiêu chí đánh giá công tác dân vận năm 2025 của Cần Thơ thay thế quyết định nào của UBND tỉnh Hậu Giang?"
    assert answerer._document(q, [hit_of(title, "2579/QĐ-UBND")], clauses).value == "824/QĐ-UBND"
    assert answerer._document(q.replace("tỉnh Hậu Giang", "thành phố Cần Thơ"), [hit_of(title, "2579/QĐ-UBND")],
                              clauses).value == "1849/QĐ-UBND"


def test_the_text_that_repeals_and_the_text_repealed(answerer):
    """An item under "Bãi bỏ ... các văn bản sau:" is ended by the text it stands in: asked by its agent ("bị bãi bỏ bởi
    văn bản nào") the answer is that text; asked for its number ("... đã bị bãi bỏ có số hiệu là gì") the item."""
    item = clause_of("d1", "Điều 1.16", "16. Quyết định số 05/2024/QĐ-TTg ngày 26 tháng 3 năm 2024 của Thủ tướng Chính phủ "
                                      "quy định về cơ chế điều chỉnh mức giá bán lẻ điện bình quân.",
                   ["Điều 1. Bãi bỏ toàn bộ các văn bản quy phạm pháp luật sau:"])
    hits, clauses = [hit_of(item, "44/2025/QĐ-TTg")], {item.id: item}
    asked = answerer._document("Quyết định năm 2024 về cơ chế điều chỉnh mức giá bán lẻ điện bị bãi bỏ bởi văn bản nào?",
                               hits, clauses)
    assert asked.value == "44/2025/QĐ-TTg"
    assert answerer._document("Số hiệu quyết định năm 2024 về cơ chế điều chỉnh giá bán lẻ điện đã bị bãi bỏ là gì?",
                              hits, clauses).value == "05/2024/QĐ-TTg"


def test_a_repealer_asked_of_a_text_that_lists_the_ended_is_the_text_cited(answerer):
    """"... công bố danh mục văn bản hết hiệu lực bằng quyết định nào?": no text of the archive ends the list; the
    decision cited for it is the answer."""
    report = clause_of("d1", "I.2", "Ủy ban nhân dân tỉnh ban hành Quyết định số 195/QĐ-UBND ngày 28/01/2019 về việc "
                                  "công bố danh mục văn bản quy phạm pháp luật của tỉnh hết hiệu lực toàn bộ.")
    answer = answerer._document("Tỉnh công bố danh mục văn bản quy phạm pháp luật hết hiệu lực bằng quyết định nào?",
                                [hit_of(report, "50/BC-UBND")], {report.id: report})
    assert answer.value == "195/QĐ-UBND"
