"""The app in a real browser: `streamlit run app.py` on an archive of the corpus, driven by Playwright.

Needs Debian's chromium (/usr/bin/chromium) and the playwright package; skipped with the reason when either
is missing (no browser is ever downloaded). Screenshots go to $E2E_SCREENSHOTS, else a temporary folder whose
path the tests print.
"""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
QUESTION = "Ai chủ trì thanh tra, kiểm tra các nhiệm vụ quản lý nhà nước đã phân cấp?"
QUERY_LABEL = "Câu hỏi hoặc từ khóa"
START_TIMEOUT_S = 60       # the server answers its health check
FIRST_LOAD_MS = 240_000    # the first page loads the embedder and indexes the archive (about 20 s on 2 cores)
STEP_MS = 30_000           # any later step

pytestmark = pytest.mark.slow

if not CHROMIUM.exists():
    pytest.skip("no /usr/bin/chromium (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")

INJECTION = """ỦY BAN NHÂN DÂN
TỈNH AN GIANG
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 999/UBND-KT
An Giang, ngày 15 tháng 3 năm 2023
V/v kiểm thử hiển thị <b>ký tự</b> đặc biệt [x](javascript:window.__pwned=1) trên cổng thông tin
Kính gửi: Các sở, ban, ngành tỉnh
Ủy ban nhân dân tỉnh yêu cầu thực hiện các nội dung sau:
1. Sở Thông tin và Truyền thông chủ trì kiểm thử chuỗi <script>window.__pwned=1</script> trên cổng thông tin điện tử.
2. Sở Tư pháp phối hợp kiểm thử thẻ <img src=x onerror="window.__pwned=1"> khi hiển thị văn bản.
3. Văn phòng Ủy ban nhân dân tỉnh kiểm thử liên kết [bấm vào đây](javascript:window.__pwned=1) khi hiển thị.
Yêu cầu các cơ quan thực hiện nghiêm túc./.
Nơi nhận:
- Như trên;
- Lưu: VT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn A
"""

