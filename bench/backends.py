"""The embedded and the Milvus backends side by side on a labelled set: nDCG@10 per method, top-10 overlap per
mode, and (bundled set) whether filtered searches return the same documents.

    .venv/bin/python -m bench.backends --set corpus [--split all]
    .venv/bin/python -m bench.backends --set alqac [--dataset ../shared/datasets/alqac2023]

A milvus-lite server is started for the run (stopped by its PID after), unless --uri names one. Figures go to
$DIRECTIVES_BENCH_DIR/results/backends-<set>.json and docs/scale-out.md.
"""
from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

import numpy as np

from bench import data
from index.milvus_server import LiteServer
from index.search import Filters

ALQAC = Path(__file__).resolve().parent.parent.parent / "shared" / "datasets" / "alqac2023"
MODES = ("bm25", "dense", "hybrid")
FILTERS = [Filters(province="An Giang"), Filters(province="Kiên Giang", year_from=2021),
           Filters(current_province="Phú Thọ"), Filters(year_to=2016), Filters(doc_type="báo cáo"),
           Filters(issuer="ủy ban nhân dân tỉnh"), Filters(agency="Sở Nội vụ"), Filters(agency="Sở Nội vụ", role="lead"),
           Filters(cites="107/2021/NĐ-CP")]


def overlap(a: list[str], b: list[str]) -> float:
    """Shared clauses of two top-k lists, over the longer list (1.0 when both are empty)."""
    return len(set(a) & set(b)) / max(len(a), len(b)) if (a or b) else 1.0


def top10(searcher, query: str, mode: str = "hybrid", fusion: str = "minmax") -> list[str]:
    """The ids of the top 10 (rank, not search: an evaluation dataset has no archive to build hits from)."""
    ids = searcher.index.table.ids
    return [ids[i] for i, _ in searcher.rank(query, 10, mode, fusion_method=fusion)[0]]


def ndcg_of(searcher, queries, fusion_method: str) -> float:
    """Mean nDCG@10 of hybrid with one fusion (for --fusion milvus, which eval.runner does not run)."""
    import ir_measures
    from ir_measures import nDCG

    ids = searcher.index.table.ids
    run = {}
    for q in queries:
        ranked = searcher.rank(q.text, 10, "hybrid", fusion_method=fusion_method)[0]
        run[q.id] = {ids[i]: float(10 - r) for r, (i, _) in enumerate(ranked)}
    return round(float(ir_measures.calc_aggregate([nDCG @ 10], {q.id: q.qrels for q in queries}, run)[nDCG @ 10]), 4)


def compare(embedded, milvus, queries, split: str, name: str, log=print) -> dict:
    from eval.runner import evaluate

    chosen = [q for q in queries if split == "all" or q.split == split]
    out: dict = {"set": name, "split": split, "queries": len(chosen)}
    for label, searcher in (("embedded", embedded), ("milvus", milvus)):
        t = time.perf_counter()
        report = evaluate(searcher, chosen, name, "all")
        out[label] = {m: v["ndcg@10"] for m, v in report.methods.items()}
        out[f"{label}_eval_s"] = round(time.perf_counter() - t, 1)
        log(f"  {label}: {out[label]} ({out[f'{label}_eval_s']} s)")
    out["milvus"]["hybrid-milvus-fusion"] = ndcg_of(milvus, chosen, "milvus")
    out["overlap@10"] = {}
    for mode in MODES:
        values = [overlap(top10(embedded, q.text, mode), top10(milvus, q.text, mode)) for q in chosen]
        out["overlap@10"][mode] = round(float(np.mean(values)), 4)
        out.setdefault("identical_top10", {})[mode] = sum(v == 1.0 for v in values)
    values = [overlap(top10(embedded, q.text), top10(milvus, q.text, fusion="milvus")) for q in chosen]
    out["overlap@10"]["hybrid, --fusion milvus"] = round(float(np.mean(values)), 4)
    log(f"  overlap@10: {out['overlap@10']}")
    return out


def same_documents(embedded, milvus, queries, log=print) -> dict:
    """For each filter and a sample of queries: the documents of the top 10 (hybrid) agree, and every Milvus hit
    is one the embedded filter allows."""
    sample = queries[::10]
    same = total = 0
    for f in FILTERS:
        allowed = set(np.array(embedded.index.table.ids, dtype=object)[embedded.allowed(f)])
        for q in sample:
            a = embedded.search(q.text, k=10, filters=f)
            b = milvus.search(q.text, k=10, filters=f)
            assert all(h.clause_id in allowed for h in b), (f, q.text)
            same += {h.doc_id for h in a} == {h.doc_id for h in b}
            total += 1
    log(f"  filters: same documents in {same} of {total} filtered searches")
    return {"filtered_searches": total, "same_documents": same, "filters": len(FILTERS)}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--set", choices=("corpus", "alqac"), default="corpus")
    p.add_argument("--dataset", default=str(ALQAC))
    p.add_argument("--split", choices=("dev", "test", "all"), default="all")
    p.add_argument("--uri", help="a running Milvus server (milvus://HOST:PORT); else a milvus-lite server for the run")
    args = p.parse_args(argv)
    os.environ.setdefault("DIRECTIVES_HOME", str(data.home("backends-home")))
    server = None
    uri = args.uri
    if uri is None:
        server = LiteServer(Path(tempfile.mkdtemp(prefix="milvus-", dir=data.home())) / "data").start()
        uri = server.uri
    try:
        from eval.runner import CORPUS_QUERIES, corpus_searcher, dataset_queries, labelled_queries
        if args.set == "corpus":
            embedded = corpus_searcher("e5-small")
            milvus = corpus_searcher("e5-small", uri)
            queries = labelled_queries(CORPUS_QUERIES, embedded)
            out = compare(embedded, milvus, queries, args.split, "corpus")
            out["filters"] = same_documents(embedded, milvus, queries)
        else:
            embedded, queries, name = dataset_queries(Path(args.dataset), "e5-small")
            milvus, _, _ = dataset_queries(Path(args.dataset), "e5-small", uri)
            out = compare(embedded, milvus, queries, args.split, name)
        if server is not None:
            out["server_rss_mb"] = round(server.rss_mb(), 1)
    finally:
        if server is not None:
            server.stop()
    path = data.home("results") / f"backends-{args.set}.json"
    path.write_text(json.dumps(out, ensure_ascii=False, indent=1))
    print(json.dumps(out, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
