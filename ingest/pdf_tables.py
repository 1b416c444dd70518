"""Ruled tables on PDF pages, found with pymupdf's table finder and read as rows (ingest.tables).

A task table's cells wrap inside their column, so line by line its text interleaves the columns ("Nâng cấp
trung tâm dữ liệu" / "Sở Khoa học và" / "Quý IV/2025" / "của thành phố" / "Công nghệ"). The table finder
gives each cell's box; the characters inside a box, read line by line with the page's own spacing rules,
are that cell's lines. The page's lines inside the table are replaced by one line per rendered row.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ingest.tables import Row, render

_MIN_ROWS = 2
_MIN_COLUMNS = 2


def _inside(bbox: tuple, box: tuple) -> bool:
    cx, cy = (bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def _cell_lines(raw: dict, box: tuple, make_line: Callable[..., Any]) -> list[str]:
    out: list[str] = []
    for block in raw.get("blocks", []):
        if block.get("type") != 0:
            continue
        for line in block.get("lines", []):
            chars = [(c["c"], c["bbox"], span["size"]) for span in line["spans"] for c in span["chars"]
                     if _inside(c["bbox"], box)]
            made = make_line(chars, line, -1, False) if chars else None
            if made is not None:
                out.append(made.text)
    return out


def _find_tables(page) -> list:
    """Ruled tables by their lines alone. pymupdf 2 first runs its ONNX layout model on the page
    (use_layout=True): about a second a page, so a 2,000-page PDF took over half an hour; the ruled tables
    this module reads are found by their lines (every table test passes either way). Older pymupdf has no
    such option and finds by lines already."""
    try:
        return page.find_tables(use_layout=False).tables
    except TypeError:                                         # pymupdf < 2: no use_layout
        return page.find_tables().tables


def replace_tables(page, raw: dict, lines: list, make_line: Callable[..., Any], new_line: Callable[..., Any]) -> list:
    """`lines` with every ruled table's lines replaced by its rendered rows (unchanged when there is none)."""
    try:
        found = _find_tables(page)
    except (RuntimeError, ValueError, AttributeError):       # an odd page: read it as plain lines
        return lines
    for table in found:
        if table.row_count < _MIN_ROWS or table.col_count < _MIN_COLUMNS:
            continue
        rows: list[Row] = []
        for row in table.rows:
            rows.append([_cell_lines(raw, cell, make_line) if cell else [] for cell in row.cells])
        rendered = render(rows)
        if not rendered:
            continue
        box = tuple(table.bbox)
        inside = [n for n, line in enumerate(lines) if _inside((line.x0, line.y0, min(line.x1, box[2]), line.y1), box)]
        if not inside:
            continue
        first = inside[0]
        size = lines[first].size
        keep = [line for n, line in enumerate(lines) if n not in set(inside)]
        rows_as_lines = [new_line(text, box[1] + k, size) for k, text in enumerate(rendered)]
        lines = keep[:first] + rows_as_lines + keep[first:]
    return lines
