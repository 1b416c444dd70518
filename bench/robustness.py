"""Issue 20's closing figures: every hostile CLI input and file, run as a user would, with the expected and the
observed behaviour, the time and the peak memory of each.

    .venv/bin/python -m bench.robustness [--out docs/robustness-cases.md] [--json FILE]

The CLI cases are tests/hostile.py's (the ones tests/test_errors.py checks); the hostile files are made by the
same module at the sizes of the issue (a 1 GiB XML DOCX, 2 M paragraphs, 2,000 image pages, ...). Each runs in
its own process; its peak memory is that process's own (wait4's ru_maxrss), its time the wall time including
Python's start (about 1 s). A case "passes" when the exit code and the output piece are the expected ones and
nothing prints a traceback.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import hostile  # noqa: E402  (tests/hostile.py: the inputs the tests use)


def run(argv: list[str], home: Path, env: dict[str, str] | None = None) -> dict:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", hostile.PEAK, *argv], cwd=ROOT, capture_output=True, text=True,
                          errors="backslashreplace",
                          env={**os.environ, "DIRECTIVES_HOME": str(home), "PYTHONIOENCODING": "utf-8", **(env or {})})
    output = done.stdout + done.stderr
    return {"code": done.returncode, "output": hostile.without_peak(output),
            "seconds": round(time.perf_counter() - started, 2), "peak_mb": round(hostile.peak_mb(output))}


def shown_line(output: str, expected: str) -> str:
    """The output line holding the expected piece, else the last error line, else the last line; the temporary
    folders' names left out."""
    output = re.sub(r"/tmp/bench-robustness-[^/\s]+/(?:inputs|files)/", "", output)
    lines = [line for line in output.splitlines() if line.strip()]
    pick = next((line for line in lines if expected and expected in line), None) or \
        next((line for line in reversed(lines) if line.startswith("error")), None) or (lines[-1] if lines else "")
    return pick[:160]


def cli_cases(work: Path, corpus_home: Path) -> list[dict]:
    inputs = work / "inputs"
    inputs.mkdir()
    hostile.write_inputs(inputs)
    rows = []
    for n, (name, argv, env, code, expected, corpus) in enumerate(hostile.CLI_CASES):
        args = [a.replace("{d}", str(inputs)) for a in argv]
        args = [Path(a[1:]).read_text(encoding="utf-8") if a.startswith("@") else a for a in args]
        home = corpus_home if corpus else work / f"home-{n}"
        got = run(args, home, {k: v.replace("{d}", str(inputs)) for k, v in env.items()})
        ok = got["code"] == code and expected in got["output"] and "Traceback" not in got["output"] \
            and "internal error" not in got["output"]
        rows.append({"case": name, "expected": f"exit {code}: {expected}" if expected else f"exit {code}",
                     "observed": f"exit {got['code']}: {shown_line(got['output'], expected)}", "ok": ok,
                     "seconds": got["seconds"], "peak_mb": got["peak_mb"]})
        print(f"{'ok ' if ok else 'BAD'} {name}: {got['seconds']} s {got['peak_mb']} MB", file=sys.stderr, flush=True)
    return rows


def hostile_files(work: Path) -> list[dict]:
    folder = work / "files"
    folder.mkdir()
    texts = {"10,000 bullet lines (.txt)": hostile.bullets(10_000),
             "deep nesting, 5,000 items 40 levels (.txt)": hostile.deep_nesting(5_000),
             "markdown-link openings, 20,000 (.txt)": hostile.link_runs(20_000)}
    made = []
    for name, text in texts.items():
        path = folder / f"{len(made)}.txt"
        path.write_text(text, encoding="utf-8")
        made.append((name, path, "added"))
    made += [("1 GiB of XML in a DOCX", hostile.docx_xml_bomb(folder / "bomb.docx", 1024), "DIRECTIVES_MAX_UNPACKED_MB"),
             ("2 M one-letter paragraphs (.docx)", hostile.docx_paragraphs(folder / "paras.docx"),
              "DIRECTIVES_MAX_UNPACKED_MB"),
             ("60,000 paragraphs (.docx)", hostile.docx_paragraphs(folder / "60k.docx", 60_000),
              "DIRECTIVES_MAX_PARAGRAPHS"),
             ("2,000 tiny-image pages (.pdf)", hostile.pdf_image_pages(folder / "images.pdf"), "DIRECTIVES_MAX_OCR_PAGES"),
             ("2,000 text pages (.pdf)", hostile.pdf_text_pages(folder / "pages.pdf", 2_000, [
                 "{n}. Sở Nội vụ chủ trì nhiệm vụ {n} của trang.", "Thời hạn hoàn thành trước ngày 30/9/2025."]),
              "added")]
    rows = []
    for n, (name, path, expected) in enumerate(made):
        got = run(["ingest", str(path)], work / f"file-home-{n}")
        ok = expected in got["output"] and "Traceback" not in got["output"]
        rows.append({"case": f"ingest {name}, {path.stat().st_size / 1024:,.0f} KB",
                     "expected": "refused naming " + expected if expected.startswith("DIRECTIVES") else "added",
                     "observed": f"exit {got['code']}: {shown_line(got['output'], expected)}", "ok": ok,
                     "seconds": got["seconds"], "peak_mb": got["peak_mb"]})
        print(f"{'ok ' if ok else 'BAD'} {name}: {got['seconds']} s {got['peak_mb']} MB", file=sys.stderr, flush=True)
    return rows


def table(rows: list[dict]) -> str:
    out = ["| # | case | expected | observed | ok | s | peak MB |", "|---|---|---|---|---|---|---|"]
    for n, r in enumerate(rows, start=1):
        cells = [str(n), r["case"], r["expected"], r["observed"], "✓" if r["ok"] else "✗", f"{r['seconds']:.1f}",
                 str(r["peak_mb"])]
        out.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", help="markdown table")
    ap.add_argument("--json", help="the rows as JSON")
    args = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="bench-robustness-"))
    corpus_home = work / "corpus-home"
    subprocess.run([sys.executable, "-m", "qa.cli", "ingest", str(ROOT / "corpus")], cwd=ROOT, check=True,
                   capture_output=True, env={**os.environ, "DIRECTIVES_HOME": str(corpus_home)})
    rows = cli_cases(work, corpus_home) + hostile_files(work)
    text = table(rows)
    print(text)
    print(f"{sum(r['ok'] for r in rows)} of {len(rows)} as expected", file=sys.stderr)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0 if all(r["ok"] for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
