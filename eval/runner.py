"""Run retrieval evaluations: standard metrics (ir-measures) per method and per query type.

`directives eval` measures the bundled labelled set (eval/corpus_queries.jsonl) on an archive of corpus/
built under $DIRECTIVES_HOME/eval; `--queries FILE` measures a user's own labelled set on their archive;
`--dataset PATH` measures any BEIR-layout dataset.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

import ir_measures
import numpy as np
from ir_measures import RR, R, Success, nDCG

from index.search import Searcher
from ingest import config
from ingest.errors import DirectivesError

ROOT = Path(__file__).resolve().parent.parent
CORPUS_QUERIES = ROOT / "eval" / "corpus_queries.jsonl"
FLOORS = ROOT / "eval" / "floors.json"
METRICS = {"ndcg@10": nDCG @ 10, "recall@5": R @ 5, "recall@10": R @ 10, "mrr@10": RR @ 10, "acc@1": Success @ 1}
METHODS = ("bm25-words", "bm25-folded", "bm25", "dense", "hybrid", "hybrid-rrf")
DEPTH = 100


@dataclass
class EvalQuery:
    id: str
    text: str
    type: str
    split: str
    qrels: dict[str, int]
    answer: str | None = None
    pair: str | None = None       # a no-diacritics twin: the id of the query it mirrors


SINGLE_METHODS = ("bm25-words", "bm25-folded", "bm25", "dense")   # one ranker each (bm25: both BM25 fields)
ENGLISH_BAR = 0.80
TWIN_GAP = 0.05


@dataclass
class Check:
    """One of the targets the team steers by, as measured in this report."""

    name: str
    value: float
    bar: float          # what value must reach (for the twins: the largest allowed gap)
    ok: bool
    detail: str = ""


@dataclass
class Report:
    name: str
    split: str
    queries: int
    methods: dict[str, dict[str, float]] = field(default_factory=dict)
    by_type: dict[str, dict[str, dict[str, float]]] = field(default_factory=dict)
    per_query: dict[str, dict[str, float]] = field(default_factory=dict)   # method -> query id -> ndcg@10
    answers: dict[str, dict] = field(default_factory=dict)                  # answer accuracy per query type
    checks: list[Check] = field(default_factory=list)
    paired: list[dict] = field(default_factory=list)     # hybrid vs each single method: diff and paired p
    answers_by_split: dict[str, dict] = field(default_factory=dict)   # split -> type -> accuracy (archive set)

    def to_dict(self) -> dict:
        d = {"name": self.name, "split": self.split, "queries": self.queries, "methods": self.methods,
             "by_type": self.by_type}
        if self.answers:
            d["answers"] = self.answers
        if self.checks:
            d["checks"] = [asdict(c) for c in self.checks]
        if self.paired:
            d["paired"] = self.paired
        if self.answers_by_split:
            d["answers_by_split"] = self.answers_by_split
        return d


def method_runs(searcher: Searcher, query: str, k: int = DEPTH) -> dict[str, dict[int, float]]:
    """Every method's ranking of one query, as {position: score}, from one pass over the index."""
    plan = searcher.plan(query)
    index = searcher.index
    out: dict[str, dict[int, float]] = {}
    word_toks, folded_toks = searcher.lexical_tokens(plan)
    for name, scores in (("bm25-words", index.words.scores(word_toks)),
                         ("bm25-folded", index.folded.scores(folded_toks))):
        top = np.argsort(-scores, kind="stable")[:k]
        out[name] = {int(i): float(scores[i]) for i in top if scores[i] > 0}
    modes = ("bm25", "dense", "hybrid") if index.vectors is not None else ("bm25",)
    for mode in modes:
        out[mode] = dict(searcher.rank(query, k, mode)[0])
    if index.vectors is not None:
        out["hybrid-rrf"] = dict(searcher.rank(query, k, "hybrid", fusion_method="rrf")[0])
    return out


