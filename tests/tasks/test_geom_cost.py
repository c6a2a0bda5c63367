"""GeomCost: hand-checked plans, prices and offers, and properties of generated items."""

from __future__ import annotations

import copy
import io
import json
import math
import re
from collections import Counter
from functools import lru_cache

import pytest
from PIL import Image
from task_helpers import generated_items

from remibench.items import tag_problem
from remibench.render.geometry_layout import layout
from remibench.tasks.base import ConfigError
from remibench.tasks.geom_cost.drawing import plan_figure
from remibench.tasks.geom_cost.solve import fmt_money, job_costs, plan_measures, subtotal, total_cost
from remibench.tasks.geom_cost.task import TASK, GeomCostConfig

N_ITEMS = 80


@lru_cache(maxsize=None)
def _items(n: int = N_ITEMS, seed: int = 21, config: tuple = ()) -> list:
    return generated_items("GeomCost", n, seed, **dict(config))


def _plan(coords, dims, semi=None, house=None, area="garden") -> dict:
    """A plan whose edge i runs from corner i to corner i+1; ``dims`` gives printed lengths or None."""
    edges = []
    for i, printed in enumerate(dims):
        (x1, y1), (x2, y2) = coords[i], coords[(i + 1) % len(coords)]
        d = "E" if x2 > x1 and y1 == y2 else "W" if x2 < x1 and y1 == y2 else "N" if y2 > y1 and x1 == x2 else \
            "S" if y2 < y1 and x1 == x2 else "free"
        edges.append({"dir": d, "len": printed})
    return {"title": area.capitalize(), "area": area, "shape": "hand", "coords": [list(c) for c in coords],
            "edges": edges, "semi": semi, "house": house}


# 12 x 8 rectangle, two sides printed: area 96, perimeter 40.
RECT = _plan([(0, 0), (12, 0), (12, 8), (0, 8)], [12, 8, None, None])
# L: 10 x 9 with a 4 x 5 corner removed; the 6 m top and the 5 m notch side are not printed
# (6 = 10 - 4, 5 = 9 - 4): area 90 - 20 = 70, perimeter 2 * (10 + 9) = 38.
ELL = _plan([(0, 0), (10, 0), (10, 4), (6, 4), (6, 9), (0, 9)], [10, 4, 4, None, None, 9], area="kitchen")
# 8 x 6 rectangle with a semicircle on the right-hand 6 m side: area 48 + pi*9/2 = 62.1372,
# boundary 8 + 8 + 6 + 3 pi = 31.4248.
SEMI = _plan([(0, 0), (8, 0), (8, 6), (0, 6)], [8, None, None, 6], semi=1)
# Right trapezoid 9 wide, 3 high on the right and 7 on the left; the slanted top is
# sqrt(9^2 + 4^2) = sqrt 97 = 9.8489: area (3 + 7)/2 * 9 = 45, perimeter 28.8489.
TRAP = _plan([(0, 0), (9, 0), (9, 3), (0, 7)], [9, 3, None, 7])
# 20 x 10 garden with the house along the 20 m top side: fence 60 - 20 = 40, area 200.
HOUSE = _plan([(0, 0), (20, 0), (20, 10), (0, 10)], [20, 10, None, None], house=2)
# U: 12 x 8 with a 6 wide, 4 deep notch from the top: area 96 - 24 = 72, perimeter 48.
YOU = _plan([(0, 0), (12, 0), (12, 8), (9, 8), (9, 4), (3, 4), (3, 8), (0, 8)], [12, 8, 3, 4, None, 4, 3, None],
            area="front garden")


@pytest.mark.parametrize("plan, area, perimeter, fence", [
    (RECT, 96, 40, 40), (ELL, 70, 38, 38), (SEMI, 48 + 4.5 * math.pi, 22 + 3 * math.pi, 22 + 3 * math.pi),
    (TRAP, 45, 19 + math.sqrt(97), 19 + math.sqrt(97)), (HOUSE, 200, 60, 40), (YOU, 72, 48, 48),
])
def test_plan_measures(plan, area, perimeter, fence):
    m = plan_measures(plan)
    assert m["area"] == pytest.approx(area) and m["perimeter"] == pytest.approx(perimeter)
    assert m["fence"] == pytest.approx(fence)


