"""The parquet schema of the published ReMI files, plus this project's two extra columns.

Image columns use the Hugging Face ``Image`` feature (a struct of ``bytes`` and ``path``); the
``huggingface`` schema metadata is what makes ``datasets`` decode them as images.
"""

from __future__ import annotations

import json

import pyarrow as pa

from remibench.items import MAX_IMAGES

IMAGE_COLUMNS: tuple[str, ...] = tuple(f"image_{k}" for k in range(1, MAX_IMAGES + 1))
PUBLISHED_COLUMNS: tuple[str, ...] = ("question", "label", "task", *IMAGE_COLUMNS)
EXTRA_COLUMNS: tuple[str, ...] = ("id", "metadata")
SPLITS: tuple[str, ...] = ("test", "train")

IMAGE_TYPE = pa.struct([("bytes", pa.binary()), ("path", pa.string())])


def _features() -> dict[str, dict[str, str]]:
    features: dict[str, dict[str, str]] = {}
    for name in ("question", "label", "task"):
        features[name] = {"dtype": "string", "_type": "Value"}
    for name in IMAGE_COLUMNS:
        features[name] = {"_type": "Image"}
    for name in EXTRA_COLUMNS:
        features[name] = {"dtype": "string", "_type": "Value"}
    return features


def dataset_schema() -> pa.Schema:
    """Columns in published order, then ``id`` and ``metadata``, with the hub's feature metadata."""
    fields = [pa.field(name, pa.string()) for name in ("question", "label", "task")]
    fields += [pa.field(name, IMAGE_TYPE) for name in IMAGE_COLUMNS]
    fields += [pa.field(name, pa.string()) for name in EXTRA_COLUMNS]
    hub_metadata = json.dumps({"info": {"features": _features()}})
    return pa.schema(fields, metadata={"huggingface": hub_metadata})
