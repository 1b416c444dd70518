"""Agencies and their roles: exact lists on the bundled corpus, and every role and spelling on small texts."""
from __future__ import annotations

import pytest

from ingest.agencies import canonical_agency, find_agencies

VP = "Văn phòng Ủy ban nhân dân tỉnh"
UBT = "Ủy ban nhân dân tỉnh"
CT = "Chủ tịch Ủy ban nhân dân tỉnh"
HUYEN = "Ủy ban nhân dân cấp huyện"
XA = "Ủy ban nhân dân cấp xã"
SBN = "Các sở, ban, ngành tỉnh"
TW = "Các cơ quan Trung ương trên địa bàn tỉnh"
BCD = "Ban Chỉ đạo Cải cách hành chính tỉnh"
VP1 = [(SBN, "lead"), (TW, "lead"), (HUYEN, "lead")]        # Vĩnh Phúc item 1's subjects, inherited by 1.a-1.f


def clause(doc, path):
    return next(c for c in doc.clauses if c.path == path)


def roles(c) -> list[tuple[str, str]]:
    return [(r.agency, r.role) for r in find_agencies(c.text, c.headings)]


CORPUS = [
    # Kiên Giang 582/UBND-NC 2022
    ("000", "preamble.1", [("Thủ tướng Chính phủ", "mention"),
                           ("Ban Chỉ đạo Cải cách hành chính của Chính phủ", "mention"),
                           ("Văn phòng Chính phủ", "mention"), (UBT, "mention"), (SBN, "lead"), (HUYEN, "lead")]),
    ("000", "3", [("Ban Chỉ đạo Cải cách hành chính", "mention"), (SBN, "lead"), (HUYEN, "lead"), (UBT, "mention"),
                  (CT, "mention")]),
    ("000", "8", [("Sở Nội vụ", "lead")]),
    ("000", "8.a", [("Sở Nội vụ", "lead"), ("Sở Nội vụ", "advise"), (CT, "mention"), (BCD, "mention")]),
    ("000", "8.c", [("Sở Nội vụ", "lead"), ("Sở Nội vụ", "advise"), (CT, "mention"), (SBN, "mention"),
                    (HUYEN, "mention"), (XA, "mention"), ("Bộ Nội vụ", "mention")]),
    ("000", "8.d", [("Sở Nội vụ", "lead"), (SBN, "mention"), (HUYEN, "mention"), (UBT, "mention")]),
    ("000", "9.b", [("Sở Thông tin và Truyền thông", "lead")]),
    ("000", "closing.1", [(UBT, "mention"), (SBN, "lead"), (HUYEN, "lead")]),
    # Vĩnh Phúc chỉ thị 2022
    ("001", "preamble.3", [("Thủ tướng Chính phủ", "mention"), (CT, "mention")]),
    ("001", "1", VP1),
    ("001", "1.a", VP1),
    ("001", "1.c.-2", VP1),
    ("001", "1.b", VP1 + [("Chính phủ", "mention"), ("Thủ tướng Chính phủ", "mention"), (UBT, "mention")]),
    ("001", "1.e", VP1 + [("Các bộ, ngành Trung ương", "mention")]),
    ("001", "2", [("Sở Tư pháp", "lead")]),
    ("001", "3", [(VP, "lead")]),
    ("001", "4", [("Sở Thông tin và Truyền thông", "lead")]),
    ("001", "5", [("Sở Tài chính", "lead"), ("Sở Nội vụ", "coordinate"), (UBT, "mention")]),
    ("001", "6", [("Sở Kế hoạch và Đầu tư", "advise"), (UBT, "mention")]),
    ("001", "7", [("Sở Khoa học và Công nghệ", "lead"), ("Sở Khoa học và Công nghệ", "advise"), (UBT, "mention")]),
    ("001", "8", [("Thanh tra tỉnh", "lead")]),
    ("001", "11", [("Sở Nội vụ", "lead"), ("Sở Nội vụ", "advise"), (UBT, "mention")]),
    ("001", "11.-1", [("Sở Nội vụ", "lead")]),
    ("001", "11.-2", [("Sở Nội vụ", "lead"), ("Sở Tài chính", "report_to"), (CT, "mention")]),
    ("001", "11.-3", [("Sở Nội vụ", "lead"), ("Sở Nội vụ", "advise"), (UBT, "mention"), (CT, "mention")]),
    ("001", "11.-5", [("Sở Nội vụ", "lead"), (CT, "report_to")]),
    ("001", "12", [("Báo Vĩnh Phúc", "lead"), ("Đài Phát thanh và Truyền hình tỉnh", "lead"),
                   ("Cổng Thông tin điện tử tỉnh", "lead"), (SBN, "mention"), (HUYEN, "mention")]),
    ("001", "13", VP1 + [("Sở Nội vụ", "report_to"), (CT, "report_to")]),
    # An Giang 1319/UBND-TH 2016
    ("002", "preamble.3", [(CT, "mention"), (BCD, "mention"), (SBN, "lead"), (HUYEN, "lead")]),
    ("002", "1.-2", [(UBT, "mention"), (HUYEN, "mention"), ("Các bộ, ngành Trung ương", "mention")]),
    ("002", "1.-6", [(SBN, "lead"), ("Sở Nội vụ", "report_to"), (UBT, "report_to")]),
    ("002", "1.-7", [("Sở Y tế", "lead"), ("Sở Giáo dục và Đào tạo", "lead"), ("Sở Xây dựng", "lead"),
                     ("Sở Tài nguyên và Môi trường", "lead"), ("Sở Kế hoạch và Đầu tư", "lead"),
                     ("Sở Nội vụ", "coordinate")]),
    ("002", "4", [(SBN, "mention"), (HUYEN, "mention"), ("Sở Nội vụ", "mention"), ("Ban Chỉ đạo", "mention")]),
    ("002", "4.p1", [("Sở Nội vụ", "mention"), (VP, "mention"), ("Sở Tư pháp", "mention"), ("Sở Tài chính", "mention"),
                     ("Sở Thông tin và Truyền thông", "mention"), ("Sở Kế hoạch và Đầu tư", "mention"),
                     ("Sở Khoa học và Công nghệ", "mention")]),
    ("002", "closing.1", [(UBT, "mention"), (CT, "mention"), (SBN, "lead"), (HUYEN, "lead")]),
    # Kiên Giang báo cáo CCHC quý III 2020
    ("003", "preamble.1", [(UBT, "mention")]),
    ("003", "I.1.p3", [("Chính phủ", "mention"), (UBT, "mention"), ("Báo Kiên Giang", "mention"),
                       ("Đài Phát thanh và Truyền hình tỉnh", "lead"), ("Cổng Thông tin điện tử tỉnh", "lead"),
                       ("Sở Nội vụ", "mention"), (SBN, "mention"), (HUYEN, "mention")]),
    ("003", "I.5.p1", [(UBT, "mention"), ("Bộ Nội vụ", "mention"), (SBN, "mention"), (HUYEN, "mention"),
                       ("Hội đồng nhân dân tỉnh", "mention"),
                       # bodies found by grammar (a head noun and its field), not on any list
                       ("Ban Giám sát", "mention"), ("Trường Cao đẳng Y tế Kiên Giang", "mention"),
                       ("Ban Quản lý Dự án đầu tư", "mention")]),
    ("003", "II.p1", [("Trung tâm Phục vụ hành chính công tỉnh", "mention")]),     # "văn bản chỉ đạo" is no Ban
    ("003", "III.1.p1", [(SBN, "lead"), (HUYEN, "lead"), (XA, "lead"), (UBT, "mention")]),
    ("003", "III.2.-1", []),
    ("003", "III.4.-2", [("Bộ Chính trị", "mention"), ("Chính phủ", "mention"), (CT, "mention")]),
    # An Giang 1504/UBND-TH 2024
    ("004", "preamble.1", [("Thủ tướng Chính phủ", "mention"), ("Văn phòng Chính phủ", "mention"), (CT, "mention")]),
    ("004", "1", [(SBN, "lead"), (HUYEN, "lead")]),
    ("004", "1.-1", [(SBN, "lead"), (HUYEN, "lead"), ("Thủ tướng Chính phủ", "mention")]),
    ("004", "2.p1", [("Sở Thông tin và Truyền thông", "lead")]),
    ("004", "3.p1", [("Sở Nội vụ", "lead"), ("Sở Nội vụ", "advise"), (VP, "coordinate"), (UBT, "mention"),
                     ("Chính phủ", "mention")]),
    ("004", "4.-1", [(VP, "lead"), ("Sở Tư pháp", "coordinate")]),
    ("004", "4.-3", [(VP, "lead"), ("Văn phòng Chính phủ", "mention"), ("Các bộ, ngành Trung ương", "report_to")]),
]


