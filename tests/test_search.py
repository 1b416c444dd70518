"""Search over the bundled corpus: diacritics, codes, filters, incremental updates, the CLI."""
from __future__ import annotations

import json
import shutil

import pytest
from conftest import SEEDS

from index import fusion
from index.search import (
    BODY_QUESTION_DENSE_WEIGHT,
    DENSE_WEIGHT,
    ENGLISH_DENSE_WEIGHT,
    PROVINCE_BOOST,
    Filters,
    Searcher,
    parse_years,
)
from index.store import SearchIndex
from ingest.archive import Archive
from qa.cli import main


def top(hits, n=5):
    return [(h.province, h.path) for h in hits[:n]]


def test_without_diacritics_finds_the_same_clauses(searcher):
    for mode in ("bm25", "hybrid"):
        a = searcher.search("một cửa liên thông", k=5, mode=mode)
        b = searcher.search("mot cua lien thong", k=5, mode=mode)
        assert top(a) == top(b)
    assert searcher.plan("tinh gian bien che").restored == "tinh giản biên chế"
    assert top(searcher.search("tinh gian bien che", k=1, mode="bm25")) == [("Kiên Giang", "III.4.-2")]


def test_english_question_finds_vinh_phuc_item_3(searcher):
    hits = searcher.search("who is in charge of reforming administrative procedures?", k=3)
    assert ("Vĩnh Phúc", "3") in top(hits, 3)
    assert searcher.plan("who is in charge of reforming administrative procedures?").english


def test_english_words_are_dropped_not_restored(searcher):
    """Left in, "the" and "on" came back as "thế" and "ổn", and "Kien Giang's" as "kiến"."""
    assert searcher.plan("which decree does the digitisation of records follow?").restored == "nghị định số hóa hồ sơ follow?"
    plan = searcher.plan("one-stop shop in Kien Giang's province")
    assert (plan.restored, plan.provinces, plan.english) == ("một cửa kiên giang tỉnh", ["Kiên Giang"], True)
    plan = searcher.plan("deadline for upgrading the information system in An Giang")
    assert plan.restored == "hoàn thành trước ngày nâng cấp hệ thống thông tin an giang"


def test_a_document_number_with_marks_leaves_an_english_question_english(searcher):
    """A number such as "582/UBND-NC" or "4001/QĐ-BKHCN" carries Vietnamese letters; like a province name it says
    nothing of the language the question is written in."""
    plan = searcher.plan("Which tasks does Dispatch 582/UBND-NC assign to the Department of Home Affairs?")
    assert plan.english and "582/UBND-NC" in plan.restored
    plan = searcher.plan("Which procedures did the Ministry publish in Decision 4001/QĐ-BKHCN?")
    assert plan.english and plan.codes == ["4001/qđ-bkhcn"]


def test_english_reading_keeps_what_the_glossary_wrote_and_marks_only_names(searcher):
    """English function words go from what the glossary left untranslated, never from its Vietnamese: dropped
    after translating, "an" had gone from "an toàn" and "Công an". An untranslated English word stays as typed
    ("cap", "set" had come back as "cấp", "sét"); a capitalised run is a name and gets its marks."""
    plan = searcher.plan("Who must keep the food safety records set up by the police in Kien Giang?")
    assert plan.restored == "keep an toàn thực phẩm hồ sơ thành lập công an kiên giang?"
    assert searcher.plan("What is the annual cap on fees in Vinh Phuc's plan?").restored == \
        "hằng năm cap phí vĩnh phúc kế hoạch?"
    assert searcher.plan("Which traffic safety tasks did the Prime Minister's decision set?").restored == \
        "an toàn giao thông nhiệm vụ thủ tướng chính phủ quyết định set?"


@pytest.mark.parametrize("typed, read", [
    ("manages the Quang Tri Forest Protection Sub-Department?", "manages the Sub-Department Forest Protection Quang Tri?"),
    ("Which Da Nang Science Fund pays", "Which Fund Science Da Nang pays"),
    ("sent to the National Assembly Standing Committee", "sent to the National Assembly Standing Committee"),
    ("the Kien Giang People's Committee office", "the Kien Giang People's Committee office"),
    ("which department leads", "which department leads"),
])
def test_an_english_body_name_is_read_head_first(typed, read):
    """English writes a body's field before its head noun, Vietnamese after it ("Chi cục Kiểm lâm Quảng Trị"); a name
    the glossary writes whole keeps its words."""
    from index.english import head_first
    from index.text import ENGLISH
    assert head_first(typed, ENGLISH) == read


