"""Streaming parquet writer: items go out in row groups, so memory stays flat for any N."""

from __future__ import annotations

import json
import os
from pathlib import Path
from types import TracebackType
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from remibench.data.schema import IMAGE_COLUMNS, dataset_schema
from remibench.items import Item

DEFAULT_ROW_GROUP = 64


def item_row(item: Item) -> dict[str, Any]:
    """One parquet row: published columns, null images past K, then id and metadata JSON."""
    row: dict[str, Any] = {"question": item.question, "label": item.label, "task": item.task}
    for k, column in enumerate(IMAGE_COLUMNS):
        row[column] = {"bytes": item.images[k], "path": None} if k < len(item.images) else None
    row["id"] = item.id
    row["metadata"] = json.dumps(item.metadata, sort_keys=True, separators=(",", ":"))
    return row


class DatasetWriter:
    """Writes items to ``path`` through a temporary file that is renamed only on success,
    so an interrupted run never leaves a truncated file that looks complete."""

    def __init__(self, path: str | os.PathLike[str], row_group_size: int = DEFAULT_ROW_GROUP) -> None:
        self.path = Path(path)
        self.row_group_size = row_group_size
        self.schema = dataset_schema()
        self._tmp = self.path.with_name(self.path.name + ".partial")
        self._rows: list[dict[str, Any]] = []
        self._writer: pq.ParquetWriter | None = None
        self.count = 0

    def __enter__(self) -> DatasetWriter:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._writer = pq.ParquetWriter(self._tmp, self.schema, compression="zstd")
        return self

    def write(self, item: Item) -> None:
        self._rows.append(item_row(item))
        self.count += 1
        if len(self._rows) >= self.row_group_size:
            self._flush()

    def _flush(self) -> None:
        if self._rows and self._writer is not None:
            self._writer.write_table(pa.Table.from_pylist(self._rows, schema=self.schema))
            self._rows = []

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if exc_type is None:
            self._flush()
        if self._writer is not None:
            self._writer.close()
        if exc_type is None:
            os.replace(self._tmp, self.path)
        else:
            self._tmp.unlink(missing_ok=True)
