"""Dense vectors in FAISS, the embedder's name kept with them, and a cache of vectors by content.

Exact inner-product search for small archives; an HNSW graph above APPROXIMATE_ABOVE vectors, where
exact search stops being cheap. Measured here (2 cores, 384 dims, top 100, one query): exact p50 7 ms at
50k, 15 ms at 100k, 28 ms at 200k, 56 ms at 400k vectors; the query's own embedding costs about 25 ms, so
a 30 ms hybrid budget leaves exact search only up to about 50k. Filters are FAISS ID selectors, so a
filtered search still returns k results whenever k exist.
"""
from __future__ import annotations

import hashlib
import re
import sqlite3
from pathlib import Path

import numpy as np

from ingest.errors import DirectivesError

APPROXIMATE_ABOVE = 50_000
HNSW_M = 32
HNSW_EF_SEARCH = 128


def slug(name: str) -> str:
    """A file-name-safe form of an embedder's name."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_")[:80] + "-" + hashlib.sha1(name.encode()).hexdigest()[:8]


class VectorCache:
    """Vectors by (embedder, text) in one SQLite file, so a rebuild or a second evaluation run embeds nothing."""

    def __init__(self, path: Path, embedder_name: str, dim: int):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path)
        self.db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vec BLOB NOT NULL)")
        self.prefix, self.dim = embedder_name + "\x00", dim

    def _key(self, text: str) -> str:
        return hashlib.sha1((self.prefix + text).encode()).hexdigest()

    def encode(self, texts: list[str], encode_fn, batch: int = 256) -> np.ndarray:
        """Vectors for texts, computing only those not cached."""
        keys = [self._key(t) for t in texts]
        found: dict[str, np.ndarray] = {}
        for i in range(0, len(keys), 900):
            chunk = keys[i:i + 900]
            rows = self.db.execute(f"SELECT key, vec FROM vectors WHERE key IN ({','.join('?' * len(chunk))})", chunk)
            found.update((k, np.frombuffer(v, dtype=np.float32)) for k, v in rows)
        missing = sorted({k: t for k, t in zip(keys, texts) if k not in found}.items())
        for i in range(0, len(missing), batch):
            part = missing[i:i + batch]
            vecs = np.asarray(encode_fn([t for _, t in part]), dtype=np.float32)
            self.db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)",
                                [(k, v.tobytes()) for (k, _), v in zip(part, vecs)])
            self.db.commit()
            found.update((k, v) for (k, _), v in zip(part, vecs))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, k in enumerate(keys):
            out[i] = found[k]
        return out

    def close(self) -> None:
        self.db.close()


class VectorIndex:
    """Rows of `vectors` are positions 0..n-1; FAISS ids are those positions."""

    def __init__(self, embedder_name: str, dim: int, approximate_above: int = APPROXIMATE_ABOVE):
        self.embedder_name, self.dim = embedder_name, dim
        self.approximate_above = approximate_above
        self.vectors = np.zeros((0, dim), dtype=np.float32)
        self._faiss = None

    @property
    def approximate(self) -> bool:
        return len(self.vectors) > self.approximate_above

    def set(self, vectors: np.ndarray) -> None:
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self._faiss = None

    def append(self, vectors: np.ndarray) -> None:
        """Add rows at the end; an HNSW graph takes them without a rebuild."""
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if self._faiss is not None and self.approximate == (len(self.vectors) + len(vectors) > self.approximate_above):
            self._faiss.add(vectors)
        else:
            self._faiss = None
        self.vectors = np.concatenate([self.vectors, vectors]) if len(self.vectors) else vectors

    def _index(self):
        import faiss

        if self._faiss is None:
            if self.approximate:
                index = faiss.IndexHNSWFlat(self.dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
                index.hnsw.efConstruction = 80
            else:
                index = faiss.IndexFlatIP(self.dim)
            if len(self.vectors):
                index.add(self.vectors)
            self._faiss = index
        return self._faiss

    def check(self, embedder_name: str) -> None:
        if embedder_name != self.embedder_name:
            raise DirectivesError(f"the dense index was built with {self.embedder_name!r}, not {embedder_name!r}; "
                                  f"query with that embedder or run `directives reindex --embedder {embedder_name}`")

    def search(self, query: np.ndarray, k: int, allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Top-k positions and cosine scores, only among `allowed` positions when given."""
        import faiss

        n = len(self.vectors)
        if n == 0 or k <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        query = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
        params = None
        if allowed is not None:
            ids = np.flatnonzero(allowed).astype(np.int64)
            if len(ids) == 0:
                return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
            if not self.approximate and len(ids) <= 4096:
                scores = self.vectors[ids] @ query[0]      # a small allowed set: score it directly
                top = np.argsort(-scores, kind="stable")[:k]
                return ids[top], scores[top]
            sel = faiss.IDSelectorBatch(ids)
            params = faiss.SearchParametersHNSW(sel=sel, efSearch=max(HNSW_EF_SEARCH, k)) if self.approximate \
                else faiss.SearchParameters(sel=sel)
        elif self.approximate:
            params = faiss.SearchParametersHNSW(efSearch=max(HNSW_EF_SEARCH, k))
        scores, positions = self._index().search(query, min(k, n), params=params)
        keep = positions[0] >= 0
        return positions[0][keep], scores[0][keep]

    def save(self, path: Path) -> None:
        tmp = path.with_suffix(".tmp.npy")
        np.save(tmp, self.vectors)
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path, embedder_name: str, dim: int) -> "VectorIndex":
        index = cls(embedder_name, dim)
        index.set(np.load(path))
        return index
