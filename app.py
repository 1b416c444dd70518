"""The web app: `streamlit run app.py`. Thin: every page calls the same Python API as the `directives` CLI.

Pages (sidebar, or the URL's query parameters so that a link works in any browser):
  ?page=ask      Hỏi đáp / Tìm kiếm: one input; the answer card with numbered citations, then the hits
  ?page=doc      Văn bản: the archive table and one document, ?doc=<id>&clause=<path> highlights a clause
  ?page=compare  So sánh: one topic, provinces (or years) side by side
  ?page=cites    Dẫn chiếu: every clause citing a document (?q=<number>), the most cited documents
  ?page=eval     Đánh giá: retrieval metrics on the bundled labelled set, the archive set (split by document),
                 a labelled file of yours, or a BEIR folder
  ?page=upload   Nạp văn bản: upload files into the archive
  &lang=en       English labels

Text from documents is always escaped (html.escape) before any <mark> is added, and goes out through st.html
(sanitised, no markdown), so a document's markdown or HTML shows as the literal text it is.
"""
from __future__ import annotations

from ingest.config import bound_openmp_spinning

bound_openmp_spinning()              # before the embedder or FAISS loads (see ingest/config.py)

import html
import json
import math
import re
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import streamlit as st

from index.milvus_search import make_searcher
from index.search import MODES, Filters, Hit, Searcher, parse_years
from index.text import has_diacritics
from ingest import config
from ingest.archive import Archive, NotFound
from ingest.errors import DirectivesError
from ingest.vietnamese import fold

EMBEDDER = "e5-small"
PAGES = ("ask", "doc", "compare", "cites", "eval", "upload")
ROLES = ("lead", "coordinate", "advise", "report_to", "mention")
UPLOAD_TYPES = ["pdf", "txt", "md", "docx"]

from qa.ui_text import CSS, KINDS, LABELS, QTYPES, ROLE_NAMES, SCROLL_TO  # noqa: E402


# -- language and navigation -------------------------------------------------------------------------------
def lang() -> str:
    return "en" if st.session_state.get("lang_en") else "vi"


def t(key: str, **kw) -> str:
    text = LABELS[lang()].get(key) or LABELS["vi"][key]
    return text.format(**kw) if kw else text


_MARKDOWN = re.compile(r"([\\`*_\[\]()<>!$~|#:&])")


def tm(key: str, **kw) -> str:
    """A label for st.info/st.warning/st.subheader (markdown), with user or document text in it made literal."""
    return t(key, **{k: _MARKDOWN.sub(r"\\\1", v) if isinstance(v, str) else v for k, v in kw.items()})


def from_query(key: str, value) -> None:
    """Let a URL parameter set a widget's value when the parameter changes (a link was followed)."""
    marker = "_qp_" + key
    if st.session_state.get(marker, object()) != value:
        st.session_state[marker] = value
        st.session_state[key] = value


def link(page: str, **params) -> str:
    """A same-tab URL to a page of this app; escaped for an href attribute."""
    query = {"page": page, **{k: v for k, v in params.items() if v}}
    if lang() == "en":
        query["lang"] = "en"
    return html.escape("?" + urlencode(query), quote=True)


def size(n: int) -> str:
    return f"{n / 2**20:.1f} MB" if n >= 2**20 else f"{n / 2**10:.0f} KB"


def esc(text) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def highlighted(text: str, spans: list[tuple[int, int]]) -> str:
    """The text escaped, with the spans wrapped in <mark> (each piece escaped on its own)."""
    out, pos = [], 0
    for start, end in sorted(spans):
        if end <= pos:
            continue
        start = max(start, pos)
        out += [esc(text[pos:start]), "<mark>", esc(text[start:end]), "</mark>"]
        pos = end
    out.append(esc(text[pos:]))
    return "".join(out)


