"""CodeEdit audit hooks: respelled and shifted listings draw the same pictures, the view hides the edit."""

from __future__ import annotations

import random

import pytest

from remibench.audit.base import NoVariation
from remibench.tasks.code_edit.audit import AUDIT, _pictures, _shift, _vary_listing, from_pictures, same_picture_spellings
from remibench.tasks.code_edit.checks import VIEW
from remibench.tasks.code_edit.task import TASK
from remibench.tikz.parse import parse_line


def spec_of(lines: list[str], line: int, edit: dict, n_images: int = 3, grid: bool = False) -> dict:
    return {"view": list(VIEW), "program": [parse_line(text).to_dict() for text in lines],
            "edit": {"line": line, **edit}, "grid": grid, "wrapped": False, "n_images": n_images, "template": 0}


LINES = [r"\draw[red, thick] (1,1) -- (3,2);", r"\fill[blue] (5,1) rectangle (6.5,3);", r"\node at (2,4) {A};"]


def test_respellings_of_a_line_draw_the_same_picture() -> None:
    spec = spec_of(LINES, 0, {"kind": "color", "attr": "color", "value": "green"})
    assert TASK.solve(spec) == r"\draw[green, thick] (1,1) -- (3,2);"
    spellings = same_picture_spellings(parse_line(LINES[0]), spec["edit"])
    assert {c.options for c, _ in spellings} >= {("thick", "red")}
    varied = _vary_listing(spec, random.Random(3))
    assert _pictures(varied) == _pictures(spec) and TASK.solve(varied) != TASK.solve(spec)


def test_a_shifted_program_draws_the_same_pictures_without_the_grid() -> None:
    spec = spec_of(LINES, 2, {"kind": "coordinate", "attr": "point", "index": 0, "value": [3, 4]})
    varied = _shift(spec, random.Random(0))
    assert varied["view"] != spec["view"]
    assert _pictures(varied) == _pictures(spec)
    assert TASK.solve(varied) != TASK.solve(spec)
    with_grid = dict(spec, grid=True)
    assert _pictures(dict(_shift(with_grid, random.Random(0)), grid=True)) != _pictures(with_grid)


def test_a_node_with_one_spelling_has_no_respelling_on_the_grid() -> None:
    spec = spec_of(LINES, 2, {"kind": "text", "attr": "text", "value": "B"}, grid=True)
    with pytest.raises(NoVariation):
        _vary_listing(spec, random.Random(0))


def test_the_view_hides_the_edit_and_the_current_picture_is_the_declared_aid() -> None:
    spec = spec_of(LINES, 1, {"kind": "color", "attr": "color", "value": "orange"})
    view = AUDIT.view(spec)
    assert view.options is None and "edit" not in view.seen
    assert AUDIT.distractors(spec) == {2: AUDIT.distractors(spec)[2]}
    assert AUDIT.distractors(dict(spec, n_images=2)) == {}
    assert from_pictures(view) is None  # no grid: the pictures do not give the coordinates
    assert from_pictures(AUDIT.view(dict(spec, grid=True))) == r"\fill[orange] (5,1) rectangle (6.5,3);"


def test_wanted_picture_variation_changes_the_label_only_through_the_last_image() -> None:
    spec = spec_of(LINES, 1, {"kind": "color", "attr": "color", "value": "orange"})
    varied = AUDIT.vary(spec, 3, random.Random(2))
    assert varied["program"] == spec["program"] and TASK.solve(varied) != TASK.solve(spec)
