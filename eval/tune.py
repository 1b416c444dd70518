"""Tune BM25's k1/b and the hybrid's dense weight on the dev split; never on test. Then, at the chosen ones, the
query-understanding weights: folded field for marked / unmarked queries, English dense weight, province boost;
and the synonym weight on its own.

    python -m eval.tune                       # the bundled labelled set
    python -m eval.tune --dataset ../shared/datasets/alqac2023
    python -m eval.tune --query-weights | --synonyms [--dataset ...]
"""
from __future__ import annotations

import argparse
import itertools
from pathlib import Path

from eval.runner import (
    CORPUS_QUERIES,
    corpus_searcher,
    dataset_queries,
    evaluate,
    labelled_queries,
)
from index import search

K1 = (0.5, 0.6, 0.7, 0.8, 0.9, 1.2, 1.5, 1.8)
B = (0.5, 0.75, 0.8, 0.9, 1.0)
WEIGHTS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8)


def tune(searcher, queries, name: str) -> list[tuple[float, float, float, float]]:
    """(dev nDCG@10 of hybrid, k1, b, dense weight), best first."""
    results = []
    for k1, b in itertools.product(K1, B):
        searcher.index.retune(k1, b)
        for w in WEIGHTS:
            searcher.dense_weight = w
            report = evaluate(searcher, queries, name, "dev")
            results.append((report.methods["hybrid"]["ndcg@10"], k1, b, w))
            print(f"k1={k1} b={b} w={w}: hybrid {report.methods['hybrid']['ndcg@10']:.4f} "
                  f"bm25 {report.methods['bm25']['ndcg@10']:.4f}", flush=True)
    return sorted(results, reverse=True)


QUERY_GRID = {"folded_weight": (0.0, 0.5, 1.0), "unmarked_folded_weight": (0.0, 0.5, 1.0),
              "ENGLISH_DENSE_WEIGHT": (0.0, 0.05, 0.1, 0.3, 0.45, 0.6), "PROVINCE_BOOST": (0.0, 0.1, 0.2, 0.3)}
SYNONYM_GRID = {"synonym_weight": (0.0, 0.2, 0.3, 0.4, 0.5, 0.7, 0.8, 1.0, 1.2, 1.5)}


def tune_query_weights(searcher, queries, name: str, grid: dict = QUERY_GRID) -> list[tuple[float, dict]]:
    """(dev nDCG@10 of hybrid, settings) over the grid, best first. Searcher attributes are lower case,
    module constants of index.search upper case; both are put back afterwards."""
    saved = {k: getattr(searcher if k.islower() else search, k) for k in grid}
    results = []
    try:
        for values in itertools.product(*grid.values()):
            settings = dict(zip(grid, values))
            for k, v in settings.items():
                setattr(searcher if k.islower() else search, k, v)
            score = evaluate(searcher, queries, name, "dev").methods["hybrid"]["ndcg@10"]
            results.append((score, settings))
            print(f"{settings}: hybrid {score:.4f}", flush=True)
    finally:
        for k, v in saved.items():
            setattr(searcher if k.islower() else search, k, v)
    return sorted(results, key=lambda r: -r[0])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dataset")
    parser.add_argument("--query-weights", action="store_true", help="tune the query-understanding weights only")
    parser.add_argument("--synonyms", action="store_true", help="tune the synonym weight only")
    args = parser.parse_args()
    if args.dataset:
        searcher, queries, name = dataset_queries(Path(args.dataset))
    else:
        searcher = corpus_searcher()
        queries, name = labelled_queries(CORPUS_QUERIES, searcher), "corpus"
    if args.query_weights or args.synonyms:
        grid = SYNONYM_GRID if args.synonyms else QUERY_GRID
        print("best on dev:", tune_query_weights(searcher, queries, name, grid)[:5])
        return
    best = tune(searcher, queries, name)
    print("best on dev:", best[:5])


if __name__ == "__main__":
    main()