def test_the_glossary_is_a_file_staff_can_extend(tmp_path):
    from index.english import GLOSSARY, load_glossary
    from ingest.errors import DirectivesError

    assert (GLOSSARY["one-stop shop"], GLOSSARY["how many"], GLOSSARY["ward"]) == ("một cửa", "bao nhiêu", "phường")
    assert len(GLOSSARY) > 1000          # the bundled topics' phrases and the wider archive's sectors
    f = tmp_path / "glossary.txt"
    f.write_text("# a comment\n\nE-Office  System = hệ thống quản lý văn bản\n", encoding="utf-8")
    assert load_glossary(f) == {"e-office system": "hệ thống quản lý văn bản"}
    f.write_text("one-stop shop = một cửa\nsubmit: trình\n", encoding="utf-8")
    with pytest.raises(DirectivesError, match=r"glossary.txt:2: write a glossary line as .*'submit: trình'"):
        load_glossary(f)


def test_a_glossary_term_is_found_in_its_plural_too():
    """One line per term: "ward" also reads "wards", "ministry" "ministries", "tax" "taxes"; a plural the
    glossary writes itself ("funds" = kinh phí) keeps its own meaning over the singular's ("fund" = Quỹ)."""
    from index.english import plurals, translate

    assert (plurals("ward"), plurals("ministry"), plurals("tax"), plurals("day")) == (
        ["wards"], ["ministries"], ["taxes"], ["days"])
    assert translate("Which Wards, ministries and taxes") == "Which phường, Bộ and thuế"
    assert translate("funds of the fund") == "kinh phí of the Quỹ"
    assert translate("how many times in the time set") == "bao nhiêu lần in the thời gian set"   # "times" counts
    assert translate("poor households in industrial parks") == "hộ nghèo in khu công nghiệp"
    assert translate("directly wardens") == "directly wardens"      # a term inside a longer word is no term


def test_english_feedback_question_reads_as_the_directives_word_it(searcher):
    """Without "feedback" and "coordination rules" in the glossary, BM25 matched nothing but "Quyết định" (dev q181)."""
    q = "Which decision of Kien Giang sets the coordination rules for receiving and handling citizens' feedback?"
    assert searcher.plan(q).restored == ("quyết định kiên giang sets quy chế phối hợp tiếp nhận xử lý người dân "
                                         "phản ánh, kiến nghị?")
    assert top(searcher.search(q, k=1)) == [("Kiên Giang", "III.3.-2")]
    from qa.answer import Answerer
    assert Answerer(searcher).ask(q).value == "808/QĐ-UBND"


def test_english_figure_question_names_the_part_it_counts(searcher):
    """"new" and "announce" glossed: "công bố TTHC mới 179 thủ tục" is the part asked, not the total 363 (dev q258)."""
    q = "How many new administrative procedures did Kien Giang announce in Q3 2020?"
    assert searcher.plan(q).restored == "bao nhiêu mới thủ tục hành chính kiên giang công bố quý iii 2020?"
    from qa.answer import Answerer
    result = Answerer(searcher).ask(q)
    assert (result.value, [(c.hit.path, [c.hit.text[s:e] for s, e in c.marks]) for c in result.citations]) == (
        "179", [("I.3.p1", ["179 thủ tục"])])


def test_a_province_named_in_the_query_comes_first(searcher):
    query = "cơ chế một cửa, một cửa liên thông"
    assert top(searcher.search(query, k=2)) == [("An Giang", "1.-1"), ("Kiên Giang", "I.3")]
    assert searcher.plan(query + " ở Kiên Giang").provinces == ["Kiên Giang"]
    # III.3.-2 (Nghị định 20/2008 on feedback, an item of the one-stop section III.3) edges the section headings
    assert top(searcher.search(query + " ở Kiên Giang", k=3)) == [
        ("Kiên Giang", "III.3.-2"), ("Kiên Giang", "I.3"), ("Kiên Giang", "III.3")]
    assert {h.province for h in searcher.search(query + " ở Kiên Giang", k=8, mode="bm25")} == {"Kiên Giang"}


