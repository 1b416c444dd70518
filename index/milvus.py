"""The clauses in a Milvus collection: schema, connection and keeping it in step with the archive.

The SQLite archive stays the source of truth; the collection is an index of it, like the embedded files under
$DIRECTIVES_HOME/index. One collection per archive holds, per clause: its id, both token fields of the embedded
index (pyvi words, folded syllables) with a Milvus BM25 function on each, the dense vector (HNSW) and the filter
fields. `MilvusIndex.sync` pushes only what differs (upsert, delete), so adding one document never rebuilds the
collection; a sync cut short (a crash between the archive's commit and the push, or during the push) is found
and finished by the next one, because the generation it pushed is recorded only once Milvus has flushed.

Our tokens are the project's own (pyvi words "thông_tin", codes "107/2021/nđ-cp"). They are written to Milvus
with every non-word character as "_", so a whitespace analyzer (a Milvus server) and milvus-lite's `standard`
analyzer (\\w+, lower case) both see exactly our tokens, one each.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import re
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from index.dense import VectorCache, slug, temp_path
from index.lexical import DEFAULT_B, DEFAULT_K1
from index.store import LEXICAL_VERSION, ClauseTable, index_text
from index.text import Restorer, tokenise
from ingest.archive import Archive
from ingest.errors import DirectivesError
from ingest.provinces import CURRENT_PROVINCE
from ingest.vietnamese import fold

URI_ENV = "DIRECTIVES_MILVUS_URI"
ANALYZER_ENV = "DIRECTIVES_MILVUS_ANALYZER"      # "whitespace", "standard", or unset: whitespace where the server has it
TOKEN_ENV = "DIRECTIVES_MILVUS_TOKEN"            # "user:password" or an API key, for a server with authentication
COLLECTION_ENV = "DIRECTIVES_MILVUS_COLLECTION"  # a collection name of your own, else one derived from the archive's path
SCHEMA_VERSION = 1
HNSW_M, HNSW_EF_CONSTRUCTION, HNSW_EF_SEARCH = 32, 80, 512     # as the embedded FAISS graph (index/dense.py)
MAX_TEXT_BYTES = 65_535         # Milvus' VARCHAR limit, in bytes
MAX_ARRAY = 1024                # cited codes / agency entries kept per clause
BATCH = 500                     # rows per upsert


def milvus_uri(backend: str | None = None) -> str | None:
    """The Milvus server to use, from `--backend` or $DIRECTIVES_MILVUS_URI; None for the embedded default.
    "milvus://host:port" becomes "http://host:port", the form pymilvus connects to."""
    value = backend if backend is not None else os.environ.get(URI_ENV, "")
    value = value.strip()
    if not value or value == "embedded":
        return None
    m = re.fullmatch(r"(milvus|http|https|tcp)://([^/:\s]+)(?::(\d+))?/?", value)
    if not m:
        raise DirectivesError(f"backend {value!r}: write embedded or milvus://HOST:PORT (e.g. milvus://127.0.0.1:19530)")
    scheme = "https" if m.group(1) == "https" else "http"
    return f"{scheme}://{m.group(2)}:{m.group(3) or 19530}"


def connect(uri: str):
    """A client for the server at `uri`, or a one-line error that says how to fix it."""
    try:
        from pymilvus import MilvusClient
    except ImportError:
        raise DirectivesError("the Milvus backend needs pymilvus: pip install -e '.[milvus]'") from None
    # pymilvus logs failed calls and reconnects (with tracebacks) on its own handler; every failure reaches our
    # callers as an exception, which they turn into one line (server_errors), so its log says nothing more
    logging.getLogger("pymilvus").setLevel(logging.CRITICAL)
    try:
        try:
            return MilvusClient(uri=uri, token=os.environ.get(TOKEN_ENV, ""), timeout=10)
        except Exception as e:  # noqa: BLE001 - a channel the server dropped reconnects on a second try
            if not _unreachable(e):
                raise
            time.sleep(0.5)
            return MilvusClient(uri=uri, token=os.environ.get(TOKEN_ENV, ""), timeout=10)
    except Exception as e:  # noqa: BLE001 - pymilvus raises several kinds for an unreachable server
        message = (getattr(e, "message", None) or str(e)).splitlines()[0][:160]
        raise DirectivesError(f"cannot reach Milvus at {uri} ({message}); start the server or "
                              f"unset {URI_ENV} for the embedded index") from None


def _unreachable(e: Exception) -> bool:
    message = (getattr(e, "message", None) or str(e)).lower()
    return type(e).__module__.split(".")[0] in ("pymilvus", "grpc") and ("connect" in message or "unavailable" in message)


def once_more(uri: str, call):
    """`call()`, again after half a second if the server could not be reached: pymilvus keeps one channel per
    address in a process, and after the server drops it (a restart; milvus-lite's "too_many_pings" GOAWAY to an
    idle client) the first call fails while the channel reconnects. Only for idempotent calls (search, sync)."""
    with server_errors(uri):
        try:
            return call()
        except Exception as e:  # noqa: BLE001
            if not _unreachable(e):
                raise
            time.sleep(0.5)
            return call()


@contextmanager
def server_errors(uri: str):
    """The server's own errors (refused, gone, rejected) as one line that names it, never a traceback."""
    try:
        yield
    except DirectivesError:
        raise
    except Exception as e:  # noqa: BLE001 - pymilvus and grpc raise many kinds
        kind = type(e).__module__.split(".")[0]
        if kind not in ("pymilvus", "grpc", "milvus_lite"):
            raise
        message = (getattr(e, "message", None) or str(e)).splitlines()[0][:200]
        if _unreachable(e):
            raise DirectivesError(f"cannot reach Milvus at {uri} ({message}); start the server or unset {URI_ENV} "
                                  "for the embedded index") from None
        raise DirectivesError(f"Milvus at {uri}: {message}") from None


