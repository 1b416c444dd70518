"""The evaluation page: retrieval metrics and answer accuracy on a known set or on files the user uploads.

It reads only what it is given. It had opened any server path a web user typed ("/etc/shadow:1: not a
labelled query" told whether a file existed); now the sets are the bundled labelled questions, the archive
set, ALQAC when it is on this machine ($DIRECTIVES_ALQAC, else ../shared/datasets/alqac2023), or uploads: a
labelled JSONL file (checked line by line as the CLI checks it) or the three files of a BEIR dataset. A path
stays an option of the CLI (`directives eval --queries FILE | --dataset DIR`), run by whoever owns the machine.
"""
from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import streamlit as st

from ingest import config
from ingest.errors import DirectivesError, UsageError
from qa.inputs import checked_jsonl, decode
from qa.web import EMBEDDER, Resources, resources, session_searcher, show_error, t, tm

ROOT = Path(__file__).resolve().parent.parent
UPLOAD_MB = 50


def alqac_path() -> Path | None:
    """The ALQAC 2023 set in BEIR layout, if this machine has it."""
    path = Path(os.environ.get("DIRECTIVES_ALQAC") or ROOT.parent / "shared" / "datasets" / "alqac2023")
    return path if (path / "corpus.jsonl").is_file() else None


@st.cache_resource(show_spinner=False)
def _corpus_resources(home: str, embedder: str | None) -> Resources:
    from eval.runner import corpus_searcher

    searcher = corpus_searcher(embedder)
    return Resources(searcher, searcher.archive.generation)


@st.cache_resource(show_spinner=False)
def _archive_resources(home: str, embedder: str | None) -> Resources:
    from eval.archive_set import archive_searcher

    searcher = archive_searcher(embedder)
    return Resources(searcher, searcher.archive.generation)


@st.cache_resource(show_spinner=False, max_entries=4)
def _dataset(path: str, embedder: str | None, mtime: float) -> tuple[Resources, list, str]:
    """A BEIR folder's index and questions, once per process (and again when its files change)."""
    from eval.runner import dataset_queries

    searcher, queries, name = dataset_queries(Path(path), embedder)
    return Resources(searcher, 0), queries, name


def _beir_upload(files, folder: Path) -> Path:
    """The uploaded corpus, queries and qrels files laid out as a BEIR folder (each must be UTF-8)."""
    by_role: dict[str, bytes] = {}
    for f in files:
        name = Path(f.name).name.lower()
        role = "qrels" if name.endswith(".tsv") else "queries" if "quer" in name else "corpus" if "corpus" in name \
            else None
        if role is None:
            raise UsageError(f"{f.name}: not one of corpus.jsonl, queries.jsonl or a qrels .tsv file")
        decode(f.getvalue(), f.name)
        by_role[role] = f.getvalue()
    if set(by_role) != {"corpus", "queries", "qrels"}:
        raise UsageError(t("ev.need_beir"))
    (folder / "qrels").mkdir(parents=True)
    (folder / "corpus.jsonl").write_bytes(by_role["corpus"])
    (folder / "queries.jsonl").write_bytes(by_role["queries"])
    (folder / "qrels" / "test.tsv").write_bytes(by_role["qrels"])
    return folder


def _run(source: str, split: str, embedder: str | None, on_corpus: bool, labelled, beir_files):
    """(report, answer accuracy) of one evaluation."""
    from eval.runner import CORPUS_QUERIES, answer_accuracy, dataset_queries, evaluate, labelled_queries

    home = str(config.home())
    if source == "archive":          # the archive set over the bundled corpus and the development archive
        from eval.archive_set import answers_by_split, archive_queries

        searcher = session_searcher(_archive_resources(home, embedder), "eval-archive")
        queries = archive_queries(searcher)
        report = evaluate(searcher, queries, "archive", split)
        splits = ("dev", "test") if split == "all" else (split,)
        report.answers_by_split = answers_by_split(searcher, queries, splits)
        return report, report.answers_by_split[splits[-1]]
    if source == "bundled":
        searcher = session_searcher(_corpus_resources(home, embedder), "eval-corpus")
        queries = labelled_queries(CORPUS_QUERIES, searcher)
        return evaluate(searcher, queries, "corpus", split), answer_accuracy(searcher, queries, split)
    if source == "upload":           # your labelled questions, over corpus/ or over your archive
        res = _corpus_resources(home, embedder) if on_corpus else resources()
        searcher = session_searcher(res, "eval-corpus" if on_corpus else "main")
        with checked_jsonl(labelled.getvalue(), labelled.name) as path:
            queries = labelled_queries(path, searcher)
        name = Path(labelled.name).stem
        return evaluate(searcher, queries, name, split), answer_accuracy(searcher, queries, split)
    if source == "alqac":
        path = alqac_path()
        res, queries, name = _dataset(str(path), embedder, (path / "corpus.jsonl").stat().st_mtime)
        return evaluate(session_searcher(res, "eval-alqac"), queries, name, split), {}
    with tempfile.TemporaryDirectory(prefix="directives-") as tmp:      # an uploaded BEIR dataset
        searcher, queries, name = dataset_queries(_beir_upload(beir_files, Path(tmp) / "upload"), embedder)
        return evaluate(searcher, queries, name, split), {}


