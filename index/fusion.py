"""Fusing ranked lists. One call shape: {method: {key: score}} -> {key: fused score}."""
from __future__ import annotations

RRF_K = 60


def min_max(scores: dict[str, float]) -> dict[str, float]:
    """Scale to [0, 1]; when every score is equal (max == min), a positive score counts as 1, else 0."""
    if not scores:
        return {}
    lo, hi = min(scores.values()), max(scores.values())
    if hi == lo:
        return {k: (1.0 if hi > 0 else 0.0) for k in scores}
    return {k: (v - lo) / (hi - lo) for k, v in scores.items()}


def weighted_min_max(runs: dict[str, dict[str, float]], weights: dict[str, float]) -> dict[str, float]:
    """Sum of each method's min-max-scaled score times its weight; a key a method missed gets 0 from it."""
    fused: dict[str, float] = {}
    for method, scores in runs.items():
        w = weights.get(method, 0.0)
        for key, value in min_max(scores).items():
            fused[key] = fused.get(key, 0.0) + w * value
    return fused


def z_score(scores: dict[str, float]) -> dict[str, float]:
    """Standard scores over the candidates, so a method's spread, not its top and bottom alone, sets the scale
    (min-max lets one outlier squeeze the rest); with no spread, a positive score counts as 1, else 0."""
    if not scores:
        return {}
    values = list(scores.values())
    mean = sum(values) / len(values)
    sd = (sum((v - mean) ** 2 for v in values) / len(values)) ** 0.5
    if sd == 0:
        return {k: (1.0 if v > 0 else 0.0) for k, v in scores.items()}
    return {k: (v - mean) / sd for k, v in scores.items()}


def weighted_z_score(runs: dict[str, dict[str, float]], weights: dict[str, float]) -> dict[str, float]:
    """Sum of each method's z-scored score times its weight; a key a method missed gets that method's lowest."""
    fused: dict[str, float] = {}
    keys = {k for scores in runs.values() for k in scores}
    for method, scores in runs.items():
        w = weights.get(method, 0.0)
        z = z_score(scores)
        floor = min(z.values()) if z else 0.0
        for key in keys:
            fused[key] = fused.get(key, 0.0) + w * z.get(key, floor)
    return fused


def rrf(runs: dict[str, dict[str, float]], k: int = RRF_K) -> dict[str, float]:
    """Reciprocal rank fusion: sum over methods of 1 / (k + rank), ranks from 1."""
    fused: dict[str, float] = {}
    for scores in runs.values():
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
        for rank, (key, _) in enumerate(ranked, start=1):
            fused[key] = fused.get(key, 0.0) + 1.0 / (k + rank)
    return fused
