"""Read a DOCX file into one page of paragraphs, table cells read as ingest.tables reads every table."""
from __future__ import annotations

import re
import unicodedata
import zipfile
from pathlib import Path

from ingest.errors import IngestError


def docx_pages(path: Path) -> list[str]:
    """All body paragraphs, table cells included, in document order; DOCX has no fixed pages.

    Soft line breaks inside a paragraph become separate lines, like the wrapped header items
    of the bundled text files. Headers, footers and footnotes are left out.
    """
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    from ingest.limits import check_docx

    path = Path(path)
    if not path.is_file():
        raise IngestError(f"cannot read file: no such file: {str(path)!r}")
    check_docx(path)              # before python-docx unpacks and parses it whole
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile) as exc:
        raise IngestError("not a readable DOCX: not a Word (zip) package") from exc
    except (KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise IngestError(f"not a readable DOCX: {type(exc).__name__}: {_first_line(exc)}") from exc
    except OSError as exc:
        raise IngestError(f"cannot read file: {exc.strerror or exc}") from exc

    lines: list[str] = []
    for text in _docx_block_texts(document.element.body, document):
        for piece in text.splitlines():
            piece = re.sub(r"[ \t]+", " ", piece).strip()
            if piece:
                lines.append(piece)
    return [unicodedata.normalize("NFC", "\n".join(lines))]


def _docx_block_texts(container, parent) -> list[str]:
    """Paragraph texts under a body or table cell, descending into tables row by row."""
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    out: list[str] = []
    for child in container.iterchildren():
        if child.tag == qn("w:p"):
            out.append(Paragraph(child, parent).text)
        elif child.tag == qn("w:tbl"):
            # Rows of cells, read as ingest.tables reads every table: a task table's row is one line.
            from ingest.tables import render

            rows = [[[line.strip() for text in _docx_block_texts(cell, parent) for line in text.splitlines()
                      if line.strip()] for cell in row.iterchildren(qn("w:tc"))]
                    for row in child.iterchildren(qn("w:tr"))]
            out.extend(render(rows))
        elif child.tag == qn("w:sdt"):  # content control: its paragraphs sit in w:sdtContent
            for content in child.iterchildren(qn("w:sdtContent")):
                out.extend(_docx_block_texts(content, parent))
    return out




def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return re.sub(r"^code=\d+:\s*", "", text[0]) if text else type(exc).__name__
