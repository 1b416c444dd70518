"""What an answer is: its text, machine value and cited clauses with the evidence marked (qa.answer builds it;
the CLI, the web service and the app show it)."""
from __future__ import annotations

from dataclasses import dataclass, field

from index.hits import Hit


@dataclass
class Citation:
    n: int
    hit: Hit
    marks: list[tuple[int, int]] = field(default_factory=list)   # spans of the evidence in hit.text

    def to_dict(self) -> dict:
        d = self.hit.to_dict()
        d.update(n=self.n, marks=[list(m) for m in self.marks])
        return d


@dataclass
class Answer:
    question: str
    type: str
    answer: str                                         # NO_ANSWER when nothing supports one
    value: str | None = None                            # machine form: agency name, document number, ISO date
                                                        # ("--12-15" yearly, "start..end" period), figure
    answers: list[dict] = field(default_factory=list)   # [{"text", "citations": [n, ...]}]; several on disagreement
    citations: list[Citation] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return bool(self.citations)

    def to_dict(self) -> dict:
        return {"question": self.question, "type": self.type, "answer": self.answer, "value": self.value,
                "answers": self.answers,
                "citations": [c.to_dict() for c in self.citations]}


def marked(text: str, marks: list[tuple[int, int]], left: str = "«", right: str = "»") -> str:
    """The clause text with the evidence spans wrapped (the app escapes first and uses <mark>)."""
    out, pos = [], 0
    for start, end in sorted(marks):
        if start < pos:
            continue
        out += [text[pos:start], left, text[start:end], right]
        pos = end
    out.append(text[pos:])
    return "".join(out)
