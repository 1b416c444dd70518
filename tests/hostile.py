"""Hostile and pathological inputs, made on the fly (no binary fixtures): the files of issue 20 and the texts
that once made an ingest step quadratic. Used by the tests and by bench/robustness.py, which times them."""
from __future__ import annotations

import os
import zipfile
from pathlib import Path

from conftest import SEEDS

CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                 '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 '<Default Extension="xml" ContentType="application/xml"/>'
                 '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                 'wordprocessingml.document.main+xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="word/document.xml"/></Relationships>')
BODY_OPEN = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.'
             'openxmlformats.org/wordprocessingml/2006/main"><w:body>')
BODY_CLOSE = "</w:body></w:document>"


def _docx(path: Path, paragraph: bytes, count: int) -> Path:
    """A minimal DOCX whose body repeats `paragraph` `count` times, streamed into the zip (deflate)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(BODY_OPEN.encode())
            block = paragraph * 10_000
            for _ in range(count // 10_000):
                f.write(block)
            f.write(paragraph * (count % 10_000))
            f.write(BODY_CLOSE.encode())
    return path


def docx_xml_bomb(path: Path, megabytes: int = 1024) -> Path:
    """~1 MB on disk, `megabytes` of XML unpacked: one paragraph holding a run of a repeated letter per 1 KiB."""
    run = b"<w:p><w:r><w:t>" + b"a" * 1000 + b"</w:t></w:r></w:p>"
    return _docx(path, run, megabytes * 1024 * 1024 // len(run))


def docx_paragraphs(path: Path, count: int = 2_000_000) -> Path:
    """`count` one-letter paragraphs (2 M: a 235 KB file, issue 20)."""
    return _docx(path, b"<w:p><w:r><w:t>a</w:t></w:r></w:p>", count)


def docx_text(path: Path, paragraphs: list[str]) -> Path:
    from xml.sax.saxutils import escape

    body = "".join(f"<w:p><w:r><w:t>{escape(p)}</w:t></w:r></w:p>" for p in paragraphs)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/document.xml", BODY_OPEN + body + BODY_CLOSE)
    return path


def pdf_image_pages(path: Path, pages: int = 2_000) -> Path:
    """Pages that hold only a tiny image: no text layer, so each would go to OCR (547 KB at 2,000 pages)."""
    import pymupdf

    pix = pymupdf.Pixmap(pymupdf.csGRAY, pymupdf.IRect(0, 0, 4, 4), False)
    pix.clear_with(0)
    png = pix.tobytes("png")
    doc = pymupdf.open()
    for _ in range(pages):
        page = doc.new_page(width=200, height=200)
        page.insert_image(pymupdf.Rect(10, 10, 30, 30), stream=png)
    doc.save(path, garbage=3, deflate=True)
    doc.close()
    return path


def pdf_text_pages(path: Path, pages: int, lines: list[str]) -> Path:
    """`pages` pages, each with `lines` written as text (a text layer, nothing to OCR)."""
    import pymupdf

    doc = pymupdf.open()
    font = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    for n in range(pages):
        page = doc.new_page()
        page.insert_font(fontname="dv", fontfile=font)
        for i, line in enumerate(lines):
            page.insert_text((60, 80 + 16 * i), line.format(n=n + 1), fontname="dv", fontsize=11)
    doc.save(path, garbage=3, deflate=True)
    doc.close()
    return path


def seed_text() -> str:
    """A normal directive (582/UBND-NC): the yardstick of the linear-time checks."""
    return SEEDS["000"].read_text(encoding="utf-8")


def bullets(count: int = 10_000) -> str:
    """A directive followed by `count` bullet lines (60 KB per 10,000 short ones; segmentation was quadratic)."""
    return seed_text() + "\n" + "\n".join(f"- Nhiệm vụ {i}." for i in range(count)) + "\n"


def deep_nesting(count: int = 5_000, depth: int = 40) -> str:
    """Items numbered ever deeper, "1.", "1.1.", ... down `depth` levels and up again."""
    lines = [".".join(["1"] * (i % depth + 1)) + ". Nội dung mục con." for i in range(count)]
    return seed_text() + "\n" + "\n".join(lines) + "\n"


def link_runs(count: int = 20_000) -> str:
    """Markdown-link openings that never close, and a run of "[" (one regex scanned to the line's end from each)."""
    return seed_text() + "\n\n" + "[a](http://x" * count + "\n\n" + "[" * count * 5 + "\n\n" + \
        "[" + "a" * count * 5 + "](\n"


def invalid_utf8_name(folder: Path) -> Path:
    """A copy of a seed under a name that is not UTF-8 (Latin-1 bytes, as from another system)."""
    name = os.fsdecode(b"c\xf4ng-v\xe3n-\xff.txt")
    path = folder / name
    path.write_bytes(SEEDS["002"].read_bytes())
    return path


# -- the CLI's bad inputs ------------------------------------------------------------------------------------
# Each case: the command (paths under {d}, the folder `write_inputs` fills), extra environment, the exit code
# and a piece of the output it must print. "{home}" runs on an archive of the bundled corpus, else on an empty
# data root. Nothing may print a traceback or "internal error".
QUERY = "một cửa liên thông"
LABELLED = {"id": "m1", "query": "Sở nào tham mưu cải thiện môi trường kinh doanh?", "type": "agency",
            "answer": "Sở Kế hoạch và Đầu tư",
            "relevant": [{"doc": "vinh-phuc_chi-thi-cai-cach-hanh-chinh_2022.txt",
                          "text": "Sở Kế hoạch và Đầu tư: Tham mưu kịp thời", "grade": 2}]}


def write_inputs(d: Path) -> None:
    """The files the CLI cases read."""
    import json

    def jsonl(name: str, *rows) -> None:
        (d / name).write_text("\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)
                                        for r in rows) + "\n", encoding="utf-8")

    jsonl("number.jsonl", {"id": 1, "query": 5}, {"id": 2, "query": QUERY})
    jsonl("null.jsonl", {"id": 1, "query": None}, {"id": 2, "query": QUERY})
    jsonl("list.jsonl", {"id": 1, "query": ["a", "b"]}, {"id": 2, "query": QUERY})
    jsonl("object.jsonl", {"id": 1, "query": {"text": "a"}})
    jsonl("noquery.jsonl", {"id": 1, "q": QUERY})
    jsonl("noid.jsonl", {"query": QUERY})
    jsonl("empty-query.jsonl", {"id": 1, "query": "  "})
    jsonl("array-line.jsonl", '["id", "query"]')
    jsonl("not-json.jsonl", "{id: 1, query: 'x'}")
    jsonl("good.jsonl", {"id": "a", "query": QUERY}, {"id": "b", "query": "cải cách hành chính"})
    (d / "bom.jsonl").write_bytes(b"\xef\xbb\xbf" + json.dumps({"id": "a", "query": QUERY}).encode() + b"\n")
    (d / "latin1.jsonl").write_bytes('{"id": "a", "query": "résumé café"}\n'.encode("latin-1"))
    (d / "utf16.jsonl").write_bytes('{"id": "a", "query": "x"}\n'.encode("utf-16-le"))
    (d / "empty.jsonl").write_bytes(b"")
    jsonl("labelled.jsonl", LABELLED)
    (d / "labelled-bom.jsonl").write_bytes(b"\xef\xbb\xbf" + json.dumps(LABELLED, ensure_ascii=False).encode())
    jsonl("labelled-number.jsonl", {**LABELLED, "query": 7})
    jsonl("labelled-type.jsonl", {**LABELLED, "type": "colour"})
    (d / "labelled-latin1.jsonl").write_bytes(json.dumps(LABELLED, ensure_ascii=False).encode("utf-8")
                                              .replace("Sở".encode(), "S\xf6".encode("latin-1")))
    (d / "folder").mkdir()
    mixed = d / "mixed"
    mixed.mkdir()
    (mixed / "good.txt").write_bytes(SEEDS["000"].read_bytes())
    invalid_utf8_name(mixed)
    (mixed / "latin1.txt").write_bytes("Café résumé naïve façade. ".encode("latin-1") * 40)
    (mixed / "bom.txt").write_bytes(b"\xef\xbb\xbf" + SEEDS["004"].read_bytes())
    (mixed / "empty.txt").write_bytes(b"")
    (mixed / "garbage.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    (mixed / "zip.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (d / "fifo.txt").parent.mkdir(exist_ok=True)
    os.mkfifo(d / "fifo.txt")
    (d / "note.xlsx").write_bytes(b"PK")
    (d / "small.txt").write_bytes(SEEDS["001"].read_bytes())
    (d / "bad-home").mkdir()
    (d / "bad-home" / "archive.sqlite3").write_bytes(b"this is not an SQLite database\n" * 100)
    (d / "long-query.txt").write_text(("mot cua lien thong " * 6000)[:100_000], encoding="utf-8")   # 100 KB


NO_ANSWER = "Không tìm thấy câu trả lời trong kho văn bản."
NOT_UTF8 = "not UTF-8 text"
# (name, argv, env, exit code, expected output piece, needs the corpus archive)
CLI_CASES = [
    ("search --queries: query is a number", ["search", "--mode", "bm25", "--queries", "{d}/number.jsonl"], {}, 1,
     'number.jsonl:1: "query" must be text (a JSON string), got a number', True),
    ("search --queries: query is null", ["search", "--mode", "bm25", "--queries", "{d}/null.jsonl"], {}, 1,
     'null.jsonl:1: "query" must be text (a JSON string), got null', True),
    ("search --queries: query is a list", ["search", "--mode", "bm25", "--queries", "{d}/list.jsonl"], {}, 1,
     'list.jsonl:1: "query" must be text (a JSON string), got a list', True),
    ("search --queries: query is an object", ["search", "--mode", "bm25", "--queries", "{d}/object.jsonl"], {}, 1,
     '"query" must be text (a JSON string), got an object', True),
    ("search --queries: no query field", ["search", "--mode", "bm25", "--queries", "{d}/noquery.jsonl"], {}, 1,
     'noquery.jsonl:1: missing "query"', True),
    ("search --queries: no id field", ["search", "--mode", "bm25", "--queries", "{d}/noid.jsonl"], {}, 1,
     'noid.jsonl:1: missing "id"', True),
    ("search --queries: blank query", ["search", "--mode", "bm25", "--queries", "{d}/empty-query.jsonl"], {}, 1,
     '"query" is empty', True),
    ("search --queries: a JSON list line", ["search", "--mode", "bm25", "--queries", "{d}/array-line.jsonl"], {}, 1,
     "array-line.jsonl:1: expected a JSON object {...}, got a list", True),
    ("search --queries: not JSON", ["search", "--mode", "bm25", "--queries", "{d}/not-json.jsonl"], {}, 1,
     "not-json.jsonl:1: not JSON", True),
    ("search --queries: Latin-1 file", ["search", "--mode", "bm25", "--queries", "{d}/latin1.jsonl"], {}, 2,
     "latin1.jsonl:1: not UTF-8 text (byte 0xE9", True),
    ("search --queries: UTF-16 file", ["search", "--mode", "bm25", "--queries", "{d}/utf16.jsonl"], {}, 2,
     "utf16.jsonl:1: not UTF-8 text (it holds NUL bytes: UTF-16?)", True),
    ("search --queries: missing file", ["search", "--queries", "{d}/missing.jsonl"], {}, 2,
     "missing.jsonl: no such file", True),
    ("search --queries: a folder", ["search", "--queries", "{d}/folder"], {}, 2, "folder: is a folder", True),
    ("search --queries: UTF-8 BOM", ["search", "--mode", "bm25", "-k", "1", "--queries", "{d}/bom.jsonl"], {}, 0,
     '{"id": "a", "hits": [', True),
    ("search --queries: empty file", ["search", "--mode", "bm25", "--queries", "{d}/empty.jsonl"], {}, 0, "", True),
    ("search --queries: good lines", ["search", "--mode", "bm25", "-k", "1", "--queries", "{d}/good.jsonl"], {}, 0,
     '{"id": "b", "hits": [', True),
    ("eval --queries: query is a number", ["eval", "--no-dense", "--queries", "{d}/labelled-number.jsonl"], {}, 2,
     'labelled-number.jsonl:1: "query" must be text (a JSON string), got a number', True),
    ("eval --queries: unknown type", ["eval", "--no-dense", "--corpus", "--queries", "{d}/labelled-type.jsonl"], {},
     2, "labelled-type.jsonl:1: query m1 has unknown type 'colour'", True),
    ("eval --queries: Latin-1 file", ["eval", "--no-dense", "--queries", "{d}/labelled-latin1.jsonl"], {}, 2,
     NOT_UTF8, True),
    ("eval --queries: missing file", ["eval", "--no-dense", "--queries", "{d}/missing.jsonl"], {}, 2,
     "missing.jsonl: no such file", True),
    ("eval --queries: a folder", ["eval", "--no-dense", "--queries", "{d}/folder"], {}, 2, "is a folder", True),
    ("eval --queries: UTF-8 BOM", ["eval", "--no-dense", "--corpus", "--split", "all", "--queries",
                                   "{d}/labelled-bom.jsonl"], {}, 0, "labelled-bom", True),
    ("eval --dataset: missing folder", ["eval", "--dataset", "{d}/nowhere"], {}, 2, "nowhere: no such folder", True),
    ("ingest: folder with a non-UTF-8 name, the rest go in", ["ingest", "{d}/mixed"], {}, 1,
     "c\\xf4ng-v\\xe3n-\\xff.txt: added", False),
    ("ingest: Latin-1 text file", ["ingest", "{d}/mixed/latin1.txt"], {}, 1, "cannot decode", False),
    ("ingest: UTF-8 BOM text file", ["ingest", "{d}/mixed/bom.txt"], {}, 0, "1 added", False),
    ("ingest: empty file", ["ingest", "{d}/mixed/empty.txt"], {}, 1, "empty file", False),
    ("ingest: damaged PDF", ["ingest", "{d}/mixed/garbage.pdf"], {}, 1, "not a readable PDF", False),
    ("ingest: DOCX that is no zip", ["ingest", "{d}/mixed/zip.docx"], {}, 1, "not a readable DOCX", False),
    ("ingest: missing file", ["ingest", "{d}/missing.txt"], {}, 1, "missing.txt: no such file or folder", False),
    ("ingest: a FIFO", ["ingest", "{d}/fifo.txt"], {}, 1, "fifo.txt: not a regular file or folder", False),
    ("ingest: unsupported type", ["ingest", "{d}/note.xlsx"], {}, 1, "unsupported file type .xlsx", False),
    ("ingest: --max-size-mb honoured", ["ingest", "--max-size-mb", "0.001", "{d}/small.txt"], {}, 1,
     "over the 1 KB limit", False),
    ("ingest: --max-size-mb 0", ["ingest", "--max-size-mb", "0", "{d}/small.txt"], {}, 2, "must be above 0", False),
    ("ingest: --max-size-mb abc", ["ingest", "--max-size-mb", "abc", "{d}/small.txt"], {}, 2,
     "is not a number of megabytes", False),
    ("DIRECTIVES_MAX_FILE_MB=abc", ["ingest", "{d}/small.txt"], {"DIRECTIVES_MAX_FILE_MB": "abc"}, 2,
     "DIRECTIVES_MAX_FILE_MB='abc': expected a number of megabytes above 0", False),
    ("DIRECTIVES_MAX_FILE_MB=-1", ["docs"], {"DIRECTIVES_MAX_FILE_MB": "-1"}, 2, "DIRECTIVES_MAX_FILE_MB='-1'",
     False),
    ("DIRECTIVES_MAX_FILE_MB=0.001 honoured", ["ingest", "{d}/small.txt"], {"DIRECTIVES_MAX_FILE_MB": "0.001"}, 1,
     "over the 1 KB limit", False),
    ("DIRECTIVES_MAX_QUERY_CHARS=1.5", ["search", "x"], {"DIRECTIVES_MAX_QUERY_CHARS": "1.5"}, 2,
     "expected a whole number of characters", False),
    ("DIRECTIVES_QUERY_SECONDS=nan", ["search", "x"], {"DIRECTIVES_QUERY_SECONDS": "nan"}, 2,
     "DIRECTIVES_QUERY_SECONDS='nan'", False),
    ("search -k -5", ["search", "-k", "-5", "cải cách"], {}, 2, "argument -k: '-5': must be above 0", True),
    ("search -k 0", ["search", "-k", "0", "cải cách"], {}, 2, "must be above 0", True),
    ("search -k abc", ["search", "-k", "abc", "cải cách"], {}, 2, "'abc' is not a whole number", True),
    ("search --mode nonsense", ["search", "--mode", "sql", "x"], {}, 2, "invalid choice", True),
    ("search --year 20xx", ["search", "--mode", "bm25", "--year", "20xx", "x"], {}, 2, "year range '20xx'", True),
    ("search with no query", ["search"], {}, 2, "give a query, or --queries FILE.jsonl", True),
    ("search with a query and --queries", ["search", "x", "--queries", "{d}/good.jsonl"], {}, 2, "not both", True),
    ("search 100 KB query: cut, with a notice", ["search", "--mode", "bm25", "-k", "1", "@{d}/long-query.txt"], {}, 0,
     "over the 2,000-character limit (DIRECTIVES_MAX_QUERY_CHARS); only its first 1,998 were searched", True),
    ("search SQL-ish text", ["search", "--mode", "bm25", "'; DROP TABLE clauses; --"], {}, 0, "", True),
    ("search on an empty archive", ["search", "--mode", "bm25", "cải cách"], {}, 0, "No matching clause", False),
    ("ask SQL-ish", ["ask", "' OR 1=1; DROP TABLE documents; --"], {}, 0, NO_ANSWER, True),
    ("ask SELECT", ["ask", "SELECT * FROM clauses WHERE 1=1"], {}, 0, NO_ANSWER, True),
    ("ask stop words only", ["ask", "và của là những các"], {}, 0, NO_ANSWER, True),
    ("ask English function words", ["ask", "the of and"], {}, 0, NO_ANSWER, True),
    ("ask an item number", ["ask", "II."], {}, 0, NO_ANSWER, True),
    ("ask punctuation", ["ask", "???"], {}, 0, NO_ANSWER, True),
    ("ask a bare number", ["ask", "1"], {}, 0, NO_ANSWER, True),
    ("ask markup", ["ask", "<script>alert(1)</script>"], {}, 0, NO_ANSWER, True),
    ("ask an empty question", ["ask", "  "], {}, 2, "give a question", True),
    ("ask 100 KB: cut, with a notice", ["ask", "@{d}/long-query.txt"], {}, 0, "over the 2,000-character limit (DIRECTIVES_MAX_QUERY_CHARS); only its first 1,998 were searched",
     True),
    ("ask over a 1 ms budget", ["ask", "Ai chủ trì chuyển đổi số?"], {"DIRECTIVES_QUERY_SECONDS": "0.001"}, 1,
     "ran past its 0.001 s budget", True),
    ("ask a normal question", ["ask", "Ai chủ trì thanh tra, kiểm tra các nhiệm vụ quản lý nhà nước đã phân cấp?"],
     {}, 0, "Trả lời (agency): Thanh tra tỉnh", True),
    ("show an unknown document", ["show", "no-such-doc"], {}, 1, "no document matches 'no-such-doc'", True),
    ("remove an unknown document", ["remove", "no-such-doc"], {}, 1, "no document matches 'no-such-doc'", False),
    ("cites --limit -1", ["cites", "--top", "--limit", "-1"], {}, 2, "must be above 0", True),
    ("compare -k 0", ["compare", "cải cách", "-k", "0"], {}, 2, "must be above 0", True),
    ("unknown command", ["frobnicate"], {}, 2, "invalid choice", False),
    ("archive file damaged", ["docs"], {"DIRECTIVES_HOME": "{d}/bad-home"}, 1,
     "archive.sqlite3: not a readable archive (file is not a database)", False),
    ("compare a 100 KB topic: cut, with a notice", ["compare", "@{d}/long-query.txt"], {}, 0,
     "over the 2,000-character limit", True),
    ("ask with a missing embedder", ["ask", "cải cách", "--embedder", "st:/no/such/model"], {}, 1,
     "available locally", True),
]


# The CLI with its own peak memory (VmHWM) on stderr at exit: wait4's ru_maxrss would carry the parent's pages
# over fork + exec (937 MB under pytest).
PEAK = """
import atexit, os, sys
def report():
    with open("/proc/self/status") as f:
        kb = next(line.split()[1] for line in f if line.startswith("VmHWM:"))
    os.write(2, f"\\npeak-rss-kb {kb}\\n".encode())
atexit.register(report)
sys.argv[0] = "directives"
from qa.cli import main
sys.exit(main())
"""


def peak_mb(output: str) -> float:
    """The peak memory PEAK printed, in MB; the line is taken out of `output` by `without_peak`."""
    line = next(x for x in reversed(output.splitlines()) if x.startswith("peak-rss-kb "))
    return int(line.split()[1]) / 1024


def without_peak(output: str) -> str:
    return "\n".join(x for x in output.splitlines() if not x.startswith("peak-rss-kb ")).strip() + "\n"
