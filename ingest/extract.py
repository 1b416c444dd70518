"""Read a PDF, DOCX or text file into pages of paragraphs: one paragraph per line, NFC.

The rest of the pipeline works line by line (each non-empty line is a paragraph), so every
format has to come out the way a bundled .txt file does. For PDF that means undoing the
layout: lines the PDF wrapped are joined back into their paragraph (see `_assemble`), and
pages without a text layer are read with Tesseract through pymupdf's OCR.
"""
from __future__ import annotations

import re
import statistics
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ingest import limits
from ingest.errors import IngestError
from ingest.ocr import OCR_DPI, OCR_LANGUAGE, no_ocr_error, tessdata_dir, tesseract_available

__all__ = ["Extracted", "extract", "extract_pdf", "extract_docx", "tesseract_available"]

# Same markers as ingest.normalize.MARKER (segmenting and joining must agree), plus legal headings.
_NUMBERED = re.compile(
    r"^(?:[IVXLC]+\.|\d{1,3}(?:\.\d{1,3})*[.)]|[a-zđ][).]|(?:Điều|Chương|Mục|Phần)\s+[\dIVXLC]+\b)(?:\s+|$)"
)
_BULLET = re.compile(r"^[-+–•]\s+(?P<next>\S)?")
_TERMINAL = tuple(".:;!?")
_PAGE_NUMBER = re.compile(r"^(?:[-–]\s*)?(?:Trang\s+)?(\d{1,3})(?:\s*[-–])?$", re.IGNORECASE)


@dataclass
class Extracted:
    pages: list[str]      # one string per page; one paragraph per line inside a page
    ocr_pages: int = 0    # how many pages were read by OCR


def extract(path: Path) -> Extracted:
    """Dispatch on the file's suffix, so callers need not know the format."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return extract_pdf(path)
    if suffix == ".docx":
        return extract_docx(path)
    if suffix in (".txt", ".md"):
        return _extract_text(path)
    shown = suffix or "(none)"
    raise IngestError(f"unsupported file type {shown}; use .pdf, .docx, .txt or .md")


def extract_docx(path: Path) -> Extracted:
    """All body paragraphs of a DOCX, tables as rows (ingest.docx_text); DOCX has no fixed pages."""
    from ingest.docx_text import docx_pages

    return Extracted(pages=docx_pages(path))


def _extract_text(path: Path) -> Extracted:
    """A text or markdown file, its hard-wrapped paragraphs and its tables rebuilt (ingest.layout); a form
    feed marks a page break."""
    from ingest.layout import reflow
    from ingest.legacy import (
        decode_text_bytes,  # lazy: legacy.py is optional for PDF/DOCX
    )

    from ingest.limits import check_text_bytes

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"cannot read file: {exc.strerror or exc}") from exc
    check_text_bytes(data)
    text = unicodedata.normalize("NFC", decode_text_bytes(data))
    return Extracted(pages=[reflow(page) for page in (text.split("\f") if "\f" in text else [text])])


# --------------------------------------------------------------------------- PDF


@dataclass
class _Line:
    """One visual line of a page, with the geometry the paragraph rules need."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float          # font size (points)
    first_word: float    # width of the first word (up to the first space)
    space: float         # width of a space in this line
    block: int           # MuPDF block number (-1 on OCR pages); only used to merge line fragments


@dataclass
class _PageLines:
    lines: list[_Line]
    width: float
    height: float
    ocr: bool


