"""Collisions audit hooks and the validity fixes they check: fair one-image variations, text
variations, frames that decide the answer, and the shortcut guessers."""

from __future__ import annotations

import random

from task_helpers import sampled_spec

from remibench.render.canvas import to_png
from remibench.tasks.collisions.audit import AUDIT
from remibench.tasks.collisions.checks import snapshots_decide
from remibench.tasks.collisions.guessers import restitution_ignored, speeds_kept, velocities_swap
from remibench.tasks.collisions.solve import before_velocities, frac
from remibench.tasks.collisions.task import TASK
from remibench.tasks.collisions.variants import frames_decide

TPL = [0, 0, 0, 0]


def elastic(masses: list, before: list, target: int, e: float = 1) -> dict:
    return {"qtype": "elastic", "dims": 1, "noun": "cart", "names": ["A", "B"], "colors": [0, 1], "layout": "arrows",
            "before": before, "mass_frame": 1, "masses": masses, "after": None, "final": None, "stuck": False,
            "hidden": None, "target": target, "restitution": e, "ask": "right", "tpl": TPL}


def collide(xs: list[list], t1: int, T: float) -> dict:
    return {"qtype": "collide", "dims": 1, "noun": "ball", "names": ["A", "B"], "colors": [0, 1],
            "layout": "positions", "times": [0, t1], "T": T, "x": xs, "tpl": TPL}


def _changed(spec: dict, varied: dict) -> list[int]:
    before, after = ([to_png(i) for i in TASK.render(s)] for s in (spec, varied))
    return [k + 1 for k, (a, b) in enumerate(zip(before, after)) if a != b]


def test_view_shows_what_is_printed_and_offers_yes_no() -> None:
    spec = collide([[2, 12], [4, 11]], 1, 5)
    view = AUDIT.view(spec)
    assert view.options == ("0", "1") and view.seen["T"] == 5 and view.seen["x"] == spec["x"]
    assert AUDIT.view(elastic([1, 3], [4, 0], 0)).options is None


def test_image_variations_change_only_that_image() -> None:
    rng = random.Random(0)
    for index in (1, 2, 3, 4, 5, 20, 23):  # elastic, momentum, positions, collide, top view, elastic check
        spec = sampled_spec("Collisions", index, 4)
        n = 3 if spec.get("layout") == "positions" and spec["qtype"] != "collide" else 2
        for k in range(1, n + 1):
            varied = AUDIT.vary(spec, k, rng)
            assert TASK.question(varied) == TASK.question(spec)
            assert _changed(spec, varied) == [k]


def test_restitution_in_the_text_is_varied_without_touching_the_images() -> None:
    spec = elastic([2, 3], [5, -1], 0, 0.5)
    assert AUDIT.text_carries_data(spec)
    varied = AUDIT.vary(spec, "text", random.Random(1))
    assert varied["restitution"] != 0.5 and TASK.solve(varied) != TASK.solve(spec)
    assert _changed(spec, varied) == [] and TASK.question(varied) != TASK.question(spec)


def test_elastic_check_variations_keep_momentum() -> None:
    spec = sampled_spec("Collisions", 23, 4, type_weights={"elastic_check": 2})
    masses = [frac(m) for m in spec["masses"]]
    for k in (1, 2):
        varied = AUDIT.vary(spec, k, random.Random(k))
        before, after = before_velocities(varied), [frac(v) for v in varied["after"]]
        assert sum(m * v for m, v in zip(masses, before)) == sum(m * v for m, v in zip(masses, after))


def test_a_snapshot_that_cannot_change_the_answer_is_refused() -> None:
    # gap 4.5 m closing at 0.5 m/s (the slowest the half-metre grid allows): meet at 9 s, T = 10.5 s.
    # No single moved position gives a later meeting on the track, so the answer is always yes.
    assert not snapshots_decide(collide([[6, 10.5], [6, 10]], 1, 10.5))
    # gap 10 m closing at 3 m/s: meet at 10/3 s; a slower closing is possible either way
    assert snapshots_decide(collide([[2, 12], [4, 11]], 1, 4))


def test_generated_numeric_items_have_frames_that_decide() -> None:
    for index in range(6):
        spec = sampled_spec("Collisions", index, 8, type_weights={"momentum": 2, "inelastic": 2, "elastic": 2})
        assert frames_decide(spec, TASK.solve(spec))


def test_guessers_on_hand_worked_items() -> None:
    # masses 1 and 3, e = 1: A leaves at -2, B at 2; swapping would say 0 for A
    view = AUDIT.view(elastic([1, 3], [4, 0], 0))
    assert velocities_swap(view) == "0.00" and restitution_ignored(view) is None
    # e = 0.5: (4 - 3 * 0.5 * 4) / 4 = -0.5, the elastic answer ignoring e is 2.00
    view = AUDIT.view(elastic([1, 3], [4, 0], 0, 0.5))
    assert TASK.solve(elastic([1, 3], [4, 0], 0, 0.5)) == "-0.50" and restitution_ignored(view) == "2.00"
    check = {"qtype": "elastic_check", "dims": 1, "noun": "ball", "names": ["A", "B"], "colors": [0, 1],
             "layout": "arrows", "before": [2, -1], "masses": [1, 2], "after": [-2, 1], "mass_frame": 1,
             "stuck": False, "final": None, "hidden": None, "ask": "yesno", "tpl": TPL}
    # momentum 0 before and after, relative speed 3 both times: elastic, and the total speed is kept
    assert speeds_kept(AUDIT.view(check)) == "1" and TASK.solve(check) == "1"