def test_a_question_asking_for_a_body_leans_on_words(searcher):
    for query in ("Cơ quan nào chủ trì chuyển đổi số?", "Co quan nao chu tri chuyen doi so?",
                  "Sở nào tham mưu cải cách hành chính?", "Ai chịu trách nhiệm số hóa hồ sơ?"):
        assert searcher.plan(query).dense_weight == BODY_QUESTION_DENSE_WEIGHT, query
    for query in ("Quyết định số nào ban hành quy chế?", "Số hóa hồ sơ thực hiện thế nào?",   # a number; no body;
                  "Tỉnh lắp bao nhiêu camera AI?"):                                             # the acronym
        assert searcher.plan(query).dense_weight == DENSE_WEIGHT, query
    assert searcher.plan("Which agency leads digitisation?").dense_weight == ENGLISH_DENSE_WEIGHT


def test_boosts_are_on_the_fusions_own_scale(searcher):
    """Under RRF (scores about 1/60) a province boost of 0.2 had put every clause of the province above every
    other clause, however unrelated; a boost is a share of the top score."""
    query = "cơ chế một cửa, một cửa liên thông ở Kiên Giang"
    ranked, runs = searcher.rank(query, k=20, fusion_method="rrf")
    plain = fusion.rrf(runs)
    assert max(plain.values()) < 0.05
    assert ranked[0][1] <= max(plain.values()) * (1 + PROVINCE_BOOST) + 1e-9
    assert searcher.index.table.province[ranked[0][0]] == "Kiên Giang"     # the boost still counts


def test_a_document_named_by_its_number_is_searched_first(searcher):
    """"Công văn 582/UBND-NC ..." asks about that letter: hybrid put An Giang's 1504/UBND-TH item first (dev q034)."""
    for query in ("Công văn 582/UBND-NC yêu cầu số hóa hồ sơ theo nghị định nào?",
                  "Cong van 582/UBND-NC yeu cau so hoa ho so theo nghi dinh nao?"):
        hits = searcher.search(query, k=2)
        # its own clauses first: the one that answers, then another of the letter before An Giang's like item
        assert (hits[0].number, hits[0].path) == ("582/UBND-NC", "5.p1") and hits[1].number == "582/UBND-NC"
    every = range(len(searcher.index.table.doc_ids))
    assert searcher._own_positions(["1319/ubnd-th"], every) == {i for i, d in enumerate(searcher.index.table.doc_ids)
                                                                  if d == "487aac0df5d94468"}
    assert searcher._own_positions(["107/2021/nđ-cp"], every) == set()      # cited, not in the archive
    assert searcher.archive.numbered(["582/ubnd-nc", "107/2021/nđ-cp"]) == {"58c21c1f45915fe9": "582/ubnd-nc"}


def test_a_province_named_is_metadata_not_a_word_of_the_clause(searcher):
    """As words, "Vĩnh Phúc" found the one clause that writes it (the newspaper "Báo Vĩnh Phúc") and put it first."""
    plan = searcher.plan("Cơ quan nào chủ trì cải cách thể chế ở tỉnh Vĩnh Phúc?")
    assert (plan.words_text, plan.provinces) == ("Cơ quan nào chủ trì cải cách thể chế ?", ["Vĩnh Phúc"])
    words = ["cơ_quan", "chủ_trì", "cải_cách", "thể_chế"]          # "nào" is a question word: dropped
    assert searcher.lexical_tokens(plan) == (words, ["co", "quan", "chu", "tri", "cai", "cach", "the", "che"])
    plan = searcher.plan("co quan nao chu tri cai cach the che o vinh phuc")
    assert plan.words_text == "cơ quan nào chủ trì cải cách thể chế"
    assert searcher.lexical_tokens(plan)[0] == words
    assert "ai" not in searcher.lexical_tokens(searcher.plan("ai chủ trì chuyển đổi số"))[0]
    assert "ai" in searcher.lexical_tokens(searcher.plan("ứng dụng AI trong cải cách hành chính"))[0]
    assert searcher.plan("Vĩnh Phúc").words_text == "Vĩnh Phúc"        # nothing else to search for
    hits = searcher.search("Cơ quan nào chủ trì cải cách thể chế ở Vĩnh Phúc?", k=3, mode="bm25")
    assert hits[0].path == "2" and "12" not in [h.path for h in hits]   # was 2, 12 ("Báo Vĩnh Phúc"), 11.-3
    assert {h.province for h in hits} == {"Vĩnh Phúc"}