def extract_pdf(path: Path) -> Extracted:
    """Text of every page, paragraphs rebuilt from the layout; pages without text are OCR'd."""
    import pymupdf

    path = Path(path)
    try:
        doc = pymupdf.open(str(path), filetype="pdf")
    except pymupdf.FileNotFoundError as exc:
        raise IngestError(f"cannot read file: {exc}") from exc
    except (pymupdf.FileDataError, pymupdf.mupdf.FzErrorBase, RuntimeError, ValueError) as exc:
        raise IngestError(f"not a readable PDF: {_first_line(exc)}") from exc
    try:
        # Only a user password blocks reading; owner-only "encryption" (permissions) opens fine.
        if doc.needs_pass:
            raise IngestError("the PDF is encrypted (needs a password); save an unprotected copy and retry")
        try:
            page_count = doc.page_count  # a damaged page tree raises only here
        except (pymupdf.mupdf.FzErrorBase, RuntimeError, ValueError) as exc:
            raise IngestError(f"not a readable PDF: {_first_line(exc)}") from exc
        if page_count == 0:
            raise IngestError("the PDF has no pages")
        limits.check_pages(page_count)
        pages: list[_PageLines | None] = [_text_layer(doc, index) for index in range(page_count)]
        scanned = [index for index, page in enumerate(pages) if page is None]
        if scanned:
            if not tesseract_available():
                raise no_ocr_error(scanned[0] + 1)
            limits.check_ocr_pages(len(scanned))
            tessdata, clock = str(tessdata_dir()), limits.OcrClock()
            for done, index in enumerate(scanned):  # one after another: a few seconds a page
                clock.check(done, len(scanned))
                pages[index] = _ocr_page(doc, index, tessdata)
    finally:
        doc.close()
    done = [page for page in pages if page is not None]
    if not any(page.lines for page in done):
        # MuPDF silently "repairs" a truncated file into blank pages; nothing to ingest either way.
        raise IngestError("not a readable PDF: no text on any page (damaged, truncated or blank)")
    assembled = _assemble(done)
    limits.check_lines(sum(page.count("\n") + 1 for page in assembled))
    return Extracted(pages=assembled, ocr_pages=len(scanned))


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return re.sub(r"^code=\d+:\s*", "", text[0]) if text else type(exc).__name__


def _text_flags() -> int:
    import pymupdf

    return pymupdf.TEXTFLAGS_RAWDICT & ~pymupdf.TEXT_PRESERVE_IMAGES


def _text_layer(doc, index: int) -> _PageLines | None:
    """The page's lines from its text layer; None when it has no text but has ink (a scan)."""
    import pymupdf

    try:
        page = doc.load_page(index)
        raw = page.get_text("rawdict", flags=_text_flags(), sort=False)
    except (pymupdf.mupdf.FzErrorBase, RuntimeError, ValueError) as exc:
        raise IngestError(f"not a readable PDF: page {index + 1}: {_first_line(exc)}") from exc
    lines = _raw_lines(raw, ocr=False)
    if not any(_has_text(line.text) for line in lines) and _has_ink(page):
        return None
    from ingest.pdf_tables import replace_tables

    lines = replace_tables(page, raw, lines, _make_line, _row_line)
    return _PageLines(lines, page.rect.width, page.rect.height, ocr=False)


def _row_line(text: str, y: float, size: float) -> _Line:
    """A rendered table row: a paragraph of its own (no wrap geometry, so nothing joins it)."""
    return _Line(text, 0.0, y, float("inf"), y + size, size, float("inf"), 0.28 * size, -1)


def _has_ink(page) -> bool:
    """Whether a text-less page shows anything OCR could read (an image, or text drawn as paths).

    A truly blank page (a separator) is just an empty page, not a reason to need Tesseract.
    """
    try:
        return bool(page.get_images(full=True)) or bool(page.get_cdrawings())
    except (RuntimeError, ValueError):
        return True


def _ocr_page(doc, index: int, tessdata: str) -> _PageLines:
    """Read one page by OCR of its full-page image rendered at OCR_DPI.

    full=True: the page has no usable text, so the whole image goes to Tesseract (language
    "vie", which also reads the Latin letters of English acronyms).
    """
    import pymupdf

    try:
        page = doc.load_page(index)
        textpage = page.get_textpage_ocr(
            flags=_text_flags(), language=OCR_LANGUAGE, dpi=OCR_DPI, full=True, tessdata=tessdata
        )
        raw = page.get_text("rawdict", textpage=textpage, sort=False)
    except (pymupdf.mupdf.FzErrorBase, RuntimeError, ValueError) as exc:
        raise IngestError(f"OCR of page {index + 1} failed: {_first_line(exc)}") from exc
    return _PageLines(_raw_lines(raw, ocr=True), page.rect.width, page.rect.height, ocr=True)


def _has_text(text: str) -> bool:
    """A text layer counts only if it has a letter or digit (not just spaces or U+FFFD)."""
    return any(ch.isalnum() for ch in text)


