"""Collisions: solver on hand-worked specs, physical consistency, spread of information, balance."""

from __future__ import annotations

import io
import json
from collections import Counter
from fractions import Fraction

import pytest
from PIL import Image
from task_helpers import generated_items

from remibench.generate import Job, make_item
from remibench.items import tag_problem
from remibench.tasks.base import ConfigError, Rejected
from remibench.tasks.collisions.config import CollisionsConfig
from remibench.tasks.collisions.drawing import track_frames
from remibench.tasks.collisions.sampling import _physical, _velocity_ask
from remibench.tasks.collisions.solve import before_velocities, fmt_two, frac, kinetic_energy, unknown_value
from remibench.tasks.collisions.task import TASK
from remibench.verify import check_generated

TPL = [0, 0, 0, 0]


def track(qtype: str, masses: list, before: list | None, *, after: list | None = None, final: float | None = None,
          stuck: bool = False, hidden: tuple[str, int] | None = None, target: int | None = None, ask: str = "right",
          positions: tuple[list, list, int] | None = None) -> dict:
    """A hand-written 1-D spec (arrows layout unless ``positions`` = (x0, x1, t1) is given)."""
    n = len(masses)
    spec = {"qtype": qtype, "dims": 1, "noun": "cart", "names": ["A", "B", "C"][:n], "colors": list(range(n)),
            "layout": "arrows", "before": before, "mass_frame": 1, "masses": masses, "after": after, "final": final,
            "stuck": stuck, "hidden": None if hidden is None else {"what": hidden[0], "index": hidden[1]},
            "ask": ask, "tpl": TPL}
    if target is not None:
        spec["target"] = target
    if positions is not None:
        x0, x1, t1 = positions
        spec.update(layout="positions", before=None, x=[x0, x1], times=[0, t1], mass_frame=0)
    return spec


def collide(xs: list[list], times: list, T: float) -> dict:
    return {"qtype": "collide", "dims": 1, "noun": "ball", "names": ["A", "B", "C"][:len(xs[0])],
            "colors": list(range(len(xs[0]))), "layout": "positions", "times": times, "T": T, "x": xs, "tpl": TPL}


def plane(masses: list, vel2d: list) -> dict:
    return {"qtype": "inelastic", "dims": 2, "noun": "puck", "names": ["A", "B", "C"][:len(masses)],
            "colors": list(range(len(masses))), "masses": masses, "vel2d": vel2d, "stuck": True, "ask": "speed",
            "mass_frame": 1, "layout": "plane", "tpl": TPL}


# ---------------------------------------------------------------- solver on hand-worked specs

