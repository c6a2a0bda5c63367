"""RefCoco built from local COCO photos and RefCOCO annotations, on a fixture the tests write."""

from __future__ import annotations

import io
import json
import pickle
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from PIL import Image, ImageDraw

from remibench.items import tag_problem
from remibench.tasks.refcoco.coco import RefCocoDataError, iter_refcoco_items, render_coco
from remibench.tasks.refcoco.scenes import iou
from remibench.tasks.refcoco.task import TASK
from remibench.verify import check_generated


def _photo(path: Path, size: tuple[int, int], boxes: list[list[int]]) -> None:
    image = Image.new("RGB", size, (120, 150, 170))
    draw = ImageDraw.Draw(image)
    for k, (x, y, w, h) in enumerate(boxes):
        draw.rectangle([x, y, x + w, y + h], fill=(60 * k % 255, 200, 90))
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, format="JPEG", quality=90)


def make_refcoco_root(root: Path, layout: tuple[str, ...] = ("images", "train2014")) -> Path:
    photos = {1: ((320, 240), {11: [20, 30, 80, 120], 12: [150, 40, 70, 110], 13: [240, 150, 60, 60], 14: [22, 31, 79, 118]}),
              2: ((320, 240), {21: [40, 40, 150, 120], 22: [300, 5, 8, 8]}),
              3: ((800, 600), {31: [100, 100, 200, 300], 32: [400, 120, 150, 250], 33: [600, 380, 150, 150]})}
    category = {11: 1, 12: 1, 13: 18, 14: 1, 21: 3, 22: 3, 31: 1, 32: 1, 33: 18}
    images, annotations = [], []
    for image_id, (size, anns) in photos.items():
        name = f"COCO_train2014_{image_id:012d}.jpg"
        _photo(root.joinpath(*layout, name), size, list(anns.values()))
        images.append({"id": image_id, "file_name": name, "width": size[0], "height": size[1]})
        for ann_id, bbox in anns.items():
            annotations.append({"id": ann_id, "image_id": image_id, "bbox": bbox, "category_id": category[ann_id],
                                "iscrowd": 0, "area": bbox[2] * bbox[3]})
    instances = {"images": images, "annotations": annotations,
                 "categories": [{"id": 1, "name": "person"}, {"id": 3, "name": "car"}, {"id": 18, "name": "dog"}]}
    (root / "refcoco").mkdir(parents=True, exist_ok=True)
    (root / "refcoco" / "instances.json").write_text(json.dumps(instances))

    def ref(ref_id, ann_id, image_id, split, *sents):
        return {"ref_id": ref_id, "ann_id": ann_id, "image_id": image_id, "split": split, "category_id": category[ann_id],
                "sentences": [{"sent": s, "raw": s.capitalize(), "tokens": s.split()} for s in sents]}

    refs = [ref(1, 11, 1, "testA", "man on the left", "left guy"), ref(2, 21, 2, "testB", "red car"),
            ref(3, 31, 3, "testB", "woman in blue"), ref(4, 12, 1, "train", "man in the middle")]
    with (root / "refcoco" / "refs(unc).p").open("wb") as handle:
        pickle.dump(refs, handle, protocol=2)
    return root


