"""Every test gets its own data root, so no test touches a user's archive."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SEEDS = {  # the seed number the issues use -> bundled file
    "000": CORPUS / "kien-giang_582-UBND-NC_2022.txt",
    "001": CORPUS / "vinh-phuc_chi-thi-cai-cach-hanh-chinh_2022.txt",
    "002": CORPUS / "an-giang_1319-UBND-TH_2016.txt",
    "003": CORPUS / "kien-giang_bao-cao-cchc-quy-III_2020.txt",
    "004": CORPUS / "an-giang_1504-UBND-TH_2024.txt",
}


@pytest.fixture(autouse=True)
def directives_home(tmp_path_factory, monkeypatch) -> Path:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("DIRECTIVES_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def corpus_home(tmp_path_factory) -> Path:
    """A data root holding the bundled corpus, ingested once per session; tests must not change it."""
    from qa.cli import main

    home = tmp_path_factory.mktemp("corpus-home")
    mp = pytest.MonkeyPatch()
    mp.setenv("DIRECTIVES_HOME", str(home))
    assert main(["ingest", str(CORPUS), "--json"]) == 0
    mp.undo()
    return home


@pytest.fixture
def searcher(corpus_home, monkeypatch):
    """A Searcher over the bundled corpus (hybrid, e5-small), closed afterwards."""
    from index.search import Searcher

    monkeypatch.setenv("DIRECTIVES_HOME", str(corpus_home))
    s = Searcher()
    yield s
    s.archive.close()


@pytest.fixture(scope="session")
def parsed():
    """Each seed parsed from its text once per session: {"000": Document, ...}."""
    from ingest.extract import extract
    from ingest.parse import parse

    return {k: parse(extract(p).pages, str(p)) for k, p in SEEDS.items()}


@pytest.fixture
def answerer(searcher):
    """An Answerer over the bundled corpus."""
    from qa.answer import Answerer

    return Answerer(searcher)


def clause_of(doc: str, path: str, text: str, headings: list[str] | None = None):
    """A clause written in a test, its citations read as ingest reads them."""
    from ingest.citations import find_citations
    from ingest.model import Clause

    c = Clause(f"{doc}:{path}", doc, path, headings or [], text, 0, len(text), 1)
    c.citations = find_citations(text)
    return c


def hit_of(clause, number: str | None = None, score: float = 1.0):
    """The clause as the search would return it, from a decision numbered `number`."""
    from index.search import Hit

    return Hit(clause.doc_id, "x.txt", number, "quyết định", None, "2025-10-01", clause.id, clause.path,
               list(clause.headings), clause.text, score)


def older_reader(monkeypatch, drop_last: bool = True, cut_last: bool = False) -> None:
    """Ingest as a release whose parser was version 0 and, with `drop_last`, lost each document's last clause, or,
    with `cut_last`, read only its first four words: the archive a user upgrades from."""
    import ingest.archive
    import ingest.pipeline

    real = ingest.pipeline.parse

    def parse(pages, source):
        doc = real(pages, source)
        if drop_last:
            doc.clauses = doc.clauses[:-1]
        if cut_last:
            last = doc.clauses[-1]
            last.text = " ".join(last.text.split()[:4])
            last.end = last.start + len(last.text)
        return doc

    monkeypatch.setattr(ingest.pipeline, "parse", parse)
    monkeypatch.setattr(ingest.pipeline, "PARSE_VERSION", 0)
    monkeypatch.setattr(ingest.archive, "PARSE_VERSION", 0)
