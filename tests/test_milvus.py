"""The Milvus backend against a real milvus-lite server on 127.0.0.1, started here and stopped by its PID.

The embedded backend's own search, filter, answer and comparison tests run again below on Milvus: they are imported
from their modules, and this module's `searcher`, `corpus_home` and $DIRECTIVES_MILVUS_URI make them search the
bundled corpus through the server. Then what only this backend has: filters as expressions giving the same clauses
as the embedded masks, incremental pushes, a crash between the archive and the server repaired, clean errors.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest.importorskip("milvus_lite", reason="the Milvus backend's tests need the `milvus` extra (make setup-test)")

from conftest import SEEDS  # noqa: E402
from index.milvus_server import LiteServer, free_port  # noqa: E402
from index.search import Filters, Searcher  # noqa: E402
from ingest.archive import Archive  # noqa: E402
from qa.cli import main  # noqa: E402

# The embedded backend's tests, run here on Milvus (pytest collects what a module imports); conftest's answerer
# reads this module's Milvus searcher.
from test_answer import (  # noqa: E402, F401
    test_cli_ask,
    test_evidence_is_marked,
    test_issue_examples,
    test_mission_example_cites_both_provinces,
    test_no_answer_and_no_citations,
    test_the_doer_of_the_asked_action_wins_over_the_heading_lead,
)
from test_answer_figures import test_figure_answers  # noqa: E402, F401
from test_answer_times import test_deadline_answers  # noqa: E402, F401
from test_compare import (  # noqa: E402, F401
    test_compare_by_province,
    test_compare_by_year,
    test_compare_per_group_and_omitted_groups,
)
from test_search import (  # noqa: E402, F401
    test_a_document_code_finds_the_clauses_citing_it,
    test_a_document_named_by_its_number_is_searched_first,
    test_a_province_named_in_the_query_comes_first,
    test_a_province_named_is_metadata_not_a_word_of_the_clause,
    test_agency_filter_with_role,
    test_cli_search_and_batch,
    test_either_spelling_finds_the_clause,
    test_empty_query_and_no_hits,
    test_english_question_finds_vinh_phuc_item_3,
    test_filters,
    test_hit_fields,
    test_without_diacritics_finds_the_same_clauses,
)
from test_synonyms import test_everyday_words_find_the_directives_wording  # noqa: E402, F401
from test_who_cites import test_who_cites_a_document_within_the_filters  # noqa: E402, F401


Server = LiteServer


@pytest.fixture(scope="module")
def milvus(tmp_path_factory):
    server = Server(tmp_path_factory.mktemp("milvus") / "data").start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def milvus_backend(milvus, monkeypatch):
    """Every test here, and the CLI commands they run, on the module's server."""
    monkeypatch.setenv("DIRECTIVES_MILVUS_URI", milvus.uri)


@pytest.fixture(scope="module")
def corpus_home(corpus_home, tmp_path_factory):
    """A copy of the session's corpus archive (with its vector cache), so the Milvus index's files and collection
    belong to this module and the shared corpus home stays as it was."""
    home = tmp_path_factory.mktemp("milvus-corpus")
    shutil.copy(corpus_home / "archive.sqlite3", home / "archive.sqlite3")
    (home / "index").mkdir()
    for cache in (corpus_home / "index").glob("vectors-*.sqlite3"):
        shutil.copy(cache, home / "index" / cache.name)
    return home


@pytest.fixture
def searcher(corpus_home, monkeypatch):
    """The Milvus Searcher over the bundled corpus (hybrid, e5-small), closed afterwards."""
    from index.milvus_search import MilvusSearcher

    monkeypatch.setenv("DIRECTIVES_HOME", str(corpus_home))
    s = MilvusSearcher()
    yield s
    s.archive.close()


@pytest.fixture
def embedded(corpus_home, monkeypatch):
    monkeypatch.setenv("DIRECTIVES_HOME", str(corpus_home))
    s = Searcher()
    yield s
    s.archive.close()


# -- what only this backend has --------------------------------------------------------------------------------