def test_plan_measures_ignore_drawing_and_reject_inconsistent_dimensions():
    blind = copy.deepcopy(ELL)
    blind["coords"] = [[0, 0]] * 6
    assert plan_measures(blind)["area"] == pytest.approx(70)
    broken = copy.deepcopy(RECT)
    broken["edges"][0]["len"] = None  # two unknown widths: not determined
    broken["edges"][2]["len"] = None
    with pytest.raises((ValueError, TypeError)):
        plan_measures(broken)


GARDEN_TABLE = {"title": "Test", "sections": [
    {"name": "FENCING", "unit": "m", "rows": [{"item": "Cedar fencing", "price": 45.5}, {"item": "Pine fencing", "price": 22.0}]},
    {"name": "GROUND COVER", "unit": "m2", "rows": [{"item": "Standard turf", "price": 8.25}, {"item": "Gravel", "price": 6.4},
                                                    {"item": "Premium turf", "price": 7.8}]},
]}
ROOM_TABLE = {"title": "Test", "sections": [
    {"name": "FLOORING", "unit": "m2", "rows": [{"item": "Ceramic tiles", "price": 31.25}]},
    {"name": "SKIRTING & TRIM", "unit": "m", "rows": [{"item": "Oak skirting board", "price": 12.0}]},
]}


def _spec(plans, jobs, table=GARDEN_TABLE, offer=None, place="garden") -> dict:
    order = ["plan", "table"] + (["plan2"] if len(plans) == 2 else []) + (["offer"] if offer else [])
    return {"place": place, "owner": "Maria", "plans": plans, "jobs": jobs, "table": table, "offer": offer,
            "order": order, "wording": {"plan": 0, "plan2": 0, "table": 0, "offer": 0, "ending": 0}}


def J(item, measure="area", plan=0) -> dict:
    return {"plan": plan, "measure": measure, "item": item}


@pytest.mark.parametrize("spec, expected", [
    (_spec([RECT], [J("Cedar fencing", "boundary")]), "1820"),          # 40 m * 45.50
    (_spec([HOUSE], [J("Pine fencing", "boundary")]), "880"),           # (60 - 20) m * 22
    (_spec([SEMI], [J("Pine fencing", "boundary")]), "691.35"),         # 31.4248 m * 22 = 691.345
    (_spec([ELL], [J("Oak skirting board", "boundary")], ROOM_TABLE, place="room"), "456"),  # 38 * 12
])
def test_boundary_jobs(spec, expected):
    assert TASK.solve(spec) == expected


@pytest.mark.parametrize("spec, expected", [
    (_spec([ELL], [J("Ceramic tiles")], ROOM_TABLE, place="room"), "2187.5"),  # 70 m2 * 31.25
    (_spec([SEMI], [J("Premium turf")]), "484.67"),                            # 62.1372 * 7.80 = 484.670
    (_spec([TRAP], [J("Gravel")]), "288"),                                     # 45 * 6.40
])
def test_area_jobs(spec, expected):
    assert TASK.solve(spec) == expected


@pytest.mark.parametrize("spec, expected", [
    (_spec([HOUSE], [J("Standard turf"), J("Pine fencing", "boundary")]), "2530"),  # 200*8.25 + 40*22
    (_spec([RECT, YOU], [J("Gravel"), J("Gravel", plan=1)]), "1075.2"),            # (96 + 72) * 6.40
    # TRAP boundary 19 + sqrt 97 = 28.8489 m * 45.50 = 1312.62, plus RECT 40 m * 22 = 880.
    (_spec([TRAP, RECT], [J("Cedar fencing", "boundary"), J("Pine fencing", "boundary", plan=1)]), "2192.62"),
])
def test_combined_jobs(spec, expected):
    assert TASK.solve(spec) == expected


