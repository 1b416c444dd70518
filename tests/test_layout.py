"""Real-archive layouts, built as small fixtures of the same shape: wrapped header tables, numbers alone on
their line, Chương/Điều structure, attachments after the signature, appendix task tables, markdown tables."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from ingest.extract import extract
from ingest.layout import reflow
from ingest.parse import parse
from ingest.tables import render

# A provincial decision as a portal renders it: the two-column header as `|` cells, wrapped at ~60 characters,
# bold marks inside words, separator lines; an attached regulation after the signature.
DECISION = """|
**ỦY BAN NHÂN
DÂN **
TỈNH LAI CHÂU
--------
|
**CỘNG HÒA XÃ
HỘI CHỦ NGHĨA VIỆT NAM**
Độc lập - Tự do - Hạnh phúc
---------------
|
|
Số:
87/2025/QĐ-UBND
|
*Lai Châu, ngày
19 tháng 11 năm 2025*
|

** **

**QUYẾT ĐỊNH**

BAN HÀNH QUY CHẾ PHỐI HỢP QUẢN LÝ CHỢ
TRÊN ĐỊA BÀN TỈNH LAI CHÂU

**ỦY BAN NHÂN DÂN TỈNH LAI CHÂU**

*Căn cứ Luật Tổ chức chính
quyền địa phương số 72/2025/QH15;*

*Theo đề nghị của Giám đốc Sở
Công Thương.*

**QUYẾT ĐỊNH:**

**Điều 1. **Ban
hành kèm theo Quyết định này Quy chế phối hợp quản lý chợ trên
địa bàn tỉnh Lai Châu.

**Điều 2. **Quyết định này
có hiệu lực kể từ ngày 01 tháng 12 năm 2025.

**Điều 3. **Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Công Thương
chịu trách nhiệm thi hành Quyết định này./.


|
*Nơi nhận:*
- Như Điều 3;
- Bộ Công Thương;
- Lưu: VT.
|
**TM. ỦY BAN NHÂN DÂN**
**KT. CHỦ TỊCH**
PHÓ CHỦ TỊCH
**Tống Thanh Hải**
|


**QUY CHẾ**

PHỐI HỢP QUẢN LÝ CHỢ TRÊN ĐỊA BÀN
TỈNH LAI CHÂU

*(Ban hành kèm theo Quyết định số 87/2025/QĐ-UBND)*

**Chương
I**

**NHỮNG QUY ĐỊNH CHUNG**

**Điều 1. Phạm vi
điều chỉnh**

1. Quy chế này quy định việc phối hợp giữa các cơ quan trong quản lý
chợ trên địa bàn tỉnh.

2. Đối tượng áp dụng gồm:

a) Các sở, ban, ngành tỉnh.

b) Ủy ban nhân dân các xã, phường.

**Chương II**

**TRÁCH NHIỆM PHỐI HỢP**

**Điều 5. Trách nhiệm của các sở**

1. Sở Công Thương chủ trì, phối hợp với Sở Tài chính kiểm tra hoạt động
của các chợ trong giai đoạn 2026
- 2030.
"""

# A plan with a number alone on its line, a heading wrapped after "Sở", a task with its lead on a line of its
# own, and an appendix task table written one cell per line.
PLAN = """|
**ỦY BAN NHÂN DÂN**
**THÀNH PHỐ CẦN THƠ**
--------
|
**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**
Độc lập - Tự do - Hạnh phúc
|
|
Số: 153/KH-UBND
|
*Cần Thơ, ngày
17 tháng 11 năm 2025*
|

**KẾ HOẠCH**

TRIỂN KHAI CHUYỂN ĐỔI SỐ TRÊN ĐỊA BÀN THÀNH PHỐ

Thực hiện Quyết định số
749/QĐ-TTg của Thủ tướng Chính phủ, Ủy ban nhân dân thành phố ban hành Kế hoạch
như sau:

**I.**

**MỤC ĐÍCH, YÊU CẦU**

Nâng cao chất lượng dịch vụ công trực tuyến cho người dân và
doanh nghiệp trên địa bàn thành phố.

