"""What every page of the app shares: labels in the user's language, links, escaping, the hit card, and the
search resources.

The index is loaded once per process and data root and shared by every browser session; each session searches
it through a Searcher of its own (its own SQLite connection and query-embedding thread). The app had put one
shared searcher under one lock, so a 100 KB question in one session (107 s) held every other session's normal
question behind it (105 s); now sessions run side by side, and each query is bounded by qa.service's budgets.
"""
from __future__ import annotations

import html
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import streamlit as st

from index.milvus_search import make_searcher
from index.search import Hit, Searcher
from ingest import config
from ingest.archive import Archive
from ingest.vietnamese import fold
from qa.ui_text import LABELS

EMBEDDER = "e5-small"


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


# -- resources: the index loaded once per process and data root, a searcher per session --------------------
@dataclass
class Resources:
    searcher: Searcher        # built once; its index (BM25, vectors, embedder) is read by every session
    generation: int           # the archive's generation the index was synced at


@st.cache_resource(show_spinner=False)
def _resources(home: str, embedder: str) -> Resources:
    searcher = make_searcher(embedder=embedder)     # on Milvus when $DIRECTIVES_MILVUS_URI names a server
    searcher.search("ủy ban nhân dân", k=1, mode="hybrid")   # loads the word segmenter, warms the embedder
    return Resources(searcher, searcher.archive.generation)


def resources() -> Resources:
    home = str(config.home())
    with st.spinner(t("loading")):
        res = _resources(home, EMBEDDER)
        if session_searcher(res).archive.generation != res.generation:   # changed by the CLI or another session
            _resources.clear()
            res = _resources(home, EMBEDDER)
    return res


def session_searcher(res: Resources, name: str = "main") -> Searcher:
    """This session's Searcher over `res`'s shared index: its own archive connection, query-vector cache and
    embedding thread, so nothing one session runs waits on another's. Made again when `res` is replaced."""
    key = f"_searcher_{name}"
    held = st.session_state.get(key)
    if held is None or held[0] is not res:
        if held is not None:
            held[1].archive.close()
        archive = Archive(res.searcher.archive.path) if res.searcher.archive is not None else None
        held = (res, type(res.searcher)(archive, index=res.searcher.index))    # embedded or Milvus, as loaded
        st.session_state[key] = held
    return held[1]


def session_lock() -> threading.RLock:
    """One query at a time within a session (a rerun waits for the run it replaces); sessions never share it."""
    return st.session_state.setdefault("_query_lock", threading.RLock())


@st.cache_data(show_spinner=False, max_entries=8)
def _documents(home: str, generation: int) -> list[dict]:
    with Archive(Path(home) / "archive.sqlite3") as archive:       # its own connection; the rows serve every session
        docs, counts = archive.documents(), archive.clause_counts()
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
