"""Labelled queries whose relevance is anchored in text, resolved to clause ids when the evaluation runs.

A label names a document (its file name or số ký hiệu) and a short distinctive passage of the relevant
clause, so labels survive changes to segmentation. A label that resolves to no clause, or to several, is
an error that names the label.

A file may fix each question's split (`"split": "dev" | "test" | "final"`): the archive set is split by
document, so a question's split is its documents' (eval/archive_split.json) and test measures documents no
rule was written from. A file without splits (the bundled set) is halved by question, stratified by type.
An "unanswerable" question has no relevant passage and no answer: the right answer is to decline.
"""
from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ingest.archive import Archive
from ingest.errors import DirectivesError
from ingest.vietnamese import normalize_tone

TYPES = ("topic", "agency", "document", "deadline", "figure", "comparison", "paraphrase", "no_diacritics", "english",
         "unanswerable")
SPLITS = ("dev", "test", "final")
ANSWER_TYPES = ("agency", "document", "deadline", "figure")


class LabelError(DirectivesError):
    pass


@dataclass
class Label:
    doc: str          # file name or số ký hiệu
    text: str         # a passage found in exactly one clause of that document
    grade: int = 2    # 2 answers the query, 1 is related


@dataclass
class Query:
    id: str
    query: str
    type: str
    relevant: list[Label]
    answer: str | None = None       # expected answer for agency/document/deadline/figure questions
    pair: str | None = None         # for a no-diacritics twin: the id of the query it mirrors
    split: str = ""                 # dev | test | final: from the file, else set by split()
    batch: str | None = None        # who wrote it, in which blind batch (eval/labelling.md)
    qrels: dict[str, int] = field(default_factory=dict)   # clause id -> grade, set by resolve()


def load_queries(path: Path) -> list[Query]:
    queries = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            q = Query(id=d["id"], query=d["query"], type=d["type"], answer=d.get("answer"), pair=d.get("pair"),
                      relevant=[Label(r["doc"], r["text"], int(r.get("grade", 2))) for r in d["relevant"]],
                      split=d.get("split") or "", batch=d.get("batch"))
        except (ValueError, KeyError, TypeError) as e:
            raise LabelError(f"{path}:{n}: not a labelled query ({e})") from None
        if q.type not in TYPES:
            raise LabelError(f"{path}:{n}: query {q.id} has unknown type {q.type!r}; use one of {', '.join(TYPES)}")
        if q.split and q.split not in SPLITS:
            raise LabelError(f"{path}:{n}: query {q.id} has split {q.split!r}; use one of {', '.join(SPLITS)}")
        if (q.type == "unanswerable") != (not q.relevant):
            raise LabelError(f"{path}:{n}: query {q.id}: an unanswerable question has no relevant passage, "
                             "and every other question has one")
        queries.append(q)
    ids = [q.id for q in queries]
    if len(set(ids)) != len(ids):
        raise LabelError(f"{path}: duplicate query ids")
    return queries


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", normalize_tone(unicodedata.normalize("NFC", text))).strip().casefold()


def _needle(passage: str) -> str:
    """A quoted passage as it is looked for: its closing punctuation aside (a table cell's full stop is not
    kept in its row)."""
    return _squash(passage).rstrip(" .;,:")


def resolve(queries: list[Query], archive: Archive) -> None:
    """Fill each query's qrels with clause ids; raise LabelError naming the first label that fails."""
    docs = archive.documents()
    by_ref: dict[str, list[str]] = {}
    for d in docs:
        for ref in (Path(d.source).name, d.number, d.id):
            if ref:
                by_ref.setdefault(ref.casefold(), []).append(d.id)
    clause_cache: dict[str, list] = {}
    for q in queries:
        q.qrels = {}
        for label in q.relevant:
            doc_ids = by_ref.get(label.doc.casefold(), [])
            if len(doc_ids) != 1:
                raise LabelError(f"query {q.id}: document {label.doc!r} matches {len(doc_ids)} documents")
            clauses = clause_cache.setdefault(doc_ids[0], archive.clauses(doc_ids[0]))
            needle = _squash(label.text)
            found = [c.id for c in clauses if needle in _squash(c.text)]
            if not found:       # a table cell's closing full stop is not kept in its row
                needle = _needle(label.text)
                found = [c.id for c in clauses if needle in _squash(c.text)]
            if len(found) != 1:
                raise LabelError(f"query {q.id}: passage {label.text!r} of {label.doc} is in {len(found)} clauses, "
                                 "not exactly one; quote a more distinctive passage")
            q.qrels[found[0]] = max(q.qrels.get(found[0], 0), label.grade)


def check_document_splits(queries: list[Query], doc_split: dict[str, str]) -> None:
    """Every labelled document belongs to one split, the split of every question that cites it."""
    for q in queries:
        for label in q.relevant:
            side = doc_split.get(label.doc)
            if side is None:
                raise LabelError(f"query {q.id}: document {label.doc!r} has no split in the split table")
            if q.split and side != q.split:
                raise LabelError(f"query {q.id} ({q.split}) cites {label.doc}, a {side} document")


def split(queries: list[Query]) -> None:
    """Dev and test halves, stratified by type; a no-diacritics twin goes with the query it mirrors. Questions
    whose file fixes their split keep it."""
    if all(q.split for q in queries):
        return
    group = {q.id: q.pair or q.id for q in queries}
    by_type: dict[str, list[str]] = {}
    for q in queries:
        if not q.pair:
            by_type.setdefault(q.type, []).append(q.id)
    side: dict[str, str] = {}
    for ids in by_type.values():
        ordered = sorted(ids, key=lambda i: hashlib.sha1(i.encode()).hexdigest())
        for n, qid in enumerate(ordered):
            side[qid] = "dev" if n % 2 == 0 else "test"
    for q in queries:
        q.split = q.split or side[group[q.id]]
