"""Soak and fault suite (issue 20; slow tier, a few minutes): searchers in their own processes query the
archive while an ingest adds documents, and kill -9 lands on the ingest and on searchers at random moments.
After every kill no process of the killed one is left and the archive is consistent; at the end a re-run
completes and the archive, the indexes and the vector cache agree. A second test bounds memory growth over
2,000 queries in one process."""
from __future__ import annotations

import json
import os
import pickle
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from conftest import CORPUS, ROOT
from ingest.archive import Archive
from test_processes import distinct_documents, session_processes

pytestmark = pytest.mark.slow
ROUNDS, PER_ROUND = 12, 10      # 8 new files: parsed in worker processes (ingest.pipeline.PARALLEL_FROM)

QUERIES = ["cơ chế một cửa liên thông", "Ai chủ trì chuyển đổi số?", "tinh gian bien che", "cải cách hành chính",
           "Sở Nội vụ tham mưu", "báo cáo kết quả trước ngày 15/12", "107/2021/NĐ-CP", "staff cuts",
           "thủ tục hành chính trực tuyến", "Thanh tra tỉnh"]

# A searcher process: a Searcher synced to the archive as it is now, ten queries, again; one line per query.
SEARCHER = """
import random, sys
from index.search import Searcher
from qa import service
queries, mode, seed = sys.argv[1].split("|"), sys.argv[2], int(sys.argv[3])
rng, n = random.Random(seed), 0
while True:
    s = Searcher(embedder=None if mode == "bm25" else "e5-small")
    for _ in range(10):
        service.search(s, rng.choice(queries), k=5, mode=mode)
        service.ask(s, rng.choice(queries))
        n += 1
        print(n, flush=True)
    s.archive.close()
"""


