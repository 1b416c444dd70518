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


def test_pooled_judgments_label_whole_clauses_and_refuse_what_they_cannot_place(searcher, tmp_path):
    """The growth check's pooled verdicts: a clause judged 1 or 2 becomes relevant to its question, a 0 adds
    nothing, and a line that names no document or clause of the archive is an error naming file and line."""
    from eval.archive_set import pooled_qrels
    from ingest.errors import DirectivesError

    archive = searcher.archive
    doc = next(d for d in archive.documents() if d.source.endswith("kien-giang_582-UBND-NC_2022.txt"))
    first, second = [c for c in archive.clauses(doc.id) if len(c.text) > 40][:2]
    f = tmp_path / "pooled.jsonl"
    name = "kien-giang_582-UBND-NC_2022.txt"
    f.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [
        {"id": "q001", "doc": name, "text": first.text, "grade": 2},
        {"id": "q001", "doc": name, "text": second.text, "grade": 0},
        {"id": "q002", "doc": name, "text": second.text, "grade": 1}]) + "\n", encoding="utf-8")
    assert pooled_qrels(archive, f) == {"q001": {first.id: 2}, "q002": {second.id: 1}}
    assert pooled_qrels(archive, tmp_path / "none.jsonl") == {}
    f.write_text(json.dumps({"id": "q1", "doc": name, "text": "không có điều này", "grade": 2}) + "\n", encoding="utf-8")
    with pytest.raises(DirectivesError, match=r"pooled.jsonl:1: no clause of kien-giang"):
        pooled_qrels(archive, f)
    # a clause judged no answer that ingest no longer makes (a closing line now read as a recipient) counts for nothing
    f.write_text(json.dumps({"id": "q1", "doc": name, "text": "không có điều này", "grade": 0}) + "\n", encoding="utf-8")
    assert pooled_qrels(archive, f) == {}
    f.write_text('{"id": "q1", "doc": "va9999.md", "text": "x", "grade": 2}\n{"id": 1}\n', encoding="utf-8")
    with pytest.raises(DirectivesError, match=r"pooled.jsonl:1: document 'va9999.md' is not in the archive"):
        pooled_qrels(archive, f)
    f.write_text('\n{"id": "q1"}\n', encoding="utf-8")
    with pytest.raises(DirectivesError, match=r"pooled.jsonl:2: not a pooled judgment"):
        pooled_qrels(archive, f)


def test_growth_splits_the_questions_that_name_a_province_from_those_that_name_none():
    """A question that names its place keeps its documents first beside the archive; one that names none was written
    for five documents. The growth check reports the two apart, in any spelling of the place."""
    from eval.archive_set import by_place
    from eval.runner import EvalQuery

    queries = [EvalQuery("a", "Kiên Giang có bao nhiêu thủ tục hành chính?", "figure", "dev", {}),
               EvalQuery("b", "How many procedures does Kien Giang list?", "english", "dev", {}),
               EvalQuery("c", "Cơ quan nào chủ trì chuyển đổi số?", "agency", "dev", {}),
               EvalQuery("d", "Tỉnh có bao nhiêu thủ tục?", "figure", "test", {})]
    alone = {"a": 1.0, "b": 0.8, "c": 0.9}                      # "d" is not in the split evaluated
    beside = {"a": 0.9, "b": 0.8, "c": 0.3}
    assert by_place(queries, alone, beside) == {
        "names a province": {"n": 2, "alone": 0.9, "beside, pooled": 0.85},
        "names none": {"n": 1, "alone": 0.9, "beside, pooled": 0.3}}
