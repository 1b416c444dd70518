"""Processes among many users (issue 20): ingest workers die with their parent, and two ingests into one
archive run one after the other, each reporting true counts."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import hostile
from conftest import ROOT, SEEDS
from ingest.archive import Archive
from ingest.lock import ingesting


def session_processes(sid: int) -> list[tuple[int, str]]:
    """(pid, command) of every live process in session `sid` (zombies are dead already)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()          # after "pid (comm) "
        state, session = fields[0], int(fields[3])
        if session == sid and state != "Z":
            found.append((int(entry.name), cmd.strip()))
    return found


def children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat[stat.rindex(")") + 2:].split()[1]) == pid:
                out.append(int(entry.name))
    return out


def distinct_documents(folder: Path, count: int, body: str = "") -> Path:
    folder.mkdir(parents=True)
    seeds = list(SEEDS.values())
    for i in range(count):
        text = seeds[i % len(seeds)].read_text(encoding="utf-8") + body + f"\n\nBản lưu {folder.name} số {i}.\n"
        (folder / f"{i:03d}.txt").write_text(text, encoding="utf-8")
    return folder


def start_ingest(folder: Path, home: Path, **popen) -> subprocess.Popen:
    env = {**os.environ, "DIRECTIVES_HOME": str(home), "DIRECTIVES_WORKERS": "2", "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, "-m", "qa.cli", "ingest", str(folder)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen)


@pytest.mark.slow
@pytest.mark.parametrize("moment", ["workers starting", "workers parsing"])
def test_kill_9_of_an_ingest_leaves_no_process(tmp_path, moment):
    """After kill -9 of `directives ingest`, its 2-3 workers had kept running (200-320 MB each)."""
    folder = distinct_documents(tmp_path / "in", 16, body="\n" + hostile.bullets(3_000))   # ~0.5 s a file
    proc = start_ingest(folder, tmp_path / "home", start_new_session=True)
    deadline = time.monotonic() + 120
    want = 1 if moment == "workers starting" else 2
    while len(children(proc.pid)) < want and time.monotonic() < deadline:
        time.sleep(0.05)
    if moment == "workers parsing":
        time.sleep(2.0)
    assert len(children(proc.pid)) >= want, "the ingest never started its workers"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    left = session_processes(proc.pid)
    deadline = time.monotonic() + 10
    while left and time.monotonic() < deadline:
        time.sleep(0.1)
        left = session_processes(proc.pid)
    for pid, _ in left:                       # do not leave them to the next test either
        os.kill(pid, signal.SIGKILL)
    assert left == [], left


@pytest.mark.slow
def test_two_ingests_into_one_archive_wait_for_each_other_and_count_true(tmp_path):
    """Issue 20: both succeeded, but the one finishing second reported 23 of 40 documents."""
    home = tmp_path / "home"
    home.mkdir()
    a = distinct_documents(tmp_path / "a", 20)
    b = distinct_documents(tmp_path / "b", 20)
    with ingesting(home / "archive.sqlite3"):          # hold the lock, so that both start while it is taken
        procs = [start_ingest(a, home), start_ingest(b, home)]
        time.sleep(3)
        assert all(p.poll() is None for p in procs)    # both wait
    outputs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    assert all("waiting for another ingest into this archive to finish" in err for _, err in outputs)
    lasts = [out.splitlines()[-1] for out, _ in outputs]
    assert all(line.startswith("20 added, 0 replaced, 0 duplicate, 0 error; archive: ") for line in lasts), lasts
    counts = sorted(int(line.split("archive: ")[1].split()[0]) for line in lasts)
    assert counts == [20, 40], lasts
    with Archive(home / "archive.sqlite3") as archive:
        assert archive.check() == [] and archive.stats()["documents"] == 40


def test_the_ingest_lock_is_reentrant_in_a_thread_and_exclusive_across_threads(tmp_path):
    import threading

    path = tmp_path / "archive.sqlite3"
    order: list[str] = []
    waited = threading.Event()
    with ingesting(path):
        with ingesting(path):                           # the CLI holds it around ingest_paths, which takes it too
            order.append("inner")

        def other() -> None:
            with ingesting(path, on_wait=waited.set):
                order.append("other")

        t = threading.Thread(target=other)
        t.start()
        assert waited.wait(5)
        order.append("outer")
    t.join(5)
    assert order == ["inner", "outer", "other"]