def query_spans(text: str, words: list[str], marks: bool = True) -> list[tuple[int, int]]:
    """Where the query's content words occur in the text, without regard to case (nor to diacritics when the
    query was typed without them)."""
    same = (lambda s: s.lower()) if marks else fold
    folded = "".join(f if len(f := same(ch)) == 1 else ch for ch in text)
    spans = []
    for w in words:
        pattern = r"\s+".join(re.escape(same(p)) for p in w.replace("_", " ").split())
        if pattern:
            spans += [m.span() for m in re.finditer(r"(?<!\w)" + pattern + r"(?!\w)", folded)]
    return spans


# -- resources: loaded once per process, per data root -----------------------------------------------------
@dataclass
class Resources:
    searcher: Searcher
    lock: threading.RLock     # one search at a time on the shared SQLite connection
    generation: int           # the archive's generation the index was synced at


@st.cache_resource(show_spinner=False)
def _resources(home: str, embedder: str) -> Resources:
    searcher = make_searcher(embedder=embedder)     # on Milvus when $DIRECTIVES_MILVUS_URI names a server
    searcher.search("ủy ban nhân dân", k=1, mode="hybrid")   # loads the word segmenter, warms the embedder
    return Resources(searcher, threading.RLock(), searcher.archive.generation)


def resources() -> Resources:
    home = str(config.home())
    with st.spinner(t("loading")):
        res = _resources(home, EMBEDDER)
        if res.searcher.archive.generation != res.generation:   # changed by the CLI or another session
            _resources.clear()
            res = _resources(home, EMBEDDER)
    return res


@st.cache_resource(show_spinner=False)
def _eval_resources(home: str, embedder: str | None) -> Resources:
    from eval.runner import corpus_searcher

    searcher = corpus_searcher(embedder)
    return Resources(searcher, threading.RLock(), searcher.archive.generation)


@st.cache_resource(show_spinner=False)
def _archive_resources(home: str, embedder: str | None) -> Resources:
    from eval.archive_set import archive_searcher

    searcher = archive_searcher(embedder)
    return Resources(searcher, threading.RLock(), searcher.archive.generation)


@st.cache_data(show_spinner=False, max_entries=8)
def _documents(home: str, generation: int) -> list[dict]:
    res = _resources(home, EMBEDDER)
    with res.lock:
        docs, counts = res.searcher.archive.documents(), res.searcher.archive.clause_counts()
    rows = []
    for d in docs:
        row = d.to_dict(with_clauses=False)
        row["clauses"] = counts.get(d.id, 0)
        rows.append(row)
    return rows


def documents(res: Resources) -> list[dict]:
    return _documents(str(config.home()), res.generation)


def require_archive(res: Resources) -> bool:
    if not documents(res):
        st.info(t("empty_archive"))
        return False
    return True


# -- shared blocks -----------------------------------------------------------------------------------------
def where(number, doc_type, province, date, subject=None) -> str:
    title = number or (subject[:80] + ("…" if len(subject) > 80 else "") if subject else None) or doc_type
    return " · ".join(esc(x) for x in (title, province, date) if x)


def hit_html(n: int | str, hit: Hit, spans: list[tuple[int, int]], subjects: dict[str, str],
             cls: str = "dv-hit") -> str:
    head = where(hit.number, hit.doc_type, hit.province, hit.date, subjects.get(hit.doc_id))
    heading = (f'<div class="dv-headings">↳ {" › ".join(esc(h) for h in hit.headings)}</div>'
               if hit.headings else "")
    href = link("doc", doc=hit.doc_id, clause=hit.path)
    return (f'<div class="{cls}"><div class="dv-head"><b>[{esc(n)}]</b> {head} · {esc(t("clause"))} '
            f'<span class="dv-path">{esc(hit.path)}</span> · <a class="dv-open" href="{href}" target="_self">'
            f'{esc(t("open_doc"))}</a></div>{heading}'
            f'<div class="dv-text">{highlighted(hit.text, spans)}</div></div>')


def show_error(e: Exception) -> None:
    st.error(tm("error", e=str(e)))