@pytest.mark.parametrize("offer, jobs, expected", [
    ({"kind": "pct_over", "pct": 10, "threshold": 1000}, [J("Cedar fencing", "boundary")], "1638"),  # 1820 * 0.9
    ({"kind": "pct_over", "pct": 10, "threshold": 2000}, [J("Cedar fencing", "boundary")], "1820"),  # not over 2000
    ({"kind": "section_pct", "pct": 20, "section": "FENCING"}, [J("Standard turf"), J("Cedar fencing", "boundary")],
     "2248"),  # turf 96 * 8.25 = 792 at full price + fencing 1820 * 0.8 = 1456
    ({"kind": "section_pct", "pct": 20, "section": "GROUND COVER"}, [J("Cedar fencing", "boundary")], "1820"),
    ({"kind": "delivery", "fee": 45.0, "free_over": 2000}, [J("Cedar fencing", "boundary")], "1865"),  # 1820 + 45
    ({"kind": "delivery", "fee": 45.0, "free_over": 1500}, [J("Cedar fencing", "boundary")], "1820"),  # free
    ({"kind": "delivery", "fee": 30.0, "free_over": None}, [J("Gravel")], "644.4"),  # 96 * 6.40 + 30
])
def test_offers(offer, jobs, expected):
    assert TASK.solve(_spec([RECT], jobs, offer=offer)) == expected


@pytest.mark.parametrize("offer, jobs, expected", [
    ({"kind": "pct_all", "pct": 15}, [J("Cedar fencing", "boundary")], "1547"),  # 1820 * 0.85
    # fitting: 96 m2 * 3.50 laid on top of 96 * 6.40 = 614.40 -> 950.4; the per-metre rate is unused
    ({"kind": "fitting", "per_m2": 3.5, "per_m": 12.0}, [J("Gravel")], "950.4"),
    # both rates: turf 96 * 8.25 = 792 + 96 * 4 = 384, fencing 1820 + 40 * 10 = 400 -> 3396
    ({"kind": "fitting", "per_m2": 4.0, "per_m": 10.0}, [J("Standard turf"), J("Cedar fencing", "boundary")], "3396"),
])
def test_unconditional_offers(offer, jobs, expected):
    assert TASK.solve(_spec([RECT], jobs, offer=offer)) == expected


@pytest.mark.parametrize("value, expected", [
    (1353.625, "1353.63"),  # half a cent rounds up (float formatting gave 1353.62)
    (0.125, "0.13"), (2.675, "2.68"), (1234.5, "1234.5"), (987.2549, "987.25"), (4973.0, "4973"),
    (1353.62499999999, "1353.63"),  # float noise just below the half cent
])
def test_money_rounds_half_cents_up(value, expected):
    assert fmt_money(value) == expected


def test_half_cent_total_is_rounded_up():
    # the 40 m fence of the 12 x 8 rectangle at 33.840625 per metre costs 1353.625 exactly
    table = {"title": "T", "sections": [{"name": "FENCING", "unit": "m", "rows": [{"item": "Cedar fencing", "price": 33.840625}]},
                                        {"name": "GROUND COVER", "unit": "m2", "rows": [{"item": "Gravel", "price": 1.0}]}]}
    assert TASK.solve(_spec([RECT], [J("Cedar fencing", "boundary")], table)) == "1353.63"  # 40 * 33.840625 = 1353.625


def test_second_plan_named_first_carries_the_owner():
    spec = _spec([RECT, YOU], [J("Gravel"), J("Gravel", plan=1)])
    spec["order"] = ["plan2", "table", "plan"]
    q = TASK.question(spec)
    assert q.startswith("<image1> shows the plan of Maria's front garden")
    spec["order"] = ["plan", "table", "plan2"]
    assert "<image3> shows the plan of the front garden" in TASK.question(spec)


def test_unit_mismatch_is_an_error():
    with pytest.raises(ValueError):
        TASK.solve(_spec([RECT], [J("Cedar fencing", "area")]))


def test_question_wording():
    spec = _spec([HOUSE], [J("Standard turf"), J("Pine fencing", "boundary")])
    q = TASK.question(spec)
    assert "standard turf" in q and "pine fencing" in q and "wall of the house" in q
    assert tag_problem(q, 2) is None
    semi = TASK.question(_spec([SEMI], [J("Gravel")]))
    assert "semicircle" in semi and "house" not in semi


# ----------------------------------------------------------------------------- generated items

