"""Real text recombined to size.

A sentence pool comes from the bundled corpus (its clauses) and the alqac2023 articles (read in place,
never copied into the repo). From it:

- synthetic *documents* for the ingest benchmark: each bundled directive is a template whose body
  paragraphs are replaced by random pool sentences of about the same length, with another province,
  number and year in the header, so every document is distinct (the archive dedupes identical content)
  and segments into about as many clauses as its template;
- synthetic *clauses* for the query benchmark: random runs of pool sentences with the length distribution
  of the bundled clauses. Their tokens are the concatenation of the sentences' own tokens (each pool
  sentence is tokenised once), which is how 1M clauses get tokens without hours of pyvi.

Everything generated is cached under $DIRECTIVES_BENCH_DIR (default /tmp/directives-bench).
"""
from __future__ import annotations

import json
import os
import pickle
import random
import re
from functools import lru_cache
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
ALQAC = Path(os.environ.get("BENCH_ALQAC", "/work/shared/datasets/alqac2023"))
HOME = Path(os.environ.get("DIRECTIVES_BENCH_DIR", "/tmp/directives-bench"))
SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}
SEED = 20240601

_SPLIT = re.compile(r"(?<=[.;!?])\s+|\n+")
_MARKER = re.compile(r"^\s*(?:\*\*)?\s*(?:[-+–•*]+|\d{1,3}(?:\.\d{1,3})*[.)]|[a-zđ][).]|[IVXLC]+\.)\s*")
_CLAUSES_PER_DOC = 30
DOC_TYPES = ("công văn", "chỉ thị", "kế hoạch", "báo cáo")
YEARS = (2016, 2025)


def home(*parts: str) -> Path:
    path = HOME.joinpath(*parts)
    path.mkdir(parents=True, exist_ok=True)
    return path


def _cached(name: str, build):
    path = home() / name
    if path.exists():
        return pickle.loads(path.read_bytes())
    value = build()
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    tmp.replace(path)
    return value


@lru_cache(maxsize=1)
def corpus_documents():
    """The bundled directives parsed: [(path, Document)]."""
    from ingest.extract import extract
    from ingest.parse import parse

    return [(p, parse(extract(p).pages, str(p))) for p in sorted(CORPUS.glob("*.txt"))]


def _alqac_texts() -> list[str]:
    with open(ALQAC / "corpus.jsonl", encoding="utf-8") as f:
        return [json.loads(line)["text"] for line in f if line.strip()]


def _clean_sentences(text: str) -> list[str]:
    out = []
    for s in _SPLIT.split(text):
        s = _MARKER.sub("", s.replace("**", "").replace("./.", ".")).strip()
        if 40 <= len(s) <= 400 and re.search(r"[^\W\d_]{3}", s):
            out.append(s)
    return out


def _build_sentences() -> list[str]:
    texts = [c.text for _, d in corpus_documents() for c in d.clauses] + _alqac_texts()
    seen, pool = set(), []
    for t in texts:
        for s in _clean_sentences(t):
            if s not in seen:
                seen.add(s)
                pool.append(s)
    return pool


def sentences() -> list[str]:
    return _cached("sentences.pkl", _build_sentences)


def sentence_tokens() -> tuple[list[list[str]], list[list[str]]]:
    """pyvi word tokens and folded tokens of every pool sentence (cached)."""
    def build():
        from index.text import folded_tokens, word_tokens
        pool = sentences()
        return [word_tokens(s) for s in pool], [folded_tokens(s) for s in pool]
    return _cached("sentence_tokens.pkl", build)


def clause_lengths() -> np.ndarray:
    """Lengths of the bundled clauses (with their headings), the distribution synthetic clauses follow."""
    from index.store import index_text
    return np.array([len(index_text(c.headings, c.text)) for _, d in corpus_documents() for c in d.clauses])


# ------------------------------------------------------------------------------------------ query corpus