INELASTIC = [
    # 2*4 + 3*(-1) = 5 over 5 kg -> 1 m/s to the right
    (track("inelastic", [2, 3], [4, -1], stuck=True, hidden=("after", 0)), "1.00"),
    # 1.5*3 = 4.5 over 4 kg -> 1.125, rounded half up -> 1.13 (speed)
    (track("inelastic", [1.5, 2.5], [3, 0], stuck=True, hidden=("after", 0), ask="speed"), "1.13"),
    # 2*3 + 1*1 + 1*(-1) = 6 over 4 kg -> 1.5
    (track("inelastic", [2, 1, 1], [3, 1, -1], stuck=True, hidden=("after", 0)), "1.50"),
    # 1*1 + 3*(-3) = -8 over 4 kg -> -2, left positive -> 2
    (track("inelastic", [1, 3], [1, -3], stuck=True, hidden=("after", 0), ask="left"), "2.00"),
    # hidden mass: m*(5-1) = 4*(1-(-1)) -> m = 2
    (track("inelastic", [None, 4], [5, -1], stuck=True, final=1, hidden=("mass", 0), ask="mass"), "2.00"),
    # hidden initial velocity: 2v + 2*(-2) = 4*0.5 -> v = 3
    (track("inelastic", [2, 2], [None, -2], stuck=True, final=0.5, hidden=("before", 0)), "3.00"),
    # positions: v = ((6-2)/2, (8-10)/2) = (2, -1); (2*2 + 1*(-1)) / 3 = 1
    (track("inelastic", [2, 1], None, stuck=True, hidden=("after", 0), positions=([2, 10], [6, 8], 2)), "1.00"),
    # 2-D: p = (6, 4), |p| = sqrt(52) = 7.2111, over 3 kg -> 2.4037
    (plane([2, 1], [[3, 0], [0, 4]]), "2.40"),
    # 2-D: p = (2 - 2, -2) = (0, -2), over 4 kg -> 0.5
    (plane([1, 1, 2], [[2, 0], [0, -2], [-1, 0]]), "0.50"),
]
ELASTIC = [
    # equal masses exchange velocities
    (track("elastic", [1, 1], [3, 0], target=1), "3.00"),
    # (1-3)*4 / 4 = -2: left positive -> 2, right positive -> -2
    (track("elastic", [1, 3], [4, 0], target=0, ask="left"), "2.00"),
    (track("elastic", [1, 3], [4, 0], target=0, ask="right"), "-2.00"),
    # ((3-2)*(-1) + 2*2*5) / 5 = 19/5
    (track("elastic", [2, 3], [5, -1], target=1), "3.80"),
    # positions: v = (2, -1); ((3-1)*2 + 2*1*(-1)) / 4 = 0.5
    (track("elastic", [3, 1], None, target=0, positions=([1, 12], [5, 10], 2)), "0.50"),
]
MOMENTUM = [
    # 2*3 + 3*(-1) = 3 = 2v + 3*1.5 -> v = -0.75, left positive
    (track("momentum", [2, 3], [3, -1], after=[None, 1.5], hidden=("after", 0), ask="left"), "0.75"),
    # 4 + 2 + 0 = 6 = 0.5 + 2.4 + 3v -> v = 31/30 = 1.0333
    (track("momentum", [1, 2, 3], [4, 1, 0], after=[0.5, 1.2, None], hidden=("after", 2)), "1.03"),
    # m*(5-1) = 2*(2-0) -> m = 1
    (track("momentum", [None, 2], [5, 0], after=[1, 2], hidden=("mass", 0), ask="mass"), "1.00"),
    # 2v + 1*(-3) = 2*(-1) + 1*2 -> v = 1.5
    (track("momentum", [2, 1], [None, -3], after=[-1, 2], hidden=("before", 0)), "1.50"),
    # speed of B: 3*2 + 1*(-2) = 4 = 3*0.2 + v -> v = 3.4
    (track("momentum", [3, 1], [2, -2], after=[0.2, None], hidden=("after", 1), ask="speed"), "3.40"),
]
COLLIDE = [
    # v = (2, -1), gap 10 closing at 3 m/s -> meet at t = 10/3 s
    (collide([[2, 12], [4, 11]], [0, 1], 5), "1"),
    (collide([[2, 12], [4, 11]], [0, 1], 3), "0"),
    # v = (1, 2): drifting apart, never
    (collide([[2, 8], [3, 10]], [0, 1], 20), "0"),
    # v = (1, 0.5, -1): pairs meet at 5/0.5 = 10 s and 8/1.5 = 5.33 s
    (collide([[1, 6, 14], [3, 7, 12]], [0, 2], 6), "1"),
    (collide([[1, 6, 14], [3, 7, 12]], [0, 2], 5), "0"),
    # meeting exactly at T counts as "within": v = (1, -1), gap 6 -> 3 s
    (collide([[4, 10], [5, 9], [6, 8]], [0, 1, 2], 3), "1"),
]
ELASTIC_CHECK = [
    (track("elastic_check", [1, 1], [2, 0], after=[0, 2], ask="yesno"), "1"),
    # (2*3)/3 = 1 and (2*2*3)/3 = 4: the elastic outcome
    (track("elastic_check", [2, 1], [3, 0], after=[1, 4], ask="yesno"), "1"),
    # stuck together: energy lost
    (track("elastic_check", [2, 1], [3, 0], after=[2, 2], ask="yesno"), "0"),
    # momentum kept (4 = -0.5 + 4.5) but KE 8 -> 3.5
    (track("elastic_check", [1, 3], [4, 0], after=[-0.5, 1.5], ask="yesno"), "0"),
]


@pytest.mark.parametrize(("spec", "label"), INELASTIC + ELASTIC + MOMENTUM + COLLIDE + ELASTIC_CHECK)
def test_solver_on_hand_worked_specs(spec: dict, label: str) -> None:
    assert TASK.solve(json.loads(json.dumps(spec))) == label
    question = TASK.question(spec)
    n_images = 3 if spec.get("layout") == "positions" and spec["qtype"] != "collide" else (
        len(spec["times"]) if spec["qtype"] == "collide" else 2)
    assert tag_problem(question, n_images) is None
    assert len(TASK.render(spec)) == n_images


def test_label_rounding_and_format() -> None:
    assert fmt_two(Fraction(1, 8)) == "0.13"  # half up, not to even
    assert fmt_two(Fraction(-1, 1000)) == "0.00"
    assert fmt_two(Fraction(7, 2)) == "3.50"
    assert frac(0.1) == Fraction(1, 10)


