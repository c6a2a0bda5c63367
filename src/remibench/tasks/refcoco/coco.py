"""RefCoco items built from local COCO photos and RefCOCO annotations.

Where a user has the COCO 2014 training photos and the RefCOCO annotations, the task can be
built on real photos as the published set was. Expected layout under ``root``::

    root/images/train2014/COCO_train2014_000000000123.jpg   (or root/train2014/...)
    root/refcoco/instances.json    COCO-format "images", "annotations", "categories"
    root/refcoco/refs(unc).p       pickled list of refs: ref_id, ann_id, image_id, split,
                                   sentences [{sent, raw, tokens}], category_id

For each chosen ref the item shows copies of the photo, each with one numbered box: the
ref's annotation in one image, other annotations of the same photo (same category first) in
the others. The question quotes one of the ref's sentences. Like the official labels, the label
lists every image whose box marks the target: any box with IoU >= 0.9 with the target's box.

The pickle is read with :mod:`pickle`, so it must be a file the user trusts (the official
download). Nothing here downloads anything.
"""

from __future__ import annotations

import json
import pickle
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from PIL import Image

from remibench import __version__
from remibench.items import Item, Properties, is_interleaved
from remibench.render.canvas import to_png
from remibench.seeding import balanced_slot, derive_seed
from remibench.tasks.refcoco.drawing import draw_numbered_box
from remibench.tasks.refcoco.scenes import TEMPLATES
from remibench.tasks.refcoco.task import BOX_COLOURS, TASK, answer_slots

INSTANCES = ("refcoco", "instances.json")
REFS = ("refcoco", "refs(unc).p")
PHOTO_DIRS = (("images", "train2014"), ("train2014",))
REF_SPLITS: dict[str, tuple[str, ...]] = {"test": ("testA", "testB", "test"), "train": ("train",), "val": ("val",)}
MAX_SIDE = 640  # photos are scaled down so that their long side is at most this
MIN_AREA_SHARE = 0.01  # annotations smaller than this share of the photo are not boxed as distractors
BALANCE_KEY = "RefCoco-coco"


class RefCocoDataError(FileNotFoundError):
    """Local COCO/RefCOCO files missing or not in the expected layout."""


@dataclass(frozen=True)
class RefCocoData:
    """The annotations of one RefCOCO copy, indexed."""

    root: Path
    images: dict[int, dict[str, Any]]
    annotations: dict[int, dict[str, Any]]
    by_image: dict[int, list[int]]
    refs: list[dict[str, Any]]


def _need(path: Path, what: str) -> Path:
    if not path.is_file():
        raise RefCocoDataError(f"{what} not found: {path} (expected layout: root/refcoco/instances.json, "
                               "root/refcoco/refs(unc).p and root/images/train2014/COCO_train2014_*.jpg)")
    return path


