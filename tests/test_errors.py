"""Every bad input of the CLI (issue 20's and more): a clear one-line error naming the file and line and what
was expected, exit 2 for usage errors and 1 for failed items, and never a traceback.

Each case runs the real `directives` command in its own process, so what a user sees is what is checked,
stdout's encoding included (a file name with invalid UTF-8 bytes once aborted a folder ingest right there).
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from hostile import CLI_CASES, write_inputs


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("inputs")
    write_inputs(d)
    return d


def run_case(argv: list[str], env: dict[str, str], home: Path, inputs: Path) -> subprocess.CompletedProcess:
    """The command with {d} made the inputs folder and "@FILE" replaced by that file's text."""
    args = []
    for a in argv:
        a = a.replace("{d}", str(inputs))
        args.append(Path(a[1:]).read_text(encoding="utf-8") if a.startswith("@") else a)
    full_env = {**os.environ, "DIRECTIVES_HOME": str(home), "PYTHONIOENCODING": "utf-8",
                **{k: v.replace("{d}", str(inputs)) for k, v in env.items()}}
    full_env.pop("DIRECTIVES_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "qa.cli", *args], cwd=ROOT, env=full_env, capture_output=True,
                          text=True, errors="backslashreplace", timeout=600)


def check_output(done: subprocess.CompletedProcess, code: int, expected: str) -> None:
    output = done.stdout + done.stderr
    assert "Traceback" not in output, output[-3000:]
    assert "internal error" not in output, output[-3000:]
    assert done.returncode == code, (done.returncode, output[-3000:])
    assert expected in output, output[-3000:]
    for line in done.stderr.splitlines():             # errors are single lines starting "error:" or argparse's
        assert line.startswith(("error: ", "note: ", "usage: ", "directives", " ", "[")), line


@pytest.mark.parametrize("name,argv,env,code,expected,corpus", CLI_CASES, ids=[c[0] for c in CLI_CASES])
def test_cli_bad_input(name, argv, env, code, expected, corpus, inputs, corpus_home, tmp_path):
    home = corpus_home if corpus else tmp_path / "home"
    check_output(run_case(argv, env, home, inputs), code, expected)


def test_folder_ingest_with_a_bad_name_stores_the_rest(inputs, tmp_path):
    """Issue 20: one file name with invalid UTF-8 bytes aborted the whole folder (0 files stored)."""
    from ingest.archive import Archive

    home = tmp_path / "home"
    done = run_case(["ingest", "{d}/mixed"], {}, home, inputs)
    check_output(done, 1, "3 added")
    with Archive(home / "archive.sqlite3") as archive:
        sources = sorted(Path(d.source).name for d in archive.documents())
        assert archive.check() == []
    assert sources == ["bom.txt", "c\\xf4ng-v\\xe3n-\\xff.txt", "good.txt"]
    again = run_case(["ingest", "{d}/mixed"], {}, home, inputs)      # the escaped name is a stable key
    check_output(again, 1, "0 added, 0 replaced, 3 duplicate, 4 error")
