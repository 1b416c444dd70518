"""Where Tesseract's Vietnamese model is, for the scanned pages of a PDF (ingest.extract OCRs them with pymupdf).

pymupdf carries its own Tesseract engine; only the language files come from the system. Its own module so the PDF
reader stays about layout.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

from ingest.errors import IngestError

OCR_LANGUAGE = "vie"
OCR_DPI = 300
_INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-vie"
_KNOWN_TESSDATA = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
    "/opt/homebrew/share/tessdata",
)


@lru_cache(maxsize=1)
def _tesseract_cli_tessdata() -> str | None:
    """The folder `tesseract --list-langs` reports; cached because it runs a process."""
    binary = shutil.which("tesseract")
    if not binary:
        return None
    try:
        done = subprocess.run([binary, "--list-langs"], capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r'List of available languages in "(.+?)"', done.stdout + done.stderr)
    return match.group(1) if match else None


def tessdata_dir() -> Path | None:
    """Where Tesseract's language files are: TESSDATA_PREFIX, the tesseract CLI, then Debian paths.

    The first folder holding the Vietnamese model wins; failing that, the first with any model
    (so the error can say the model, not Tesseract, is missing).
    """
    candidates: list[str] = []
    prefix = os.environ.get("TESSDATA_PREFIX")
    if prefix:
        candidates += [prefix, os.path.join(prefix, "tessdata")]
    cli = _tesseract_cli_tessdata()
    if cli:
        candidates.append(cli)
    candidates += _KNOWN_TESSDATA
    folders = [Path(c) for c in candidates if Path(c).is_dir() and any(Path(c).glob("*.traineddata"))]
    with_vie = [f for f in folders if (f / f"{OCR_LANGUAGE}.traineddata").is_file()]
    return (with_vie or folders or [None])[0]


def tesseract_available() -> bool:
    """True when scanned Vietnamese pages can be OCR'd: tessdata with the `vie` model exists.

    pymupdf carries its own Tesseract engine; only the language files come from the system.
    """
    folder = tessdata_dir()
    return folder is not None and (folder / f"{OCR_LANGUAGE}.traineddata").is_file()


def no_ocr_error(page_number: int) -> IngestError:
    folder = tessdata_dir()
    if folder is not None and not (folder / f"{OCR_LANGUAGE}.traineddata").is_file():
        return IngestError(
            f"page {page_number} has no text layer and Tesseract has no Vietnamese model in {folder} "
            f"(apt-get install tesseract-ocr-vie)"
        )
    return IngestError(f"page {page_number} has no text layer and Tesseract is not installed ({_INSTALL_HINT})")