def test_questions_state_the_convention_and_rounding() -> None:
    left = TASK.question(track("elastic", [1, 3], [4, 0], target=0, ask="left"))
    assert "left as positive" in left or "to the left is positive" in left
    assert "two decimal" in left and "cart A" in left
    speed = TASK.question(track("momentum", [3, 1], [2, -2], after=[0.2, None], hidden=("after", 1), ask="speed"))
    assert "speed" in speed and "positive" not in speed
    mass = TASK.question(track("momentum", [None, 2], [5, 0], after=[1, 2], hidden=("mass", 0), ask="mass"))
    assert "mass of cart A" in mass and "kg" in mass
    yes_no = TASK.question(COLLIDE[0][0])
    assert yes_no.endswith("Answer 1 for yes and 0 for no.") and " 5 s" in yes_no


# ---------------------------------------------------------------- rejections and physics checks

def test_degenerate_draws_are_rejected() -> None:
    import random
    config = CollisionsConfig()
    with pytest.raises(Rejected, match="zero"):
        _velocity_ask(random.Random(0), config, Fraction(1, 20))
    masses = [Fraction(1), Fraction(1)]
    # energy gained: not physical
    assert not _physical(masses, [Fraction(2), Fraction(0)], [Fraction(-1), Fraction(3)], stuck=False)
    # objects passing through each other after the collision: not physical
    assert not _physical(masses, [Fraction(2), Fraction(0)], [Fraction(1, 2), Fraction(0)], stuck=False)
    # never approaching: no collision at all
    assert not _physical(masses, [Fraction(0), Fraction(2)], [Fraction(0), Fraction(2)], stuck=False)
    assert _physical(masses, [Fraction(2), Fraction(0)], [Fraction(1, 2), Fraction(3, 2)], stuck=False)


def test_config_validation() -> None:
    with pytest.raises(ConfigError, match="even"):
        CollisionsConfig.from_dict({"type_weights": {"collide": 3}})
    with pytest.raises(ConfigError):
        CollisionsConfig.from_dict({"type_weights": {"juggling": 2}})
    with pytest.raises(ConfigError):
        CollisionsConfig.from_dict({"hidden": "colour"})
    with pytest.raises(ConfigError):
        CollisionsConfig.from_dict({"max_objects": 4})


# ---------------------------------------------------------------- generated items

@pytest.fixture(scope="module")
def items() -> list:
    return generated_items("Collisions", 96, 7)


def test_same_job_same_bytes_and_other_seed_differs() -> None:
    job = Job("Collisions", "test", 5, 3, {})
    first, second = make_item(job), make_item(job)
    assert first.images == second.images and first.question == second.question and first.label == second.label
    assert make_item(Job("Collisions", "test", 5, 4, {})).metadata["spec"] != first.metadata["spec"]


def test_items_round_trip_and_tags(items: list) -> None:
    for k, item in enumerate(items):
        assert check_generated(item, TASK, rerender=k < 6) == []
        assert tag_problem(item.question, item.n_images) is None
        assert 2 <= item.n_images <= 3
        assert item.metadata["properties"]["consumption"] == "sequential"


def test_yes_no_exactly_balanced_per_type(items: list) -> None:
    # 96 items = 4 full blocks of 24 slots: 2 collide and 2 elastic-check items per block, one of each answer
    by_type = Counter((item.metadata["spec"]["qtype"], item.label) for item in items
                      if item.metadata["spec"]["qtype"] in ("collide", "elastic_check"))
    assert by_type == {("collide", "1"): 4, ("collide", "0"): 4, ("elastic_check", "1"): 4, ("elastic_check", "0"): 4}
    types = Counter(item.metadata["spec"]["qtype"] for item in items)
    assert types == {"inelastic": 28, "elastic": 24, "momentum": 28, "collide": 8, "elastic_check": 8}


def test_numeric_labels_spread_and_positive(items: list) -> None:
    numeric = [item.label for item in items if item.label not in ("0", "1")]
    assert all(float(x) > 0 and x == f"{float(x):.2f}" for x in numeric)
    top = Counter(item.label for item in items).most_common(1)[0][1]
    assert top / len(items) <= 0.1


def test_generated_collisions_are_physical(items: list) -> None:
    for item in items:
        spec = item.metadata["spec"]
        if spec["qtype"] != "momentum":
            continue
        value = unknown_value(spec)
        masses = [value if m is None else frac(m) for m in spec["masses"]]
        before = [value if v is None else v for v in before_velocities(spec)]
        after = [value if v is None else frac(v) for v in spec["after"]]
        assert sum(m * v for m, v in zip(masses, before)) == sum(m * v for m, v in zip(masses, after))
        assert kinetic_energy(masses, after) <= kinetic_energy(masses, before)
        assert all(a <= b for a, b in zip(after, after[1:]))


