"""Query latency, approximate recall, memory and peers on an index built straight from synthetic clauses.

The index is any object with SearchIndex's fields (as eval/beir.py's DatasetIndex): table (ids, doc_ids,
province, year, doc_type, issuer), words, folded, restorer, vectors, embedder; the product's Searcher
runs on it unchanged. Clause tokens are the concatenation of their pool sentences' tokens (bench.data);
vectors are real e5-small embeddings of a sample plus calibrated noise (bench.vectors).
"""
from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from bench import data
from bench import vectors as vecs

EF_SEARCHES = (32, 64, 128, 256, 512)


@dataclass
class Table:
    ids: list[str] = field(default_factory=list)
    doc_ids: list[str] = field(default_factory=list)
    province: np.ndarray = None
    year: np.ndarray = None
    doc_type: np.ndarray = None
    issuer: np.ndarray = None


@dataclass
class BenchIndex:
    table: Table
    words: object
    folded: object
    restorer: object
    vectors: object
    embedder: object


def pct(values, p) -> float:
    return round(float(np.percentile(np.asarray(values), p)), 2) if len(values) else None


def summary(ms: list[float]) -> dict:
    return {"n": len(ms), "p50": pct(ms, 50), "p95": pct(ms, 95), "p99": pct(ms, 99),
            "mean": round(float(np.mean(ms)), 2), "max": round(float(np.max(ms)), 2)}


def rss_mb() -> float:
    try:
        import psutil
        return round(psutil.Process().memory_info().rss / 2**20, 1)
    except ImportError:
        import resource
        return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


# ----------------------------------------------------------------------------------------------- build