@pytest.mark.parametrize("seed,path,expected", CORPUS, ids=[f"{s}-{p}" for s, p, _ in CORPUS])
def test_corpus_clause(parsed, seed, path, expected):
    assert roles(clause(parsed[seed], path)) == expected


def test_heading_roles_have_no_span_and_the_heading_words(parsed):
    c = clause(parsed["000"], "8.a")
    lead, advise = find_agencies(c.text, c.headings)[:2]
    assert (lead.role, lead.raw, lead.start, lead.end) == ("lead", "Sở Nội vụ", -1, -1)
    assert (advise.role, advise.raw, advise.start, advise.end) == ("advise", "Sở Nội vụ", -1, -1)
    c = clause(parsed["004"], "1.-2")
    assert [(r.raw, r.start) for r in find_agencies(c.text, c.headings)] == [
        ("Sở, ban, ngành tỉnh", -1), ("Ủy ban nhân dân huyện, thị xã, thành phố", -1)]


def test_spans_point_into_the_clause_and_names_are_canonical(parsed):
    for doc in parsed.values():
        for c in doc.clauses:
            found = find_agencies(c.text, c.headings)
            assert len({(r.agency, r.role) for r in found}) == len(found)
            assert [r.start for r in found] == sorted(r.start for r in found)
            for r in found:
                assert r.role in {"lead", "coordinate", "advise", "report_to", "mention"}
                assert canonical_agency(r.agency) == r.agency
                if r.start < 0:
                    assert r.end == -1 and any(r.raw in h for h in c.headings)
                else:
                    assert c.text[r.start:r.end] == r.raw


