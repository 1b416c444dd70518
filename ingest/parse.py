"""From extracted pages to a Document with its clauses: normalise, read the header, segment."""
from __future__ import annotations

import hashlib
import re

from ingest.errors import IngestError
from ingest.header import read_header
from ingest.model import Document
from ingest.normalize import normalize
from ingest.segment import segment
from ingest.vietnamese import fold

# Which reading of files the archive holds: bump it with a change to extract, layout, normalize, header or segment
# that reads some document differently. A stored document read by an older version is read again when its file is
# ingested again (ingest/archive.py), so a fix reaches archives ingested before it, not only new files.
# 1: signatures, recipient lists that lost their label, last articles and bold role lines as portals render them.
PARSE_VERSION = 1


def content_id(text: str) -> str:
    """A document id stable across formats: the hash of its letters and digits, folded and lower-cased.

    The same directive as text, PDF, DOCX or legacy-font bytes gives the same id, whatever its
    whitespace, punctuation or letter case.
    """
    key = re.sub(r"[\W_]+", "", fold(text))
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def parse(pages: list[str], source: str) -> Document:
    norm = normalize(pages)
    text = norm.text
    if not text.strip():
        raise IngestError("no text: the file is empty")
    doc_id = content_id(text)
    h = read_header(norm.paragraphs)
    clauses = segment(doc_id, norm, h)
    if not clauses:
        raise IngestError("no body: the text has a header but no paragraphs to index")
    return Document(id=doc_id, source=source, number=h.number, doc_type=h.doc_type, issuer=h.issuer,
                    province=h.province, date=h.date, subject=h.subject, signer=h.signer,
                    signer_title=h.signer_title, recipients=h.recipients, text=text, clauses=clauses)
