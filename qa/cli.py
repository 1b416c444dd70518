"""The `directives` command. Thin: every subcommand calls the same functions the app calls.

Exit codes: 0 done; 1 an item failed (a file not ingested, a query line not searched, a document not found);
2 a usage error (a bad option or setting, an unreadable input file): nothing was done. Every error is one line
on stderr naming what is wrong; a traceback is never shown (DIRECTIVES_DEBUG=1 shows it for a bug report).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ingest.archive import Archive
from ingest.errors import DirectivesError, UsageError
from ingest.model import Clause, Document
from qa.cli_eval import cmd_eval, print_json
from qa.inputs import positive


def cmd_ingest(args: argparse.Namespace) -> int:
    from ingest.pipeline import ingest_paths

    def progress(p) -> None:
        print(p.line(), file=sys.stderr if args.json else sys.stdout, flush=True)

    def waiting() -> None:
        print("waiting for another ingest into this archive to finish…", file=sys.stderr, flush=True)

    from ingest.lock import ingesting

    max_bytes = int(args.max_size_mb * 2**20) if args.max_size_mb is not None else None
    with Archive() as archive, ingesting(archive.path, waiting):      # the count below is this ingest's own end
        results = ingest_paths([Path(p) for p in args.paths], archive, max_bytes, progress)
        stats = archive.stats()
        pushed = _push_to_milvus(archive, args.backend, args.embedder)
    errors = [r for r in results if r.status == "error"]
    if args.json:
        print_json({"results": [r.__dict__ for r in results], "archive": stats})
    else:
        counts = {s: sum(r.status == s for r in results) for s in ("added", "replaced", "reread", "duplicate", "error")}
        if not counts["reread"]:          # only after an upgrade whose parser reads stored files differently
            del counts["reread"]
        print(", ".join(f"{v} {k}" for k, v in counts.items()) +
              f"; archive: {stats['documents']} documents, {stats['clauses']} clauses" +
              (f"; Milvus: {pushed['added']} upserted, {pushed['removed']} deleted" if pushed else ""))
    for r in errors:
        print(f"error: {r.path}: {r.error}", file=sys.stderr)
    return 1 if errors else 0


def _push_to_milvus(archive: Archive, backend: str | None, embedder: str | None) -> dict | None:
    """With a Milvus backend, push what the archive gained or lost; the archive is already committed, so a failed
    push says so and the next sync (search, ask, reindex, ingest) finishes it."""
    from index.milvus import MilvusIndex, milvus_uri

    uri = milvus_uri(backend)
    if uri is None:
        return None
    from index.embed import load_embedder

    try:
        return MilvusIndex(archive, load_embedder(embedder) if embedder else None, uri).sync()
    except DirectivesError as e:
        raise DirectivesError(f"the archive is updated but its Milvus index is not ({e}); "
                              "`directives reindex` or the next search brings it up to date") from None


def _doc_row(d: Document, n: int) -> str:
    subject = (d.subject or "")[:60]
    return (f"{d.id}  {d.number or '-':<14} {d.doc_type or '-':<10} {d.province or '-':<11} "
            f"{d.date or '-':<10} {n:>4}  {subject}")


def cmd_docs(args: argparse.Namespace) -> int:
    with Archive() as archive:
        docs, counts, older = archive.documents(), archive.clause_counts(), archive.read_by_older()
    if older:
        print(f"{older} văn bản được đọc bằng bộ đọc cũ: chạy lại `directives ingest` với các tệp của chúng để đọc "
              f"lại. ({older} documents were read by an older parser; ingest their files again to read them anew.)",
              file=sys.stderr)
    if args.json:
        rows = []
        for d in docs:
            row = d.to_dict(with_clauses=False)
            row["clauses"] = counts.get(d.id, 0)
            rows.append(row)
        print_json(rows)
    elif not docs:
        print("Kho văn bản trống: chạy `directives ingest corpus/` trước. (The archive is empty.)")
    else:
        print(f"{'id':<16}  {'số ký hiệu':<14} {'loại':<10} {'tỉnh':<11} {'ngày':<10} {'điều':>4}  trích yếu")
        for d in docs:
            print(_doc_row(d, counts.get(d.id, 0)))
    return 0


ROLE_VI = {"lead": "chủ trì", "coordinate": "phối hợp", "advise": "tham mưu", "report_to": "nhận báo cáo",
           "mention": "được nêu"}


def _clause_block(c: Clause, annotations: bool = False) -> str:
    head = f"[{c.path}] ({c.kind}, trang {c.page})"
    lines = [head]
    if c.headings:
        lines.append("  ↳ " + " › ".join(h[:80] for h in c.headings))
    lines.append("  " + c.text)
    lines += [f"  chú thích {n}" for n in c.notes]
    if annotations:
        lines += [f"  dẫn chiếu: {x.id}" + (f" ngày {x.date}" if x.date else "") for x in c.citations]
        lines += [f"  cơ quan: {x.agency} ({ROLE_VI.get(x.role, x.role)})" for x in c.agencies]
        lines += [f"  thời hạn: {x.raw} → {x.start}" + (f"..{x.end}" if x.end else "") for x in c.deadlines]
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
            print_json(clauses[0].to_dict())
        else:
            print_json(doc.to_dict())
        return 0
    if not args.clause:
        for label, value in (("Số ký hiệu", doc.number), ("Loại", doc.doc_type), ("Cơ quan ban hành", doc.issuer),
                             ("Tỉnh", doc.province), ("Ngày", doc.date), ("Trích yếu", doc.subject),
                             ("Người ký", " - ".join(x for x in (doc.signer_title, doc.signer) if x) or None),
                             ("Nơi nhận", "; ".join(doc.recipients) or None), ("Tệp", doc.source)):
            print(f"{label}: {value or '—'}")
        print()
    print("\n\n".join(_clause_block(c, annotations=bool(args.clause)) for c in clauses))
    return 0


def cmd_cites(args: argparse.Namespace) -> int:
    from ingest.citations import parse_citation_query

    with Archive() as archive:
        if args.top or not args.id:
            top = archive.most_cited(args.limit)
            if args.json:
                print_json([{"id": i, "documents": d, "mentions": m} for i, d, m in top])
            else:
                print(f"{'văn bản được dẫn chiếu':<44} {'số văn bản':>10} {'số lần':>7}")
                for i, d, m in top:
                    print(f"{i:<44} {d:>10} {m:>7}")
            return 0
        number, province = parse_citation_query(args.id)
        hits = archive.citing(number, province)
    if args.json:
        rows = []
        for doc, clause, cited in hits:
            row = {k: v for k, v in clause.to_dict().items() if k not in ("citations", "agencies", "deadlines")}
            row.update(doc_number=doc.number, province=doc.province, date=doc.date,
                       cited={"id": cited.id, "raw": cited.raw, "date": cited.date})
            rows.append(row)
        print_json(rows)
        return 0
    if not hits:
        print(f"Không có điều khoản nào dẫn chiếu {number}. (No clause cites it.)")
        return 0
    docs = {d.id for d, _, _ in hits}
    print(f"{number}: {len(hits)} điều khoản trong {len(docs)} văn bản")
    for doc, clause, cited in hits:
        where = ", ".join(x for x in (doc.number or (doc.subject or "")[:50], doc.province, doc.date) if x)
        print(f"- {where} [{clause.path}] {cited.raw}")
    return 0


def _filters(args: argparse.Namespace):
    from index.search import Filters, parse_years

    try:
        years = parse_years(args.year) if args.year else (None, None)
    except DirectivesError as e:
        raise UsageError(str(e)) from None
    return Filters(province=args.province, year_from=years[0], year_to=years[1], doc_type=args.type,
                   issuer=args.issuer, agency=args.agency, role=args.role, cites=args.cites,
                   current_province=args.current_province)


def _hit_block(n: int, h) -> str:
    where = ", ".join(x for x in (h.number or h.doc_type, h.province, h.date) if x)
    scores = " ".join(f"{m}={v:.3f}" for m, v in h.scores.items())
    lines = [f"{n}. [{h.path}] {where}  ({h.score:.3f}; {scores})"]
    if h.headings:
        lines.append("   ↳ " + " › ".join(x[:70] for x in h.headings))
    lines.append("   " + (h.text if len(h.text) <= 400 else h.text[:400] + "…"))
    return "\n".join(lines)


def _clip_notice(clipped) -> None:
    if clipped.cut:
        print(f"note: the query has {clipped.typed_chars:,} characters, over the {clipped.limit:,}-character limit "
              f"(DIRECTIVES_MAX_QUERY_CHARS); only its first {len(clipped.text):,} were searched", file=sys.stderr)


def cmd_search(args: argparse.Namespace) -> int:
    from index.milvus import milvus_uri
    from index.milvus_search import make_searcher
    from qa import service
    from qa.inputs import query_lines

    if args.queries and args.query:
        raise UsageError("give a query or --queries FILE.jsonl, not both")
    if not args.queries and not (args.query or "").strip():
        raise UsageError("give a query, or --queries FILE.jsonl")
    lines = query_lines(args.queries) if args.queries else []    # an unreadable file stops here, before loading
    filters = _filters(args)
    # on Milvus a bm25 search reads the same collection as the others (its pushes carry vectors)
    lexical_only = args.mode == "bm25" and milvus_uri(args.backend) is None
    searcher = make_searcher(embedder=None if lexical_only else args.embedder, backend=args.backend)
    if args.no_synonyms:
        searcher.synonym_weight = 0.0
    if args.queries:
        failed = 0
        for line in lines:          # a bad line is a failed item: said, and the others still run
            try:
                if line.error:
                    raise DirectivesError(line.error)
                clipped, hits = service.search(searcher, line.record["query"], k=args.k, mode=args.mode,
                                               filters=filters, fusion_method=args.fusion)
            except DirectivesError as e:
                failed += 1
                print(f"error: {e}" if line.error else f"error: {args.queries}:{line.n}: {e}", file=sys.stderr)
                continue
            row = {"id": line.record["id"], "hits": [h.to_dict() for h in hits]}
            if clipped.cut:
                row["query_cut_to"] = len(clipped.text)
            print(json.dumps(row, ensure_ascii=False), flush=True)
        return 1 if failed else 0
    clipped, hits = service.search(searcher, args.query, k=args.k, mode=args.mode, filters=filters,
                                   fusion_method=args.fusion)
    _clip_notice(clipped)
    if args.json:
        print_json([h.to_dict() for h in hits])
    elif not hits:
        print("Không tìm thấy điều khoản phù hợp. (No matching clause.)")
    else:
        print("\n\n".join(_hit_block(n, h) for n, h in enumerate(hits, start=1)))
    return 0


def cmd_reindex(args: argparse.Namespace) -> int:
    from index.embed import load_embedder
    from index.milvus import MilvusIndex, milvus_uri
    from index.store import SearchIndex

    uri = milvus_uri(args.backend)
    with Archive() as archive:
        embedder = None if args.no_dense else load_embedder(args.embedder)
        if uri is not None:     # every row compared, only differences pushed: never a rebuild of the collection
            report = MilvusIndex(archive, embedder, uri).sync(full=True)
            print(f"Milvus at {uri}: {report['added']} clauses upserted, {report['removed']} deleted")
            return 0
        index = SearchIndex(archive, embedder)
        report = index.rebuild()
    print(f"reindexed {report['added']} clauses")
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    from index import budget
    from index.milvus_search import make_searcher
    from qa.compare import compare, text

    clipped = budget.clip(args.topic)
    searcher = make_searcher(backend=args.backend)
    try:
        with budget.deadline():
            result = compare(searcher, clipped.text, by=args.by, per_group=args.k)
    finally:
        searcher.archive.close()
    _clip_notice(clipped)
    if args.json:
        print_json(result.to_dict())
    else:
        print(text(result))
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    from index.milvus_search import make_searcher
    from qa import service
    from qa.answer import marked

    if not args.question.strip():
        raise UsageError("give a question")
    filters = _filters(args)
    clipped, result = service.ask(make_searcher(embedder=args.embedder, backend=args.backend), args.question,
                                   filters)
    _clip_notice(clipped)
    if args.json:
        print_json(result.to_dict())
        return 0
    print(f"Trả lời ({result.type}): {result.answer}")
    if len(result.answers) > 1:
        for a in result.answers:
            print(f"  - {a['province']}: {a['text']} [{', '.join(map(str, a['citations']))}]")
    for c in result.citations:
        h = c.hit
        where = ", ".join(x for x in (h.number or h.doc_type, h.province, h.date) if x)
        print(f"\n[{c.n}] {where} — điều khoản {h.path}")
        if h.headings:
            print("    ↳ " + " › ".join(x[:70] for x in h.headings))
        print("    " + marked(h.text, c.marks))
    return 0


def cmd_app(args: argparse.Namespace) -> int:
    """Serve the Streamlit app on the same archive ($DIRECTIVES_HOME)."""
    import subprocess

    app = Path(__file__).resolve().parent.parent / "app.py"
    command = [sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(args.port),
               "--server.address", args.address, "--server.headless", "true"]
    print(f"Mở http://{args.address}:{args.port} (Ctrl+C để dừng)", flush=True)
    return subprocess.call(command)


def cmd_remove(args: argparse.Namespace) -> int:
    with Archive() as archive:
        doc = archive.remove(args.doc)
        pushed = _push_to_milvus(archive, args.backend, "e5-small")
    print(f"removed {doc.id} ({doc.number or doc.subject or doc.source})" +
          (f"; Milvus: {pushed['removed']} deleted" if pushed else ""))
    return 0


def _add_filter_args(p: argparse.ArgumentParser) -> None:
    """The embedder and filters that search and ask share."""
    p.add_argument("--embedder", default="e5-small", help='"e5-small" or "st:NAME_OR_PATH"')
    p.add_argument("--province", help="as the documents name it")
    p.add_argument("--current-province", help="as it is since the 2025 merger, with its predecessors")
    p.add_argument("--year", help="2020-2024, 2022 or 2020-")
    p.add_argument("--type", help="document type: công văn, chỉ thị, báo cáo...")
    p.add_argument("--issuer")
    p.add_argument("--agency")
    p.add_argument("--role", choices=("lead", "coordinate", "advise", "report_to", "mention"))
    p.add_argument("--cites", help="only clauses citing this document")
    _add_backend_arg(p)


def _add_backend_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--backend", help="embedded (the default) or milvus://HOST:PORT; default $DIRECTIVES_MILVUS_URI")


COUNT = positive(int, "a whole number")          # "-k -5" had printed 95 hits
MEGABYTES = positive(float, "a number of megabytes")  # "--max-size-mb 0" was taken as no limit


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="directives",
                                     description="Tra cứu văn bản chỉ đạo điều hành (Vietnamese directives).")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="add PDF, DOCX, TXT or MD files (or folders) to the archive")
    p.add_argument("paths", nargs="+")
    p.add_argument("--max-size-mb", type=MEGABYTES, default=None,
                   help="refuse files larger than this (default $DIRECTIVES_MAX_FILE_MB, else 50)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--embedder", default="e5-small", help="with a Milvus backend: the vectors pushed")
    _add_backend_arg(p)
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("docs", help="list documents with their header fields")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_docs)

    p = sub.add_parser("show", help="one document and its clauses")
    p.add_argument("doc", help="document id (or prefix), số ký hiệu or file name")
    p.add_argument("--clause", help="only this clause path, e.g. 8.a")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("cites", help="clauses that cite a document (any spelling of its number); --top lists the most cited")
    p.add_argument("id", nargs="?", help='e.g. 107/2021/NĐ-CP, 107/2021/ND-CP, 39/NQ-TW, "324/QĐ-UBND (An Giang)"')
    p.add_argument("--top", action="store_true")
    p.add_argument("--limit", type=COUNT, default=20)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_cites)

    p = sub.add_parser("search", help="search clauses (hybrid BM25 + dense by default)")
    p.add_argument("query", nargs="?")
    p.add_argument("-k", type=COUNT, default=10)
    p.add_argument("--mode", choices=("hybrid", "bm25", "dense"), default="hybrid")
    p.add_argument("--fusion", choices=("minmax", "zscore", "rrf", "milvus"), default="minmax",
                   help="milvus: every route fused by Milvus' weighted ranker (Milvus backend only)")
    p.add_argument("--no-synonyms", action="store_true", help="the words as typed, without index/synonyms.txt")
    _add_filter_args(p)
    p.add_argument("--queries", help='JSONL file of {"id", "query"}; prints one {"id", "hits"} line each')
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("ask", help="answer a question with cited clauses (agency, document, deadline, figure)")
    p.add_argument("question")
    _add_filter_args(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("reindex", help="rebuild the search indexes from the archive")
    p.add_argument("--embedder", default="e5-small")
    p.add_argument("--no-dense", action="store_true", help="lexical index only")
    _add_backend_arg(p)
    p.set_defaults(func=cmd_reindex)

    p = sub.add_parser("eval", help="retrieval metrics per method and query type on a labelled set")
    p.add_argument("--dataset", help="a folder in BEIR layout (corpus.jsonl, queries.jsonl, qrels/test.tsv)")
    p.add_argument("--queries", help="your own labelled JSONL (format of eval/corpus_queries.jsonl), on your archive")
    p.add_argument("--corpus", action="store_true",
                   help="with --queries: over the bundled corpus/ (eval/tuning_queries.jsonl), not your archive")
    p.add_argument("--archive", action="store_true",
                   help="the archive labelled set (eval/archive_queries.jsonl) over the bundled corpus and the "
                        "development archive (--docs, default ../shared/datasets/vn-admin-2025/docs)")
    p.add_argument("--docs", help="with --archive or --growth: the development archive's folder")
    p.add_argument("--growth", action="store_true",
                   help="nDCG@10 of the bundled set's questions (--split) over corpus/ alone and with the development "
                        "archive (--docs) ingested beside it")
    p.add_argument("--split", choices=("dev", "test", "final", "all"), default="test",
                   help="all: dev and test; final: the pool run only when a change is finished")
    p.add_argument("--embedder", default="e5-small")
    p.add_argument("--no-dense", action="store_true")
    p.add_argument("--out", help="folder for report.md, report.json and chart.png")
    p.add_argument("--json", action="store_true")
    _add_backend_arg(p)
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("compare", help="one topic side by side: each province's (or year's) most relevant clauses")
    p.add_argument("topic")
    p.add_argument("--by", choices=("province", "year"), default="province")
    p.add_argument("-k", type=COUNT, default=3, help="clauses per province or year")
    p.add_argument("--json", action="store_true")
    _add_backend_arg(p)
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser("app", help="serve the web app (Streamlit) on this archive")
    p.add_argument("--port", type=COUNT, default=8501)
    p.add_argument("--address", default="127.0.0.1")
    p.set_defaults(func=cmd_app)

    p = sub.add_parser("remove", help="take a document out of the archive")
    p.add_argument("doc")
    _add_backend_arg(p)
    p.set_defaults(func=cmd_remove)
    return parser


def main(argv: list[str] | None = None) -> int:
    import os

    from ingest.config import bound_openmp_spinning, check_limits

    bound_openmp_spinning()          # before the embedder or FAISS loads (the app does the same)
    args = build_parser().parse_args(argv)          # a bad option: usage and exit 2 (argparse)
    try:
        check_limits()                              # DIRECTIVES_MAX_FILE_MB=abc: exit 2 before anything runs
        return args.func(args)
    except UsageError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except DirectivesError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:                         # `directives docs | head`: the reader left; nothing to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())   # no second error at exit's flush
        return 1
    except OSError as e:
        print(f"error: {e.filename or ''}{': ' if e.filename else ''}{e.strerror or e}", file=sys.stderr)
        return 1
    except Exception as e:                          # a bug: one line, and the traceback only when asked for
        if os.environ.get("DIRECTIVES_DEBUG"):
            raise
        print(f"error: internal error ({type(e).__name__}: {str(e)[:300]}); please report it, with the "
              "traceback DIRECTIVES_DEBUG=1 shows", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
