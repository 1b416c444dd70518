"""Extraction gives the same paragraphs-per-line from PDF, scanned PDF and DOCX as from the text files."""
from __future__ import annotations

import difflib
import random
import re
from pathlib import Path

import pymupdf
import pytest
from render import text_to_docx, text_to_image_pdf, text_to_pdf

import ingest.extract as extract_module
from ingest.errors import IngestError
from ingest.extract import (
    Extracted,
    _assemble,
    _Line,
    _PageLines,
    extract,
    extract_docx,
    extract_pdf,
)

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SOURCES = sorted(CORPUS.glob("*.txt"))
IDS = [p.stem for p in SOURCES]
LONGEST = max(SOURCES, key=lambda p: len(p.read_text(encoding="utf-8")))
LIST_MARKER = re.compile(r"^(?:[IVXLC]+\.|\d{1,3}(?:\.\d{1,3})*[.)]|[a-zđ][).]|[-+–•])(?=\s)")


def source_lines(path: Path) -> list[str]:
    """What the text pipeline sees: every non-empty line, stripped, whitespace collapsed."""
    text = path.read_text(encoding="utf-8")
    return [collapse(line) for line in text.splitlines() if line.strip()]


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def extracted_lines(result: Extracted) -> list[str]:
    return [collapse(line) for page in result.pages for line in page.split("\n") if line.strip()]


def test_corpus_is_there():
    assert len(SOURCES) == 5


# ---------------------------------------------------------------- text files


@pytest.mark.parametrize("source", SOURCES, ids=IDS)
def test_text_file_is_one_page_of_its_paragraphs(source: Path):
    # A text file's wrapped lines are joined into their paragraphs (ingest.layout): the same words in the same
    # order, markdown marks aside, on no more lines than the file has.
    result = extract(source)
    assert result.ocr_pages == 0
    assert len(result.pages) == 1
    words = re.findall(r"\w+", " ".join(source_lines(source)).replace("*", ""))
    assert re.findall(r"\w+", " ".join(extracted_lines(result))) == words
    assert len(extracted_lines(result)) <= len(source_lines(source))


def test_wrapped_trich_yeu_of_a_text_file_is_one_paragraph():
    lines = extracted_lines(extract(CORPUS / "an-giang_1504-UBND-TH_2024.txt"))
    assert "V/v đẩy mạnh công tác cải cách thủ tục hành chính, nâng cao hiệu quả giải quyết thủ tục hành chính" in lines


def test_text_file_form_feed_splits_pages(tmp_path: Path):
    path = tmp_path / "two.md"
    path.write_text("Trang một\n- mục a;\n\fTrang hai\n", encoding="utf-8")
    assert [p.strip() for p in extract(path).pages] == ["Trang một\n- mục a;", "Trang hai"]


# ---------------------------------------------------------------- PDF with a text layer


@pytest.mark.parametrize("source", SOURCES, ids=IDS)
def test_pdf_text_layer_gives_the_source_lines(source: Path, tmp_path: Path):
    pdf = text_to_pdf(source.read_text(encoding="utf-8"), tmp_path / "doc.pdf")
    result = extract_pdf(pdf)
    assert result.ocr_pages == 0
    assert len(result.pages) == pymupdf.open(pdf).page_count
    assert extracted_lines(result) == source_lines(source)


LAYOUTS = {
    "justified-6pt-after": "margin: 0 0 6pt 0; text-align: justify;",
    "justified-indent-1.5-spacing-no-gap": "margin: 0; text-align: justify; text-indent: 1cm; line-height: 1.5;",
}


@pytest.mark.parametrize("css", LAYOUTS.values(), ids=LAYOUTS.keys())
@pytest.mark.parametrize("source", SOURCES, ids=IDS)
def test_pdf_other_layouts(source: Path, css: str, tmp_path: Path):
    """Typical office layouts; with no paragraph gap a full last line is ambiguous, so allow 3%."""
    pdf = text_to_pdf(source.read_text(encoding="utf-8"), tmp_path / "doc.pdf", paragraph_css=css)
    expected, got = source_lines(source), extracted_lines(extract_pdf(pdf))
    if "6pt" in css:
        assert got == expected
    else:
        assert difflib.SequenceMatcher(None, expected, got, autojunk=False).ratio() >= 0.97


