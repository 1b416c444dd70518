"""Fusion on tiny hand-computed fixtures."""
from __future__ import annotations

import pytest

from index.fusion import min_max, rrf, weighted_min_max


def test_min_max_and_its_guard():
    assert min_max({"a": 2.0, "b": 4.0, "c": 3.0}) == {"a": 0.0, "b": 1.0, "c": 0.5}
    assert min_max({"a": 5.0, "b": 5.0}) == {"a": 1.0, "b": 1.0}      # max == min, positive
    assert min_max({"a": 0.0}) == {"a": 0.0}
    assert min_max({}) == {}


def test_weighted_min_max():
    runs = {"bm25": {"a": 10.0, "b": 5.0, "c": 0.0}, "dense": {"b": 0.9, "c": 0.5, "d": 0.7}}
    fused = weighted_min_max(runs, {"bm25": 0.3, "dense": 0.7})
    assert fused == pytest.approx({"a": 0.3, "b": 0.3 * 0.5 + 0.7 * 1.0, "c": 0.0, "d": 0.7 * 0.5})


def test_rrf_matches_hand_computation():
    runs = {"bm25": {"x": 3.0, "y": 2.0, "z": 1.0}, "dense": {"z": 0.9, "x": 0.1}}
    fused = rrf(runs)
    assert fused["x"] == pytest.approx(1 / (60 + 1) + 1 / (60 + 2))
    assert fused["z"] == pytest.approx(1 / (60 + 3) + 1 / (60 + 1))
    assert fused["y"] == pytest.approx(1 / (60 + 2))
