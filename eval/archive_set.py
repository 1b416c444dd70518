"""The archive labelled set: blind questions over the development archive and the bundled corpus, split by document.

`eval/archive_queries.jsonl` holds the questions (who wrote which batch, and when, in each line and in
eval/labelling.md); `eval/archive_split.json` puts every document in dev, test or final. Rules and weights are
tuned on dev documents, figures are reported on test documents, and the final pool is run only when a change
is finished (`--split final`; `--split all` is dev and test, never final).

`directives eval --archive` builds an archive of the bundled corpus and the development archive under
$DIRECTIVES_HOME/eval/archive (once; later runs reuse it and its vector cache) and measures the set on it.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from eval.runner import ROOT, EvalQuery, answer_matches
from index.search import Searcher
from ingest import config
from ingest.errors import DirectivesError

ARCHIVE_QUERIES = ROOT / "eval" / "archive_queries.jsonl"
ARCHIVE_SPLIT = ROOT / "eval" / "archive_split.json"
GROWTH_POOLED = ROOT / "eval" / "growth_pooled.jsonl"     # archive clauses judged for bundled questions (growth)
DEFAULT_DOCS = ROOT.parent / "shared" / "datasets" / "vn-admin-2025" / "docs"
ANSWERED = ("agency", "document", "deadline", "figure", "english", "no_diacritics")


def archive_docs() -> Path:
    """The development archive's folder: $DIRECTIVES_ARCHIVE_DOCS, else ../shared/datasets/vn-admin-2025/docs."""
    return Path(os.environ.get("DIRECTIVES_ARCHIVE_DOCS") or DEFAULT_DOCS)


def document_splits() -> dict[str, str]:
    return json.loads(ARCHIVE_SPLIT.read_text(encoding="utf-8"))


def archive_searcher(embedder: str | None = "e5-small", docs: Path | None = None) -> Searcher:
    """A searcher over the bundled corpus and the development archive, kept under $DIRECTIVES_HOME/eval/archive."""
    from index.store import SearchIndex
    from ingest.archive import Archive
    from ingest.pipeline import ingest_paths

    folder = docs or archive_docs()
    if not folder.is_dir():
        raise DirectivesError(f"no development archive at {folder}; give --docs or set DIRECTIVES_ARCHIVE_DOCS")
    home = config.home() / "eval" / "archive"
    archive = Archive(home / "archive.sqlite3")
    results = ingest_paths([ROOT / "corpus", folder], archive)
    bad = [r for r in results if r.status == "error"]
    if bad:
        raise DirectivesError(f"cannot build the archive evaluation set: {bad[0].line()}")
    model = None
    if embedder:
        from index.embed import load_embedder
        model = load_embedder(embedder)
    index = SearchIndex(archive, model, home=home)
    index.sync()
    return Searcher(archive, index=index)


def archive_queries(searcher: Searcher, path: Path = ARCHIVE_QUERIES) -> list[EvalQuery]:
    """The set's questions with their clause qrels, every cited document checked against its split."""
    from eval.labels import check_document_splits, load_queries, resolve

    queries = load_queries(path)
    check_document_splits(queries, document_splits())
    resolve(queries, searcher.archive)
    return [EvalQuery(q.id, q.query, q.type, q.split, q.qrels, q.answer, q.pair) for q in queries]


def answers_by_split(searcher: Searcher, queries: list[EvalQuery], splits: tuple[str, ...]) -> dict[str, dict]:
    """Answer accuracy per type for each split: an answer type is right when `directives ask` gives the labelled
    answer; an unanswerable question is right when it is declined (no citation)."""
    from qa.answer import Answerer

    answerer = Answerer(searcher)
    out: dict[str, dict] = {s: {} for s in splits}
    for q in queries:
        if q.split not in splits or not (q.answer or q.type == "unanswerable"):
            continue
        result = answerer.ask(q.text)
        ok = not result.found if q.type == "unanswerable" else answer_matches(result.value, q.answer)
        row = out[q.split].setdefault(q.type, {"n": 0, "correct": 0, "wrong": []})
        row["n"] += 1
        row["correct"] += ok
        if not ok:
            row["wrong"].append({"id": q.id, "expected": q.answer, "got": result.value if result.found else None})
    for rows in out.values():
        for row in rows.values():
            row["accuracy"] = round(row["correct"] / row["n"], 4)
    return out


def gap_table(by_split: dict[str, dict]) -> str:
    """Answer accuracy on dev and on test documents, per type, and the gap (dev - test): overfitting shows here."""
    dev, test = by_split.get("dev", {}), by_split.get("test", {})
    lines = ["| type | dev | test | gap (dev - test) |", "|---|---|---|---|"]
    for t in sorted(set(dev) | set(test)):
        d, s = dev.get(t), test.get(t)
        gap = f"{d['accuracy'] - s['accuracy']:+.3f}" if d and s else ""
        lines.append(f"| {t} | {d['accuracy']:.3f} ({d['n']}) |" if d else f"| {t} | |")
        lines[-1] += f" {s['accuracy']:.3f} ({s['n']}) | {gap} |" if s else " | |"
    return "\n".join(lines)


