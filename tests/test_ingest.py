"""Ingest through the CLI into a real SQLite archive: statuses, duplicates, replacement, removal, bad input."""
from __future__ import annotations

import json
import shutil

import pytest
from conftest import CORPUS, SEEDS, older_reader

from ingest.archive import Archive
from ingest.parse import PARSE_VERSION
from qa.cli import main

DOC_FIELDS = ["id", "source", "number", "doc_type", "issuer", "province", "date", "subject", "signer",
              "signer_title", "recipients", "clauses"]
CLAUSE_FIELDS = ["id", "doc_id", "path", "headings", "text", "start", "end", "page", "kind", "notes", "citations",
                 "agencies", "deadlines"]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_ingest_corpus_then_docs_and_show(capsys):
    code, out, _ = run(capsys, "ingest", str(CORPUS))
    assert code == 0
    assert out.splitlines()[-1] == "5 added, 0 replaced, 0 duplicate, 0 error; archive: 5 documents, 153 clauses"
    assert out.splitlines()[0].startswith("[1/5] ")
    code, out, _ = run(capsys, "docs", "--json")
    docs = json.loads(out)
    assert [list(d) for d in docs] == [DOC_FIELDS] * 5
    assert [(d["number"], d["date"], d["clauses"]) for d in docs] == [
        ("1319/UBND-TH", "2016-09-14", 19), (None, "2020-09-14", 58), ("582/UBND-NC", "2022-04-21", 24),
        ("1504/UBND-TH", "2024-10-25", 19), (None, None, 33)]
    code, out, _ = run(capsys, "show", "582/UBND-NC", "--clause", "8.a", "--json")
    c = json.loads(out)
    assert list(c) == CLAUSE_FIELDS
    assert (c["path"], c["headings"], c["page"]) == ("8.a", ["8. Sở Nội vụ"], 1)
    code, out, _ = run(capsys, "show", "582/UBND-NC", "--json")
    d = json.loads(out)
    assert list(d) == DOC_FIELDS and len(d["clauses"]) == 24 and d["signer"] == "Nguyễn Thanh Nhàn"
    code, out, _ = run(capsys, "show", "582/UBND-NC", "--clause", "8.a")
    assert out == ("[8.a] (task, trang 1)\n  ↳ 8. Sở Nội vụ\n  a) Tham mưu Chủ tịch Ủy ban nhân dân tỉnh thành "
                   "lập Ban Chỉ đạo Cải cách hành chính của tỉnh và Tổ giúp việc cho Ban Chỉ đạo. Sở Nội vụ sẽ là "
                   "cơ quan thường trực của Ban Chỉ đạo.\n"
                   "  cơ quan: Sở Nội vụ (chủ trì)\n  cơ quan: Sở Nội vụ (tham mưu)\n"
                   "  cơ quan: Chủ tịch Ủy ban nhân dân tỉnh (được nêu)\n"
                   "  cơ quan: Ban Chỉ đạo Cải cách hành chính tỉnh (được nêu)\n")
    code, out, _ = run(capsys, "show", "1504", "--clause", "2.p1")
    assert out.splitlines()[-2:] == ["  cơ quan: Sở Thông tin và Truyền thông (chủ trì)",
                                     "  thời hạn: Hoàn thành trước ngày 15/12/2024 → 2024-12-15"]
    code, out, _ = run(capsys, "show", "kien-giang_bao-cao-cchc-quy-III_2020.txt", "--clause", "III.4.-2")
    assert "  dẫn chiếu: 108/2014/NĐ-CP ngày 2014-11-20" in out.splitlines()


def test_twice_and_copies_are_duplicates(capsys, tmp_path):
    assert run(capsys, "ingest", str(CORPUS))[0] == 0
    code, out, _ = run(capsys, "ingest", str(CORPUS))
    assert code == 0 and out.splitlines()[-1].startswith("0 added, 0 replaced, 5 duplicate, 0 error")
    copy = tmp_path / "ban-sao.md"
    shutil.copy(SEEDS["000"], copy)
    code, out, _ = run(capsys, "ingest", str(copy))
    assert code == 0 and ": duplicate (" in out
    with Archive() as a:
        assert a.stats() == {"documents": 5, "clauses": 153, "sources": 6}


