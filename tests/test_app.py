"""The Streamlit app, page by page, with streamlit's AppTest (no browser): each page's main interaction."""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from conftest import CORPUS, ROOT, older_reader

from ingest.archive import Archive
from qa.cli import main

testing = pytest.importorskip("streamlit.testing.v1", reason="streamlit is not installed (pip install streamlit)")
AppTest = testing.AppTest

APP = str(ROOT / "app.py")
TIMEOUT = 300            # the first run in a data root loads the embedder and indexes the archive
QUESTION = "Ai chủ trì thanh tra, kiểm tra các nhiệm vụ quản lý nhà nước đã phân cấp?"

INJECTION = """ỦY BAN NHÂN DÂN
TỈNH AN GIANG
Số: 999/UBND-KT
An Giang, ngày 15 tháng 3 năm 2023
V/v kiểm thử hiển thị ký tự đặc biệt
Kính gửi: Các sở, ban, ngành tỉnh
1. Sở Thông tin và Truyền thông chủ trì kiểm thử chuỗi <script>alert(1)</script> trên cổng thông tin.
2. Sở Tư pháp phối hợp kiểm thử thẻ <img src=x onerror=alert(1)> khi hiển thị văn bản.
3. Văn phòng kiểm thử liên kết [link](javascript:alert(1)) khi hiển thị.
Yêu cầu các cơ quan thực hiện nghiêm túc./.
"""

UPLOADED = """ỦY BAN NHÂN DÂN
TỈNH KIÊN GIANG
Số: 777/UBND-KT
Kiên Giang, ngày 02 tháng 6 năm 2023
V/v phát triển nghề nuôi chim yến
Kính gửi: Các sở, ban, ngành tỉnh
1. Sở Nông nghiệp và Phát triển nông thôn chủ trì quy hoạch vùng nuôi chim yến trên địa bàn tỉnh.
2. Ủy ban nhân dân cấp huyện phối hợp quản lý nhà yến, báo cáo trước ngày 30/9/2023.
Yêu cầu các cơ quan thực hiện nghiêm túc./.
"""


@pytest.fixture(scope="module")
def corpus_home(tmp_path_factory):
    """One archive of the bundled corpus for the module."""
    home = tmp_path_factory.mktemp("app-corpus")
    mp = pytest.MonkeyPatch()
    mp.setenv("DIRECTIVES_HOME", str(home))
    assert main(["ingest", str(CORPUS)]) == 0
    mp.undo()
    return home


@pytest.fixture
def corpus(corpus_home, monkeypatch) -> Path:
    monkeypatch.setenv("DIRECTIVES_HOME", str(corpus_home))
    return corpus_home


