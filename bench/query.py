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
    n = len(index.table.ids)
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
    from index.search import Searcher

    s = Searcher(index=index)
    sets, share, top = filter_sets(index, queries)
    for q in queries[:5]:               # warm-up: imports, pyvi, FAISS, first allocations
        s._vectors.clear()
        s.rank(q, 10, "hybrid")
    out = {"filter_share": share, "filter_provinces": top, "results": {}}
    from bench.proposed import ProposedSearcher

    ps = ProposedSearcher(index=index)
    ps.rank(queries[0], 10, "hybrid")
    runs = [(s, m, False) for m in modes] + [(s, m, True) for m in modes if m != "bm25"] + \
           [(ps, m, False) for m in ("bm25", "hybrid")]
    same, compared = 0, 0
    for fname, fs in sets.items():
        ranked = {}
        for searcher, mode, cached in runs:
            ms = []
            for i, (q, f) in enumerate(zip(queries, fs)):
                searcher._vectors.clear()   # the query's embedding is computed (no cache hits) ...
                if cached:                  # ... except in the rows that isolate the index from the embedder
                    searcher.query_vector(searcher.plan(q).restored)
                t = time.perf_counter()
                got = searcher.rank(q, 10, mode, f)[0]
                ms.append(1000 * (time.perf_counter() - t))
                if searcher is s and not cached:
                    ranked[(mode, i)] = got
                elif searcher is ps:
                    compared += 1
                    same += int([p for p, _ in got] == [p for p, _ in ranked[(mode, i)]])
            name = f"{mode}{' (query vector cached)' if cached else ''}{' PROPOSED' if searcher is ps else ''} / {fname}"
            out["results"][name] = summary(ms)
            log(f"  {name:48} p50 {pct(ms, 50):7.1f} p95 {pct(ms, 95):7.1f} p99 {pct(ms, 99):7.1f} ms")
    out["proposed_identical_top10"] = f"{same}/{compared}"
    log(f"  proposed searcher: identical top-10 in {same}/{compared} queries")
    return out


def top_k_partition(lex: np.ndarray, allowed: np.ndarray | None, k: int) -> np.ndarray:
    """The same positions, in the same order, as Searcher.runs' `flatnonzero(lex > 0)` + stable argsort[:k],
    by a linear-time partition instead of sorting every candidate (a proposed change)."""
    cand = np.flatnonzero(lex > 0) if allowed is None else np.flatnonzero((lex > 0) & allowed)
    if len(cand) <= k:
        return cand[np.argsort(-lex[cand], kind="stable")]
    vals = lex[cand]
    kth = np.partition(vals, len(vals) - k)[len(vals) - k]      # the k-th largest score
    above = cand[vals > kth]
    ties = cand[vals == kth][:k - len(above)]                    # lowest positions first, as the stable sort
    sel = np.concatenate([above, ties])
    return sel[np.argsort(-lex[sel], kind="stable")]


