"""Repair extracted text into paragraphs: Unicode, legacy fonts, markdown residue, page breaks, footnotes.

The output keeps one paragraph per line; Document.text is those lines joined by "\\n", and every clause
span points into it.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ingest.vietnamese import CAPITAL, normalize_tone

# A line that opens a numbered, lettered or bulleted item; segmenting and joining must agree on it.
MARKER = re.compile(
    r"^(?:(?P<roman>[IVXLC]+)\.|(?P<num>\d{1,3}(?:\.\d{1,3})*)[.)]|(?P<letter>[a-zđ])[).]|(?P<bullet>[-+–•]))\s+"
)
_SUP = re.compile(r"<sup>\s*([^<]*?)\s*</sup>", re.IGNORECASE)
# Link text and address stop at the next bracket: "[[[[..." or "[a](http://x" repeated without a closing
# parenthesis had each scanned to the end of the line from every "[" (20 s on one line).
_MD_LINK = re.compile(r"\[([^\[\]]*)\]\((?:[a-z]+://|www\.)[^()\[\]\s]*\)")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!])")
_FOOTNOTE = re.compile(r"^(\d{1,2})\s+(\S.*)$")
_TERMINAL = tuple(".:;!?")
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff\u00ad"), None)


@dataclass
class Paragraph:
    """One logical paragraph and where it came from."""

    text: str
    page: int
    refs: list[str] = field(default_factory=list)   # footnote numbers it refers to


@dataclass
class NormalizedText:
    paragraphs: list[Paragraph]
    footnotes: dict[str, str]                        # footnote number -> its text

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)

    def offsets(self) -> list[int]:
        """Start offset of each paragraph in `text`."""
        out, pos = [], 0
        for p in self.paragraphs:
            out.append(pos)
            pos += len(p.text) + 1
        return out


def clean_line(line: str) -> tuple[str, list[str]]:
    """Strip markdown and converter residue from one line; return the text and its footnote refs."""
    refs: list[str] = []

    def sup(m: re.Match) -> str:
        if m.group(1).isdigit():
            refs.append(m.group(1))
            return ""
        return m.group(1)

    line = line.translate(_ZERO_WIDTH).replace("\t", " ").replace("\u00a0", " ")
    line = _SUP.sub(sup, line)
    line = re.sub(r"<br\s*/?>", " ", line, flags=re.IGNORECASE)
    line = re.sub(r"^\s*#{1,6}\s+", "", line)
    line = line.replace("**", "").replace("__", "")
    line = _MD_LINK.sub(r"\1", line)
    line = _MD_ESCAPE.sub(r"\1", line)
    line = re.sub(r"(\./\.)\s*#\d+\s*$", r"\1", line)   # page-number residue after the closing mark
    line = re.sub(r"\s+", " ", line).strip()
    line = re.sub(rf"^([IVX]{{1,4}}|\d{{1,2}}),\s+(?={CAPITAL})", r"\1. ", line)   # OCR reads "I." as "I,"
    return line, refs


def _is_marker(line: str) -> bool:
    return bool(MARKER.match(line))


def _should_join(prev: str, cur: str) -> bool:
    """A paragraph cut by a page break or a hard wrap: the first part cannot end there."""
    if _is_marker(cur) or prev.endswith(_TERMINAL) or prev.endswith("./."):
        return False
    first = cur[0]
    if first.islower():
        return True
    if prev.count("(") > prev.count(")"):
        return True
    return first.isdigit() and re.search(r"\b(số|ngày|năm|tháng)$", prev, re.IGNORECASE) is not None


def normalize(pages: list[str]) -> NormalizedText:
    """Turn extracted pages into clean paragraphs with their pages and footnotes."""
    from ingest.legacy import repair_legacy

    raw: list[Paragraph] = []
    for page_no, page in enumerate(pages, start=1):
        page = normalize_tone(repair_legacy(unicodedata.normalize("NFC", page)))
        for line in page.splitlines():
            text, refs = clean_line(line)
            if text:
                raw.append(Paragraph(text, page_no, refs))

    # Footnote bodies: "1 Gồm: ..." lines whose number an earlier <sup> referred to.
    footnotes: dict[str, str] = {}
    pending: set[str] = set()
    body: list[Paragraph] = []
    for para in raw:
        m = _FOOTNOTE.match(para.text)
        if m and m.group(1) in pending:
            footnotes[m.group(1)] = m.group(2)
            pending.discard(m.group(1))
            continue
        pending.update(para.refs)
        body.append(para)

    joined: list[Paragraph] = []
    for para in body:
        if joined and _should_join(joined[-1].text, para.text):
            last = joined[-1]
            last.text = f"{last.text} {para.text}"
            last.refs.extend(para.refs)
        else:
            joined.append(para)
    return NormalizedText(joined, footnotes)
