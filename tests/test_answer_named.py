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


@pytest.fixture
def circular(tmp_path, monkeypatch):
    """A circular whose articles repeat its topic and whose last one gives the guidance to a body over "Thông tư
    này", in none of the topic's words."""
    from index.search import Searcher
    from ingest.archive import Archive
    from ingest.pipeline import ingest_paths

    monkeypatch.setenv("DIRECTIVES_HOME", str(tmp_path / "home"))
    topic = "định mức chi cho hoạt động kiểm định chất lượng giáo dục"
    articles = [f"Điều {n}. {what} {topic} {tail}" for n, (what, tail) in enumerate([
        ("Phạm vi điều chỉnh: Thông tư quy định", "tại các cơ sở giáo dục."),
        ("Đối tượng áp dụng:", "áp dụng với cơ sở giáo dục đại học, do Bộ Tài chính cấp kinh phí."),
        ("Nguyên tắc xác định", "bảo đảm công khai, do Bộ Tài chính kiểm tra."),
        ("Nội dung", "gồm chi đánh giá ngoài và chi thẩm định, Bộ Tài chính bố trí."),
        ("Mức", "tối đa bằng 70% mức chi của cơ sở, Bộ Tài chính thẩm định."),
        ("Lập dự toán", "thực hiện theo Luật Ngân sách nhà nước, Bộ Tài chính tổng hợp."),
        ("Quyết toán", "thực hiện hằng năm cùng báo cáo tài chính."),
        ("Điều chỉnh", "khi chỉ số giá thay đổi theo thông báo của Bộ Tài chính."),
    ], start=1)]
    (tmp_path / "tt.txt").write_text("\n\n".join([
        "BỘ GIÁO DỤC VÀ ĐÀO TẠO", "Số: 21/2025/TT-BGDĐT", "Hà Nội, ngày 03 tháng 10 năm 2025", "THÔNG TƯ",
        "QUY ĐỊNH " + topic.upper(), *articles,
        "Điều 9. Cục Quản lý chất lượng chủ trì, phối hợp với các đơn vị liên quan hướng dẫn, kiểm tra việc thực "
        "hiện Thông tư này.", "Điều 10. Thông tư này có hiệu lực từ ngày 20 tháng 11 năm 2025.",
        "Điều 11. Thông tư này quy định chi tiết khoản 3 Điều 12 của Nghị định số 24/2025/NĐ-CP ngày 10 tháng 02 năm "
        "2025 của Chính phủ; các mức chi khác thực hiện theo Thông tư số 40/2017/TT-BTC./."]), encoding="utf-8")
    # a plan beside it, whose items all say "chủ trì, hướng dẫn thực hiện": those words tell its clauses apart little
    fields = ["chuyển đổi số", "cải cách hành chính", "phòng cháy", "an toàn thực phẩm", "giảm nghèo", "du lịch",
              "xây dựng nông thôn mới", "bảo vệ rừng", "phổ biến pháp luật", "dân số", "việc làm", "trật tự đô thị"]
    (tmp_path / "kh.txt").write_text("\n\n".join([
        "ỦY BAN NHÂN DÂN", "TỈNH LAI CHÂU", "Số: 40/KH-UBND", "Lai Châu, ngày 05 tháng 10 năm 2025", "KẾ HOẠCH",
        "TRIỂN KHAI NHIỆM VỤ NĂM 2026", "I. NHIỆM VỤ",
        *[f"{n}. Sở Nội vụ chủ trì, phối hợp với các đơn vị hướng dẫn thực hiện công tác {f} năm 2026."
          for n, f in enumerate(fields, start=1)]]), encoding="utf-8")
    with Archive() as archive:
        ingest_paths([tmp_path / "tt.txt", tmp_path / "kh.txt"], archive)
    return Answerer(Searcher(embedder=None))


def test_a_body_given_the_whole_text_is_given_its_topic(circular, monkeypatch):
    """"X chủ trì ... hướng dẫn thực hiện Thông tư này": X guides what the circular's title names."""
    import qa.evidence
    question = "Cơ quan nào hướng dẫn định mức chi cho hoạt động kiểm định chất lượng giáo dục?"
    assert circular.ask(question).value == "Cục Quản lý chất lượng"
    monkeypatch.setattr(qa.evidence, "BESIDE_READ", 0)          # without the rule, the clauses the search found
    assert circular.ask(question).value != "Cục Quản lý chất lượng"


def test_a_document_question_reads_the_citations_it_describes(circular):
    """The best document's other clauses that cite what the question describes are read beside the hits."""
    from qa.evidence import described_citations
    question = "Thông tư về định mức chi kiểm định chất lượng giáo dục quy định chi tiết khoản 3 Điều 12 của nghị định nào?"
    hits = circular._hits(question, None, inside=False)
    clauses = circular._clauses(hits)
    rest = [h for h in hits if not h.text.startswith("Điều 11.")][:1]       # as if the search had ranked it low
    found = described_citations(question, rest, clauses, "nghị định", 0.5)
    assert [h.text[:9] for h in found] == ["Điều 11. "] and 0 < found[0].score < rest[0].score
    assert described_citations(question, rest, clauses, "luật", 0.5) == []     # no law is cited there
    assert circular.ask(question).value == "24/2025/NĐ-CP"
