"""Dense vectors in FAISS, the embedder's name kept with them, and a cache of vectors by content.

Exact inner-product search for small archives; an HNSW graph above APPROXIMATE_ABOVE vectors, where
exact search stops being cheap. Measured here (2 cores, 384 dims, top 100, one query): exact p50 7 ms at
50k, 15 ms at 100k, 28 ms at 200k, 56 ms at 400k vectors; the query's own embedding costs about 25 ms, so
a 30 ms hybrid budget leaves exact search only up to about 50k.

A filter that leaves few clauses is scored exactly on those rows (1.8 ms for 10k rows); a broader one goes
through the graph with a bitmap selector and a wider search, and falls back to exact scoring if the graph
returns fewer than k, so a filtered search returns k results whenever k exist. The graph is saved beside
the vectors and read back, so a serving process does not rebuild it (11 s at 100k, minutes at 1M), and the
vectors are memory-mapped, so they are not held twice.
"""
from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import threading
from pathlib import Path

import numpy as np

from ingest.errors import DirectivesError

APPROXIMATE_ABOVE = 50_000
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 512        # recall@10 0.977 at 100k (128: 0.906) for +0.9 ms (bench/RESULTS.md)
HNSW_EF_FILTERED_MAX = 2048
EXACT_FILTERED = 5_000      # a filter leaving at most this many rows is scored exactly (4 ms for 10k rows, 1 thread)


def temp_path(path: Path, suffix: str = ".tmp") -> Path:
    """Where to write `path` before renaming it into place: a name per process and thread, since two app
    sessions may save the same index at once."""
    return path.with_name(f"{path.name}.{os.getpid()}-{threading.get_ident()}{suffix}")


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
                index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
            else:
                index = faiss.IndexFlatIP(self.dim)
            if len(self.vectors):
                index.add(np.ascontiguousarray(self.vectors))
            self._faiss = index
        return self._faiss

    def check(self, embedder_name: str) -> None:
        if embedder_name != self.embedder_name:
            raise DirectivesError(f"the dense index was built with {self.embedder_name!r}, not {embedder_name!r}; "
                                  f"query with that embedder or run `directives reindex --embedder {embedder_name}`")

    def _exact(self, query: np.ndarray, ids: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Score the given rows directly (in slices, so a memory-mapped matrix is never gathered whole)."""
        scores = np.concatenate([self.vectors[ids[i:i + 65536]] @ query
                                 for i in range(0, len(ids), 65536)]) if len(ids) else np.zeros(0, np.float32)
        top = np.argsort(-scores, kind="stable")[:k]
        return ids[top], scores[top].astype(np.float32)

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
            if len(ids) <= (EXACT_FILTERED if self.approximate else 4096):
                return self._exact(query[0], ids, k)
            bitmap = np.packbits(np.asarray(allowed, dtype=bool), bitorder="little")
            sel = faiss.IDSelectorBitmap(len(bitmap), faiss.swig_ptr(bitmap))   # n: bytes
            if self.approximate:
                # the graph walks past rows the filter rejects: widen the search as the filter narrows
                ef = min(HNSW_EF_FILTERED_MAX, max(HNSW_EF_SEARCH, k) * max(1, n // len(ids)))
                params = faiss.SearchParametersHNSW(sel=sel, efSearch=ef)
            else:
                params = faiss.SearchParameters(sel=sel)
        elif self.approximate:
            params = faiss.SearchParametersHNSW(efSearch=max(HNSW_EF_SEARCH, k))
        scores, positions = self._index().search(query, min(k, n), params=params)
        keep = positions[0] >= 0
        positions, scores = positions[0][keep], scores[0][keep]
        if allowed is not None and len(positions) < min(k, len(ids)):
            return self._exact(query[0], ids, k)
        return positions, scores

    def save(self, path: Path) -> Path | None:
        """Write the vectors (.npy) and, for an approximate index, its graph (returned path) beside them."""
        tmp = temp_path(path, ".tmp.npy")         # np.save adds .npy to a name without it
        np.save(tmp, self.vectors)
        tmp.replace(path)
        if not self.approximate:
            return None
        import faiss

        graph = path.with_suffix(".hnsw")
        tmp = temp_path(graph)
        faiss.write_index(self._index(), str(tmp))
        tmp.replace(graph)
        return graph

    @classmethod
    def load(cls, path: Path, embedder_name: str, dim: int, graph: Path | None = None,
             approximate_above: int = APPROXIMATE_ABOVE) -> VectorIndex:
        """Memory-map the vectors; read a saved graph when it holds exactly these rows."""
        index = cls(embedder_name, dim, approximate_above)
        index.set(np.load(path, mmap_mode="r"))
        if graph is not None and index.approximate and graph.exists():
            import faiss

            g = faiss.read_index(str(graph))
            if g.ntotal == len(index.vectors) and g.d == dim:
                index._faiss = g
        return index


def passages(text: str, max_words: int, heading: str = "") -> list[str]:
    """A long text cut into pieces of at most `max_words` words on its line breaks (a long line is cut where the
    count runs out), each led by `heading` so it keeps its context ("Luật ... - Điều 5")."""
    pieces: list[list[str]] = []
    current: list[str] = []
    for line in (ln.split() for ln in text.splitlines() if ln.strip()):
        while len(line) > max_words:
            if current:
                pieces.append(current)
                current = []
            pieces.append(line[:max_words])
            line = line[max_words:]
        if current and len(current) + len(line) > max_words:
            pieces.append(current)
            current = []
        current = current + line
    if current:
        pieces.append(current)
    lead = heading.strip() + " \n" if heading.strip() else ""
    return [lead + " ".join(p) for p in pieces]


class UnitVectors:
    """Dense search over retrieval units where a long unit is also embedded in pieces: a unit's score is the best
    of its whole vector and its pieces'. The embedder averages a long text's 512-token windows into one vector,
    which blurs an article that treats several matters; its best piece stays sharp (alqac2023: dense nDCG@10
    0.810 -> 0.871). Exact scoring: meant for evaluation datasets, not the archive's HNSW path."""

    def __init__(self, units: VectorIndex, pieces: np.ndarray, owners: np.ndarray):
        self.units, self.pieces, self.owners = units, np.asarray(pieces, np.float32), np.asarray(owners, np.int64)
        self.embedder_name, self.dim = units.embedder_name, units.dim

    @property
    def vectors(self) -> np.ndarray:
        return self.units.vectors

    def check(self, embedder_name: str) -> None:
        self.units.check(embedder_name)

    def search(self, query: np.ndarray, k: int, allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        n = len(self.units.vectors)
        if n == 0 or k <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        query = np.asarray(query, np.float32).reshape(-1)
        scores = np.asarray(self.units.vectors @ query, dtype=np.float32)
        if len(self.pieces):
            np.maximum.at(scores, self.owners, self.pieces @ query)
        candidates = np.arange(n) if allowed is None else np.flatnonzero(allowed)
        order = np.argsort(-scores[candidates], kind="stable")[:k]
        return candidates[order], scores[candidates[order]]
