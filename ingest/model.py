"""The records every stage passes along: files -> Document -> Clauses.

Small dataclasses, named for what they hold; JSON field names are part of the CLI interface.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Clause:
    """One unit of a directive's body: a numbered item, a lettered item, a dash item or a plain paragraph."""

    id: str
    doc_id: str
    path: str                      # "III.3", "8.a", "11.-2", "4.p1", "preamble.1", "closing.1"
    headings: list[str]            # text of the items above it, outermost first
    text: str
    start: int                     # character span in Document.text
    end: int
    page: int                      # 1-based page of the span's start
    kind: str = "task"             # task | preamble | closing
    notes: list[str] = field(default_factory=list)  # footnotes that this clause refers to
    citations: list[Citation] = field(default_factory=list)
    agencies: list[AgencyRole] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Document:
    """A directive's header fields and its normalised text; fields the text does not give stay None."""

    id: str
    source: str
    number: str | None = None          # số ký hiệu, e.g. "582/UBND-NC"
    doc_type: str | None = None        # "công văn", "chỉ thị", "báo cáo", ...
    issuer: str | None = None
    province: str | None = None
    date: str | None = None            # YYYY-MM-DD
    subject: str | None = None         # trích yếu
    signer: str | None = None
    signer_title: str | None = None
    recipients: list[str] = field(default_factory=list)
    text: str = ""
    clauses: list[Clause] = field(default_factory=list)

    def to_dict(self, with_clauses: bool = True, with_text: bool = False) -> dict:
        d = {k: getattr(self, k) for k in (
            "id", "source", "number", "doc_type", "issuer", "province", "date",
            "subject", "signer", "signer_title", "recipients")}
        if with_text:
            d["text"] = self.text
        d["clauses"] = [c.to_dict() for c in self.clauses] if with_clauses else len(self.clauses)
        return d


@dataclass
class Citation:
    """A reference from a clause to another document, with the id that all its spellings share."""

    id: str                       # canonical: "107/2021/NĐ-CP", "39-NQ/TW", "324/QĐ-UBND [An Giang]", a law's name
    number: str | None            # canonical số ký hiệu without qualifiers; None for a law cited by name
    kind: str                     # "nghị định", "quyết định", "luật", ...
    raw: str                      # the words as the clause writes them
    start: int                    # span in the clause text
    end: int
    date: str | None = None       # YYYY-MM-DD when the text gives it
    issuer: str | None = None     # "Thủ tướng Chính phủ" when the text gives it

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class AgencyRole:
    """An agency a clause names, and what the clause asks of it."""

    agency: str                   # one canonical name per agency: "Sở Nội vụ", "Văn phòng Ủy ban nhân dân tỉnh"
    role: str                     # lead | coordinate | advise | report_to | mention
    raw: str                      # the words as written ("Văn phòng UBND tỉnh")
    start: int                    # span in the clause text; -1 when the role comes from a heading above
    end: int

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Deadline:
    """A date by which something must be done."""

    kind: str                     # date | yearly | monthly | period | from | relative
    start: str                    # ISO date; yearly "--MM-DD" or a season's "--MM"; monthly "---DD"; relative a
                                  # count from its event ("+5 ngày làm việc", "-15 ngày") or an hour of a day
    end: str | None               # last day of a period, last month of a season; else None
    raw: str
    span_start: int
    span_end: int

    @property
    def value(self) -> str:
        """The time in one string, as answers give it and labels are compared: "2025-12-05", "--03..--11"."""
        return f"{self.start}..{self.end}" if self.end else self.start

    def to_dict(self) -> dict:
        return asdict(self)