def test_longest_file_spans_several_pages(tmp_path: Path):
    pdf = text_to_pdf(LONGEST.read_text(encoding="utf-8"), tmp_path / "long.pdf")
    result = extract_pdf(pdf)
    assert len(result.pages) >= 3
    assert all(page.strip() for page in result.pages)


def test_dispatch_ignores_suffix_case(tmp_path: Path):
    pdf = text_to_pdf("Điều 1. Phạm vi điều chỉnh\n- Cơ quan nhà nước.", tmp_path / "UPPER.PDF")
    assert extracted_lines(extract(pdf)) == ["Điều 1. Phạm vi điều chỉnh", "- Cơ quan nhà nước."]


def test_blank_page_needs_no_ocr(tmp_path: Path):
    doc = pymupdf.open(text_to_pdf("Kính gửi: Bộ Nội vụ.", tmp_path / "a.pdf"))
    doc.new_page()  # a separator page with nothing on it
    doc.save(tmp_path / "b.pdf")
    result = extract_pdf(tmp_path / "b.pdf")
    assert result.pages == ["Kính gửi: Bộ Nội vụ.", ""]
    assert result.ocr_pages == 0


# ---------------------------------------------------------------- paragraph rules on synthetic lines

EM = 12.0
RIGHT = 520.0


def line(text: str, y: float, x1: float, x0: float = 72.0, block: int = 0) -> _Line:
    """A line of 12pt text whose first word is 6pt a character wide."""
    first = text.split(" ")[0]
    return _Line(text, x0, y, x1, y + EM, EM, 6.0 * len(first), 3.5, block)


def page(*lines: _Line) -> _PageLines:
    return _PageLines(list(lines), 595.0, 842.0, ocr=False)


def paragraphs(*pages: _PageLines) -> list[str]:
    return [p for text in _assemble(list(pages)) for p in text.split("\n")]


def test_wrapped_lines_join_and_short_lines_end_paragraphs():
    got = paragraphs(page(
        line("Ủy ban nhân dân tỉnh yêu cầu các sở", 40, RIGHT - 2),
        line("thực hiện như sau:", 54, 200),         # previous line was full: a wrap
        line("Kính gửi:", 68, 120),                  # "Kính" fits after "sau:": a new paragraph
    ))
    assert got == ["Ủy ban nhân dân tỉnh yêu cầu các sở thực hiện như sau:", "Kính gửi:"]


def test_list_markers_start_paragraphs_but_a_wrapped_dash_does_not():
    got = paragraphs(page(
        line("phát triển kinh tế", 40, RIGHT - 1),
        line("- xã hội của tỉnh;", 54, RIGHT - 1),   # a dash then lowercase: "kinh tế - xã hội"
        line("- Các sở, ngành tỉnh;", 68, RIGHT - 1),  # after ";" and capitalised: an item
        line("a) Rà soát thủ tục", 82, 200),
    ))
    assert got == ["phát triển kinh tế - xã hội của tỉnh;", "- Các sở, ngành tỉnh;", "a) Rà soát thủ tục"]


def test_break_after_hyphen_or_slash_joins_without_space():
    got = paragraphs(page(
        line("theo Nghị định số 107/2021/", 40, RIGHT - 1),
        line("NĐ-CP và Văn bản số 7641/VPCP-", 54, RIGHT - 1),
        line("KSTT.", 68, 110),
    ))
    assert got == ["theo Nghị định số 107/2021/NĐ-CP và Văn bản số 7641/VPCP-KSTT."]