def _raw_lines(raw: dict, ocr: bool) -> list[_Line]:
    """Horizontal text lines of a rawdict, each with its text and character geometry.

    OCR output from Tesseract's PDF renderer sometimes omits the space after a word that ends
    in a Vietnamese toned vowel ("thủtục"). Its glyphs within a word touch (it stretches each
    word over the word's box), so on OCR pages any gap over 4% of the font size is a space.
    """
    out: list[_Line] = []
    for block_no, block in enumerate(raw.get("blocks", [])):
        if block.get("type") != 0:
            continue
        for line in block.get("lines", []):
            chars = [(c["c"], c["bbox"], span["size"]) for span in line["spans"] for c in span["chars"]]
            made = _make_line(chars, line, -1 if ocr else block_no, ocr)
            if made is not None:
                out.append(made)
    return out


def _make_line(chars: list[tuple[str, tuple, float]], line: dict, block: int, ocr: bool) -> _Line | None:
    text_parts: list[str] = []
    ink: list[tuple[float, float]] = []        # x-extent of each visible glyph
    space_widths: list[float] = []
    first_word_end: float | None = None
    prev_x1: float | None = None
    sizes = [size for _, _, size in chars]
    size = statistics.median(sizes) if sizes else 0.0
    for ch, bbox, _ in chars:
        if ch.isspace():
            text_parts.append(" ")
            space_widths.append(bbox[2] - bbox[0])
            if ink and first_word_end is None:
                first_word_end = ink[-1][1]
            continue
        if ocr and prev_x1 is not None and bbox[0] - prev_x1 > 0.04 * size and text_parts[-1] != " ":
            text_parts.append(" ")
            space_widths.append(bbox[0] - prev_x1)
            if first_word_end is None:
                first_word_end = ink[-1][1]
        text_parts.append(ch)
        ink.append((bbox[0], bbox[2]))
        prev_x1 = bbox[2]
    text = re.sub(r"\s+", " ", "".join(text_parts)).strip()
    if not text or not ink:
        return None
    x0 = min(a for a, _ in ink)
    x1 = max(b for _, b in ink)
    if first_word_end is None:
        first_word_end = x1
    direction = line.get("dir", (1.0, 0.0))
    if abs(direction[1]) > 0.1:  # rotated or vertical text (stamps, margin notes): no wrap geometry
        x0, x1, first_word_end = 0.0, float("inf"), float("inf")
    space = statistics.median(space_widths) if space_widths else 0.28 * size
    _, y0, _, y1 = line["bbox"]
    return _Line(text, x0, y0, x1, y1, size, max(0.0, first_word_end - x0), space, block)


@dataclass
class _Layout:
    """Document-wide geometry of one kind of page (same width, same text source)."""

    left: float
    right: float
    height: float        # median line height
    para_gap: float      # a vertical gap above this starts a paragraph


def _edge(values: list[float], tolerance: float, largest: bool) -> float:
    """The outermost value that at least two lines reach (within tolerance): ignores one stray line."""
    ordered = sorted(values, reverse=largest)
    if len(ordered) < 2:
        return ordered[0] if ordered else 0.0
    for i, value in enumerate(ordered[:-1]):
        if abs(ordered[i + 1] - value) <= tolerance:
            return value
    return ordered[0]


def _layouts(pages: list[_PageLines]) -> dict[tuple[int, bool], _Layout]:
    """Margins, line height and paragraph gap per (page width, OCR or not), over all pages.

    Measured over the whole document so that a short last page (signature block) is judged
    against the same right edge as the body pages.
    """
    groups: dict[tuple[int, bool], list[_PageLines]] = {}
    for page in pages:
        groups.setdefault((round(page.width), page.ocr), []).append(page)
    layouts: dict[tuple[int, bool], _Layout] = {}
    for key, group in groups.items():
        lines = [line for page in group for line in page.lines if line.x1 != float("inf")]
        if not lines:
            layouts[key] = _Layout(0.0, group[0].width, 12.0, float("inf"))
            continue
        height = statistics.median(line.y1 - line.y0 for line in lines)
        tolerance = max(0.02 * group[0].width, 0.5 * height)
        right = _edge([line.x1 for line in lines], tolerance, largest=True)
        left = _edge([line.x0 for line in lines], tolerance, largest=False)
        gaps: list[float] = []
        for page in group:
            for prev, cur in zip(page.lines, page.lines[1:]):
                gap = cur.y0 - prev.y1
                if cur.y0 >= prev.y0 + 0.5 * height and gap < 3 * height:  # the next line down
                    gaps.append(gap)
        if len(gaps) >= 2:
            usual = _edge(gaps, 0.15 * height, largest=False)
            # OCR line boxes follow the ink (accents, descenders), so they need more margin
            para_gap = usual + (0.4 if key[1] else 0.25) * height
        else:
            para_gap = float("inf")
        layouts[key] = _Layout(left, right, height, para_gap)
    return layouts


