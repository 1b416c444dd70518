"""BM25 over two token fields with bm25s, scoring every clause so filters and fusion see all of them."""
from __future__ import annotations

import numpy as np

DEFAULT_K1 = 0.7          # k1 and b: best summed over the dev halves of both labelled sets (eval/tune.py, README)
DEFAULT_B = 0.9


class BM25Field:
    """One field's BM25 (Lucene idf, never negative); rebuilt from cached tokens, which is cheap."""

    def __init__(self, k1: float = DEFAULT_K1, b: float = DEFAULT_B):
        self.k1, self.b = k1, b
        self._bm25 = None
        self.size = 0

    def build(self, docs: list[list[str]]) -> None:
        import bm25s

        self.size = len(docs)
        if not docs:
            self._bm25 = None
            return
        self._bm25 = bm25s.BM25(k1=self.k1, b=self.b, method="lucene")
        self._bm25.index([d if d else [""] for d in docs], show_progress=False)

    def __setstate__(self, state: dict) -> None:
        """Give bm25s' arrays numpy's builtin dtypes again. An unpickled array carries an equal but distinct
        dtype object, and np.add.at (how bm25s sums postings) then leaves its fast path: every process that
        loads the index scored 10-20x slower than the one that built it (bench/unpickled.py)."""
        self.__dict__.update(state)
        scores = getattr(self._bm25, "scores", None)
        if isinstance(scores, dict):
            for key in ("data", "indices", "indptr"):
                if isinstance(scores.get(key), np.ndarray):
                    scores[key] = scores[key].view(np.dtype(scores[key].dtype.str).type)

    def knows(self, token: str) -> bool:
        """Whether any indexed document has this token (a question made only of unknown words has nothing to
        find, and should not be "answered" from whatever the dense side brings)."""
        return self._bm25 is not None and token in self._bm25.vocab_dict

    def idf(self, tokens: list[str]) -> np.ndarray:
        """Each token's Lucene idf in this field, as BM25 weighs it; a token no clause has weighs as the rarest."""
        n = self.size
        out = np.empty(len(tokens), dtype=np.float64)
        vocab = self._bm25.vocab_dict if self._bm25 is not None else {}
        indptr = self._bm25.scores["indptr"] if self._bm25 is not None else None
        for k, t in enumerate(tokens):
            j = vocab.get(t)
            df = 0 if j is None else int(indptr[j + 1] - indptr[j])
            out[k] = np.log(1 + (n - df + 0.5) / (df + 0.5))
        return out

    def scores(self, query: list[str]) -> np.ndarray:
        """A score for every document, in build order (zeros for a query with no known word)."""
        if self._bm25 is None:
            return np.zeros(self.size, dtype=np.float32)
        known = [t for t in query if t in self._bm25.vocab_dict]
        if not known:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(known), dtype=np.float32)


def top_positions(scores: np.ndarray, allowed: np.ndarray | None, k: int) -> np.ndarray:
    """Positions of the k best positive scores, best first, ties by position. A partition, not a sort of every
    candidate: common words give most clauses some score (97% at 1M, where sorting them took 116 ms)."""
    cand = np.flatnonzero(scores > 0) if allowed is None else np.flatnonzero((scores > 0) & allowed)
    if len(cand) > k:
        vals = scores[cand]
        kth = np.partition(vals, len(vals) - k)[len(vals) - k]        # the k-th largest score
        above = cand[vals > kth]
        cand = np.concatenate([above, cand[vals == kth][:k - len(above)]])
    return cand[np.argsort(-scores[cand], kind="stable")]