def load_refcoco(root: Path) -> RefCocoData:
    """Read ``instances.json`` and ``refs(unc).p`` under ``root``."""
    root = Path(root)
    if not root.is_dir():
        raise RefCocoDataError(f"RefCOCO root folder not found: {root}")
    instances_path = _need(root.joinpath(*INSTANCES), "COCO instances file")
    refs_path = _need(root.joinpath(*REFS), "RefCOCO refs file")
    try:
        instances = json.loads(instances_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise RefCocoDataError(f"{instances_path} is not valid JSON: {error}") from error
    with refs_path.open("rb") as handle:
        try:
            refs = pickle.load(handle, encoding="latin1")
        except (pickle.UnpicklingError, EOFError) as error:
            raise RefCocoDataError(f"{refs_path} is not a readable pickle: {error}") from error
    for key in ("images", "annotations"):
        if key not in instances:
            raise RefCocoDataError(f"{instances_path} has no {key!r} list")
    if not isinstance(refs, list):
        raise RefCocoDataError(f"{refs_path} should hold a list of refs, found {type(refs).__name__}")
    by_image: dict[int, list[int]] = {}
    for ann in instances["annotations"]:
        by_image.setdefault(ann["image_id"], []).append(ann["id"])
    return RefCocoData(
        root=root,
        images={image["id"]: image for image in instances["images"]},
        annotations={ann["id"]: ann for ann in instances["annotations"]},
        by_image={key: sorted(value) for key, value in by_image.items()},
        refs=sorted(refs, key=lambda ref: ref["ref_id"]),
    )


def photo_name(image: dict[str, Any]) -> str:
    return image.get("file_name") or f"COCO_train2014_{image['id']:012d}.jpg"


def photo_path(root: Path, name: str) -> Path:
    """Where photo ``name`` lives under ``root`` (either usual layout)."""
    tried = [Path(root).joinpath(*parts, name) for parts in PHOTO_DIRS]
    for path in tried:
        if path.is_file():
            return path
    raise RefCocoDataError(f"COCO photo {name} not found; looked in " + " and ".join(str(p) for p in tried))


@lru_cache(maxsize=8)
def _photo(path: str) -> Image.Image:
    with Image.open(path) as opened:
        image = opened.convert("RGB")
    scale = min(1.0, MAX_SIDE / max(image.size))
    if scale < 1.0:
        image = image.resize((round(image.width * scale), round(image.height * scale)), Image.Resampling.LANCZOS)
    return image


def _xyxy(bbox: Sequence[float], scale: float) -> list[float]:
    x, y, w, h = bbox
    return [round(x * scale, 2), round(y * scale, 2), round((x + w) * scale, 2), round((y + h) * scale, 2)]


def render_coco(spec: dict[str, Any], root: Path) -> list[Image.Image]:
    """The images of a COCO-based item, drawn again from the local photo."""
    photo = _photo(str(photo_path(root, spec["photo"])))
    if list(photo.size) != [spec["width"], spec["height"]]:
        raise RefCocoDataError(f"photo {spec['photo']} has size {photo.size}, the item expects {spec['width']}x{spec['height']}")
    images = []
    for number, image in enumerate(spec["images"], start=1):
        picture = photo.copy()
        draw_numbered_box(picture, image["box"], number, spec["box_colour"])
        images.append(picture)
    return images


def _distractors(data: RefCocoData, ref: dict[str, Any], image: dict[str, Any], rng: random.Random) -> list[int]:
    """Other annotations of the photo worth boxing: same category first, each group shuffled."""
    target = data.annotations[ref["ann_id"]]
    photo_area = image["width"] * image["height"]
    same, other = [], []
    for ann_id in data.by_image.get(ref["image_id"], []):
        ann = data.annotations[ann_id]
        if ann_id == ref["ann_id"] or ann.get("iscrowd") or ann["bbox"][2] * ann["bbox"][3] < MIN_AREA_SHARE * photo_area:
            continue
        (same if ann["category_id"] == target["category_id"] else other).append(ann_id)
    rng.shuffle(same)
    rng.shuffle(other)
    return same + other


def _build_spec(data: RefCocoData, ref: dict[str, Any], rng: random.Random, slot: tuple[int, int],
                min_images: int, max_images: int) -> dict[str, Any] | None:
    """The spec of one item, or None when the ref cannot make one (no sentence, too few boxes)."""
    image = data.images.get(ref["image_id"])
    if image is None or ref["ann_id"] not in data.annotations or not ref.get("sentences"):
        return None
    others = _distractors(data, ref, image, rng)
    most = min(max_images, 1 + len(others))
    if most < min_images:
        return None
    n_images, answer = slot
    if n_images > most:  # the photo has too few objects for the planned count: uniform within what it has
        n_images, answer = most, rng.randint(1, most)
    marks = others[: n_images - 1]
    marks.insert(answer - 1, ref["ann_id"])
    sentence_index = rng.randrange(len(ref["sentences"]))
    sentence = ref["sentences"][sentence_index]
    text = " ".join(str(sentence.get("sent") or sentence.get("raw") or "").split())
    if not text:
        return None
    name = photo_name(image)
    photo = _photo(str(photo_path(data.root, name)))
    scale = photo.width / image["width"]
    if abs(photo.height - image["height"] * scale) > 1.5:
        raise RefCocoDataError(f"photo {name} is {photo.size} after scaling, but instances.json gives "
                               f"{image['width']}x{image['height']}: the photo does not match its annotations")
    return {
        "source": "coco", "photo": name, "image_id": ref["image_id"], "ref_id": ref["ref_id"], "ann_id": ref["ann_id"],
        "refcoco_split": ref.get("split"), "sentence": text, "sentence_index": sentence_index,
        "width": photo.width, "height": photo.height,
        "target_box": _xyxy(data.annotations[ref["ann_id"]]["bbox"], scale),
        "images": [{"ann_id": ann_id, "box": _xyxy(data.annotations[ann_id]["bbox"], scale)} for ann_id in marks],
        "box_colour": list(rng.choice(BOX_COLOURS)), "template": rng.randrange(len(TEMPLATES)),
    }


def iter_refcoco_items(root: Path, split: str, n: int, seed: int, *, min_images: int = 2, max_images: int = 4,
                       ref_splits: Sequence[str] | None = None) -> Iterator[Item]:
    """Up to ``n`` RefCoco items from the local copy under ``root``, deterministic in ``seed``.

    ``split`` is the dataset split the items are for (``test``, ``train``); the RefCOCO refs
    used are those of ``ref_splits`` (default: ``test`` takes testA/testB, ``train`` takes
    train, and any other name is taken as a RefCOCO split itself). Refs are visited in a
    seeded order and those that cannot make an item (fewer than ``min_images`` boxable
    objects in the photo) are skipped, so fewer than ``n`` items come out only when the
    annotations run out. Image counts and answers cycle through balanced blocks as in the default
    scenes (:func:`remibench.tasks.refcoco.task.answer_slots`) where the photos have objects enough.
    """
    if not 2 <= min_images <= max_images <= 6:
        raise ValueError(f"need 2 <= min_images <= max_images <= 6, got {min_images}, {max_images}")
    data = load_refcoco(Path(root))
    wanted = set(ref_splits or REF_SPLITS.get(split, (split,)))
    refs = [ref for ref in data.refs if ref.get("split") in wanted]
    if not refs:
        found = sorted({str(ref.get("split")) for ref in data.refs})
        raise RefCocoDataError(f"no RefCOCO refs in split(s) {', '.join(sorted(wanted))}; the refs file has: {', '.join(found) or 'none'}")
    random.Random(derive_seed("refcoco-coco-order", seed, split)).shuffle(refs)
    slots = answer_slots(min_images, max_images)
    index, skipped = 0, 0
    for ref in refs:
        if index >= n:
            return
        item_seed = derive_seed("refcoco-coco", seed, split, index)
        slot = slots[balanced_slot(seed, BALANCE_KEY, split, index, len(slots))]
        spec = _build_spec(data, ref, random.Random(item_seed), slot, min_images, max_images)
        if spec is None:
            skipped += 1
            continue
        yield _item(spec, split, seed, index, item_seed, skipped, data.root, (min_images, max_images))
        index, skipped = index + 1, 0


def _item(spec: dict[str, Any], split: str, seed: int, index: int, item_seed: int, skipped: int,
          root: Path, image_range: tuple[int, int]) -> Item:
    question, label = TASK.question(spec), TASK.solve(spec)
    images = render_coco(spec, root)
    properties = Properties(n_images=len(images), interleaved=is_interleaved(question), consumption=TASK.consumption,
                            image_types=TASK.image_types(spec), domain=TASK.domain)
    metadata = {
        "spec": spec,
        "config": {"source": "coco", "min_images": image_range[0], "max_images": image_range[1]},
        "properties": properties.to_dict(),
        "generator": {"task_version": TASK.version, "remibench": __version__},
        "seed": item_seed, "base_seed": seed, "split": split, "index": index, "attempt": 0,
        "rejected_draws": skipped, "rejections": {"ref cannot make an item": skipped} if skipped else {},
        "source": {"dataset": "RefCOCO (unc)", "ref_id": spec["ref_id"], "ann_id": spec["ann_id"],
                   "image_id": spec["image_id"], "distractor_ann_ids": [i["ann_id"] for i in spec["images"] if i["ann_id"] != spec["ann_id"]],
                   "refcoco_split": spec["refcoco_split"], "sentence_index": spec["sentence_index"]},
    }
    return Item(id=f"RefCoco-{split}-s{seed}-coco-{index:05d}", task=TASK.name, question=question,
                images=tuple(to_png(image) for image in images), label=label, metadata=metadata)