def token_text(tokens: list[str]) -> str:
    """Tokens as one string a whitespace or \\w+ analyzer splits back into exactly these tokens."""
    out = " ".join(re.sub(r"\W", "_", t) for t in tokens if t)
    if len(out.encode()) > MAX_TEXT_BYTES:            # a clause of some 8,000 words: keep what fits
        out = out.encode()[:MAX_TEXT_BYTES].decode(errors="ignore").rsplit(" ", 1)[0]
    return out


def _key(text: str | None) -> str:
    """Metadata as the embedded filters compare it: folded, lower case."""
    return fold(text or "")


@dataclass
class Row:
    """One clause as the collection stores it (without its vector)."""

    id: str
    doc_id: str
    text: str                      # index_text: headings and text, what is tokenised and embedded
    province: str = ""
    year: int = -1
    doc_type: str = ""
    issuer: str = ""
    cites: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)

    def fingerprint(self, embedder: str) -> str:
        """Changes whenever anything the collection holds for this clause would change."""
        blob = json.dumps([LEXICAL_VERSION, SCHEMA_VERSION, embedder, self.doc_id, self.text, self.province, self.year,
                           self.doc_type, self.issuer, self.cites, self.agencies], ensure_ascii=False)
        return hashlib.sha1(blob.encode()).hexdigest()[:20]


def archive_rows(archive: Archive, ids: list[str]) -> dict[str, Row]:
    """Every clause with the fields the collection filters on, in one pass over the archive."""
    rows: dict[str, Row] = {}
    for r in archive.db.execute(
            "SELECT c.id, c.doc_id, c.headings, c.text, d.province, d.date, d.doc_type, d.issuer FROM clauses c "
            "JOIN documents d ON d.id = c.doc_id"):
        rows[r[0]] = Row(r[0], r[1], index_text(json.loads(r[2]), r[3]), r[4] or "",
                         int(r[5][:4]) if r[5] else -1, _key(r[6]), _key(r[7]))
    for clause_id, cited_id, number in archive.db.execute("SELECT clause_id, cited_id, number FROM citations"):
        row = rows.get(clause_id)
        if row is not None:
            row.cites += [f"id:{cited_id}"] + ([f"n:{number}"] if number else [f"law:{fold(cited_id)}"])
    for clause_id, agency, role in archive.db.execute("SELECT clause_id, agency, role FROM agencies"):
        row = rows.get(clause_id)
        if row is not None:
            row.agencies += [f"a:{agency}", f"r:{role}:{agency}"]
    for row in rows.values():
        row.cites = sorted(set(row.cites))[:MAX_ARRAY]
        row.agencies = sorted(set(row.agencies))[:MAX_ARRAY]
    return {cid: rows[cid] for cid in ids}