def breakdown(index: BenchIndex, queries: list[str]) -> dict:
    """Where a hybrid query's time goes, step by step as Searcher.rank does it (no filter)."""
    from index.search import Searcher
    from index.text import folded_tokens, has_diacritics, word_tokens

    s = Searcher(index=index)
    from bench.proposed import canonical_copy, fast_scores

    canon_words = canonical_copy(index.words)
    parts: dict[str, list[float]] = {k: [] for k in ("plan", "word_tokens", "bm25 words scores",
                                                    "bm25 words scores, fancy-index sum",
                                                    "bm25 words scores, builtin-dtype views", "folded_tokens",
                                                    "bm25 folded scores", "bm25 top-100 (flatnonzero+argsort)",
                                                    "bm25 top-100 proposed (partition)", "query embedding", "dense search", "fuse + sort")}
    cands, same = [], 0

    def tick(name, t):
        now = time.perf_counter()
        parts[name].append(1000 * (now - t))
        return now

    for q in queries:
        s._vectors.clear()
        t = time.perf_counter()
        plan = s.plan(q)
        t = tick("plan", t)
        wt = word_tokens(plan.restored)
        t = tick("word_tokens", t)
        lex = s.index.words.scores(wt)
        t = tick("bm25 words scores", t)
        fast_scores(s.index.words, wt)
        t = tick("bm25 words scores, fancy-index sum", t)
        canon_words.scores(wt)
        t = tick("bm25 words scores, builtin-dtype views", t)
        ft = folded_tokens(plan.text)
        t = tick("folded_tokens", t)
        weight = s.folded_weight if has_diacritics(plan.text) else 1.0
        lex = lex + weight * s.index.folded.scores(ft)
        t = tick("bm25 folded scores", t)
        c = np.flatnonzero(lex > 0)
        top = c[np.argsort(-lex[c], kind="stable")[:100]]
        runs = {"bm25": {int(i): float(lex[i]) for i in top}}
        cands.append(len(c))
        t = tick("bm25 top-100 (flatnonzero+argsort)", t)
        alt = top_k_partition(lex, None, 100)
        t = tick("bm25 top-100 proposed (partition)", t)
        same += int(np.array_equal(alt, top))
        qv = s.query_vector(plan.restored)
        t = tick("query embedding", t)
        pos, sc = s.index.vectors.search(qv, 100, None)
        runs["dense"] = {int(i): float(x) for i, x in zip(pos, sc)}
        t = tick("dense search", t)
        fused = s.fuse(runs, plan)
        sorted(fused.items(), key=lambda kv: (-kv[1], s.index.table.ids[kv[0]]))[:10]
        tick("fuse + sort", t)
    out = {k: {"p50": pct(v, 50), "p95": pct(v, 95), "mean": round(float(np.mean(v)), 2)} for k, v in parts.items()}
    out["bm25 candidates (score > 0)"] = {"p50": pct(cands, 50), "p95": pct(cands, 95),
                                          "share_of_index_p50": round(pct(cands, 50) / len(s.index.table.ids), 3)}
    out["proposed top-100 identical to current"] = f"{same}/{len(queries)}"
    return out


def profile(index: BenchIndex, queries: list[str], path: Path, mode: str = "hybrid") -> str:
    """pyinstrument over the queries; the text report goes to path, the top lines come back."""
    try:
        from pyinstrument import Profiler
    except ImportError:
        return "pyinstrument not installed (.venv/bin/pip install pyinstrument)"
    from index.search import Searcher

    s = Searcher(index=index)
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

def ann_recall(vi, qvecs: np.ndarray, allowed_sets: list[np.ndarray] | None = None, log=print) -> dict:
    """HNSW recall against exact FAISS (IndexFlatIP on the same vectors), and per-query latency of each."""
    import faiss

    if not vi.approximate:
        return {}
    exact = faiss.IndexFlatIP(vi.dim)
    exact.add(vi.vectors)
    truth_scores, truth = exact.search(qvecs, 100)
    out = {"exact_flat": {}}
    ms = []
    for q in qvecs:
        t = time.perf_counter()
        exact.search(q[None, :], 100)
        ms.append(1000 * (time.perf_counter() - t))
    out["exact_flat"] = {"latency_ms_k100": summary(ms)}
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
    if allowed_sets:
        # the product's filtered path: VectorIndex.search with an allowed mask (IDSelectorBatch in HNSW, efSearch
        # max(128, k)), against more efSearch and against exact scoring of the allowed subset
        truths = []
        for q, allowed in zip(qvecs, allowed_sets):
            ids = np.flatnonzero(allowed)
            truths.append(set(ids[np.argsort(-(vi.vectors[ids] @ q), kind="stable")[:10]].tolist()))

        def measure(name, fn):
            ms, hits, counts = [], 0, []
            for q, allowed, truth in zip(qvecs, allowed_sets, truths):
                t = time.perf_counter()
                pos = fn(q, allowed)
                ms.append(1000 * (time.perf_counter() - t))
                counts.append(len(pos))
                hits += len(set(np.asarray(pos[:10]).tolist()) & truth)
            out[name] = {"recall@10": round(hits / (10 * len(qvecs)), 4), "latency_ms": summary(ms),
                         "results_returned_min": int(min(counts))}
            log(f"  {name}: recall@10 {hits / (10 * len(qvecs)):.4f}, p50 {pct(ms, 50):.2f} ms p95 {pct(ms, 95):.2f} ms")

        measure("filtered (province): product path, HNSW efSearch 128", lambda q, a: vi.search(q, 100, a)[0])
        for ef in (256, 512):
            def hnsw_ef(q, a, ef=ef):
                params = faiss.SearchParametersHNSW(sel=faiss.IDSelectorBatch(np.flatnonzero(a).astype(np.int64)),
                                                    efSearch=ef)
                return hnsw.search(q[None, :], 100, params=params)[1][0]
            measure(f"filtered (province): HNSW efSearch {ef}", hnsw_ef)

        def bitmap(q, a):
            # the same search with the mask as a bitmap: no per-query hash set of every allowed id
            sel = faiss.IDSelectorBitmap(len(a), faiss.swig_ptr(np.packbits(a, bitorder="little")))
            params = faiss.SearchParametersHNSW(sel=sel, efSearch=128)
            return hnsw.search(q[None, :], 100, params=params)[1][0]
        measure("filtered (province): HNSW efSearch 128, IDSelectorBitmap", bitmap)

        def exact_subset(q, a):
            ids = np.flatnonzero(a)
            sc = vi.vectors[ids] @ q
            top = np.argpartition(-sc, min(99, len(sc) - 1))[:100]
            return ids[top[np.argsort(-sc[top], kind="stable")]]
        measure("filtered (province): exact on the allowed subset", exact_subset)
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

