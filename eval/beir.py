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

import numpy as np

from index.dense import UnitVectors, VectorCache, VectorIndex, passages, slug
from index.lexical import DEFAULT_B, DEFAULT_K1, BM25Field
from index.store import LEXICAL_VERSION
from index.text import Restorer, folded_tokens, word_tokens
from ingest import config
from ingest.errors import DirectivesError

PIECE_WORDS = 80           # a unit longer than LONG_UNIT words is also embedded in pieces of at most this many
LONG_UNIT = 120            # words; alqac2023 dev: dense 0.835 -> 0.896, hybrid 0.900 -> 0.917 (with dense weight 0.4)


@dataclass
class Dataset:
    name: str
    doc_ids: list[str]
    texts: list[str]
    queries: dict[str, str]
    qrels: dict[str, dict[str, int]]
    titles: list[str]             # per unit, beside texts (title + body): a long unit's pieces keep its title
    bodies: list[str]


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
    return Dataset(path.name, [d["_id"] for d in docs], texts, {q: queries[q] for q in qrels if q in queries}, qrels,
                   [d.get("title", "") for d in docs], [d.get("text", "") for d in docs])


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
        tokens_path = self._tokens_path = cache / f"tokens-{data.name}-v{LEXICAL_VERSION}-{key}.pkl"
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
            pieces, owners = [], []
            for i, (title, body, text) in enumerate(zip(data.titles, data.bodies, data.texts)):
                if len(text.split()) > LONG_UNIT:
                    cut = passages(body, PIECE_WORDS, title)
                    pieces += cut
                    owners += [i] * len(cut)
            store = VectorCache(cache / f"vectors-{slug(embedder.name)}.sqlite3", embedder.name, embedder.dim)
            try:
                vectors = store.encode(data.texts, embedder.encode_passages)
                piece_vectors = store.encode(pieces, embedder.encode_passages) if pieces else \
                    np.zeros((0, embedder.dim), dtype=np.float32)
            finally:
                store.close()
            units = VectorIndex(embedder.name, embedder.dim)
            units.set(vectors)
            self.vectors = UnitVectors(units, piece_vectors, np.array(owners, dtype=np.int64))

    def retune(self, k1: float, b: float) -> None:
        """Rebuild BM25 with other parameters from the cached tokens (for tuning on a dev split)."""
        words, folded, _ = pickle.loads(self._tokens_path.read_bytes())
        self.words, self.folded = BM25Field(k1, b), BM25Field(k1, b)
        self.words.build(words)
        self.folded.build(folded)