def test_coco_items_from_a_local_copy(tmp_path):
    root = make_refcoco_root(tmp_path / "coco")
    items = list(iter_refcoco_items(root, "test", 5, seed=0))
    assert [it.metadata["source"]["ref_id"] for it in items] in ([1, 3], [3, 1])   # ref 2 has one boxable object only
    for item in items:
        spec = item.metadata["spec"]
        assert tag_problem(item.question, item.n_images) is None and f'"{spec["sentence"]}"' in item.question
        assert spec["sentence"] in {"man on the left", "left guy", "woman in blue"}
        expected = [k for k, image in enumerate(spec["images"], start=1) if iou(image["box"], spec["target_box"]) >= 0.9]
        assert item.label == ",".join(map(str, expected))
        target_image = [image["ann_id"] for image in spec["images"]].index(spec["ann_id"]) + 1
        assert str(target_image) in item.label.split(",")
        assert check_generated(item, TASK, rerender=False) == []
        assert [Image.open(io.BytesIO(d)).size for d in item.images] == [(spec["width"], spec["height"])] * item.n_images
        assert tuple(to_bytes(render_coco(spec, root))) == item.images
        source = item.metadata["source"]
        assert source["ann_id"] == spec["ann_id"] and source["image_id"] == spec["image_id"]
        assert set(source["distractor_ann_ids"]) <= {12, 13, 14, 32, 33}
        assert item.metadata["properties"]["consumption"] == "set"
    big = next(it for it in items if it.metadata["spec"]["image_id"] == 3)
    assert (big.metadata["spec"]["width"], big.metadata["spec"]["height"]) == (640, 480)
    assert big.metadata["spec"]["target_box"] == [80.0, 80.0, 240.0, 320.0]      # scaled by 0.8
    assert list(iter_refcoco_items(root, "test", 5, seed=0)) == items
    assert [it.metadata["source"]["ref_id"] for it in iter_refcoco_items(root, "train", 5, seed=0)] == [4]
    assert len(list(iter_refcoco_items(root, "test", 1, seed=0))) == 1
    with pytest.raises(ValueError, match="render_coco"):
        TASK.render(items[0].metadata["spec"])


def test_coco_label_lists_every_box_that_marks_the_target():
    spec = {"source": "coco", "sentence": "left guy", "template": 0, "target_box": [20, 30, 100, 150],
            "images": [{"ann_id": 12, "box": [150, 40, 220, 150]}, {"ann_id": 11, "box": [20, 30, 100, 150]},
                       {"ann_id": 14, "box": [22, 31, 101, 149]}, {"ann_id": 13, "box": [24, 36, 104, 160]}]}
    assert TASK.solve(spec) == "2,3"      # IoU 0.94 counts, IoU 0.84 does not
    assert 'described as "left guy"' in TASK.question(spec)


def test_coco_other_layout_and_clear_errors(tmp_path):
    root = make_refcoco_root(tmp_path / "flat", layout=("train2014",))
    assert len(list(iter_refcoco_items(root, "test", 2, seed=1))) == 2
    with pytest.raises(RefCocoDataError, match="root folder"):
        list(iter_refcoco_items(tmp_path / "nowhere", "test", 2, seed=0))
    (root / "refcoco" / "refs(unc).p").unlink()
    with pytest.raises(RefCocoDataError, match=r"refs\(unc\)\.p"):
        list(iter_refcoco_items(root, "test", 2, seed=0))
    other = make_refcoco_root(tmp_path / "nophotos")
    for photo in (other / "images" / "train2014").iterdir():
        photo.unlink()
    with pytest.raises(RefCocoDataError, match="COCO_train2014_0000000000"):
        list(iter_refcoco_items(other, "test", 2, seed=0))
    with pytest.raises(RefCocoDataError, match="no RefCOCO refs"):
        list(iter_refcoco_items(other, "valB", 2, seed=0))


def to_bytes(images: list[Image.Image]) -> list[bytes]:
    from remibench.render.canvas import to_png
    return [to_png(image) for image in images]


def test_generate_and_verify_take_refcoco_from_a_local_copy(tmp_path, capsys):
    from remibench.cli import main

    root = make_refcoco_root(tmp_path / "coco")
    out = tmp_path / "data"
    assert main(["generate", "--tasks", "Clocks,RefCoco,IQ", "--per-task", "2", "--train-per-task", "1",
                 "--refcoco-root", str(root), "--out", str(out), "--quiet"]) == 0
    test = pq.read_table(out / "test.parquet").to_pylist()
    assert [r["task"] for r in test] == ["Clocks", "Clocks", "RefCoco", "RefCoco", "IQ", "IQ"]
    assert all("-coco-" in r["id"] for r in test if r["task"] == "RefCoco")
    assert [r["id"] for r in pq.read_table(out / "train.parquet").to_pylist() if r["task"] == "RefCoco"] == \
        ["RefCoco-train-s0-coco-00000"]
    assert main(["verify", str(out), "--quiet"]) == 0
    assert main(["verify", str(out), "--quiet", "--rerender"]) == 1
    assert "pass --refcoco-root to re-render it" in capsys.readouterr().out
    assert main(["verify", str(out), "--quiet", "--rerender", "--refcoco-root", str(root)]) == 0
