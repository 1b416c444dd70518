"""Errors a user sees: one line naming what is wrong and, where possible, how to fix it."""


class DirectivesError(Exception):
    """Base for every error the CLI turns into one clean line and a non-zero exit (1: an item failed)."""


class UsageError(DirectivesError):
    """The command was given something it cannot use (a bad option value, an unreadable input file, a setting
    that is not a number): nothing was done, exit 2, as argparse does for its own usage errors."""


class IngestError(DirectivesError):
    """A file that cannot go into the archive (corrupt, empty, undecodable, too large, scan without OCR)."""


class LimitError(IngestError):
    """A file over one of the per-file limits (size unpacked, paragraphs, pages, OCR pages or time); the message
    names the limit and the setting that raises it."""