def pooled_qrels(archive, path: Path = GROWTH_POOLED) -> dict[str, dict[str, int]]:
    """Bundled question id -> {archive clause id: grade} from the pooled judgments in `path`.

    The bundled questions were labelled on the five bundled documents only. With the archive beside them, an
    archive clause that answers "cơ chế một cửa, một cửa liên thông" as well as a bundled one is no error, yet
    the bundled labels count it as one. Each line of `path` is a judge's verdict on one archive clause that some
    method put in a bundled question's top 10: {"id", "doc", "text" (the clause's opening, long enough to tell it
    from the document's other clauses), "grade"} (2 answers, 1 closely related, 0 neither; the first round kept
    no 0s, the second keeps them, so that a later round judges only pairs no judge has seen). The judge
    saw the question and the clause with its document's header, shuffled, without ranks, scores or the method that
    found it. An opening shared by several clauses of one text (a repeated line) labels each of them."""
    if not path.is_file():
        return {}
    by_name = {Path(d.source).name: d.id for d in archive.documents()}
    clauses: dict[str, list] = {}
    out: dict[str, dict[str, int]] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            qid, doc, text, grade = d["id"], d["doc"], d["text"], int(d["grade"])
        except (ValueError, KeyError, TypeError) as e:
            raise DirectivesError(f"{path}:{n}: not a pooled judgment {{id, doc, text, grade}} ({e})") from None
        if doc not in by_name:
            raise DirectivesError(f"{path}:{n}: document {doc!r} is not in the archive")
        found = [c.id for c in clauses.setdefault(doc, archive.clauses(by_name[doc])) if c.text.startswith(text)]
        if not found and grade > 0:     # a clause judged no answer that ingest no longer makes counts for nothing
            raise DirectivesError(f"{path}:{n}: no clause of {doc} reads {text[:60]!r}...")
        if grade > 0:
            row = out.setdefault(qid, {})
            for cid in found:
                row[cid] = max(grade, row.get(cid, 0))
    return out


def growth(embedder: str | None = "e5-small", split: str = "test",
           docs: Path | None = None) -> dict[str, dict]:
    """The bundled set's figures over the bundled corpus alone and over it with the whole development archive
    beside it: what unrelated documents take from questions about the bundled ones. With pooled judgments
    (`pooled_qrels`), a third row counts the archive clauses judged relevant as relevant, and "by place" splits its
    hybrid figures by whether the question names a province (`by_place`)."""
    from eval.runner import CORPUS_QUERIES, corpus_searcher, evaluate, labelled_queries

    def run(searcher: Searcher, queries: list[EvalQuery], name: str):
        return evaluate(searcher, queries, name, split)

    def ndcg(report) -> dict[str, float]:
        return {m: v["ndcg@10"] for m, v in report.methods.items()}

    alone = corpus_searcher(embedder)
    first = run(alone, labelled_queries(CORPUS_QUERIES, alone), "corpus")
    out = {"corpus": ndcg(first)}
    beside = archive_searcher(embedder, docs)
    queries = labelled_queries(CORPUS_QUERIES, beside)
    out["corpus+archive"] = ndcg(run(beside, queries, "corpus+archive"))
    pooled = pooled_qrels(beside.archive)
    if pooled:
        for q in queries:
            q.qrels = {**pooled.get(q.id, {}), **q.qrels}
        last = run(beside, queries, "corpus+archive, pooled")
        out["+archive pooled"] = ndcg(last)
        out["by place"] = by_place(queries, first.per_query["hybrid"], last.per_query["hybrid"])
    return out


def by_place(queries: list[EvalQuery], alone: dict[str, float], beside: dict[str, float]) -> dict[str, dict]:
    """Hybrid nDCG@10 alone and beside the archive for the questions that name a province and for those that name
    none. A question that names no place ("Cơ quan nào chủ trì chuyển đổi số?") was written for five documents;
    beside 180 others, the archive's clauses answer it too, so its loss says how underspecified the set is, not only
    how the ranking holds."""
    from index.places import provinces_named

    groups: dict[str, list[str]] = {"names a province": [], "names none": []}
    for q in queries:
        if q.id in alone and q.id in beside:
            groups["names a province" if provinces_named(q.text) else "names none"].append(q.id)
    return {name: {"n": len(ids), "alone": round(sum(alone[i] for i in ids) / len(ids), 4),
                   "beside, pooled": round(sum(beside[i] for i in ids) / len(ids), 4)}
            for name, ids in groups.items() if ids}
