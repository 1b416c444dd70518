"""Side-by-side comparison by province or year, and the 2025 province mergers it labels columns with."""
from __future__ import annotations

import json

import pytest

from index.search import Filters, Hit
from ingest.errors import DirectivesError
from ingest.vietnamese import PROVINCES
from qa.cli import main
from qa.compare import (
    CURRENT_PROVINCE,
    DENSE_MARGIN,
    compare,
    content_words,
    current_province,
    expand_province_filter,
    predecessors,
    relevant,
)

ONE_STOP = "cơ chế một cửa, một cửa liên thông"


# -- the mergers -----------------------------------------------------------------------------------

def test_merger_table_covers_every_province_once():
    # The 63 provinces before the merger, and Huế, the city Thừa Thiên Huế became in January 2025.
    assert len(CURRENT_PROVINCE) == 64 and set(CURRENT_PROVINCE) == set(PROVINCES)
    current = set(CURRENT_PROVINCE.values())
    assert len(current) == 34
    assert sum(len(predecessors(c)) for c in current) == 64
    unmerged = {c for c in current if predecessors(c) == [c]}
    assert unmerged == {"Hà Nội", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh", "Thanh Hóa",
                        "Nghệ An", "Hà Tĩnh", "Cao Bằng"}   # and Huế, renamed from Thừa Thiên Huế
    assert predecessors("Huế") == ["Huế", "Thừa Thiên Huế"]


def test_current_province_any_spelling():
    assert current_province("Kien Giang") == "An Giang"
    assert current_province("Vĩnh Phúc") == "Phú Thọ"
    assert current_province("TỈNH KIÊN GIANG") == "An Giang"
    assert current_province("tỉnh Hoà Bình") == "Phú Thọ"
    assert current_province("Bạc Liêu") == "Cà Mau"
    assert current_province("soc trang") == "Cần Thơ"
    assert current_province("Bà Rịa - Vũng Tàu") == "Thành phố Hồ Chí Minh"
    assert current_province("TP. HCM") == "Thành phố Hồ Chí Minh"
    assert current_province("Thừa Thiên Huế") == "Huế" and current_province("Huế") == "Huế"
    assert current_province("Hà Nội") == "Hà Nội"
    assert current_province("Atlantis") is None and current_province("") is None


def test_predecessors():
    assert predecessors("Phú Thọ") == ["Hòa Bình", "Phú Thọ", "Vĩnh Phúc"]
    assert predecessors("phu tho") == ["Hòa Bình", "Phú Thọ", "Vĩnh Phúc"]
    assert predecessors("An Giang") == ["An Giang", "Kiên Giang"]
    assert predecessors("Cần Thơ") == ["Cần Thơ", "Hậu Giang", "Sóc Trăng"]
    assert predecessors("Cà Mau") == ["Bạc Liêu", "Cà Mau"]
    assert predecessors("Hồ Chí Minh") == ["Bà Rịa - Vũng Tàu", "Bình Dương", "Thành phố Hồ Chí Minh"]
    assert predecessors("Kiên Giang") == []          # not one of today's provinces
    assert predecessors("Atlantis") == []


def test_expand_province_filter():
    assert expand_province_filter("Phú Thọ") == ["Hòa Bình", "Phú Thọ", "Vĩnh Phúc"]
    assert expand_province_filter("An Giang") == ["An Giang", "Kiên Giang"]
    assert expand_province_filter("Kiên Giang") == ["Kiên Giang"]
    assert expand_province_filter("kien giang") == ["Kiên Giang"]
    assert expand_province_filter("Vĩnh Phúc") == ["Vĩnh Phúc"]
    assert expand_province_filter("Hà Nội") == ["Hà Nội"]
    # Huế today is Thừa Thiên Huế before 2025 and the city's own documents since.
    assert expand_province_filter("Huế") == ["Huế", "Thừa Thiên Huế"]
    assert expand_province_filter("Thừa Thiên Huế") == ["Thừa Thiên Huế"]
    assert expand_province_filter("Atlantis") == []