**II. TỔ CHỨC THỰC HIỆN**

**1. Sở
Khoa học và Công nghệ**

- Xây dựng nền tảng dữ liệu dùng chung của thành phố.

- Đơn vị chủ trì: Trung tâm Chuyển đổi số thành phố.

**2. Công an thành phố**

Chủ trì bảo đảm an ninh mạng cho hệ thống thông tin của thành phố./.


|
*Nơi nhận:*
- Như trên;
- Lưu: VT.
|
**KT. CHỦ TỊCH**
PHÓ CHỦ TỊCH
Nguyễn Thực Hiện
|

**PHỤ LỤC**

NHIỆM VỤ CỦA CÁC SỞ, NGÀNH

*(Kèm theo Kế hoạch số 153/KH-UBND ngày 17 tháng 11 năm 2025)*

|
**TT**
|
**Nhiệm vụ**
|
**Đơn vị chủ trì**
|
**Đơn vị phối hợp**
|
**Thời gian hoàn thành**
|
|
**I**
|
**Hạ tầng số**
|
|
1
|
Nâng cấp trung tâm dữ liệu
của thành phố
|
Sở Khoa học và Công nghệ
|
Công an thành phố
|
Quý IV/2025
|
|
2
|
Số hóa hồ sơ thủ tục hành chính
các cấp
|
Văn phòng Ủy ban nhân dân thành phố
|
Các sở, ngành
|
Năm 2026
|
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _doc(tmp_path: Path, text: str, name: str = "x.md"):
    path = _write(tmp_path, name, text)
    return parse(extract(path).pages, str(path))


def _clause(doc, path: str):
    return next(c for c in doc.clauses if c.path == path)


def test_wrapped_header_table_gives_every_field(tmp_path: Path):
    d = _doc(tmp_path, DECISION)
    assert (d.number, d.doc_type, d.date) == ("87/2025/QĐ-UBND", "quyết định", "2025-11-19")
    assert (d.issuer, d.province) == ("Ủy ban nhân dân tỉnh Lai Châu", "Lai Châu")
    assert d.subject == "BAN HÀNH QUY CHẾ PHỐI HỢP QUẢN LÝ CHỢ TRÊN ĐỊA BÀN TỈNH LAI CHÂU"
    assert (d.signer, d.signer_title) == ("Tống Thanh Hải", "Phó Chủ tịch")
    assert d.recipients == ["Bộ Công Thương"]


def test_city_header_with_bold_lines_keeps_the_city(tmp_path: Path):
    d = _doc(tmp_path, PLAN)
    assert (d.number, d.doc_type, d.date) == ("153/KH-UBND", "kế hoạch", "2025-11-17")
    assert (d.issuer, d.province) == ("Ủy ban nhân dân thành phố Cần Thơ", "Cần Thơ")
    assert (d.signer, d.signer_title) == ("Nguyễn Thực Hiện", "Phó Chủ tịch")


def test_articles_of_the_decision_and_of_its_attached_regulation(tmp_path: Path):
    d = _doc(tmp_path, DECISION)
    paths = [c.path for c in d.clauses]
    assert paths[:7] == ["title", "preamble.1", "preamble.2", "preamble.3", "Điều 1", "Điều 2", "Điều 3"]
    assert _clause(d, "title").text == "QUYẾT ĐỊNH\nBAN HÀNH QUY CHẾ PHỐI HỢP QUẢN LÝ CHỢ TRÊN ĐỊA BÀN TỈNH LAI CHÂU"
    assert _clause(d, "Điều 1").text.startswith("Điều 1. Ban hành kèm theo Quyết định này Quy chế phối hợp quản lý chợ")
    # The regulation after the signature is a part of its own, numbered again from Chương I, Điều 1.
    assert paths[7:] == ["Quy chế", "Quy chế.Chương I", "Quy chế.Chương I.Điều 1", "Quy chế.Chương I.Điều 1.1",
                         "Quy chế.Chương I.Điều 1.2", "Quy chế.Chương I.Điều 1.2.a", "Quy chế.Chương I.Điều 1.2.b",
                         "Quy chế.Chương II", "Quy chế.Chương II.Điều 5", "Quy chế.Chương II.Điều 5.1"]
    assert not [c for c in d.clauses if c.kind == "closing"]
    assert _clause(d, "Quy chế.Chương I").text == "Chương I NHỮNG QUY ĐỊNH CHUNG"
    assert _clause(d, "Quy chế.Chương I.Điều 1").kind == "heading"
    assert _clause(d, "Quy chế.Chương II.Điều 5.1").headings == ["Chương II TRÁCH NHIỆM PHỐI HỢP",
                                                                 "Điều 5. Trách nhiệm của các sở"]
    # "2026" / "- 2030" broken at a line end is one period, not a dash item.
    assert _clause(d, "Quy chế.Chương II.Điều 5.1").text.endswith("trong giai đoạn 2026 - 2030.")


