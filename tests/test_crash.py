"""An ingest killed with SIGKILL at many points leaves the archive consistent; a re-run completes it."""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pytest
from conftest import ROOT, SEEDS

from ingest.archive import Archive
from ingest.extract import extract
from ingest.parse import parse

# The real CLI in a child process. It announces when a document's rows are written but not yet committed,
# and lingers there a little, so the parent can kill it inside the transaction as well as between documents.
CHILD = """
import sys, time
from ingest.archive import Archive
write = Archive._add
def announced(self, *args):
    status = write(self, *args)
    print("in-transaction", flush=True)
    time.sleep(0.02)
    return status
Archive._add = announced
from qa.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _many_documents(folder, copies: int) -> dict[str, int]:
    """Distinct directives made from the seeds; returns {doc_id: clause count} as a full ingest stores them."""
    folder.mkdir()
    expected = {}
    for i in range(copies):
        for seed, path in SEEDS.items():
            text = path.read_text(encoding="utf-8") + f"\n\nBản sao lưu trữ số {i}.\n"
            f = folder / f"{seed}-{i:02d}.txt"
            f.write_text(text, encoding="utf-8")
            doc = parse(extract(f).pages, str(f))
            expected[doc.id] = len(doc.clauses)
    return expected


def _assert_consistent(expected: dict[str, int]) -> int:
    with Archive() as a:
        assert a.check() == []
        docs = a.documents()
        for d in docs:
            assert len(a.clauses(d.id)) == expected[d.id], d.source
        assert a.stats()["sources"] == len(docs)
        return len(docs)


def _kill_when(folder, env, marker: str, count: int, delay: float) -> None:
    proc = subprocess.Popen([sys.executable, "-c", CHILD, "ingest", str(folder)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    seen = 0
    while seen < count and (line := proc.stdout.readline()):
        seen += line.startswith(marker)
    time.sleep(delay)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL


@pytest.mark.slow
def test_kill_9_at_many_points_then_rerun(tmp_path, directives_home):
    folder = tmp_path / "in"
    expected = _many_documents(folder, copies=12)                    # 60 documents
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    journal = directives_home / "archive.sqlite3-journal"
    rng = random.Random(7)
    stored, hot_journals = [], 0
    for k in range(14):
        if k % 2:   # inside a transaction: rows written, commit not reached
            _kill_when(folder, env, "in-transaction", rng.randint(1, 4), 0.0)
            hot_journals += journal.exists() and journal.stat().st_size > 0
        else:       # between or inside documents, anywhere after some progress lines
            _kill_when(folder, env, "[", rng.randint(0, 6) + 3 * k, rng.uniform(0, 0.03))
        stored.append(_assert_consistent(expected))
    print("documents stored after each kill:", stored, "kills inside a transaction:", hot_journals)
    assert hot_journals == 7
    assert stored == sorted(stored)                                  # nothing lost between kills
    assert stored[-1] < len(expected)                                # the job was still unfinished
    done = subprocess.run([sys.executable, "-m", "qa.cli", "ingest", str(folder)], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert _assert_consistent(expected) == len(expected)
