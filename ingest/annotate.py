"""Annotate every clause of a document: what it cites, which agencies it names and in what role, its deadlines."""
from __future__ import annotations

from dataclasses import replace

from ingest.agencies import find_agencies
from ingest.citations import fill_short_mentions, find_citations
from ingest.deadlines import find_deadlines
from ingest.model import Document


def annotate(doc: Document) -> Document:
    """Fill each clause's citations, agencies and deadlines in place; returns the document."""
    for c in doc.clauses:
        c.citations = find_citations(c.text, doc.province)
        # A footnote's citations belong to the clause that refers to it; they have no span in its text.
        for note in c.notes:
            c.citations += [replace(x, start=-1, end=-1) for x in find_citations(note, doc.province)]
        c.agencies = find_agencies(c.text, c.headings)
        c.deadlines = find_deadlines(c.text, doc.date)
    fill_short_mentions([x for c in doc.clauses for x in c.citations])
    return doc