# -- pages -------------------------------------------------------------------------------------------------
def page_ask(res: Resources) -> None:
    st.header(t("page.ask"))
    from_query("q", st.query_params.get("q", ""))
    query = st.text_input(t("query"), key="q", help=t("query_help"))
    docs = documents(res)
    provinces = sorted({d["province"] for d in docs if d["province"]})
    types = sorted({d["doc_type"] for d in docs if d["doc_type"]})
    with st.expander(t("filters")):
        c1, c2, c3 = st.columns(3)
        mode = c1.radio(t("mode"), MODES, horizontal=True, key="mode",
                        format_func=lambda m: {"hybrid": "hybrid", "bm25": "BM25", "dense": "dense"}[m])
        k = c1.slider(t("k"), 1, 50, 10, key="k")
        province = c2.selectbox(t("province"), ["", *provinces], key="f_province",
                                format_func=lambda p: p or t("any"))
        current = c2.text_input(t("current_province"), key="f_current")
        years = c2.text_input(t("years"), key="f_years")
        doc_type = c3.selectbox(t("doc_type"), ["", *types], key="f_type", format_func=lambda p: p or t("any"))
        issuer = c1.text_input(t("issuer"), key="f_issuer")
        agency = c3.text_input(t("agency"), key="f_agency")
        role = c3.selectbox(t("role"), ["", *ROLES], key="f_role",
                            format_func=lambda r: ROLE_NAMES[lang()].get(r, t("any")))
        cites = c1.text_input(t("cites"), key="f_cites")
    if not require_archive(res):
        return
    if not query.strip():
        st.info(t("enter_query"))
        return
    try:
        year_from, year_to = parse_years(years) if years.strip() else (None, None)
        filters = Filters(province=province or None, year_from=year_from, year_to=year_to, doc_type=doc_type or None,
                          issuer=issuer.strip() or None, agency=agency.strip() or None,
                          role=(role or None) if agency.strip() else None, cites=cites.strip() or None,
                          current_province=current.strip() or None)
        from qa.answer import NO_ANSWER, Answerer
        from qa.compare import content_words

        started = time.perf_counter()
        with res.lock:
            answer = Answerer(res.searcher).ask(query, filters)
            hits = res.searcher.search(query, k=k, mode=mode, filters=filters)
            words = content_words(res.searcher.plan(query).restored)
        elapsed = time.perf_counter() - started
    except DirectivesError as e:
        show_error(e)
        return
    st.caption(t("took", ms=elapsed * 1000))
    subjects = {d["id"]: d["subject"] for d in docs}
    if answer.found:
        qtype = QTYPES[lang()].get(answer.type, answer.type)
        parts = [(f'<div class="dv-card" id="answer-card"><div class="dv-head">{esc(t("answer"))} '
                  f'<span class="dv-badge">{esc(t("qtype"))}: {esc(qtype)}</span></div>'
                  f'<div class="dv-answer">{esc(answer.answer)}</div>')]
        if len(answer.answers) > 1:
            parts.append("<ul>" + "".join(
                f"<li>{esc(a.get('province') or '')}{': ' if a.get('province') else ''}{esc(a['text'])} "
                f"[{', '.join(esc(n) for n in a.get('citations', []))}]</li>" for a in answer.answers) + "</ul>")
        parts.append(f'<div class="dv-head">{esc(t("citations"))}</div>')
        parts += [hit_html(c.n, c.hit, c.marks, subjects, cls="dv-cite") for c in answer.citations]
        parts.append("</div>")
        st.html("".join(parts))
    else:           # "Trong kho không có văn bản nào dẫn chiếu ..." says more than "no answer"
        st.caption(t("no_answer") if answer.answer == NO_ANSWER else answer.answer)
    if not hits:
        st.info(tm("no_hits", q=query))
        return
    st.subheader(t("hits"))
    marks = has_diacritics(query)
    st.html("".join(hit_html(n, h, query_spans(h.text, words, marks), subjects) for n, h in enumerate(hits, start=1)))