def test_1504_3p1_spans():
    text = ("Sau khi có hướng dẫn của cơ quan cấp trên, Sở Nội vụ chủ trì, phối hợp với Văn phòng UBND tỉnh "
            "tham mưu UBND tỉnh hướng dẫn các đơn vị.")
    got = find_agencies(text, ["3. Sở Nội vụ, Văn phòng UBND tỉnh"])
    assert [(r.agency, r.role, r.raw, r.start) for r in got] == [
        ("Sở Nội vụ", "lead", "Sở Nội vụ", -1), ("Sở Nội vụ", "advise", "Sở Nội vụ", 43),
        (VP, "coordinate", "Văn phòng UBND tỉnh", 75), (UBT, "mention", "UBND tỉnh", 104)]


def r(text: str, headings: list[str] = ()) -> list[tuple[str, str, str]]:
    return [(x.agency, x.role, x.raw) for x in find_agencies(text, headings)]


@pytest.mark.parametrize("text,expected", [
    # lead: "X chủ trì", "X: Chủ trì", "giao X", "X có trách nhiệm", "là cơ quan thường trực"
    ("Sở Nội vụ chủ trì thực hiện.", [("Sở Nội vụ", "lead", "Sở Nội vụ")]),
    ("2. Sở Tư pháp: Chủ trì, phối hợp với các cơ quan liên quan.", [("Sở Tư pháp", "lead", "Sở Tư pháp")]),
    ("Giao Sở Tài chính chủ trì thẩm định.", [("Sở Tài chính", "lead", "Sở Tài chính")]),
    ("Đề nghị Sở Y tế triển khai.", [("Sở Y tế", "lead", "Sở Y tế")]),
    ("Thanh tra tỉnh có trách nhiệm kiểm tra.", [("Thanh tra tỉnh", "lead", "Thanh tra tỉnh")]),
    ("Thành lập Tổ giúp việc. Sở Nội vụ là cơ quan thường trực.", [("Sở Nội vụ", "lead", "Sở Nội vụ")]),
    # coordinate: the object of "phối hợp với" coordinates; its subject acts and leads
    ("Sở Tài chính chủ trì, phối hợp với Sở Nội vụ và Văn phòng UBND tỉnh.",
     [("Sở Tài chính", "lead", "Sở Tài chính"), ("Sở Nội vụ", "coordinate", "Sở Nội vụ"),
      (VP, "coordinate", "Văn phòng UBND tỉnh")]),
    ("- Các Sở Y tế, Xây dựng phối hợp với Sở Nội vụ triển khai khảo sát.",
     [("Sở Y tế", "lead", "Sở Y tế"), ("Sở Xây dựng", "lead", "Xây dựng"), ("Sở Nội vụ", "coordinate", "Sở Nội vụ")]),
    ("Giao Sở KH&ĐT chủ trì; Sở TT&TT, Sở GD&ĐT phối hợp.",
     [("Sở Kế hoạch và Đầu tư", "lead", "Sở KH&ĐT"), ("Sở Thông tin và Truyền thông", "coordinate", "Sở TT&TT"),
      ("Sở Giáo dục và Đào tạo", "coordinate", "Sở GD&ĐT")]),
    # advise: "X tham mưu", "X: Tham mưu"; the one advised is only mentioned
    ("Sở Kế hoạch và Đầu tư: Tham mưu UBND tỉnh ban hành kế hoạch.",
     [("Sở Kế hoạch và Đầu tư", "advise", "Sở Kế hoạch và Đầu tư"), (UBT, "mention", "UBND tỉnh")]),
    ("Văn phòng UBND tỉnh tham mưu Chủ tịch UBND tỉnh.",
     [(VP, "advise", "Văn phòng UBND tỉnh"), (CT, "mention", "Chủ tịch UBND tỉnh")]),
    # report_to
    ("Các sở báo cáo kết quả về Sở Nội vụ để tổng hợp, báo cáo UBND tỉnh.",
     [("Sở Nội vụ", "report_to", "Sở Nội vụ"), (UBT, "report_to", "UBND tỉnh")]),
    ("Lập dự toán, gửi Sở Tài chính thẩm định, trình Chủ tịch UBND tỉnh quyết định.",
     [("Sở Tài chính", "report_to", "Sở Tài chính"), (CT, "mention", "Chủ tịch UBND tỉnh")]),
    # issuer and its addressees
    ("Chủ tịch UBND tỉnh An Giang (Trưởng ban) yêu cầu các sở, ban, ngành thực hiện.",
     [(CT, "mention", "Chủ tịch UBND tỉnh An Giang"), (SBN, "lead", "sở, ban, ngành")]),
    # mention
    ("Theo hướng dẫn của Bộ Nội vụ và Văn phòng Chính phủ.",
     [("Bộ Nội vụ", "mention", "Bộ Nội vụ"), ("Văn phòng Chính phủ", "mention", "Văn phòng Chính phủ")]),
])
def test_roles(text, expected):
    assert r(text) == expected