def in_split(q: EvalQuery, split: str) -> bool:
    """Whether a question belongs to a requested split; "all" is dev and test, never the final pool."""
    return q.split == split or (split == "all" and q.split != "final")


def evaluate(searcher: Searcher, queries: list[EvalQuery], name: str, split: str = "test") -> Report:
    """Retrieval metrics per method and per type over the questions of `split` that have relevant clauses
    (an unanswerable question has none; its measure is the answer's, declined or not)."""
    chosen = [q for q in queries if in_split(q, split) and q.qrels]
    if not chosen:
        raise DirectivesError(f"no queries in split {split!r}")
    ids = searcher.index.table.ids
    runs: dict[str, dict[str, dict[str, float]]] = {}
    for q in chosen:
        for method, ranked in method_runs(searcher, q.text).items():
            # ir-measures breaks ties by document id; rank order is what we mean, so scores become ranks
            ordered = sorted(ranked.items(), key=lambda kv: (-kv[1], ids[kv[0]]))
            runs.setdefault(method, {})[q.id] = {ids[i]: float(len(ordered) - r) for r, (i, _) in enumerate(ordered)}
    qrels = {q.id: q.qrels for q in chosen}
    report = Report(name, split, len(chosen))
    types = sorted({q.type for q in chosen})
    for method, run in runs.items():
        for q in chosen:
            run.setdefault(q.id, {})
        per_query: dict[str, dict[str, float]] = {}
        for m in ir_measures.iter_calc(list(METRICS.values()), qrels, run):
            per_query.setdefault(str(m.measure), {})[m.query_id] = m.value
        names = {str(v): k for k, v in METRICS.items()}
        values = {names[measure]: vals for measure, vals in per_query.items()}
        report.methods[method] = {k: round(float(np.mean([values[k].get(q.id, 0.0) for q in chosen])), 4)
                                  for k in METRICS}
        report.per_query[method] = {q.id: values["ndcg@10"].get(q.id, 0.0) for q in chosen}
        for t in types:
            sub = [q for q in chosen if q.type == t]
            report.by_type.setdefault(t, {})[method] = {
                k: round(float(np.mean([values[k].get(q.id, 0.0) for q in sub])), 4) for k in METRICS}
    for t in types:
        report.by_type[t]["_queries"] = {"n": sum(q.type == t for q in chosen)}
    report.checks = checks(report, chosen)
    report.paired = paired_table(report, chosen)
    return report


def paired_p(a: list[float], b: list[float], samples: int = 20000) -> float:
    """Two-sided p-value of a paired sign-flip permutation test on the mean of a - b: how often flipping the signs
    of the per-query differences at random gives a mean at least as far from zero. Exact up to 16 differences,
    else `samples` random flips with a fixed seed, so a report reads the same every run."""
    d = np.array(a, dtype=float) - np.array(b, dtype=float)
    d = d[np.abs(d) > 1e-12]
    if len(d) == 0:
        return 1.0
    observed = abs(d.mean()) - 1e-12
    if len(d) <= 16:
        signs = 1 - 2 * ((np.arange(2 ** len(d))[:, None] >> np.arange(len(d))) & 1)
    else:
        signs = np.random.default_rng(0).choice([-1, 1], size=(samples, len(d)))
    return float(np.mean(np.abs((signs * d).mean(axis=1)) >= observed))


SIGNIFICANT = 0.05


def paired_table(report: Report, queries: list[EvalQuery]) -> list[dict]:
    """Hybrid against each single method, overall and per type: mean nDCG@10 difference and its paired p."""
    if "hybrid" not in report.per_query:
        return []
    rows = []
    types = ["all"] + sorted(report.by_type)
    for t in types:
        ids = [q.id for q in queries if (t == "all" or q.type == t) and q.id in report.per_query["hybrid"]]
        hybrid = [report.per_query["hybrid"][i] for i in ids]
        for m in SINGLE_METHODS:
            if m not in report.per_query:
                continue
            other = [report.per_query[m][i] for i in ids]
            diff = float(np.mean(np.array(hybrid) - np.array(other))) if ids else 0.0
            rows.append({"type": t, "method": m, "n": len(ids), "diff": round(diff, 4),
                         "p": round(paired_p(hybrid, other), 4)})
    return rows


