"""The web app: `streamlit run app.py`. Thin: every page calls the same Python API as the `directives` CLI.

Pages (sidebar, or the URL's query parameters so that a link works in any browser):
  ?page=ask      Hỏi đáp / Tìm kiếm: one input; the answer card with numbered citations, then the hits
  ?page=doc      Văn bản: the archive table and one document, ?doc=<id>&clause=<path> highlights a clause
  ?page=compare  So sánh: one topic, provinces (or years) side by side
  ?page=cites    Dẫn chiếu: every clause citing a document (?q=<number>), the most cited documents
  ?page=eval     Đánh giá: retrieval metrics on the bundled labelled set, the archive set (split by document),
                 ALQAC when present, or files the user uploads (qa/page_eval.py); never a typed server path
  ?page=upload   Nạp văn bản: upload files into the archive, kept by content; a replacement only when asked
                 for, naming the document it replaces first (qa/page_upload.py)
  &lang=en       English labels

Many staff share one app: every session searches the shared index through a Searcher of its own, and
every question is cut to its character budget and run under its time budget (qa/web.py, qa/service.py).

Text from documents is always escaped (html.escape) before any <mark> is added, and goes out through st.html
(sanitised, no markdown), so a document's markdown or HTML shows as the literal text it is.
"""
from __future__ import annotations

from ingest.config import bound_openmp_spinning, check_limits

bound_openmp_spinning()              # before the embedder or FAISS loads (see ingest/config.py)

import json
import logging
import time
from pathlib import Path

import streamlit as st

from index.search import MODES, Filters, parse_years
from index.text import has_diacritics
from ingest.archive import NotFound
from ingest.errors import DirectivesError
from ingest.vietnamese import fold
from qa.ui_text import CSS, KINDS, QTYPES, ROLE_NAMES, SCROLL_TO
from qa.web import (
    Resources,
    documents,
    esc,
    from_query,
    highlighted,
    hit_html,
    lang,
    link,
    query_spans,
    require_archive,
    resources,
    session_lock,
    session_searcher,
    show_error,
    t,
    tm,
    where,
)

PAGES = ("ask", "doc", "compare", "cites", "eval", "upload")
ROLES = ("lead", "coordinate", "advise", "report_to", "mention")


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
        from qa import service
        from qa.answer import NO_ANSWER

        started = time.perf_counter()
        with session_lock():
            result = service.ask_and_search(session_searcher(res), query, filters, k=k, mode=mode)
        elapsed = time.perf_counter() - started
    except DirectivesError as e:
        show_error(e)
        return
    answer, hits, words = result.answer, result.hits, result.words
    if result.query.cut:
        st.warning(t("query_cut", typed=result.query.typed_chars, limit=result.query.limit,
                     kept=len(result.query.text)))
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
            doc_id = session_searcher(res).archive.resolve(ref)
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
    try:
        doc = session_searcher(res).archive.get(doc_id)
    except NotFound as e:                   # removed by another session since the table was read
        st.warning(tm("error", e=str(e)))
        return
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
        from index import budget

        started = time.perf_counter()
        clipped = budget.clip(topic)
        with session_lock(), budget.deadline():
            searcher = session_searcher(res)
            result = compare(searcher, clipped.text, by=by, per_group=per_group)
            words = content_words(searcher.plan(clipped.text).restored)
        elapsed = time.perf_counter() - started
        if clipped.cut:
            st.warning(t("query_cut", typed=clipped.typed_chars, limit=clipped.limit, kept=len(clipped.text)))
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
        found = session_searcher(res).archive.citing(number, province)
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
    top = session_searcher(res).archive.most_cited(20)
    if top:
        import pandas as pd

        frame = pd.DataFrame(top, columns=[t("cit.cited"), t("cit.docs"), t("cit.mentions")])
        st.bar_chart(frame.head(10), x=t("cit.cited"), y=[t("cit.docs"), t("cit.mentions")], stack=False,
                     horizontal=True, sort=False, x_label="", y_label="")
        st.dataframe(frame, hide_index=True, width="stretch")


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
    try:
        check_limits()                                  # a bad DIRECTIVES_* setting: said once, nothing runs
    except DirectivesError as e:
        show_error(e)
        return
    try:
        show_page(page)
    except DirectivesError as e:
        show_error(e)
    except Exception as e:          # a bug: one line for the user, the traceback for the server's log
        logging.getLogger("directives.app").exception("page %s failed", page)
        st.error(t("internal", kind=type(e).__name__))


def show_page(page: str) -> None:
    if page == "eval":
        from qa.page_eval import page_eval

        page_eval()
        return
    res = resources()
    counts = documents(res)
    st.sidebar.caption(t("archive_size", docs=len(counts), clauses=sum(d["clauses"] for d in counts)))
    if page == "upload":
        from qa.page_upload import page_upload

        page_upload(res)
    else:
        {"ask": page_ask, "doc": page_doc, "compare": page_compare, "cites": page_cites}[page](res)


main()