def app(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update(query)
    return at.run()


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def html(at: AppTest) -> str:
    return "\n".join(h.value for h in at.html)


def infos(at: AppTest) -> str:
    return "\n".join(i.value for i in at.info)


def vinh_phuc_id(home: Path) -> str:
    with Archive(home / "archive.sqlite3") as archive:
        return next(d.id for d in archive.documents() if d.province == "Vĩnh Phúc")


def test_ask_shows_the_answer_card_and_the_hits(corpus):
    at = ok(app())
    assert "Nhập câu hỏi" in infos(at)                    # an empty query asks for one
    ok(at.text_input(key="q").input(QUESTION).run())
    card = next(h.value for h in at.html if 'id="answer-card"' in h.value)
    assert '<div class="dv-answer">Thanh tra tỉnh</div>' in card
    assert "Loại câu hỏi: cơ quan" in card
    assert "<b>[1]</b>" in card and "<mark>Thanh tra tỉnh</mark>" in card    # numbered citation, evidence marked
    hits = [h.value for h in at.html if h.value.startswith('<div class="dv-hit">')]
    assert hits and hits[0].count('<div class="dv-hit">') == 10
    assert "<mark>thanh tra</mark>" in hits[0].lower()                        # query words highlighted
    assert any(re.fullmatch(r"Thời gian: \d+ ms", c.value) for c in at.caption)

    # the citation's link opens the document page at that clause
    href = re.search(r'class="dv-open" href="([^"]+)"', card).group(1).replace("&amp;", "&")
    params = {k: v[0] for k, v in parse_qs(urlparse(href).query).items()}
    assert params == {"page": "doc", "doc": vinh_phuc_id(corpus), "clause": "8"}
    doc = ok(app(**params))
    assert '<div class="clause highlighted" id="clause-8">' in html(doc)



def test_ask_who_cites_a_decree(corpus):
    """Answered from the archive's citing clauses: both directives, each citation marked where it cites the decree."""
    at = ok(app(q="Văn bản nào trích dẫn Nghị định 107/2021/NĐ-CP?"))
    card = next(h.value for h in at.html if 'id="answer-card"' in h.value)
    assert ('<div class="dv-answer">107/2021/NĐ-CP được dẫn chiếu trong 2 văn bản: 1504/UBND-TH (An Giang, 25/10/2024); '
            '582/UBND-NC (Kiên Giang, 21/04/2022)</div>') in card
    assert card.count("<mark>Nghị định số 107/2021/NĐ-CP") == 2 and "<b>[2]</b>" in card and "<b>[3]</b>" not in card
    # nothing cites it: said so, not "no answer"
    at = ok(app(q="Văn bản nào trích dẫn Nghị định 999/2020/NĐ-CP?"))
    assert not any('id="answer-card"' in h.value for h in at.html)
    assert "Trong kho không có văn bản nào dẫn chiếu 999/2020/NĐ-CP." in [c.value for c in at.caption]

def test_filters_mode_and_no_hits(corpus):
    at = ok(app())
    at.radio(key="mode").set_value("bm25")
    ok(at.text_input(key="q").input("zzqxv wqzzk").run())
    assert "Không tìm thấy điều khoản phù hợp" in infos(at)
    at.radio(key="mode").set_value("hybrid")
    at.selectbox(key="f_province").set_value("An Giang")
    ok(at.text_input(key="q").input("cải cách hành chính").run())
    hits = next(h.value for h in at.html if h.value.startswith('<div class="dv-hit">'))
    assert "An Giang" in hits and "Kiên Giang" not in hits and "Vĩnh Phúc" not in hits
    at.text_input(key="f_years").input("20xx").run()
    assert at.error and "year range" in at.error[0].value                   # a bad filter is an error, not a crash
    assert not at.exception


def test_document_page_highlights_the_clause_from_the_url(corpus):
    doc_id = vinh_phuc_id(corpus)
    at = ok(app(page="doc", doc=doc_id, clause="8"))
    text = html(at)
    assert '<div class="clause highlighted" id="clause-8">' in text
    assert text.count("clause highlighted") == 1
    assert "Thanh tra tỉnh (chủ trì)" in text                                # agencies with Vietnamese roles
    assert "Ủy ban nhân dân tỉnh Vĩnh Phúc" in text                           # header fields
    assert at.sidebar.radio(key="nav").value == "doc"
    assert len(at.dataframe) == 1 and len(at.dataframe[0].value) == 5      # the archive table
    # a document that cites others links each citation to the citations page
    at = ok(app(page="doc", doc="1319/UBND-TH"))
    assert "page=cites&amp;q=108%2F2014%2FN%C4%90-CP" in html(at)
    at = ok(app(page="doc", doc="no-such-doc"))
    assert at.warning and "no-such-doc" in at.warning[0].value


def test_compare_shows_three_provinces(corpus):
    at = ok(app(page="compare"))
    assert "Nhập một chủ đề" in infos(at)
    ok(at.text_input(key="cmp_topic").input("cải cách thủ tục hành chính").run())
    heads = [re.search(r'<h3 class="dv-column">([^<]+)', h.value).group(1).strip()
             for h in at.html if 'class="dv-column"' in h.value]
    assert heads == ["An Giang", "Kiên Giang", "Vĩnh Phúc"]
    assert len(at.columns) >= 3


def test_citations_page_lists_both_directives(corpus):
    at = ok(app(page="cites"))
    assert at.get("vega_lite_chart")                                          # the most cited, as a bar chart
    ok(at.text_input(key="cite_q").input("108/2014/ND-CP").run())
    assert at.subheader[0].value == "108/2014/NĐ-CP: 3 điều khoản trong 2 văn bản"
    groups = next(h.value for h in at.html if "cit-group" in h.value)
    assert groups.count('class="dv-card cit-group"') == 2
    assert "1319/UBND-TH" in groups and "Kiên Giang" in groups
    assert re.search(r"<mark>[^<]*108/2014/NĐ-CP[^<]*</mark>", groups)       # the citation marked in the clause


def test_sidebar_navigation_and_english(corpus):
    at = ok(app())
    at.sidebar.radio(key="nav").set_value("cites").run()
    assert at.query_params["page"] == "cites" and at.header[0].value == "Dẫn chiếu"
    ok(at.sidebar.toggle(key="lang_en").set_value(True).run())
    assert at.header[0].value == "Citations" and at.query_params.get("lang") == "en"


def test_empty_archive_shows_a_message_on_every_page(directives_home):
    for page in ("ask", "doc", "compare", "cites"):
        at = ok(app(page=page))
        assert "Kho văn bản trống" in infos(at), page
    at = app()
    ok(at.text_input(key="q").input(QUESTION).run())
    assert "Kho văn bản trống" in infos(at)


def test_upload_adds_then_finds_the_document(directives_home, monkeypatch):
    monkeypatch.setenv("DIRECTIVES_MAX_FILE_MB", "0.01")
    at = ok(app(page="upload"))
    assert "Chọn một hoặc nhiều tệp" in infos(at)
    at.file_uploader(key="up_files").set_value([
        ("kien-giang_777-UBND-KT_2023.txt", UPLOADED.encode("utf-8"), "text/plain"),
        ("big.txt", b"x" * 20_000, "text/plain"),
        ("broken.pdf", b"this is not a pdf", "application/pdf")]).run()
    ok(at.button(key="up_go").click().run())
    results = next(h.value for h in at.html if 'id="upload-results"' in h.value)
    assert re.search(r'kien-giang_777-UBND-KT_2023\.txt</b>: <span class="dv-status-added">đã thêm \(added\)',
                     results)
    assert re.search(r"big\.txt</b>: .*lỗi \(error\)</span> — tệp 20 KB, vượt giới hạn 10 KB", results)
    assert re.search(r"broken\.pdf</b>: .*lỗi \(error\)</span> — \S+", results)
    assert len(list((directives_home / "uploads").glob("*/kien-giang_777-UBND-KT_2023.txt"))) == 1   # by content

    at.sidebar.radio(key="nav").set_value("ask").run()
    ok(at.text_input(key="q").input("nuôi chim yến").run())
    hits = next(h.value for h in at.html if h.value.startswith('<div class="dv-hit">'))
    first = re.sub(r"<[^>]+>", "", hits.split('<div class="dv-hit">')[1])
    assert "777/UBND-KT" in first and "chim yến" in first

    at.sidebar.radio(key="nav").set_value("upload").run()
    at.file_uploader(key="up_files").set_value(
        ("kien-giang_777-UBND-KT_2023.txt", UPLOADED.encode("utf-8"), "text/plain")).run()
    assert "có cùng nội dung với văn bản đã có: 777/UBND-KT" in infos(at)        # said before it is stored
    ok(at.button(key="up_go").click().run())
    assert "trùng, đã có (duplicate)" in next(h.value for h in at.html if 'id="upload-results"' in h.value)


def test_an_upload_read_by_an_older_parser_is_read_again_when_uploaded_again(directives_home):
    """After an upgrade, the upload page says how many documents an older parser read; uploading the same file
    reads it again under its id."""
    file = ("kien-giang_777-UBND-KT_2023.txt", UPLOADED.encode("utf-8"), "text/plain")
    with pytest.MonkeyPatch.context() as mp:
        older_reader(mp)                 # a release whose parser was version 0 and lost the last clause
        at = ok(app(page="upload"))
        at.file_uploader(key="up_files").set_value(file).run()
        ok(at.button(key="up_go").click().run())
    with Archive() as a:
        older_clauses = len(a.clauses())
    at = ok(app(page="upload"))
    assert "1 văn bản trong kho được đọc bằng bộ đọc cũ" in infos(at)
    at.file_uploader(key="up_files").set_value(file).run()
    ok(at.button(key="up_go").click().run())
    results = next(h.value for h in at.html if 'id="upload-results"' in h.value)
    assert "đã đọc lại theo bộ đọc mới (reread)" in results
    assert "bộ đọc cũ" not in infos(ok(app(page="upload")))
    with Archive() as a:
        (doc,) = a.documents()
        assert len(a.clauses(doc.id)) == older_clauses + 1       # the clause the older parser lost is back


def test_uploads_never_overwrite_each_other_and_replace_only_when_asked(directives_home):
    """Issue 20: a second `congvan.txt` with other contents was reported "replaced" and the first was gone."""
    other = UPLOADED.replace("777/UBND-KT", "778/UBND-KT").replace("chim yến", "cá tra")
    third = UPLOADED.replace("777/UBND-KT", "779/UBND-KT").replace("chim yến", "bò sữa")
    at = ok(app(page="upload"))
    at.file_uploader(key="up_files").set_value(("congvan.txt", UPLOADED.encode("utf-8"), "text/plain")).run()
    ok(at.button(key="up_go").click().run())
    at.file_uploader(key="up_files").set_value(("congvan.txt", other.encode("utf-8"), "text/plain")).run()
    assert "Đã có một tệp cùng tên “congvan.txt” nhưng khác nội dung: 777/UBND-KT" in infos(at)
    ok(at.button(key="up_go").click().run())
    assert "đã thêm (added)" in next(h.value for h in at.html if 'id="upload-results"' in h.value)
    with Archive() as archive:
        assert sorted(d.number for d in archive.documents()) == ["777/UBND-KT", "778/UBND-KT"]   # none lost
        first = next(d.id for d in archive.documents() if d.number == "777/UBND-KT")
    assert len(list((directives_home / "uploads").glob("*/congvan.txt"))) == 2

    # a replacement: asked for, and the page names the document before the button removes it
    at.file_uploader(key="up_files").set_value(("congvan-moi.txt", third.encode("utf-8"), "text/plain")).run()
    ok(at.checkbox(key="up_replace").check().run())
    ok(at.selectbox(key="up_target").set_value(first).run())
    assert at.warning[0].value.startswith("Tệp “congvan-moi.txt” sẽ thay thế văn bản: 777/UBND-KT — Kiên Giang")
    assert at.button(key="up_go").label == "Nạp và thay thế"
    with Archive() as archive:
        assert len(archive.documents()) == 2                                  # nothing happened yet
    ok(at.button(key="up_go").click().run())
    results = next(h.value for h in at.html if 'id="upload-results"' in h.value)
    assert "đã thay bản cũ (replaced)" in results and "đã thay thế 777/UBND-KT" in results
    with Archive() as archive:
        assert sorted(d.number for d in archive.documents()) == ["778/UBND-KT", "779/UBND-KT"]
        assert archive.check() == []


def test_a_long_question_is_cut_with_a_notice(corpus):
    at = ok(app())
    ok(at.text_input(key="q").input("mot cua lien thong " * 6000).run())
    assert at.warning and at.warning[0].value.startswith("Câu hỏi dài 114,000 ký tự, vượt giới hạn 2,000 ký tự")
    assert any(h.value.startswith('<div class="dv-hit">') for h in at.html)
    ok(at.text_input(key="q").input("SELECT * FROM clauses WHERE 1=1").run())
    assert "Không tìm thấy câu trả lời trong kho văn bản." in [c.value for c in at.caption]
    assert not any('id="answer-card"' in h.value for h in at.html)


def test_document_text_is_never_rendered_as_html_or_markdown(directives_home, tmp_path):
    source = tmp_path / "an-giang_999-UBND-KT_2023.txt"
    source.write_text(INJECTION, encoding="utf-8")
    assert main(["ingest", str(source)]) == 0
    with Archive() as archive:
        doc_id = archive.documents()[0].id
    at = ok(app(page="doc", doc=doc_id, clause="1"))
    text = html(at)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    assert "[link](javascript:alert(1))" in text                 # st.html: markdown is not parsed, stays literal
    at = ok(app())
    ok(at.text_input(key="q").input("kiểm thử hiển thị").run())
    shown = html(at)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown and "[link](javascript:alert(1))" in shown
    for rendered in (text, shown):
        assert "<script>alert" not in rendered and "<img src=x" not in rendered
    # nothing from a document goes through markdown
    markdown = "\n".join(m.value for m in at.markdown)
    assert "javascript:" not in markdown and "alert(1)" not in markdown


@pytest.mark.slow
def test_evaluation_page_runs_on_the_bundled_set(directives_home):
    at = ok(app(page="eval"))
    assert "Chạy đánh giá" in infos(at)
    ok(at.button(key="ev_run").click().run(timeout=900))
    assert re.match(r"corpus — phần test, \d+ truy vấn", at.caption[0].value)
    methods, by_type, targets, accuracy = (d.value for d in at.dataframe[:4])
    assert {"bm25", "dense", "hybrid", "hybrid-rrf"} <= set(methods.index)
    assert 0.5 < methods.loc["hybrid", "ndcg@10"] <= 1
    assert "agency" in by_type.index and by_type.loc["agency", "n"] > 0
    assert set(accuracy["type"]) >= {"agency"} and accuracy["accuracy"].between(0, 1).all()
    assert "English nDCG@10 (hybrid)" in set(targets["target"]) and set(targets["met"]) <= {"✓", "✗"}
    assert at.get("vega_lite_chart") and at.get("image")                 # st.bar_chart and the report's PNG


def test_evaluation_page_on_an_uploaded_labelled_file(directives_home):
    """Your own labelled questions, uploaded (never a server path), over the bundled corpus or over your archive
    (empty here: the label names why)."""
    rows = [{"id": "m1", "query": "Sở nào tham mưu cải thiện môi trường kinh doanh?", "type": "agency",
             "answer": "Sở Kế hoạch và Đầu tư", "relevant": [{"doc": "vinh-phuc_chi-thi-cai-cach-hanh-chinh_2022.txt",
                                                              "text": "Sở Kế hoạch và Đầu tư: Tham mưu kịp thời",
                                                              "grade": 2}]},
            {"id": "m2", "query": "cơ quan thường trực cải cách hành chính", "type": "topic",
             "relevant": [{"doc": "582/UBND-NC", "text": "sở nội vụ sẽ là cơ quan thường trực", "grade": 2}]}]
    data = "\n".join(json.dumps(r, ensure_ascii=False) for r in rows).encode("utf-8")
    at = ok(app(page="eval"))
    at.radio(key="ev_source").set_value("upload").run()
    assert not [w for w in at.text_input if w.key == "ev_path"]                 # nowhere to type a server path
    at.button(key="ev_run").click().run()
    assert "Hãy tải lên tệp câu hỏi có nhãn." in infos(at)
    at.file_uploader(key="ev_file").set_value(("bad.jsonl", b'{"id": 1, "query": 5, "type": "topic"}', "text/plain"))
    at.button(key="ev_run").click().run()
    assert not at.exception and at.error[0].value.replace("\\", "") == \
        'Lỗi: bad.jsonl:1: "query" must be text (a JSON string), got a number'
    at.file_uploader(key="ev_file").set_value(("mine.jsonl", b"\xef\xbb\xbf" + data, "text/plain"))   # with a BOM
    at.selectbox(key="ev_split").set_value("all")
    at.checkbox(key="ev_dense").uncheck()
    ok(at.button(key="ev_run").click().run(timeout=300))
    assert at.caption[0].value.startswith("mine — phần all, 2 truy vấn")
    methods, by_type, accuracy = at.dataframe[0].value, at.dataframe[1].value, at.dataframe[-1].value
    assert set(methods.index) == {"bm25-words", "bm25-folded", "bm25"}
    assert list(by_type.index) == ["agency", "topic"] and list(accuracy["type"]) == ["agency"]
    at.checkbox(key="ev_on_corpus").uncheck()
    at.button(key="ev_run").click().run()
    error = at.error[0].value.replace("\\", "")                  # markdown-escaped
    assert error == "Lỗi: query m1: document 'vinh-phuc_chi-thi-cai-cach-hanh-chinh_2022.txt' matches 0 documents"


def _tiny_beir(d: Path) -> dict[str, bytes]:
    docs = {"d1": "tinh giản biên chế công chức", "d2": "cơ chế một cửa liên thông",
            "d3": "số hóa hồ sơ thủ tục hành chính", "d4": "một cửa điện tử và số hóa"}
    files = {"corpus.jsonl": "\n".join(json.dumps({"_id": k, "title": "", "text": v}, ensure_ascii=False)
                                       for k, v in docs.items()),
             "queries.jsonl": "\n".join(json.dumps({"_id": q, "text": v}, ensure_ascii=False) for q, v in
                                        (("q1", "một cửa liên thông"), ("q2", "số hóa hồ sơ"))),
             "test.tsv": "query-id\tcorpus-id\tscore\nq1\td2\t1\nq2\td3\t1\nq2\td4\t1\n"}
    (d / "qrels").mkdir(parents=True)
    for name, text in files.items():
        (d / ("qrels/" + name if name.endswith(".tsv") else name)).write_text(text, encoding="utf-8")
    return {name: text.encode("utf-8") for name, text in files.items()}


def test_evaluation_page_on_uploaded_beir_files_and_on_alqac(directives_home, tmp_path, monkeypatch):
    files = _tiny_beir(tmp_path / "tiny")
    monkeypatch.setenv("DIRECTIVES_ALQAC", str(tmp_path / "nowhere"))
    at = ok(app(page="eval"))
    assert "alqac" not in at.radio(key="ev_source").options                   # no ALQAC on this machine
    at.radio(key="ev_source").set_value("beir").run()
    at.file_uploader(key="ev_beir").set_value([(n, b, "text/plain") for n, b in files.items()][:2])
    at.button(key="ev_run").click().run()
    assert at.error and "ba tệp" in at.error[0].value                          # the qrels file is missing
    at.file_uploader(key="ev_beir").set_value([(n, b, "text/plain") for n, b in files.items()])
    at.selectbox(key="ev_split").set_value("all")
    at.checkbox(key="ev_dense").uncheck()
    ok(at.button(key="ev_run").click().run())
    assert at.caption[0].value.startswith("upload — phần all, 2 truy vấn")
    methods = at.dataframe[0].value
    assert methods.loc["bm25-folded", "ndcg@10"] == 1.0 and "dense" not in methods.index

    monkeypatch.setenv("DIRECTIVES_ALQAC", str(tmp_path / "tiny"))             # a known set, when it is here
    at = ok(app(page="eval"))
    at.radio(key="ev_source").set_value("alqac").run()
    at.selectbox(key="ev_split").set_value("all")
    at.checkbox(key="ev_dense").uncheck()
    ok(at.button(key="ev_run").click().run())
    assert at.caption[0].value.startswith("tiny — phần all, 2 truy vấn")


def test_url_parameters_are_not_rendered_as_markdown(corpus):
    at = ok(app(page="doc", doc="[x](javascript:alert(1))"))
    assert at.warning[0].value == "Không có văn bản “\\[x\\]\\(javascript\\:alert\\(1\\)\\)” trong kho."
    at = ok(app(page="ask", q="![t](http://127.0.0.1/t.png) zzqxv"))
    assert at.text_input(key="q").value.startswith("![t]")               # ?q= fills the search box


def test_a_damaged_archive_or_a_bad_setting_is_one_line_not_a_traceback(directives_home, monkeypatch):
    (directives_home / "archive.sqlite3").write_bytes(b"not an SQLite database\n" * 50)
    at = app()
    assert not at.exception and "not a readable archive (file is not a database)" in at.error[0].value.replace("\\", "")
    (directives_home / "archive.sqlite3").unlink()
    monkeypatch.setenv("DIRECTIVES_MAX_QUERY_CHARS", "lots")
    at = app()
    assert not at.exception and "DIRECTIVES_MAX_QUERY_CHARS='lots'" in at.error[0].value.replace("\\", "")