def page_doc(res: Resources) -> None:
    st.header(t("page.doc"))
    if not require_archive(res):
        return
    docs = documents(res)
    with st.expander(t("doc.table"), expanded=not st.query_params.get("doc")):
        c1, c2, c3 = st.columns(3)
        provinces = sorted({d["province"] for d in docs if d["province"]})
        types = sorted({d["doc_type"] for d in docs if d["doc_type"]})
        province = c1.selectbox(t("province_f"), ["", *provinces], key="dt_province",
                                format_func=lambda p: p or t("any"))
        doc_type = c2.selectbox(t("type"), ["", *types], key="dt_type", format_func=lambda p: p or t("any"))
        text = c3.text_input(t("doc.filter_text"), key="dt_text")
        rows = [d for d in docs if (not province or d["province"] == province)
                and (not doc_type or d["doc_type"] == doc_type)
                and (not text.strip() or fold(text.strip()) in fold(f"{d['number'] or ''} {d['subject'] or ''}"))]
        st.dataframe([{t("number"): d["number"] or "", t("type"): d["doc_type"] or "",
                       t("province_f"): d["province"] or "", t("date"): d["date"] or "", t("clauses"): d["clauses"],
                       t("subject"): d["subject"] or "", t("id"): d["id"]} for d in rows],
                     hide_index=True, width="stretch")

    ref = st.query_params.get("doc")
    doc_id = None
    if ref:
        try:
            with res.lock:
                doc_id = res.searcher.archive.resolve(ref)
        except NotFound:
            st.warning(tm("doc.not_found", ref=ref))
    ids = [d["id"] for d in docs]
    by_id = {d["id"]: d for d in docs}
    from_query("doc_pick", doc_id or ids[0])

    def picked() -> None:
        st.query_params["doc"] = st.session_state["doc_pick"]
        st.query_params.pop("clause", None)
        st.session_state["_qp_doc_pick"] = st.session_state["doc_pick"]

    doc_id = st.selectbox(t("doc.pick"), ids, key="doc_pick", on_change=picked,
                          format_func=lambda i: " — ".join(x for x in (by_id[i]["number"] or by_id[i]["doc_type"],
                                                                       by_id[i]["province"], by_id[i]["date"],
                                                                       (by_id[i]["subject"] or "")[:70]) if x))
    with res.lock:
        doc = res.searcher.archive.get(doc_id)
    clause_path = st.query_params.get("clause") if st.query_params.get("doc") else None

    rows = [(t("number"), doc.number), (t("type"), doc.doc_type), (t("issuer_f"), doc.issuer),
            (t("province_f"), doc.province), (t("date"), doc.date), (t("subject"), doc.subject),
            (t("signer"), " - ".join(x for x in (doc.signer_title, doc.signer) if x) or None),
            (t("recipients"), "; ".join(doc.recipients) or None), (t("source"), Path(doc.source).name),
            (t("id"), doc.id)]
    st.html('<table class="dv-fields" id="doc-fields">' + "".join(
        f"<tr><td>{esc(k)}</td><td>{esc(v) if v else '—'}</td></tr>" for k, v in rows) + "</table>")
    if clause_path and clause_path not in {c.path for c in doc.clauses}:
        st.warning(tm("doc.no_clause", path=clause_path))
    roles = ROLE_NAMES[lang()]
    blocks = []
    for c in doc.clauses:
        mark = c.path == clause_path
        meta = [f"{esc(t('notes_l'))}: {esc(n)}" for n in c.notes]
        for label, items in (
                ("cites_l", [f'<a href="{link("cites", q=x.id)}" target="_self">{esc(x.id)}</a>'
                             + (f" ({esc(x.date)})" if x.date else "") for x in c.citations]),
                ("agencies_l", [f"{esc(x.agency)} ({esc(roles.get(x.role, x.role))})" for x in c.agencies]),
                ("deadlines_l", [f"{esc(x.raw)} → {esc(x.start)}" + (f"..{esc(x.end)}" if x.end else "")
                                 for x in c.deadlines])):
            if items:
                meta.append(f'<span class="dv-label">{esc(t(label))}:</span> ' + "; ".join(items))
        heading = (f'<div class="dv-headings">↳ {" › ".join(esc(h) for h in c.headings)}</div>'
                   if c.headings else "")
        body = f"<mark>{esc(c.text)}</mark>" if mark else esc(c.text)
        kind = KINDS[lang()].get(c.kind, c.kind)
        blocks.append(
            f'<div class="clause{" highlighted" if mark else ""}" id="clause-{esc(c.path)}">'
            f'<div class="dv-head"><span class="dv-path">{esc(c.path)}</span> {esc(kind)} · '
            f'{esc(t("page_n"))} {c.page}</div>{heading}<div class="dv-text">{body}</div>'
            + "".join(f'<div class="dv-meta">{m}</div>' for m in meta) + "</div>")
    st.html("".join(blocks))
    if clause_path in {c.path for c in doc.clauses}:
        # our own script, the clause id as a JSON string with "<" escaped; it scrolls the clause into view
        target = json.dumps("clause-" + clause_path).replace("<", "\\u003c")
        st.html(SCROLL_TO.replace("TARGET", target), unsafe_allow_javascript=True)


