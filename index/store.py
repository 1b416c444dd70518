"""The search index's state, kept in step with the archive.

The archive is the source of truth. The index caches each clause's tokens and vectors under
$DIRECTIVES_HOME/index; when the archive's generation moves, only the clauses added since are tokenised
and embedded, removed ones are dropped, and BM25 is rebuilt from the cached tokens (cheap beside
tokenising and embedding). `rebuild()` starts from nothing.

What a serving process loads is kept apart from what only a rebuild needs: lexical.pkl holds BM25 and the
restorer, tokens.pkl the token lists (two thirds of the bytes), so a CLI call or the app at 100k clauses
starts in about 3 s instead of 23 s (bench/RESULTS.md).
"""
from __future__ import annotations

import hashlib
import json
import pickle
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from index.dense import VectorCache, VectorIndex, slug, temp_path
from index.lexical import DEFAULT_B, DEFAULT_K1, BM25Field
from index.text import Restorer, tokenise
from ingest import config
from ingest.archive import Archive

LEXICAL_VERSION = 5         # 2: the restorer knows question words; 3: tokens in their own file;
                            # 4: one spelling per word (text.one_spelling); 5: tokens kept with their text's digest


def text_digest(text: str) -> str:
    """What a clause's cached tokens are kept under beside its id: the text they were made from."""
    return hashlib.sha1(text.encode()).hexdigest()[:16]


def index_text(headings: list[str], text: str) -> str:
    """What a clause is searched by: its own text after the items above it ("9. Sở Thông tin...")."""
    return " \n".join([*headings, text])


@dataclass
class ClauseTable:
    """Per-clause columns, aligned with the index positions, for filters and for building hits."""

    ids: list[str] = field(default_factory=list)
    doc_ids: list[str] = field(default_factory=list)
    province: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=object))
    year: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    doc_type: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=object))
    issuer: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=object))

    @classmethod
    def load(cls, archive: Archive) -> "ClauseTable":
        rows = archive.db.execute(
            "SELECT c.id, c.doc_id, d.province, d.date, d.doc_type, d.issuer FROM clauses c "
            "JOIN documents d ON d.id = c.doc_id ORDER BY c.doc_id, c.ord").fetchall()
        return cls(ids=[r[0] for r in rows], doc_ids=[r[1] for r in rows],
                   province=np.array([r[2] or "" for r in rows], dtype=object),
                   year=np.array([int(r[3][:4]) if r[3] else -1 for r in rows], dtype=np.int32),
                   doc_type=np.array([r[4] or "" for r in rows], dtype=object),
                   issuer=np.array([r[5] or "" for r in rows], dtype=object))


