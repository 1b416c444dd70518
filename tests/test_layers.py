"""The data flows files -> ingest -> index -> qa -> app; a lower layer importing a higher one makes a cycle (the
province lineage once lived in qa/compare.py and index/search.py imported it inside a function to dodge one)."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ORDER = ["ingest", "index", "qa", "app"]


def _imported_layers(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
            [node.module] if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 else [])
        found |= {n.split(".")[0] for n in names if n.split(".")[0] in ORDER}
    return found


def test_no_layer_imports_one_above_it():
    wrong = []
    for rank, layer in enumerate(ORDER[:-1]):
        for path in sorted((ROOT / layer).glob("*.py")):
            above = {name for name in _imported_layers(path) if ORDER.index(name) > rank}
            wrong += [f"{path.relative_to(ROOT)} imports {name}" for name in sorted(above)]
    assert wrong == []


def test_the_check_sees_an_upward_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from qa.compare import compare\n    import app\n", encoding="utf-8")
    assert _imported_layers(bad) == {"qa", "app"}