def page_compare(res: Resources) -> None:
    from qa.compare import compare, content_words

    st.header(t("page.compare"))
    topic = st.text_input(t("cmp.topic"), key="cmp_topic")
    c1, c2 = st.columns(2)
    by = c1.radio(t("cmp.by"), ("province", "year"), horizontal=True, key="cmp_by",
                  format_func=lambda b: t("cmp.by." + b))
    per_group = c2.slider(t("cmp.k"), 1, 10, 3, key="cmp_k")
    if not require_archive(res):
        return
    if not topic.strip():
        st.info(t("cmp.enter"))
        return
    try:
        started = time.perf_counter()
        with res.lock:
            result = compare(res.searcher, topic, by=by, per_group=per_group)
            words = content_words(res.searcher.plan(topic).restored)
        elapsed = time.perf_counter() - started
    except DirectivesError as e:
        show_error(e)
        return
    st.caption(t("took", ms=elapsed * 1000))
    if not result.columns:
        st.info(tm("cmp.none", q=topic))
        return
    subjects = {d["id"]: d["subject"] for d in documents(res)}
    for column, col in zip(st.columns(len(result.columns)), result.columns):
        with column:
            now = f' <span class="dv-badge">{esc(t("cmp.now", p=col.current))}</span>' if col.current else ""
            st.html(f'<h3 class="dv-column">{esc(col.key)}{now}</h3>' + "".join(
                hit_html(n, h, query_spans(h.text, words, has_diacritics(topic)), subjects)
                for n, h in enumerate(col.hits, start=1)))


def page_cites(res: Resources) -> None:
    from ingest.citations import parse_citation_query

    st.header(t("page.cites"))
    from_query("cite_q", st.query_params.get("q", ""))
    text = st.text_input(t("cit.query"), key="cite_q")
    if not require_archive(res):
        return
    if not text.strip():
        st.info(t("cit.enter"))
    else:
        number, province = parse_citation_query(text)
        with res.lock:
            found = res.searcher.archive.citing(number, province)
        if not found:
            st.info(tm("cit.none", n=number))
        else:
            groups: dict[str, list] = {}
            for doc, clause, cited in found:
                groups.setdefault(doc.id, []).append((doc, clause, cited))
            st.subheader(tm("cit.found", n=number, c=len(found), d=len(groups)))
            parts = []
            for doc_id, items in groups.items():
                doc = items[0][0]
                parts.append(f'<div class="dv-card cit-group"><div><b><a href="{link("doc", doc=doc_id)}" '
                             f'target="_self">{where(doc.number, doc.doc_type, doc.province, doc.date, doc.subject)}'
                             f"</a></b></div>")
                for _, clause, cited in items:
                    spans = [(cited.start, cited.end)]
                    parts.append(
                        f'<div class="dv-hit"><div class="dv-head">{esc(t("clause"))} '
                        f'<span class="dv-path">{esc(clause.path)}</span> · '
                        f'<a class="dv-open" href="{link("doc", doc=doc_id, clause=clause.path)}" target="_self">'
                        f'{esc(t("open_doc"))}</a></div><div class="dv-text">{highlighted(clause.text, spans)}</div>'
                        "</div>")
                parts.append("</div>")
            st.html("".join(parts))
    st.subheader(t("cit.top"))
    with res.lock:
        top = res.searcher.archive.most_cited(20)
    if top:
        import pandas as pd

        frame = pd.DataFrame(top, columns=[t("cit.cited"), t("cit.docs"), t("cit.mentions")])
        st.bar_chart(frame.head(10), x=t("cit.cited"), y=[t("cit.docs"), t("cit.mentions")], stack=False,
                     horizontal=True, sort=False, x_label="", y_label="")
        st.dataframe(frame, hide_index=True, width="stretch")


