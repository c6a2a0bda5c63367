"""Dataset files: written in the hub's schema, read back by pyarrow, datasets and our loader."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from PIL import Image

from conftest import png_bytes, synthetic_item
from remibench.data.loader import DatasetError, load_items
from remibench.data.schema import IMAGE_COLUMNS, IMAGE_TYPE, PUBLISHED_COLUMNS
from remibench.data.writer import DatasetWriter


def write(path: Path, items, row_group_size: int = 2) -> Path:
    with DatasetWriter(path, row_group_size=row_group_size) as writer:
        for item in items:
            writer.write(item)
    return path


def write_published(path: Path, rows: list[dict]) -> Path:
    """A file in the published layout: no id, no metadata columns."""
    schema = pa.schema([pa.field(c, pa.string()) for c in ("question", "label", "task")]
                       + [pa.field(c, IMAGE_TYPE) for c in IMAGE_COLUMNS])
    full = [{**{c: None for c in IMAGE_COLUMNS}, **row} for row in rows]
    pq.write_table(pa.Table.from_pylist(full, schema=schema), path)
    return path


def published_row(task: str = "Clocks", n: int = 2, question: str | None = None, label: str = "30") -> dict:
    row = {"question": question or " ".join(f"<image{k}>" for k in range(1, n + 1)) + " How long?",
           "label": label, "task": task}
    for k in range(n):
        row[f"image_{k + 1}"] = {"bytes": png_bytes((k * 40, 0, 0)), "path": None}
    return row


def test_columns_nulls_and_row_groups_read_back_with_pyarrow(tmp: Path, items) -> None:
    path = write(tmp / "test.parquet", items, row_group_size=2)
    parquet = pq.ParquetFile(path)
    assert parquet.metadata.num_row_groups == 2
    table = parquet.read()
    assert table.column_names == [*PUBLISHED_COLUMNS, "id", "metadata"]
    assert table.schema.field("image_1").type == IMAGE_TYPE
    rows = table.to_pylist()
    assert [r["id"] for r in rows] == [i.id for i in items]
    iq = rows[1]
    assert all(iq[f"image_{k}"] is not None for k in range(1, 7))
    clocks = rows[0]
    assert clocks["image_2"]["bytes"] == items[0].images[1]
    assert clocks["image_3"] is None and clocks["image_6"] is None
    assert json.loads(clocks["metadata"]) == {"index": 0}
    assert not (tmp / "test.parquet.partial").exists()


def test_datasets_library_decodes_image_columns(tmp: Path, items) -> None:
    datasets = pytest.importorskip("datasets")
    path = write(tmp / "test.parquet", items)
    data = datasets.load_dataset("parquet", data_files={"test": str(path)}, split="test")
    assert isinstance(data.features["image_1"], datasets.Image)
    first = data[0]
    assert isinstance(first["image_1"], Image.Image)
    assert first["image_1"].size == (32, 24)
    assert first["image_3"] is None
    assert data[1]["image_6"] is not None
    assert first["label"] == "15" and first["task"] == "Clocks"


def test_loader_round_trips_our_files(tmp: Path, items) -> None:
    write(tmp / "test.parquet", items)
    loaded = list(load_items(tmp, "test"))
    assert loaded == items
    assert [i.id for i in load_items(tmp, "test", tasks=["IQ", "Maps"])] == [items[1].id, items[2].id]


def test_failed_write_leaves_no_file(tmp: Path, items) -> None:
    with pytest.raises(RuntimeError):
        with DatasetWriter(tmp / "test.parquet") as writer:
            writer.write(items[0])
            raise RuntimeError("generator crashed")
    assert not (tmp / "test.parquet").exists()
    assert not (tmp / "test.parquet.partial").exists()


def test_loader_reads_published_layout_and_gives_stable_ids(tmp: Path) -> None:
    data_dir = tmp / "data"
    data_dir.mkdir()
    rows = [published_row("Clocks"), published_row("IQ", 6, label="B"), published_row("Clocks", 3, label="45")]
    write_published(data_dir / "test-00000-of-00001.parquet", rows)
    loaded = list(load_items(tmp, "test"))
    assert [i.id for i in loaded] == ["Clocks-test-00000", "IQ-test-00000", "Clocks-test-00001"]
    assert all(i.metadata == {} for i in loaded)
    assert [i.n_images for i in loaded] == [2, 6, 3]
    assert loaded[1].label == "B"
    assert [i.id for i in load_items(tmp, "test", limit=1)] == ["Clocks-test-00000", "IQ-test-00000"]


def test_loader_converts_non_png_images_to_png(tmp: Path) -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), (0, 128, 0)).save(buffer, format="JPEG")
    row = published_row()
    row["image_2"] = {"bytes": buffer.getvalue(), "path": None}
    write_published(tmp / "test.parquet", [row])
    item = next(load_items(tmp / "test.parquet"))
    assert Image.open(io.BytesIO(item.images[1])).format == "PNG"


def test_loader_resolves_image_paths_relative_to_the_file(tmp: Path) -> None:
    (tmp / "pics").mkdir()
    (tmp / "pics" / "a.png").write_bytes(png_bytes((1, 2, 3)))
    row = published_row()
    row["image_1"] = {"bytes": None, "path": "pics/a.png"}
    write_published(tmp / "test.parquet", [row])
    item = next(load_items(tmp))
    assert item.images[0] == png_bytes((1, 2, 3))


@pytest.mark.parametrize("change, message", [
    ({"task": "Emoji"}, "unknown task 'Emoji'"),
    ({"question": "<image2> then <image1>"}, "once each, in order"),
    ({"question": "only <image1> here"}, "once each, in order"),
    ({"label": "  "}, "empty or missing label"),
    ({"image_1": None}, "without gaps; image_1 is null"),
    ({"image_2": {"bytes": b"not an image", "path": None}}, "image_2 does not decode as an image"),
    ({"image_2": {"bytes": png_bytes()[:40], "path": None}}, "image_2 does not decode"),
    ({"image_2": {"bytes": None, "path": "missing.png"}}, "image_2 points to missing.png, which does not exist"),
    ({"image_3": {"bytes": png_bytes(), "path": None}}, "question has tags [<image1>, <image2>] but 3 images"),
])
def test_loader_refuses_bad_rows_naming_row_and_problem(tmp: Path, change: dict, message: str) -> None:
    rows = [published_row(), {**published_row(), **change}]
    path = write_published(tmp / "test.parquet", rows)
    with pytest.raises(DatasetError) as error:
        list(load_items(path))
    text = str(error.value)
    assert f"{path}: row 1" in text
    assert message in text


def test_loader_refuses_bad_metadata_and_duplicate_ids(tmp: Path) -> None:
    item = synthetic_item(0)
    path = write(tmp / "test.parquet", [item, item])
    with pytest.raises(DatasetError, match="row 1 .*duplicate id"):
        list(load_items(path))
    table = pq.read_table(path).to_pylist()[:1]
    table[0]["metadata"] = "{not json"
    pq.write_table(pa.Table.from_pylist(table), tmp / "bad.parquet")
    with pytest.raises(DatasetError, match="row 0 .*metadata is not valid JSON"):
        list(load_items(tmp / "bad.parquet"))


def test_loader_refuses_unusable_sources(tmp: Path) -> None:
    with pytest.raises(DatasetError, match="no such file or folder"):
        list(load_items(tmp / "nope"))
    with pytest.raises(DatasetError, match="no test.parquet"):
        list(load_items(tmp))
    (tmp / "test.parquet").write_bytes(b"garbage")
    with pytest.raises(DatasetError, match="not a readable parquet file"):
        list(load_items(tmp))
    pq.write_table(pa.table({"question": ["q"]}), tmp / "other.parquet")
    with pytest.raises(DatasetError, match="missing column"):
        list(load_items(tmp / "other.parquet"))


def test_hub_names_go_through_datasets_with_undecoded_images(monkeypatch: pytest.MonkeyPatch) -> None:
    """The hub path, with ``load_dataset`` answered locally (tests never reach the network)."""
    datasets = pytest.importorskip("datasets")
    rows = [published_row("Clocks"), published_row("Maps", 4, label="D,B")]
    features = datasets.Features({**{c: datasets.Value("string") for c in ("question", "label", "task")},
                                  **{c: datasets.Image() for c in IMAGE_COLUMNS}})
    table = {c: [r.get(c) for r in rows] for c in features}
    asked = {}

    def fake_load_dataset(name: str, split: str):  # type: ignore[no-untyped-def]
        asked.update(name=name, split=split)
        return datasets.Dataset.from_dict(table, features=features)

    monkeypatch.setattr(datasets, "load_dataset", fake_load_dataset)
    loaded = list(load_items("mehrankazemi/ReMI", "test"))
    assert asked == {"name": "mehrankazemi/ReMI", "split": "test"}
    assert [i.id for i in loaded] == ["Clocks-test-00000", "Maps-test-00000"]
    assert loaded[1].images[3] == rows[1]["image_4"]["bytes"]


def test_unreachable_hub_gives_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    datasets = pytest.importorskip("datasets")

    def offline(name: str, split: str):  # type: ignore[no-untyped-def]
        raise ConnectionError("Couldn't reach the hub")

    monkeypatch.setattr(datasets, "load_dataset", offline)
    with pytest.raises(DatasetError, match="could not load mehrankazemi/ReMI .*pass the folder instead"):
        list(load_items("mehrankazemi/ReMI"))