def faiss_index(vi, n: int, ef_construction: int | None, log=print) -> dict:
    """Give the VectorIndex its FAISS index: the product's own build (VectorIndex._index), cached on disk
    under HOME so a later run reuses it; ef_construction overrides the product's 80 (then it is built here)."""
    import faiss

    from index import dense

    if not vi.approximate:
        t = time.perf_counter()
        vi._index()
        return {"kind": "exact IndexFlatIP", "build_s": round(time.perf_counter() - t, 3), "cached": False}
    efc = ef_construction or 80
    path = data.home("faiss") / f"hnsw-{n}-M{dense.HNSW_M}-efc{efc}-base{vecs.BASE}-{vecs.MODEL}.index"
    meta = path.with_suffix(".json")
    if path.exists() and meta.exists():
        info = json.loads(meta.read_text())
        t = time.perf_counter()
        vi._faiss = faiss.read_index(str(path))
        info.update(cached=True, read_s=round(time.perf_counter() - t, 2))
        log(f"  HNSW read from cache in {info['read_s']}s (built in {info['build_s']}s)")
        return info
    log(f"  building HNSW over {n} vectors (M={dense.HNSW_M}, efConstruction={efc}) ...")
    t = time.perf_counter()
    c = time.process_time()
    if ef_construction is None or ef_construction == 80:
        vi._index()     # the product's code path
    else:
        index = faiss.IndexHNSWFlat(vi.dim, dense.HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = ef_construction
        index.add(vi.vectors)
        vi._faiss = index
    info = {"kind": f"HNSW M={dense.HNSW_M} efConstruction={efc}", "build_s": round(time.perf_counter() - t, 1),
            "build_cpu_s": round(time.process_time() - c, 1), "ef_construction": efc}
    faiss.write_index(vi._faiss, str(path))
    meta.write_text(json.dumps(info))
    info.update(cached=False, file_bytes=path.stat().st_size)
    log(f"  HNSW built in {info['build_s']}s")
    return info


def build(n: int, ef_construction: int | None = None, need_tokens: bool = True, log=print) -> tuple[BenchIndex, dict]:
    """The index for n synthetic clauses. Both BM25 fields are cached under HOME once built (with their build
    times); the token lists are assembled only when asked for (the rank-bm25 peer and the product-format
    lexical pickle need them)."""
    from index.dense import VectorIndex
    from index.embed import load_embedder
    from index.lexical import BM25Field
    from index.text import Restorer

    info: dict = {}
    words = folded = None
    cache = data.home("bm25") / f"bm25-{n}.pkl"
    if need_tokens or not cache.exists():
        t = time.perf_counter()
        comp = data.compose(n)
        wt, ft = data.sentence_tokens()
        info["compose_s"] = round(time.perf_counter() - t, 1)
        t = time.perf_counter()
        words = [[w for j in ids for w in wt[j]] for ids in comp]
        folded = [[w for j in ids for w in ft[j]] for ids in comp]
        info["assemble_tokens_s"] = round(time.perf_counter() - t, 1)
        info["mean_word_tokens"] = round(float(np.mean([len(w) for w in words[:20000]])), 1)
        info["mean_folded_tokens"] = round(float(np.mean([len(w) for w in folded[:20000]])), 1)
        del comp
        log(f"  tokens assembled ({info['assemble_tokens_s']}s)")
    if cache.exists():
        t = time.perf_counter()
        w, fo, times = pickle.loads(cache.read_bytes())
        info.update(times, bm25_cached=True, bm25_cache_read_s=round(time.perf_counter() - t, 1))
        log(f"  BM25 read from cache in {info['bm25_cache_read_s']}s")
    else:
        w, fo = BM25Field(), BM25Field()
        t = time.perf_counter()
        w.build(words)
        times = {"bm25_words_build_s": round(time.perf_counter() - t, 2)}
        t = time.perf_counter()
        fo.build(folded)
        times["bm25_folded_build_s"] = round(time.perf_counter() - t, 2)
        info.update(times, bm25_cached=False)
        cache.write_bytes(pickle.dumps((w, fo, times), protocol=pickle.HIGHEST_PROTOCOL))
        log(f"  BM25 built: words {times['bm25_words_build_s']}s, folded {times['bm25_folded_build_s']}s")
        # serve what a serving process has: BM25 unpickled from disk (see bench/unpickled.py for why it matters)
        w, fo, _ = pickle.loads(cache.read_bytes())
    restorer = Restorer()
    for s in data.sentences():
        restorer.add(s)
    t = data.clause_table(n)
    table = Table(t["ids"], t["doc_ids"], t["province"], t["year"], t["doc_type"], t["issuer"])

    base = vecs.embed_base(vecs.BASE, log=log)
    if len(base) < vecs.BASE:
        raise SystemExit(f"only {len(base)} base vectors embedded so far; run again to resume")
    sigma, c = vecs.noise_sigma(base)
    info["vectors"] = {"model": vecs.MODEL, "base_sample": len(base),
                       "noise_sigma": round(sigma / 2 if vecs.MODEL == "mix" else sigma, 4),
                       "median_nn_cosine": round(c, 4)}
    embedder = load_embedder("e5-small")
    vi = VectorIndex(embedder.name, embedder.dim)
    vi.set(vecs.vectors(n, base))
    info["faiss"] = faiss_index(vi, n, ef_construction, log)
    index = BenchIndex(table, w, fo, restorer, vi, embedder)
    return index, {"info": info, "words": words, "folded": folded}


# ----------------------------------------------------------------------------------------------- latency

def filter_sets(index: BenchIndex, queries: list[str]):
    from index.search import Filters

    provinces, counts = np.unique(index.table.province, return_counts=True)
    top = [str(p) for p in provinces[np.argsort(-counts)][:5]]
    sets = {"none": [None] * len(queries),
            "province": [Filters(province=top[i % len(top)]) for i in range(len(queries))],
            "years 2020-2022": [Filters(year_from=2020, year_to=2022)] * len(queries),
            "province+years": [Filters(province=top[i % len(top)], year_from=2020, year_to=2022)
                               for i in range(len(queries))]}
    share = {}
    for name, fs in sets.items():
        if name == "none":
            share[name] = 1.0
            continue
        from index.search import Searcher
        s = Searcher(index=index)
        share[name] = round(float(np.mean([s.allowed(f).mean() for f in fs[:len(top)]])), 4)
    return sets, share, top


def latencies(index: BenchIndex, queries: list[str], modes=("bm25", "dense", "hybrid"), log=print) -> dict:
    """The product's Searcher.rank, k=10, per mode and filter; the query embedding is computed every time
    (the searcher's memo is cleared) except in the rows marked "query vector cached"."""
    from index.search import Searcher

    s = Searcher(index=index)
    sets, share, top = filter_sets(index, queries)
    for q in queries[:5]:               # warm-up: imports, pyvi, FAISS, the embedding thread, first allocations
        s._vectors.clear()
        s.rank(q, 10, "hybrid")
    out = {"filter_share": share, "filter_provinces": top, "results": {}, "loadavg_per_row": {}}
    runs = [(m, False) for m in modes] + [(m, True) for m in modes if m != "bm25"]
    for fname, fs in sets.items():
        for mode, cached in runs:
            ms = []
            for q, f in zip(queries, fs):
                s._vectors.clear()          # the query's embedding is computed (no cache hits) ...
                if cached:                  # ... except in the rows that isolate the index from the embedder
                    s.query_vector(s.plan(q).restored)
                t = time.perf_counter()
                s.rank(q, 10, mode, f)
                ms.append(1000 * (time.perf_counter() - t))
            name = f"{mode}{' (query vector cached)' if cached else ''} / {fname}"
            out["results"][name] = summary(ms)
            out["loadavg_per_row"][name] = round(os.getloadavg()[0], 2)
            log(f"  {name:48} p50 {pct(ms, 50):7.1f} p95 {pct(ms, 95):7.1f} p99 {pct(ms, 99):7.1f} ms"
                f"  (load {os.getloadavg()[0]:.2f})")
    return out


def builtin_dtypes(field) -> bool:
    """Whether a BM25Field's bm25s arrays carry numpy's builtin dtype descriptors (np.add.at's fast path)."""
    sc = field._bm25.scores
    return all(sc[k].dtype is np.dtype(sc[k].dtype.str) for k in ("data", "indices", "indptr"))


def breakdown(index: BenchIndex, queries: list[str]) -> dict:
    """Where a hybrid query's time goes, step by step as Searcher.runs does it (no filter), one step after
    the other: in the product the query embedding runs on a worker thread beside the two BM25 steps."""
    from index.lexical import top_positions
    from index.search import Searcher
    from index.text import has_diacritics

    s = Searcher(index=index)
    parts: dict[str, list[float]] = {k: [] for k in (
        "plan", "query tokens (Searcher.lexical_tokens)", "bm25 words scores", "bm25 folded scores",
        "synonyms (Searcher.synonym_scores)",
        "bm25 top-100 (top_positions)", "query embedding", "dense search (VectorIndex.search)", "fuse + sort",
        "hybrid Searcher.rank, whole (overlapped)")}
    cands = []

    def tick(name, t):
        now = time.perf_counter()
        parts[name].append(1000 * (now - t))
        return now

    for q in queries:
        s._vectors.clear()
        t = time.perf_counter()
        plan = s.plan(q)
        t = tick("plan", t)
        wt, ft = s.lexical_tokens(plan)
        t = tick("query tokens (Searcher.lexical_tokens)", t)
        lex = s.index.words.scores(wt)
        t = tick("bm25 words scores", t)
        weight = s.folded_weight if has_diacritics(plan.text) else s.unmarked_folded_weight
        lex = lex + weight * s.index.folded.scores(ft)
        t = tick("bm25 folded scores", t)
        syn = s.synonym_scores(plan, wt, weight)
        lex = lex if syn is None else lex + syn
        t = tick("synonyms (Searcher.synonym_scores)", t)
        top = top_positions(lex, None, 100)
        runs = {"bm25": {int(i): float(lex[i]) for i in top}}
        cands.append(int((lex > 0).sum()))
        t = tick("bm25 top-100 (top_positions)", t)
        qv = s.query_vector(plan.restored)
        t = tick("query embedding", t)
        pos, sc = s.index.vectors.search(qv, 100, None)
        runs["dense"] = {int(i): float(x) for i, x in zip(pos, sc)}
        t = tick("dense search (VectorIndex.search)", t)
        fused = s.fuse(runs, plan)
        sorted(fused.items(), key=lambda kv: (-kv[1], s.index.table.ids[kv[0]]))[:10]
        tick("fuse + sort", t)
        s._vectors.clear()
        t = time.perf_counter()
        s.rank(q, 10, "hybrid")
        tick("hybrid Searcher.rank, whole (overlapped)", t)
    out = {k: {"p50": pct(v, 50), "p95": pct(v, 95), "mean": round(float(np.mean(v)), 2)} for k, v in parts.items()}
    out["bm25 candidates (score > 0)"] = {"p50": pct(cands, 50), "p95": pct(cands, 95),
                                          "share_of_index_p50": round(pct(cands, 50) / len(s.index.table.ids), 3)}
    out["BM25 arrays with builtin dtypes after unpickling"] = f"words {builtin_dtypes(index.words)}, " \
                                                              f"folded {builtin_dtypes(index.folded)}"
    return out


def profile(index: BenchIndex, queries: list[str], path: Path, mode: str = "hybrid") -> str:
    """pyinstrument over the queries; the text report goes to path and comes back. pyinstrument samples the
    calling thread: the query embedding, which runs on a worker thread, shows as the wait for its result."""
    try:
        from pyinstrument import Profiler
    except ImportError:
        return "pyinstrument not installed (.venv/bin/pip install pyinstrument)"
    from index.search import Searcher

    s = Searcher(index=index)
    s.rank(queries[0], 10, mode)
    p = Profiler(interval=0.0005)
    p.start()
    for q in queries:
        s._vectors.clear()
        s.rank(q, 10, mode)
    p.stop()
    text = p.output_text(unicode=False, color=False, show_all=False)
    path.write_text(text)
    return text


# ----------------------------------------------------------------------------------------------- ANN

def ann_recall(vi, qvecs: np.ndarray, allowed_sets: dict[str, list[np.ndarray]] | None = None, log=print) -> dict:
    """HNSW recall against exact FAISS (IndexFlatIP on the same vectors), and per-query latency of each; then
    filtered search through the product's VectorIndex.search against exact scoring of the allowed rows."""
    import faiss

    from index import dense

    if not vi.approximate:
        return {}
    exact = faiss.IndexFlatIP(vi.dim)
    exact.add(np.ascontiguousarray(vi.vectors))
    truth_scores, truth = exact.search(qvecs, 100)
    out = {"exact_flat": {}, "ef_search_in_product": dense.HNSW_EF_SEARCH}
    ms = []
    for q in qvecs:
        t = time.perf_counter()
        exact.search(q[None, :], 100)
        ms.append(1000 * (time.perf_counter() - t))
    out["exact_flat"] = {"latency_ms_k100": summary(ms)}
    del exact
    hnsw = vi._index()
    for ef in EF_SEARCHES:
        for k in (10, 100):
            params = faiss.SearchParametersHNSW(efSearch=max(ef, k))
            ms, hits, hits10, gaps = [], 0, 0, []
            for i, q in enumerate(qvecs):
                t = time.perf_counter()
                found_scores, found = hnsw.search(q[None, :], k, params=params)
                ms.append(1000 * (time.perf_counter() - t))
                hits += len(set(found[0].tolist()) & set(truth[i, :k].tolist()))
                hits10 += len(set(found[0, :10].tolist()) & set(truth[i, :10].tolist()))
                # how much worse the approximate top 10 is, as a share of the exact top-100's score spread
                spread = max(1e-6, float(truth_scores[i, 0] - truth_scores[i, 99]))
                gaps.append(float(truth_scores[i, :10].mean() - found_scores[0, :10].mean()) / spread)
            out[f"hnsw ef{ef} k{k}"] = {"recall": round(hits / (k * len(qvecs)), 4), "latency_ms": summary(ms),
                                        "efSearch_used": max(ef, k),
                                        "top10_score_gap_over_top100_spread": round(float(np.mean(gaps)), 4)}
            if k > 10:
                out[f"hnsw ef{ef} k{k}"]["recall_at_10_of_k"] = round(hits10 / (10 * len(qvecs)), 4)
            log(f"  HNSW efSearch {ef:3} k {k:3}: recall@{k} {hits / (k * len(qvecs)):.4f}, p50 {pct(ms, 50):.2f} ms")
    # the product's own unfiltered call (efSearch HNSW_EF_SEARCH, k=100 as Searcher asks), recall@10
    ms, hits10 = [], 0
    for i, q in enumerate(qvecs):
        t = time.perf_counter()
        pos, _ = vi.search(q[None, :], 100)
        ms.append(1000 * (time.perf_counter() - t))
        hits10 += len(set(pos[:10].tolist()) & set(truth[i, :10].tolist()))
    out["product VectorIndex.search k100"] = {"recall@10": round(hits10 / (10 * len(qvecs)), 4), "latency_ms": summary(ms)}
    log(f"  product VectorIndex.search (efSearch {dense.HNSW_EF_SEARCH}, k 100): recall@10 "
        f"{hits10 / (10 * len(qvecs)):.4f}, p50 {pct(ms, 50):.2f} ms")
    for fname, sets in (allowed_sets or {}).items():
        # the product's filtered path: exact on the allowed rows up to EXACT_FILTERED of them, otherwise
        # HNSW with an IDSelectorBitmap and efSearch widened by selectivity, exact if fewer than k come back
        ms, hits, counts, rows = [], 0, [], []
        for q, allowed in zip(qvecs, sets):
            ids = np.flatnonzero(allowed)
            truth10 = set(ids[np.argsort(-(np.asarray(vi.vectors[ids]) @ q), kind="stable")[:10]].tolist())
            t = time.perf_counter()
            pos, _ = vi.search(q[None, :], 100, allowed)
            ms.append(1000 * (time.perf_counter() - t))
            counts.append(len(pos))
            rows.append(len(ids))
            hits += len(set(pos[:10].tolist()) & truth10)
        kinds: dict[str, int] = {}
        for r in rows:
            kind = "exact" if r <= dense.EXACT_FILTERED else \
                f"bitmap ef{min(dense.HNSW_EF_FILTERED_MAX, dense.HNSW_EF_SEARCH * max(1, len(vi.vectors) // r))}"
            kinds[kind] = kinds.get(kind, 0) + 1
        path = ", ".join(f"{k} x{c}" for k, c in sorted(kinds.items()))
        name = f"filtered ({fname}): product VectorIndex.search"
        out[name] = {"recall@10": round(hits / (10 * len(qvecs)), 4), "latency_ms": summary(ms),
                     "results_returned_min": int(min(counts)), "allowed_rows": [int(min(rows)), int(max(rows))],
                     "path": path}
        log(f"  {name} [{path}, {min(rows)}-{max(rows)} rows]: recall@10 {hits / (10 * len(qvecs)):.4f}, "
            f"p50 {pct(ms, 50):.2f} ms p95 {pct(ms, 95):.2f} ms, min results {min(counts)}")
    return out


# ----------------------------------------------------------------------------------------------- peers

def peers(index: BenchIndex, words: list[list[str]], queries: list[str], rank_bm25_max: int = 100_000,
          log=print) -> dict:
    """rank-bm25 (BM25Okapi) against our BM25Field on the same tokenised corpus (the words field)."""
    from index.search import Searcher
    from index.text import word_tokens

    s = Searcher(index=index)
    qtoks = [word_tokens(s.plan(q).restored) for q in queries]
    ours = []
    for qt in qtoks:
        t = time.perf_counter()
        index.words.scores(qt)
        ours.append(1000 * (time.perf_counter() - t))
    out = {"ours_bm25s_get_scores_ms": summary(ours)}
    n = len(index.table.ids)
    if words is None or n > rank_bm25_max:
        out["rank_bm25"] = f"skipped above {rank_bm25_max} clauses (extrapolate linearly from the smaller size)"
        return out
    from rank_bm25 import BM25Okapi

    t = time.perf_counter()
    okapi = BM25Okapi(words)
    build_s = time.perf_counter() - t
    theirs = []
    for qt in qtoks:
        t = time.perf_counter()
        okapi.get_scores(qt)
        theirs.append(1000 * (time.perf_counter() - t))
    out["rank_bm25_build_s"] = round(build_s, 2)
    out["rank_bm25_get_scores_ms"] = summary(theirs)
    out["ratio_p50_rank_bm25_over_ours"] = round(pct(theirs, 50) / max(1e-9, pct(ours, 50)), 1)
    log(f"  rank-bm25 p50 {pct(theirs, 50):.1f} ms vs bm25s {pct(ours, 50):.2f} ms")
    del okapi
    return out


# ----------------------------------------------------------------------------------------------- cold start

def save_for_serving(index: BenchIndex, n: int) -> dict:
    """Write what a serving process loads, in the product's layout (index/store.py, index/dense.py): lexical.pkl
    as SearchIndex.sync saves it (BM25 fields, restorer, ids; no tokens since b9d9ef7), the vectors with
    VectorIndex.save (the .npy and, for an HNSW index, the .hnsw graph beside it) and the filter table (a
    pickle here: the product reads it from the archive, which a synthetic 1M index does not have)."""
    from index.dense import slug
    from index.store import LEXICAL_VERSION

    d = data.home(f"serve-{n}")
    for old in ("lexical-lean.pkl", "hnsw.index", "vectors.npy"):     # the layouts measured before b9d9ef7
        (d / old).unlink(missing_ok=True)
    sizes: dict = {}
    t = time.perf_counter()
    blob = pickle.dumps({"version": LEXICAL_VERSION, "generation": 1, "k1": index.words.k1, "b": index.words.b,
                         "ids": index.table.ids, "words": index.words, "folded": index.folded,
                         "restorer": index.restorer}, protocol=pickle.HIGHEST_PROTOCOL)
    (d / "lexical.pkl").write_bytes(blob)
    sizes["lexical_pickle_bytes"] = len(blob)
    sizes["lexical_save_s"] = round(time.perf_counter() - t, 2)
    del blob
    npy = d / f"dense-{slug(index.embedder.name)}.npy"
    t = time.perf_counter()
    graph = index.vectors.save(npy)
    sizes["vectors_save_s"] = round(time.perf_counter() - t, 2)
    sizes["vectors_npy_bytes"] = npy.stat().st_size
    if graph is not None:
        sizes["hnsw_graph_bytes"] = graph.stat().st_size
    else:
        npy.with_suffix(".hnsw").unlink(missing_ok=True)
    (d / "serve.json").write_text(json.dumps({"npy": npy.name, "graph": graph.name if graph else None}))
    (d / "table.pkl").write_bytes(pickle.dumps(index.table, protocol=5))
    sizes["table_pickle_bytes"] = (d / "table.pkl").stat().st_size
    return sizes


def cold_start(folder: Path, variant: str, queries: list[str], timeout: int = 560) -> dict:
    """A fresh process loads the saved index and answers; see bench/serve.py."""
    qfile = folder / "queries.json"
    qfile.write_text(json.dumps(queries, ensure_ascii=False))
    cmd = [sys.executable, "-m", "bench.serve", str(folder), variant, str(qfile), repr(time.time())]
    r = subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=timeout,
                       cwd=str(data.ROOT), env={**os.environ, "PYTHONPATH": str(data.ROOT)})
    if r.returncode != 0:
        return {"error": r.stderr[-2000:]}
    return json.loads(r.stdout.strip().splitlines()[-1])