def _start(argv: list[str], home: Path, stdout=subprocess.DEVNULL) -> subprocess.Popen:
    env = {**os.environ, "DIRECTIVES_HOME": str(home), "DIRECTIVES_WORKERS": "2", "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, *argv], cwd=ROOT, env=env, stdout=stdout,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)


def _searcher(home: Path, mode: str, seed: int) -> subprocess.Popen:
    return _start(["-c", SEARCHER, "|".join(QUERIES), mode, str(seed)], home)


def _kill(proc: subprocess.Popen) -> list:
    """kill -9, then what is left of its session after up to 10 s."""
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    while (left := session_processes(proc.pid)) and time.monotonic() < deadline:
        time.sleep(0.1)
    for pid, _ in left:
        os.kill(pid, signal.SIGKILL)
    return left


def _agree(home: Path) -> list[str]:
    """Where the archive, the lexical and dense index files and the vector cache disagree (empty: they agree)."""
    from index.dense import VectorCache, slug
    from index.search import Searcher
    from index.store import LEXICAL_VERSION, index_text

    problems = []
    with Archive(home / "archive.sqlite3") as archive:
        problems += archive.check()
        ids = [r[0] for r in archive.db.execute("SELECT c.id FROM clauses c JOIN documents d ON d.id = c.doc_id "
                                                "ORDER BY c.doc_id, c.ord")]
        generation = archive.generation
        rows = {r[0]: (json.loads(r[1]), r[2]) for r in archive.db.execute("SELECT id, headings, text FROM clauses")}
    searcher = Searcher()                                 # syncs, as every reader does
    index = searcher.index
    if index.table.ids != ids:
        problems.append("index table differs from the archive's clauses")
    if len(index.vectors.vectors) != len(ids):
        problems.append(f"{len(index.vectors.vectors)} vectors for {len(ids)} clauses")
    lexical = pickle.loads((index.dir / "lexical.pkl").read_bytes())
    if (lexical["version"], lexical["generation"], lexical["ids"]) != (LEXICAL_VERSION, generation, ids):
        problems.append("lexical.pkl is not the archive's current state")
    meta = json.loads(next(index.dir.glob("dense-*.json")).read_text())
    if (meta["generation"], meta["ids"]) != (generation, ids):
        problems.append("the dense index files are not the archive's current state")
    cache = VectorCache(index.dir / f"vectors-{slug('e5-small')}.sqlite3", "e5-small", index.vectors.dim)

    def nothing_missing(texts):
        raise AssertionError(f"{len(texts)} clauses have no cached vector")

    try:
        cached = cache.encode([index_text(*rows[c]) for c in ids], nothing_missing)
        if not np.allclose(cached, index.vectors.vectors, atol=1e-5):
            problems.append("cached vectors differ from the index's")
    except AssertionError as e:
        problems.append(str(e))
    finally:
        cache.close()
        searcher.archive.close()
    return problems


def test_searchers_and_an_ingest_under_random_kill_9(tmp_path):
    home = tmp_path / "home"
    env = {**os.environ, "DIRECTIVES_HOME": str(home)}
    subprocess.run([sys.executable, "-m", "qa.cli", "ingest", str(CORPUS)], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    rng = random.Random(20)
    searchers = [_searcher(home, "hybrid", 1), _searcher(home, "bm25", 2), _searcher(home, "hybrid", 3)]
    kills, ingest_kills, left_behind, problems, stored, errors = 0, 0, [], [], [], []
    for round_ in range(ROUNDS):        # each round new documents (in worker processes), killed at a random moment
        folder = distinct_documents(tmp_path / "in" / f"r{round_:02d}", PER_ROUND)
        ingest = _start(["-m", "qa.cli", "ingest", str(folder)], home, stdout=subprocess.PIPE)
        stored_before_kill = rng.randint(0, PER_ROUND - 2)    # or it may finish first: that is a moment too
        while stored_before_kill and (line := ingest.stdout.readline()):
            stored_before_kill -= line.startswith("[")
        time.sleep(rng.uniform(0, 0.2))
        victims = [ingest] + ([searchers[round_ % 3]] if round_ % 2 else [])
        for victim in victims:
            if victim.poll() is None:
                left_behind += _kill(victim)
                kills += 1
                ingest_kills += victim is ingest
            elif victim.returncode != 0:
                errors.append(victim.stderr.read())
        for n, s in enumerate(searchers):           # a killed searcher is started again; a crashed one is an error
            if s.poll() is not None:
                if s.returncode != -signal.SIGKILL:
                    errors.append(s.stderr.read())
                searchers[n] = _searcher(home, "bm25" if n == 1 else "hybrid", 10 * round_ + n)
        with Archive(home / "archive.sqlite3") as archive:
            problems += archive.check()
            stored.append(archive.stats()["documents"])
    for s in searchers:
        if s.poll() is not None and s.returncode != -signal.SIGKILL:
            errors.append(s.stderr.read())
        left_behind += _kill(s)
    done = subprocess.run([sys.executable, "-m", "qa.cli", "ingest", str(tmp_path / "in")], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    print(f"kills: {kills} ({ingest_kills} of an ingest, mid-run); processes left after kills: {len(left_behind)}; archive problems: {len(problems)}; "
          f"documents after each round: {stored}")
    assert done.returncode == 0, done.stderr
    assert errors == [] and left_behind == [] and problems == []
    assert stored == sorted(stored)                                   # nothing lost between kills
    assert ingest_kills >= ROUNDS // 3                                # many kills land inside an ingest
    os.environ["DIRECTIVES_HOME"] = str(home)                         # restored by the autouse fixture's monkeypatch
    agree = _agree(home)
    assert agree == [], agree
    with Archive(home / "archive.sqlite3") as archive:
        assert archive.stats()["documents"] == 5 + ROUNDS * PER_ROUND


MEMORY = """
import json, random, sys
from index.search import Searcher
from qa import service

def rss_mb():
    with open("/proc/self/status") as f:
        return next(int(l.split()[1]) for l in f if l.startswith("VmRSS:")) / 1024

words = sys.argv[1].split("|")
rng = random.Random(5)
s = Searcher()
marks = {}
for n in range(1, 2001):
    q = " ".join(rng.sample(words, 3)) + f" {n}"          # every query new: the caches fill up to their bounds
    service.search(s, q, k=10, mode="hybrid") if n % 4 else service.ask(s, q)
    if n in (200, 1000, 2000):
        marks[n] = round(rss_mb(), 1)
print(json.dumps(marks))
"""


def test_memory_over_2000_queries_is_bounded(corpus_home):
    words = "một cửa liên thông cải cách hành chính chuyển đổi số sở nội vụ tài chính báo cáo kế hoạch thanh tra " \
            "tỉnh huyện xã nhiệm vụ thời hạn chủ trì phối hợp công chức viên chức văn bản".split()
    done = subprocess.run([sys.executable, "-c", MEMORY, "|".join(words)], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "DIRECTIVES_HOME": str(corpus_home)}, timeout=1200)
    assert done.returncode == 0, done.stderr[-3000:]
    marks = {int(k): v for k, v in json.loads(done.stdout.strip().splitlines()[-1]).items()}
    print("RSS (MB) after 200, 1,000 and 2,000 queries:", marks)
    assert marks[2000] - marks[200] < 40, marks                       # query vectors are cached up to 512
    assert marks[2000] - marks[1000] < 20, marks