UPLOADED = """ỦY BAN NHÂN DÂN
TỈNH KIÊN GIANG
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 777/UBND-KT
Kiên Giang, ngày 02 tháng 6 năm 2023
V/v phát triển nghề nuôi chim yến
Kính gửi: Các sở, ban, ngành tỉnh
1. Sở Nông nghiệp và Phát triển nông thôn chủ trì quy hoạch vùng nuôi chim yến trên địa bàn tỉnh.
2. Ủy ban nhân dân cấp huyện phối hợp quản lý nhà yến, báo cáo trước ngày 30/9/2023.
Yêu cầu các cơ quan thực hiện nghiêm túc./.
Nơi nhận:
- Như trên;
- Lưu: VT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn B
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = Path(os.environ["E2E_SCREENSHOTS"]) if os.environ.get("E2E_SCREENSHOTS") else \
        tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots: {folder}")
    return folder


@pytest.fixture(scope="module")
def app_home(tmp_path_factory):
    """An archive of the corpus plus the injection document; its id."""
    from ingest.archive import Archive
    from ingest.pipeline import ingest_file
    from qa.cli import main

    home = tmp_path_factory.mktemp("e2e-home")
    mp = pytest.MonkeyPatch()
    mp.setenv("DIRECTIVES_HOME", str(home))
    try:
        assert main(["ingest", str(CORPUS)]) == 0
        source = tmp_path_factory.mktemp("e2e-docs") / "an-giang_999-UBND-KT_2023.txt"
        source.write_text(INJECTION, encoding="utf-8")
        with Archive() as archive:
            result = ingest_file(source, archive)
        assert result.status == "added", result
    finally:
        mp.undo()
    return home, result.doc_id


@pytest.fixture(scope="module")
def server(app_home, tmp_path_factory):
    """`streamlit run app.py` on a free local port; the base URL. Stopped at teardown."""
    home, _ = app_home
    port = _free_port()
    log_path = tmp_path_factory.mktemp("e2e-log") / "streamlit.log"
    env = {**os.environ, "DIRECTIVES_HOME": str(home)}
    cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
           "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
           "--server.fileWatcherType", "none", "--server.runOnSave", "false"]
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if proc.poll() is not None:
                pytest.fail(f"streamlit exited with {proc.returncode}:\n{log_path.read_text(errors='replace')}")
            try:
                with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"streamlit did not answer within {START_TIMEOUT_S} s:\n"
                            f"{log_path.read_text(errors='replace')}")
            time.sleep(0.5)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        print(f"\nstreamlit log: {log_path}")


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS, timeout=60_000)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="vi-VN")
    pg = context.new_page()
    pg.set_default_timeout(STEP_MS)
    try:
        yield pg
    finally:
        context.close()


def _open(page, url: str, ready: str, timeout: int = STEP_MS, state: str = "visible"):
    page.goto(url, wait_until="domcontentloaded", timeout=timeout)
    page.locator(ready).first.wait_for(state=state, timeout=timeout)


def _ask(page, text: str) -> float:
    """Type into the search box, press Enter; seconds until the app has rendered the result."""
    box = page.get_by_role("textbox", name=QUERY_LABEL)
    box.fill(text)
    started = time.monotonic()
    box.press("Enter")
    page.locator("[data-testid='stCaptionContainer']", has_text=re.compile(r"Thời gian: \d+ ms")).first \
        .wait_for(state="visible")
    # the caption may still be the previous query's; wait until the app stops running
    page.locator("[data-testid='stStatusWidget']").wait_for(state="hidden")
    return time.monotonic() - started


def test_ask_open_citation_and_see_the_clause(page, server, shots):
    _open(page, server, f"input[aria-label='{QUERY_LABEL}']", timeout=FIRST_LOAD_MS)
    page.screenshot(path=str(shots / "01-start.png"))
    seconds = _ask(page, QUESTION)
    card = page.locator("#answer-card")
    card.wait_for(state="visible")
    assert "Thanh tra tỉnh" in card.locator(".dv-answer").inner_text()
    cite = card.locator(".dv-cite").first
    assert "Thanh tra tỉnh" in cite.locator("mark").first.inner_text()
    took = page.locator("[data-testid='stCaptionContainer']", has_text="Thời gian").first.inner_text()
    print(f"\nfirst question: {took}; {seconds:.2f} s from Enter to the rendered answer")
    assert int(re.search(r"(\d+) ms", took).group(1)) < 1000, took
    assert seconds < 10, seconds
    page.locator(".dv-hit").nth(4).wait_for(state="visible")          # the hits below the card
    page.screenshot(path=str(shots / "02-answer.png"))

    cite.locator("a.dv-open").click()
    clause = page.locator("div.clause.highlighted")
    clause.wait_for(state="visible")
    assert clause.get_attribute("id") == "clause-8"
    assert "Thanh tra tỉnh" in clause.inner_text()
    assert page.locator("div.clause.highlighted").count() == 1
    assert re.search(r"[?&]page=doc\b", page.url) and "clause=8" in page.url
    assert "Vĩnh Phúc" in page.locator("#doc-fields").inner_text()
    page.wait_for_timeout(800)          # the scroll to the clause
    assert clause.is_visible() and clause.bounding_box()["y"] < 1000
    page.screenshot(path=str(shots / "03-document-clause.png"))


def test_upload_then_find_it(page, server, shots, tmp_path):
    _open(page, server + "/?page=upload", "input[type=file]", timeout=FIRST_LOAD_MS, state="attached")
    source = tmp_path / "kien-giang_777-UBND-KT_2023.txt"
    source.write_text(UPLOADED, encoding="utf-8")
    page.locator("input[type=file]").set_input_files(str(source))
    button = page.get_by_role("button", name="Nạp vào kho")
    button.wait_for(state="visible")
    page.wait_for_function("() => { const b = [...document.querySelectorAll('button')]"
                           ".find(b => b.innerText.includes('Nạp vào kho')); return b && !b.disabled; }")
    button.click()
    results = page.locator("#upload-results")
    results.wait_for(state="visible")
    assert "added" in results.inner_text() and source.name in results.inner_text()
    page.screenshot(path=str(shots / "04-upload.png"))

    _open(page, server + "/?page=ask", f"input[aria-label='{QUERY_LABEL}']")
    _ask(page, "nuôi chim yến")
    first = page.locator(".dv-hit").first
    first.wait_for(state="visible")
    assert "777/UBND-KT" in first.inner_text() and "chim yến" in first.inner_text()
    page.screenshot(path=str(shots / "05-search-uploaded.png"))


def test_document_text_is_shown_as_text(page, server, app_home, shots):
    _, doc_id = app_home
    _open(page, f"{server}/?page=doc&doc={doc_id}&clause=1", "div.clause.highlighted")
    texts = page.locator("div.clause .dv-text")
    shown = "\n".join(texts.all_inner_texts())
    assert "<script>window.pwned=1</script>" in shown or "<script>window.__pwned=1</script>" in shown
    assert "<img src=x onerror=" in shown
    assert "[bấm vào đây](javascript:" in shown
    assert page.get_by_text("<script>", exact=False).first.is_visible()
    # the subject, in the document picker and the header fields, is text too
    assert "<b>ký tự</b>" in page.get_by_role("combobox", name="Xem văn bản").input_value()
    assert "<b>ký tự</b> đặc biệt [x](javascript:" in page.locator("#doc-fields").inner_text()
    assert page.locator("[data-testid='stMain'] b", has_text="ký tự").count() == 0
    page.screenshot(path=str(shots / "06-injection-document.png"))

    _open(page, server + "/?page=ask", f"input[aria-label='{QUERY_LABEL}']")
    _ask(page, "kiểm thử hiển thị cổng thông tin")
    page.locator(".dv-hit").first.wait_for(state="visible")
    shown = "\n".join(page.locator(".dv-hit .dv-text").all_inner_texts())
    assert "<script>" in shown and "onerror=" in shown and "](javascript:" in shown
    page.screenshot(path=str(shots / "07-injection-search.png"))

    for name in ("__pwned", "pwned"):
        assert page.evaluate(f"typeof window.{name}") == "undefined"
    main = page.locator("[data-testid='stMain']")
    assert main.locator("img[src='x']").count() == 0
    assert main.locator("a[href^='javascript']").count() == 0
    assert main.locator("script", has_text="pwned").count() == 0
