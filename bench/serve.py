"""A serving process from cold: load what bench.query.save_for_serving wrote, answer, report time and memory.

python -m bench.serve DIR VARIANT QUERIES.json SPAWN_TIME
VARIANT: product   - as SearchIndex.sync + Searcher do: unpickle the lexical state (tokens included), np.load the
                     vectors, load the embedder; above 50k vectors the first dense query builds the HNSW graph
         persisted - the same but the HNSW graph is read from a saved FAISS file (a proposed change)
         lean      - proposed: a lexical pickle without the tokens (BM25 + restorer only), the HNSW graph read from
                     its FAISS file and the vectors not kept a second time beside it
         lexical   - bm25 only: the lexical state, no vectors, no embedder
         archive   - the product itself on an ingested archive (DIR = bench ingest folder): SearchIndex(archive,
                     embedder=None).sync() finds its lexical.pkl current and loads it; then a bm25 query
Prints one JSON line.
"""
from __future__ import annotations

import sys
import time

T0 = time.time()


def peak_rss_mb() -> float:
    """VmHWM: this process's peak resident set (ru_maxrss would carry the parent's over fork + exec)."""
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return -1.0


def main() -> None:
    folder, variant, qfile, spawned = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
    import gc
    import json
    import pickle
    from pathlib import Path

    phases = {"python_start": T0 - spawned}
    t = time.time()
    import numpy as np

    from bench.query import BenchIndex
    from index.dense import VectorIndex
    from index.search import Searcher
    phases["imports"] = time.time() - t

    import psutil
    proc = psutil.Process()
    d = Path(folder)
    if variant == "archive":
        return archive_cold(d, qfile, spawned, phases, proc)
    t = time.time()
    with open(d / ("lexical-lean.pkl" if variant == "lean" else "lexical.pkl"), "rb") as f:
        state = pickle.load(f)
    words, folded, restorer = state["words"], state["folded"], state["restorer"]
    phases["lexical_unpickle"] = time.time() - t
    rss_with_tokens = proc.memory_info().rss
    del state
    gc.collect()
    t = time.time()
    table = pickle.loads((d / "table.pkl").read_bytes())
    phases["table_load"] = time.time() - t

    vectors = embedder = None
    if variant != "lexical":
        t = time.time()
        from index.embed import load_embedder
        embedder = load_embedder("e5-small")
        phases["embedder_load"] = time.time() - t
        t = time.time()
        vectors = VectorIndex.load(d / "vectors.npy", embedder.name, embedder.dim)
        phases["vectors_load"] = time.time() - t
        if variant in ("persisted", "lean") and vectors.approximate:
            import faiss
            t = time.time()
            vectors._faiss = faiss.read_index(str(d / "hnsw.index"))
            phases["hnsw_read"] = time.time() - t
            if variant == "lean":
                # the graph's flat storage already holds every vector: keep the numpy copy on disk only
                vectors.vectors = np.load(d / "vectors.npy", mmap_mode="r")
                gc.collect()
    index = BenchIndex(table, words, folded, restorer, vectors, embedder)
    searcher = Searcher(index=index)
    queries = json.loads(Path(qfile).read_text())
    mode = "bm25" if variant == "lexical" else "hybrid"
    t = time.time()
    from index.text import word_tokens
    word_tokens("khởi động")            # attributed separately: pyvi's CRF model loads on first use
    phases["pyvi_load"] = time.time() - t
    t = time.time()
    searcher.rank(queries[0], 10, mode)
    phases["first_query"] = time.time() - t
    first_answer = time.time() - spawned
    rss_first = proc.memory_info().rss
    ms = []
    for q in queries[1:]:
        searcher._vectors.clear()
        t = time.perf_counter()
        searcher.rank(q, 10, mode)
        ms.append(1000 * (time.perf_counter() - t))
    print(json.dumps({
        "variant": variant, "cold_start_s": round(first_answer, 2),
        "phases_s": {k: round(v, 3) for k, v in phases.items()},
        "rss_mb_after_unpickle_with_tokens": round(rss_with_tokens / 2**20, 1),
        "rss_mb_first_answer": round(rss_first / 2**20, 1),
        "rss_mb_serving": round(proc.memory_info().rss / 2**20, 1),
        "peak_rss_mb": peak_rss_mb(),
        "warm_p50_ms": round(float(np.percentile(ms, 50)), 2) if ms else None,
        "queries_after_first": len(ms)}))


def archive_cold(d, qfile, spawned, phases, proc) -> None:
    import json
    from pathlib import Path

    from index.search import Searcher
    from index.store import SearchIndex
    from ingest.archive import Archive

    t = time.time()
    archive = Archive(d / "archive.sqlite3")
    index = SearchIndex(archive, None, home=d)
    report = index.sync()
    phases["SearchIndex.sync"] = time.time() - t
    queries = json.loads(Path(qfile).read_text())
    searcher = Searcher(archive, embedder=None, index=index)
    t = time.time()
    from index.text import word_tokens
    word_tokens("khởi động")
    phases["pyvi_load"] = time.time() - t
    t = time.time()
    searcher.rank(queries[0], 10, "bm25")
    phases["first_query"] = time.time() - t
    first_answer = time.time() - spawned
    print(json.dumps({"variant": "archive", "cold_start_s": round(first_answer, 2), "sync_report": report,
                      "clauses": len(index.table.ids), "phases_s": {k: round(v, 3) for k, v in phases.items()},
                      "rss_mb_first_answer": round(proc.memory_info().rss / 2**20, 1),
                      "peak_rss_mb": peak_rss_mb()}))


if __name__ == "__main__":
    main()
