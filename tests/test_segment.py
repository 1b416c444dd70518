"""Clauses of the bundled corpus: exact paths, heading chains, joins, footnotes."""
from __future__ import annotations

import re

import pytest

from ingest.normalize import normalize
from ingest.parse import parse

# "title" is the document's title and trích yếu (ingest.segment), the first clause of every document that has one.
PATHS = {
    "000": "title preamble.1 1 1.p1 2 2.a 2.b 2.c 2.d 3 4 5 5.p1 6 7 8 8.a 8.b 8.c 8.d 9 9.a 9.b closing.1",
    "001": "title preamble.1 preamble.2 preamble.3 1 1.a 1.b 1.c 1.c.-1 1.c.-2 1.c.-3 1.d 1.đ 1.e 1.f 2 3 4 5 6 7 8 9 "
           "10 11 11.-1 11.-2 11.-3 11.-4 11.-5 12 13 closing.1",
    "002": "title preamble.1 preamble.2 preamble.3 1 1.-1 1.-2 1.-3 1.-4 1.-5 1.-6 1.-7 2 3 3.-1 3.-2 4 4.p1 closing.1",
    "003": "title preamble.1 I I.1 I.1.p1 I.1.p2 I.1.p3 I.2 I.2.p1 I.2.p2 I.3 I.3.p1 I.3.p2 I.3.p3 I.4 I.4.p1 I.4.p2 "
           "I.5 I.5.p1 I.6 I.6.p1 I.6.p2 I.7 I.7.a I.7.a.p1 I.7.a.p2 I.7.b I.7.b.p1 II II.p1 II.p2 III III.1 "
           "III.1.p1 III.1.p2 III.1.p3 III.2 III.2.-1 III.2.-2 III.3 III.3.-1 III.3.-2 III.3.-3 III.3.p1 III.4 "
           "III.4.-1 III.4.-2 III.5 III.5.-1 III.5.-2 III.6 III.6.-1 III.6.-2 III.7 III.7.p1 III.7.p2 III.7.p3 "
           "closing.1",
    "004": "title preamble.1 1 1.-1 1.-2 1.-3 1.-4 1.-5 1.-6 2 2.p1 3 3.p1 4 4.-1 4.-2 4.-3 closing.1 closing.2",
}


def clause(doc, path):
    return next(c for c in doc.clauses if c.path == path)


@pytest.mark.parametrize("seed", sorted(PATHS))
def test_paths_in_order(parsed, seed):
    assert [c.path for c in parsed[seed].clauses] == PATHS[seed].split()