def checks(report: Report, queries: list[EvalQuery]) -> list[Check]:
    """The labelled set's targets: on every query type hybrid is never significantly worse (paired p < 0.05)
    than a single method, and overall it is better than each; English nDCG@10 >= ENGLISH_BAR; no-diacritics
    twins within TWIN_GAP of the queries they mirror. Empty for a dataset without query types or without a
    hybrid run."""
    if "hybrid" not in report.methods or len(report.by_type) < 2:
        return []
    out = []
    table = paired_table(report, queries)
    for t in sorted(report.by_type):
        rows = [r for r in table if r["type"] == t]
        worse = [r for r in rows if r["diff"] < 0 and r["p"] < SIGNIFICANT]
        worst = min(rows, key=lambda r: r["diff"])
        out.append(Check(f"hybrid never significantly worse: {t}", worst["diff"], 0.0, not worse,
                         f"worst vs {worst['method']}: {worst['diff']:+.4f}, paired p {worst['p']:.2f}"))
    for r in (r for r in table if r["type"] == "all"):
        out.append(Check(f"hybrid better overall than {r['method']}", r["diff"], 0.0, r["diff"] > 0,
                         f"paired p {r['p']:.3f}"))
    if "english" in report.by_type:
        value = report.by_type["english"]["hybrid"]["ndcg@10"]
        out.append(Check("English nDCG@10 (hybrid)", value, ENGLISH_BAR, value >= ENGLISH_BAR))
    ndcg = report.per_query["hybrid"]
    pairs = [(q.pair, q.id) for q in queries if q.pair and q.pair in ndcg]
    if pairs:
        marked = float(np.mean([ndcg[a] for a, _ in pairs]))
        bare = float(np.mean([ndcg[b] for _, b in pairs]))
        gap = round(bare - marked, 4)
        out.append(Check(f"no-diacritics twins vs originals ({len(pairs)} pairs), hybrid", gap, TWIN_GAP,
                         abs(gap) <= TWIN_GAP, f"twins {bare:.4f}, originals {marked:.4f}"))
    return out


# -- the bundled labelled set -------------------------------------------------------------------
def corpus_searcher(embedder: str | None = "e5-small", backend: str | None = None) -> Searcher:
    """A searcher over an archive of corpus/ kept under $DIRECTIVES_HOME/eval/corpus (built when missing); on
    Milvus when `backend` (or $DIRECTIVES_MILVUS_URI) names a server."""
    from index.milvus import milvus_uri
    from index.store import SearchIndex
    from ingest.archive import Archive
    from ingest.pipeline import ingest_paths

    home = config.home() / "eval" / "corpus"
    archive = Archive(home / "archive.sqlite3")
    results = ingest_paths([ROOT / "corpus"], archive)
    bad = [r for r in results if r.status == "error"]
    if bad:
        raise DirectivesError(f"cannot build the evaluation archive: {bad[0].line()}")
    model = None
    if embedder:
        from index.embed import load_embedder
        model = load_embedder(embedder)
    uri = milvus_uri(backend)
    if uri is not None:
        from index.milvus import MilvusIndex
        from index.milvus_search import MilvusSearcher
        milvus = MilvusIndex(archive, model, uri)
        milvus.sync()
        return MilvusSearcher(archive, index=milvus)
    index = SearchIndex(archive, model, home=home)
    index.sync()
    return Searcher(archive, index=index)


