"""Rebuild the paragraphs of hard-wrapped text and markdown: one logical paragraph per line, tables as rows.

Portal and repository copies of directives are wrapped at ~80 characters, as text taken from a PDF is:
a sentence, a heading or a header field ("Số:" / "141/KH-UBND") runs over several lines, and blank lines
separate paragraphs. Their two-column header and signature are tables written one cell per line between
lines holding a lone "|" (two such lines end a row), or as markdown pipe rows; bold and italic marks
(`**`, `*`), separator lines (`-----`) and blank bold runs (`** **`) are residue of the rendering.

The rule a reader applies: inside a paragraph, a line continues the one before unless it starts a new
unit - an item marker ("1.", "a)", "-"), a legal heading ("Điều 5.", "Chương II", "Mục 1", "Phần I"), a
header or signature field ("Số:", "Kính gửi:", "Nơi nhận:", "KT. CHỦ TỊCH"), or a run of bold text that
the line before closed. A marker or a legal heading alone in its paragraph ("I." then the title) takes the
next paragraph as its text. Text without blank lines between paragraphs (one paragraph a line already) is
left as it is.
"""
from __future__ import annotations

import re

from ingest.legacy import is_syllable
from ingest.tables import Row, render
from ingest.vietnamese import CAPITAL, SIGN_ROLE, SIGNED

# A line that opens a unit of its own. The item markers are ingest.normalize.MARKER's; the others are the
# legal headings and the header and signature fields.
_ITEM = re.compile(r"^(?:[IVXLC]+\.|\d{1,3}(?:\.\d{1,3})*[.)]|[a-zđ][).]|[-+–•])(?:\s|$)")
_LEGAL = re.compile(r"^(?:Điều\s+\d+[a-zđ]?\s*[.:]|Chương\s+[IVXLC\d]+\b|Mục\s+\d+\b|Phần\s+(?:thứ\s+)?[\wIVX]+\b"
                    r"|Phụ lục\b|PHỤ LỤC\b)", re.IGNORECASE)
_FIELD = re.compile(rf"^(?:Số\s*:|Kính gửi\b|Nơi nhận\b|V/v\b|{SIGN_ROLE}\.\s*\S|#)")
_TITLE = re.compile(r"^(?:PHÓ\s+)?(?:CHỦ TỊCH|GIÁM ĐỐC|BỘ TRƯỞNG|THỨ TRƯỞNG|THỦ TƯỚNG|PHÓ THỦ TƯỚNG|CHÁNH VĂN PHÒNG|"
                    r"TRƯỞNG BAN|CỤC TRƯỞNG|CHỦ NHIỆM|TỔNG GIÁM ĐỐC|VIỆN TRƯỞNG)\s*$")
# A line after which a marker-looking line still continues the sentence ("tại điểm" / "a) khoản 1").
_CONTINUES = re.compile(r"(?:\b(?:điểm|khoản|Điều|số|tại|theo|và|của|các|về|với|ngày|tháng|năm|giai đoạn|từ|đến)"
                        r"|[,(–-])$", re.IGNORECASE)
_SEPARATOR = re.compile(r"^[\s*_=\-–—.|]*$")
_LONE_HEAD = re.compile(r"^(?:[IVXLC]+\.|\d{1,3}(?:\.\d{1,3})*[.)]|[a-zđ][).]|Chương\s+[IVXLC\d]+\.?|Mục\s+\d+\.?|"
                        r"Phần\s+(?:thứ\s+)?[\wIVX]+\.?|Điều\s+\d+[a-zđ]?\.?)$", re.IGNORECASE)
_MIN_BLANK_SHARE = 0.08
_FULL_LINE = 50             # characters: a line this long that stops mid-sentence was wrapped


def _glued(m: re.Match) -> str:
    """A bold mark between letters: inside a syllable ("đi**ện" is "điện") it goes; between two syllables
    written together ("Tung**thành**") it stands for the space the converter lost."""
    left, right = m.group(1), m.group(2)
    if left.isdigit() or right.isdigit() or is_syllable(left + right) or not (is_syllable(left.split()[-1])
                                                                              and is_syllable(right)):
        return left
    return left + " "