def test_number_alone_on_its_line_wrapped_heading_and_a_lead_line(tmp_path: Path):
    d = _doc(tmp_path, PLAN)
    assert _clause(d, "I").text == "I. MỤC ĐÍCH, YÊU CẦU"
    assert _clause(d, "I.p1").text.startswith("Nâng cao chất lượng dịch vụ công trực tuyến cho người dân và doanh")
    assert _clause(d, "II.1").text == "1. Sở Khoa học và Công nghệ"
    assert _clause(d, "II.1").kind == "heading"
    # The lead stated on its own line belongs to the task above it.
    task = _clause(d, "II.1.-1")
    assert task.text == ("- Xây dựng nền tảng dữ liệu dùng chung của thành phố.\n"
                         "- Đơn vị chủ trì: Trung tâm Chuyển đổi số thành phố.")
    assert d.text[task.start:task.end] == task.text
    assert "II.1.-2" not in [c.path for c in d.clauses]


def test_appendix_task_table_rows_keep_their_columns(tmp_path: Path):
    d = _doc(tmp_path, PLAN)
    assert _clause(d, "Phụ lục").kind == "heading"
    assert _clause(d, "Phụ lục.I").text == "I. Hạ tầng số"
    row = _clause(d, "Phụ lục.I.1")
    assert row.text == ("1. Nhiệm vụ: Nâng cấp trung tâm dữ liệu của thành phố; Đơn vị chủ trì: Sở Khoa học và Công "
                        "nghệ; Đơn vị phối hợp: Công an thành phố; Thời gian hoàn thành: Quý IV/2025")
    assert row.headings == ["I. Hạ tầng số"]
    assert _clause(d, "Phụ lục.I.2").text.startswith("2. Nhiệm vụ: Số hóa hồ sơ thủ tục hành chính các cấp;")


def test_markdown_pipe_table_and_a_row_broken_over_two_lines():
    # A row broken where a cell ends: the next line starts with that row's next cell.
    text = "\n".join(["Bảng mức chi:", "", "| TT | Nội dung | Mức chi |", "|---|---|---|",
                      "| 1 | Chi hỗ trợ biên soạn | 14.000 |", "| 2 | Chi thẩm định văn bản", "| 7.000 |", ""])
    assert reflow(text).split("\n") == ["Bảng mức chi:", "1. Nội dung: Chi hỗ trợ biên soạn; Mức chi: 14.000",
                                        "2. Nội dung: Chi thẩm định văn bản; Mức chi: 7.000"]


def test_layout_tables_read_as_lines_and_short_rows_join_their_neighbours():
    header = [[["ỦY BAN NHÂN DÂN", "TỈNH X"], ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]], [["Số: 1/KH-UBND"], ["X, ngày"]]]
    assert render(header) == ["ỦY BAN NHÂN DÂN", "TỈNH X", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 1/KH-UBND",
                              "X, ngày"]
    rows = [[["Mã hiệu"], ["Thành phần hao phí"], ["Đơn vị"], ["Định mức"]],
            [["BD.01"], ["Nhân công"]], [[], ["Bậc thợ 3/7"], ["công"], ["0,50"]]]
    # Extra bars before a row's first text are empty cells of cells spanning rows above.
    assert render(rows) == ["Mã hiệu: BD.01; Thành phần hao phí: Nhân công",
                            "Thành phần hao phí: Bậc thợ 3/7; Đơn vị: công; Định mức: 0,50"]
    short = [[["TT"], ["Nội dung"], ["Ghi chú"]], [["1"], ["Máy"]], [["2"], ["Chi trả lương cho người lao động"]]]
    # A row of under five words joins the next; a column no row fills keeps its name on a line of its own.
    assert render(short) == ["TT | Nội dung | Ghi chú", "1. Nội dung: Máy 2. Nội dung: Chi trả lương cho người lao động"]