FILTERS = [Filters(province="an giang"), Filters(province="Vinh Phuc"), Filters(current_province="Phú Thọ"),
           Filters(current_province="An Giang"), Filters(current_province="Kiên Giang"), Filters(current_province="Mars"),
           Filters(year_from=2020), Filters(year_to=2016), Filters(year_from=2017, year_to=2022),
           Filters(doc_type="bao cao"), Filters(doc_type="Công văn"), Filters(issuer="ủy ban nhân dân"),
           Filters(agency="Sở Nội vụ"), Filters(agency="So Noi vu", role="report_to"), Filters(cites="39/NQ-TW"),
           Filters(cites="107/2021/ND-CP"), Filters(cites="Luật Ban hành văn bản quy phạm pháp luật năm 2015"),
           Filters(doc_id="58c21c1f45915fe9"), Filters(province="Kiên Giang", year_from=2021, agency="Sở Nội vụ")]


def test_filters_select_the_same_clauses_as_the_embedded_masks(searcher, embedded):
    """Each filter as a Milvus expression keeps exactly the clauses the embedded backend's mask keeps."""
    import numpy as np

    from index.milvus_search import filter_expression

    ids = embedded.index.table.ids
    kept = []
    for f in FILTERS:
        want = {ids[i] for i in np.flatnonzero(embedded.allowed(f))}
        rows = searcher.client.query(searcher.name, filter=searcher.restrict(f), output_fields=["id"], limit=16384)
        assert {r["id"] for r in rows} == want, f
        kept.append(len(want))
    # each document's clauses plus its title clause; Mars: no province
    assert kept[:6] == [38, 33, 33, 120, 82, 0] and 0 < min(kept[6:]) and max(kept) == 153
    # a province filter keeps, besides its own, the texts of no province about it (Searcher.about): the expression
    # the server runs for one such text
    letter = "58c21c1f45915fe9"
    expr = filter_expression(Filters(province="an giang"), [letter])
    assert expr == f'(province == "An Giang" or doc_id in ["{letter}"])'
    rows = searcher.client.query(searcher.name, filter=expr, output_fields=["id"], limit=16384)
    want = {ids[i] for i in np.flatnonzero(embedded.allowed(Filters(province="an giang")))}
    assert {r["id"] for r in rows} == want | {c for c, d in zip(ids, embedded.index.table.doc_ids) if d == letter}


def test_rankings_match_the_embedded_backend(searcher, embedded):
    """The same top 10 on the labelled corpus questions (dev split), in every mode."""
    from eval.runner import CORPUS_QUERIES, labelled_queries

    queries = [q for q in labelled_queries(CORPUS_QUERIES, embedded) if q.split == "dev"][::3]
    for mode in ("bm25", "dense", "hybrid"):
        overlap = []
        for q in queries:
            a = [h.clause_id for h in embedded.search(q.text, k=10, mode=mode)]
            b = [h.clause_id for h in searcher.search(q.text, k=10, mode=mode)]
            overlap.append(len(set(a) & set(b)) / max(1, len(a)))
        assert sum(overlap) / len(overlap) >= 0.97, (mode, overlap)


def test_server_side_fusion(searcher):
    """--fusion milvus: every route in one hybrid_search with Milvus' weighted ranker."""
    query, only = "Thanh tra tỉnh chủ trì thanh tra nhiệm vụ phân cấp", Filters(province="Vĩnh Phúc")
    server = searcher.search(query, k=5, fusion_method="milvus", filters=only)
    here = searcher.search(query, k=5, filters=only)
    # the server normalises each route on its own (words, folded, each synonym phrase): same clauses, another order
    assert [h.path for h in here] == ["8", "11.-1", "1.d", "1.c.-3", "1.đ"]
    assert [h.path for h in server] == ["1.d", "8", "1.đ", "11.-1", "11.-5"]
    assert {h.province for h in server} == {"Vĩnh Phúc"} and set(server[0].scores) == {"milvus"}
    from ingest.errors import DirectivesError
    with pytest.raises(DirectivesError, match="use it with --mode hybrid"):
        searcher.search("thanh tra", mode="bm25", fusion_method="milvus")


