"""Two app sessions at once: the latency of a normal question while another session asks a 100 KB one.

    .venv/bin/python -m bench.sessions [--rounds 3] [--baseline 66cd8b1] [--out docs/sessions.json]

Both sessions run the app's own script (streamlit's AppTest), each in its own thread of one process, as one
server runs its sessions; they share the process's cached index as real sessions do. The archive is the
bundled corpus in a temporary data root. Each round: session A submits a 100 KB question (the corpus text
repeated, with its marks); 0.5 s later session B submits a normal question (a different one each round, so no
cache helps); B's wall time is the figure. B alone, with nothing else running, is the reference. The baseline
is the code as of `--baseline` (one shared searcher under one lock, no query budget), exported with `git archive`
into a temporary folder and run from there (PYTHONPATH), in its own process and data root, in the same run.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ["Ai chủ trì thanh tra, kiểm tra các nhiệm vụ quản lý nhà nước đã phân cấp?",
             "Sở nào tham mưu cải thiện môi trường kinh doanh?",
             "Cơ quan nào chủ trì chuyển đổi số?",
             "Thời hạn báo cáo kết quả cải cách hành chính?",
             "mot cua lien thong", "Which agency leads digital transformation?"]
TIMEOUT = 900


def long_question(n: int) -> str:
    """About 100 KB of pasted directive text; `n` varies its start so that no cache serves it."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").glob("*.txt")))
    text = text[n * 97:] + text[:n * 97]
    return (text * (100_000 // len(text) + 1))[:100_000]


def session(app: Path):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(app), default_timeout=TIMEOUT)
    at.run()
    return at


def ask(at, question: str) -> float:
    started = time.perf_counter()
    at.text_input(key="q").input(question).run()
    if at.exception:
        raise RuntimeError([e.value for e in at.exception])
    return time.perf_counter() - started


def measure(app: Path, rounds: int) -> dict:
    a, b = session(app), session(app)
    ask(a, "ủy ban nhân dân")                           # the index and the embedder, loaded once
    alone = [ask(b, q) for q in QUESTIONS[:3]]
    together, heavy = [], []
    for r in range(rounds):
        done: dict[str, float] = {}
        worker = threading.Thread(target=lambda: done.setdefault("a", ask(a, long_question(r))))
        worker.start()
        time.sleep(0.5)
        together.append(ask(b, QUESTIONS[(r + 3) % len(QUESTIONS)]))
        worker.join()
        heavy.append(done["a"])
        print(f"  round {r + 1}: normal question {together[-1]:.2f} s while the 100 KB one took {heavy[-1]:.1f} s",
              file=sys.stderr, flush=True)
    return {"alone_s": [round(x, 2) for x in alone], "beside_100kb_s": [round(x, 2) for x in together],
            "100kb_question_s": [round(x, 1) for x in heavy]}


def child(code: Path, rounds: int, env_extra: dict[str, str] | None = None) -> dict:
    """One version's figures, in a process of its own: `code` is its tree (this one, or an exported baseline),
    first on the import path, with a data root of its own holding the bundled corpus."""
    home = Path(tempfile.mkdtemp(prefix="bench-sessions-"))
    env = {**os.environ, "DIRECTIVES_HOME": str(home), "PYTHONPATH": str(code), **(env_extra or {})}
    subprocess.run([sys.executable, "-m", "qa.cli", "ingest", str(ROOT / "corpus")], cwd=code, check=True,
                   capture_output=True, env=env)
    script = ("import importlib.util, json; from pathlib import Path; "      # this file, whatever tree runs it
              f"spec = importlib.util.spec_from_file_location('bench_sessions', {str(Path(__file__))!r}); "
              "m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m); "
              f"print(json.dumps(m.measure(Path({str(code / 'app.py')!r}), {rounds})))")
    done = subprocess.run([sys.executable, "-c", script], cwd=code, env=env, capture_output=True, text=True)
    for line in done.stderr.splitlines():
        if line.startswith("  round"):
            print(line, file=sys.stderr)
    if done.returncode:
        raise SystemExit(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--baseline", default="66cd8b1", help="git revision to compare with ('' for none)")
    ap.add_argument("--baseline-rounds", type=int, default=1, help="each takes as long as the 100 KB question")
    ap.add_argument("--unbudgeted-rounds", type=int, default=1,
                    help="this tree with the budgets lifted, so the 100 KB question runs whole beside the other")
    ap.add_argument("--out")
    args = ap.parse_args(argv)
    result = {"machine": {"cores": os.cpu_count(), "loadavg_1min_before": round(os.getloadavg()[0], 2)}}
    print("this tree:", file=sys.stderr)
    result["app"] = child(ROOT, args.rounds)
    if args.unbudgeted_rounds:      # sessions apart, without the help of the character budget: the whole 100 KB
        print("this tree, no character or time budget:", file=sys.stderr)
        result["app_unbudgeted"] = child(ROOT, args.unbudgeted_rounds, {"DIRECTIVES_MAX_QUERY_CHARS": "200000",
                                                                         "DIRECTIVES_QUERY_SECONDS": "900"})
    if args.baseline:
        old = Path(tempfile.mkdtemp(prefix="bench-sessions-baseline-"))
        archive = subprocess.run(["git", "archive", args.baseline], cwd=ROOT, check=True, capture_output=True)
        subprocess.run(["tar", "-x", "-C", str(old)], input=archive.stdout, check=True)
        print(f"baseline ({args.baseline}):", file=sys.stderr)
        result["baseline"] = child(old, args.baseline_rounds)
    result["machine"]["loadavg_1min_after"] = round(os.getloadavg()[0], 2)
    print(json.dumps(result, indent=1))
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