def _is_full(prev: _Line, cur: _Line, layout: _Layout) -> bool:
    """Whether `prev` was wrapped: cur's first word (plus a space) would not have fit after it."""
    slack = layout.right - prev.x1
    needed = cur.first_word + (0.0 if _hyphen_join(prev.text) else prev.space)
    return slack <= needed + 0.15 * max(prev.size, 1.0)


def _hyphen_join(text: str) -> bool:
    """A line ending in "-" or "/" glued to a word ("VPCP-", "107/2021/") was broken inside that word.

    Layout engines break after a hyphen or slash; Vietnamese has no hyphenation, so the
    continuation is always the rest of the same token ("107/2021/" + "NĐ-CP").
    """
    return len(text) >= 2 and text[-1] in "-/" and not text[-2].isspace()


def _starts_paragraph(prev: _Line, cur: _Line, para_first: _Line, layout: _Layout) -> bool:
    """The paragraph rules, in the order `_assemble` documents them."""
    if cur.x1 == float("inf") or prev.x1 == float("inf"):
        return True
    if cur.y0 < prev.y0 + 0.5 * layout.height:           # not below: new column or side-by-side cell
        return True
    if cur.y0 - prev.y1 > layout.para_gap:
        return True
    if not _is_full(prev, cur, layout):
        return True
    if _NUMBERED.match(cur.text):
        return True
    bullet = _BULLET.match(cur.text)
    if bullet:
        following = bullet.group("next") or ""
        if prev.text.endswith(_TERMINAL) or not (following.islower() or following.isdigit()):
            return True
    em = max(cur.size, 1.0)
    hanging = _NUMBERED.match(para_first.text) or _BULLET.match(para_first.text)
    if (
        cur.x0 > layout.left + 0.8 * em
        and prev.x0 <= layout.left + 0.5 * em
        and not (hanging and cur.x0 > para_first.x0 + 0.5 * em)
    ):
        return True                                       # first-line indent
    return False


def _is_speck(line: _Line) -> bool:
    """OCR noise: a line of one or two characters with no letter or digit (a dust speck read as "-")."""
    return len(line.text) <= 2 and not _has_text(line.text)


def _merge_fragments(lines: list[_Line]) -> list[_Line]:
    """Put back together pieces of one visual line that MuPDF or Tesseract reported as two lines.

    A piece continues the previous line when it shares the row (vertical overlap of at least
    half the smaller height), starts right of it within 3 em, and (text layer) is in the same block.
    """
    out: list[_Line] = []
    for line in lines:
        prev = out[-1] if out else None
        if prev is not None and line.block == prev.block and prev.x1 != float("inf") and line.x1 != float("inf"):
            overlap = min(prev.y1, line.y1) - max(prev.y0, line.y0)
            smaller = min(prev.y1 - prev.y0, line.y1 - line.y0)
            gap = line.x0 - prev.x1
            if smaller > 0 and overlap >= 0.5 * smaller and -0.5 * prev.size <= gap <= 3 * max(prev.size, 1.0):
                out[-1] = _Line(
                    f"{prev.text} {line.text}", prev.x0, min(prev.y0, line.y0), line.x1, max(prev.y1, line.y1),
                    prev.size, prev.first_word, prev.space, prev.block,
                )
                continue
        out.append(line)
    return out


def _join(paragraph: list[_Line]) -> str:
    text = paragraph[0].text
    for line in paragraph[1:]:
        text = text + line.text if _hyphen_join(text) else f"{text} {line.text}"
    return text


def _is_page_number(line: _Line, page: _PageLines, index: int) -> bool:
    """A lone number in the top or bottom tenth of the page that matches the page's position."""
    match = _PAGE_NUMBER.match(line.text)
    if not match:
        return False
    near_edge = line.y1 < 0.1 * page.height or line.y0 > 0.9 * page.height
    return near_edge and abs(int(match.group(1)) - (index + 1)) <= 2