# -- the relevance rule ----------------------------------------------------------------------------

def _hit(text: str, dense: float | None, headings: list[str] | None = None, score: float = 0.5) -> Hit:
    scores = {"bm25": 1.0} | ({"dense": dense} if dense is not None else {})
    return Hit(doc_id="d", source="s", number=None, doc_type=None, province="An Giang", date=None, clause_id="c",
               path="1", headings=headings or [], text=text, score=score, scores=scores)


def test_content_words_leave_out_function_and_generic_words():
    assert content_words(ONE_STOP) == ["cơ_chế", "cửa", "liên_thông"]
    assert content_words("tăng cường công tác cải cách hành chính") == ["cải_cách", "hành_chính"]


def test_relevant_keeps_shared_words_or_near_best_dense():
    words = content_words(ONE_STOP)
    best = 0.90
    assert relevant(_hit("Thực hiện cơ chế một cửa tại 15/15 huyện", 0.70), words, best)    # shares a word
    assert relevant(_hit("- Theo dõi", 0.70, ["3. Cơ chế một cửa liên thông"]), words, best)  # in its heading
    assert not relevant(_hit("Báo cáo của Sở Tư pháp về cải cách thể chế", 0.85), words, best)  # "của" ≠ "cửa"
    assert relevant(_hit("Bộ phận tiếp nhận và trả kết quả", best - DENSE_MARGIN / 2), words, best)
    assert not relevant(_hit("Bộ phận tiếp nhận và trả kết quả", best - 2 * DENSE_MARGIN), words, best)
    assert not relevant(_hit("Bộ phận tiếp nhận và trả kết quả", None), words, best)          # no dense score
    assert not relevant(_hit("cơ chế một cửa", 0.9, score=0.1), words, best, min_score=0.2)


# -- on the corpus ---------------------------------------------------------------------------------

def test_compare_by_province(searcher):
    result = compare(searcher, ONE_STOP)
    assert (result.topic, result.by) == (ONE_STOP, "province")
    assert [(c.key, c.current) for c in result.columns] == [
        ("An Giang", "An Giang"), ("Kiên Giang", "An Giang"), ("Vĩnh Phúc", "Phú Thọ")]
    for col in result.columns:
        assert col.hits and all(h.province == col.key for h in col.hits) and len(col.hits) <= 3
    cols = {c.key: c.hits for c in result.columns}
    # An Giang: 1504's item on renewing the one-stop mechanism (Nghị định 107/2021), 1319's from 2016, then 1504's
    # special policy for the staff of the one-stop unit
    assert [(h.number, h.date, h.path) for h in cols["An Giang"]] == [
        ("1504/UBND-TH", "2024-10-25", "1.-1"), ("1319/UBND-TH", "2016-09-14", "1.-4"),
        ("1504/UBND-TH", "2024-10-25", "3.p1")]
    # Kiên Giang: the 2020 report's one-stop section, in quarter III (I.3) and in the plan for quarter IV (III.3)
    assert [h.path for h in cols["Kiên Giang"]] == ["I.3", "III.3", "III.3.p1"]
    assert {(h.doc_type, h.date) for h in cols["Kiên Giang"]} == {("báo cáo", "2020-09-14")}
    # Vĩnh Phúc: only 1.c.-2 speaks of one-stop; the search's next two (item 4 on e-government, item 2 on
    # institutional reform) share no content word and sit far below the topic's best dense score, so the rule
    # drops them.
    assert [h.path for h in cols["Vĩnh Phúc"]] == ["1.c.-2"]
    raw = searcher.search(ONE_STOP, k=3, filters=Filters(province="Vĩnh Phúc"))
    assert [h.path for h in raw] == ["1.c.-2", "4", "2"]


