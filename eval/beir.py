"""A dataset in BEIR layout (corpus.jsonl, queries.jsonl, qrels/test.tsv) indexed like the archive.

Each corpus entry is one retrieval unit. The index has the fields the Searcher reads (table.ids, words,
folded, restorer, vectors, embedder), so a dataset is searched by the very code that searches clauses.
Tokens and vectors are cached under $DIRECTIVES_HOME/cache by content and embedder, so a second run is fast.
"""
from __future__ import annotations

import csv
import hashlib
import json
import pickle
from dataclasses import dataclass, field
from pathlib import Path

from index.dense import VectorCache, VectorIndex, slug
from index.lexical import DEFAULT_B, DEFAULT_K1, BM25Field
from index.text import Restorer, folded_tokens, word_tokens
from ingest import config
from ingest.errors import DirectivesError


@dataclass
class Dataset:
    name: str
    doc_ids: list[str]
    texts: list[str]
    queries: dict[str, str]
    qrels: dict[str, dict[str, int]]


def load_beir(path: Path, split: str = "test") -> Dataset:
    path = Path(path)
    try:
        docs = [json.loads(line) for line in (path / "corpus.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
        queries = {q["_id"]: q["text"] for q in map(json.loads, (path / "queries.jsonl").read_text(encoding="utf-8").splitlines()) if q}
        qrels: dict[str, dict[str, int]] = {}
        with open(path / "qrels" / f"{split}.tsv", encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                qrels.setdefault(row["query-id"], {})[row["corpus-id"]] = int(row["score"])
    except (OSError, ValueError, KeyError) as e:
        raise DirectivesError(f"{path}: not a BEIR dataset (corpus.jsonl, queries.jsonl, qrels/{split}.tsv): {e}") from None
    texts = [" \n".join(x for x in (d.get("title", ""), d.get("text", "")) if x) for d in docs]
    return Dataset(path.name, [d["_id"] for d in docs], texts, {q: queries[q] for q in qrels if q in queries}, qrels)


@dataclass
class _Table:
    ids: list[str] = field(default_factory=list)


class DatasetIndex:
    def __init__(self, data: Dataset, embedder=None, k1: float = DEFAULT_K1, b: float = DEFAULT_B):
        self.embedder = embedder
        self.table = _Table(data.doc_ids)
        cache = config.home() / "cache"
        cache.mkdir(parents=True, exist_ok=True)
        key = hashlib.sha1("\x00".join(data.texts).encode()).hexdigest()[:16]
        tokens_path = self._tokens_path = cache / f"tokens-{data.name}-{key}.pkl"
        if tokens_path.exists():
            words, folded, self.restorer = pickle.loads(tokens_path.read_bytes())
        else:
            words = [word_tokens(t) for t in data.texts]
            folded = [folded_tokens(t) for t in data.texts]
            self.restorer = Restorer()
            for t in data.texts:
                self.restorer.add(t)
            tokens_path.write_bytes(pickle.dumps((words, folded, self.restorer), protocol=pickle.HIGHEST_PROTOCOL))
        self.words, self.folded = BM25Field(k1, b), BM25Field(k1, b)
        self.words.build(words)
        self.folded.build(folded)
        self.vectors = None
        if embedder is not None:
            store = VectorCache(cache / f"vectors-{slug(embedder.name)}.sqlite3", embedder.name, embedder.dim)
            try:
                vectors = store.encode(data.texts, embedder.encode_passages)
            finally:
                store.close()
            self.vectors = VectorIndex(embedder.name, embedder.dim)
            self.vectors.set(vectors)

    def retune(self, k1: float, b: float) -> None:
        """Rebuild BM25 with other parameters from the cached tokens (for tuning on a dev split)."""
        words, folded, _ = pickle.loads(self._tokens_path.read_bytes())
        self.words, self.folded = BM25Field(k1, b), BM25Field(k1, b)
        self.words.build(words)
        self.folded.build(folded)