def _assemble(pages: list[_PageLines]) -> list[str]:
    """Rebuild paragraphs from visual lines; return one string per page, one paragraph per line.

    Lines are taken in the PDF's own order (MuPDF's content order, Tesseract's reading order
    for OCR); columns are not re-sorted. A line starts a new paragraph when any of these holds:

    1. it is rotated/vertical, or it is not below the previous line (a new column or table cell);
    2. the vertical gap above it exceeds the document's usual line gap by 0.25 line heights,
       0.4 on OCR pages, whose line boxes follow the ink (the usual gap is the smallest gap
       that at least two line pairs share, so 1.5 line spacing is not taken for paragraph
       spacing);
    3. the previous line ended short: the first word of this line plus a space would have fit
       between the previous line's end and the text's right edge (the right edge is the
       outermost x that at least two lines of the document reach, so one stray line does not
       move it);
    4. it starts with a numbered marker ("1.", "1.2.", "a)", "I.", "Điều 3");
    5. it starts with a bullet ("-", "+", "–", "•") and either the previous line ends in
       . : ; ! ? or the bullet is followed by something other than a lowercase letter or digit
       (a wrapped "kinh tế - xã hội" must not be split at "- xã");
    6. it is indented by more than 0.8 em from the left edge while the previous line was not
       (a first-line indent), unless the paragraph opened with a marker and this line sits
       right of it (a hanging indent).

    MuPDF's text blocks are deliberately not a rule: with 1.5 line spacing, and on OCR pages,
    it starts new blocks inside paragraphs and puts several paragraphs in one block.

    Lines of one paragraph are joined with one space, except after a "-" or "/" glued to a
    word ("VPCP-" + "KSTT", "107/2021/" + "NĐ-CP"), which is a break inside the token.

    A paragraph cut by a page break is joined onto the page where it started when the last
    line of the earlier page is full (rule 3), the next page's first line has no marker and
    no first-line indent, and the cut line does not end in . : ; ! ? (unless the continuation
    starts in lowercase). Lone page numbers at the top or bottom of a page are dropped.

    Before these rules, pieces of one visual line reported separately are merged (see
    `_merge_fragments`), and on OCR pages specks (one or two characters, no letter or digit)
    are dropped.
    """
    cleaned: list[_PageLines] = []
    for index, page in enumerate(pages):
        lines = [line for line in page.lines if not _is_page_number(line, page, index)]
        if page.ocr:
            lines = [line for line in lines if not _is_speck(line)]
        cleaned.append(_PageLines(_merge_fragments(lines), page.width, page.height, page.ocr))
    layouts = _layouts(cleaned)
    per_page: list[list[list[_Line]]] = []
    for page in cleaned:
        layout = layouts[(round(page.width), page.ocr)]
        paragraphs: list[list[_Line]] = []
        for line in page.lines:
            if paragraphs and not _starts_paragraph(paragraphs[-1][-1], line, paragraphs[-1][0], layout):
                paragraphs[-1].append(line)
            else:
                paragraphs.append([line])
        if per_page and paragraphs and _continues(per_page, paragraphs[0], layout):
            target = next(p for p in reversed(per_page) if p)
            target[-1].extend(paragraphs.pop(0))
        per_page.append(paragraphs)
    return [unicodedata.normalize("NFC", "\n".join(_join(p) for p in paragraphs)) for paragraphs in per_page]


def _continues(previous_pages: list[list[list[_Line]]], head: list[_Line], layout: _Layout) -> bool:
    """Whether a page's first paragraph is the rest of the previous page's last paragraph."""
    earlier = next((p for p in reversed(previous_pages) if p), None)
    if earlier is None:
        return False
    last, first = earlier[-1][-1], head[0]
    if last.x1 == float("inf") or first.x1 == float("inf"):
        return False
    if _NUMBERED.match(first.text) or _BULLET.match(first.text):
        return False
    if first.x0 > layout.left + 0.8 * max(first.size, 1.0):  # a first-line indent
        return False
    if not _is_full(last, first, layout):
        return False
    if last.text.endswith(_TERMINAL) and not first.text[:1].islower():
        return False
    return True