def test_either_spelling_finds_the_clause(searcher):
    for query in ("kế hoạch cải cách hành chính hằng năm", "kế hoạch cải cách hành chính hàng năm"):
        hits = searcher.search(query, k=1, mode="bm25")
        assert (hits[0].province, hits[0].path) == ("Vĩnh Phúc", "11.-2") and "hàng năm" in hits[0].text


def test_a_document_code_finds_the_clauses_citing_it(searcher):
    for written in ("107/2021/NĐ-CP", "107/2021/ND-CP", "nghi dinh 107/2021/nd-cp"):
        hits = searcher.search(written, k=2)
        assert sorted(top(hits, 2)) == [("An Giang", "1.-1"), ("Kiên Giang", "5.p1")]


def test_filters(searcher):
    hits = searcher.search("cải cách hành chính", k=10, filters=Filters(province="an giang", year_from=2020))
    assert len(hits) == 10 and {(h.province, h.date) for h in hits} == {("An Giang", "2024-10-25")}
    hits = searcher.search("cải cách hành chính", k=5, filters=Filters(doc_type="báo cáo"))
    assert {h.doc_type for h in hits} == {"báo cáo"} and len(hits) == 5
    hits = searcher.search("cải cách", k=50, filters=Filters(cites="39/NQ-TW"))
    assert sorted(top(hits, 50)) == [("An Giang", "1.-2"), ("Kiên Giang", "III.4.-2")]
    hits = searcher.search("nhiệm vụ", k=50, mode="bm25", filters=Filters(year_to=2016))
    assert {h.date for h in hits} == {"2016-09-14"}
    # k results whenever k exist, even when the query words are rare among the allowed clauses
    hits = searcher.search("tinh giản biên chế", k=18, filters=Filters(province="An Giang", year_to=2016))
    assert len(hits) == 18


def test_parse_years():
    assert parse_years("2020-2024") == (2020, 2024)
    assert parse_years("2022") == (2022, 2022)
    assert parse_years("2020-") == (2020, None)


def test_hit_fields(searcher):
    h = searcher.search("Sở Kế hoạch và Đầu tư tham mưu môi trường kinh doanh PCI", k=1)[0]
    assert list(h.to_dict()) == ["doc_id", "source", "number", "doc_type", "province", "date", "clause_id", "path",
                                 "headings", "text", "score", "scores"]
    assert (h.province, h.path, h.doc_type) == ("Vĩnh Phúc", "6", "chỉ thị")
    assert set(h.scores) == {"bm25", "dense"}


def test_empty_query_and_no_hits(searcher):
    assert searcher.search("   ") == []
    assert searcher.search("zzzqqq", mode="bm25") == []


def test_add_then_remove_round_trip(tmp_path, monkeypatch):
    """Adding a document updates the index in place; removing it leaves results exactly as before."""
    monkeypatch.setenv("DIRECTIVES_HOME", str(tmp_path / "home"))
    for seed in ("000", "001", "002"):
        shutil.copy(SEEDS[seed], tmp_path / SEEDS[seed].name)
        assert main(["ingest", str(tmp_path / SEEDS[seed].name)]) == 0
    query = "tinh giản biên chế cải cách thủ tục hành chính"
    with Archive() as archive:
        index = SearchIndex(archive, None)
        assert index.sync()["added"] == 76
        before = [(h.clause_id, h.score) for h in Searcher(archive, index=index).search(query, k=8, mode="bm25")]
    assert main(["ingest", str(SEEDS["003"])]) == 0
    with Archive() as archive:
        index = SearchIndex(archive, None)
        assert index.sync() == {"added": 58, "removed": 0}          # only the new document is tokenised
        during = Searcher(archive, index=index).search(query, k=8, mode="bm25")
        assert any(h.number is None and h.province == "Kiên Giang" for h in during)
    assert main(["remove", "kien-giang_bao-cao-cchc-quy-III_2020.txt"]) == 0
    with Archive() as archive:
        index = SearchIndex(archive, None)
        assert index.sync() == {"added": 0, "removed": 58}
        after = [(h.clause_id, h.score) for h in Searcher(archive, index=index).search(query, k=8, mode="bm25")]
    assert after == before


