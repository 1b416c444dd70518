"""What one query may cost: how long its text may be and how long it may run.

A service that many staff share cannot let one pasted 100 KB text run for minutes (it took 107 s, and the
embedder's time grows with the text). So a query is cut to $DIRECTIVES_MAX_QUERY_CHARS characters, and the
caller says so to the user; and a search or answer runs under a deadline ($DIRECTIVES_QUERY_SECONDS) that the
searcher checks between its stages, raising BudgetExceeded rather than going on. The deadline lives in a
context variable, so concurrent sessions (threads) each have their own.
"""
from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from ingest import config
from ingest.errors import DirectivesError

_DEADLINE: ContextVar[float | None] = ContextVar("directives_query_deadline", default=None)


class BudgetExceeded(DirectivesError):
    """A query ran past its time budget; nothing partial is returned as if it were complete."""


@dataclass(frozen=True)
class Clipped:
    """A query as it will be searched, and how long it was as typed."""

    text: str
    typed_chars: int
    limit: int

    @property
    def cut(self) -> bool:
        return len(self.text) < self.typed_chars


def clip(query: str, limit: int | None = None) -> Clipped:
    """The query cut to at most `limit` characters (default $DIRECTIVES_MAX_QUERY_CHARS), at a space when one is
    near the cut so that no word is halved."""
    limit = int(config.MAX_QUERY_CHARS.value()) if limit is None else limit
    if len(query) <= limit:
        return Clipped(query, len(query), limit)
    head = query[:limit]
    space = head.rfind(" ", max(0, limit - 100))       # the last word boundary, if it is near
    return Clipped(head[:space] if space > 0 else head, len(query), limit)


@contextmanager
def deadline(seconds: float | None = None) -> Iterator[None]:
    """Run the block under a time budget (default $DIRECTIVES_QUERY_SECONDS); an enclosing, earlier deadline
    wins."""
    seconds = config.QUERY_SECONDS.value() if seconds is None else seconds
    ends = time.monotonic() + seconds
    outer = _DEADLINE.get()
    token = _DEADLINE.set(ends if outer is None else min(outer, ends))
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def remaining() -> float | None:
    """Seconds left in the current budget; None outside any."""
    ends = _DEADLINE.get()
    return None if ends is None else max(0.0, ends - time.monotonic())


def check(stage: str) -> None:
    """Raise BudgetExceeded when the current budget is spent; `stage` says where, for the message."""
    left = remaining()
    if left is not None and left <= 0:
        raise over_budget(stage)


def over_budget(stage: str) -> BudgetExceeded:
    return BudgetExceeded(f"the query ran past its {config.QUERY_SECONDS.value():g} s budget ({stage}); ask a "
                          "shorter or more specific question (DIRECTIVES_QUERY_SECONDS sets the budget)")
