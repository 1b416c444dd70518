"""BM25 scoring in the process that built the index against a process that unpickled it (every CLI/app process).

bm25s sums postings with np.add.at. numpy's fast path for ufunc.at is skipped when an array's dtype is not the
builtin descriptor object, and unpickled arrays carry fresh (equal, but not identical) descriptors, so the
unpickled index scores many times slower. A view with the builtin dtype, or summing with fancy indexing, fixes it.

    .venv/bin/python -m bench.unpickled [--size 100k] [--queries 40]
"""
from __future__ import annotations

import argparse
import json
import pickle
import time

import numpy as np

from bench import data


def canonical(field):
    """A copy-free fix: views of bm25s' arrays with numpy's builtin dtype descriptors."""
    s = field._bm25.scores
    for k in ("data", "indices", "indptr"):
        s[k] = s[k].view(np.dtype(s[k].dtype.str).type)
    return field


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", choices=list(data.SIZES), default="100k")
    ap.add_argument("--queries", type=int, default=40)
    args = ap.parse_args(argv)
    from bench.proposed import fast_scores
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
        fixed = canonical(pickle.loads(pickle.dumps(fresh, protocol=pickle.HIGHEST_PROTOCOL)))
        qs = [tok(q) for q in data.queries(args.queries)]
        ref = [fresh.scores(q) for q in qs]
        res = {}
        for name, fn in (("fresh BM25Field.scores", fresh.scores), ("unpickled BM25Field.scores", unpickled.scores),
                         ("unpickled, builtin-dtype views", fixed.scores),
                         ("unpickled, fancy-index sum", lambda q: fast_scores(unpickled, q))):
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