def test_rebuilding_paragraphs_loses_no_word():
    for text in (DECISION, PLAN):
        before = Counter(re.findall(r"\w+", text.replace("*", " ").casefold()))
        after = Counter(re.findall(r"\w+", reflow(text).casefold()))
        # Only the name of a number column goes: its values became the rows' item numbers.
        assert set(before - after) <= {"tt"}


def test_text_already_one_paragraph_a_line_is_left_alone():
    text = "Kính gửi: Sở Nội vụ.\nThực hiện chỉ đạo của tỉnh, đề nghị các đơn vị\nbáo cáo trước ngày 15/12."
    assert reflow(text) == text


def test_pdf_of_wrapped_decision_with_attached_regulation(tmp_path: Path):
    from render import text_to_pdf

    # The decision as printed: one paragraph a source line, wrapped by the page (long lines run over several
    # visual lines), the header and the regulation after the signature as in the archive.
    printed = "\n".join([
        "ỦY BAN NHÂN DÂN", "TỈNH LAI CHÂU", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
        "Số: 87/2025/QĐ-UBND", "Lai Châu, ngày 19 tháng 11 năm 2025", "QUYẾT ĐỊNH",
        "BAN HÀNH QUY CHẾ PHỐI HỢP QUẢN LÝ CHỢ TRÊN ĐỊA BÀN TỈNH LAI CHÂU",
        "ỦY BAN NHÂN DÂN TỈNH LAI CHÂU",
        "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15 và các văn bản hướng dẫn thi hành có liên quan "
        "của Chính phủ, các bộ, ngành trung ương;", "QUYẾT ĐỊNH:",
        "Điều 1. Ban hành kèm theo Quyết định này Quy chế phối hợp quản lý chợ trên địa bàn tỉnh Lai Châu, áp dụng "
        "cho các sở, ban, ngành và Ủy ban nhân dân các xã, phường trên địa bàn tỉnh.",
        "Điều 2. Quyết định này có hiệu lực kể từ ngày 01 tháng 12 năm 2025./.",
        "Nơi nhận:", "- Như Điều 2;", "- Lưu: VT.", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Tống Thanh Hải",
        "QUY CHẾ", "PHỐI HỢP QUẢN LÝ CHỢ TRÊN ĐỊA BÀN TỈNH LAI CHÂU",
        "(Ban hành kèm theo Quyết định số 87/2025/QĐ-UBND)", "Chương I", "Điều 1. Phạm vi điều chỉnh",
        "1. Quy chế này quy định việc phối hợp giữa các cơ quan trong quản lý chợ trên địa bàn tỉnh, gồm chợ hạng "
        "một, chợ hạng hai và chợ hạng ba do Ủy ban nhân dân các xã, phường quản lý."])
    pdf = text_to_pdf(printed, tmp_path / "qd.pdf")
    d = parse(extract(pdf).pages, str(pdf))
    assert (d.number, d.doc_type, d.date, d.issuer) == ("87/2025/QĐ-UBND", "quyết định", "2025-11-19",
                                                       "Ủy ban nhân dân tỉnh Lai Châu")
    assert (d.signer, d.signer_title) == ("Tống Thanh Hải", "Phó Chủ tịch")
    assert [c.path for c in d.clauses] == ["title", "preamble.1", "preamble.2", "Điều 1", "Điều 2", "Quy chế",
                                           "Quy chế.Chương I", "Quy chế.Chương I.Điều 1", "Quy chế.Chương I.Điều 1.1"]
    assert _clause(d, "Quy chế.Chương I.Điều 1.1").text.endswith("do Ủy ban nhân dân các xã, phường quản lý.")


