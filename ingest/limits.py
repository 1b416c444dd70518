"""Per-file limits, checked before the expensive step they protect, each refused with a message naming the
limit and the setting that raises it (ingest/config.py).

Measured before these existed: a 1 MB DOCX holding 1 GiB of XML peaked at 2 GB before its error (the size
limit counted compressed bytes); a 235 KB DOCX of 2 M one-letter paragraphs was accepted after 171 s at 1.4 GB
and its search then ran 15 minutes; a 547 KB PDF of 2,000 tiny-image pages was OCRed page after page (about
20 minutes). Each is now refused in well under a second, before the XML is parsed or the first page is OCRed.
"""
from __future__ import annotations

import re
import time
import zipfile
from pathlib import Path

from ingest import config
from ingest.errors import IngestError, LimitError

_CHUNK = 1 << 20
_PARAGRAPH = re.compile(rb"<w:p[ >/]")          # <w:p>, <w:p w:rsidR=...>, <w:p/>


def size_text(n: float) -> str:
    """1.9 MB, 1 MB, 10 KB, 12 bytes: a small limit (--max-size-mb 0.01) had read "0.0 MB"."""
    for unit, scale in (("MB", 2**20), ("KB", 2**10)):
        if n >= scale / 10:
            return f"{n / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n:.0f} bytes"


def check_docx(path: Path) -> None:
    """Refuse a DOCX whose parts unpack past DIRECTIVES_MAX_UNPACKED_MB, or whose body has more paragraphs
    than DIRECTIVES_MAX_PARAGRAPHS; read from the zip's directory and a streamed count of <w:p> tags, never by
    unpacking it whole. A file that is no zip is left to python-docx, which says so."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return
    with archive:
        infos = archive.infolist()
        unpacked = sum(i.file_size for i in infos)
        limit = config.MAX_UNPACKED_MB.value() * 2**20
        if unpacked > limit:
            raise LimitError(f"the DOCX unpacks to {size_text(unpacked)}, over the {size_text(limit)} limit "
                             "(DIRECTIVES_MAX_UNPACKED_MB)")
        body = next((i for i in infos if i.filename == "word/document.xml"), None)
        if body is None:
            return
        count_paragraphs(archive, body)


def count_paragraphs(archive: zipfile.ZipFile, body: zipfile.ZipInfo) -> int:
    """Paragraph tags of the body, streamed; LimitError as soon as they pass the limit."""
    limit = int(config.MAX_PARAGRAPHS.value())
    count, tail = 0, b""
    try:
        with archive.open(body) as f:
            while chunk := f.read(_CHUNK):
                data = tail + chunk
                count += len(_PARAGRAPH.findall(data))
                tail = data[-4:]        # a tag (5 bytes) cut by the chunk's end is counted with the next chunk
                if count > limit:
                    raise LimitError(f"the DOCX has over {limit:,} paragraphs, the limit (DIRECTIVES_MAX_PARAGRAPHS)")
    except (zipfile.BadZipFile, OSError, EOFError) as e:
        raise IngestError(f"not a readable DOCX: {e}") from None
    return count


def check_lines(count: int, what: str = "lines") -> None:
    """Refuse text of more than DIRECTIVES_MAX_PARAGRAPHS paragraphs (a line is a paragraph in this pipeline)."""
    limit = int(config.MAX_PARAGRAPHS.value())
    if count > limit:
        raise LimitError(f"the file has {count:,} {what}, over the {limit:,} paragraph limit "
                         "(DIRECTIVES_MAX_PARAGRAPHS)")


def check_text_bytes(data: bytes) -> None:
    """A text file's line count, from its bytes before they are decoded and split (25 M short lines would be
    a gigabyte of Python strings)."""
    check_lines(data.count(b"\n") + 1)


def check_pages(count: int) -> None:
    limit = int(config.MAX_PAGES.value())
    if count > limit:
        raise LimitError(f"the PDF has {count:,} pages, over the {limit:,} page limit (DIRECTIVES_MAX_PAGES)")


def check_ocr_pages(count: int) -> None:
    limit = int(config.MAX_OCR_PAGES.value())
    if count > limit:
        raise LimitError(f"the PDF has {count:,} pages without a text layer, over the {limit:,} pages OCR may read "
                         "(DIRECTIVES_MAX_OCR_PAGES)")


class OcrClock:
    """The OCR time budget of one file, checked before each page."""

    def __init__(self) -> None:
        self.limit = config.MAX_OCR_SECONDS.value()
        self.started = time.monotonic()

    def check(self, done: int, total: int) -> None:
        spent = time.monotonic() - self.started
        if spent > self.limit:
            raise LimitError(f"OCR ran past its {self.limit:g} s limit after {done} of {total} pages "
                             "(DIRECTIVES_MAX_OCR_SECONDS)")