def test_spellings_without_diacritics_and_abbreviations():
    assert r("So Noi vu chu tri, phoi hop voi So Tai chinh va VP UBND tinh tham muu UBND tinh.") == [
        ("Sở Nội vụ", "lead", "So Noi vu"), ("Sở Nội vụ", "advise", "So Noi vu"),
        ("Sở Tài chính", "coordinate", "So Tai chinh"), (VP, "coordinate", "VP UBND tinh"),
        (UBT, "mention", "UBND tinh")]


def test_lists_expand_to_each_department():
    assert r("Các Sở: Y tế, Xây dựng và Sở Lao động, Thương binh và Xã hội có trách nhiệm báo cáo về Sở Nội vụ.") == [
        ("Sở Y tế", "lead", "Sở: Y tế"), ("Sở Xây dựng", "lead", "Xây dựng"),
        ("Sở Lao động - Thương binh và Xã hội", "lead", "Sở Lao động, Thương binh và Xã hội"),
        ("Sở Nội vụ", "report_to", "Sở Nội vụ")]
    assert [a for a, _, _ in r("Ủy ban nhân dân cấp huyện, cấp xã và Ủy ban nhân dân cấp tỉnh.")] == [HUYEN, XA, UBT]


def test_headings_give_leads_to_sub_items():
    assert r("a) Tham mưu Chủ tịch UBND tỉnh thành lập Ban Chỉ đạo.", ["8. Sở Nội vụ"]) == [
        ("Sở Nội vụ", "lead", "Sở Nội vụ"), ("Sở Nội vụ", "advise", "Sở Nội vụ"), (CT, "mention", "Chủ tịch UBND tỉnh"),
        ("Ban Chỉ đạo", "mention", "Ban Chỉ đạo")]
    assert r("- Rà soát quy trình.", ["1. Sở, ban, ngành tỉnh, Ủy ban nhân dân huyện, thị xã, thành phố"]) == [
        (SBN, "lead", "Sở, ban, ngành tỉnh"), (HUYEN, "lead", "Ủy ban nhân dân huyện, thị xã, thành phố")]
    # the innermost heading with leads wins; a heading agency the clause makes a partner is not a lead
    assert r("- Phối hợp với Sở Tư pháp.", ["1. Sở Y tế", "a) Triển khai các nội dung sau:"]) == [
        ("Sở Y tế", "lead", "Sở Y tế"), ("Sở Tư pháp", "coordinate", "Sở Tư pháp")]
    assert r("Sở Y tế chủ trì, phối hợp với Sở Tư pháp.", ["2. Sở Y tế, Sở Tư pháp"]) == [
        ("Sở Y tế", "lead", "Sở Y tế"), ("Sở Tư pháp", "coordinate", "Sở Tư pháp")]


def test_steering_committees():
    assert r("Kiện toàn Ban Chỉ đạo Cấp nước an toàn tỉnh Kiên Giang.") == [
        ("Ban Chỉ đạo Cấp nước an toàn tỉnh", "mention", "Ban Chỉ đạo Cấp nước an toàn tỉnh Kiên Giang")]
    # a bare "Ban Chỉ đạo" is the one named before; its mention gives way to the role the second sentence gives
    assert r("Thành lập Ban Chỉ đạo Cải cách hành chính của tỉnh. Ban Chỉ đạo họp hằng quý.") == [
        (BCD, "lead", "Ban Chỉ đạo")]
    assert r("Ban Chỉ đạo tổ chức kiểm tra.") == [("Ban Chỉ đạo", "lead", "Ban Chỉ đạo")]