def test_vertical_gap_and_first_line_indent_start_paragraphs():
    lines = [line(f"dòng {i} của đoạn", 40 + 14 * i, RIGHT - 1) for i in range(6)]
    gap = line("Đoạn sau khoảng trống", 40 + 14 * 6 + 12, RIGHT - 1)
    indented = line("Đoạn thụt đầu dòng", gap.y0 + 14, RIGHT - 1, x0=72 + 2 * EM)
    got = paragraphs(page(*lines, gap, indented))
    assert got == [" ".join(f"dòng {i} của đoạn" for i in range(6)), gap.text, indented.text]


def test_paragraph_cut_by_a_page_break_is_joined_to_its_first_page():
    first = page(line("Sở Nội vụ chủ trì, phối hợp với", 700, RIGHT - 1))
    second = page(line("các cơ quan liên quan.", 72, 200), line("- Lưu: VT.", 86, 150))
    texts = _assemble([first, second])
    assert texts[0] == "Sở Nội vụ chủ trì, phối hợp với các cơ quan liên quan."
    assert texts[1] == "- Lưu: VT."


# ---------------------------------------------------------------- DOCX


@pytest.mark.parametrize("source", SOURCES, ids=IDS)
def test_docx_gives_the_source_lines(source: Path, tmp_path: Path):
    docx_path = text_to_docx(source.read_text(encoding="utf-8"), tmp_path / "doc.docx")
    result = extract_docx(docx_path)
    assert len(result.pages) == 1
    assert result.ocr_pages == 0
    assert extracted_lines(result) == source_lines(source)


