"""The official prompt to the byte, and the ablation layouts."""

from __future__ import annotations

import io

from PIL import Image

from conftest import synthetic_item
from remibench.items import Item
from remibench.prompt import ImagePart, TextPart, appendix, build_message

HEAD = (' Output only a valid JSON string with two fields: "explanation" and "answer". Do not output anything '
        'else. The explanation field contains your reasoning. ')


def test_appendices_are_byte_exact() -> None:
    assert appendix("IQ") == HEAD + "The answer field contains the a string corresponding to your final choice."
    assert appendix("Collisions") == HEAD + ("The answer field contains the numeric value corresponding to your final "
                                             "answer. If it is a yes or no question, the answer field must be 0 for no and 1 for yes.")
    assert appendix("Charts") == HEAD + "The answer field contains a string or numerical value corresponding to your final answer."
    assert appendix("FuncRead") == HEAD + "The answer field contains a string or numeric value corresponding to your final answer."
    assert appendix("Isomorphism") == HEAD + "The answer field must be 1 if the two graphs are isomorphic and 0 otherwise."
    assert appendix("CodeEdit") == HEAD + "The answer field contains the line of code corresponding to your final answer."
    for task in ("Schedule", "Maps"):
        assert appendix(task) == HEAD + "The answer field contains a string corresponding to your final answer."
    for task in ("Clocks", "EmojiAlgebra", "GeomShape", "GeomCost", "RefCoco"):
        assert appendix(task) == HEAD + "The answer field contains the numeric value corresponding to your final answer."


def _item(question: str, n: int, task: str = "EmojiAlgebra") -> Item:
    base = synthetic_item(0, task, n)
    return Item(base.id, task, question, base.images, base.label)


def test_interleaved_splits_at_each_tag_in_order() -> None:
    item = _item("Compute <image1> using <image2> <image3>.", 3)
    message = build_message(item)
    assert message.parts == (
        TextPart("Question: Compute "), ImagePart(item.images[0]), TextPart(" using "), ImagePart(item.images[1]),
        TextPart(" "), ImagePart(item.images[2]), TextPart("." + appendix("EmojiAlgebra")),
    )


def test_leading_tags_give_no_empty_text_parts() -> None:
    item = _item("<image1><image2>The mean of Low in first chart ...", 2, "Charts")
    parts = build_message(item).parts
    assert parts[0] == TextPart("Question: ")
    assert parts[1:3] == (ImagePart(item.images[0]), ImagePart(item.images[1]))
    assert parts[3] == TextPart("The mean of Low in first chart ..." + appendix("Charts"))


def test_ablation_layouts() -> None:
    item = _item("Compute <image1> using <image2>.", 2)
    first = build_message(item, "images-first")
    assert [type(p).__name__ for p in first.parts] == ["TextPart", "ImagePart", "TextPart", "ImagePart", "TextPart"]
    assert first.parts[-1].text == "Question: Compute [image 1] using [image 2]." + appendix("EmojiAlgebra")
    assert first.images == list(item.images)
    text_only = build_message(item, "text-only")
    assert text_only.images == [] and text_only.parts[0].text == first.parts[-1].text
    merged = build_message(item, "merged")
    assert len(merged.images) == 1
    picture = Image.open(io.BytesIO(merged.images[0]))
    assert picture.width >= 2 * 32 and picture.height > 24
    assert merged.parts[1].text == first.parts[-1].text


def test_fingerprint_tracks_the_exact_prompt() -> None:
    item = _item("Compute <image1> using <image2>.", 2)
    same = build_message(item).fingerprint
    assert same == build_message(item).fingerprint
    assert same != build_message(item, "images-first").fingerprint
    edited = Item(item.id, item.task, "Compute <image1> with <image2>.", item.images, item.label)
    assert same != build_message(edited).fingerprint
    swapped = Item(item.id, item.task, item.question, item.images[::-1], item.label)
    assert same != build_message(swapped).fingerprint
    described = build_message(item).describe()
    assert described[0] == {"text": "Question: Compute "} and set(described[1]) == {"image_sha256"}