@pytest.mark.parametrize("text, expected", [
    ("Công an Thành phố chủ trì, phối hợp với Bộ Tư lệnh Thành phố và các đơn vị có liên quan kiểm tra định kỳ.",
     [("Công an Thành phố", "lead"), ("Bộ Tư lệnh Thành phố", "coordinate")]),
    ("Trung tâm Chuyển đổi số Thành phố chủ trì bảo đảm kết nối hạ tầng.",
     [("Trung tâm Chuyển đổi số Thành phố", "lead")]),
    ("Ban Quản lý các khu công nghệ cao và khu công nghiệp chủ trì thực hiện.",
     [("Ban Quản lý các khu công nghệ cao và khu công nghiệp", "lead")]),
    ("Giao Bộ Chỉ huy Quân sự tỉnh chủ trì, phối hợp với Thuế tỉnh và Thanh tra thành phố.",
     [("Bộ Chỉ huy Quân sự tỉnh", "lead"), ("Thuế tỉnh", "coordinate"), ("Thanh tra thành phố", "coordinate")]),
    ("Báo và Phát thanh, Truyền hình tỉnh tuyên truyền rộng rãi.", [("Báo và Phát thanh, Truyền hình tỉnh", "lead")]),
    ("Sở Quy hoạch - Kiến trúc phối hợp với Sở Xây dựng.",
     [("Sở Quy hoạch - Kiến trúc", "lead"), ("Sở Xây dựng", "coordinate")]),
    # "xã hội" (society) is no commune ending the name; a verb after the name ends it
    ("Ngân hàng Chính sách xã hội chủ trì cho vay.", [("Ngân hàng Chính sách xã hội", "lead")]),
    ("Ủy ban Thường vụ Quốc hội xem xét, quyết định.", [("Ủy ban Thường vụ Quốc hội", "lead")]),
    ("Hội đồng Thẩm định bố trí kinh phí; Văn phòng Điều phối chỉ đạo triển khai.",
     [("Hội đồng Thẩm định", "lead"), ("Văn phòng Điều phối", "mention")]),
    ("Người điều hành gửi báo cáo cho Tập đoàn Điện lực Việt Nam.", [("Tập đoàn Điện lực Việt Nam", "report_to")]),
])
def test_bodies_by_grammar_keep_their_place_as_written(text, expected):
    assert [(x.agency, x.role) for x in find_agencies(text)] == expected


@pytest.mark.parametrize("text, expected", [
    # a task's own lines, and a task table's row read with its column names
    ("Đơn vị chủ trì: Công an Thành phố.", [("Công an Thành phố", "lead")]),
    ("Đơn vị phối hợp: Sở Tài chính, Sở Nội vụ.", [("Sở Tài chính", "coordinate"), ("Sở Nội vụ", "coordinate")]),
    ("1. Nhiệm vụ: Rà soát thủ tục; Cơ quan chủ trì: Sở Tư pháp; Cơ quan phối hợp: Văn phòng Ủy ban nhân dân tỉnh; "
     "Thời gian hoàn thành: Quý IV/2025", [("Sở Tư pháp", "lead"), (VP, "coordinate")]),
])
def test_roles_from_labelled_lines_and_columns(text, expected):
    assert [(x.agency, x.role) for x in find_agencies(text)] == expected


def test_not_agencies():
    # Nor by grammar: a capital head noun not followed by a name ("Hội nghị trực tuyến", "Trung tâm dữ liệu"),
    # or a word that folds to one ("Quý IV", "Bảo đảm", "Trưởng ban").
    assert r("Hội nghị trực tuyến sơ kết; Trung tâm dữ liệu quốc gia; Quý IV/2025; Bảo đảm an toàn; Trưởng ban họp.") == []
    assert r("Văn bản chỉ đạo; cơ sở Y tế; số Nội vụ; Bộ phận Một cửa; cán bộ Tư pháp; Chính phủ điện tử, "
             "Chính phủ số; Quyết định số 79/TB-VPCP và 05/KH-UBND tỉnh.") == []


@pytest.mark.parametrize("name,canonical", [
    ("So Noi vu", "Sở Nội vụ"), ("sở nội vụ", "Sở Nội vụ"), ("Giám đốc Sở Tài chính", "Sở Tài chính"),
    ("Sở KH&ĐT", "Sở Kế hoạch và Đầu tư"), ("So KHDT", "Sở Kế hoạch và Đầu tư"),
    ("Sở TT&TT", "Sở Thông tin và Truyền thông"), ("So LDTBXH", "Sở Lao động - Thương binh và Xã hội"),
    ("Sở VHTTDL", "Sở Văn hóa, Thể thao và Du lịch"), ("Sở NN&PTNT", "Sở Nông nghiệp và Phát triển nông thôn"),
    ("Sở Ngoại vụ", "Sở Ngoại vụ"), ("Bộ Nội vụ", "Bộ Nội vụ"),
    ("VP UBND tỉnh", VP), ("Văn phòng UBND tỉnh", VP), ("Văn phòng Ủy ban nhân dân tỉnh", VP),
    ("UBND tinh", UBT), ("Chủ tịch UBND tỉnh", CT),
    ("UBND cấp huyện", HUYEN), ("Ủy ban nhân dân các huyện, thành phố", HUYEN),
    ("UBND huyện, thị xã, thành phố", HUYEN), ("UBND cấp xã", XA),
    ("Sở, ban, ngành tỉnh", SBN), ("các sở, ban, ngành", SBN),
    ("Ban Chỉ đạo Cải cách hành chính của tỉnh", BCD),
    ("Ban Chỉ đạo Chương trình Cải cách hành chính tỉnh An Giang", BCD),
    ("Chủ tịch Ủy ban nhân dân (UBND) tỉnh", CT), ("Thanh tra tỉnh", "Thanh tra tỉnh"),
    ("thanh tra tinh", "Thanh tra tỉnh"), ("Đài PTTH tỉnh", "Đài Phát thanh và Truyền hình tỉnh"),
    ("Báo Vĩnh Phúc", "Báo Vĩnh Phúc"), ("bao kien giang", "Báo Kiên Giang"), ("Báo An Giang", "Báo An Giang"),
    ("Tỉnh ủy", "Tỉnh ủy"), ("HĐND tỉnh", "Hội đồng nhân dân tỉnh"), ("Cổng TTĐT tỉnh", "Cổng Thông tin điện tử tỉnh"),
    ("Trung tâm Phục vụ hành chính công tỉnh", "Trung tâm Phục vụ hành chính công tỉnh"),
    ("Văn phòng Chính phủ", "Văn phòng Chính phủ"), ("Thủ tướng Chính phủ", "Thủ tướng Chính phủ"),
    ("Chính phủ", "Chính phủ"),
    ("Sở Nội vụ và Sở Tài chính", None), ("Nội vụ", None), ("số Nội vụ", None), ("hello", None), ("", None),
])
def test_canonical_agency(name, canonical):
    assert canonical_agency(name) == canonical


