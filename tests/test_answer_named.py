"""An agency question's answer is never the body the question itself names (qa/agency_votes.py NAMED_IN_QUESTION)."""
from __future__ import annotations

import pytest

import qa.agency_votes
from qa.answer import Answerer


@pytest.fixture
def answerer(tmp_path, monkeypatch):
    from index.search import Searcher
    from ingest.archive import Archive
    from ingest.pipeline import ingest_paths

    monkeypatch.setenv("DIRECTIVES_HOME", str(tmp_path / "home"))
    (tmp_path / "qc.txt").write_text("\n\n".join([
        "ỦY BAN NHÂN DÂN", "TỈNH LAI CHÂU", "Số: 12/2025/QĐ-UBND", "Lai Châu, ngày 03 tháng 10 năm 2025",
        "QUYẾT ĐỊNH", "BAN HÀNH QUY CHẾ HOẠT ĐỘNG CỦA HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG TỈNH", "QUYẾT ĐỊNH:",
        "Điều 1. Hội đồng Thi đua - Khen thưởng tỉnh tham mưu cho Ủy ban nhân dân tỉnh về công tác thi đua.",
        "Điều 2. Hội đồng Thi đua - Khen thưởng tỉnh họp định kỳ; Sở Nội vụ là cơ quan thường trực của "
        "Hội đồng Thi đua - Khen thưởng tỉnh, chuẩn bị nội dung các phiên họp của Hội đồng Thi đua - Khen thưởng tỉnh.",
        "Điều 3. Quỹ Thi đua - Khen thưởng tỉnh trực thuộc Sở Tài chính, do Hội đồng Thi đua - Khen thưởng tỉnh "
        "đề nghị mức chi.",
        "Điều 4. Quyết định này có hiệu lực kể từ ngày ký./."]), encoding="utf-8")
    with Archive() as archive:
        ingest_paths([tmp_path / "qc.txt"], archive)
    return Answerer(Searcher(embedder=None))


@pytest.mark.parametrize("question, expected", [
    ("Cơ quan nào là cơ quan thường trực của Hội đồng Thi đua - Khen thưởng tỉnh Lai Châu?", "Sở Nội vụ"),
    ("Cơ quan nào chuẩn bị nội dung các phiên họp của Hội đồng Thi đua - Khen thưởng tỉnh?", "Sở Nội vụ"),
    # typed without marks, the body is named all the same: the question writes it out
    ("Co quan nao la co quan thuong truc cua Hoi dong Thi dua - Khen thuong tinh Lai Chau?", "Sở Nội vụ"),
])
def test_the_body_a_question_names_is_not_its_answer(answerer, monkeypatch, question, expected):
    assert answerer.ask(question).value == expected
    monkeypatch.setattr(qa.agency_votes, "NAMED_IN_QUESTION", 1.0)        # without the rule, the named body wins
    assert answerer.ask(question).value != expected


@pytest.mark.parametrize("question", ["Quỹ Thi đua - Khen thưởng tỉnh Lai Châu trực thuộc cơ quan nào?",
                                      "Quy Thi dua - Khen thuong tinh Lai Chau truc thuoc co quan nao?"])
def test_what_a_named_body_belongs_to(answerer, monkeypatch, question):
    """"X (trực) thuộc cơ quan nào?" is answered by the body after "thuộc" where the clause names X."""
    assert answerer.ask(question).value == "Sở Tài chính"
    monkeypatch.setattr(qa.agency_votes, "asks_parent", lambda q: False)   # without the rule, the Hội đồng wins
    assert answerer.ask(question).value != "Sở Tài chính"


@pytest.mark.parametrize("question,kind", [
    ("Trạm Kiểm lâm Lao Bảo thuộc Hạt Kiểm lâm nào?", "hat kiem lam "), ("Chi cục nào quản lý rừng?", "chi cuc "),
    ("Cục nào hướng dẫn thực hiện thông tư?", "cuc "), ("Sở nào chủ trì?", "so "),
    ("Quỹ nào cho vay?", None),                # "quỹ nào" folds to "quý nào", which quarter
])
def test_the_head_noun_a_question_asks_for(question, kind):
    from qa.question import asked_agency_kind, question_type
    assert asked_agency_kind(question) == kind
    assert (question_type(question) == "agency") == (kind is not None)


def test_a_body_written_only_inside_a_named_one_is_not_named(monkeypatch):
    """"Chính phủ" in "Văn phòng Chính phủ" is part of the body the question names, not a body it names."""
    from index.search import Hit
    from ingest.agencies import find_agencies
    from ingest.model import Clause
    from qa.agency_votes import agency_votes

    text = "Văn phòng Chính phủ trình Chính phủ ban hành Nghị định về công tác văn thư."
    clause = Clause("c1", "d1", "1", [], text, 0, len(text), 1, agencies=find_agencies(text))
    hit = Hit("d1", "nd.txt", None, None, None, None, "c1", "1", [], text, 1.0)

    def votes(question):
        return {a: round(v, 6) for (a, _), v in agency_votes(question, [hit], {"c1": clause})[0].items()}

    for question in ("Văn phòng Chính phủ trình cơ quan nào ban hành nghị định?",
                     "van phong chinh phu trinh co quan nao ban hanh nghi dinh?"):
        named = votes(question)
        monkeypatch.setattr(qa.agency_votes, "NAMED_IN_QUESTION", 1.0)
        plain = votes(question)
        monkeypatch.undo()
        assert named["Chính phủ"] == plain["Chính phủ"]
        assert named["Văn phòng Chính phủ"] < plain["Văn phòng Chính phủ"]


@pytest.mark.parametrize("agency, named, same", [
    ("Tòa án nhân dân tối cao", "Tòa án nhân dân", False),     # a field that goes on names another body
    ("Viện kiểm sát nhân dân tối cao", "Viện kiểm sát nhân dân", False),
    ("Cục Quản lý dược", "Cục Quản lý", False),
    ("Hội đồng Thi đua - Khen thưởng tỉnh Bắc Ninh", "Hội đồng Thi đua - Khen thưởng", True),   # its place
    ("Sở Y tế", "Sở Y tế Nghệ An", True),
    ("Ủy ban nhân dân thành phố", "Ủy ban nhân dân", True),
    ("Sở Y tế", "Sở Y tế", True),
])
def test_a_body_named_with_or_without_its_place(agency, named, same):
    from ingest.vietnamese import fold
    from qa.agency_votes import _named
    assert _named(agency, [fold(named)]) is same


def test_a_court_the_question_writes_shorter_is_still_an_answer():
    """"Thẩm phán Tòa án nhân dân" names the courts a judge sits in; the Supreme Court that decides is not that body."""
    from index.search import Hit
    from ingest.agencies import find_agencies
    from ingest.model import Clause
    from qa.agency_votes import agency_votes

    text = ("b) Chánh án Tòa án nhân dân tối cao quyết định nâng bậc Thẩm phán Tòa án nhân dân; "
            "Bộ Quốc phòng chủ trì hướng dẫn hồ sơ.")
    clause = Clause("c1", "d1", "1", [], text, 0, len(text), 1, agencies=find_agencies(text))
    hit = Hit("d1", "nq.txt", None, None, None, None, "c1", "1", [], text, 1.0)
    votes = {a: v for (a, _), v in agency_votes("Ai quyết định nâng bậc Thẩm phán Tòa án nhân dân?", [hit],
                                                {"c1": clause})[0].items()}
    assert max(votes, key=votes.get) == "Tòa án nhân dân tối cao"
