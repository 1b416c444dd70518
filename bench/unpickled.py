"""BM25 scoring in the process that built the index against a process that unpickled it (every CLI/app process).

bm25s sums postings with np.add.at. numpy's fast path for ufunc.at is skipped when an array's dtype is not the
builtin descriptor object, and unpickled arrays carry fresh (equal, but not identical) descriptors, so the
unpickled index scored many times slower. BM25Field.__setstate__ (index/lexical.py, b9d9ef7) restores the builtin
descriptors; this probe checks that an unpickled field scores as fast as a fresh one, beside the old behaviour.

    .venv/bin/python -m bench.unpickled [--size 100k] [--queries 40]
"""
from __future__ import annotations

import argparse
import json
import pickle
import time

import numpy as np

from bench import data


def distinct_dtypes(field):
    """The field as it served before b9d9ef7: bm25s' arrays with equal but distinct (non-builtin) dtype
    descriptors, as pickle.loads gave them before BM25Field.__setstate__ restored the builtin ones."""
    s = field._bm25.scores
    for k in ("data", "indices", "indptr"):
        s[k] = s[k].view(pickle.loads(pickle.dumps(s[k].dtype)))
    return field


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", choices=list(data.SIZES), default="100k")
    ap.add_argument("--queries", type=int, default=40)
    args = ap.parse_args(argv)
    from index.lexical import BM25Field
    from index.text import folded_tokens, word_tokens

    n = data.SIZES[args.size]
    comp = data.compose(n)
    wt, ft = data.sentence_tokens()
    out = {"clauses": n, "queries": args.queries}
    for field_name, pool, tok in (("words", wt, word_tokens), ("folded", ft, folded_tokens)):
        docs = [[w for j in ids for w in pool[j]] for ids in comp]
        fresh = BM25Field()
        fresh.build(docs)
        del docs
        unpickled = pickle.loads(pickle.dumps(fresh, protocol=pickle.HIGHEST_PROTOCOL))
        before = distinct_dtypes(pickle.loads(pickle.dumps(fresh, protocol=pickle.HIGHEST_PROTOCOL)))
        qs = [tok(q) for q in data.queries(args.queries)]
        ref = [fresh.scores(q) for q in qs]
        res = {}
        for name, fn in (("fresh BM25Field.scores", fresh.scores),
                         ("unpickled BM25Field.scores (product)", unpickled.scores),
                         ("unpickled, distinct dtypes (before)", before.scores)):
            ms, same = [], True
            for q, r in zip(qs, ref):
                t = time.perf_counter()
                got = fn(q)
                ms.append(1000 * (time.perf_counter() - t))
                same &= bool(np.allclose(got, r, rtol=1e-5, atol=1e-5))
            res[name] = {"p50_ms": round(float(np.percentile(ms, 50)), 2), "p95_ms": round(float(np.percentile(ms, 95)), 2),
                         "same_scores": same}
            print(f"{args.size} {field_name:7} {name:32} p50 {res[name]['p50_ms']:8.2f} ms  p95 {res[name]['p95_ms']:8.2f} ms"
                  f"  same scores: {same}")
        out[field_name] = res
    path = data.home("results") / f"{args.size}-unpickled.json"
    path.write_text(json.dumps(out, indent=1))
    print(f"JSON: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
