"""The archive labelled set: its size, its split by document, and (slow tier) BM25 floors on the archive."""
from __future__ import annotations

import json
from collections import Counter

import pytest

from eval.archive_set import (
    ARCHIVE_QUERIES,
    ARCHIVE_SPLIT,
    archive_docs,
    document_splits,
)
from eval.labels import Label, LabelError, Query, check_document_splits, load_queries
from eval.runner import ROOT

FLOORS = json.loads((ROOT / "eval" / "floors.json").read_text(encoding="utf-8"))


def _queries() -> list[Query]:
    return load_queries(ARCHIVE_QUERIES)


def test_set_size_types_and_unanswerable():
    qs = _queries()
    docs = {label.doc for q in qs for label in q.relevant}
    assert len(qs) >= 400 and len(docs) >= 80
    types = Counter(q.type for q in qs)
    assert types["unanswerable"] >= 40
    assert set(types) == {"topic", "agency", "document", "deadline", "figure", "comparison", "paraphrase",
                          "no_diacritics", "english", "unanswerable"}
    assert all(q.batch and q.split for q in qs)


def test_dev_test_and_final_documents_are_disjoint():
    qs = _queries()
    table = document_splits()
    check_document_splits(qs, table)             # every cited document is in its question's split
    by_split: dict[str, set[str]] = {}
    for q in qs:
        by_split.setdefault(q.split, set()).update(label.doc for label in q.relevant)
    assert set(by_split) == {"dev", "test", "final"}
    assert not (by_split["dev"] & by_split["test"]) and not (by_split["dev"] & by_split["final"])
    assert not (by_split["test"] & by_split["final"])
    assert len({d for d, s in table.items() if s == "final"}) >= 20
    assert set(table.values()) == {"dev", "test", "final"}


def test_twins_are_in_the_split_of_the_question_they_mirror():
    qs = {q.id: q for q in _queries()}
    for q in qs.values():
        if q.pair:
            assert qs[q.pair].split == q.split, q.id


def test_a_question_citing_a_document_of_another_split_is_refused():
    q = Query("x", "q", "topic", [Label("va0001.md", "passage", 2)], split="test")
    with pytest.raises(LabelError, match="a dev document"):
        check_document_splits([q], {"va0001.md": "dev"})


def test_the_split_table_covers_the_archive_and_the_bundled_corpus():
    table = json.loads(ARCHIVE_SPLIT.read_text(encoding="utf-8"))
    assert {p.name for p in (ROOT / "corpus").glob("*.txt")} <= {d for d, s in table.items() if s == "dev"}
    if archive_docs().is_dir():
        assert {p.name for p in archive_docs().glob("*.md")} <= set(table)


@pytest.mark.slow
@pytest.mark.skipif(not archive_docs().is_dir(), reason="the development archive is not here")
def test_bm25_on_the_archive_set_keeps_its_floors():
    """BM25 (no embedding: the archive takes an hour to embed on two cores) on test documents."""
    from eval.archive_set import archive_queries, archive_searcher
    from eval.runner import evaluate

    searcher = archive_searcher(None)
    queries = archive_queries(searcher)
    report = evaluate(searcher, queries, "archive", "test")
    for metric, floor in FLOORS["archive_bm25_test"]["bm25"].items():
        assert report.methods["bm25"][metric] >= floor, metric