def page_eval() -> None:
    import pandas as pd

    from eval.report import chart, markdown
    from eval.runner import CORPUS_QUERIES, METRICS, answer_accuracy, dataset_queries, evaluate, labelled_queries

    st.header(t("page.eval"))
    source = st.radio(t("ev.source"), ("bundled", "archive", "queries", "beir"), key="ev_source", horizontal=True,
                      format_func=lambda s: t("ev." + s))
    path = st.text_input(t("ev.path" if source == "beir" else "ev.queries_path"), key="ev_path") \
        if source in ("queries", "beir") else ""
    on_corpus = st.checkbox(t("ev.on_corpus"), value=True, key="ev_on_corpus") if source == "queries" else True
    c1, c2 = st.columns(2)
    split = c1.selectbox(t("ev.split"), ("test", "dev", "all", "final") if source == "archive" else ("test", "dev", "all"),
                         key="ev_split")
    dense = c2.checkbox(t("ev.dense"), value=True, key="ev_dense")
    if st.button(t("ev.run"), key="ev_run", type="primary"):
        if source in ("queries", "beir") and not path.strip():
            st.info(t("ev.need_path" if source == "beir" else "ev.need_queries"))
            return
        embedder = EMBEDDER if dense else None
        try:
            with st.spinner(t("ev.running")):
                started = time.perf_counter()
                if source == "archive":   # the archive set over the bundled corpus and the development archive
                    from eval.archive_set import answers_by_split, archive_queries

                    res = _archive_resources(str(config.home()), embedder)
                    with res.lock:
                        queries = archive_queries(res.searcher)
                        report = evaluate(res.searcher, queries, "archive", split)
                        splits = ("dev", "test") if split == "all" else (split,)
                        report.answers_by_split = answers_by_split(res.searcher, queries, splits)
                        accuracy = report.answers_by_split[splits[-1]]
                elif source != "beir":      # labelled questions: the bundled set, or a file over corpus/ or your archive
                    file = CORPUS_QUERIES if source == "bundled" else Path(path.strip()).expanduser()
                    res = _eval_resources(str(config.home()), embedder) if on_corpus else resources()
                    with res.lock:
                        queries = labelled_queries(file, res.searcher)
                        report = evaluate(res.searcher, queries, "corpus" if source == "bundled" else file.stem, split)
                        accuracy = answer_accuracy(res.searcher, queries, split)
                else:
                    searcher, queries, name = dataset_queries(Path(path.strip()).expanduser(), embedder)
                    report = evaluate(searcher, queries, name, split)
                    accuracy = {}
                with tempfile.TemporaryDirectory() as tmp:
                    png = chart(report, Path(tmp) / "chart.png").read_bytes()
                st.session_state["ev_result"] = (report, accuracy, png, time.perf_counter() - started)
        except (DirectivesError, OSError, ValueError, KeyError) as e:
            show_error(e)
            return
    result = st.session_state.get("ev_result")
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