@pytest.mark.parametrize("text,agency", [
    # the place after a body's name is kept as written: a commune's or a ward's centre is its own
    ("Phân công nhiệm vụ: Trung tâm Phục vụ hành chính công cấp xã; Thời gian: 0,5 ngày làm việc",
     "Trung tâm Phục vụ hành chính công cấp xã"),
    ("Trung tâm Phục vụ hành chính công phường Hòa Bình tiếp nhận hồ sơ.",
     "Trung tâm Phục vụ hành chính công phường Hòa Bình"),
    ("Trung tâm Phục vụ hành chính công tỉnh tiếp nhận hồ sơ.", "Trung tâm Phục vụ hành chính công tỉnh"),
    ("Trung tâm Phục vụ hành chính công tiếp nhận hồ sơ.", "Trung tâm Phục vụ hành chính công tỉnh"),
    # any province's body whose "tỉnh" is optional: another level, region or the country after it is kept
    ("Kho bạc Nhà nước khu vực VII kiểm soát chi theo quy định.", "Kho bạc Nhà nước khu vực VII"),
    ("Kho bạc Nhà nước phối hợp kiểm soát chi.", "Kho bạc Nhà nước tỉnh"),
    ("Giao Ban Dân tộc huyện rà soát danh sách hộ nghèo.", "Ban Dân tộc huyện"),
    ("Kho bạc Nhà nước quận 3 phối hợp kiểm soát chi.", "Kho bạc Nhà nước quận 3"),
    ("Đài Phát thanh và Truyền hình Việt Nam đưa tin về hội nghị.", "Đài Phát thanh và Truyền hình Việt Nam"),
    # a city under the centre is a province; "quản lý" (manage) is no "quận"
    ("Trung tâm Phục vụ hành chính công thành phố Cần Thơ tiếp nhận hồ sơ.", "Trung tâm Phục vụ hành chính công tỉnh"),
    ("Kho bạc Nhà nước quản lý tài khoản tạm giữ.", "Kho bạc Nhà nước tỉnh"),
])
def test_a_public_service_centre_keeps_its_level(text, agency):
    assert [a.agency for a in find_agencies(text)] == [agency]