def labelled_queries(path: Path, searcher: Searcher) -> list[EvalQuery]:
    from eval.labels import load_queries, resolve, split

    queries = load_queries(path)
    resolve(queries, searcher.archive)
    split(queries)
    return [EvalQuery(q.id, q.query, q.type, q.split, q.qrels, q.answer, q.pair) for q in queries]


def dataset_queries(path: Path, embedder: str | None = "e5-small",
                    backend: str | None = None) -> tuple[Searcher, list[EvalQuery], str]:
    from eval.beir import DatasetIndex, load_beir
    from index.milvus import milvus_uri

    data = load_beir(path)
    model = None
    if embedder:
        from index.embed import load_embedder
        model = load_embedder(embedder)
    uri = milvus_uri(backend)
    if uri is not None:
        from eval.milvus_dataset import dataset_searcher
        searcher = dataset_searcher(data, model, uri)
    else:
        searcher = Searcher(None, index=DatasetIndex(data, model))
    queries = []
    for qid, text in data.queries.items():
        half = "dev" if int(hashlib.sha1(qid.encode()).hexdigest(), 16) % 2 == 0 else "test"
        queries.append(EvalQuery(qid, text, "all", half, data.qrels[qid]))
    return searcher, queries, data.name


def expected_times(expected: str) -> set[str]:
    """A labelled time in the answerer's machine form: "Quý IV/2025" -> "2025-10-01..2025-12-31", "năm 2026" ->
    "2026-01-01..2026-12-31", "trước ngày 20 hằng tháng" -> "---20", read by the same rules as the documents."""
    from ingest.deadlines import find_deadlines, find_named_periods

    if re.fullmatch(r"\d{4}-\d{2}-\d{2}|--\d{2}-\d{2}|---\d{2}", expected.strip()):
        return {expected.strip()}
    text = f"Thời gian hoàn thành: {expected}"
    found = find_deadlines(text) or find_named_periods(text)
    return {d.value for d in found[:1]}


def answer_matches(value: str | None, expected: str) -> bool:
    """An extracted answer equals the labelled one: same agency (however spelt: "Văn phòng UBND tỉnh" is
    "Văn phòng Ủy ban nhân dân tỉnh"), document number, date or figure."""
    from ingest.agencies import canonical_agency
    from ingest.citations import canonical_number
    from ingest.vietnamese import fold

    if value is None:
        return False
    if fold(value).strip() == fold(expected).strip():
        return True
    if value.replace("%", "").strip() == expected.replace("%", "").strip() and re.fullmatch(r"[\d.,%\s]+", value):
        return True                      # "65" and "65%": the same figure, its sign written or not
    if value in expected_times(expected):
        return True
    agency = canonical_agency(expected)
    if agency is not None and canonical_agency(value) == agency:
        return True
    try:
        return canonical_number(value) == canonical_number(expected)
    except AttributeError:
        return False


def answer_accuracy(searcher: Searcher, queries: list[EvalQuery], split: str = "test") -> dict[str, dict]:
    """Share of questions with a labelled answer that `directives ask` answers right, per query type."""
    from qa.answer import Answerer

    answerer = Answerer(searcher)
    out: dict[str, dict] = {}
    for q in queries:
        if not (q.answer or q.type == "unanswerable") or not in_split(q, split):
            continue
        result = answerer.ask(q.text)
        ok = not result.found if q.type == "unanswerable" else answer_matches(result.value, q.answer)
        row = out.setdefault(q.type, {"n": 0, "correct": 0, "wrong": []})
        row["n"] += 1
        row["correct"] += ok
        if not ok:
            row["wrong"].append({"id": q.id, "expected": q.answer, "got": result.value})
    for row in out.values():
        row["accuracy"] = round(row["correct"] / row["n"], 4)
    return out


def floors() -> dict:
    """The floors written by hand in eval/floors.json (never generated from a run's output)."""
    return json.loads(FLOORS.read_text(encoding="utf-8"))