def test_changed_file_replaces_its_old_version(capsys, tmp_path):
    f = tmp_path / "cv.txt"
    f.write_text(SEEDS["004"].read_text(encoding="utf-8"), encoding="utf-8")
    run(capsys, "ingest", str(f))
    with Archive() as a:
        old_id = a.documents()[0].id
    f.write_text(SEEDS["004"].read_text(encoding="utf-8").replace("15/12/2024", "20/12/2024"), encoding="utf-8")
    code, out, _ = run(capsys, "ingest", str(f))
    assert code == 0 and ": replaced (" in out
    with Archive() as a:
        docs = a.documents()
        assert len(docs) == 1 and docs[0].id != old_id
        assert "20/12/2024" in a.get(docs[0].id).text
        assert a.check() == []


def test_a_file_read_by_an_older_parser_is_read_again(capsys, tmp_path):
    f = tmp_path / "cv.txt"
    shutil.copy(SEEDS["004"], f)
    copy = tmp_path / "ban-sao.txt"
    shutil.copy(SEEDS["004"], copy)
    with pytest.MonkeyPatch.context() as mp:
        older_reader(mp)
        assert run(capsys, "ingest", str(f), str(copy))[0] == 0
    with Archive() as a:
        (doc,) = a.documents()
        old_clauses, generation = len(a.clauses(doc.id)), a.generation
    code, _, err = run(capsys, "docs")
    assert code == 0 and "1 documents were read by an older parser" in err
    code, out, _ = run(capsys, "ingest", str(f))
    assert code == 0 and ": reread (" in out
    assert out.splitlines()[-1].startswith("0 added, 0 replaced, 1 reread, 0 duplicate, 0 error")
    assert "older parser" not in run(capsys, "docs")[2]
    with Archive() as a:
        assert [d.id for d in a.documents()] == [doc.id]          # the same document, read anew
        assert len(a.clauses(doc.id)) == old_clauses + 1
        assert a.generation > generation                          # so every index rebuilds from the new reading
        assert a.check() == []
        assert a.source_hash(str(f.resolve()))[2] == PARSE_VERSION
        assert a.source_hash(str(copy.resolve()))[2] == 0         # the copy keeps its own record until read again
        assert a.stats()["sources"] == 2
    code, out, _ = run(capsys, "ingest", str(f), str(copy))
    assert code == 0 and out.splitlines()[-1].startswith("0 added, 0 replaced, 2 duplicate, 0 error")
    with Archive() as a:
        assert a.source_hash(str(copy.resolve()))[2] == PARSE_VERSION


def test_a_reading_that_did_not_change_stays_as_it_is(capsys, tmp_path):
    f = tmp_path / "cv.txt"
    shutil.copy(SEEDS["004"], f)
    with pytest.MonkeyPatch.context() as mp:
        older_reader(mp, drop_last=False)
        run(capsys, "ingest", str(f))
    with Archive() as a:
        generation = a.generation
    code, out, _ = run(capsys, "ingest", str(f))
    assert code == 0 and ": duplicate (" in out
    with Archive() as a:
        assert a.generation == generation                         # no index rebuilds for nothing
        assert a.source_hash(str(f.resolve()))[2] == PARSE_VERSION


def test_an_archive_from_before_parse_versions_reads_its_files_again(capsys, tmp_path):
    f = tmp_path / "cv.txt"
    shutil.copy(SEEDS["004"], f)
    with pytest.MonkeyPatch.context() as mp:
        older_reader(mp)
        run(capsys, "ingest", str(f))
    with Archive() as a:
        a.db.execute("ALTER TABLE sources DROP COLUMN parse_version")      # as sessions before it made archives
    with Archive() as a:
        assert a.source_hash(str(f.resolve()))[2] == 0
    code, out, _ = run(capsys, "ingest", str(f))
    assert code == 0 and ": reread (" in out


def test_the_index_reads_a_clause_read_again_under_the_same_id(capsys, tmp_path):
    """A clause keeps its id (document and path) when its document is read again, so the index must not keep the
    tokens it cached for the old words."""
    from index.store import SearchIndex
    from index.text import tokenise
    from ingest.extract import extract
    from ingest.parse import parse

    f = tmp_path / "cv.txt"
    shutil.copy(SEEDS["004"], f)
    last = parse(extract(f).pages, str(f)).clauses[-1]
    words = tokenise([last.text])[0][0]
    assert len(last.text.split()) > 4
    with pytest.MonkeyPatch.context() as mp:
        older_reader(mp, drop_last=False, cut_last=True)
        run(capsys, "ingest", str(f))

    def score_of_last() -> float:
        with Archive() as a:
            index = SearchIndex(a, None, home=tmp_path / "index")
            index.sync()
            return float(index.words.scores(words)[index.table.ids.index(last.id)])

    before = score_of_last()
    assert ": reread (" in run(capsys, "ingest", str(f))[1]
    assert score_of_last() > before


