"""Tune BM25's k1/b and the hybrid's dense weight on the dev split; never on test.

    python -m eval.tune                       # the bundled labelled set
    python -m eval.tune --dataset ../shared/datasets/alqac2023
"""
from __future__ import annotations

import argparse
import itertools
from pathlib import Path

from eval.runner import CORPUS_QUERIES, corpus_searcher, dataset_queries, evaluate, labelled_queries

K1 = (0.9, 1.2, 1.5, 1.8)
B = (0.4, 0.6, 0.75, 0.9)
WEIGHTS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)


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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dataset")
    args = parser.parse_args()
    if args.dataset:
        searcher, queries, name = dataset_queries(Path(args.dataset))
    else:
        searcher = corpus_searcher()
        queries, name = labelled_queries(CORPUS_QUERIES, searcher), "corpus"
    best = tune(searcher, queries, name)
    print("best on dev:", best[:5])


if __name__ == "__main__":
    main()
