"""Attachments of a directive: what follows the signature ("QUY CHẾ ... (Ban hành kèm theo Quyết định số ...)",
"PHỤ LỤC I", a plan issued by the decision, a form), each a part of its own with its own numbering.

A decision's Điều 1 says "Ban hành kèm theo Quyết định này Quy chế ..."; the regulation then starts again at
Chương I, Điều 1 after the signature. A reader cites it as "Điều 5 of the Quy chế", so the attachment's clauses
are paths under its own label ("Quy chế.Chương II.Điều 5.2.a"), never closing notes of the decision.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# A caps title line that opens an attachment: the kind of document, alone or followed by its caps subject.
_KINDS = ("PHỤ LỤC", "QUY CHẾ", "QUY ĐỊNH", "KẾ HOẠCH", "ĐIỀU LỆ", "NỘI QUY", "DANH MỤC", "HƯỚNG DẪN",
          "CHƯƠNG TRÌNH", "PHƯƠNG ÁN", "ĐỀ ÁN", "QUY TRÌNH", "TIÊU CHÍ", "BẢNG", "BIỂU", "MẪU", "THỦ TỤC",
          "NỘI DUNG", "CHIẾN LƯỢC", "QUY TẮC", "ĐỊNH MỨC", "KHUNG", "BỘ TIÊU CHÍ", "TỜ TRÌNH", "ĐƠN",
          "BÁO CÁO", "QUYẾT ĐỊNH", "GIẤY", "BIÊN BẢN", "THÔNG BÁO", "PHIẾU", "SỔ")
_TITLE = re.compile(r"^(?:#+\s*)?(" + "|".join(sorted(_KINDS, key=len, reverse=True)) + r")\b(.*)$")
# An appendix heading in any case: "PHỤ LỤC II", "Phụ lục 02", "## Phụ lục II", "Phụ lục I: Danh mục ...".
_APPENDIX = re.compile(r"^(?:#+\s*)?(?:PHỤ LỤC|Phụ lục)(?:\s+(?:số\s+)?([IVXLC]+|\d{1,3}[a-z]?))?\b\s*[.:]?\s*(.*)$")
_FORM = re.compile(r"^(?:#+\s*)?(?:Mẫu|MẪU)\s+(?:số\s+|SỐ\s+)?([\w./-]{1,12})\s*[.:]?\s*(.*)$")
# "(Ban hành kèm theo Quyết định số ...)", "(Kèm theo ...)": the line that ties an attachment to its decision.
_ATTACHED = re.compile(r"^\(?\s*(Ban hành\s+)?[Kk]èm theo\b|^\(?\s*BAN HÀNH KÈM THEO|^\(Áp dụng|^\(Được ban hành")


@dataclass
class Part:
    """One attachment: paragraphs [start, end), its title and subject in [start, body)."""

    label: str           # path prefix of its clauses: "Quy chế", "Phụ lục II", "Mẫu 01"
    kind: str            # "quy chế", "phụ lục", ...
    start: int
    body: int
    end: int


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _title(text: str) -> tuple[str, str] | None:
    """(kind, number) when `text` opens an attachment."""
    if m := _APPENDIX.match(text):
        rest = m.group(2).strip()
        if len(text.split()) <= 4 or _is_caps(rest) or text.lstrip("# ").startswith("PHỤ LỤC"):
            return "phụ lục", m.group(1) or ""
    if m := _FORM.match(text):
        if len(text.split()) <= 12 and (not m.group(2) or _is_caps(m.group(2)) or len(text.split()) <= 4):
            return "mẫu", m.group(1).rstrip(".:")
    if _is_caps(text) and len(text.split()) <= 40 and not text.endswith(":"):
        m = _TITLE.match(text)
        if m:
            return m.group(1).lower(), ""
    return None


def find_parts(texts: list[str], signature: int, body_start: int = 0) -> list[Part]:
    """Attachments after the signature at `signature` (an appendix heading counts even before it).

    A part runs to the next part; its head is the title, the caps subject lines under it and the
    "(Kèm theo ...)" line.
    """
    starts: list[tuple[int, str, str]] = []
    n = len(texts)
    j = body_start
    while j < n:
        t = texts[j]
        found = _title(t)
        if found and (j >= signature or found[0] == "phụ lục" and _appendix_heading(texts, j)):
            kind, number = found
            starts.append((j, kind, number))
        j += 1
    parts: list[Part] = []
    used: dict[str, int] = {}
    for k, (start, kind, number) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else n
        body = start + 1
        while body < end and body <= start + 4 and (
                _ATTACHED.match(texts[body]) or (_is_caps(texts[body]) and len(texts[body].split()) <= 60
                                                  and not _starts_body(texts[body]))):
            body += 1
        label = kind.capitalize() + (f" {number}" if number else "")
        used[label] = used.get(label, 0) + 1
        if used[label] > 1:
            label = f"{label} ({used[label]})"
        parts.append(Part(label, kind, start, body, end))
    return parts


def _starts_body(text: str) -> bool:
    """A caps line that is already the attachment's first heading ("I. MỤC ĐÍCH", "CHƯƠNG I", "ĐIỀU 1")."""
    return re.match(r"^([IVXLC]+\.|\d{1,3}\.|CHƯƠNG\s|Chương\s|MỤC\s+\d|ĐIỀU\s+\d|PHẦN\s)", text) is not None


def _appendix_heading(texts: list[str], j: int) -> bool:
    """An appendix heading in the body: alone on its line, the next line its caps title or a table."""
    t = texts[j].lstrip("# ")
    if not re.match(r"^(PHỤ LỤC|Phụ lục)\b", t):
        return False
    nxt = texts[j + 1].lstrip("# ") if j + 1 < len(texts) else ""
    return len(t.split()) <= 4 and (_is_caps(nxt) or nxt.startswith("(")) or _is_caps(t)
