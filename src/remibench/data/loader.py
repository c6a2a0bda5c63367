"""One loader for our files and the published ReMI data, checking every row it yields.

Sources: a parquet file; a folder holding ``{split}.parquet`` (ours) or the hub's
``data/{split}-*.parquet`` shards; or the hub name ``mehrankazemi/ReMI`` through ``datasets``
(online machines only). Rows are read in small batches, so memory stays flat.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, UnidentifiedImageError

from remibench.data.schema import IMAGE_COLUMNS
from remibench.items import TASK_NAMES, Item, tag_problem

PUBLISHED_HUB_NAME = "mehrankazemi/ReMI"
BATCH_ROWS = 16
MAX_PIXELS = 40_000_000  # an image larger than this is refused before it is decoded (ReMI's are < 2 MP)


class DatasetError(ValueError):
    """A dataset source or row that cannot be used; the message says where and why."""


@dataclass(frozen=True)
class RowProblem:
    """A refused row: where it is and what is wrong."""

    source: str
    row: int
    task: str | None
    problem: str

    def __str__(self) -> str:
        task = f" (task {self.task})" if self.task else ""
        return f"{self.source}: row {self.row}{task}: {self.problem}"


def find_split_files(source: Path, split: str) -> list[Path]:
    """The parquet files of ``split`` under a folder, or the file itself."""
    if source.is_file():
        return [source]
    if not source.is_dir():
        raise DatasetError(f"{source}: no such file or folder")
    candidates = [source / f"{split}.parquet"]
    candidates += sorted(source.glob(f"{split}-*.parquet"))
    candidates += sorted((source / "data").glob(f"{split}-*.parquet")) if (source / "data").is_dir() else []
    candidates += sorted((source / "data").glob(f"{split}.parquet")) if (source / "data").is_dir() else []
    found = [p for p in candidates if p.is_file()]
    if not found:
        raise DatasetError(f"{source}: no {split}.parquet, {split}-*.parquet or data/{split}-*.parquet here")
    return found


def _image_bytes(value: Any, column: str, base: Path | None, check: str) -> bytes:
    """PNG bytes of one image cell; other formats are re-encoded as PNG (the protocol sends PNG)."""
    if isinstance(value, dict):
        data, path = value.get("bytes"), value.get("path")
    elif isinstance(value, (bytes, bytearray)):
        data, path = bytes(value), None
    else:
        raise ValueError(f"{column} is a {type(value).__name__}, expected an image struct of bytes and path")
    if not data:
        if not path:
            raise ValueError(f"{column} has neither bytes nor a path")
        file = Path(path) if Path(path).is_absolute() or base is None else base / path
        if not file.is_file():
            raise ValueError(f"{column} points to {path}, which does not exist")
        data = file.read_bytes()
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ValueError(f"{column} is {width}x{height} pixels, more than the {MAX_PIXELS:,} this tool decodes "
                                 "(a decompression bomb, or not a ReMI image)")
            if image.format == "PNG" and check == "header":
                image.verify()
                return data
            image.load()
            if image.format == "PNG":
                return data
            out = io.BytesIO()
            image.convert("RGBA" if "A" in image.getbands() else "RGB").save(out, format="PNG")
            return out.getvalue()
    except UnidentifiedImageError as error:
        raise ValueError(f"{column} does not decode as an image ({len(data)} bytes in no image format this tool "
                         "reads)") from error
    except Image.DecompressionBombError as error:
        raise ValueError(f"{column} is too large to decode safely ({error})") from error
    except (OSError, SyntaxError) as error:
        raise ValueError(f"{column} does not decode as an image ({error})") from error


def row_to_item(row: dict[str, Any], *, source: str, row_index: int, split: str, ordinal: int,
                base: Path | None = None, check: str = "header") -> Item:
    """Check one row and build its item; raises DatasetError naming the row and the problem."""
    task = row.get("task")

    def fail(problem: str) -> DatasetError:
        return DatasetError(str(RowProblem(source, row_index, task if isinstance(task, str) else None, problem)))

    if not isinstance(task, str) or task not in TASK_NAMES:
        raise fail(f"unknown task {task!r}; expected one of {', '.join(TASK_NAMES)}")
    question = row.get("question")
    if not isinstance(question, str) or not question.strip():
        raise fail("empty or missing question")
    label = row.get("label")
    if label is None or (isinstance(label, str) and not label.strip()):
        raise fail("empty or missing label")
    present = [row.get(column) is not None for column in IMAGE_COLUMNS]
    n_images = sum(present)
    if present[:n_images] != [True] * n_images:
        missing = [IMAGE_COLUMNS[k] for k in range(n_images) if not present[k]]
        raise fail(f"images must fill image_1..image_{n_images} without gaps; {', '.join(missing)} is null")
    problem = tag_problem(question, n_images)
    if problem:
        raise fail(problem)
    try:
        images = tuple(_image_bytes(row[IMAGE_COLUMNS[k]], IMAGE_COLUMNS[k], base, check) for k in range(n_images))
    except ValueError as error:
        raise fail(str(error)) from error
    metadata: dict[str, Any] = {}
    raw_meta = row.get("metadata")
    if raw_meta:
        if not isinstance(raw_meta, (str, bytes)):
            raise fail(f"metadata is a {type(raw_meta).__name__}, expected a JSON string")
        try:
            metadata = json.loads(raw_meta)
        except json.JSONDecodeError as error:
            raise fail(f"metadata is not valid JSON ({error.msg} at char {error.pos})") from error
        except UnicodeDecodeError as error:
            raise fail("metadata is not UTF-8 text") from error
        if not isinstance(metadata, dict):
            raise fail(f"metadata is a JSON {type(metadata).__name__}, expected an object")
    item_id = row.get("id") or f"{task}-{split}-{ordinal:05d}"
    return Item(id=str(item_id), task=task, question=question, images=images, label=str(label), metadata=metadata)


def _iter_parquet_rows(path: Path) -> Iterator[dict[str, Any]]:
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
    except Exception as error:  # pyarrow raises several types for a corrupt file
        raise DatasetError(f"{path}: not a readable parquet file ({error})") from error
    missing = [c for c in ("question", "label", "task", "image_1", "image_2") if c not in parquet.schema_arrow.names]
    if missing:
        raise DatasetError(f"{path}: missing column(s) {', '.join(missing)}; is this a ReMI file?")
    # One row group at a time: ParquetFile.iter_batches keeps Arrow buffers alive across the
    # whole file (memory grows with N), reading and dropping row groups keeps it flat.
    first_row = 0
    for group in range(parquet.metadata.num_row_groups):
        try:
            table = parquet.read_row_group(group)
            rows = [row for batch in table.to_batches(max_chunksize=BATCH_ROWS) for row in batch.to_pylist()]
        except Exception as error:  # a damaged row group: pyarrow raises OSError, ArrowInvalid, ...
            raise DatasetError(f"{path}: rows from {first_row} on cannot be read (row group {group}: {error})") from error
        del table
        first_row += len(rows)
        yield from rows


def _iter_hub_rows(name: str, split: str) -> Iterator[dict[str, Any]]:
    try:
        import datasets
    except ImportError as error:
        raise DatasetError(f"reading {name} from the hub needs the 'datasets' package: pip install 'remibench[hub]'") from error
    try:
        data = datasets.load_dataset(name, split=split)
    except Exception as error:  # offline machines raise connection errors of several kinds
        raise DatasetError(f"could not load {name} ({split}) from the hub: {error}. "
                           "Download its parquet files and pass the folder instead.") from error
    for column in IMAGE_COLUMNS:
        if column in data.column_names:
            data = data.cast_column(column, datasets.Image(decode=False))
    yield from data


def is_hub_name(source: str) -> bool:
    return not Path(source).exists() and source.count("/") == 1 and not source.endswith(".parquet")


def iter_rows(source: str | Path, split: str = "test") -> Iterator[tuple[str, int, Path | None, dict[str, Any]]]:
    """(source label, row index, folder for relative paths, raw row) for every row of a split."""
    text = str(source)
    if is_hub_name(text):
        for index, row in enumerate(_iter_hub_rows(text, split)):
            yield f"{text}[{split}]", index, None, row
        return
    for path in find_split_files(Path(source), split):
        for index, row in enumerate(_iter_parquet_rows(path)):
            yield str(path), index, path.parent, row


def load_items(source: str | Path, split: str = "test", tasks: Iterable[str] | None = None,
               limit: int | None = None, check: str = "header") -> Iterator[Item]:
    """Checked items of ``split`` (optionally only ``tasks``, at most ``limit`` per task).

    ``check="header"`` verifies PNG structure and checksums; ``"full"`` decodes every image.
    Raises DatasetError at the first bad row, naming it.
    """
    wanted = set(tasks) if tasks is not None else None
    per_task: Counter[str] = Counter()
    seen_ids: set[str] = set()
    for label, index, base, row in iter_rows(source, split):
        task = row.get("task")
        if wanted is not None and task in TASK_NAMES and task not in wanted:
            continue
        ordinal = per_task[task] if isinstance(task, str) else 0
        if limit is not None and isinstance(task, str) and ordinal >= limit:
            continue
        item = row_to_item(row, source=label, row_index=index, split=split, ordinal=ordinal, base=base, check=check)
        if item.id in seen_ids:
            raise DatasetError(str(RowProblem(label, index, item.task, f"duplicate id {item.id!r}")))
        seen_ids.add(item.id)
        per_task[item.task] += 1
        yield item


def count_rows(source: str | Path, split: str = "test") -> int | None:
    """Rows in a local split (for progress bars); None for hub sources."""
    if is_hub_name(str(source)):
        return None
    import pyarrow.parquet as pq

    total = 0
    for path in find_split_files(Path(source), split):
        try:
            total += pq.ParquetFile(path).metadata.num_rows
        except Exception as error:  # pyarrow raises several types for a corrupt file
            raise DatasetError(f"{path}: not a readable parquet file ({error})") from error
    return total
