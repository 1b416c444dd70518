"""What the benchmarks changed (bench/RESULTS.md): exact results kept while the large-archive paths got faster."""
from __future__ import annotations

import pickle
import shutil

import numpy as np
from conftest import CORPUS

from index import dense
from index.dense import VectorIndex
from index.lexical import BM25Field
from index.lexical import top_positions
from index.store import SearchIndex
from index.text import tokenise, tokens_of
from ingest.archive import Archive
from ingest.pipeline import ingest_paths


def _unit_vectors(n: int, dim: int = 16, seed: int = 0) -> np.ndarray:
    v = np.random.default_rng(seed).standard_normal((n, dim)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_unpickled_bm25_gets_builtin_dtypes_back():
    """An unpickled array's dtype is an equal copy, which sends np.add.at (bm25s' sum) down its slow path."""
    field = BM25Field()
    field.build([["một", "cửa"], ["một", "cửa", "liên_thông"], ["biên_chế"]])
    loaded = pickle.loads(pickle.dumps(field, protocol=pickle.HIGHEST_PROTOCOL))
    for key in ("data", "indices", "indptr"):
        array = loaded._bm25.scores[key]
        assert array.dtype is np.dtype(array.dtype.type)
    assert loaded.scores(["cửa", "liên_thông"]).tolist() == field.scores(["cửa", "liên_thông"]).tolist()
    assert loaded.scores(["cửa", "liên_thông"]).argmax() == 1


def test_top_positions_is_the_stable_sort_of_the_positive_scores():
    rng = np.random.default_rng(1)
    scores = rng.integers(0, 6, 5000).astype(np.float32)        # many ties and zeros
    allowed = rng.random(5000) < 0.3
    for mask in (None, allowed):
        cand = np.flatnonzero(scores > 0) if mask is None else np.flatnonzero((scores > 0) & mask)
        expected = cand[np.argsort(-scores[cand], kind="stable")]
        for k in (1, 10, 100, 4000, 6000):
            assert top_positions(scores, mask, k).tolist() == expected[:k].tolist()
    assert top_positions(np.zeros(10, dtype=np.float32), None, 5).tolist() == []


def test_filtered_graph_search_returns_k_allowed_results(monkeypatch):
    vectors = _unit_vectors(3000)
    index = VectorIndex("e5-small", 16, approximate_above=1000)
    index.set(vectors)
    broad = np.zeros(3000, dtype=bool)
    broad[::2] = True                                              # 1,500 rows: through the graph
    monkeypatch.setattr(dense, "EXACT_FILTERED", 100)
    positions, scores = index.search(vectors[8], 10, broad)
    assert len(positions) == 10 and positions[0] == 8 and all(p % 2 == 0 for p in positions)
    narrow = np.zeros(3000, dtype=bool)
    narrow[[3, 500, 1000, 2999, 1234]] = True                     # fewer than k: all five, best first
    positions, scores = index.search(vectors[500], 10, narrow)
    brute = np.flatnonzero(narrow)[np.argsort(-(vectors[narrow] @ vectors[500]), kind="stable")]
    assert positions.tolist() == brute.tolist() and positions[0] == 500
    monkeypatch.setattr(dense, "EXACT_FILTERED", 20_000)           # a filter this narrow is scored exactly
    positions, scores = index.search(vectors[7], 10, broad)
    exact = np.flatnonzero(broad)[np.argsort(-(vectors[broad] @ vectors[7]), kind="stable")[:10]]
    assert positions.tolist() == exact.tolist()
    assert np.allclose(scores, vectors[positions] @ vectors[7], atol=1e-6)


def test_the_graph_is_saved_and_read_back_not_rebuilt(tmp_path):
    vectors = _unit_vectors(3000)
    index = VectorIndex("e5-small", 16, approximate_above=1000)
    index.set(vectors)
    graph = index.save(tmp_path / "dense.npy")
    assert graph == tmp_path / "dense.hnsw" and graph.exists()
    loaded = VectorIndex.load(tmp_path / "dense.npy", "e5-small", 16, graph, approximate_above=1000)
    assert isinstance(loaded.vectors.base, np.memmap)              # the vectors are not held twice
    assert loaded._faiss is not None and loaded._faiss.ntotal == 3000
    for q in (0, 1234, 2999):
        assert loaded.search(vectors[q], 10)[0].tolist() == index.search(vectors[q], 10)[0].tolist()
    fewer = VectorIndex("e5-small", 16, approximate_above=1000)
    fewer.set(vectors[:2000])
    fewer.save(tmp_path / "fewer.npy")
    stale = VectorIndex.load(tmp_path / "dense.npy", "e5-small", 16, tmp_path / "fewer.hnsw", approximate_above=1000)
    assert stale._faiss is None                                    # a graph of other rows is not used
    exact = VectorIndex("e5-small", 16)
    exact.set(vectors)
    assert exact.save(tmp_path / "exact.npy") is None


def test_a_serving_process_loads_bm25_without_the_tokens(corpus_home, monkeypatch):
    monkeypatch.setenv("DIRECTIVES_HOME", str(corpus_home))
    with Archive() as archive:
        index = SearchIndex(archive, None, home=corpus_home / "scale-test")
        assert index.sync() == {"added": 153, "removed": 0}
        lexical = pickle.loads((index.dir / "lexical.pkl").read_bytes())
        tokens = pickle.loads((index.dir / "tokens.pkl").read_bytes())
        assert "word_tokens" not in lexical and tokens["ids"] == index.table.ids == lexical["ids"]
        again = SearchIndex(archive, None, home=corpus_home / "scale-test")
        assert again.sync() == {"added": 0, "removed": 0}
        query = ["cải_cách", "thủ_tục", "hành_chính"]
        assert again.words.scores(query).tolist() == index.words.scores(query).tolist()
        again.retune(1.5, 0.5)                                     # rebuilt from tokens.pkl alone
        assert again.words.scores(query).tolist() != index.words.scores(query).tolist()
    shutil.rmtree(corpus_home / "scale-test")


def test_tokenising_in_worker_processes_gives_the_same_tokens(monkeypatch):
    monkeypatch.setenv("DIRECTIVES_WORKERS", "2")
    texts = [p.read_text(encoding="utf-8")[i:i + 300] for p in sorted(CORPUS.glob("*.txt")) for i in (0, 900, 1800)]
    assert tokenise(texts, batch=4, parallel_from=8) == tokens_of(texts)


def test_parsing_in_worker_processes_stores_the_same_archive(tmp_path, monkeypatch):
    monkeypatch.setenv("DIRECTIVES_WORKERS", "2")
    folder = tmp_path / "in"
    shutil.copytree(CORPUS, folder)
    (folder / "empty.txt").write_bytes(b"")
    stored = {}
    for name, parallel_from in (("serial", 100), ("parallel", 1)):
        with Archive(tmp_path / f"{name}.sqlite3") as archive:
            results = ingest_paths([folder], archive, parallel_from=parallel_from)
            clauses = archive.db.execute("SELECT id, doc_id, path, text FROM clauses ORDER BY id").fetchall()
            stored[name] = ([(r.path, r.status, r.doc_id, r.clauses, r.error) for r in results], clauses)
    assert stored["parallel"] == stored["serial"]
    statuses = [s for _, s, *_ in stored["serial"][0]]
    assert statuses == ["added", "added", "error", "added", "added", "added"]
    assert len(stored["serial"][1]) == 153


def test_workers_do_not_run_the_parents_main_script(tmp_path, monkeypatch):
    """In the app, __main__ is app.py: a spawned worker must not import (and so run) it."""
    import sys
    import types

    script = tmp_path / "page.py"
    script.write_text("raise SystemExit('the page ran in a worker')\n")
    main = types.ModuleType("__main__")
    main.__file__ = str(script)
    monkeypatch.setitem(sys.modules, "__main__", main)
    monkeypatch.setenv("DIRECTIVES_WORKERS", "2")
    texts = ["Sở Nội vụ chủ trì", "một cửa liên thông", "tinh giản biên chế", "chuyển đổi số"]
    assert tokenise(texts, batch=1, parallel_from=2) == tokens_of(texts)
    assert sys.modules["__main__"] is main