def _dump_distinct(obj, path: Path) -> int:
    """Pickle with the memo off, so every token string is written (and later loaded) as its own object, as in
    the product's lexical.pkl (pyvi and fold return fresh strings; here clauses share their sentences' token
    objects, which a normal pickle would write once)."""
    import io
    buf = io.BytesIO()
    pk = pickle.Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL)
    pk.fast = True
    pk.dump(obj)
    path.write_bytes(buf.getbuffer())
    return buf.tell()


def save_for_serving(index: BenchIndex, words, folded, n: int) -> dict:
    """Write what a serving process loads: the lexical pickle as SearchIndex.sync saves it (tokens, both BM25
    fields, restorer), a lean variant without the tokens (a proposed change), the vectors .npy as
    VectorIndex.save does, the HNSW graph as a FAISS file (a proposed change), and the filter table."""
    from index.store import LEXICAL_VERSION

    d = data.home(f"serve-{n}")
    sizes: dict = {}
    if words is None:
        (d / "lexical.pkl").unlink(missing_ok=True)
    t = time.perf_counter()
    size = None if words is None else _dump_distinct({"version": LEXICAL_VERSION, "generation": 1, "k1": index.words.k1, "b": index.words.b,
                           "ids": index.table.ids, "word_tokens": words, "folded_tokens": folded,
                           "words": index.words, "folded": index.folded, "restorer": index.restorer},
                          d / "lexical.pkl")
    lexical_save_s = time.perf_counter() - t
    lean = pickle.dumps({"words": index.words, "folded": index.folded, "restorer": index.restorer},
                        protocol=pickle.HIGHEST_PROTOCOL)
    (d / "lexical-lean.pkl").write_bytes(lean)
    if size is not None:
        sizes["lexical_pickle_bytes"] = size
    sizes.update(lexical_lean_pickle_bytes=len(lean), restorer_bytes=len(pickle.dumps(index.restorer, protocol=5)))
    del lean
    index.vectors.save(d / "vectors.npy")
    sizes["vectors_npy_bytes"] = (d / "vectors.npy").stat().st_size
    (d / "table.pkl").write_bytes(pickle.dumps(index.table, protocol=5))
    sizes["table_pickle_bytes"] = (d / "table.pkl").stat().st_size
    if index.vectors.approximate:
        import faiss
        faiss.write_index(index.vectors._index(), str(d / "hnsw.index"))
        sizes["hnsw_index_bytes"] = (d / "hnsw.index").stat().st_size
    elif (d / "hnsw.index").exists():
        (d / "hnsw.index").unlink()
    if size is not None:
        sizes["lexical_save_s"] = round(lexical_save_s, 2)
    return sizes


def cold_start(n: int, variant: str, queries: list[str], timeout: int = 560) -> dict:
    """A fresh process loads the saved index and answers; see bench/serve.py."""
    d = data.home(f"ingest-{n}" if variant == "archive" else f"serve-{n}")
    qfile = d / "queries.json"
    qfile.write_text(json.dumps(queries, ensure_ascii=False))
    cmd = [sys.executable, "-m", "bench.serve", str(d), variant, str(qfile), repr(time.time())]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                       cwd=str(data.ROOT), env={**os.environ, "PYTHONPATH": str(data.ROOT)})
    if r.returncode != 0:
        return {"error": r.stderr[-2000:]}
    return json.loads(r.stdout.strip().splitlines()[-1])