def strip_marks(line: str) -> str:
    """The words of a line without bold and italic marks; "(*)" note marks stay."""
    line = line.replace("(*)", "\0")
    line = re.sub(r"(?<!\w)(\w+)\*\*(?=(\w+))", _glued, line)   # from a word's start: linear in a long word
    line = line.replace("**", "").replace("__", "")
    line = re.sub(r"(?<![\w*])\*(?!\s)|(?<=\S)\*(?![\w*])|(?<=\s)\*(?=\s)|^\*|\*$", "", line)
    return line.replace("\0", "(*)")


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _starts_unit(prev_raw: str, raw: str, in_cell: bool, last_line: str = "") -> bool:
    """Whether `raw` begins a new paragraph rather than continuing `prev_raw` (both with their marks);
    `last_line` is the physical line before `raw`."""
    prev, cur = strip_marks(prev_raw).strip(), strip_marks(raw).strip()
    if not prev:
        return True
    if _ITEM.match(cur) or _LEGAL.match(cur):
        # "giai đoạn 2026" / "- 2030": a dash and a number after a number is the sentence going on; so is a
        # dash after a full wrapped line that ends mid-sentence ("Vụ Tổ chức" / "- Biên chế thuộc Bộ Nội vụ").
        if cur[:1] in "-–" and re.match(r"^[-–]\s*\d", cur) and re.search(r"\d$", prev):
            return False
        if cur[:1] in "-–" and len(last_line.strip()) >= _FULL_LINE and not re.search(r"[.;:!?)”\"…*]$", prev):
            return False
        return not _CONTINUES.search(prev)
    if _FIELD.match(cur) or _TITLE.match(cur):
        return True
    if re.match(rf"^{SIGN_ROLE}\.\s", prev):
        # a signature's role ends its line, unless it wrapped inside its bold run: "**TM. ỦY BAN NHÂN" / "DÂN **"
        return not (prev_raw.count("**") % 2 and raw.count("**") % 2)
    if _TITLE.match(prev):
        return True
    # A bold run that closes at the end of the line before, or opens at the start of this one in a cell.
    # (The paragraph so far must be bold from its start: "... tên gọi là **xã A**" / "mới" goes on.)
    if prev_raw.lstrip().startswith("**") and prev_raw.rstrip().endswith("**") and prev_raw.count("**") % 2 == 0:
        return True
    if in_cell and not prev.endswith(":"):
        if raw.lstrip().startswith("**") and not prev_raw.rstrip().endswith("**"):
            return True
        if _is_caps(prev) != _is_caps(cur):
            return True
    return False


def _join(lines: list[str], in_cell: bool = False) -> list[str]:
    """The paragraphs of a block of wrapped lines (marks still on)."""
    out: list[str] = []
    after_rule = False
    last = ""
    for raw in lines:
        if _SEPARATOR.match(raw):
            after_rule = True        # a rule ends the unit above it ("TỈNH LAI CHÂU" / "-----" / "Số: ...")
            continue
        if out and not after_rule and not _starts_unit(out[-1], raw, in_cell, last):
            out[-1] = f"{out[-1].rstrip()} {raw.strip()}"
        else:
            out.append(raw.strip())
        after_rule = False
        last = raw
    return out


# A signature cell a converter ran into one line ("TM. CHÍNH PHỦKT. THỦ TƯỚNGPHÓ THỦ TƯỚNG(Đã ký)Nguyễn Hòa Bình"):
# a role ("KT.", "TM.") or a deputy's title ("PHÓ ...") written against the capital before it starts a line of its
# own (syllables are written apart, so a capital never runs into them), and the mark "(Đã ký)" stands alone. The
# roles are SIGN_ROLE's but "Q.": a single capital and a stop also end an abbreviation.
_GLUED_SIGNATURE = re.compile(rf"(?<={CAPITAL})(?=(?:KT|TM|TL|TUQ)\.\s|PHÓ\s)")
_SIGNED_MARK = re.compile(rf"\s*\(\s*({SIGNED})\s*\)\s*")


