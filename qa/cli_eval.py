"""`directives eval`: the labelled sets (bundled, archive, a user's JSONL, a BEIR dataset) and the growth check.
Its own module so the command file stays small; it calls what the app's evaluation page calls (eval/)."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ingest.errors import UsageError


def print_json(data) -> None:
    """Every command's --json output: UTF-8 as written (Vietnamese stays readable), indented."""
    print(json.dumps(data, ensure_ascii=False, indent=2))


def cmd_eval(args: argparse.Namespace) -> int:
    from eval.runner import (
        CORPUS_QUERIES,
        corpus_searcher,
        dataset_queries,
        evaluate,
        labelled_queries,
    )

    embedder = None if args.no_dense else args.embedder
    if args.dataset:
        if not Path(args.dataset).is_dir():
            raise UsageError(f"{args.dataset}: no such folder; --dataset takes a BEIR folder (corpus.jsonl, "
                             "queries.jsonl, qrels/test.tsv)")
        searcher, queries, name = dataset_queries(Path(args.dataset), embedder, args.backend)
    elif args.growth:
        from eval.archive_set import growth

        found = growth(embedder, args.split, Path(args.docs) if args.docs else None)
        if args.json:
            print_json(found)
        else:
            groups = found.pop("by place", {})
            for name, methods in found.items():
                print(f"{name:<16}" + "  ".join(f"{m} {v:.4f}" for m, v in methods.items()))
            alone, *besides = found.values()
            for label, beside in zip(("change", "change, pooled"), besides):
                print(f"{label:<16}" + "  ".join(f"{m} {beside[m] - v:+.4f}" for m, v in alone.items()))
            for name, row in groups.items():
                print(f"hybrid, {name} ({row['n']} questions): alone {row['alone']:.4f}, beside the archive (pooled) "
                      f"{row['beside, pooled']:.4f}, change {row['beside, pooled'] - row['alone']:+.4f}")
        return 0
    elif args.archive:
        from eval.archive_set import answers_by_split, archive_queries, archive_searcher

        searcher = archive_searcher(embedder, Path(args.docs) if args.docs else None)
        queries, name = archive_queries(searcher), "archive"
        result = evaluate(searcher, queries, name, args.split)
        splits = ("dev", "test") if args.split == "all" else (args.split,)
        result.answers_by_split = answers_by_split(searcher, queries, splits)
        result.answers = result.answers_by_split[splits[-1]] if len(splits) == 1 else {}
        return _show_eval(result, args)
    elif args.queries:
        from index.milvus_search import make_searcher
        from qa.inputs import checked_jsonl, read_bytes

        data = read_bytes(args.queries)            # missing, a folder, not UTF-8 or a bad line: exit 2, at once
        from eval.labels import LabelError

        with checked_jsonl(data, args.queries) as checked:
            searcher = corpus_searcher(embedder, args.backend) if args.corpus else \
                make_searcher(embedder=embedder, backend=args.backend)
            try:
                queries, name = labelled_queries(checked, searcher), Path(args.queries).stem
            except LabelError as e:              # the file's labels do not fit: a usage error, like its syntax
                raise UsageError(str(e)) from None
    else:
        searcher = corpus_searcher(embedder, args.backend)
        queries, name = labelled_queries(CORPUS_QUERIES, searcher), "corpus"
    result = evaluate(searcher, queries, name, args.split)
    if not args.dataset and any(q.answer for q in queries):
        from eval.runner import answer_accuracy
        result.answers = answer_accuracy(searcher, queries, args.split)
    return _show_eval(result, args)


def _show_eval(result, args: argparse.Namespace) -> int:
    from eval import report as show

    if args.json:
        print_json(result.to_dict())
    else:
        print(show.text(result))
    if args.out:
        for path in show.write(result, Path(args.out)):
            print(f"wrote {path}", file=sys.stderr)
    return 0
