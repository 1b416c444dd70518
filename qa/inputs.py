"""Reading what a user hands the CLI or the app (a JSONL file of queries, an upload) with errors that name the
file and the line and say what was expected, never a traceback.

A file that cannot be read at all (missing, a folder, not UTF-8) is a UsageError (exit 2): nothing was done.
A readable file's bad line is reported on its own, so a batch can go on with the good ones (exit 1). A UTF-8
byte-order mark, as Windows editors write it, is text like any other, not a malformed first line.
"""
from __future__ import annotations

import argparse
import json
import math
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ingest.errors import DirectivesError, UsageError

BOM = "\ufeff"


def positive(kind: type, what: str):
    """An argparse type for a number above 0, finite; anything else is argparse's usage error (exit 2)."""
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not {what}") from None
        if not math.isfinite(value) or value <= 0:
            raise argparse.ArgumentTypeError(f"{text!r}: must be above 0")
        return value
    return parse
JSON_KINDS = {str: "text (a JSON string)", int: "a number", float: "a number", bool: "true or false",
              type(None): "null", list: "a list", dict: "an object"}


def read_bytes(path: str | Path, what: str = "file") -> bytes:
    """A file's bytes, or a UsageError saying why not (missing, a folder, no permission)."""
    p = Path(path)
    if p.is_dir():
        raise UsageError(f"{p}: is a folder; give a {what}")
    try:
        return p.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"{p}: no such {what}") from None
    except OSError as e:
        raise UsageError(f"{p}: cannot read: {e.strerror or e}") from None


def decode(data: bytes, name: str) -> str:
    """UTF-8 text without its byte-order mark; other bytes (Latin-1, UTF-16 without a mark) are a UsageError
    naming the line."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[:e.start].count(b"\n") + 1
        column = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        raise UsageError(f"{name}:{line}: not UTF-8 text (byte 0x{data[e.start]:02X} at column {column}); "
                         "save the file as UTF-8") from None
    if "\x00" in text:              # UTF-16 without its mark decodes as UTF-8 full of NULs
        line = text[:text.index("\x00")].count("\n") + 1
        raise UsageError(f"{name}:{line}: not UTF-8 text (it holds NUL bytes: UTF-16?); save the file as UTF-8")
    return text[1:] if text.startswith(BOM) else text


@dataclass
class Line:
    """One non-blank line of a JSONL file: its record, or what is wrong with it."""

    n: int
    record: dict | None
    error: str | None = None


def _kind(value) -> str:
    return JSON_KINDS.get(type(value), type(value).__name__)


def jsonl_lines(text: str, name: str, fields: dict[str, tuple[type, ...]]) -> list[Line]:
    """Each non-blank line as a JSON object holding `fields` with values of the given types (text must not be
    blank); a line that is not says which field and what it holds instead."""
    out = []
    for n, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except ValueError as e:
            out.append(Line(n, None, f"{name}:{n}: not JSON ({e.msg} at column {e.colno})"))
            continue
        if not isinstance(record, dict):
            out.append(Line(n, None, f"{name}:{n}: expected a JSON object {{...}}, got {_kind(record)}"))
            continue
        error = None
        for key, types in fields.items():
            value = record.get(key)
            wanted = " or ".join(dict.fromkeys(JSON_KINDS[t] for t in types))
            if key not in record:
                error = f"{name}:{n}: missing \"{key}\" ({wanted})"
            elif not isinstance(value, types) or isinstance(value, bool):
                error = f"{name}:{n}: \"{key}\" must be {wanted}, got {_kind(value)}"
            elif isinstance(value, str) and not value.strip():
                error = f"{name}:{n}: \"{key}\" is empty"
            if error:
                break
        out.append(Line(n, None if error else record, error))
    return out


QUERY_FIELDS = {"id": (str, int), "query": (str,)}
LABELLED_FIELDS = {"id": (str, int), "query": (str,), "type": (str,)}


def query_lines(path: str | Path) -> list[Line]:
    """The lines of a `search --queries` file; the file itself unreadable is a UsageError."""
    return jsonl_lines(decode(read_bytes(path), str(path)), str(path), QUERY_FIELDS)


@contextmanager
def checked_jsonl(data: bytes, name: str, fields: dict[str, tuple[type, ...]] = LABELLED_FIELDS) -> Iterator[Path]:
    """A temporary UTF-8 copy (no byte-order mark) of a JSONL file whose every line has `fields`, for readers
    that take a path (the evaluation's); the first bad line is a UsageError."""
    text = decode(data, name)
    lines = jsonl_lines(text, name, fields)
    bad = next((line.error for line in lines if line.error), None)
    if bad:
        raise UsageError(bad)
    if not lines:
        raise UsageError(f"{name}: no queries in the file")
    with tempfile.TemporaryDirectory(prefix="directives-") as tmp:
        path = Path(tmp) / (Path(name).stem or "queries")
        path = path.with_suffix(".jsonl")
        path.write_text(text, encoding="utf-8")
        try:
            yield path
        except DirectivesError as e:          # the reader names the copy; the user knows the file as `name`
            raise type(e)(str(e).replace(str(path), name)) from None