def test_no_single_frame_holds_masses_and_all_velocities(items: list) -> None:
    for item in items:
        spec = item.metadata["spec"]
        if spec["dims"] != 1 or spec["qtype"] == "collide":
            continue
        frames = track_frames(spec)
        with_masses = [k for k, f in enumerate(frames) if any(m["mass"] for g in f["groups"] for m in g["members"])]
        assert len(with_masses) == 1
        only_before_matters = spec["qtype"] == "elastic" or (spec["qtype"] == "inelastic" and spec["hidden"]["what"] == "after")
        if spec["layout"] == "arrows" and only_before_matters:
            assert with_masses == [1]  # the before frame shows only velocities
    assert all(item.metadata["spec"]["mass_frame"] == 1 for item in items if item.metadata["spec"]["dims"] == 2)


def test_images_are_legible_sizes(items: list) -> None:
    for item in items[:30]:
        for data in item.images:
            image = Image.open(io.BytesIO(data))
            assert image.mode == "RGB"
            assert image.size[0] in (640, 760) and 220 <= image.size[1] <= 600
            dark = sum(image.convert("L").histogram()[:100])
            assert dark > 800  # objects, arrows and text are drawn


def test_config_knobs_shape_items() -> None:
    plane_items = [make_item(Job("Collisions", "test", i, 2, {"type_weights": {"inelastic": 2}, "p_2d": 1.0}))
                   for i in range(6)]
    assert all(it.metadata["spec"]["dims"] == 2 for it in plane_items)
    masses = [make_item(Job("Collisions", "test", i, 2, {"type_weights": {"momentum": 2}, "hidden": "mass"}))
              for i in range(6)]
    assert all(it.metadata["spec"]["hidden"]["what"] == "mass" and "mass" in it.question for it in masses)
    two = [make_item(Job("Collisions", "test", i, 2, {"max_objects": 2})) for i in range(12)]
    assert all(len(it.metadata["spec"]["names"]) == 2 for it in two)
    # a third position snapshot would repeat what two show, so collide items always have two
    snapshots = [make_item(Job("Collisions", "test", i, 2, {"type_weights": {"collide": 2}})) for i in range(8)]
    assert all(it.n_images == 2 for it in snapshots)


def test_collide_items_always_have_a_meeting_on_the_track() -> None:
    from remibench.tasks.collisions.sampling import meets_on_track
    from remibench.tasks.collisions.solve import first_collision_time

    for i in range(8):
        spec = make_item(Job("Collisions", "test", i, 3, {"type_weights": {"collide": 2}})).metadata["spec"]
        t1 = frac(spec["times"][1])
        x0 = [frac(x) for x in spec["x"][0]]
        vs = [(frac(b) - a) / t1 for a, b in zip(x0, spec["x"][1])]
        t_hit = first_collision_time(x0, vs)
        assert t_hit is not None and meets_on_track(x0, vs, t_hit)  # "no" means later than T, never "never"


def test_restitution_in_the_text_sets_the_answer() -> None:
    # (2*5 + 3*(-1) - 3*0.5*6) / 5 = -0.4 for A; e = 1 gives (7 - 18) / 5 = -2.2
    spec = track("elastic", [2, 3], [5, -1], target=0, ask="left")
    assert TASK.solve(spec) == "2.20"
    spec["restitution"] = 0.5
    assert TASK.solve(spec) == "0.40" and "restitution of the collision is 0.5" in TASK.question(spec)


def test_rounding_halves_are_rejected() -> None:
    import random

    from remibench.tasks.collisions.solve import on_rounding_half
    assert on_rounding_half(Fraction(1125, 1000)) and not on_rounding_half(Fraction(113, 100))
    with pytest.raises(Rejected, match="half"):
        _velocity_ask(random.Random(0), CollisionsConfig(), Fraction(1125, 1000))


def test_after_frame_shows_objects_in_contact_and_arrows_to_scale() -> None:
    from remibench.tasks.collisions.drawing import SHAPE_WIDTH, _after_frame
    spec = track("momentum", [2, 3], [3, -1], after=[None, 1.5], hidden=("after", 0), ask="left")
    xs = [g["x"] for g in _after_frame(spec, True)["groups"]]
    assert xs[1] - xs[0] < SHAPE_WIDTH["cart"] + 20  # side by side, not where they stood before