def _both_forms(params: dict) -> dict:
    """Index parameters flat (how pymilvus 3 sends them, and Milvus servers read them) and under "params" (the
    only place milvus-lite reads them: flat alone, it silently built BM25 with k1 1.5, b 0.75)."""
    return {**params, "params": dict(params)}


class Collection:
    """One Milvus collection of clauses (or of an evaluation dataset's units)."""

    def __init__(self, client, name: str, dim: int | None, k1: float = DEFAULT_K1, b: float = DEFAULT_B):
        self.client, self.name, self.dim, self.k1, self.b = client, name, dim, k1, b

    def analyzer(self) -> dict:
        choice = os.environ.get(ANALYZER_ENV, "").strip() or "auto"
        if choice not in ("auto", "whitespace", "standard"):
            raise DirectivesError(f"{ANALYZER_ENV}={choice!r}: use whitespace or standard")
        if choice == "standard":
            return {"tokenizer": "standard"}
        return {"tokenizer": "whitespace", "filter": ["lowercase"]} if choice == "whitespace" else {}

    def ensure(self) -> bool:
        """Create the collection when missing; True when it was created."""
        if self.client.has_collection(self.name):
            self.client.load_collection(self.name)
            return False
        params = self.analyzer()
        if params:
            self._create(params)
        else:   # auto: whitespace as on a Milvus server; milvus-lite has only `standard`, which sees the same tokens
            try:
                self._create({"tokenizer": "whitespace", "filter": ["lowercase"]})
            except Exception as e:  # noqa: BLE001
                if "tokenizer" not in str(e):
                    raise
                self._create({"tokenizer": "standard"})
        self.client.load_collection(self.name)
        return True

    def _create(self, analyzer: dict) -> None:
        from pymilvus import DataType, Function, FunctionType

        s = self.client.create_schema(auto_id=False, description=json.dumps({"analyzer": analyzer}))
        s.add_field("id", DataType.VARCHAR, is_primary=True, max_length=256)
        s.add_field("doc_id", DataType.VARCHAR, max_length=256)
        s.add_field("fp", DataType.VARCHAR, max_length=64)
        for name in ("words", "folded"):
            s.add_field(name, DataType.VARCHAR, max_length=MAX_TEXT_BYTES, enable_analyzer=True,
                        analyzer_params=analyzer)
            s.add_field(f"{name}_bm25", DataType.SPARSE_FLOAT_VECTOR)
            s.add_function(Function(name=f"{name}_bm25_fn", function_type=FunctionType.BM25,
                                    input_field_names=[name], output_field_names=[f"{name}_bm25"]))
        if self.dim:
            s.add_field("dense", DataType.FLOAT_VECTOR, dim=self.dim)
        for name in ("province", "current_province", "doc_type"):
            s.add_field(name, DataType.VARCHAR, max_length=512)
        s.add_field("issuer", DataType.VARCHAR, max_length=2048)
        s.add_field("year", DataType.INT32)
        for name in ("cites", "agencies"):
            s.add_field(name, DataType.ARRAY, element_type=DataType.VARCHAR, max_capacity=MAX_ARRAY, max_length=512)
        ip = self.client.prepare_index_params()
        for name in ("words_bm25", "folded_bm25"):
            ip.add_index(name, index_type="SPARSE_INVERTED_INDEX", metric_type="BM25",
                         params=_both_forms({"bm25_k1": self.k1, "bm25_b": self.b}))
        if self.dim:
            ip.add_index("dense", index_type="HNSW", metric_type="COSINE",
                         params=_both_forms({"M": HNSW_M, "efConstruction": HNSW_EF_CONSTRUCTION}))
        self.client.create_collection(self.name, schema=s, index_params=ip)

    def fingerprints(self) -> dict[str, str]:
        """Every stored id with its fingerprint."""
        out: dict[str, str] = {}
        it = self.client.query_iterator(self.name, batch_size=5000, filter='id != ""', output_fields=["fp"])
        try:
            while batch := it.next():
                out.update((r["id"], r["fp"]) for r in batch)
        finally:
            it.close()
        return out

    def count(self) -> int:
        return int(self.client.get_collection_stats(self.name).get("row_count", 0))

    def upsert(self, rows: list[dict]) -> None:
        for i in range(0, len(rows), BATCH):
            self.client.upsert(self.name, rows[i:i + BATCH])

    def delete(self, ids: list[str]) -> None:
        for i in range(0, len(ids), BATCH):
            self.client.delete(self.name, ids=ids[i:i + BATCH])

    def flush(self) -> None:
        self.client.flush(self.name)


