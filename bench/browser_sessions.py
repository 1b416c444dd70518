"""Two browser sessions against one `streamlit run app.py`: the latency of a normal question in one while the
other has just sent a 100 KB question (issue 20 measured 105 s).

    .venv/bin/python -m bench.browser_sessions [--rounds 3] [--baseline 66cd8b1] [--out FILE]

Needs Debian's chromium and playwright (as tests/test_e2e.py does). Each tree (this one; the baseline exported
with `git archive` and run from its own folder) gets its own server and data root holding the bundled corpus.
Two browser contexts are two Streamlit sessions. Each round: session A types ~100 KB of directive text and
presses Enter; 0.5 s later session B asks a normal question; the figure is B's time from Enter to its rendered
answer (its "Thời gian" caption replaced and the app idle). bench/sessions.py measures the same in-process
with AppTest.
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
LABEL = "Câu hỏi hoặc từ khóa"
QUESTIONS = ["Ai chủ trì thanh tra, kiểm tra các nhiệm vụ quản lý nhà nước đã phân cấp?",
             "Sở nào tham mưu cải thiện môi trường kinh doanh?", "Cơ quan nào chủ trì chuyển đổi số?",
             "Thời hạn báo cáo kết quả cải cách hành chính?", "mot cua lien thong"]


def long_question(n: int) -> str:
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").glob("*.txt")))
    text = " ".join((text[n * 97:] + text[:n * 97]).split())
    return (text * (100_000 // len(text) + 1))[:100_000]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(code: Path, home: Path) -> tuple[subprocess.Popen, str]:
    port = _port()
    env = {**os.environ, "DIRECTIVES_HOME": str(home), "PYTHONPATH": str(code)}
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(code / "app.py"), "--server.headless",
                             "true", "--server.port", str(port), "--server.address", "127.0.0.1",
                             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
                            cwd=code, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            with urllib.request.urlopen(base + "/_stcore/health", timeout=2):
                return proc, base
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise SystemExit("streamlit did not start")


def _caption(page) -> str:
    found = page.locator("[data-testid='stCaptionContainer']", has_text="Thời gian")
    return found.first.inner_text() if found.count() else ""


def send(page, question: str):
    """Type the question and press Enter; a function that waits for its answer and returns the seconds."""
    box = page.get_by_role("textbox", name=LABEL)
    box.fill(question)
    before = _caption(page)
    started = time.monotonic()
    box.press("Enter")

    def answered() -> float:
        page.wait_for_function(
            "(before) => { const c = [...document.querySelectorAll(\"[data-testid='stCaptionContainer']\")]"
            ".find(x => x.innerText.includes('Thời gian')); return c && c.innerText !== before; }", arg=before,
            timeout=900_000)
        return time.monotonic() - started
    return answered


def ask(page, question: str) -> float:
    return send(page, question)()


def measure(code: Path, rounds: int) -> dict:
    from playwright.sync_api import sync_playwright

    home = Path(tempfile.mkdtemp(prefix="bench-browser-"))
    subprocess.run([sys.executable, "-m", "qa.cli", "ingest", str(ROOT / "corpus")], cwd=code, check=True,
                   capture_output=True, env={**os.environ, "DIRECTIVES_HOME": str(home), "PYTHONPATH": str(code)})
    server, base = serve(code, home)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
            a, b = (browser.new_context(locale="vi-VN").new_page() for _ in range(2))
            for pg in (a, b):
                pg.set_default_timeout(900_000)
                pg.goto(base)
                pg.get_by_role("textbox", name=LABEL).wait_for()
            ask(a, "ủy ban nhân dân")
            alone = [ask(b, q) for q in QUESTIONS[:2]]
            together, heavy = [], []
            for r in range(rounds):
                long_answered = send(a, long_question(r))
                time.sleep(0.5)
                together.append(ask(b, QUESTIONS[2 + r % 3]))
                heavy.append(long_answered())
                print(f"  round {r + 1}: normal question {together[-1]:.2f} s beside the 100 KB one, which took "
                      f"{heavy[-1]:.1f} s", file=sys.stderr, flush=True)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {"alone_s": [round(x, 2) for x in alone], "beside_100kb_s": [round(x, 2) for x in together],
            "100kb_question_s": [round(x, 1) for x in heavy]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--baseline", default="66cd8b1")
    ap.add_argument("--baseline-rounds", type=int, default=1)
    ap.add_argument("--out")
    args = ap.parse_args(argv)
    result = {"machine": {"cores": os.cpu_count(), "loadavg_1min_before": round(os.getloadavg()[0], 2)}}
    print("this tree:", file=sys.stderr)
    result["app"] = measure(ROOT, args.rounds)
    if args.baseline:
        old = Path(tempfile.mkdtemp(prefix="bench-browser-baseline-"))
        archive = subprocess.run(["git", "archive", args.baseline], cwd=ROOT, check=True, capture_output=True)
        subprocess.run(["tar", "-x", "-C", str(old)], input=archive.stdout, check=True)
        print(f"baseline ({args.baseline}):", file=sys.stderr)
        result["baseline"] = measure(old, args.baseline_rounds)
    result["machine"]["loadavg_1min_after"] = round(os.getloadavg()[0], 2)
    print(json.dumps(result, indent=1))
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