def test_remove(capsys):
    run(capsys, "ingest", str(CORPUS))
    code, out, _ = run(capsys, "remove", "1504/UBND-TH")
    assert code == 0 and out.startswith("removed ")
    with Archive() as a:
        assert a.stats() == {"documents": 4, "clauses": 134, "sources": 4}
        assert a.check() == []
    code, _, err = run(capsys, "show", "1504/UBND-TH")
    assert code == 1 and err == "error: no document matches '1504/UBND-TH'; `directives docs` lists them\n"


def test_bad_inputs_are_reported_and_the_rest_goes_in(capsys, tmp_path, monkeypatch):
    import pymupdf
    from render import text_to_image_pdf

    bad = tmp_path / "in"
    bad.mkdir()
    shutil.copy(SEEDS["000"], bad / "good.txt")
    (bad / "corrupt.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    (bad / "empty.txt").write_bytes(b"")
    (bad / "blank.md").write_text("  \n\n \t\n", encoding="utf-8")
    (bad / "garbage.txt").write_bytes(bytes(range(256)) * 16)
    (bad / "big.txt").write_text("Đoạn văn bản. " * 100_000, encoding="utf-8")
    text_to_image_pdf("1. Nội dung quét.\n2. Nội dung quét thứ hai.", bad / "scan.pdf", dpi=72)
    monkeypatch.setattr("ingest.extract.tesseract_available", lambda: False)
    code, out, err = run(capsys, "ingest", str(bad), "--max-size-mb", "1")
    assert code == 1
    errors = sorted(err.splitlines())
    assert [e.split(": ")[0] + ": " + e.split(": ")[1].rsplit("/", 1)[-1] for e in errors] == [
        f"error: {n}" for n in ("big.txt", "blank.md", "corrupt.pdf", "empty.txt", "garbage.txt", "scan.pdf")]
    reasons = {e.split(": ")[1].rsplit("/", 1)[-1]: e.split(": ", 2)[2] for e in errors}
    assert reasons["empty.txt"] == "empty file"
    assert reasons["blank.md"] == "no text: the file is empty"
    assert reasons["big.txt"].startswith("file is 1.9 MB, over the 1 MB limit")
    assert "PDF" in reasons["corrupt.pdf"]
    assert "cannot decode" in reasons["garbage.txt"]
    assert "Tesseract" in reasons["scan.pdf"] and "page 1" in reasons["scan.pdf"]
    assert out.splitlines()[-1] == "1 added, 0 replaced, 0 duplicate, 6 error; archive: 1 documents, 24 clauses"
    assert pymupdf  # the renderer is real pymupdf


def test_missing_path_and_unsupported_file(capsys, tmp_path):
    (tmp_path / "note.xlsx").write_bytes(b"PK")
    code, _, err = run(capsys, "ingest", str(tmp_path / "nope"), str(tmp_path / "note.xlsx"))
    assert code == 1
    assert err.splitlines()[0].endswith("nope: no such file or folder")
    assert "unsupported file type .xlsx" in err.splitlines()[1]


def test_show_finds_a_number_typed_in_any_case_or_without_marks(capsys, tmp_path):
    """SQLite's lower() leaves "Đ" upper case: "966/đa-ubnd" and the unmarked "966/DA-UBND" must still find it."""
    f = tmp_path / "de-an.txt"
    f.write_text(SEEDS["004"].read_text(encoding="utf-8").replace("Số: 1504/UBND-TH", "Số: 966/ĐA-UBND"),
                 encoding="utf-8")
    run(capsys, "ingest", str(f))
    with Archive() as a:
        (doc,) = a.documents()
        assert doc.number == "966/ĐA-UBND"
        for typed in ("966/ĐA-UBND", "966/đa-ubnd", "966/DA-UBND", "966/da-ubnd", " 966/ĐA-UBND ", "966"):
            assert a.resolve(typed) == doc.id
    code, out, _ = run(capsys, "show", "966/da-ubnd")
    assert code == 0 and "966/ĐA-UBND" in out
    code, _, err = run(capsys, "show", "967/DA-UBND")
    assert code != 0 and "no document matches '967/DA-UBND'" in err
