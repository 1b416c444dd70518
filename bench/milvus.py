"""The embedded and the Milvus backends on one archive of synthetic directives, in one run on one machine:
ingest (the index side of `directives ingest`, since the archive is shared), adding one document to a full index,
and query latency per mode, with and without a filter.

    .venv/bin/python -m bench.milvus --size 100k [--queries 20] [--base 300]

The archive is bench.ingest.e2e's ($DIRECTIVES_BENCH_DIR/e2e-N, built when missing, which times ingest_paths and
the embedded SearchIndex.sync). Both backends get the same synthetic vectors (bench.vectors from `--base` real
embeddings: embedding 100k clauses takes hours here), so neither side's time includes embedding clauses; query
embeddings are computed for real. A milvus-lite server is started for the run and stopped by its PID.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import time

import numpy as np

from bench import data
from bench import vectors as vecs
from index.milvus_server import LiteServer
from bench.query import pct, summary

SIZES = {"10k": 10_000, "100k": 100_000}


def dense_files(folder, ids: list[str], generation: int, vectors: np.ndarray, name: str) -> float:
    """The embedded index's dense files (as SearchIndex._sync_dense writes them) for these vectors; seconds taken
    (saving, and above 50k rows building the HNSW graph)."""
    from index.dense import VectorIndex, slug

    t = time.perf_counter()
    vi = VectorIndex(name, vectors.shape[1])
    vi.set(vectors)
    npy = folder / "index" / f"dense-{slug(name)}.npy"
    graph = vi.save(npy)
    (folder / "index" / f"dense-{slug(name)}.json").write_text(json.dumps(
        {"embedder": name, "generation": generation, "ids": ids, "graph": graph.name if graph else None}))
    return time.perf_counter() - t


def latencies(searcher, queries: list[str], log, label: str) -> dict:
    from index.search import Filters

    for q in queries[:3]:
        searcher.rank(q, 10, "hybrid")
    out = {}
    for mode, f in (("bm25", None), ("dense", None), ("hybrid", None), ("hybrid", Filters(province="An Giang")),
                    ("hybrid", Filters(province="Kiên Giang", year_from=2020))):
        ms = []
        for q in queries:
            searcher._vectors.clear()
            t = time.perf_counter()
            searcher.rank(q, 10, mode, f)
            ms.append(1000 * (time.perf_counter() - t))
        name = mode + ("" if f is None else " / " + ", ".join(f"{k}={v}" for k, v in f.__dict__.items() if v))
        out[name] = summary(ms)
        log(f"  {label:9} {name:44} p50 {pct(ms, 50):8.1f} p95 {pct(ms, 95):8.1f} ms")
    return out


def run(n: int, n_queries: int, base_n: int, log=print) -> dict:
    from bench import ingest
    from index.embed import load_embedder
    from index.milvus import MilvusIndex
    from index.milvus_search import MilvusSearcher
    from index.search import Searcher
    from index.store import ClauseTable, SearchIndex, index_text
    from ingest.archive import Archive

    out: dict = {"clauses": n}
    work = data.home(f"e2e-{n}")
    if not (work / "archive.sqlite3").exists() or not (work / "index").exists():
        log(f"[archive] ingest_paths + SearchIndex.sync over {n} synthetic clauses")
        out["embedded_e2e"] = ingest.e2e(n, log=log)
    emb = load_embedder("e5-small")
    archive = Archive(work / "archive.sqlite3")
    if "embedded_e2e" not in out:      # the archive was there: time the embedded index from nothing, as Milvus below
        t = time.perf_counter()
        SearchIndex(archive, None, home=work).rebuild()
        out["embedded_rebuild_lexical_s"] = round(time.perf_counter() - t, 2)
        log(f"  SearchIndex.rebuild (tokenise + BM25): {out['embedded_rebuild_lexical_s']} s")
    ids = ClauseTable.load(archive).ids
    base = vecs.embed_base(base_n, log=log)
    vectors = vecs.vectors(len(ids), base)
    position = {cid: i for i, cid in enumerate(ids)}
    by_text = {index_text(json.loads(h), t): vectors[position[c]]
               for c, h, t in archive.db.execute("SELECT id, headings, text FROM clauses")}
    out["clauses"] = len(ids)

    # -- the embedded index: BM25 from tokens (timed by e2e) and the dense files with these vectors
    for f in (work / "index").glob("dense-*"):
        f.unlink()
    out["embedded_dense_files_s"] = round(dense_files(work, ids, archive.generation, vectors, emb.name), 2)

    # -- Milvus: one push of every clause (tokenise, upsert, flush), then the first query (loads, builds indexes)
    folder = data.home(f"milvus-{n}")
    shutil.rmtree(folder)
    server = LiteServer(folder / "data").start()
    try:
        t = time.perf_counter()
        milvus = MilvusIndex(archive, emb, server.uri, encode=lambda texts: np.stack([by_text[x] for x in texts]))
        report = milvus.sync()
        out["milvus_sync_s"] = round(time.perf_counter() - t, 2)
        log(f"  Milvus sync: {report} in {out['milvus_sync_s']} s")
        searcher = MilvusSearcher(archive, index=milvus)
        t = time.perf_counter()
        searcher.rank("cải cách hành chính", 10, "hybrid")
        out["milvus_first_query_s"] = round(time.perf_counter() - t, 2)
        log(f"  Milvus first query: {out['milvus_first_query_s']} s")
        out["milvus_server_rss_mb"] = round(server.rss_mb(), 1)
        out["milvus_data_bytes"] = sum(p.stat().st_size for p in (folder / "data").rglob("*") if p.is_file())
        out["embedded_index_bytes"] = sum(p.stat().st_size for p in (work / "index").iterdir() if p.is_file())

        queries = data.queries(n_queries)
        embedded = Searcher(archive, index=SearchIndex(archive, emb, home=work))
        embedded.index.sync()
        out["latency_ms"] = {"embedded": latencies(embedded, queries, log, "embedded"),
                             "milvus": latencies(searcher, queries, log, "milvus")}

        out["one_document"] = one_document(archive, milvus, work, base, log)
    finally:
        server.stop()
        archive.close()
    return out


def one_document(archive, milvus, work, base: np.ndarray, log=print) -> dict:
    """One more document (a bundled one the archive lacks) into a full index: what `directives ingest` of one file
    costs each backend's index. Embedded: SearchIndex.sync (tokenise the new clauses, rebuild BM25 from cached
    tokens, the restorer); Milvus: MilvusIndex.sync (diff, tokenise and upsert the new clauses, flush)."""
    from index.store import ClauseTable, SearchIndex, index_text
    from ingest.pipeline import ingest_paths

    before = set(ClauseTable.load(archive).ids)
    for path in sorted((data.ROOT / "corpus").glob("*.txt")):
        if ingest_paths([path], archive)[0].status == "added":
            break
    rows = archive.db.execute("SELECT id, headings, text FROM clauses").fetchall()
    new = [(c, index_text(json.loads(h), t)) for c, h, t in rows if c not in before]
    extra = dict(zip((x for _, x in new), vecs.vectors(len(new), base)))
    encode = milvus._encode
    milvus._encode = lambda texts: np.stack([extra[x] for x in texts]) if all(x in extra for x in texts) else encode(texts)
    t = time.perf_counter()
    SearchIndex(archive, None, home=work).sync()
    out = {"clauses": len(new), "document": path.name, "embedded_lexical_sync_s": round(time.perf_counter() - t, 2)}
    t = time.perf_counter()
    out["milvus_sync"] = milvus.sync()
    out["milvus_sync_s"] = round(time.perf_counter() - t, 2)
    log(f"  one more document: {out}")
    return out


def again(n: int, base_n: int, log=print) -> dict:
    """Only the one-document figures, on the archive and Milvus data a full run left (the server restarted)."""
    from index.embed import load_embedder
    from index.milvus import MilvusIndex
    from ingest.archive import Archive

    work, folder = data.home(f"e2e-{n}"), data.home(f"milvus-{n}")
    server = LiteServer(folder / "data").start()
    archive = Archive(work / "archive.sqlite3")
    try:
        milvus = MilvusIndex(archive, load_embedder("e5-small"), server.uri)
        milvus.sync()
        return {"one_document": one_document(archive, milvus, work, vecs.embed_base(base_n, log=log), log)}
    finally:
        server.stop()
        archive.close()


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--size", choices=tuple(SIZES), default="100k")
    p.add_argument("--queries", type=int, default=20)
    p.add_argument("--base", type=int, default=300, help="real embeddings the synthetic vectors derive from")
    p.add_argument("--only", choices=("one-document",), help="only this part, on what a full run left")
    args = p.parse_args(argv)
    os.environ.setdefault("DIRECTIVES_HOME", str(data.home("milvus-home")))
    if args.only:
        out = again(SIZES[args.size], args.base)
        path = data.home("results") / f"{args.size}-milvus-one-document.json"
        path.write_text(json.dumps(out, ensure_ascii=False, indent=1, default=str))
        print(json.dumps(out, ensure_ascii=False, indent=1, default=str))
        return 0
    out = run(SIZES[args.size], args.queries, args.base)
    out["measured_at"] = time.strftime("%Y-%m-%d %H:%M:%S")
    out["loadavg"] = [round(x, 2) for x in os.getloadavg()]
    path = data.home("results") / f"{args.size}-milvus.json"
    path.write_text(json.dumps(out, ensure_ascii=False, indent=1, default=str))
    print(json.dumps(out, ensure_ascii=False, indent=1, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