class SearchIndex:
    def __init__(self, archive: Archive, embedder=None, home: Path | None = None,
                 k1: float = DEFAULT_K1, b: float = DEFAULT_B):
        """`embedder` is an Embedder, or None for a lexical-only index."""
        self.archive = archive
        self.embedder = embedder
        self.dir = (home or config.home()) / "index"
        self.dir.mkdir(parents=True, exist_ok=True)
        self.k1, self.b = k1, b
        self.table = ClauseTable()
        self.words = BM25Field(k1, b)
        self.folded = BM25Field(k1, b)
        self.restorer = Restorer()
        self.vectors: VectorIndex | None = None

    # -- persistence ---------------------------------------------------------------------------
    @property
    def _lexical_path(self) -> Path:
        return self.dir / "lexical.pkl"

    @property
    def _tokens_path(self) -> Path:
        return self.dir / "tokens.pkl"

    def _dense_paths(self) -> tuple[Path, Path]:
        name = slug(self.embedder.name)
        return self.dir / f"dense-{name}.npy", self.dir / f"dense-{name}.json"

    def _load_lexical(self) -> dict | None:
        state = self._read(self._lexical_path)
        if state is None or state.get("version") != LEXICAL_VERSION or (state["k1"], state["b"]) != (self.k1, self.b):
            return None
        return state

    def _load_tokens(self) -> dict[tuple[str, str], tuple[list[str], list[str]]]:
        """Cached (word tokens, folded tokens) by clause id and its text's digest; empty when absent or from another
        version. The digest matters because a document read again by a newer parser keeps its clause ids while a
        clause's words may change."""
        state = self._read(self._tokens_path)
        if state is None or state.get("version") != LEXICAL_VERSION or "digests" not in state:
            return {}
        return dict(zip(zip(state["ids"], state["digests"]), zip(state["word_tokens"], state["folded_tokens"])))

    @staticmethod
    def _read(path: Path) -> dict | None:
        try:
            with open(path, "rb") as f:
                state = pickle.load(f)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None
        return state if isinstance(state, dict) else None

    def _save(self, path: Path, data: bytes) -> None:
        tmp = temp_path(path)
        tmp.write_bytes(data)
        tmp.replace(path)

    # -- keeping in step -----------------------------------------------------------------------
    def sync(self) -> dict[str, int]:
        """Bring the index up to the archive; returns how many clauses were added and removed."""
        generation = self.archive.generation
        state = self._load_lexical()
        self.table = ClauseTable.load(self.archive)
        ids = self.table.ids
        report = {"added": 0, "removed": 0}
        rows = None
        if state and state["generation"] == generation and state["ids"] == ids:
            self.words, self.folded, self.restorer = state["words"], state["folded"], state["restorer"]
        else:
            known = self._load_tokens()
            rows = self._clause_rows()
            texts = {c: index_text(*rows[c]) for c in ids}
            keys = [(c, text_digest(texts[c])) for c in ids]
            new = [key for key in keys if key not in known]
            known.update(zip(new, tokenise([texts[c] for c, _ in new])))
            report["added"] = len(new)
            word_toks, folded_toks = [known[k][0] for k in keys], [known[k][1] for k in keys]
            report["removed"] = len(set(known) - set(keys))
            self.words, self.folded = BM25Field(self.k1, self.b), BM25Field(self.k1, self.b)
            self.words.build(word_toks)
            self.folded.build(folded_toks)
            self.restorer = Restorer()
            for cid in ids:
                self.restorer.add(rows[cid][1])
            # tokens first: a lexical.pkl is only ever newer than the tokens it was built from
            self._save(self._tokens_path, pickle.dumps({
                "version": LEXICAL_VERSION, "ids": ids, "digests": [d for _, d in keys], "word_tokens": word_toks,
                "folded_tokens": folded_toks},
                protocol=pickle.HIGHEST_PROTOCOL))
            self._save(self._lexical_path, pickle.dumps({
                "version": LEXICAL_VERSION, "generation": generation, "k1": self.k1, "b": self.b, "ids": ids,
                "words": self.words, "folded": self.folded, "restorer": self.restorer},
                protocol=pickle.HIGHEST_PROTOCOL))
        if self.embedder is not None:
            self._sync_dense(ids, generation, rows)
        return report

    def _clause_rows(self) -> dict[str, tuple[list[str], str]]:
        """Each clause's heading chain and text, in one read of the archive."""
        return {cid: (json.loads(headings), text)
                for cid, headings, text in self.archive.db.execute("SELECT id, headings, text FROM clauses")}

    def _sync_dense(self, ids: list[str], generation: int, rows: dict | None = None) -> None:
        """`rows`: _clause_rows() when sync has read them already."""
        npy, meta_path = self._dense_paths()
        try:
            meta = json.loads(meta_path.read_text())
        except (OSError, ValueError):
            meta = None
        if meta and meta["generation"] == generation and meta["ids"] == ids and npy.exists():
            graph = self.dir / meta["graph"] if meta.get("graph") else None
            self.vectors = VectorIndex.load(npy, self.embedder.name, self.embedder.dim, graph)
            return
        rows = rows if rows is not None else self._clause_rows()
        cache = VectorCache(self.dir / f"vectors-{slug(self.embedder.name)}.sqlite3", self.embedder.name,
                            self.embedder.dim)
        try:
            vectors = cache.encode([index_text(*rows[c]) for c in ids], self.embedder.encode_passages)
        finally:
            cache.close()
        self.vectors = VectorIndex(self.embedder.name, self.embedder.dim)
        self.vectors.set(vectors)
        graph = self.vectors.save(npy)
        self._save(meta_path, json.dumps({"embedder": self.embedder.name, "generation": generation, "ids": ids,
                                          "graph": graph.name if graph else None}).encode())

    def retune(self, k1: float, b: float) -> None:
        """Rebuild BM25 with other parameters from the cached tokens (for tuning on a dev split)."""
        state = self._read(self._tokens_path)
        if not self.table.ids or state is None or state.get("version") != LEXICAL_VERSION \
                or state["ids"] != self.table.ids:
            raise RuntimeError("sync() the index before retuning it")
        self.k1, self.b = k1, b
        self.words, self.folded = BM25Field(k1, b), BM25Field(k1, b)
        self.words.build(state["word_tokens"])
        self.folded.build(state["folded_tokens"])

    def rebuild(self) -> dict[str, int]:
        """Forget every cached token and index file (vectors stay cached by content) and build again."""
        for f in self.dir.glob("*"):
            if f.suffix in (".pkl", ".npy", ".json", ".hnsw", ".tmp"):   # .tmp: a write cut short
                f.unlink()
        return self.sync()