def test_compare_per_group_and_omitted_groups(searcher):
    one = compare(searcher, ONE_STOP, per_group=1)
    assert [(c.key, [h.path for h in c.hits]) for c in one.columns] == [
        ("An Giang", ["1.-1"]), ("Kiên Giang", ["I.3"]), ("Vĩnh Phúc", ["1.c.-2"])]
    # Vĩnh Phúc's directive never speaks of staff cuts: its column is left out.
    cuts = compare(searcher, "tinh giản biên chế")
    assert [c.key for c in cuts.columns] == ["An Giang", "Kiên Giang"]
    with pytest.raises(DirectivesError):
        compare(searcher, ONE_STOP, by="month")
    with pytest.raises(DirectivesError):
        compare(searcher, ONE_STOP, per_group=0)


def test_compare_by_year(searcher):
    result = compare(searcher, "cải cách hành chính", by="year")
    assert [c.key for c in result.columns] == ["2016", "2020", "2022", "2024"]
    for col in result.columns:
        assert col.current is None and len(col.hits) == 3
        assert all(h.date.startswith(col.key) for h in col.hits)
    # the Vĩnh Phúc directive has no date, so it is in no year
    assert all(h.province != "Vĩnh Phúc" for col in result.columns for h in col.hits)


def _cli(capsys, *argv) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def test_cli_compare_text_and_json(corpus_home, monkeypatch, capsys):
    monkeypatch.setenv("DIRECTIVES_HOME", str(corpus_home))
    out = _cli(capsys, "compare", ONE_STOP)
    lines = out.splitlines()
    assert [x for x in lines if x.startswith("==")] == [
        "== An Giang (nay: An Giang) ==", "== Kiên Giang (nay: An Giang) ==", "== Vĩnh Phúc (nay: Phú Thọ) =="]
    assert lines[1].startswith("- 1504/UBND-TH, 2024-10-25 [1.-1] - Nghiêm túc đổi mới việc thực hiện cơ chế một cửa")
    assert lines[1].endswith("…") and len(lines[1]) <= len("- 1504/UBND-TH, 2024-10-25 [1.-1] ") + 301
    assert "- báo cáo, 2020-09-14 [I.3] 3. Cải cách thủ tục hành chính và thực hiện cơ chế một cửa" in out
    assert "- chỉ thị [1.c.-2] - Đẩy mạnh công tác cải cách thủ tục hành chính" in out

    data = json.loads(_cli(capsys, "compare", ONE_STOP, "-k", "2", "--json"))
    assert list(data) == ["topic", "by", "columns"] and (data["topic"], data["by"]) == (ONE_STOP, "province")
    assert [(c["key"], c["current"]) for c in data["columns"]] == [
        ("An Giang", "An Giang"), ("Kiên Giang", "An Giang"), ("Vĩnh Phúc", "Phú Thọ")]
    assert all(list(c) == ["key", "current", "hits"] and 1 <= len(c["hits"]) <= 2 for c in data["columns"])
    hit = data["columns"][0]["hits"][0]
    assert (hit["number"], hit["date"], hit["path"], hit["province"]) == ("1504/UBND-TH", "2024-10-25", "1.-1", "An Giang")
    assert set(hit["scores"]) == {"bm25", "dense"}

    out = _cli(capsys, "compare", "cải cách hành chính", "--by", "year")
    assert [x for x in out.splitlines() if x.startswith("==")] == ["== 2016 ==", "== 2020 ==", "== 2022 ==", "== 2024 =="]
    assert "- 1319/UBND-TH, An Giang, 2016-09-14 [" in out and "Vĩnh Phúc" not in out


def test_filter_by_current_province_includes_predecessors(corpus_home, monkeypatch):
    from index.search import Filters, Searcher

    monkeypatch.setenv("DIRECTIVES_HOME", str(corpus_home))
    searcher = Searcher()
    hits = searcher.search("cải cách hành chính", k=40, filters=Filters(current_province="An Giang"))
    assert {h.province for h in hits} == {"An Giang", "Kiên Giang"}
    hits = searcher.search("cải cách hành chính", k=40, filters=Filters(current_province="Phu Tho"))
    assert {h.province for h in hits} == {"Vĩnh Phúc"}
    searcher.archive.close()