class Marker:
    """Which archive generation the collection last finished taking, kept beside the archive's own indexes."""

    def __init__(self, folder: Path, collection: str):
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / f"milvus-{slug(collection)}.json"
        self.restorer_path = folder / f"milvus-{slug(collection)}-restorer.pkl"

    def read(self) -> dict:
        try:
            return json.loads(self.path.read_text())
        except (OSError, ValueError):
            return {}

    def write(self, state: dict) -> None:
        tmp = temp_path(self.path)
        tmp.write_text(json.dumps(state))
        tmp.replace(self.path)

    @property
    def pushed_path(self) -> Path:
        return self.path.with_suffix(".pushed.pkl")

    def pushed(self) -> dict[str, str]:
        """The fingerprints of the last push that finished, so the next one diffs here instead of reading every
        row back from the server (at 100k clauses milvus-lite took most of two minutes to list them)."""
        try:
            state = pickle.loads(self.pushed_path.read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, ValueError):
            return {}
        return state if isinstance(state, dict) else {}

    def write_pushed(self, fingerprints: dict[str, str]) -> None:
        tmp = temp_path(self.pushed_path)
        tmp.write_bytes(pickle.dumps(fingerprints, protocol=pickle.HIGHEST_PROTOCOL))
        tmp.replace(self.pushed_path)


def collection_name(archive: Archive, embedder) -> str:
    """One collection per archive (and embedder): a name from the archive file's absolute path."""
    own = os.environ.get(COLLECTION_ENV, "").strip()
    if own:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,200}", own):
            raise DirectivesError(f"{COLLECTION_ENV}={own!r}: letters, digits and _ only, not starting with a digit")
        return own
    key = hashlib.sha1(f"{archive.path.resolve()}\x00{embedder.name if embedder else ''}".encode()).hexdigest()[:12]
    return f"directives_{key}"