def _pieces(text: str) -> list[str]:
    """One cell line cut at its rules ("CHÍNH PHỦ_______ Số: 171/2025/NĐ-CP"), at the motto's second line when a
    converter glued it to the first ("VIỆT NAMĐộc lập") and between the lines of a signature run together."""
    text = re.sub(r"(VIỆT NAM)\s*(Độc lập)", r"\1\n---\n\2", text)
    text = _SIGNED_MARK.sub(lambda m: f"\n---\n({m.group(1)})\n---\n", _GLUED_SIGNATURE.sub("\n---\n", text))
    return [p for p in re.sub(r"-{3,}|_{3,}", "\n---\n", text).split("\n") if p.strip()]


def _clean(paragraph: str) -> str:
    text = strip_marks(paragraph)
    text = re.sub(r"-{3,}|_{3,}", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _cells(block: list[str]) -> list[Row]:
    """Rows of a table block. A lone "|" line, or a "|" inside a line, ends a cell, and two with no text
    between them end a row (the portal's rendering); a line that starts and ends with "|" is a whole
    markdown row, empty cells included."""
    rows: list[Row] = []
    row: Row = []
    cell: list[str] = []
    seps = 0

    def close_cell(keep_empty: bool = False) -> None:
        nonlocal cell
        lines = [_clean(p) for p in _join(cell, in_cell=True) if _clean(p)]
        if lines or keep_empty:
            row.append(lines)
        cell = []

    def close_row() -> None:
        nonlocal row
        if any(row):
            rows.append(row)
        row = []

    row_open = False                # the line before left a markdown row unfinished (no closing bar)
    for line in block:
        stripped = line.strip()
        whole_row = stripped.startswith("|") and stripped.endswith("|") and stripped.count("|") >= 3
        if whole_row and row_open:
            # The rest of a row broken over two lines: its cells go on the same row.
            pieces = stripped[1:-1].split("|")
            for piece in pieces:
                close_cell()
                cell.extend(_pieces(piece))
            close_cell()
            close_row()
            seps, row_open = 2, False
            continue
        row_open = stripped.startswith("|") and not stripped.endswith("|") and stripped.count("|") >= 2
        if whole_row:
            close_cell()
            close_row()
            pieces = stripped[1:-1].split("|")
            if all(_SEPARATOR.match(p) for p in pieces):
                seps = 1
                continue                    # a markdown rule row, or a row of empty cells
            for piece in pieces:
                cell.extend(_pieces(piece))
                close_cell(keep_empty=True)
            close_row()
            seps = 1                # its closing bar; the next row's opening bar makes two
            continue
        pieces = stripped.split("|")
        for n, piece in enumerate(pieces):
            if n > 0:
                close_cell()
                seps += 1
            if piece.strip() and not _SEPARATOR.match(piece):
                if seps >= 2:
                    # Two bars end a row; each further bar is an empty cell the row starts with (a cell
                    # spanning rows above it).
                    close_row()
                    row.extend([] for _ in range(seps - 2))
                seps = 0
                cell.extend(_pieces(piece))
            elif piece.strip():
                cell.append("---")
    close_cell()
    close_row()
    return rows


def _blocks(lines: list[str]) -> list[list[str]]:
    blocks, cur = [], []
    for line in lines:
        if line.strip():
            cur.append(line)
        elif cur:
            blocks.append(cur)
            cur = []
    if cur:
        blocks.append(cur)
    return blocks


def _is_table(block: list[str]) -> bool:
    return any("|" in line for line in block)


def reflow(text: str) -> str:
    """One logical paragraph per line; tables rendered by ingest.tables. Text already laid out as one
    paragraph per line (few blank lines) is returned unchanged."""
    lines = text.split("\n")
    nonblank = sum(1 for line in lines if line.strip())
    blank_runs = sum(1 for a, b in zip(lines, lines[1:]) if a.strip() and not b.strip())
    has_cells = any(line.strip() == "|" for line in lines)
    if nonblank == 0 or (blank_runs < _MIN_BLANK_SHARE * nonblank and not has_cells):
        return text
    out: list[str] = []
    pending_head: str | None = None
    for block in _blocks(lines):
        if _is_table(block):
            paragraphs = render(_cells(block))
        else:
            paragraphs = [_clean(p) for p in _join(block)]
        for para in paragraphs:
            if not para:
                continue
            if pending_head is not None:
                para = f"{pending_head} {para}"
                pending_head = None
            if _LONE_HEAD.match(para):
                pending_head = para
                continue
            out.append(para)
    if pending_head is not None:
        out.append(pending_head)
    return "\n".join(out)
