"""Cut a directive's body into clauses that follow its own numbering.

Each numbered (I., 1., 1.2.), lettered (a), đ)) or bulleted (-, +) line is one clause; a plain paragraph
is a clause of the innermost numbered or lettered item above it ("4.p1"). An item type already open
closes back to that level (a sibling); a new type opens a child, so any nesting order a document uses works.
Legal documents add Phần / Chương / Mục / Điều above the numbered khoản and lettered điểm: a legal heading
closes every item below its rank, so "Điều 6" is never a child of khoản 2 of Điều 5 ("Chương II.Điều 5.2.a").
Each attachment after the signature (ingest.parts) is segmented the same way under its own label
("Quy chế.Chương I.Điều 1.1"), its title and subject one heading clause. A line that only states a task's
lead, partners or deadline ("Đơn vị chủ trì: Sở Y tế.") belongs to the task above it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.header import Header
from ingest.model import Clause
from ingest.normalize import MARKER, NormalizedText
from ingest.vietnamese import CAPITAL, PERSON, SIGN_ROLE, SIGNED

LEGAL = re.compile(r"^(?:(?P<part>Phần|PHẦN)\s+(?P<pn>thứ\s+\w+|THỨ\s+\w+|[IVXLC]+|\d+)"
                   r"|(?P<chapter>Chương|CHƯƠNG)\s+(?P<cn>[IVXLC]+|\d+)"
                   r"|(?P<section>Mục|MỤC)\s+(?P<sn>\d+|[IVXLC]+)"
                   r"|(?P<article>Điều|ĐIỀU)\s+(?P<an>\d+[a-zđ]?))(?=[\s.:]|$)\.?")
_RANK = {"part": 0, "chapter": 1, "section": 2, "article": 3}
# A line stating a task's lead, partners, deadline or output, under the task it describes.
_ATTRIBUTE = re.compile(r"^(?:[-+•]\s*)?(?:(?:Đơn vị|Cơ quan)\s+(?:chủ trì|phối hợp|thực hiện)|Chủ trì|Phối hợp|"
                        r"(?:Thời gian|Thời hạn|Tiến độ)(?:\s+(?:thực hiện|hoàn thành))?|Kết quả(?: dự kiến)?|"
                        r"Sản phẩm(?: đầu ra)?|Kinh phí(?: thực hiện)?|Nguồn kinh phí)\s*:", re.IGNORECASE)
_SIGNATURE = re.compile(rf"^(?:{SIGN_ROLE}\.\s|\(?{SIGNED}\)?$)")
# A signature block inside an attachment (a form's, or the attachment's own): it opens with the distribution
# list or a signing role and runs through list entries, caps titles, names and "(Ký, ghi rõ họ tên)".
_BLOCK_OPEN = re.compile(rf"^(Nơi nhận|NƠI NHẬN)\s*:|^{SIGN_ROLE}\.\s+{CAPITAL}")
_BLOCK_LINE = re.compile(rf"^([-+]\s|Lưu\b|\(.{{0,40}}\)$|\(?{SIGNED}\)?$)")
_MIN_WORDS = 5              # a plain paragraph shorter than this is a continuation, not a unit


@dataclass
class _Open:
    kind: str           # part | chapter | section | article | roman | num1 | num2 | letter | dash | plus | root
    path: str
    text: str
    counters: dict[str, int] = field(default_factory=dict)

    def next(self, key: str) -> int:
        self.counters[key] = self.counters.get(key, 0) + 1
        return self.counters[key]


def _marker(text: str) -> tuple[str, str] | None:
    """The item type a line opens and its path label, or None for a plain paragraph."""
    if m := LEGAL.match(text):
        kind = next(k for k in _RANK if m[k])
        number = m[{"part": "pn", "chapter": "cn", "section": "sn", "article": "an"}[kind]]
        word = {"part": "Phần", "chapter": "Chương", "section": "Mục", "article": "Điều"}[kind]
        return kind, f"{word} {number.lower() if kind == 'part' and ' ' in number else number}"
    m = MARKER.match(text)
    if not m:
        return None
    if m["roman"]:
        return "roman", m["roman"]
    if m["num"]:
        parts = m["num"].split(".")
        return f"num{len(parts)}", m["num"]
    if m["letter"]:
        return "letter", m["letter"]
    return ("plus", "+") if m["bullet"] == "+" else ("dash", "-")


def _closing(texts: list[str]) -> int:
    """Index where the closing paragraphs start: the one ending with "./." (and a "Trên đây..." before it).

    A text divided into articles has no closing formula: it ends with its last article, whose words ("Chánh Văn
    phòng ... chịu trách nhiệm thi hành Quyết định này./.", "Thông tư có hiệu lực kể từ ngày ...") stay under it."""
    for j in range(len(texts) - 1, -1, -1):
        if texts[j].rstrip().endswith(("./.", "/.")) and _marker(texts[j]) is None:
            if any((m := LEGAL.match(t)) and m["article"] for t in texts[:j]):
                return len(texts)
            if j > 0 and texts[j - 1].startswith("Trên đây") and _marker(texts[j - 1]) is None:
                return j - 1
            return j
    return len(texts)


def _signature_tail(texts: list[str], start: int, end: int) -> int:
    """Where an attachment's own signature block starts (caps issuer, title and name lines at its end)."""
    j = end
    while j > start:
        t = texts[j - 1]
        caps = t.isupper() and len(t.split()) <= 12 and _marker(t) is None
        name = re.fullmatch(PERSON, t) is not None
        if caps or name or _SIGNATURE.match(t):
            j -= 1
        else:
            break
    return j


def signature_blocks(texts: list[str], start: int, end: int) -> set[int]:
    """Paragraph indices of the signature blocks inside [start, end)."""
    skip: set[int] = set()
    j = start
    while j < end:
        if _BLOCK_OPEN.match(texts[j]):
            k = j + 1
            while k < end and (_BLOCK_LINE.match(texts[k]) or (texts[k].isupper() and len(texts[k].split()) <= 12
                                                                 and _marker(texts[k]) is None)
                               or re.fullmatch(PERSON, texts[k])):
                k += 1
            skip.update(range(j, k))
            j = k
        else:
            j += 1
    return skip


class _Segmenter:
    def __init__(self, doc_id: str, norm: NormalizedText) -> None:
        self.doc_id, self.norm = doc_id, norm
        self.paras = norm.paragraphs
        self.offsets = norm.offsets()
        self.clauses: list[Clause] = []
        self.used: set[str] = set()
        self.last: int | None = None        # paragraph index of the last emitted clause's end

    def emit(self, i: int, path: str, headings: list[str], kind: str, last: int | None = None) -> None:
        unique, k = path, 2
        while unique in self.used:
            unique, k = f"{path}~{k}", k + 1
        self.used.add(unique)
        last = i if last is None else last
        text = "\n".join(p.text for p in self.paras[i:last + 1])
        refs = [r for p in self.paras[i:last + 1] for r in p.refs]
        notes = [f"({r}) {self.norm.footnotes[r]}" for r in refs if r in self.norm.footnotes]
        self.clauses.append(Clause(id=f"{self.doc_id}:{unique}", doc_id=self.doc_id, path=unique,
                                   headings=headings, text=text, start=self.offsets[i],
                                   end=self.offsets[i] + len(text), page=self.paras[i].page, kind=kind, notes=notes))
        self.last = last

    def extend_last(self, i: int) -> None:
        """Add paragraph i (which follows it) to the last clause."""
        c = self.clauses[-1]
        c.text = f"{c.text}\n{self.paras[i].text}"
        c.end = c.start + len(c.text)
        c.notes += [f"({r}) {self.norm.footnotes[r]}" for r in self.paras[i].refs if r in self.norm.footnotes]
        self.last = i

    def part(self, start: int, end: int, label: str, closing: bool = True) -> None:
        """Segment paragraphs [start, end) under `label` ("" for the main body)."""
        texts = [self.paras[i].text for i in range(start, end)]
        close_at = start + _closing(texts) if closing else end
        skip = signature_blocks([p.text for p in self.paras], start, end) if label else set()
        root = _Open("root", label, "")
        stack: list[_Open] = [root]
        started = False
        prefix = f"{label}." if label else ""
        first = len(self.clauses)
        for i in range(start, end):
            text = self.paras[i].text
            if i in skip:
                continue
            found = _marker(text)
            blank = re.search(r"[.…_]{4,}", text) is not None or text.endswith(":")   # a form's field to fill in
            short = len(text.split()) < _MIN_WORDS and (found is None and not text.endswith(":") or
                                                        found is not None and blank)
            if short and len(self.clauses) > first and self.last == i - 1:
                self.extend_last(i)      # a wrapped tail, a form field, a lone figure: part of the unit above
                continue
            if i >= close_at:
                self.emit(i, f"{prefix}closing.{root.next('closing')}", [], "closing")
                continue
            if (_ATTRIBUTE.match(text) and self.clauses and self.last == i - 1 and started
                    and self.clauses[-1].kind == "task"):
                self.extend_last(i)
                continue
            if found:
                started = True
                kind, mark = found
                if kind in _RANK:
                    keep = next((n for n, o in enumerate(stack) if n > 0 and (o.kind not in _RANK
                                                                         or _RANK[o.kind] >= _RANK[kind])), len(stack))
                    del stack[keep:]
                else:
                    kinds = [o.kind for o in stack]
                    if kind in kinds:
                        del stack[kinds.index(kind):]
                parent = stack[-1]
                if kind.startswith("num") and "." in mark:
                    # "1.2." under "1." is "1.2"; under "I." (no "1." open) it keeps its whole number: "I.1.2".
                    head, _, last = mark.rpartition(".")
                    mark = last if parent.path.endswith(head) else mark
                if kind in ("dash", "plus"):
                    mark = f"{mark}{parent.next(kind)}"
                path = f"{parent.path}.{mark}" if parent.path else mark
                stack.append(_Open(kind, path, text))
                self.emit(i, path, [o.text for o in stack[1:-1]],
                          "heading" if kind in ("part", "chapter", "section") else "task")
            elif not started:
                lead = text.endswith(":") and len(text.split()) <= 6     # "QUYẾT ĐỊNH:", "QUYẾT NGHỊ:"
                self.emit(i, f"{prefix}preamble.{root.next('preamble')}", [], "heading" if lead else "preamble")
            else:
                owner = next(o for o in reversed(stack) if o.kind not in ("dash", "plus"))
                del stack[stack.index(owner) + 1:]      # a paragraph after bullets closes them
                mark = f"p{owner.next('p')}"
                path = f"{owner.path}.{mark}" if owner.path else mark
                chain = stack[1:stack.index(owner) + 1]
                lead = text.endswith(":") and len(text.split()) <= 6     # "Trong đó:", "Thành phần công việc:"
                self.emit(i, path, [o.text for o in chain], "heading" if lead else "task")


def segment(doc_id: str, norm: NormalizedText, header: Header) -> list[Clause]:
    s = _Segmenter(doc_id, norm)
    if header.title and header.subject:
        # The title and trích yếu say what the document is ("Sửa đổi Nghị quyết số 730/2004/..."): a unit
        # a reader cites and a question about the document itself is answered from.
        s.emit(header.title[0], "title", [], "heading", last=header.title[1] - 1)
    s.part(header.body_start, header.body_end, "")
    main = len(s.clauses)
    closing_n = sum(1 for c in s.clauses if c.kind == "closing")
    for i in header.trailer_notes:
        closing_n += 1
        s.emit(i, f"closing.{closing_n}", [], "closing")
    for p in header.parts:
        s.emit(p.start, p.label, [], "heading", last=p.body - 1)
        end = _signature_tail([x.text for x in norm.paragraphs], p.body, p.end)
        s.part(p.body, end, p.label)
    _mark_headings(s.clauses)
    del main
    return s.clauses


def _mark_headings(clauses: list[Clause]) -> None:
    """An item with sub-items whose own text is a short title ("8. Sở Nội vụ") is a heading, not a task."""
    parents: set[str] = set()
    for c in clauses:
        p = c.path
        while "." in p:
            p = p.rsplit(".", 1)[0]
            parents.add(p)
    for c in clauses:
        if c.kind != "task" or c.path not in parents:
            continue
        body = LEGAL.sub("", MARKER.sub("", c.text, count=1), count=1).strip()
        if len(body.split()) <= 25 and not body.endswith((".", ";")):
            c.kind = "heading"