@pytest.mark.parametrize("text,agency", [
    # the country's name ends a body's: the words after it are the sentence's
    ("Dự án đã ký hợp đồng với Tập đoàn Điện lực Việt Nam nhưng chưa vận hành.", "Tập đoàn Điện lực Việt Nam"),
    ("Khối lượng đã được Tổng công ty Điện lực Việt Nam thống nhất.", "Tổng công ty Điện lực Việt Nam"),
    # unless its branch, its place or "cùng cấp" follows
    ("Ngân hàng Nhà nước Việt Nam - Chi nhánh Khu vực 9 phối hợp thực hiện.",
     "Ngân hàng Nhà nước Việt Nam - Chi nhánh Khu vực 9"),
    ("Phối hợp với Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh tuyên truyền.", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"),
])
def test_a_name_ends_at_the_country(text, agency):
    assert agency in [a.agency for a in find_agencies(text)]


@pytest.mark.parametrize("headings,text,lead", [
    # an article that gives a body its duties: its items are that body's tasks, whoever else they name
    (["Chương IV. TỔ CHỨC THỰC HIỆN", "Điều 21. Trách nhiệm của Sở Tài chính"],
     "Chủ trì, phối hợp với Sở Tư pháp xây dựng dự toán kinh phí bảo trì Cơ sở dữ liệu.", "Sở Tài chính"),
    (["Điều 15. Nhiệm vụ, quyền hạn của Văn phòng Ủy ban nhân dân tỉnh"],
     "1. Là cơ quan thường trực Ban Biên tập Cổng thông tin điện tử tỉnh.", "Văn phòng Ủy ban nhân dân tỉnh"),
    (["Điều 2. Tổ chức thực hiện", "1. Trách nhiệm và quyền hạn của Trung tâm Chuyển đổi số tỉnh:"],
     "a) Vận hành nền tảng tích hợp, chia sẻ dữ liệu.", "Trung tâm Chuyển đổi số tỉnh"),
])
def test_a_heading_that_gives_a_body_its_duties(headings, text, lead):
    roles = find_agencies(text, headings)
    assert (roles[0].agency, roles[0].role, roles[0].start) == (lead, "lead", -1)
    assert all(r.role != "lead" for r in roles[1:])           # the body the item works with only helps


def test_duties_said_in_running_text():
    roles = find_agencies("Việc cập nhật danh mục là trách nhiệm của Sở Nội vụ, phối hợp với Sở Tư pháp.")
    assert [(r.agency, r.role) for r in roles] == [("Sở Nội vụ", "lead"), ("Sở Tư pháp", "coordinate")]


@pytest.mark.parametrize("text,found", [
    # a city under the centre is its own province: its People's Committee, its chairman, its office, its council
    ("2. Giao Ủy ban nhân dân Thành phố bố trí nguồn lực thực hiện.", [("Ủy ban nhân dân Thành phố", "lead")]),
    ("Chủ tịch Ủy ban nhân dân thành phố Hải Phòng quyết định tặng danh hiệu.",
     [("Chủ tịch Ủy ban nhân dân Thành phố", "lead")]),
    ("Văn phòng UBND Thành phố chủ trì, phối hợp với Sở Tư pháp.",
     [("Văn phòng Ủy ban nhân dân Thành phố", "lead"), ("Sở Tư pháp", "coordinate")]),
    ("Giao Hội đồng nhân dân Thành phố giám sát.", [("Hội đồng nhân dân Thành phố", "lead")]),
    # a district's city is not the city under the centre
    ("Ủy ban nhân dân thành phố Rạch Giá báo cáo kết quả.", []),
    # the body that issues the text opens it, and does not lead its tasks
    ("Ủy ban nhân dân thành phố Cần Thơ ban hành Kế hoạch truyền thông năm 2025 như sau:",
     [("Ủy ban nhân dân Thành phố", "mention")]),
    ("Ủy ban nhân dân tỉnh ban hành Kế hoạch thực hiện như sau:", [("Ủy ban nhân dân tỉnh", "mention")]),
])
def test_city_bodies_and_the_issuer(text, found):
    assert [(r.agency, r.role) for r in find_agencies(text)] == found


def test_city_names_are_canonical():
    assert canonical_agency("Chủ tịch Ủy ban nhân dân thành phố Hà Nội") == "Chủ tịch Ủy ban nhân dân Thành phố"
    assert canonical_agency("UBND Thành phố") == "Ủy ban nhân dân Thành phố"


@pytest.mark.parametrize("text,found", [
    # a body's name ends where "thuộc" says whose it is
    ("Quỹ Bảo vệ môi trường tỉnh Quảng Trị là quỹ tài chính nhà nước thuộc Sở Nông nghiệp và Môi trường.",
     [("Quỹ Bảo vệ môi trường tỉnh Quảng Trị", "lead"), ("Sở Nông nghiệp và Môi trường", "mention")]),
    ("Nhận vốn giao cho Quỹ Phát triển đất thuộc sở hữu nhà nước.", [("Quỹ Phát triển đất", "lead")]),
    # courts and procuracies name their field in lower case; their heads' posts are titles
    ("b) Chánh án Tòa án nhân dân tối cao quyết định nâng bậc Thẩm phán.", [("Tòa án nhân dân tối cao", "lead")]),
    ("Viện kiểm sát nhân dân tỉnh phối hợp thực hiện.", [("Viện kiểm sát nhân dân tỉnh", "coordinate")]),
])
def test_names_end_at_thuoc_and_courts_are_bodies(text, found):
    assert [(r.agency, r.role) for r in find_agencies(text)] == found


def test_a_post_names_its_body():
    assert canonical_agency("Chánh án Tòa án nhân dân tối cao") == "Tòa án nhân dân tối cao"
    assert canonical_agency("Viện trưởng Viện kiểm sát nhân dân tối cao") == "Viện kiểm sát nhân dân tối cao"


@pytest.mark.parametrize("text, found", [
    # a body's fields listed with commas and closed by "và" are one name; a verb after the last field ends it
    ("Phòng Kinh tế, Hạ tầng và Đô thị phổ biến kịp thời kết quả.", [("Phòng Kinh tế, Hạ tầng và Đô thị", "lead")]),
    ("Giao Ủy ban Quốc phòng, An ninh và Đối ngoại chủ trì thẩm tra.",
     [("Ủy ban Quốc phòng, An ninh và Đối ngoại", "lead")]),
    ("Trung tâm Văn hóa, Thông tin và Thể thao tỉnh Nghệ An tổ chức hội thi.",
     [("Trung tâm Văn hóa, Thông tin và Thể thao tỉnh Nghệ An", "lead")]),
    ("Viện Văn hóa, Nghệ thuật, Thể thao và Du lịch Việt Nam phối hợp thực hiện.",
     [("Viện Văn hóa, Nghệ thuật, Thể thao và Du lịch Việt Nam", "coordinate")]),
    # a list of bodies, of titles or of places is no list of fields
    ("Trung tâm Y tế, Bệnh viện Đa khoa và Sở Y tế phối hợp.",
     [("Trung tâm Y tế", "coordinate"), ("Bệnh viện Đa khoa", "coordinate"), ("Sở Y tế", "coordinate")]),
    ("Hội đồng Thẩm định, Phó Chánh án và Thư ký họp.", [("Hội đồng Thẩm định", "lead")]),
])
def test_a_body_whose_fields_are_a_list(text, found):
    assert [(r.agency, r.role) for r in find_agencies(text)] == found


def test_proper_names_are_no_fields():
    """Places write every word with a capital: "Sông Bờ", "Hòa Bình" are names, not a body's fields."""
    text = "Nhập các phường Đoàn Kết, Sông Bờ, Cheo Reo và Hòa Bình thành phường Ayun Pa."
    assert not any("," in r.agency for r in find_agencies(text))


@pytest.mark.parametrize("text, found", [
    # a field only a ministry has ends a list of Sở: the province's police follows, not a "Sở Công an"
    ("Chủ trì, phối hợp với Sở Ngoại vụ, Công an tỉnh và các cơ quan liên quan.",
     [("Sở Ngoại vụ", "coordinate"), ("Công an tỉnh", "coordinate")]),
    ("Cơ quan chủ trì: Sở Khoa học và Công nghệ, Công an Thành phố.",
     [("Sở Khoa học và Công nghệ", "lead"), ("Công an Thành phố", "lead")]),
    # a list of ministries keeps them, and a list of Sở its other fields
    ("Bộ Tài chính, Công an và Quốc phòng phối hợp.",
     [("Bộ Tài chính", "coordinate"), ("Bộ Công an", "coordinate"), ("Bộ Quốc phòng", "coordinate")]),
    ("Sở Y tế, Tư pháp và Nội vụ thực hiện.", [("Sở Y tế", "lead"), ("Sở Tư pháp", "lead"), ("Sở Nội vụ", "lead")]),
])
def test_a_list_of_departments_ends_at_a_ministry_field(text, found):
    assert [(r.agency, r.role) for r in find_agencies(text)] == found


@pytest.mark.parametrize("text, found", [
    # "đăng ký" (register) is a field, though "ký" (sign) ends a name
    ("Phối hợp Chi nhánh Văn phòng đăng ký đất đai kiểm tra thực địa.",
     [("Chi nhánh Văn phòng đăng ký đất đai", "coordinate")]),
    ("Sở Y tế ký kết thỏa thuận.", [("Sở Y tế", "lead")]),
    # the state's formal name after the body's is not part of it
    ("Nghị quyết này được Ủy ban Thường vụ Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam thông qua.",
     [("Ủy ban Thường vụ Quốc hội", "mention")]),
    # what the body does ends its name; "và của" goes on to others' words
    ("Quỹ Bảo vệ môi trường tài trợ cho hoạt động bảo vệ môi trường.", [("Quỹ Bảo vệ môi trường", "lead")]),
    ("Ý kiến của Hội đồng Di sản văn hóa quốc gia và của các cơ quan liên quan.",
     [("Hội đồng Di sản văn hóa quốc gia", "mention")]),
])
def test_where_a_body_name_ends(text, found):
    assert [(r.agency, r.role) for r in find_agencies(text)] == found


@pytest.mark.parametrize("text, found", [
    # a court's or procuracy's name is its kind and level; a judge's rank, a law's number or a verb is not
    ("Thẩm phán Tòa án nhân dân bậc 2 công tác tại Tòa án nhân dân tối cao.",
     [("Tòa án nhân dân", "mention"), ("Tòa án nhân dân tối cao", "mention")]),
    ("Tòa án quân sự quân khu và tương đương chủ trì.", [("Tòa án quân sự quân khu và tương đương", "lead")]),
    ("Tòa án nhân dân tỉnh Nghệ An xét xử.", [("Tòa án nhân dân tỉnh Nghệ An", "lead")]),
    ("Người bị Tòa án kết án phạt tù.", []),
    # a word in lower case with marks ("đáp ứng", "đôn đốc") is no capitalised name after the place
    ("Trung tâm Văn hóa, Thông tin và Thể thao tỉnh đáp ứng yêu cầu.",
     [("Trung tâm Văn hóa, Thông tin và Thể thao tỉnh", "lead")]),
    ("Ủy ban nhân dân Thành phố đôn đốc các sở.", [("Ủy ban nhân dân Thành phố", "lead")]),
])
def test_courts_and_capitals(text, found):
    assert [(r.agency, r.role) for r in find_agencies(text)] == found
