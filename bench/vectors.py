"""Dense vectors at any size from a real sample.

The first BASE synthetic clauses are embedded for real with the product's embedder (e5-small through
`index.embed.E5Small.encode_passages`), once, cached under $DIRECTIVES_BENCH_DIR and resumable (embedding
is slow on 2 cores). Clause i >= BASE gets base[i % BASE] plus Gaussian noise, re-normalised. The noise is
calibrated so a noisy copy sits as close to its origin as the median real clause sits to its nearest real
neighbour in the sample: the copies blur into the sample's own neighbourhoods instead of forming tight
clumps of near-identical vectors (which would make the approximate index's job artificially hard) or a
uniform cloud (artificially easy).
"""
from __future__ import annotations

import sys
import time

import numpy as np

from bench import data

BASE = 2000
DIM = 384


def _path():
    return data.home() / "base_vectors.npy"


def cached_base() -> np.ndarray:
    p = _path()
    return np.load(p) if p.exists() else np.zeros((0, DIM), dtype=np.float32)


def embed_base(n: int = BASE, budget_s: float = 540.0, chunk: int = 32, log=print) -> np.ndarray:
    """Embed the first n synthetic clauses (resuming from the cache); stops after budget_s seconds."""
    have = cached_base()
    if len(have) >= n:
        return have[:n]
    from index.embed import load_embedder

    pool = data.sentences()
    texts = [data.clause_text(ids, pool) for ids in data.compose(n)]
    model = load_embedder("e5-small")
    started = time.perf_counter()
    while len(have) < n and time.perf_counter() - started < budget_s:
        part = texts[len(have):len(have) + chunk]
        have = np.concatenate([have, model.encode_passages(part)])
        tmp = _path().with_suffix(".tmp.npy")
        np.save(tmp, have)
        tmp.replace(_path())
        log(f"  base vectors {len(have)}/{n}")
    return have[:n]


def noise_sigma(base: np.ndarray) -> tuple[float, float]:
    """(sigma, median nearest-neighbour cosine in the sample)."""
    sims = base @ base.T
    np.fill_diagonal(sims, -1)
    c = float(np.median(sims.max(axis=1)))
    return float(np.sqrt((1.0 / c ** 2 - 1.0) / base.shape[1])), c


MODELS = ("mix", "noise")
MODEL = "mix"


def vectors(n: int, base: np.ndarray, seed: int = data.SEED, model: str | None = None) -> np.ndarray:
    """n unit vectors: the base sample as is, then synthetic ones.

    noise: base[i % BASE] plus Gaussian noise (sigma from noise_sigma), re-normalised. At 1M that is 500
           noisy copies of each sampled clause: tight clumps whose members tie within the noise, so "the exact
           top 10" is an arbitrary pick among hundreds of equally close vectors (approximate recall collapses
           although what it returns is as close as the exact answer; see RESULTS.md).
    mix:   a random point on the segment between a sampled clause and one of its 10 nearest sampled neighbours,
           plus Gaussian noise of half that sigma, re-normalised: a continuous spread over the sample's own
           neighbourhoods, with no clumps of near-identical vectors.
    """
    model = model or MODEL
    sigma, _ = noise_sigma(base)
    out = np.empty((n, base.shape[1]), dtype=np.float32)
    k = min(n, len(base))
    out[:k] = base[:k]
    rng = np.random.default_rng(seed + 2)
    if model == "mix":
        sims = base @ base.T
        np.fill_diagonal(sims, -np.inf)
        neighbours = np.argsort(-sims, axis=1)[:, :10]
        sigma = sigma / 2
    step = 50_000
    for start in range(k, n, step):
        stop = min(n, start + step)
        m = stop - start
        idx = np.arange(start, stop) % len(base)
        if model == "mix":
            other = neighbours[idx, rng.integers(0, neighbours.shape[1], m)]
            a = rng.random((m, 1), dtype=np.float32)
            block = a * base[idx] + (1 - a) * base[other]
        else:
            block = base[idx].copy()
        block += rng.standard_normal((m, base.shape[1]), dtype=np.float32) * np.float32(sigma)
        block /= np.linalg.norm(block, axis=1, keepdims=True)
        out[start:stop] = block
    return out


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else BASE
    embed_base(n, budget_s=float(sys.argv[2]) if len(sys.argv) > 2 else 540.0)
