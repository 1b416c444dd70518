"""A serving process from cold: load an index as the product does, answer, report time and memory.

python -m bench.serve DIR VARIANT QUERIES.json SPAWN_TIME
VARIANT: product - the files bench.query.save_for_serving wrote in the product's layout: lexical.pkl (BM25 +
                   restorer, no tokens) unpickled as SearchIndex._load_lexical does, the vectors and HNSW graph
                   through VectorIndex.load (.npy memory-mapped, graph read), the embedder; hybrid queries
         lexical - the same lexical.pkl only, no vectors, no embedder; bm25 queries
         graph-mmap - not the product: as product, but the .hnsw file is memory-mapped by FAISS
                   (faiss.read_index with IO_FLAG_MMAP_IFC) instead of read into memory, to measure what that
                   would do to RSS and latency
         archive - the product itself on an archive built by the e2e ingest part (DIR = that folder):
                   SearchIndex(archive, embedder).sync() finds its lexical.pkl (and dense files) current and
                   loads them; hybrid queries when DIR/index holds dense files, else bm25
Prints one JSON line.
"""
from __future__ import annotations

import sys
import time

T0 = time.time()


def peak_rss_mb() -> float:
    """VmHWM: this process's peak resident set (ru_maxrss would carry the parent's over fork + exec)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    return -1.0


def load_product(d, with_vectors: bool = True, phases: dict | None = None, graph_mmap: bool = False):
    """(BenchIndex, table) from a folder save_for_serving wrote, loaded as the product loads its files."""
    import json
    import pickle

    from bench.query import BenchIndex
    from index.dense import VectorIndex

    phases = {} if phases is None else phases
    t = time.time()
    with open(d / "lexical.pkl", "rb") as f:
        state = pickle.load(f)
    words, folded, restorer = state["words"], state["folded"], state["restorer"]
    del state
    phases["lexical_unpickle"] = time.time() - t
    t = time.time()
    table = pickle.loads((d / "table.pkl").read_bytes())
    phases["table_load"] = time.time() - t
    vectors = embedder = None
    if with_vectors:
        t = time.time()
        from index.embed import load_embedder
        embedder = load_embedder("e5-small")
        phases["embedder_load"] = time.time() - t
        t = time.time()
        files = json.loads((d / "serve.json").read_text())
        vectors = VectorIndex.load(d / files["npy"], embedder.name, embedder.dim,
                                   d / files["graph"] if files["graph"] and not graph_mmap else None)
        phases["VectorIndex.load (mmap + graph)"] = time.time() - t
        if graph_mmap and files["graph"]:
            import faiss
            t = time.time()
            vectors._faiss = faiss.read_index(str(d / files["graph"]), faiss.IO_FLAG_MMAP_IFC)
            phases["faiss.read_index IO_FLAG_MMAP_IFC"] = time.time() - t
    return BenchIndex(table, words, folded, restorer, vectors, embedder)


def main() -> None:
    folder, variant, qfile, spawned = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
    import json
    from pathlib import Path

    phases = {"python_start": T0 - spawned}
    t = time.time()
    import numpy as np
    import psutil

    from index.search import Searcher
    phases["imports"] = time.time() - t
    proc = psutil.Process()
    d = Path(folder)
    if variant == "archive":
        from index.embed import load_embedder
        from index.store import SearchIndex
        from ingest.archive import Archive

        dense = any((d / "index").glob("dense-*.json"))
        t = time.time()
        archive = Archive(d / "archive.sqlite3")
        embedder = load_embedder("e5-small") if dense else None
        index = SearchIndex(archive, embedder, home=d)
        report = index.sync()
        phases["SearchIndex.sync"] = time.time() - t
        searcher = Searcher(archive, embedder=embedder, index=index)
        mode = "hybrid" if dense else "bm25"
        extra = {"sync_report": report, "clauses": len(index.table.ids),
                 "graph_read": bool(dense and index.vectors.approximate and index.vectors._faiss is not None)}
    else:
        index = load_product(d, variant != "lexical", phases, graph_mmap=variant == "graph-mmap")
        searcher = Searcher(index=index)
        mode = "bm25" if variant == "lexical" else "hybrid"
        extra = {"clauses": len(index.table.ids)}
    rss_loaded = proc.memory_info().rss
    queries = json.loads(Path(qfile).read_text())
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
    import os
    print(json.dumps({
        "variant": variant, "mode": mode, "cold_start_s": round(first_answer, 2),
        "phases_s": {k: round(v, 3) for k, v in phases.items()},
        "rss_mb_loaded": round(rss_loaded / 2**20, 1),
        "rss_mb_first_answer": round(rss_first / 2**20, 1),
        "rss_mb_serving": round(proc.memory_info().rss / 2**20, 1),
        "peak_rss_mb": peak_rss_mb(),
        "warm_p50_ms": round(float(np.percentile(ms, 50)), 2) if ms else None,
        "warm_p95_ms": round(float(np.percentile(ms, 95)), 2) if ms else None,
        "queries_after_first": len(ms), "loadavg": [round(x, 2) for x in os.getloadavg()], **extra}))


if __name__ == "__main__":
    main()