def test_json_round_trip_tags_and_properties():
    for item in _items():
        spec = json.loads(json.dumps(item.metadata["spec"]))
        assert TASK.question(spec) == item.question
        assert TASK.solve(spec) == item.label
        assert tag_problem(item.question, item.n_images) is None
        assert item.n_images == len(spec["order"]) and 2 <= item.n_images <= 3
        props = item.metadata["properties"]
        assert props["consumption"] == "set" and props["image_types"] == "different" and props["interleaved"]


def test_labels_are_spread_money_amounts():
    labels = [item.label for item in _items()]
    assert all(re.fullmatch(r"\d+(\.\d{1,2})?", label) for label in labels)
    assert Counter(labels).most_common(1)[0][1] <= 0.05 * len(labels)
    values = sorted(float(x) for x in labels)
    assert values[len(values) // 10] < 1000 < values[-len(values) // 10]


def test_every_image_carries_needed_information():
    for item in _items():
        spec = item.metadata["spec"]
        printed = [e for p in spec["plans"] for e in p["edges"] if e["len"] is not None]
        assert printed  # dimensions only in the plan images
        for job in spec["jobs"]:
            assert job["item"].lower() in item.question  # the material is named in the text ...
            assert not re.search(r"\$\d", item.question)  # ... but its price is only in the table
        if spec["offer"]:
            assert any(k in spec["offer"] for k in ("pct", "fee", "per_m2"))


def test_the_third_image_always_moves_the_total_beyond_the_tolerance():
    """Ignoring the offer card, the second plan or either job is never within the 3% scoring tolerance."""
    seen = Counter()
    for item in _items(60, 5, (("third_image_prob", 1.0),)):
        spec = item.metadata["spec"]
        total = total_cost(spec)
        if spec["offer"]:
            seen[spec["offer"]["kind"]] += 1
            assert spec["offer"]["kind"] in ("pct_all", "section_pct", "fitting", "delivery")
            assert abs(total - subtotal(spec)) > 0.04 * total
            if spec["offer"]["kind"] == "section_pct":
                assert spec["offer"]["section"] in {section for _, section in job_costs(spec)}
        for cost, _ in job_costs(spec):
            assert cost > 0.04 * total
    assert len(seen) >= 3


def test_every_section_a_job_buys_from_lists_another_item():
    for item in _items():
        table = item.metadata["spec"]["table"]
        for job in item.metadata["spec"]["jobs"]:
            section = next(s for s in table["sections"] if any(r["item"] == job["item"] for r in s["rows"]))
            assert len(section["rows"]) >= 2


def test_images_are_legible_and_sized():
    for item in _items()[:25]:
        spec = item.metadata["spec"]
        for png in item.images:
            image = Image.open(io.BytesIO(png))
            assert image.mode == "RGB" and 400 <= max(image.size) <= 800
            assert len(image.getcolors(1 << 16) or []) > 20
        for plan in spec["plans"]:
            assert layout(plan_figure(plan, spec["place"])).problems == []


def test_plans_are_drawn_to_scale():
    for item in _items():
        for plan in item.metadata["spec"]["plans"]:
            coords = plan["coords"]
            for i, edge in enumerate(plan["edges"]):
                if edge["len"] is not None:
                    assert math.dist(coords[i], coords[(i + 1) % len(coords)]) == pytest.approx(edge["len"])


def test_knobs():
    with pytest.raises(ConfigError):
        GeomCostConfig.from_dict({"min_materials": 7, "max_materials": 4})
    with pytest.raises(ConfigError):
        GeomCostConfig.from_dict({"places": ["moon"]})
    simple = _items(20, 2, (("max_complexity", 1), ("third_image_prob", 0.0), ("places", ("room",)),
                            ("min_materials", 5), ("max_materials", 5)))
    for item in simple:
        spec = item.metadata["spec"]
        assert item.n_images == 2 and spec["place"] == "room"
        assert {p["shape"] for p in spec["plans"]} <= {"rect", "trapezoid"}
        assert sum(len(s["rows"]) for s in spec["table"]["sections"]) == 5
    offers = _items(20, 2, (("third_image_prob", 1.0), ("discount_share", 1.0), ("min_complexity", 3)))
    assert all(item.n_images == 3 and item.metadata["spec"]["offer"] for item in offers)
    assert all(p["shape"] in ("U", "T", "L_semi") for item in offers for p in item.metadata["spec"]["plans"])
