"""Cut a directive's body into clauses that follow its own numbering.

Each numbered (I., 1., 1.2.), lettered (a), đ)) or bulleted (-, +) line is one clause; a plain paragraph
is a clause of the innermost numbered or lettered item above it ("4.p1"). An item type already open
closes back to that level (a sibling); a new type opens a child, so any nesting order a document uses works.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.header import Header
from ingest.model import Clause
from ingest.normalize import MARKER, NormalizedText


@dataclass
class _Open:
    kind: str           # roman | num1 | num2 | letter | dash | plus
    path: str
    text: str
    counters: dict[str, int] = field(default_factory=dict)

    def next(self, key: str) -> int:
        self.counters[key] = self.counters.get(key, 0) + 1
        return self.counters[key]


def _marker_kind(m: re.Match) -> tuple[str, str]:
    """The marker's type and its path label."""
    if m["roman"]:
        return "roman", m["roman"]
    if m["num"]:
        parts = m["num"].split(".")
        return f"num{len(parts)}", m["num"]
    if m["letter"]:
        return "letter", m["letter"]
    return ("plus", "+") if m["bullet"] == "+" else ("dash", "-")


def _closing(texts: list[str]) -> int:
    """Index where the closing paragraphs start: the one ending with "./." (and a "Trên đây..." before it)."""
    for j in range(len(texts) - 1, -1, -1):
        if texts[j].rstrip().endswith(("./.", "/.")) and not MARKER.match(texts[j]):
            if j > 0 and texts[j - 1].startswith("Trên đây") and not MARKER.match(texts[j - 1]):
                return j - 1
            return j
    return len(texts)


def segment(doc_id: str, norm: NormalizedText, header: Header) -> list[Clause]:
    paras = norm.paragraphs
    offsets = norm.offsets()
    body_idx = list(range(header.body_start, header.body_end))
    close_at = header.body_start + _closing([paras[i].text for i in body_idx])
    root = _Open("root", "", "")
    stack: list[_Open] = [root]
    started = False
    clauses: list[Clause] = []
    used: set[str] = set()

    def emit(i: int, path: str, headings: list[str], kind: str) -> None:
        unique, k = path, 2
        while unique in used:
            unique, k = f"{path}~{k}", k + 1
        used.add(unique)
        p = paras[i]
        notes = [f"({r}) {norm.footnotes[r]}" for r in p.refs if r in norm.footnotes]
        clauses.append(Clause(id=f"{doc_id}:{unique}", doc_id=doc_id, path=unique, headings=headings,
                              text=p.text, start=offsets[i], end=offsets[i] + len(p.text), page=p.page,
                              kind=kind, notes=notes))

    for i in body_idx:
        text = paras[i].text
        if i >= close_at:
            emit(i, f"closing.{root.next('closing')}", [], "closing")
            continue
        m = MARKER.match(text)
        if m:
            started = True
            kind, label = _marker_kind(m)
            kinds = [o.kind for o in stack]
            if kind in kinds:
                del stack[kinds.index(kind):]
            parent = stack[-1]
            if kind.startswith("num") and "." in label:
                # "1.2." under "1." is "1.2"; under "I." (no "1." open) it keeps its whole number: "I.1.2".
                head, _, last = label.rpartition(".")
                label = last if parent.path.endswith(head) else label
            if kind in ("dash", "plus"):
                label = f"{label}{parent.next(kind)}"
            path = f"{parent.path}.{label}" if parent.path else label
            stack.append(_Open(kind, path, text))
            emit(i, path, [o.text for o in stack[1:-1]], "task")
        elif not started:
            emit(i, f"preamble.{root.next('preamble')}", [], "preamble")
        else:
            owner = next(o for o in reversed(stack) if o.kind not in ("dash", "plus"))
            del stack[stack.index(owner) + 1:]      # a paragraph after bullets closes them
            label = f"p{owner.next('p')}"
            path = f"{owner.path}.{label}" if owner.path else label
            chain = stack[1:stack.index(owner) + 1]
            emit(i, path, [o.text for o in chain], "task")
    for i in header.trailer_notes:
        emit(i, f"closing.{root.next('closing')}", [], "closing")
    _mark_headings(clauses)
    return clauses


def _mark_headings(clauses: list[Clause]) -> None:
    """An item with sub-items whose own text is a short title ("8. Sở Nội vụ") is a heading, not a task."""
    for c in clauses:
        if c.kind != "task":
            continue
        has_children = any(o.path.startswith(c.path + ".") for o in clauses)
        body = MARKER.sub("", c.text, count=1)
        if has_children and len(body.split()) <= 25 and not body.endswith((".", ";")):
            c.kind = "heading"