# A Government decree whose signature cell the portal ran into one line, and two ministry texts whose signature
# is only the mark "(Đã ký)" and the name: once after an unlabelled list of recipients, once under a title.
def _signed(trailer: str) -> str:
    return f"""|
**CHÍNH PHỦ**
-------
|
**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAMĐộc lập - Tự do - Hạnh phúc**
|
Số: 12/2025/NĐ-CP
|
*Hà Nội, ngày 30 tháng 6 năm 2025*
|

**NGHỊ ĐỊNH**

**Quy định về đào tạo, bồi dưỡng viên chức**

*Căn cứ Luật Tổ chức Chính phủ số 63/2025/QH15;*

*Chính phủ ban hành Nghị định quy định về đào tạo, bồi dưỡng viên chức.*

**Điều 1. Phạm vi điều chỉnh**

Nghị định này quy định về đào tạo, bồi dưỡng viên chức.

**Điều 2. Trách nhiệm thi hành**

Các Bộ trưởng, Chủ tịch Ủy ban nhân dân tỉnh chịu trách nhiệm thi hành Nghị định này./.

{trailer}
"""


def test_a_signature_cell_run_into_one_line(tmp_path: Path):
    d = _doc(tmp_path, _signed("|\n- Thủ tướng, các Phó Thủ tướng Chính phủ; - Lưu: VT, TCCV (2) | "
                                "TM. CHÍNH PHỦKT. THỦ TƯỚNGPHÓ THỦ TƯỚNG(Đã ký)Trần Văn Bình |"))
    assert (d.signer, d.signer_title) == ("Trần Văn Bình", "Phó Thủ tướng")
    assert not any("Trần Văn Bình" in c.text or "CHÍNH PHỦKT" in c.text for c in d.clauses)


def test_a_signature_that_is_only_the_mark_and_the_name(tmp_path: Path):
    d = _doc(tmp_path, _signed("|\n- Thủ tướng, các Phó Thủ tướng Chính phủ; - Lưu: VT, NC (02). |\n"
                                "( Đã ký) Lê Văn Long |"))
    assert d.signer == "Lê Văn Long"
    assert not any("Đã ký" in c.text or "Lê Văn Long" in c.text for c in d.clauses)
    under_a_title = _doc(tmp_path, _signed("|\nTHỨ TRƯỞNG THƯỜNG TRỰC\n(Đã ký)\nPhạm Ngọc Sơn |"), "y.md")
    assert (under_a_title.signer, under_a_title.signer_title) == ("Phạm Ngọc Sơn", "Thứ trưởng thường trực")


def _headless(preamble: str, number: str = "21/2025/TT-BGDĐT") -> str:
    """A copy that lost the header's left column and the title word: the motto, the number, a bold line, the
    preamble, one article."""
    return f"""| CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAMĐộc lập - Tự do - Hạnh phúc |
Số: {number} |
|

**Quy định chế độ làm thêm giờ đối với nhà giáo**

*Căn cứ Luật Giáo dục số 43/2019/QH14;*

*{preamble}*

**Điều 1. Phạm vi điều chỉnh**

Văn bản này quy định chế độ làm thêm giờ đối với nhà giáo.
"""


def test_a_header_without_its_issuer_reads_the_promulgation_formula(tmp_path: Path):
    """Who issues what is said again where the preamble ends ("<who> ban hành <kind> <trích yếu>")."""
    d = _doc(tmp_path, _headless("Bộ trưởng Bộ Giáo dục và Đào tạo ban hành Thông tư quy định chế độ làm thêm "
                                 "giờ đối với nhà giáo."))
    assert (d.issuer, d.province, d.doc_type) == ("Bộ Giáo dục và Đào tạo", None, "thông tư")
    assert d.subject == "Quy định chế độ làm thêm giờ đối với nhà giáo"
    local = _doc(tmp_path, _headless("Ủy ban nhân dân tỉnh ban hành Quyết định quy định chế độ làm thêm giờ đối "
                                     "với nhà giáo trên địa bàn tỉnh Nghệ An.", "12/2025/QĐ-UBND"), "y.md")
    assert (local.issuer, local.province, local.doc_type) == ("Ủy ban nhân dân tỉnh Nghệ An", "Nghệ An", "quyết định")
    government = _doc(tmp_path, _headless("Chính phủ ban hành Nghị định quy định chế độ làm thêm giờ đối với nhà "
                                          "giáo.", "16/2025/NĐ-CP"), "z.md")
    assert (government.issuer, government.province) == ("Chính phủ", None)