@pytest.mark.parametrize("seed,path,headings,starts", [
    ("000", "8.a", ["8. Sở Nội vụ"], "a) Tham mưu Chủ tịch Ủy ban nhân dân tỉnh thành lập Ban Chỉ đạo"),
    ("000", "9.b", ["9. Sở Thông tin và Truyền thông"], "b) Tiếp tục nghiên cứu đầu tư cơ sở hạ tầng"),
    ("000", "5.p1", ["5. Các cơ quan, đơn vị và địa phương phối hợp chặt chẽ, hiệu quả, đúng tiến độ và bảo "
                     "đảm chất lượng để giải quyết công việc của tổ chức, doanh nghiệp và người dân, giải quyết "
                     "các vấn đề phát sinh đặt ra từ thực tiễn; tổ chức sơ kết, tổng kết để nhân rộng kinh nghiệm "
                     "hay, cách làm hiệu quả về công tác cải cách hành chính tại cơ quan, đơn vị."],
     "Tập trung triển khai số hóa hồ sơ, giấy tờ"),
    ("001", "4", [], "4. Sở Thông tin và Truyền thông: Chủ trì, phối hợp"),
    ("001", "1.c.-2", [
        "1. Thủ trưởng các Sở, ban, ngành, các cơ quan Trung ương đóng trên địa bàn tỉnh, Chủ tịch Ủy ban nhân "
        "dân các huyện, thành phố tập trung chỉ đạo, tổ chức thực hiện có hiệu quả các nội dung sau:",
        "c) Tăng cường sự lãnh đạo, chỉ đạo của các cơ quan chuyên môn cấp tỉnh, cấp huyện và các cơ quan Trung "
        "ương đóng trên địa bàn tỉnh để triển khai, thực hiện hiệu quả công tác cải cách hành chính; tập trung "
        "tháo gỡ các điểm nghẽn, khơi thông nguồn lực, nâng cao hiệu quả quản lý nhà nước giai đoạn 2022-2025; "
        "phát huy tính sáng tạo, đổi mới tư duy, tạo bước đột phá trong hoạt động hành chính và chuyên môn của "
        "ngành, lĩnh vực, địa phương thuộc thẩm quyền quản lý."],
     "- Đẩy mạnh công tác cải cách thủ tục hành chính"),
    ("001", "11.-2", ["11. Sở Nội vụ: Chủ trì, phối hợp với các cơ quan, đơn vị liên quan tham mưu với UBND tỉnh "
                      "chỉ đạo triển khai công tác cải cách hành chính về Cải cách tổ chức bộ máy hành chính nhà "
                      "nước và Cải cách chế độ công vụ."],
     "- Xây dựng Kế hoạch cải cách hành chính hàng năm"),
    ("002", "1.-4", None, "- Tăng cường triển khai có hiệu quả việc thực hiện cơ chế một cửa"),
    ("002", "4.p1", None, "Ngoài những nội dung báo cáo theo quy định chung"),
    ("003", "I.7.a", ["I. TÌNH HÌNH THỰC HIỆN CÔNG TÁC CCHC QUÝ III NĂM 2020",
                      "7. Hiện đại hóa nền hành chính nhà nước"], "a) Về ứng dụng công nghệ thông tin"),
    ("003", "I.7.a.p1", ["I. TÌNH HÌNH THỰC HIỆN CÔNG TÁC CCHC QUÝ III NĂM 2020",
                         "7. Hiện đại hóa nền hành chính nhà nước", "a) Về ứng dụng công nghệ thông tin"],
     "Tiếp tục đẩy mạnh triển khai thực hiện nhiệm vụ phát triển công nghệ thông tin"),
    ("003", "III.3", ["III. CHƯƠNG TRÌNH CÔNG TÁC TRỌNG TÂM QUÝ IV NĂM 2020"],
     "3. Cải cách thủ tục hành chính và thực hiện cơ chế một cửa, cơ chế một cửa liên thông"),
    ("003", "III.3.p1", ["III. CHƯƠNG TRÌNH CÔNG TÁC TRỌNG TÂM QUÝ IV NĂM 2020",
                         "3. Cải cách thủ tục hành chính và thực hiện cơ chế một cửa, cơ chế một cửa liên thông"],
     "Nâng cao chất lượng hoạt động của Trung tâm Phục vụ hành chính công"),
    ("004", "2.p1", ["2. Sở Thông tin và Truyền thông"], "Chủ trì, phối hợp với các đơn vị có liên quan"),
    ("004", "4.-1", ["4. Văn phòng UBND tỉnh"], "- Chủ trì, phối hợp với Sở Tư pháp"),
])
def test_sample_clauses(parsed, seed, path, headings, starts):
    c = clause(parsed[seed], path)
    if headings is not None:
        assert c.headings == headings
    assert c.text.startswith(starts)


def test_kinds(parsed):
    d = parsed["000"]
    assert clause(d, "preamble.1").kind == "preamble"
    assert clause(d, "8").kind == "heading"
    assert clause(d, "8.a").kind == "task"
    assert clause(parsed["003"], "III.3").kind == "heading"
    assert clause(d, "closing.1").text.endswith("nội dung Công văn này./.")   # "#2" residue removed
    assert clause(d, "closing.1").kind == "closing"
    assert clause(parsed["004"], "closing.2").text.startswith("(Gửi kèm Quyết định số 277/QĐ-UBND")
    # recipients and signature are header fields, not clauses
    for doc in parsed.values():
        assert not any("Nơi nhận" in c.text or "Người nhận" in c.text or c.text == doc.signer
                       for c in doc.clauses)


def test_page_break_joins(parsed):
    d3 = parsed["003"]
    assert "trên các phương tiện thông tin đại chúng của tỉnh như:" in clause(d3, "I.1.p3").text
    assert "(31 cơ quan hành chính cấp tỉnh, 15 Ủy ban nhân dân cấp huyện và 145" in clause(d3, "I.7.b.p1").text
    assert "Quyết định số 03/2007/QĐ-BNV ngày 26/02/2007" in clause(d3, "III.1.p2").text
    assert "chuyển đổi số của tỉnh, xây dựng Chính quyền điện tử" in clause(parsed["000"], "9.b").text
    assert "trong thực hiện thủ tục hành chính. Nghiêm túc" in clause(parsed["002"], "1.-7").text