def page_upload() -> None:
    from ingest.pipeline import FileResult, ingest_paths

    st.header(t("page.upload"))
    limit = config.max_file_bytes()
    files = st.file_uploader(t("up.files"), type=UPLOAD_TYPES, accept_multiple_files=True, key="up_files",
                             help=t("up.limit", size=size(limit)), max_upload_size=max(1, math.ceil(limit / 2**20)))
    st.caption(t("up.limit", size=size(limit)))
    if st.button(t("up.button"), key="up_go", type="primary", disabled=not files):
        folder = config.home() / "uploads"     # a fixed folder: the same file name again replaces its document
        folder.mkdir(parents=True, exist_ok=True)
        paths, results = [], []
        for f in files:
            name = Path(f.name).name.strip()
            name = name if name not in ("", ".", "..") else "upload"
            if f.size > limit:
                results.append(FileResult(name, "error", error=t("up.too_big", size=size(f.size), limit=size(limit))))
                continue
            target = folder / name
            try:
                target.write_bytes(f.getvalue())
            except OSError as e:
                results.append(FileResult(name, "error", error=f"cannot save: {e.strerror or e}"))
                continue
            paths.append(target)
        bar = st.progress(0.0)

        def progress(p) -> None:
            bar.progress(p.done / max(p.total, 1), text=f"{p.done}/{p.total} {Path(p.result.path).name}")

        with Archive() as archive:
            results += ingest_paths(paths, archive, limit, progress)
        bar.empty()
        _resources.clear()       # the next search syncs the index with the new documents
        st.session_state["up_results"] = [(Path(r.path).name, r.status, r.doc_id, r.clauses, r.error)
                                          for r in results]
    results = st.session_state.get("up_results")
    if not results:
        st.info(t("up.pick"))
        return
    st.subheader(t("up.result"))
    items = []
    for name, status, doc_id, clauses, error in results:
        detail = esc(error) if status == "error" else (
            f'{clauses} {esc(t("clause"))} · <a href="{link("doc", doc=doc_id)}" target="_self">'
            f'{esc(t("open_doc"))}</a>')
        items.append(f'<li class="up-result"><b>{esc(name)}</b>: <span class="dv-status-{esc(status)}">'
                     f'{esc(t("status." + status))}</span> — {detail}</li>')
    st.html('<ul id="upload-results">' + "".join(items) + "</ul>")


# -- the app -----------------------------------------------------------------------------------------------
def main() -> None:
    st.set_page_config(page_title="Directives", page_icon="📜", layout="wide")
    from_query("lang_en", st.query_params.get("lang") == "en")
    page = st.query_params.get("page", "ask")
    from_query("nav", page if page in PAGES else "ask")
    with st.sidebar:
        st.title(t("app"))
        page = st.radio(t("nav"), PAGES, key="nav", format_func=lambda p: t("page." + p))
        st.toggle(t("english"), key="lang_en")
    if st.query_params.get("page", "ask") != page:      # chosen in the sidebar: a clean URL for that page
        st.query_params.clear()
        st.query_params["page"] = page
        st.session_state["_qp_nav"] = page
    if (st.query_params.get("lang") == "en") != bool(st.session_state.get("lang_en")):
        if st.session_state.get("lang_en"):
            st.query_params["lang"] = "en"
        else:
            st.query_params.pop("lang", None)
        st.session_state["_qp_lang_en"] = bool(st.session_state.get("lang_en"))
    st.html(CSS)
    if page == "eval":
        page_eval()
        return
    try:
        res = resources()
    except DirectivesError as e:
        show_error(e)
        return
    counts = documents(res)
    st.sidebar.caption(t("archive_size", docs=len(counts), clauses=sum(d["clauses"] for d in counts)))
    if page == "upload":
        page_upload()
    else:
        {"ask": page_ask, "doc": page_doc, "compare": page_compare, "cites": page_cites}[page](res)


main()
