"""The upload page: files into the archive, and no upload ever takes another's place unasked.

Uploads had been kept under their base name in one folder, so a second `congvan.txt` with other contents
replaced the first directive ("replaced", and the first was gone). Now each upload is kept by its content
(uploads/<sha256 prefix>/<name>): the same bytes again are a duplicate, different bytes under the same name
are a second document, and the page says so before anything is stored. A replacement happens only when the
user asks for one, for a single file, and the page names the document it will remove before the button does
it; the old document goes only after the new one is stored.
"""
from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from ingest import config
from ingest.archive import Archive
from ingest.errors import DirectivesError
from qa.web import Resources, documents, esc, link, show_error, size, t, tm

UPLOAD_TYPES = ["pdf", "txt", "md", "docx"]


@dataclass
class Uploaded:
    """One result line of the page."""

    name: str
    status: str                   # added | duplicate | replaced | error
    doc_id: str | None = None
    clauses: int = 0
    error: str | None = None
    replaced: str | None = None   # the document it replaced, as the page named it


def safe_name(name: str) -> str:
    """The file's own name, without folders or control characters."""
    name = re.sub(r"[\x00-\x1f\x7f/\\]", "_", Path(name).name).strip()
    return name if name not in ("", ".", "..") else "upload"


def stored_path(folder: Path, data: bytes, name: str) -> Path:
    """Where an upload is kept: a folder per content, so equal names never meet and equal bytes always do."""
    return folder / hashlib.sha256(data).hexdigest()[:16] / safe_name(name)


def doc_label(doc: dict) -> str:
    return " — ".join(x for x in (doc["number"] or doc["doc_type"], doc["province"], doc["date"],
                                  (doc["subject"] or "")[:70]) if x)


def _notes(files, archive: Archive, by_id: dict[str, dict]) -> list[str]:
    """What will happen to each picked file, said before anything is stored."""
    sources = archive.sources()
    notes = []
    for f in files:
        data = f.getvalue()
        digest = hashlib.sha256(data).hexdigest()
        name = safe_name(f.name)
        same = next((d for _, d, h in sources if h == digest and d in by_id), None)
        named = sorted({d for p, d, h in sources if Path(p).name == name and h != digest and d in by_id})
        if same:
            notes.append(tm("up.note_same", name=name, doc=doc_label(by_id[same])))
        for d in named:
            notes.append(tm("up.note_name", name=name, doc=doc_label(by_id[d])))
    return notes


def page_upload(res: Resources) -> None:
    from ingest.pipeline import ingest_paths

    st.header(t("page.upload"))
    limit = config.max_file_bytes()
    files = st.file_uploader(t("up.files"), type=UPLOAD_TYPES, accept_multiple_files=True, key="up_files",
                             help=t("up.limit", size=size(limit)), max_upload_size=max(1, math.ceil(limit / 2**20)))
    st.caption(t("up.limit", size=size(limit)))
    with Archive() as archive:
        older = archive.read_by_older()
    if older:
        st.info(tm("up.older", n=older))          # an upgrade reads better: the same files, uploaded again, re-read
    docs = documents(res)
    by_id = {d["id"]: d for d in docs}
    target = None
    if files:
        with Archive() as archive:
            for note in _notes(files, archive, by_id):
                st.info(note)
        if docs and st.checkbox(t("up.replace"), key="up_replace", disabled=len(files) != 1,
                                help=t("up.replace_help")) and len(files) == 1:
            target = st.selectbox(t("up.replace_which"), list(by_id), key="up_target",
                                  format_func=lambda i: doc_label(by_id[i]))
            st.warning(tm("up.will_replace", name=safe_name(files[0].name), doc=doc_label(by_id[target])))
    label = t("up.button_replace") if target else t("up.button")
    if st.button(label, key="up_go", type="primary", disabled=not files):
        try:
            st.session_state["up_results"] = _store(files, limit, target, by_id, ingest_paths)
        except DirectivesError as e:
            show_error(e)
            return
        from qa.web import _resources

        _resources.clear()       # the next search syncs the index with the new documents
    _show(st.session_state.get("up_results"))


def _store(files, limit: int, target: str | None, by_id: dict[str, dict], ingest_paths) -> list[Uploaded]:
    folder = config.home() / "uploads"
    paths, results = [], []
    for f in files:
        name = safe_name(f.name)
        if f.size > limit:
            results.append(Uploaded(name, "error", error=t("up.too_big", size=size(f.size), limit=size(limit))))
            continue
        data = f.getvalue()
        path = stored_path(folder, data, name)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists():
                path.write_bytes(data)
        except OSError as e:
            results.append(Uploaded(name, "error", error=f"cannot save: {e.strerror or e}"))
            continue
        paths.append(path)
    bar = st.progress(0.0)

    def progress(p) -> None:
        bar.progress(p.done / max(p.total, 1), text=f"{p.done}/{p.total} {Path(p.result.path).name}")

    with Archive() as archive:
        stored = ingest_paths(paths, archive, limit, progress, on_wait=lambda: st.info(t("up.waiting")))
        for r in stored:
            item = Uploaded(Path(r.path).name, r.status, r.doc_id, r.clauses, r.error)
            if target and r.status in ("added", "duplicate", "reread") and r.doc_id != target:
                archive.remove(target)           # only now that the new document is in
                item.status, item.replaced = "replaced", doc_label(by_id[target])
            results.append(item)
    bar.empty()
    return results


def _show(results: list[Uploaded] | None) -> None:
    if not results:
        st.info(t("up.pick"))
        return
    st.subheader(t("up.result"))
    items = []
    for r in results:
        if r.status == "error":
            detail = esc(r.error)
        else:
            detail = (f'{r.clauses} {esc(t("clause"))} · <a href="{link("doc", doc=r.doc_id)}" target="_self">'
                      f'{esc(t("open_doc"))}</a>')
            if r.replaced:
                detail += f' · {esc(t("up.replaced_what", doc=r.replaced))}'
        items.append(f'<li class="up-result"><b>{esc(r.name)}</b>: <span class="dv-status-{esc(r.status)}">'
                     f'{esc(t("status." + r.status))}</span> — {detail}</li>')
    st.html('<ul id="upload-results">' + "".join(items) + "</ul>")
