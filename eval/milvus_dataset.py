"""An evaluation dataset (BEIR layout) in Milvus, so `directives eval --dataset` measures the Milvus backend on the
very units, tokens and vectors the embedded evaluation uses (eval.beir.DatasetIndex computes and caches them).

Units go into a collection like an archive's clauses (without metadata). A long unit is also embedded in pieces
(eval.beir.LONG_UNIT); those, with each unit's whole vector, go into a second collection whose `unit` field a
grouped search reads, so a unit scores as its best piece there as in eval.beir (UnitVectors).
"""
from __future__ import annotations

import hashlib

import numpy as np

from eval.beir import Dataset, DatasetIndex
from index.milvus import BATCH, Collection, connect, milvus_uri, once_more, token_text
from index.search import Searcher


class DatasetMilvusIndex:
    """What a MilvusSearcher reads, for a dataset: table, position, restorer, embedder, vectors, pieces."""

    def __init__(self, data: Dataset, local: DatasetIndex, uri: str):
        uri = milvus_uri(uri) or uri
        self.uri, self.embedder, self.table, self.restorer = uri, local.embedder, local.table, local.restorer
        self.position = {cid: i for i, cid in enumerate(local.table.ids)}
        self.client = connect(uri)
        key = hashlib.sha1("\x00".join(data.texts).encode()).hexdigest()[:10]
        tag = "".join(c if c.isalnum() else "_" for c in data.name)[:40]
        dim = local.embedder.dim if local.embedder is not None else None
        self.collection = Collection(self.client, f"dataset_{tag}_{key}_{'d' if dim else 'l'}", dim)
        self.vectors = self if local.embedder is not None else None
        self.pieces: str | None = f"{self.collection.name}_pieces" if dim else None
        once_more(uri, lambda: self._push(data, local))

    def check(self, embedder_name: str) -> None:
        pass

    def _push(self, data: Dataset, local: DatasetIndex) -> None:
        """Fill the collections unless they already hold this dataset (named by a hash of its texts)."""
        import pickle

        created = self.collection.ensure()
        if not created and self.collection.count() == len(data.doc_ids):
            return
        words, folded, _ = pickle.loads(local._tokens_path.read_bytes())
        units = local.vectors.units.vectors if local.vectors is not None else None
        rows = []
        for i, uid in enumerate(data.doc_ids):
            row = {"id": uid, "doc_id": uid, "fp": "", "words": token_text(words[i]), "folded": token_text(folded[i]),
                   "province": "", "current_province": "", "doc_type": "", "issuer": "", "year": -1, "cites": [],
                   "agencies": []}
            if units is not None:
                row["dense"] = np.asarray(units[i], dtype=np.float32).tolist()
            rows.append(row)
        self.collection.upsert(rows)
        self.collection.flush()
        if units is not None:
            self._push_pieces(data, local, units)

    def _push_pieces(self, data: Dataset, local: DatasetIndex, units: np.ndarray) -> None:
        from pymilvus import DataType

        if self.client.has_collection(self.pieces):
            self.client.drop_collection(self.pieces)
        s = self.client.create_schema(auto_id=False)
        s.add_field("id", DataType.VARCHAR, is_primary=True, max_length=300)
        s.add_field("unit", DataType.VARCHAR, max_length=256)
        s.add_field("dense", DataType.FLOAT_VECTOR, dim=units.shape[1])
        ip = self.client.prepare_index_params()
        ip.add_index("dense", index_type="HNSW", metric_type="COSINE",
                     params={"M": 32, "efConstruction": 80, "params": {"M": 32, "efConstruction": 80}})
        self.client.create_collection(self.pieces, schema=s, index_params=ip)
        rows = [{"id": uid, "unit": uid, "dense": np.asarray(units[i]).tolist()} for i, uid in enumerate(data.doc_ids)]
        pieces, owners = local.vectors.pieces, local.vectors.owners
        rows += [{"id": f"{data.doc_ids[o]}#{n}", "unit": data.doc_ids[o], "dense": np.asarray(v).tolist()}
                 for n, (v, o) in enumerate(zip(pieces, owners))]
        for i in range(0, len(rows), BATCH):
            self.client.upsert(self.pieces, rows[i:i + BATCH])
        self.client.flush(self.pieces)
        self.client.load_collection(self.pieces)


def dataset_searcher(data: Dataset, model, uri: str) -> Searcher:
    from index.milvus_search import MilvusSearcher

    return MilvusSearcher(None, index=DatasetMilvusIndex(data, DatasetIndex(data, model), uri))
