"""Make PDF, scanned-PDF and DOCX files from plain text, so extraction tests need no binary fixtures.

Every non-empty source line becomes one paragraph, because that is the contract the
extractor has to honour: a paragraph in the file comes back as one line of text.
Markdown characters in the source ("**", "#", "<sup>1</sup>") are rendered literally.
"""
from __future__ import annotations

import html
import io
import re
from pathlib import Path

import pymupdf

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FILE = "DejaVuSans.ttf"
FONT_SIZE_PT = 12
PARAGRAPH_GAP_PT = 8
MARGIN_PT = 60  # on every side of an A4 page


def _paragraphs(text: str) -> list[str]:
    """The non-empty source lines, stripped: one paragraph each."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def _as_printed(line: str) -> str:
    """A markdown line as a printed page shows it: "## **2. Tiêu đề**" is a bold heading, no symbols."""
    bold = "**" in line or line.startswith("#")
    line = html.escape(re.sub(r"^#{1,6}\s+", "", line).replace("**", "").strip())
    return f"<b>{line}</b>" if bold else line


def _render_pdf_bytes(text: str, paragraph_css: str = "", printed: bool = False) -> bytes:
    """Lay the paragraphs out on A4 pages with pymupdf's Story (wraps lines, breaks pages).

    Story embeds the DejaVu font we name, so every Vietnamese diacritic has a glyph and
    a correct ToUnicode mapping, which keeps the text layer extractable.
    """
    if not (FONT_DIR / FONT_FILE).is_file():
        raise FileNotFoundError(f"{FONT_DIR / FONT_FILE} is missing (apt-get install fonts-dejavu-core)")
    show = _as_printed if printed else html.escape
    body = "".join(f"<p>{show(p)}</p>" for p in _paragraphs(text) if show(p))
    css = (
        f'@font-face {{font-family: dejavu; src: url("{FONT_FILE}");}}\n'
        f"body {{font-family: dejavu; font-size: {FONT_SIZE_PT}pt;}}\n"
        f"p {{margin: 0 0 {PARAGRAPH_GAP_PT}pt 0; text-align: left; {paragraph_css}}}\n"
    )
    story = pymupdf.Story(html=f"<body>{body}</body>", user_css=css, archive=pymupdf.Archive(str(FONT_DIR)))
    mediabox = pymupdf.paper_rect("a4")
    where = mediabox + (MARGIN_PT, MARGIN_PT, -MARGIN_PT, -MARGIN_PT)
    buffer = io.BytesIO()
    writer = pymupdf.DocumentWriter(buffer)
    more = True
    while more:
        device = writer.begin_page(mediabox)
        more, _ = story.place(where)
        story.draw(device)
        writer.end_page()
    writer.close()
    doc = pymupdf.open(stream=buffer.getvalue(), filetype="pdf")
    doc.subset_fonts()  # Story embeds the whole DejaVu font on every page: ~100 KB a page otherwise
    data = doc.tobytes(garbage=3, deflate=True)
    doc.close()
    return data


def text_to_pdf(text: str, path: Path, *, paragraph_css: str = "") -> Path:
    """A born-digital PDF: real text layer, one paragraph per non-empty source line.

    paragraph_css is appended to the paragraph style, to try other layouts
    (e.g. "margin: 0; text-align: justify; text-indent: 1cm; line-height: 1.5").
    """
    path = Path(path)
    path.write_bytes(_render_pdf_bytes(text, paragraph_css))
    return path


def text_to_image_pdf(text: str, path: Path, dpi: int = 200, *, paragraph_css: str = "") -> Path:
    """A "scan": the page as printed (markdown shown as bold, not as symbols) rasterised to grey images
    in a PDF with no text layer."""
    path = Path(path)
    source = pymupdf.open(stream=_render_pdf_bytes(text, paragraph_css, printed=True), filetype="pdf")
    scan = pymupdf.open()
    for page in source:
        pixmap = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
        out = scan.new_page(width=page.rect.width, height=page.rect.height)
        out.insert_image(out.rect, pixmap=pixmap)
    scan.save(path, garbage=3, deflate=True)
    scan.close()
    source.close()
    return path


def text_to_docx(text: str, path: Path) -> Path:
    """A DOCX with one paragraph per non-empty source line."""
    import docx  # python-docx; imported here so PDF-only callers don't pay for it

    path = Path(path)
    document = docx.Document()
    for paragraph in _paragraphs(text):
        document.add_paragraph(paragraph)
    document.save(str(path))
    return path
