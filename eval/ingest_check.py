"""How well ingest reads real archives: header fields against a table checked by hand, fragments, coverage.

    python -m eval.ingest_check [--docs ../shared/datasets/vn-admin-2025/docs] [--headers eval/headers.jsonl]

- **Header accuracy**: eval/headers.jsonl holds the header fields of archive documents as a person read them
  from the documents alone (number, type, issuer, province, date, trích yếu, signer and title; null where the
  document gives none). A field is right when it equals the table's, compared without regard to letter case,
  spacing or punctuation (and, for the province, to "tỉnh"/"thành phố" before the name).
- **Fragments**: clauses of under 5 words that are not headings, as a share of all clauses.
- **Coverage**: every word of the file is in the parsed text (nothing lost in rebuilding paragraphs and tables),
  and every paragraph of the body and attachments is in a clause.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ingest.extract import extract
from ingest.header import read_header
from ingest.model import Document
from ingest.normalize import normalize
from ingest.parse import parse
from ingest.segment import signature_blocks
from ingest.vietnamese import normalize_tone

ROOT = Path(__file__).resolve().parent.parent
HEADERS = ROOT / "eval" / "headers.jsonl"
ARCHIVE_DOCS = ROOT.parent / "shared" / "datasets" / "vn-admin-2025" / "docs"
FIELDS = ("number", "doc_type", "issuer", "province", "date", "subject", "signer", "signer_title")
FRAGMENT_WORDS = 5
_WORD = re.compile(r"\w+")


def _key(value: str | None) -> str:
    """A field value compared without case, spacing or punctuation ("Ủy"/"Uỷ" alike)."""
    return " ".join(_WORD.findall(normalize_tone(value or "").casefold()))


def _province_key(value: str | None) -> str:
    key = _key(value)
    key = re.sub(r"^(tỉnh|thành phố|tp)\s+", "", key)
    return {"thừa thiên huế": "huế"}.get(key, key)


def _subject_key(value: str | None) -> str:
    """A trích yếu without its label ("V/v", "Về việc"), which some write and some leave out."""
    return re.sub(r"^(về việc|v v)\s+", "", _key(value))


def field_right(name: str, got: str | None, expected: str | None) -> bool:
    if name == "subject":
        return _subject_key(got) == _subject_key(expected)
    if name == "province":
        return _province_key(got) == _province_key(expected)
    if name == "number":
        return re.sub(r"\s", "", (got or "")).upper() == re.sub(r"\s", "", (expected or "")).upper()
    return _key(got) == _key(expected)


@dataclass
class HeaderReport:
    documents: int = 0
    all_right: int = 0
    right: Counter = field(default_factory=Counter)
    wrong: list[dict] = field(default_factory=list)

    def table(self) -> str:
        lines = ["| field | right | of | share |", "|---|---|---|---|"]
        for name in FIELDS:
            lines.append(f"| {name} | {self.right[name]} | {self.documents} | {self.right[name] / max(self.documents, 1):.3f} |")
        lines.append(f"| **every field** | {self.all_right} | {self.documents} | "
                     f"{self.all_right / max(self.documents, 1):.3f} |")
        return "\n".join(lines)


def parse_file(path: Path) -> Document:
    return parse(extract(path).pages, str(path))


def header_accuracy(docs_dir: Path, table: Path = HEADERS) -> HeaderReport:
    """Each row of the hand-checked table against what ingest reads from the same file."""
    report = HeaderReport()
    for line in table.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        doc = parse_file(docs_dir / row["file"])
        report.documents += 1
        ok = True
        for name in FIELDS:
            got = getattr(doc, name)
            if field_right(name, got, row.get(name)):
                report.right[name] += 1
            else:
                ok = False
                report.wrong.append({"file": row["file"], "field": name, "expected": row.get(name), "got": got})
        report.all_right += ok
    return report


def fragments(docs: list[Document]) -> tuple[int, int]:
    """(fragments, clauses): clauses of under FRAGMENT_WORDS words that are not headings."""
    total = sum(len(d.clauses) for d in docs)
    short = sum(1 for d in docs for c in d.clauses if c.kind != "heading" and len(c.text.split()) < FRAGMENT_WORDS)
    return short, total


def _letters(text: str) -> Counter:
    return Counter(ch for ch in normalize_tone(text).casefold() if ch.isalnum())


def text_coverage(raw: str, doc: Document) -> float:
    """Share of the file's letters and digits (markup aside) that the parsed text and its footnotes keep:
    rebuilding paragraphs and tables loses none. Counted by character, so a word a converter split with a mark ("đi**ện") or glued
    to the next ("Tung**thành**") counts the same however it is mended."""
    raw_chars = _letters(re.sub(r"<[^>]+>", " ", raw))
    kept = _letters(doc.text + " " + " ".join(n for c in doc.clauses for n in c.notes))   # footnotes too
    total = sum(raw_chars.values())
    return sum(min(n, kept[w]) for w, n in raw_chars.items()) / total if total else 1.0


def body_coverage(pages: list[str], doc: Document) -> float:
    """Share of the words of the body and attachment paragraphs that are in some clause (an attachment's
    signature blocks, like the document's own, are not body)."""
    norm = normalize(pages)
    h = read_header(norm.paragraphs)
    offsets = norm.offsets()
    zones = [(h.body_start, h.body_end)] + [(p.start, p.end) for p in h.parts]
    texts = [p.text for p in norm.paragraphs]
    signatures = {i for p in h.parts for i in signature_blocks(texts, p.body, p.end)}
    spans = sorted((c.start, c.end) for c in doc.clauses)
    covered = total = 0
    k = 0
    for a, b in zones:
        for i in range(a, b):
            para = norm.paragraphs[i]
            if i in signatures:
                continue
            n = len(para.text.split())
            total += n
            start = offsets[i]
            while k < len(spans) and spans[k][1] < start:
                k += 1
            inside = any(s <= start < e or s == start for s, e in spans[max(0, k - 1):k + 2])
            covered += n if inside else 0
        k = 0
    return covered / total if total else 1.0


def check(docs_dir: Path, table: Path | None) -> dict:
    files = sorted(f for f in docs_dir.iterdir() if f.suffix.lower() in (".md", ".txt"))
    docs, text_cov, body_cov = [], [], []
    for f in files:
        raw = f.read_text(encoding="utf-8", errors="replace")
        pages = extract(f).pages
        doc = parse(pages, str(f))
        docs.append(doc)
        text_cov.append(text_coverage(raw, doc))
        body_cov.append(body_coverage(pages, doc))
    short, total = fragments(docs)
    out = {"documents": len(docs), "clauses": total, "fragments": short, "fragment_rate": round(short / total, 4),
           "text_coverage_min": round(min(text_cov), 4), "text_coverage_mean": round(sum(text_cov) / len(text_cov), 4),
           "body_coverage_min": round(min(body_cov), 4), "body_coverage_mean": round(sum(body_cov) / len(body_cov), 4)}
    if table is not None and table.exists():
        rep = header_accuracy(docs_dir, table)
        out["headers"] = {"documents": rep.documents, "all_right": rep.all_right,
                          "fields": {n: rep.right[n] for n in FIELDS}, "wrong": rep.wrong}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.ingest_check", description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=Path, default=ARCHIVE_DOCS)
    ap.add_argument("--headers", type=Path, default=HEADERS)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    if not args.docs.is_dir():
        print(f"error: no folder {args.docs}", file=sys.stderr)
        return 2
    out = check(args.docs, args.headers)
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    for k, v in out.items():
        if k != "headers":
            print(f"{k}: {v}")
    if "headers" in out:
        h = out["headers"]
        print(f"headers: every field right in {h['all_right']} of {h['documents']} documents")
        for n in FIELDS:
            print(f"  {n}: {h['fields'][n]}/{h['documents']}")
        for w in h["wrong"]:
            print(f"  {w['file']} {w['field']}: expected {w['expected']!r}, got {w['got']!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
