"""Fusion on tiny hand-computed fixtures."""
from __future__ import annotations

import pytest

from index import fusion
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


def test_z_score_fusion_by_hand():
    # bm25 {a: 3, b: 1}: mean 2, sd 1 -> a +1, b -1; dense {a: 0.2, c: 0.6}: mean 0.4, sd 0.2 -> a -1, c +1.
    # A key a method missed takes that method's lowest standard score: c gets -1 from bm25, b -1 from dense.
    fused = fusion.weighted_z_score({"bm25": {"a": 3.0, "b": 1.0}, "dense": {"a": 0.2, "c": 0.6}},
                                    {"bm25": 0.5, "dense": 0.5})
    assert fused == pytest.approx({"a": 0.0, "b": -1.0, "c": 0.0})
    assert fusion.z_score({"x": 2.0, "y": 2.0}) == {"x": 1.0, "y": 1.0}        # no spread