def _rows(uri: str, archive_path: Path) -> set[str]:
    from index.milvus import collection_name, connect, milvus_uri
    from index.embed import load_embedder

    with Archive(archive_path) as archive:
        name = collection_name(archive, load_embedder("e5-small"))
    client = connect(milvus_uri(uri))
    client.load_collection(name)                   # a restarted server holds its collections released
    return {r["id"] for r in client.query(name, filter='id != ""', output_fields=["id"], limit=16384)}


def _archive_ids(archive_path: Path) -> set[str]:
    with Archive(archive_path) as archive:
        return {r[0] for r in archive.db.execute("SELECT id FROM clauses")}


def test_ingest_and_remove_push_only_what_changed(tmp_path, monkeypatch, capsys, milvus):
    monkeypatch.setenv("DIRECTIVES_HOME", str(tmp_path / "home"))
    archive_path = tmp_path / "home" / "archive.sqlite3"
    own = tmp_path / SEEDS["000"].name                                 # a file of our own, changed below
    shutil.copy(SEEDS["000"], own)
    assert main(["ingest", str(own), str(SEEDS["002"])]) == 0
    assert "; Milvus: 43 upserted, 0 deleted" in capsys.readouterr().out
    assert _rows(milvus.uri, archive_path) == _archive_ids(archive_path) and len(_archive_ids(archive_path)) == 43
    assert main(["ingest", str(SEEDS["004"])]) == 0                  # one more document: its clauses only
    assert "; Milvus: 19 upserted, 0 deleted" in capsys.readouterr().out
    own.write_text(SEEDS["000"].read_text(encoding="utf-8").replace("số hóa", "số hoá kết quả"), encoding="utf-8")
    assert main(["ingest", str(own)]) == 0
    assert "1 replaced, 0 duplicate, 0 error; archive: 3 documents, 62 clauses; Milvus: 24 upserted, 24 deleted" in \
        capsys.readouterr().out                                       # a new version: a new id for each clause
    assert main(["remove", "1504/UBND-TH"]) == 0
    assert capsys.readouterr().out.endswith("(1504/UBND-TH); Milvus: 19 deleted\n")
    assert _rows(milvus.uri, archive_path) == _archive_ids(archive_path)
    assert _rows(milvus.uri, archive_path) == _archive_ids(archive_path)
    assert main(["reindex"]) == 0
    assert capsys.readouterr().out.endswith(": 0 clauses upserted, 0 deleted\n")
    assert main(["search", "số hoá kết quả", "-k", "1", "--json", "--mode", "bm25"]) == 0
    assert '"number": "582/UBND-NC"' in capsys.readouterr().out


def test_a_crash_between_the_archive_and_milvus_is_repaired(tmp_path, monkeypatch, capsys):
    """The archive commits first; with the server gone the push fails with one line, and the next run (after the
    server is back) finds the generation it never recorded and pushes the rest. A push cut short half way (rows
    missing, the record older) is finished the same way."""
    server = Server(tmp_path / "data").start()
    monkeypatch.setenv("DIRECTIVES_MILVUS_URI", server.uri)
    monkeypatch.setenv("DIRECTIVES_HOME", str(tmp_path / "home"))
    archive_path = tmp_path / "home" / "archive.sqlite3"
    try:
        assert main(["ingest", str(SEEDS["000"])]) == 0
        server.stop()
        capsys.readouterr()
        assert main(["ingest", str(SEEDS["002"])]) == 1
        err = capsys.readouterr().err
        assert err.startswith("error: the archive is updated but its Milvus index is not (cannot reach Milvus at "
                              f"http://127.0.0.1:{server.port} (")
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
        assert len(_archive_ids(archive_path)) == 43                 # the archive has both documents
        server.start()                                               # same data directory, same port
        assert len(_rows(server.uri, archive_path)) == 24            # Milvus has the first only
        assert main(["search", "tinh giản biên chế", "-k", "3", "--json", "--province", "An Giang"]) == 0
        assert '"province": "An Giang"' in capsys.readouterr().out     # the search's sync pushed the rest
        assert _rows(server.uri, archive_path) == _archive_ids(archive_path)
        # a push cut short: some rows never arrived and the record is of an older generation
        from index.milvus import connect, milvus_uri
        client = connect(milvus_uri(server.uri))
        name = client.list_collections()[0]
        client.delete(name, ids=sorted(_archive_ids(archive_path))[:10])
        marker = next((tmp_path / "home" / "index").glob("milvus-*.json"))
        marker.write_text(marker.read_text().replace('"generation": 2', '"generation": 1'))
        assert main(["ask", "Cơ quan nào chủ trì chuyển đổi số?", "--json"]) == 0
        assert _rows(server.uri, archive_path) == _archive_ids(archive_path)
    finally:
        server.stop()


