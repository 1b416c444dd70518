"""The seeds as PDF, scanned PDF, TCVN3/VNI bytes and DOCX ingest to the same clauses as their text."""
from __future__ import annotations

import difflib

import pytest
from conftest import SEEDS
from render import text_to_docx, text_to_image_pdf, text_to_pdf

from ingest.extract import extract, tesseract_available
from ingest.legacy import encode_tcvn3, encode_vni
from ingest.parse import parse

HEADER = ("number", "doc_type", "issuer", "province", "date", "subject", "signer", "signer_title", "recipients")


def _parse_file(path):
    return parse(extract(path).pages, str(path))


# Legacy fonts have no typographic quotes or dashes; their documents use the ASCII ones.
ASCII_PUNCT = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-"})


def _shape(doc, fold_case: bool = False):
    f = (lambda s: s.casefold().translate(ASCII_PUNCT)) if fold_case else (lambda s: s)
    # A title wrapped in the text file's header column is one paragraph there and two lines of a PDF or DOCX:
    # the same words, so whitespace is compared as spaces.
    return [(c.path, c.kind, [f(h) for h in c.headings], " ".join(f(c.text).split()), [f(n) for n in c.notes])
            for c in doc.clauses]


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_pdf_gives_the_same_clauses(parsed, seed, tmp_path):
    doc = _parse_file(text_to_pdf(SEEDS[seed].read_text(encoding="utf-8"), tmp_path / f"{seed}.pdf"))
    assert _shape(doc) == _shape(parsed[seed])
    assert [getattr(doc, f) for f in HEADER] == [getattr(parsed[seed], f) for f in HEADER]
    assert doc.id == parsed[seed].id       # so the PDF of an archived text is a duplicate


def test_pdf_pages_are_kept(parsed, tmp_path):
    doc = _parse_file(text_to_pdf(SEEDS["003"].read_text(encoding="utf-8"), tmp_path / "003.pdf"))
    pages = [c.page for c in doc.clauses]
    assert pages == sorted(pages) and pages[0] == 1 and pages[-1] >= 4
    assert {c.path: c.page for c in parsed["003"].clauses}["III.3"] == 1      # a text file is one page


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_docx_gives_the_same_clauses(parsed, seed, tmp_path):
    doc = _parse_file(text_to_docx(SEEDS[seed].read_text(encoding="utf-8"), tmp_path / f"{seed}.docx"))
    assert _shape(doc) == _shape(parsed[seed])
    assert doc.id == parsed[seed].id


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_tcvn3_bytes_give_the_same_clauses(parsed, seed, tmp_path):
    """TCVN3 has no capital toned vowels, so case is compared folded; everything else exactly."""
    f = tmp_path / f"{seed}.txt"
    f.write_bytes(encode_tcvn3(SEEDS[seed].read_text(encoding="utf-8")))
    doc = _parse_file(f)
    assert _shape(doc, fold_case=True) == _shape(parsed[seed], fold_case=True)
    assert (doc.number, doc.date, doc.province) == (parsed[seed].number, parsed[seed].date, parsed[seed].province)
    assert doc.id == parsed[seed].id


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_vni_bytes_give_the_same_clauses(parsed, seed, tmp_path):
    f = tmp_path / f"{seed}.txt"
    f.write_bytes(encode_vni(SEEDS[seed].read_text(encoding="utf-8")))
    doc = _parse_file(f)
    assert _shape(doc, fold_case=True) == _shape(parsed[seed], fold_case=True)
    assert [c.text for c in doc.clauses] == [c.text.translate(ASCII_PUNCT) for c in parsed[seed].clauses]


@pytest.mark.slow
@pytest.mark.skipif(not tesseract_available(), reason="Tesseract with the vie model is not installed")
@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_scanned_pdf_gives_the_same_paths(parsed, seed, tmp_path):
    scan = text_to_image_pdf(SEEDS[seed].read_text(encoding="utf-8"), tmp_path / f"{seed}-scan.pdf")
    extracted = extract(scan)
    assert extracted.ocr_pages == len(extracted.pages)
    doc = parse(extracted.pages, str(scan))
    assert [c.path for c in doc.clauses] == [c.path for c in parsed[seed].clauses]
    expected = "\n".join(c.text for c in parsed[seed].clauses)
    got = "\n".join(c.text for c in doc.clauses)
    accuracy = difflib.SequenceMatcher(None, expected, got, autojunk=False).ratio()
    print(f"{seed}: OCR character accuracy {accuracy:.4f}")
    assert accuracy >= 0.97
