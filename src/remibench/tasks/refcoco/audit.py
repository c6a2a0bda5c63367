"""RefCoco's audit hooks: what a test-taker sees, one-box variations and the tricks to rule out.

Every image shows the same scene; they differ only in where the numbered box is drawn. So a
variation of image k moves that image's box and nothing else: a decoy box is moved onto the
object the expression describes (the label then lists both images, as with
``duplicate_box_prob``), or, where the target is boxed twice, one of its boxes moves to another
object. Moving the only box around the target leaves no answer, so that image cannot be varied
alone (the item would stop being valid). Guessers see the scene's objects and the boxed objects,
never the expression program: they read the noun and the size or position words off the question.

The images are also the candidates the answer is chosen from. Their counterfactuals need not be
valid items, so every image of a scene item can be varied alone: a decoy box moves onto the
object the expression refers to (one more image fits, also in two-image items), and a box around
that object moves to another object (one fewer fits, none where it was the only one).
"""

from __future__ import annotations

import copy
from typing import Any

from remibench.audit.base import NoVariation, Part, TaskAudit, View
from remibench.tasks.refcoco.guessers import GUESSERS
from remibench.tasks.refcoco.scenes import SETTINGS, evaluate, marked_images, referent
from remibench.tasks.refcoco.task import TASK, _drawn_box, _duplicate_box

Spec = dict[str, Any]


def _seen_object(obj: dict[str, Any]) -> dict[str, Any]:
    return {"kind": obj["kind"], "colour": obj["colour"], "size": obj["size"], "box": list(obj["box"])}


def _vary_box(spec: Spec, k: int, rng: Any) -> Spec:
    """Image ``k`` boxes another object: a decoy box moves onto the target (a second box around
    it), or one of two boxes around the target moves to an object no box marks yet."""
    varied = copy.deepcopy(spec)
    objects, images = varied["objects"], varied["images"]
    target = referent(objects, varied["expression"])
    marked = marked_images(spec)
    if k in marked:
        if len(marked) < 2:
            raise NoVariation("the only box around the target cannot move without leaving no answer")
        free = [i for i in range(len(objects)) if i not in {image["object"] for image in images}]
        if not free:
            raise NoVariation("every object is boxed already")
        other = rng.choice(free)
        images[k - 1] = {"object": other, "box": _drawn_box(rng, objects[other]["box"])}
        return varied
    if len(images) < 3 or len(marked) > 1:
        raise NoVariation("the sampler boxes the target twice only with 3+ images and at most once more")
    first = images[marked[0] - 1]["box"]
    images[k - 1] = {"object": target, "box": _duplicate_box(rng, objects[target]["box"], first)}
    return varied


def _fitting_images(spec: Spec) -> list[int]:
    """Image numbers whose box marks an object the expression fits, one such object or several."""
    if spec.get("source") == "coco":
        return marked_images(spec)
    fitting = set(evaluate(spec["objects"], spec["expression"]))
    return [k for k, image in enumerate(spec["images"], start=1) if image["object"] in fitting]


def _counterfactual_box(spec: Spec, k: int, rng: Any) -> Spec:
    """Image ``k`` alone boxes another object: a box around an object the expression fits moves
    to one it does not fit (an object no box marks where there is one), any other box moves onto
    an object it fits (drawn visibly unlike a box already around that object)."""
    varied = copy.deepcopy(spec)
    objects, images = varied["objects"], varied["images"]
    fitting = evaluate(objects, varied["expression"])
    if images[k - 1]["object"] in fitting:
        others = [i for i in range(len(objects)) if i not in fitting]
        if not others:
            raise NoVariation("the expression fits every object of the scene")
        boxed = {image["object"] for image in images}
        other = rng.choice([i for i in others if i not in boxed] or others)
        images[k - 1] = {"object": other, "box": _drawn_box(rng, objects[other]["box"])}
        return varied
    if not fitting:
        raise NoVariation("the expression fits no object of the scene")
    target = rng.choice(fitting)
    drawn = [image["box"] for image in images if image["object"] == target]
    box = _duplicate_box(rng, objects[target]["box"], drawn[0]) if drawn else _drawn_box(rng, objects[target]["box"])
    images[k - 1] = {"object": target, "box": box}
    return varied


class RefCocoAudit(TaskAudit):
    task = "RefCoco"

    def options(self, spec: Spec) -> tuple[str, ...] | None:
        return tuple(str(k) for k in range(1, len(spec["images"]) + 1))

    def view(self, spec: Spec) -> View:
        question = TASK.question(spec)
        if spec.get("source") == "coco":
            seen: dict[str, Any] = {"boxes": [list(image["box"]) for image in spec["images"]]}
            return View(question=question, options=self.options(spec), seen=seen)
        objects = spec["objects"]
        seen = {
            "width": spec["width"], "height": spec["height"],
            "upright": SETTINGS[spec["background"]["kind"]].vertical,
            "objects": [_seen_object(obj) for obj in objects],
            "boxed": [dict(_seen_object(objects[image["object"]]), drawn=list(image["box"])) for image in spec["images"]],
        }
        return View(question=question, options=self.options(spec), seen=seen)

    def vary(self, spec: Spec, part: Part, rng: Any) -> Spec:
        if part == "text" or spec.get("source") == "coco":
            raise NoVariation("only the scene items' boxes are varied")
        return _vary_box(spec, int(part), rng)

    def text_carries_data(self, spec: Spec) -> bool:
        return False

    def candidates(self, spec: Spec) -> list[int]:
        return list(range(1, len(spec["images"]) + 1))

    def answer_set(self, spec: Spec) -> frozenset[str]:
        """The image numbers whose box marks what the expression refers to (the label's members)."""
        return frozenset(str(k) for k in _fitting_images(spec))

    def vary_candidate(self, spec: Spec, image: int, rng: Any) -> Spec:
        if spec.get("source") == "coco":
            raise NoVariation("COCO items are drawn from a local photo; only scene items' boxes are varied")
        return _counterfactual_box(spec, image, rng)


AUDIT = RefCocoAudit()
AUDIT.guessers = GUESSERS