def test_docx_header_table_reads_as_lines_and_task_table_as_rows(tmp_path: Path):
    import docx

    document = docx.Document()
    header = document.add_table(rows=2, cols=2)
    for (r, c), text in {(0, 0): "ỦY BAN NHÂN DÂN\nTỈNH LAI CHÂU", (0, 1): "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                         (1, 0): "Số: 12/KH-UBND", (1, 1): "Lai Châu, ngày 3 tháng 12 năm 2025"}.items():
        header.cell(r, c).text = text
    document.add_paragraph("Trước bảng")
    table = document.add_table(rows=2, cols=3)
    for c, text in enumerate(["TT", "Nhiệm vụ", "Đơn vị chủ trì"]):
        table.cell(0, c).text = text
    for c, text in enumerate(["1", "Rà soát thủ tục hành chính", "Sở Tư pháp"]):
        table.cell(1, c).text = text
    table.cell(1, 1).add_paragraph("của tỉnh")
    document.add_paragraph("Sau bảng")
    document.save(str(tmp_path / "t.docx"))
    assert extract(tmp_path / "t.docx").pages == [
        "ỦY BAN NHÂN DÂN\nTỈNH LAI CHÂU\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 12/KH-UBND\n"
        "Lai Châu, ngày 3 tháng 12 năm 2025\nTrước bảng\n"
        "1. Nhiệm vụ: Rà soát thủ tục hành chính của tỉnh; Đơn vị chủ trì: Sở Tư pháp\nSau bảng"]


def test_pdf_ruled_task_table_reads_as_rows(tmp_path: Path):
    cells = "".join(f'<td style="border:1px solid black">{t}</td>' for t in ("TT", "Nhiệm vụ", "Đơn vị chủ trì",
                                                                            "Thời gian hoàn thành"))
    row = "".join(f'<td style="border:1px solid black">{t}</td>' for t in (
        "1", "Nâng cấp trung tâm dữ liệu của thành phố để phục vụ chuyển đổi số", "Sở Khoa học và Công nghệ",
        "Quý IV/2025"))
    html = (f"<p>Các đơn vị thực hiện nhiệm vụ sau:</p><table style='border-collapse: collapse'><tr>{cells}</tr>"
            f"<tr>{row}</tr></table><p>Sau bảng là đoạn văn kết thúc.</p>")
    story = pymupdf.Story(html=html)
    writer = pymupdf.DocumentWriter(str(tmp_path / "t.pdf"))
    more = 1
    while more:
        device = writer.begin_page(pymupdf.paper_rect("a4"))
        more, _ = story.place(pymupdf.paper_rect("a4") + (60, 60, -60, -60))
        story.draw(device)
        writer.end_page()
    writer.close()
    # The wrapped cells come back whole, each under its column's name, the row one paragraph.
    assert extract_pdf(tmp_path / "t.pdf").pages == [
        "Các đơn vị thực hiện nhiệm vụ sau:\n1. Nhiệm vụ: Nâng cấp trung tâm dữ liệu của thành phố để phục vụ chuyển "
        "đổi số; Đơn vị chủ trì: Sở Khoa học và Công nghệ; Thời gian hoàn thành: Quý IV/2025\n"
        "Sau bảng là đoạn văn kết thúc."]


# The scanned-PDF path is tested end to end, with clause paths and accuracy, in test_formats.py.


# ---------------------------------------------------------------- bad input


def test_random_bytes_are_not_a_pdf(tmp_path: Path):
    path = tmp_path / "x.pdf"
    path.write_bytes(random.Random(0).randbytes(4096))
    with pytest.raises(IngestError, match="PDF"):
        extract(path)


def test_empty_pdf(tmp_path: Path):
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    with pytest.raises(IngestError, match="PDF"):
        extract(path)


def test_truncated_pdf(tmp_path: Path):
    whole = text_to_pdf(LONGEST.read_text(encoding="utf-8"), tmp_path / "whole.pdf").read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(whole[:2000])
    with pytest.raises(IngestError, match="PDF"):
        extract(path)


def test_zero_page_pdf(tmp_path: Path):
    path = tmp_path / "zero.pdf"
    path.write_bytes(
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    with pytest.raises(IngestError, match="no pages"):
        extract(path)


def test_encrypted_pdf(tmp_path: Path):
    doc = pymupdf.open(text_to_pdf("Nội dung mật.", tmp_path / "plain.pdf"))
    path = tmp_path / "locked.pdf"
    doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="owner", user_pw="user")
    with pytest.raises(IngestError, match="encrypted"):
        extract(path)


def test_permissions_only_pdf_is_read(tmp_path: Path):
    doc = pymupdf.open(text_to_pdf("Nội dung công khai.", tmp_path / "plain.pdf"))
    path = tmp_path / "owner.pdf"
    doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="owner", permissions=pymupdf.PDF_PERM_PRINT)
    assert extract(path).pages == ["Nội dung công khai."]


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04 not really a zip", b"plain text, not a docx"])
def test_garbage_docx(tmp_path: Path, content: bytes):
    path = tmp_path / "bad.docx"
    path.write_bytes(content)
    with pytest.raises(IngestError, match="DOCX"):
        extract(path)


def test_zip_that_is_not_a_docx(tmp_path: Path):
    import zipfile

    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    with pytest.raises(IngestError, match="DOCX"):
        extract(path)


@pytest.mark.parametrize("name", ["notes.xyz", "scan.tiff", "no_suffix"])
def test_unsupported_suffix(tmp_path: Path, name: str):
    path = tmp_path / name
    path.write_text("x", encoding="utf-8")
    with pytest.raises(IngestError, match=r"unsupported file type .*use \.pdf, \.docx, \.txt or \.md"):
        extract(path)


def test_scan_without_tesseract_names_page_and_tesseract(tmp_path: Path, monkeypatch):
    doc = pymupdf.open(text_to_pdf("Trang có chữ.", tmp_path / "text.pdf"))
    scan = pymupdf.open(text_to_image_pdf("Trang quét.", tmp_path / "scan1.pdf", dpi=100))
    doc.insert_pdf(scan)
    doc.save(tmp_path / "mixed.pdf")
    monkeypatch.setattr(extract_module, "tesseract_available", lambda: False)
    with pytest.raises(IngestError, match=r"page 2 has no text layer and Tesseract is not installed"):
        extract(tmp_path / "mixed.pdf")