def test_a_header_that_names_its_issuer_keeps_it(tmp_path: Path):
    text = DECISION.replace("*Theo đề nghị của Giám đốc Sở\nCông Thương.*",
                            "*Bộ trưởng Bộ Công Thương ban hành Quyết định về quản lý chợ.*")
    assert "ban hành Quyết định về quản lý chợ" in text
    d = _doc(tmp_path, text)
    assert (d.issuer, d.subject) == ("Ủy ban nhân dân tỉnh Lai Châu",
                                     "BAN HÀNH QUY CHẾ PHỐI HỢP QUẢN LÝ CHỢ TRÊN ĐỊA BÀN TỈNH LAI CHÂU")


def test_a_list_of_recipients_without_its_label_ends_the_body(tmp_path: Path):
    """"- ...; - Lưu: ..." is a distribution list (only one ends with the office's own copy) even when the copy lost
    "Nơi nhận:": its entries are recipients, not an item of the last article."""
    d = _doc(tmp_path, _signed("|\n- Chính phủ; - Ban Tổ chức Trung ương; -Kiểm toán nhà nước; - Lưu: HC, PLTP. |\n"
                                "(đã ký)\n|"))
    assert d.recipients == ["Chính phủ", "Ban Tổ chức Trung ương", "Kiểm toán nhà nước"]
    assert not any("Lưu" in c.text or "Ban Tổ chức Trung ương" in c.text for c in d.clauses)
    assert d.clauses[-1].text.startswith("Các Bộ trưởng")
    item = _doc(tmp_path, _signed("- Báo cáo kết quả; - Lưu trữ hồ sơ theo quy định.\n\n|\n*Nơi nhận:*\n- Như Điều 2;"
                                  "\n- Lưu: VT.\n|\nKT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\n**Lê Văn An**\n|"), "y.md")
    assert any("Lưu trữ hồ sơ" in c.text for c in item.clauses)      # "Lưu trữ" is a task, not the office's copy
    assert item.signer == "Lê Văn An"


def test_the_last_article_keeps_its_words(tmp_path: Path):
    """A text divided into articles ends with its last article: the words under "Điều 3. Tổ chức thực hiện" that
    end with "./." are that article's, with its heading, not a closing formula as a letter's "Trên đây ... ./." is."""
    text = DECISION.replace(
        "**Điều 3. **Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Công Thương\nchịu trách nhiệm thi hành "
        "Quyết định này./.",
        "**Điều 3. Tổ chức thực hiện**\n\nChánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Công Thương\nchịu "
        "trách nhiệm thi hành Quyết định này./.")
    assert "Tổ chức thực hiện" in text
    d = _doc(tmp_path, text)
    last = next(c for c in d.clauses if c.text.startswith("Chánh Văn phòng"))
    assert (last.path, last.kind, last.headings) == ("Điều 3.p1", "task", ["Điều 3. Tổ chức thực hiện"])


def test_a_role_wrapped_inside_its_bold_run_is_one_line(tmp_path: Path):
    """"**TM. ỦY BAN NHÂN" / "DÂN **": the bold run the role opened goes on to its end, so "DÂN" is no clause."""
    text = DECISION.replace("**TM. ỦY BAN NHÂN DÂN**", "**TM. ỦY BAN NHÂN\nDÂN **")
    assert "NHÂN\nDÂN **" in text
    d = _doc(tmp_path, text)
    assert (d.signer, d.signer_title) == ("Tống Thanh Hải", "Phó Chủ tịch")
    assert not any(c.text in ("DÂN", "NHÂN DÂN") for c in d.clauses)
