"""The held-out questions stay held out: no question of a test or final split is written into a unit test, a rule,
the glossary or the synonym list, whole or as a long run of its words.

Figures on held-out documents only mean something while nothing was fitted to their questions; a question copied
into a fixture or a pattern would make its answer right for the wrong reason. Short runs of words are shared by
every administrative question ("có bao nhiêu đơn vị hành chính cấp xã"), so a run counts from RUN words on.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LABELS = [ROOT / "eval" / "archive_queries.jsonl", ROOT / "eval" / "corpus_queries.jsonl"]
HELD_OUT = {"test", "final"}
RUN = 12          # words: the longest run of a held-out question found in code or data today is 10


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def held_out() -> list[tuple[str, list[str]]]:
    out = []
    for path in LABELS:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                q = json.loads(line)
                if q.get("split") in HELD_OUT:
                    out.append((q["id"], words(q["query"])))
    return out


def written() -> dict[str, str]:
    """Every file a rule, a fixture or a vocabulary list lives in, as its words joined by single spaces."""
    files = [p for folder in ("ingest", "index", "qa", "eval", "tests", "bench") for p in (ROOT / folder).rglob("*")
             if p.suffix in (".py", ".txt", ".md") and p.is_file()]
    files.append(ROOT / "app.py")
    return {str(p.relative_to(ROOT)): " " + " ".join(words(p.read_text(encoding="utf-8"))) + " " for p in files}


def copies(questions: list[tuple[str, list[str]]], texts: dict[str, str]) -> list[str]:
    """'id in file' for each question written whole (4 words or more) or by a run of RUN of its words."""
    found = []
    for qid, ws in questions:
        pieces = [ws] if 4 <= len(ws) < RUN else [ws[i:i + RUN] for i in range(len(ws) - RUN + 1)]
        for name, text in texts.items():
            if any(f" {' '.join(p)} " in text for p in pieces):
                found.append(f"{qid} in {name}")
    return found


def test_the_held_out_questions_are_nowhere_in_code_or_vocabulary():
    questions = held_out()
    assert len(questions) > 300                    # both sets' test and final splits were read
    assert copies(questions, written()) == []


def test_a_copied_question_is_found():
    qid, ws = held_out()[0]
    fixture = {"tests/test_x.py": f" assert answer {' '.join(ws)} x "}
    assert copies([(qid, ws)], fixture) == [f"{qid} in tests/test_x.py"]
    long = ["w%d" % i for i in range(20)]
    assert copies([("q", long)], {"rule.py": " " + " ".join(long[3:3 + RUN]) + " "}) == ["q in rule.py"]
    assert copies([("q", long)], {"rule.py": " " + " ".join(long[3:3 + RUN - 1]) + " "}) == []
