"""Tables as a reader sees them: a task table's row is one unit, a layout table is just its lines.

Directives use tables two ways. The header ("ỦY BAN NHÂN DÂN ... | CỘNG HÒA ...") and the signature block
("Nơi nhận: ... | KT. CHỦ TỊCH ...") are tables only to place text side by side; their cells are read as
lines, in order. Appendices and plans carry data tables whose first row names the columns
("TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành"); each later row is one task,
written as one line that keeps its cells in order with their column names, so that annotation can tie the
task to its lead, its partners and its deadline: "1. Nhiệm vụ: ...; Cơ quan chủ trì: Sở Tài chính; ...".
A row of one cell, or a number and one cell ("I | Hoàn thiện thể chế"), is a group heading: "I. Hoàn thiện
thể chế". PDF, DOCX and text tables all come here as rows of cells, each cell a list of lines.
"""
from __future__ import annotations

import re

from ingest.vietnamese import SIGN_ROLE, SIGNED

Cell = list[str]          # the lines of one cell
Row = list[Cell]

# Cells of a layout table: the national motto, the number and date line, the signature block, recipients.
_LAYOUT = re.compile(r"CỘNG HÒA XÃ HỘI|CỘNG HOÀ XÃ HỘI|Độc lập\s*[-–—]\s*Tự do|^Số\s*:|^Số\s+\d|Nơi nhận|"
                     rf"Kính gửi|^{SIGN_ROLE}\.\s|^(PHÓ\s+)?CHỦ TỊCH$|{SIGNED}|^V/v", re.IGNORECASE)
# A value that numbers a row: "1", "1.2", "I", "a", "1." - so the row is item "1." of its table.
_ROW_NUMBER = re.compile(r"^(?:(\d{1,3}(?:\.\d{1,3})*)|([IVXLC]{1,6})|([a-zđ]))[.)]?$")
_NUMBER_COLUMN = re.compile(r"^(S?TT|Số\s*TT|Stt|Số thứ tự|STT)$", re.IGNORECASE)
_MAX_LABEL_WORDS = 14
_MIN_ROW_WORDS = 5


def cell_text(cell: Cell) -> str:
    return " ".join(line for line in cell if line).strip()


def _value(text: str) -> str:
    """A cell's text inside a row line: its own closing full stop or semicolon would end the row."""
    return text[:-1].rstrip() if text.endswith((".", ";", ",")) and not text.endswith("./.") else text


def _is_label_row(row: Row) -> bool:
    """A row of column names: every cell short, none a bare number or amount."""
    texts = [cell_text(c) for c in row]
    if len([t for t in texts if t]) < 2:
        return False
    return all(len(t.split()) <= _MAX_LABEL_WORDS and not re.fullmatch(r"[\d.,%/ -]+", t) for t in texts if t)


def is_layout(rows: list[Row]) -> bool:
    """A table that only places text side by side: one row, or cells holding header or signature lines."""
    if len(rows) < 2:
        return True
    return any(_LAYOUT.search(line.strip()) for row in rows for cell in row for line in cell)


def _marker(value: str) -> str | None:
    """The row's own number as an item marker ("1" -> "1.", "I" -> "I.", "a" -> "a)"), if it is one."""
    m = _ROW_NUMBER.match(value.strip())
    if not m:
        return None
    if m.group(3):
        return f"{m.group(3)})"
    return f"{m.group(1) or m.group(2)}."


def render(rows: list[Row]) -> list[str]:
    """The lines a table reads as: a layout table's cell lines, or one line per data row."""
    rows = [row for row in rows if any(cell_text(c) for c in row)]
    if not rows:
        return []
    if is_layout(rows) or not _is_label_row(rows[0]):
        if is_layout(rows):
            return [line for row in rows for cell in row for line in cell if line.strip()]
        return [_plain_row(row) for row in rows]
    names = [cell_text(c) for c in rows[0]]
    lines = _merge_short([_data_row(row, names) for row in rows[1:]])
    used = " ".join(lines)
    if any(name and f"{name}:" not in used for name in names[1:]):
        # Columns no row fills (a blank form, a header over merged cells): the names stay as a line.
        lines.insert(0, " | ".join(n for n in names if n))
    return lines


def _merge_short(lines: list[str]) -> list[str]:
    """A row of a few words ("Nhân công", "1 2 3 4") is a label of the rows below it, or the tail of the one
    above at the table's end: it joins them instead of standing as a unit of its own."""
    out: list[str] = []
    pending: list[str] = []
    for line in lines:
        if len(line.split()) < _MIN_ROW_WORDS and not re.match(r"^[IVXLC]+\.\s", line):
            pending.append(line)
            continue
        out.append(" ".join(pending + [line]) if pending else line)
        pending = []
    if pending:
        if out:
            out[-1] = " ".join([out[-1]] + pending)
        else:
            out.append(" ".join(pending))
    return out


def _plain_row(row: Row) -> str:
    """A row of a table without column names: its cells in order, the first one a marker if it numbers it."""
    texts = [cell_text(c) for c in row if cell_text(c)]
    marker = _marker(texts[0]) if len(texts) > 1 else None
    if marker:
        return f"{marker} " + " | ".join(texts[1:])
    return " | ".join(texts)


def _data_row(row: Row, names: list[str]) -> str:
    texts = [cell_text(c) for c in row]
    filled = [t for t in texts if t]
    first_is_number = bool(names) and _NUMBER_COLUMN.match(names[0]) is not None
    marker = _marker(texts[0]) if texts and texts[0] else None
    # A group heading: the whole row is one cell, or a roman number and one cell spanning the other columns.
    group = marker is not None and re.fullmatch(r"[IVXLC]+\.", marker) is not None
    if len(filled) == 1 or (len(filled) == 2 and group and len(names) > 2 and texts[0]):
        if len(filled) == 1:
            return filled[0]
        return f"{marker} {filled[1]}"
    parts: list[str] = []
    start = 0
    prefix = ""
    if first_is_number and texts and not marker and len(texts) < len(names) and len(texts[0].split()) > 3:
        # The number cell spans rows above (merged): the first value is the second column's.
        texts = [""] + texts
    if first_is_number and texts:
        start = 1
        if marker:
            prefix = f"{marker} "
        elif texts[0]:
            parts.append(f"{names[0]}: {texts[0]}")
    for n, value in enumerate(texts[start:], start=start):
        if not value:
            continue
        name = names[n] if n < len(names) else ""
        value = _value(value)
        parts.append(f"{name}: {value}" if name else value)
    return prefix + "; ".join(parts)
