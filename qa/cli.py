"""The `directives` command. Thin: every subcommand calls the same functions the app calls."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ingest.archive import Archive
from ingest.errors import DirectivesError
from ingest.model import Clause, Document


def _print_json(data) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def cmd_ingest(args: argparse.Namespace) -> int:
    from ingest.pipeline import ingest_paths

    def progress(p) -> None:
        print(p.line(), file=sys.stderr if args.json else sys.stdout, flush=True)

    max_bytes = int(args.max_size_mb * 2**20) if args.max_size_mb else None
    with Archive() as archive:
        results = ingest_paths([Path(p) for p in args.paths], archive, max_bytes, progress)
        stats = archive.stats()
    errors = [r for r in results if r.status == "error"]
    if args.json:
        _print_json({"results": [r.__dict__ for r in results], "archive": stats})
    else:
        counts = {s: sum(r.status == s for r in results) for s in ("added", "replaced", "duplicate", "error")}
        print(", ".join(f"{v} {k}" for k, v in counts.items()) +
              f"; archive: {stats['documents']} documents, {stats['clauses']} clauses")
    for r in errors:
        print(f"error: {r.path}: {r.error}", file=sys.stderr)
    return 1 if errors else 0


def _doc_row(d: Document, n: int) -> str:
    subject = (d.subject or "")[:60]
    return (f"{d.id}  {d.number or '-':<14} {d.doc_type or '-':<10} {d.province or '-':<11} "
            f"{d.date or '-':<10} {n:>4}  {subject}")


def cmd_docs(args: argparse.Namespace) -> int:
    with Archive() as archive:
        docs, counts = archive.documents(), archive.clause_counts()
    if args.json:
        rows = []
        for d in docs:
            row = d.to_dict(with_clauses=False)
            row["clauses"] = counts.get(d.id, 0)
            rows.append(row)
        _print_json(rows)
    elif not docs:
        print("Kho văn bản trống: chạy `directives ingest corpus/` trước. (The archive is empty.)")
    else:
        print(f"{'id':<16}  {'số ký hiệu':<14} {'loại':<10} {'tỉnh':<11} {'ngày':<10} {'điều':>4}  trích yếu")
        for d in docs:
            print(_doc_row(d, counts.get(d.id, 0)))
    return 0


def _clause_block(c: Clause) -> str:
    head = f"[{c.path}] ({c.kind}, trang {c.page})"
    lines = [head]
    if c.headings:
        lines.append("  ↳ " + " › ".join(h[:80] for h in c.headings))
    lines.append("  " + c.text)
    lines += [f"  chú thích {n}" for n in c.notes]
    return "\n".join(lines)


def cmd_show(args: argparse.Namespace) -> int:
    with Archive() as archive:
        doc = archive.get(args.doc)
    clauses = doc.clauses
    if args.clause:
        clauses = [c for c in clauses if c.path == args.clause]
        if not clauses:
            raise DirectivesError(f"{doc.number or doc.id} has no clause {args.clause!r}; "
                                  f"paths: {', '.join(c.path for c in doc.clauses[:12])}...")
    if args.json:
        if args.clause:
            _print_json(clauses[0].to_dict())
        else:
            _print_json(doc.to_dict())
        return 0
    if not args.clause:
        for label, value in (("Số ký hiệu", doc.number), ("Loại", doc.doc_type), ("Cơ quan ban hành", doc.issuer),
                             ("Tỉnh", doc.province), ("Ngày", doc.date), ("Trích yếu", doc.subject),
                             ("Người ký", " - ".join(x for x in (doc.signer_title, doc.signer) if x) or None),
                             ("Nơi nhận", "; ".join(doc.recipients) or None), ("Tệp", doc.source)):
            print(f"{label}: {value or '—'}")
        print()
    print("\n\n".join(_clause_block(c) for c in clauses))
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    with Archive() as archive:
        doc = archive.remove(args.doc)
    print(f"removed {doc.id} ({doc.number or doc.subject or doc.source})")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="directives",
                                     description="Tra cứu văn bản chỉ đạo điều hành (Vietnamese directives).")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="add PDF, DOCX, TXT or MD files (or folders) to the archive")
    p.add_argument("paths", nargs="+")
    p.add_argument("--max-size-mb", type=float, default=None, help="refuse files larger than this")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("docs", help="list documents with their header fields")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_docs)

    p = sub.add_parser("show", help="one document and its clauses")
    p.add_argument("doc", help="document id (or prefix), số ký hiệu or file name")
    p.add_argument("--clause", help="only this clause path, e.g. 8.a")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("remove", help="take a document out of the archive")
    p.add_argument("doc")
    p.set_defaults(func=cmd_remove)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except DirectivesError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
