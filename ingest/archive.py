"""The archive: one SQLite file holding documents, their clauses and the files they came from.

It is the source of truth; every index is rebuilt from it. Each document is written in one
transaction, so an ingest killed at any moment leaves the archive as it was before that document.
"""
from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

from ingest import config
from ingest.errors import DirectivesError
from ingest.model import AgencyRole, Citation, Clause, Deadline, Document
from ingest.parse import PARSE_VERSION

SCHEMA_VERSION = 20         # 2: clause annotations (citations, agencies, deadlines); 3: "đến hết" deadlines are dates;
#                             4: agency names end at more verbs, "xã hội" is no place, "Tập đoàn" heads a body;
#                             5: "Trách nhiệm của X" makes X lead what follows; 6: a city's own "Ủy ban nhân dân
#                             Thành phố"; 7: a name ends at "thuộc", courts and procuracies, posts as titles;
#                             8: yearly cut-offs ("đến ngày 30/6 hằng năm", "... của năm xét tặng");
#                             9: a body's fields listed with commas up to "và" ("Phòng Kinh tế, Hạ tầng và Đô thị");
#                             10: a law cited by its name and number ("Luật Tổ chức Tòa án nhân dân số 34/2024/QH15");
#                             11: "trước" before "đến" is no deadline's cue ("từ ngày 10/12 năm trước đến ngày 10/12");
#                             12: a list of Sở ends before "Công an tỉnh" (no "Sở Công an");
#                             13: "đăng ký" is a field, the state's formal name and "và của" end a body's name;
#                             14: courts' names from a closed set of levels; a lower-case "đ", "á" is no capital;
#                             15: spans of months ("từ tháng 3 đến tháng 10 năm 2026") and seasons ("... hằng năm");
#                             16: times counted from an event ("trong thời hạn 05 ngày làm việc kể từ ...");
#                             17: national technical regulations and standards cited ("QCVN 03:2019/BYT", "TCVN ...");
#                             18: a time counted from an event named at length ("kể từ ngày nhận được thông báo ...")
#                             19: a commune's "Trung tâm Phục vụ hành chính công cấp xã / xã X" is not the province's
#                             20: no province's body before another place ("Kho bạc Nhà nước khu vực XII"); a name
#                                 ends at "Việt Nam" ("Tập đoàn Điện lực Việt Nam", not "... Việt Nam sửa đổi")
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
CREATE TABLE IF NOT EXISTS citations (
    clause_id TEXT NOT NULL REFERENCES clauses(id) ON DELETE CASCADE, doc_id TEXT NOT NULL, ord INTEGER NOT NULL,
    cited_id TEXT NOT NULL, number TEXT, kind TEXT NOT NULL, raw TEXT NOT NULL, start INTEGER NOT NULL,
    "end" INTEGER NOT NULL, date TEXT, issuer TEXT
);
CREATE INDEX IF NOT EXISTS citations_cited ON citations(cited_id);
CREATE INDEX IF NOT EXISTS citations_number ON citations(number);
CREATE INDEX IF NOT EXISTS citations_clause ON citations(clause_id);
CREATE TABLE IF NOT EXISTS agencies (
    clause_id TEXT NOT NULL REFERENCES clauses(id) ON DELETE CASCADE, doc_id TEXT NOT NULL, ord INTEGER NOT NULL,
    agency TEXT NOT NULL, role TEXT NOT NULL, raw TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS agencies_agency ON agencies(agency, role);
CREATE INDEX IF NOT EXISTS agencies_clause ON agencies(clause_id);
CREATE TABLE IF NOT EXISTS deadlines (
    clause_id TEXT NOT NULL REFERENCES clauses(id) ON DELETE CASCADE, doc_id TEXT NOT NULL, ord INTEGER NOT NULL,
    kind TEXT NOT NULL, start TEXT NOT NULL, "end" TEXT, raw TEXT NOT NULL, span_start INTEGER NOT NULL,
    span_end INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS deadlines_clause ON deadlines(clause_id);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT OR IGNORE INTO meta VALUES ('generation', 0);
CREATE TABLE IF NOT EXISTS sources (
    path TEXT PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    file_hash TEXT NOT NULL, parse_version INTEGER NOT NULL DEFAULT 0
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
        try:
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.executescript(SCHEMA)
            self._add_parse_version()
            if self.db.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
                self._upgrade()
        except sqlite3.DatabaseError as e:       # a damaged or foreign file where the archive should be
            self.db.close()
            if "locked" in str(e):
                raise DirectivesError(f"{self.path}: the archive stayed busy (locked by another process); "
                                      "try again") from None
            raise DirectivesError(f"{self.path}: not a readable archive ({e}); move it away, or point "
                                  "DIRECTIVES_HOME at another folder") from None

    def _upgrade(self) -> None:
        """Annotate documents stored by an older version, from their stored clauses."""
        from ingest.annotate import annotate

        self.db.execute("BEGIN IMMEDIATE")
        try:
            for row in self.db.execute("SELECT id FROM documents").fetchall():
                doc = self.get(row["id"])
                self.db.execute("DELETE FROM citations WHERE doc_id = ?", (doc.id,))
                self.db.execute("DELETE FROM agencies WHERE doc_id = ?", (doc.id,))
                self.db.execute("DELETE FROM deadlines WHERE doc_id = ?", (doc.id,))
                self._write_annotations(annotate(doc))
            self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def _add_parse_version(self) -> None:
        """An archive made before sources recorded their reading gets the column, every file read by version 0, so
        the next ingest of its files reads them again."""
        if "parse_version" in {r[1] for r in self.db.execute("PRAGMA table_info(sources)")}:
            return
        try:
            self.db.execute("ALTER TABLE sources ADD COLUMN parse_version INTEGER NOT NULL DEFAULT 0")
        except sqlite3.OperationalError as e:       # another process opening the archive added it first
            if "duplicate column" not in str(e):
                raise

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Archive":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- writing -------------------------------------------------------------------------------
    def source_hash(self, source: str) -> tuple[str, str, int] | None:
        """(doc_id, file_hash, parse_version) recorded for a source path, if it was ingested before."""
        row = self.db.execute("SELECT doc_id, file_hash, parse_version FROM sources WHERE path = ?",
                              (source,)).fetchone()
        return (row["doc_id"], row["file_hash"], row["parse_version"]) if row else None

    def sources(self) -> list[tuple[str, str, str]]:
        """(path, doc_id, file_hash) of every file the archive holds a document from."""
        return [tuple(r) for r in self.db.execute("SELECT path, doc_id, file_hash FROM sources ORDER BY path")]

    def add(self, doc: Document, source: str, file_hash: str) -> str:
        """Store a parsed document; returns "added", "duplicate", "replaced" (the path held another document) or
        "reread" (the same document, stored as an older parser read it, now as this one does)."""
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
        kept: list[sqlite3.Row] = []
        if exists and self._read_before(doc.id) and self._reading(self.get(doc.id)) != self._reading(doc):
            # The same text, read differently now: the new reading replaces the old; the document's other files stay
            # its sources, each re-read in turn when it is ingested again.
            kept = self.db.execute("SELECT path, file_hash, parse_version FROM sources WHERE doc_id = ? AND path != ?",
                                   (doc.id, source)).fetchall()
            self.db.execute("DELETE FROM documents WHERE id = ?", (doc.id,))
            status = "reread"
        fresh = not exists or status == "reread"       # the document's rows are written now
        if previous and previous["doc_id"] != doc.id:
            self.db.execute("DELETE FROM sources WHERE path = ?", (source,))
            others = self.db.execute("SELECT 1 FROM sources WHERE doc_id = ?", (previous["doc_id"],)).fetchone()
            if not others:
                self.db.execute("DELETE FROM documents WHERE id = ?", (previous["doc_id"],))
                self._bump()
            status = "replaced" if not exists else status
        if fresh:
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
            self._write_annotations(doc)
            self.db.executemany("INSERT INTO sources (path, doc_id, file_hash, parse_version) VALUES (?, ?, ?, ?)",
                                [(r["path"], doc.id, r["file_hash"], r["parse_version"]) for r in kept])
        self.db.execute("INSERT OR REPLACE INTO sources (path, doc_id, file_hash, parse_version) VALUES (?, ?, ?, ?)",
                        (source, doc.id, file_hash, PARSE_VERSION))
        if fresh:
            self._bump()
        return status

    def read_by_older(self) -> int:
        """How many documents only an older parser has read: `directives ingest` of their files reads them anew."""
        return self.db.execute("SELECT count(*) FROM (SELECT doc_id FROM sources GROUP BY doc_id "
                               "HAVING max(parse_version) < ?)", (PARSE_VERSION,)).fetchone()[0]

    def _read_before(self, doc_id: str) -> bool:
        """Whether every file the document was stored from was read by an older parser than this one."""
        newest = self.db.execute("SELECT max(parse_version) FROM sources WHERE doc_id = ?", (doc_id,)).fetchone()[0]
        return newest is None or newest < PARSE_VERSION

    @staticmethod
    def _reading(doc: Document) -> dict:
        """What a parser makes of a document: its fields, text and clauses with their annotations (not the file's
        name, which the first source gave)."""
        reading = doc.to_dict(with_clauses=True, with_text=True)
        reading.pop("source")
        return reading

    def _bump(self) -> None:
        self.db.execute("UPDATE meta SET value = value + 1 WHERE key = 'generation'")

    @property
    def generation(self) -> int:
        """Grows with every change of documents, so an index can tell whether it is behind."""
        return self.db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()[0]

    def _write_annotations(self, doc: Document) -> None:
        self.db.executemany(
            'INSERT INTO citations (clause_id, doc_id, ord, cited_id, number, kind, raw, start, "end", date, issuer)'
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(c.id, doc.id, i, x.id, x.number, x.kind, x.raw, x.start, x.end, x.date, x.issuer)
             for c in doc.clauses for i, x in enumerate(c.citations)])
        self.db.executemany(
            'INSERT INTO agencies (clause_id, doc_id, ord, agency, role, raw, start, "end") VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
            [(c.id, doc.id, i, x.agency, x.role, x.raw, x.start, x.end)
             for c in doc.clauses for i, x in enumerate(c.agencies)])
        self.db.executemany(
            'INSERT INTO deadlines (clause_id, doc_id, ord, kind, start, "end", raw, span_start, span_end)'
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(c.id, doc.id, i, x.kind, x.start, x.end, x.raw, x.span_start, x.span_end)
             for c in doc.clauses for i, x in enumerate(c.deadlines)])

    def remove(self, ref: str) -> Document:
        doc = self.get(ref, with_clauses=False)
        self.db.execute("BEGIN IMMEDIATE")
        self.db.execute("DELETE FROM documents WHERE id = ?", (doc.id,))
        self._bump()
        self.db.execute("COMMIT")
        return doc

    # -- reading -------------------------------------------------------------------------------
    def documents(self) -> list[Document]:
        rows = self.db.execute("SELECT * FROM documents ORDER BY date IS NULL, date, id").fetchall()
        return [self._doc(r) for r in rows]

    def clause_counts(self) -> dict[str, int]:
        return dict(self.db.execute("SELECT doc_id, count(*) FROM clauses GROUP BY doc_id").fetchall())

    def numbered(self, numbers) -> dict[str, str]:
        """The documents whose số ký hiệu is one of `numbers` (canonical, lower case, as index.text.codes gives them):
        id -> that number. Compared here, not in SQL: SQLite's lower() leaves "Đ" upper case."""
        wanted = set(numbers)
        if not wanted:
            return {}
        return {r[0]: r[1].lower() for r in self.db.execute("SELECT id, number FROM documents WHERE number IS NOT NULL")
                if r[1].lower() in wanted}

    def resolve(self, ref: str) -> str:
        """A document id from its id, an id prefix, its số ký hiệu (or just its number) or its source file name."""
        rows = [r[0] for r in self.db.execute(
            "SELECT DISTINCT d.id FROM documents d LEFT JOIN sources s ON s.doc_id = d.id "
            "WHERE d.id = ?1 OR d.id LIKE ?1 || '%' OR d.number LIKE ?1 || '/%' "
            "OR s.path = ?1 OR s.path LIKE '%/' || ?1", (ref,))]
        rows += [d for d in self.numbered(self._spellings(ref)) if d not in rows]
        if not rows:
            raise NotFound(f"no document matches {ref!r}; `directives docs` lists them")
        if len(rows) > 1:
            raise NotFound(f"{ref!r} matches {len(rows)} documents; give more of the id")
        return rows[0]

    @staticmethod
    def _spellings(ref: str) -> set[str]:
        """A typed số ký hiệu as written and in its one canonical spelling, lower case: "966/da-ubnd" finds
        "966/ĐA-UBND" (SQLite's lower() would have left the "Đ" upper case, and nothing folds it)."""
        from ingest.citations import canonical_number

        ref = ref.strip()
        found = {ref.lower()}
        if re.match(r"\d+[a-zA-Z]?[/-]\S", ref):
            found.add(canonical_number(ref).lower())
        return found

    def get(self, ref: str, with_clauses: bool = True) -> Document:
        doc_id = self.resolve(ref)
        doc = self._doc(self.db.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone())
        if with_clauses:
            doc.clauses = self.clauses(doc_id)
        return doc

    def clauses(self, doc_id: str | None = None) -> list[Clause]:
        where, args = (" WHERE doc_id = ?", (doc_id,)) if doc_id else ("", ())
        clauses = [self._clause(r) for r in
                   self.db.execute(f"SELECT * FROM clauses{where} ORDER BY doc_id, ord", args).fetchall()]
        by_id = {c.id: c for c in clauses}
        for r in self.db.execute(f"SELECT * FROM citations{where} ORDER BY clause_id, ord", args):
            by_id[r["clause_id"]].citations.append(Citation(
                id=r["cited_id"], number=r["number"], kind=r["kind"], raw=r["raw"], start=r["start"],
                end=r["end"], date=r["date"], issuer=r["issuer"]))
        for r in self.db.execute(f"SELECT * FROM agencies{where} ORDER BY clause_id, ord", args):
            by_id[r["clause_id"]].agencies.append(AgencyRole(
                agency=r["agency"], role=r["role"], raw=r["raw"], start=r["start"], end=r["end"]))
        for r in self.db.execute(f"SELECT * FROM deadlines{where} ORDER BY clause_id, ord", args):
            by_id[r["clause_id"]].deadlines.append(Deadline(
                kind=r["kind"], start=r["start"], end=r["end"], raw=r["raw"], span_start=r["span_start"],
                span_end=r["span_end"]))
        return clauses

    def cited_laws(self, name: str) -> list[str]:
        """The laws cited by name ("Luật Ban hành văn bản quy phạm pháp luật năm 2015") that `name` names, with or
        without its year, in any case and with or without marks."""
        from ingest.vietnamese import fold

        key = fold(" ".join(name.split()))
        return [r[0] for r in self.db.execute("SELECT DISTINCT cited_id FROM citations WHERE number IS NULL "
                                              "ORDER BY cited_id")
                if fold(r[0]) == key or fold(r[0]).startswith(key + " nam ")]

    def citing(self, number: str, province: str | None = None) -> list[tuple[Document, Clause, Citation]]:
        """Every clause that cites a document: by canonical number (any province) or by exact id."""
        from ingest.citations import citation_id
        from ingest.vietnamese import fold

        if province:
            rows = self.db.execute("SELECT * FROM citations WHERE cited_id = ?", (citation_id(number, province),))
        elif "/" in number:
            rows = self.db.execute("SELECT * FROM citations WHERE number = ?", (number,))
        else:   # a law by name: match without case or diacritics
            key = fold(number)
            rows = [r for r in self.db.execute("SELECT * FROM citations WHERE number IS NULL") if fold(r["cited_id"]) == key]
        out: list[tuple[Document, Clause, Citation]] = []
        docs: dict[str, Document] = {}
        clause_cache: dict[str, dict[str, Clause]] = {}
        seen: set[str] = set()
        for r in rows:
            if r["clause_id"] in seen:
                continue
            seen.add(r["clause_id"])
            if r["doc_id"] not in docs:
                docs[r["doc_id"]] = self.get(r["doc_id"], with_clauses=False)
                clause_cache[r["doc_id"]] = {c.id: c for c in self.clauses(r["doc_id"])}
            clause = clause_cache[r["doc_id"]][r["clause_id"]]
            cited = next(x for x in clause.citations if x.id == r["cited_id"])
            out.append((docs[r["doc_id"]], clause, cited))
        out.sort(key=lambda t: (t[0].date or "9999", t[0].id, t[1].start))
        return out

    def most_cited(self, limit: int = 20) -> list[tuple[str, int, int]]:
        """(cited id, citing documents, mentions), most cited first."""
        return [tuple(r) for r in self.db.execute(
            "SELECT cited_id, count(DISTINCT doc_id) AS docs, count(*) AS mentions FROM citations "
            "GROUP BY cited_id ORDER BY docs DESC, mentions DESC, cited_id LIMIT ?", (limit,))]

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