def _cli_json(capsys, *argv):
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def test_cli_search_and_batch(corpus_home, monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("DIRECTIVES_HOME", str(corpus_home))
    a = json.loads(_cli_json(capsys, "search", "mot cua lien thong", "-k", "5", "--json"))
    b = json.loads(_cli_json(capsys, "search", "một cửa liên thông", "-k", "5", "--json"))
    assert [h["clause_id"] for h in a] == [h["clause_id"] for h in b]
    en = json.loads(_cli_json(capsys, "search", "who is in charge of reforming administrative procedures?", "-k", "3",
                               "--json"))
    assert ("Vĩnh Phúc", "3") in [(h["province"], h["path"]) for h in en]
    queries = tmp_path / "q.jsonl"
    queries.write_text('{"id": "q1", "query": "tinh gian bien che"}\n{"id": "q2", "query": "Thanh tra tỉnh"}\n',
                       encoding="utf-8")
    lines = _cli_json(capsys, "search", "--queries", str(queries), "-k", "2", "--mode", "bm25").splitlines()
    rows = [json.loads(x) for x in lines]
    assert [r["id"] for r in rows] == ["q1", "q2"] and [len(r["hits"]) for r in rows] == [2, 2]
    assert rows[0]["hits"][0]["path"] == "III.4.-2"
    text = _cli_json(capsys, "search", "Thanh tra tỉnh chủ trì", "-k", "1", "--province", "Vĩnh Phúc")
    assert text.startswith("1. [8] chỉ thị, Vĩnh Phúc  (")
    with_synonyms = json.loads(_cli_json(capsys, "search", "giảm nhân sự", "-k", "1", "--mode", "bm25", "--json"))
    literal = json.loads(_cli_json(capsys, "search", "giảm nhân sự", "-k", "1", "--mode", "bm25", "--json",
                                   "--no-synonyms"))
    assert [(h["province"], h["path"]) for h in with_synonyms + literal] == [
        ("Kiên Giang", "I.5.p1"), ("An Giang", "preamble.2")]


def test_agency_filter_with_role(searcher):
    hits = searcher.search("cải cách hành chính", k=50, filters=Filters(agency="So Noi vu", role="report_to"))
    assert sorted(top(hits, 50)) == [("An Giang", "1.-6"), ("Vĩnh Phúc", "13")]   # "gửi Sở Nội vụ để tổng hợp"
    hits = searcher.search("cải cách hành chính", k=50, filters=Filters(agency="Sở Nội vụ", role="lead"))
    assert len(hits) >= 6
    for h in hits:
        roles = {(a.agency, a.role) for c in searcher.archive.clauses(h.doc_id) if c.id == h.clause_id
                 for a in c.agencies}
        assert ("Sở Nội vụ", "lead") in roles


def test_a_query_with_another_embedder_is_refused(searcher):
    from ingest.errors import DirectivesError

    with pytest.raises(DirectivesError, match="built with 'e5-small', not 'st:other'"):
        searcher.index.vectors.check("st:other")


def test_approximate_index_above_the_threshold_and_filtered_k():
    import numpy as np

    from index.dense import VectorIndex

    rng = np.random.default_rng(0)
    vectors = rng.standard_normal((3000, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    exact, approx = VectorIndex("e5-small", 16), VectorIndex("e5-small", 16, approximate_above=1000)
    exact.set(vectors)
    approx.set(vectors)
    assert (exact.approximate, approx.approximate) == (False, True)
    allowed = np.zeros(3000, dtype=bool)
    allowed[::7] = True                                   # 429 allowed positions
    for index in (exact, approx):
        positions, _ = index.search(vectors[5], 10)
        assert positions[0] == 5
        positions, _ = index.search(vectors[14], 10, allowed)
        assert len(positions) == 10 and positions[0] == 14 and all(p % 7 == 0 for p in positions)
    assert set(exact.search(vectors[0], 10)[0]) == set(approx.search(vectors[0], 10)[0])


@pytest.mark.parametrize("query, named", [
    ("Which agency leads the digital economy plan in Hanoi?", ["Hà Nội"]),
    ("When does the Ho Chi Minh City plan take effect?", ["Thành phố Hồ Chí Minh"]),
    ("HCMC and Danang flood plans", ["Thành phố Hồ Chí Minh", "Đà Nẵng"]),
    ("kế hoạch của tỉnh Dak Lak", ["Đắk Lắk"]),
    ("thanh pho Hue hoc phi", ["Huế"]),
])
def test_places_in_any_spelling(query, named):
    from index.search import provinces_named
    from ingest.vietnamese import find_province

    assert [find_province(p) for p in provinces_named(query)] == named


def test_document_fit_counts_only_for_a_query_that_speaks_of_a_document():
    from index.search import NAMES_A_DOCUMENT
    from ingest.vietnamese import fold

    assert NAMES_A_DOCUMENT.search(fold("Theo nghị quyết của HĐND Hà Nội, mức chi là bao nhiêu?"))
    assert NAMES_A_DOCUMENT.search("which plan of bac ninh covers the digital economy")
    assert not NAMES_A_DOCUMENT.search(fold("Cơ quan nào chủ trì chuyển đổi số?"))


NATIONAL = """ỦY BAN THƯỜNG VỤ QUỐC HỘI
-------
Số: 1661/NQ-UBTVQH15
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Hà Nội, ngày 16 tháng 6 năm 2025

NGHỊ QUYẾT
VỀ VIỆC SẮP XẾP CÁC ĐƠN VỊ HÀNH CHÍNH CẤP XÃ CỦA TỈNH NGHỆ AN NĂM 2025

Điều 1. Sắp xếp các đơn vị hành chính cấp xã
1. Sắp xếp toàn bộ diện tích tự nhiên, quy mô dân số của các xã Lộc Điền và Lộc Sơn thành xã mới có tên gọi là xã Lộc Hà.
2. Sắp xếp toàn bộ diện tích tự nhiên, quy mô dân số của các xã Mỹ Thành và Mỹ Lợi thành xã mới có tên gọi là xã Mỹ Hòa.
"""
PROVINCIAL = """ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH
-------
Số: 210/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Hà Tĩnh, ngày 02 tháng 5 năm 2025

KẾ HOẠCH
Triển khai sắp xếp đơn vị hành chính cấp xã

1. Sắp xếp các xã, sắp xếp toàn bộ diện tích tự nhiên và quy mô dân số của xã cũ thành xã mới, đặt tên gọi xã mới.
2. Công bố tên gọi các xã mới sau khi sắp xếp diện tích tự nhiên, quy mô dân số.
"""


def test_a_national_text_about_a_named_province_counts_as_that_province(tmp_path, monkeypatch):
    """A Nghị quyết of the Standing Committee has no province of its own, yet its trích yếu says whose communes it
    rearranges: a question naming that province gets the province's boost for it, as for the province's own texts."""
    monkeypatch.setenv("DIRECTIVES_HOME", str(tmp_path / "home"))
    for name, text in (("nq-1661.txt", NATIONAL), ("kh-210.txt", PROVINCIAL)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        assert main(["ingest", str(tmp_path / name)]) == 0
    with Archive() as archive:
        index = SearchIndex(archive, None)
        index.sync()
        searcher = Searcher(archive, index=index)
        assert {d.province for d in archive.documents()} == {None, "Hà Tĩnh"}
        assert list(searcher._about_provinces().values()) == [{"Nghệ An"}]
        hits = searcher.search("Ở Nghệ An, sắp xếp diện tích tự nhiên, quy mô dân số các xã thành xã mới tên gì?",
                               k=2, mode="bm25")
        assert [h.source.endswith("nq-1661.txt") for h in hits] == [True, True]
        hits = searcher.search("sắp xếp diện tích tự nhiên, quy mô dân số các xã thành xã mới tên gì?", k=1, mode="bm25")
        assert hits[0].source.endswith("kh-210.txt")        # without the province, the plan's words win
        # a province filter keeps it with the province's own texts
        kept = {h.source.split("/")[-1] for h in searcher.search("xã mới", k=10, mode="bm25",
                                                                   filters=Filters(province="Nghệ An"))}
        assert kept == {"nq-1661.txt"}
        kept = {h.source.split("/")[-1] for h in searcher.search("xã mới", k=10, mode="bm25",
                                                                   filters=Filters(province="Hà Tĩnh"))}
        assert kept == {"kh-210.txt"}


@pytest.mark.parametrize("text,named", [
    ("Ở Nam Định, sở nào chủ trì?", ["Nam Định"]), ("o nam dinh so nao chu tri", ["nam dinh"]),
    ("Hanoi and HCMC", ["Hanoi", "HCMC"]),
    # "Việt Nam định cư" is no Nam Định, however it is typed; a name capitalises every word it has
    ("người Việt Nam định cư ở nước ngoài", []), ("nguoi viet nam dinh cu o nuoc ngoai", []),
])
def test_a_province_is_named_only_as_a_name(text, named):
    from index.search import provinces_named
    assert provinces_named(text) == named