def test_footnotes_are_notes_of_their_clause(parsed):
    d3 = parsed["003"]
    c = clause(d3, "I.5.p1")
    assert len(c.notes) == 2
    assert c.notes[0].startswith("(1) Gồm: Bổ nhiệm 04 trường hợp, bổ nhiệm lại 04 trường hợp;")
    assert c.notes[1].startswith("(2) Gồm: khai giảng 02 lớp quản lý nhà nước ngạch chuyên viên,")
    assert "170 trường hợp; cử 01 công chức" in c.text and "<sup>" not in d3.text
    assert not any("Gồm: Bổ nhiệm 04" in x.text or "Gồm: khai giảng" in x.text for x in d3.clauses)
    assert clause(d3, "I.7.a").text == "a) Về ứng dụng công nghệ thông tin"


def test_markdown_residue_removed(parsed):
    for d in parsed.values():
        assert not re.search(r"\*\*|^#|<sup>|\]\(", d.text, re.MULTILINE)
    assert "giao thức truyền tải siêu văn bản bảo mật (https) để bảo vệ" in parsed["003"].text


@pytest.mark.parametrize("seed", sorted(PATHS))
def test_no_clause_holds_two_numbered_items(parsed, seed):
    for c in parsed[seed].clauses:
        assert "\n" not in c.text or c.path == "title"      # the title line and the trích yếu under it
        inner = re.findall(r"(?:^|[.;:]\s)(?:\d{1,2}\.|[a-đ]\))\s+[A-ZĐÀ-Ỹ]", c.text)
        assert len(inner) <= 1, (c.path, inner)


@pytest.mark.parametrize("seed", sorted(PATHS))
def test_spans_point_into_the_text(parsed, seed):
    d = parsed[seed]
    for c in d.clauses:
        assert d.text[c.start:c.end] == c.text
        assert c.id == f"{d.id}:{c.path}"


def test_tone_marks_one_style():
    norm = normalize(["Hoà Bình, thuỷ lợi, khoẻ mạnh, Uỷ ban, quý, hoàn thành"])
    assert norm.text == "Hòa Bình, thủy lợi, khỏe mạnh, Ủy ban, quý, hoàn thành"


def test_decimal_numbering_under_its_parent():
    d = parse(["1. Mục một.\n1.1. Mục con.\n1.2. Mục con hai.\n2. Mục hai."], "x.txt")
    assert [c.path for c in d.clauses] == ["1", "1.1", "1.2", "2"]
    assert d.clauses[2].headings == ["1. Mục một."]


def test_unusual_nesting_and_paragraph_paths():
    text = "\n".join(["Mở đầu văn bản.", "- Gạch đầu dòng một;", "a) Mục a thuộc gạch đầu dòng;",
                      "- Gạch đầu dòng hai.", "Đoạn văn sau các gạch đầu dòng.", "1.1. Mục thập phân.",
                      "1.2. Mục thứ hai.", "+ Ý cộng."])
    d = parse([text], "x.txt")
    assert [c.path for c in d.clauses] == ["preamble.1", "-1", "-1.a", "-2", "p1", "1.1", "1.2", "1.2.+1"]


def test_a_capital_is_a_capital_letter_of_vietnamese():
    """[A-ZÀ-Ỹ] holds the small "đ", "á", "ư" too: a signer's name ("Đặng Ưng") has capitals, "được ưu đãi" has
    none, and an attachment that ends in such words keeps them as text, not as a signature."""
    from ingest.segment import signature_blocks
    from ingest.vietnamese import CAPITAL, PERSON, SMALL
    capitals, smalls = "AĐÁÀẢÃẠĂẮẰẲẴẶÂẤẦẨẪẬÊẾỀỂỄỆÔỐỒỔỖỘƠỚỜỞỠỢƯỨỪỬỮỰÝỲỶỸỴ", "ađáàảãạăắằẳẵặâấầẩẫậêếềểễệôốồổỗộơớờởỡợưứừửữựýỳỷỹỵ"
    assert all(re.fullmatch(CAPITAL, c) and not re.fullmatch(SMALL, c) for c in capitals)
    assert all(re.fullmatch(SMALL, c) and not re.fullmatch(CAPITAL, c) for c in smalls)
    assert re.fullmatch(PERSON, "Đặng Ưng Ánh") and not re.fullmatch(PERSON, "được ưu đãi")
    texts = ["Nơi nhận:", "- Như trên;", "Nguyễn Văn A", "được ưu đãi"]
    assert signature_blocks(texts, 0, len(texts)) == {0, 1, 2}
