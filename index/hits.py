"""What a search returns and what it made of the query: plain records shared by the embedded engine
(index.search), the Milvus one (index.milvus_search) and the answers built on them."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np


@dataclass
class Hit:
    doc_id: str
    source: str
    number: str | None
    doc_type: str | None
    province: str | None
    date: str | None
    clause_id: str
    path: str
    headings: list[str]
    text: str
    score: float
    scores: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class QueryPlan:
    """What the engine made of a query."""

    text: str
    restored: str               # with diacritics put back, when the query had none
    english: bool
    codes: list[str]
    dense_weight: float
    provinces: list[str] = field(default_factory=list)   # canonical names of provinces the query names
    words_text: str = ""        # what BM25 scores: `restored`, less province names matched by metadata
    lex: np.ndarray | None = field(default=None, repr=False, compare=False)   # BM25 of every clause, once scored

    def __post_init__(self) -> None:
        self.words_text = self.words_text or self.restored
