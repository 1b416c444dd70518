"""Choose the fusion on the archive set's dev documents by cross-validation across documents, never on test.

    python -m eval.tune_archive [--folds 5] [--grid fusion|inside]

Dev documents are dealt into folds (a question goes with its documents; a question citing documents of two
folds goes with the first). For each fold, every setting of the grid is scored (hybrid nDCG@10) on the other
folds' questions, the best one is chosen and scored on the held-out fold. The report gives each fold's chosen
setting (how stable the choice is), the cross-validated nDCG@10, and the setting best over all dev questions,
which is the one to put in index/search.py. Each query's BM25 and dense candidates are computed once and the
grid only re-fuses them, so a grid of dozens of settings costs about one evaluation.
"""
from __future__ import annotations

import argparse
import hashlib
import itertools
import json
from collections.abc import Iterable

import ir_measures
import numpy as np
from ir_measures import nDCG

from eval.archive_set import archive_queries, archive_searcher
from eval.runner import EvalQuery
from index.search import Searcher

GRID = {"dense_weight": (0.3, 0.4, 0.45, 0.5, 0.6), "doc_context": (0.0, 0.2, 0.3, 0.5, 0.7, 1.0),
        "fusion": ("minmax", "zscore")}
# searching inside the document a question names (index.inside): how much of the question its title must cover,
# the weight of the words beyond it, and how many of its clauses they lift (None: all they find)
INSIDE_GRID = {"inside_share": (0.0, 0.2, 0.3, 0.4, 0.5), "inside_weight": (0.0, 1.0, 2.0, 3.0),
               "inside_top": (1, 3, None), "fusion": ("minmax",)}
GRIDS = {"fusion": GRID, "inside": INSIDE_GRID}


def _memoised_runs(searcher: Searcher) -> None:
    """Keep each query's candidate runs: the grid changes only how they are fused."""
    original = searcher.runs
    memo: dict[tuple, dict] = {}

    def runs(plan, mode="hybrid", allowed=None, pool=100):
        key = (plan.text, mode, pool, allowed is None)
        if key not in memo:
            memo[key] = (original(plan, mode, allowed, pool), plan.lex)
        found, plan.lex = memo[key]
        return {m: dict(r) for m, r in found.items()}

    searcher.runs = runs


def ndcg(searcher: Searcher, queries: list[EvalQuery], settings: dict) -> dict[str, float]:
    """Hybrid nDCG@10 per query at these settings (each but the fusion names an attribute of the searcher)."""
    for name, value in settings.items():
        if name != "fusion":
            setattr(searcher, name, value)
    ids = searcher.index.table.ids
    run = {}
    for q in queries:
        ranked, _ = searcher.rank(q.text, 10, "hybrid", fusion_method=settings["fusion"])
        run[q.id] = {ids[i]: float(10 - r) for r, (i, _) in enumerate(ranked)}
    qrels = {q.id: q.qrels for q in queries}
    out = {q.id: 0.0 for q in queries}
    for m in ir_measures.iter_calc([nDCG @ 10], qrels, run):
        out[m.query_id] = m.value
    return out


def folds(queries: list[EvalQuery], k: int) -> list[list[EvalQuery]]:
    """Questions grouped by the fold of their first relevant document (dealt by a hash of the document)."""
    out: list[list[EvalQuery]] = [[] for _ in range(k)]
    for q in queries:
        doc = sorted(q.qrels)[0].split(":")[0]
        out[int(hashlib.sha1(doc.encode()).hexdigest(), 16) % k].append(q)
    return out


def settings_grid(grid: dict) -> Iterable[dict]:
    for values in itertools.product(*grid.values()):
        yield dict(zip(grid, values))


def cross_validate(searcher: Searcher, queries: list[EvalQuery], k: int, grid: dict = GRID) -> dict:
    _memoised_runs(searcher)
    per_setting = {json.dumps(s): ndcg(searcher, queries, s) for s in settings_grid(grid)}
    parts = folds(queries, k)
    chosen, held = [], []
    for n, part in enumerate(parts):
        ids = {q.id for q in part}
        train = [q.id for q in queries if q.id not in ids]
        best = max(per_setting, key=lambda s: np.mean([per_setting[s][i] for i in train]))
        chosen.append(json.loads(best))
        held += [per_setting[best][i] for i in ids]
    overall = max(per_setting, key=lambda s: np.mean(list(per_setting[s].values())))
    return {"folds": [len(p) for p in parts], "chosen": chosen, "cv_ndcg@10": round(float(np.mean(held)), 4),
            "best_on_dev": json.loads(overall),
            "best_on_dev_ndcg@10": round(float(np.mean(list(per_setting[overall].values()))), 4),
            "grid": {s: round(float(np.mean(list(v.values()))), 4) for s, v in per_setting.items()}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--grid", choices=sorted(GRIDS), default="fusion")
    args = parser.parse_args()
    searcher = archive_searcher()
    dev = [q for q in archive_queries(searcher) if q.split == "dev" and q.qrels]
    result = cross_validate(searcher, dev, args.folds, GRIDS[args.grid])
    print(json.dumps({k: v for k, v in result.items() if k != "grid"}, ensure_ascii=False, indent=1))
    for s, v in sorted(result["grid"].items(), key=lambda kv: -kv[1]):
        print(f"{v:.4f}  {s}")


if __name__ == "__main__":
    main()