class MilvusIndex:
    """What a Searcher reads (table, restorer, embedder, vectors), with the clauses themselves in Milvus."""

    def __init__(self, archive: Archive, embedder, uri: str, name: str | None = None, encode=None):
        """`encode`: texts -> vectors instead of the embedder's (the benchmarks pass synthetic vectors)."""
        self.archive, self.embedder, self.uri = archive, embedder, milvus_uri(uri) or uri
        self.client = connect(self.uri)
        self.collection = Collection(self.client, name or collection_name(archive, embedder),
                                     embedder.dim if embedder else None)
        self.marker = Marker(archive.path.parent / "index", self.collection.name)
        self.table = ClauseTable()
        self.position: dict[str, int] = {}
        self.restorer = Restorer()
        self.vectors = self if embedder is not None else None     # "has a dense side", as the embedded index says
        self.pieces: str | None = None       # an evaluation dataset's collection of long units' pieces
        self._encode = encode

    def check(self, embedder_name: str) -> None:
        if self.embedder is not None and embedder_name != self.embedder.name:
            raise DirectivesError(f"the Milvus collection holds {self.embedder.name!r} vectors, not {embedder_name!r}")

    def sync(self, full: bool = False) -> dict[str, int]:
        """Bring the collection up to the archive: upsert new and changed clauses, delete removed ones. Cheap when
        nothing moved (the recorded generation and row count agree); `full` compares every row whatever the
        record says. Returns how many rows were added (or changed) and removed."""
        return once_more(self.uri, lambda: self._sync(full))

    def _sync(self, full: bool) -> dict[str, int]:
        generation = self.archive.generation
        self.table = ClauseTable.load(self.archive)
        ids = self.table.ids
        self.position = {cid: i for i, cid in enumerate(ids)}
        created = self.collection.ensure()
        state = self.marker.read()
        report = {"added": 0, "removed": 0}
        current = (not full and not created and state.get("generation") == generation and state.get("count") == len(ids)
                   and state.get("collection") == self.collection.name and self.collection.count() == len(ids))
        if not current:
            rows = archive_rows(self.archive, ids)
            stored: dict[str, str] = {}
            if not created:
                # what the last finished push recorded, when the server still holds as many rows; else (a full
                # reindex, a collection changed by someone else) every row read back from the server
                stored = {} if full else self.marker.pushed()
                if not stored or len(stored) != self.collection.count():
                    stored = self.collection.fingerprints()
            report = self._push(rows, stored)
            name = self.embedder.name if self.embedder else ""
            self.marker.write_pushed({cid: r.fingerprint(name) for cid, r in rows.items()})
            self.marker.write({"generation": generation, "count": len(ids), "collection": self.collection.name,
                               "uri": self.uri})
        self._load_restorer(generation, ids)
        return report

    def _push(self, rows: dict[str, Row], stored: dict[str, str]) -> dict[str, int]:
        name = self.embedder.name if self.embedder else ""
        gone = [cid for cid in stored if cid not in rows]
        todo = [r for cid, r in rows.items() if stored.get(cid) != r.fingerprint(name)]
        self.collection.delete(gone)
        for i in range(0, len(todo), 5000):          # tokenise and embed in slices, so memory stays flat
            part = todo[i:i + 5000]
            self.collection.upsert(self._records(part))
        self.collection.flush()
        return {"added": len(todo), "removed": len(gone)}

    def _records(self, rows: list[Row]) -> list[dict]:
        texts = [r.text for r in rows]
        tokens = tokenise(texts)
        vectors = self._vectors(texts) if self.embedder is not None else None
        name = self.embedder.name if self.embedder else ""
        out = []
        for i, (r, (words, folded)) in enumerate(zip(rows, tokens)):
            rec = {"id": r.id, "doc_id": r.doc_id, "fp": r.fingerprint(name), "words": token_text(words),
                   "folded": token_text(folded), "province": r.province,
                   "current_province": CURRENT_PROVINCE.get(r.province, r.province), "doc_type": r.doc_type,
                   "issuer": r.issuer, "year": r.year, "cites": r.cites, "agencies": r.agencies}
            if vectors is not None:
                rec["dense"] = vectors[i].tolist()
            out.append(rec)
        return out

    def _vectors(self, texts: list[str]) -> np.ndarray:
        """Vectors through the embedded index's content cache, so a clause is embedded once for both backends."""
        if self._encode is not None:
            return np.asarray(self._encode(texts), dtype=np.float32)
        from ingest import config

        cache = VectorCache(config.home() / "index" / f"vectors-{slug(self.embedder.name)}.sqlite3",
                            self.embedder.name, self.embedder.dim)
        try:
            return cache.encode(texts, self.embedder.encode_passages)
        finally:
            cache.close()

    def _load_restorer(self, generation: int, ids: list[str]) -> None:
        """The vocabulary that puts marks back on a query typed without them, from the archive's clause texts in
        the embedded index's order; kept beside the marker so a serving process does not rebuild it."""
        try:
            state = pickle.loads(self.marker.restorer_path.read_bytes())
            if state.get("generation") == generation and state.get("version") == LEXICAL_VERSION:
                self.restorer = state["restorer"]
                return
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, KeyError):
            pass
        texts = dict(self.archive.db.execute("SELECT id, text FROM clauses"))
        self.restorer = Restorer()
        for cid in ids:
            self.restorer.add(texts[cid])
        tmp = temp_path(self.marker.restorer_path)
        tmp.write_bytes(pickle.dumps({"generation": generation, "version": LEXICAL_VERSION,
                                      "restorer": self.restorer}, protocol=pickle.HIGHEST_PROTOCOL))
        tmp.replace(self.marker.restorer_path)
