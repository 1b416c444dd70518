"""Errors a user sees: one line naming what is wrong and, where possible, how to fix it."""


class DirectivesError(Exception):
    """Base for every error the CLI turns into one clean line and a non-zero exit."""


class IngestError(DirectivesError):
    """A file that cannot go into the archive (corrupt, empty, undecodable, too large, scan without OCR)."""
