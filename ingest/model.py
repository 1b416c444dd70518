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
