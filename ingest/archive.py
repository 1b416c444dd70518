"""The archive: one SQLite file holding documents, their clauses and the files they came from.

It is the source of truth; every index is rebuilt from it. Each document is written in one
transaction, so an ingest killed at any moment leaves the archive as it was before that document.
"""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from ingest import config
from ingest.errors import DirectivesError
from ingest.model import Clause, Document

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY, source TEXT NOT NULL, number TEXT, doc_type TEXT, issuer TEXT, province TEXT,
    date TEXT, subject TEXT, signer TEXT, signer_title TEXT, recipients TEXT NOT NULL, text TEXT NOT NULL,
    added_at TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE TABLE IF NOT EXISTS clauses (
    id TEXT PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ord INTEGER NOT NULL, path TEXT NOT NULL, kind TEXT NOT NULL, headings TEXT NOT NULL, text TEXT NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, page INTEGER NOT NULL, notes TEXT NOT NULL,
    UNIQUE (doc_id, path)
);
CREATE INDEX IF NOT EXISTS clauses_doc ON clauses(doc_id, ord);
CREATE TABLE IF NOT EXISTS sources (
    path TEXT PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    file_hash TEXT NOT NULL
);
"""
_DOC_FIELDS = ("id", "source", "number", "doc_type", "issuer", "province", "date", "subject", "signer",
               "signer_title", "recipients", "text")


class NotFound(DirectivesError):
    pass


class Archive:
    def __init__(self, path: Path | None = None):
        self.path = Path(path) if path else config.archive_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA foreign_keys = ON")
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Archive":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- writing -------------------------------------------------------------------------------
    def source_hash(self, source: str) -> tuple[str, str] | None:
        """(doc_id, file_hash) recorded for a source path, if it was ingested before."""
        row = self.db.execute("SELECT doc_id, file_hash FROM sources WHERE path = ?", (source,)).fetchone()
        return (row["doc_id"], row["file_hash"]) if row else None

    def add(self, doc: Document, source: str, file_hash: str) -> str:
        """Store a parsed document; returns "added", "duplicate" or "replaced"."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            status = self._add(doc, source, file_hash)
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        return status

    def _add(self, doc: Document, source: str, file_hash: str) -> str:
        previous = self.db.execute("SELECT doc_id FROM sources WHERE path = ?", (source,)).fetchone()
        exists = self.db.execute("SELECT 1 FROM documents WHERE id = ?", (doc.id,)).fetchone()
        status = "duplicate" if exists else "added"
        if previous and previous["doc_id"] != doc.id:
            self.db.execute("DELETE FROM sources WHERE path = ?", (source,))
            others = self.db.execute("SELECT 1 FROM sources WHERE doc_id = ?", (previous["doc_id"],)).fetchone()
            if not others:
                self.db.execute("DELETE FROM documents WHERE id = ?", (previous["doc_id"],))
            status = "replaced" if not exists else status
        if not exists:
            row = doc.to_dict(with_clauses=False, with_text=True)
            row["recipients"] = json.dumps(doc.recipients, ensure_ascii=False)
            self.db.execute(f"INSERT INTO documents ({', '.join(_DOC_FIELDS)}) VALUES "
                            f"({', '.join('?' * len(_DOC_FIELDS))})", [row[f] for f in _DOC_FIELDS])
            self.db.executemany(
                'INSERT INTO clauses (id, doc_id, ord, path, kind, headings, text, start, "end", page, notes)'
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(c.id, c.doc_id, i, c.path, c.kind, json.dumps(c.headings, ensure_ascii=False), c.text,
                  c.start, c.end, c.page, json.dumps(c.notes, ensure_ascii=False))
                 for i, c in enumerate(doc.clauses)])
        self.db.execute("INSERT OR REPLACE INTO sources (path, doc_id, file_hash) VALUES (?, ?, ?)",
                        (source, doc.id, file_hash))
        return status

    def remove(self, ref: str) -> Document:
        doc = self.get(ref, with_clauses=False)
        self.db.execute("BEGIN IMMEDIATE")
        self.db.execute("DELETE FROM documents WHERE id = ?", (doc.id,))
        self.db.execute("COMMIT")
        return doc

    # -- reading -------------------------------------------------------------------------------
    def documents(self) -> list[Document]:
        rows = self.db.execute("SELECT * FROM documents ORDER BY date IS NULL, date, id").fetchall()
        return [self._doc(r) for r in rows]

    def clause_counts(self) -> dict[str, int]:
        return dict(self.db.execute("SELECT doc_id, count(*) FROM clauses GROUP BY doc_id").fetchall())

    def resolve(self, ref: str) -> str:
        """A document id from its id, an id prefix, its số ký hiệu or its source file name."""
        rows = self.db.execute(
            "SELECT DISTINCT d.id FROM documents d LEFT JOIN sources s ON s.doc_id = d.id "
            "WHERE d.id = ?1 OR d.id LIKE ?1 || '%' OR lower(d.number) = lower(?1) "
            "OR s.path = ?1 OR s.path LIKE '%/' || ?1", (ref,)).fetchall()
        if not rows:
            raise NotFound(f"no document matches {ref!r}; `directives docs` lists them")
        if len(rows) > 1:
            raise NotFound(f"{ref!r} matches {len(rows)} documents; give more of the id")
        return rows[0]["id"]

    def get(self, ref: str, with_clauses: bool = True) -> Document:
        doc_id = self.resolve(ref)
        doc = self._doc(self.db.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone())
        if with_clauses:
            doc.clauses = self.clauses(doc_id)
        return doc

    def clauses(self, doc_id: str | None = None) -> list[Clause]:
        sql = "SELECT * FROM clauses" + (" WHERE doc_id = ?" if doc_id else "") + " ORDER BY doc_id, ord"
        return [self._clause(r) for r in self.db.execute(sql, (doc_id,) if doc_id else ()).fetchall()]

    def stats(self) -> dict[str, int]:
        one = lambda sql: self.db.execute(sql).fetchone()[0]  # noqa: E731
        return {"documents": one("SELECT count(*) FROM documents"), "clauses": one("SELECT count(*) FROM clauses"),
                "sources": one("SELECT count(*) FROM sources")}

    def check(self) -> list[str]:
        """Consistency problems, if any: orphans, spans that do not match the text, integrity errors."""
        problems = [r[0] for r in self.db.execute("PRAGMA integrity_check") if r[0] != "ok"]
        problems += [f"orphan clause {r[0]}" for r in self.db.execute(
            "SELECT id FROM clauses WHERE doc_id NOT IN (SELECT id FROM documents)")]
        problems += [f"orphan source {r[0]}" for r in self.db.execute(
            "SELECT path FROM sources WHERE doc_id NOT IN (SELECT id FROM documents)")]
        problems += [f"document without clauses {r[0]}" for r in self.db.execute(
            "SELECT id FROM documents WHERE id NOT IN (SELECT doc_id FROM clauses)")]
        for r in self.db.execute('SELECT c.id, c.text, c.start, c."end", d.text AS doc FROM clauses c '
                                 "JOIN documents d ON d.id = c.doc_id"):
            if r["doc"][r["start"]:r["end"]] != r["text"]:
                problems.append(f"span mismatch {r['id']}")
        return problems

    @staticmethod
    def _doc(row: sqlite3.Row) -> Document:
        d = dict(row)
        d.pop("added_at", None)
        d["recipients"] = json.loads(d["recipients"])
        return Document(**d)

    @staticmethod
    def _clause(row: sqlite3.Row) -> Clause:
        d = dict(row)
        d.pop("ord")
        d["headings"] = json.loads(d["headings"])
        d["notes"] = json.loads(d["notes"])
        return Clause(**d)