def page_eval() -> None:
    st.header(t("page.eval"))
    sources = ("bundled", "archive", *(("alqac",) if alqac_path() else ()), "upload", "beir")
    source = st.radio(t("ev.source"), sources, key="ev_source", horizontal=True, format_func=lambda s: t("ev." + s))
    labelled = beir_files = None
    on_corpus = True
    if source == "upload":
        labelled = st.file_uploader(t("ev.upload_file"), type=["jsonl", "json", "txt"], key="ev_file",
                                    max_upload_size=UPLOAD_MB)
        on_corpus = st.checkbox(t("ev.on_corpus"), value=True, key="ev_on_corpus")
    elif source == "beir":
        beir_files = st.file_uploader(t("ev.upload_beir"), type=["jsonl", "tsv"], accept_multiple_files=True,
                                      key="ev_beir", max_upload_size=UPLOAD_MB)
    c1, c2 = st.columns(2)
    split = c1.selectbox(t("ev.split"), ("test", "dev", "all", "final") if source == "archive" else ("test", "dev", "all"),
                         key="ev_split")
    dense = c2.checkbox(t("ev.dense"), value=True, key="ev_dense")
    if st.button(t("ev.run"), key="ev_run", type="primary"):
        if (source == "upload" and labelled is None) or (source == "beir" and not beir_files):
            st.info(t("ev.need_upload" if source == "upload" else "ev.need_beir"))
            return
        try:
            with st.spinner(t("ev.running")):
                started = time.perf_counter()
                report, accuracy = _run(source, split, EMBEDDER if dense else None, on_corpus, labelled, beir_files)
                from eval.report import chart

                with tempfile.TemporaryDirectory() as tmp:
                    png = chart(report, Path(tmp) / "chart.png").read_bytes()
                st.session_state["ev_result"] = (report, accuracy, png, time.perf_counter() - started)
        except (DirectivesError, OSError, ValueError, KeyError) as e:
            show_error(e)
            return
    _show(st.session_state.get("ev_result"))


def _show(result) -> None:
    import pandas as pd

    from eval.report import markdown
    from eval.runner import METRICS

    if not result:
        st.info(t("ev.hint"))
        return
    report, accuracy, png, seconds = result
    st.caption(tm("ev.summary", name=report.name, split=report.split, n=report.queries, s=seconds))
    st.subheader(t("ev.methods"))
    methods = pd.DataFrame(report.methods).T[list(METRICS)]
    methods.index.name = "method"
    st.dataframe(methods.style.format("{:.4f}"), width="stretch")
    st.bar_chart(methods, stack=False, sort=False, x_label="", y_label="")
    if report.by_type:
        st.subheader(t("ev.by_type"))
        by_type = pd.DataFrame({q: {"n": v.get("_queries", {}).get("n", 0),
                                    **{m: v[m]["ndcg@10"] for m in report.methods}}
                                for q, v in report.by_type.items()}).T
        by_type.index.name = "type"
        st.dataframe(by_type.style.format({m: "{:.4f}" for m in report.methods} | {"n": "{:.0f}"}), width="stretch")
        st.bar_chart(by_type.drop(columns="n"), stack=False, sort=False, x_label="", y_label="nDCG@10")
    if report.checks:
        st.subheader(t("ev.targets"))
        targets = pd.DataFrame([{"target": c.name, "value": c.value, "bar": c.bar, "met": "✓" if c.ok else "✗",
                                 "detail": c.detail} for c in report.checks])
        st.dataframe(targets.style.format({"value": "{:.4f}", "bar": "{:.4f}"}), hide_index=True, width="stretch")
    if accuracy:
        st.subheader(t("ev.accuracy"))
        frame = pd.DataFrame([{"type": q, "n": v["n"], "correct": v["correct"], "accuracy": v["accuracy"]}
                              for q, v in accuracy.items()])
        st.dataframe(frame.style.format({"accuracy": "{:.4f}"}), hide_index=True, width="stretch")
    st.image(png)
    st.download_button(t("ev.download"), markdown(report), file_name=f"{report.name}-{report.split}.md",
                       mime="text/markdown", key="ev_download")