def compose(n: int, seed: int = SEED, block: int = 10_000) -> list[np.ndarray]:
    """n clauses as arrays of pool-sentence indices, lengths drawn from the bundled clauses'.

    Generated in blocks with their own seeds, so the first k clauses are the same whatever n is."""
    pool = sentences()
    slen = np.array([len(s) + 1 for s in pool])
    lengths = np.clip(clause_lengths(), 60, 1500)
    width, out = 10, []
    for start in range(0, n, block):
        m = min(block, n - start)
        rng = np.random.default_rng([seed, start // block])
        target = rng.choice(lengths, m)
        picks = rng.integers(0, len(pool), size=(m, width))
        cum = np.cumsum(slen[picks], axis=1)
        count = np.minimum((cum < target[:, None]).sum(axis=1) + 1, width)
        out += [picks[i, :count[i]] for i in range(m)]
    return out


def clause_text(ids: np.ndarray, pool: list[str]) -> str:
    return " ".join(pool[j] for j in ids)


def clause_table(n: int, seed: int = SEED):
    """Filter columns for n clauses: documents of about 30 clauses, provinces Zipf-distributed (a few large
    archives, many small), years uniform in 2016-2025."""
    from ingest.vietnamese import PROVINCES

    rng = np.random.default_rng(seed + 1)
    n_docs = max(1, -(-n // _CLAUSES_PER_DOC))
    weights = 1.0 / np.arange(1, len(PROVINCES) + 1)
    order = rng.permutation(len(PROVINCES))
    doc_province = np.array(PROVINCES, dtype=object)[order][rng.choice(len(PROVINCES), n_docs, p=weights / weights.sum())]
    doc_year = rng.integers(YEARS[0], YEARS[1] + 1, n_docs).astype(np.int32)
    doc_type = np.array(DOC_TYPES, dtype=object)[rng.integers(0, len(DOC_TYPES), n_docs)]
    doc_of = np.arange(n) // _CLAUSES_PER_DOC
    province = doc_province[doc_of]
    return {
        "ids": [f"c{i:07d}" for i in range(n)],
        "doc_ids": [f"d{d:06d}" for d in doc_of],
        "province": province,
        "year": doc_year[doc_of],
        "doc_type": doc_type[doc_of],
        "issuer": np.array(["Ủy ban nhân dân tỉnh " + p for p in province], dtype=object),
    }


def queries(n: int = 100) -> list[str]:
    """Real queries: the bundled set's (60) and alqac2023's (40), deterministic."""
    bundled = [json.loads(line)["query"] for line in (ROOT / "eval" / "corpus_queries.jsonl").read_text(
        encoding="utf-8").splitlines() if line.strip()]
    with open(ALQAC / "queries.jsonl", encoding="utf-8") as f:
        alqac = [json.loads(line)["text"] for line in f if line.strip()]
    rnd = random.Random(SEED)
    n_bundled = min(len(bundled), round(n * 0.6))
    return rnd.sample(bundled, n_bundled) + rnd.sample(alqac, n - n_bundled)


# ------------------------------------------------------------------------------------------ documents

def _case_variants(name: str) -> list[str]:
    from ingest.vietnamese import fold
    plain = fold(name).title()
    return [name, name.upper(), plain, plain.upper()]


def _fill(length: int, pool: list[str], rnd: random.Random) -> str:
    out, total = [], 0
    while total < length * 0.9 or not out:
        s = pool[rnd.randrange(len(pool))]
        out.append(s)
        total += len(s) + 1
    return " ".join(out)


def synthetic_document(template: str, province: str, new_province: str, rnd: random.Random, pool: list[str]) -> str:
    """The template with its body paragraphs replaced by pool sentences and a new province, number, year."""
    lines = template.splitlines()
    out = []
    for i, line in enumerate(lines):
        stripped = line.strip()
        if len(stripped) >= 100 and not stripped.isupper():
            m = _MARKER.match(line)
            prefix = line[:m.end()] if m else ""
            body = line[len(prefix):]
            text = _fill(len(body), pool, rnd)
            if stripped.endswith(":"):
                text = text.rstrip(".;") + ":"
            elif stripped.endswith("./."):
                text = text.rstrip(".;") + "./."
            line = prefix + text
        out.append(line)
    text = "\n".join(out)
    for old, new in zip(_case_variants(province), _case_variants(new_province)):
        text = text.replace(old, new)
    text = re.sub(r"(Số:\s*)\d+(\s*/)", lambda m: f"{m.group(1)}{rnd.randint(1, 3999)}{m.group(2)}", text, count=1)
    year = rnd.randint(*YEARS)
    text = re.sub(r"(ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+)(\d{4})", lambda m: f"{m.group(1)}{year}", text, count=1)
    return text


def documents(n_clauses: int, seed: int = SEED) -> tuple[Path, list[Path]]:
    """Synthetic directive files (.txt) totalling about n_clauses clauses, in a folder under HOME (cached)."""
    from ingest.vietnamese import PROVINCES

    folder = home(f"docs-{n_clauses}")
    done = folder / "DONE"
    if done.exists():
        return folder, sorted(folder.glob("*.txt"))
    for f in folder.glob("*.txt"):
        f.unlink()
    pool = sentences()
    rnd = random.Random(seed)
    templates = [(p.read_text(encoding="utf-8"), d.province, len(d.clauses)) for p, d in corpus_documents()]
    total, i, files = 0, 0, []
    while total < n_clauses:
        text, province, count = templates[i % len(templates)]
        doc = synthetic_document(text, province, rnd.choice(PROVINCES), rnd, pool)
        path = folder / f"doc{i:06d}.txt"
        path.write_text(doc, encoding="utf-8")
        files.append(path)
        total += count
        i += 1
    done.write_text(str(total))
    return folder, files