def test_bad_backends_are_one_line_errors(capsys):
    for argv, message in ((["search", "x", "--backend", "elastic://h"], "error: backend 'elastic://h': write embedded"),
                          (["search", "x", "--backend", f"milvus://127.0.0.1:{free_port()}"],
                           "error: cannot reach Milvus at http://127.0.0.1:")):
        assert main(argv) == 1
        err = capsys.readouterr().err
        assert err.startswith(message) and len(err.strip().splitlines()) == 1
    assert main(["search", "x", "--backend", "embedded", "--fusion", "milvus"]) == 1
    assert "fusion 'milvus': use one of minmax, zscore, rrf" in capsys.readouterr().err


def test_eval_on_a_dataset_measures_the_same_on_both_backends(tmp_path, capsys, milvus):
    """`directives eval --dataset` on Milvus: units in a collection, long units' pieces in a second one searched
    grouped by unit. Units here are stretches of the bundled directives, long enough to be cut into pieces."""
    import json

    from conftest import CORPUS

    d = tmp_path / "stretches"
    (d / "qrels").mkdir(parents=True)
    units = {}
    for path in sorted(CORPUS.glob("*.txt")):
        words = path.read_text(encoding="utf-8").split()
        for n in range(0, len(words), 200):
            units[f"{path.stem}-{n}"] = " ".join(words[n:n + 200])
    phrases = {"q1": "một cửa liên thông", "q2": "tinh giản biên chế", "q3": "số hóa hồ sơ",
               "q4": "chỉ số cải cách hành chính", "q5": "Sở Nội vụ chủ trì", "q6": "phản ánh kiến nghị"}
    qrels = {q: [u for u, text in units.items() if p.lower() in text.lower()][:3] for q, p in phrases.items()}
    assert all(qrels.values()) and max(len(t.split()) for t in units.values()) > 120
    (d / "corpus.jsonl").write_text("\n".join(json.dumps({"_id": u, "title": u, "text": t}, ensure_ascii=False)
                                              for u, t in units.items()), encoding="utf-8")
    (d / "queries.jsonl").write_text("\n".join(json.dumps({"_id": q, "text": p}, ensure_ascii=False)
                                               for q, p in phrases.items()), encoding="utf-8")
    (d / "qrels" / "test.tsv").write_text("query-id\tcorpus-id\tscore\n" + "".join(
        f"{q}\t{u}\t1\n" for q, us in qrels.items() for u in us), encoding="utf-8")
    reports = {}
    for backend in ("embedded", milvus.uri):
        assert main(["eval", "--dataset", str(d), "--split", "all", "--json", "--backend", backend]) == 0
        reports[backend] = json.loads(capsys.readouterr().out)["methods"]
    embedded, on_milvus = reports["embedded"], reports[milvus.uri]
    for method in ("bm25-words", "bm25-folded", "bm25"):               # the same scores, exactly
        assert on_milvus[method] == embedded[method], method
    for method in ("dense", "hybrid", "hybrid-rrf"):                   # HNSW over pieces: approximate, so near
        assert abs(on_milvus[method]["ndcg@10"] - embedded[method]["ndcg@10"]) <= 0.02, method
    assert embedded["hybrid"]["ndcg@10"] > 0.5
