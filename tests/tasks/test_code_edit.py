"""CodeEdit: TikZ parser and formatter, hand-solved edits, invisible-edit rejection, listings and drawings."""

from __future__ import annotations

import io
import json
from collections import Counter

import numpy as np
import pytest
from PIL import Image
from task_helpers import generated_items

from remibench.generate import Job, make_item
from remibench.items import is_interleaved, tag_problem
from remibench.render.canvas import to_png
from remibench.scoring.official import score_official
from remibench.tasks.base import ConfigError
from remibench.tasks.code_edit.checks import VIEW, edit_problem, respellings
from remibench.tasks.code_edit.drawing import render_listing, tokens
from remibench.tasks.code_edit.task import (
    EDIT_KINDS,
    TASK,
    CodeEditConfig,
    edited_program,
    listing_text,
    few_look_alikes,
    program_of,
)
from remibench.tasks.code_edit.wording import THREE_IMAGE_TEMPLATES
from remibench.tikz.draw import (
    PALETTE,
    Frame,
    changed_pixels,
    coverage_mask,
    picture_key,
    render_drawing,
    top_layer,
)
from remibench.tikz.parse import (
    Command,
    TikzSyntaxError,
    apply_edit,
    format_line,
    format_program,
    parse_line,
    parse_program,
    single_edits,
)

FRAME = Frame.from_view(VIEW)


def items(n: int, base_seed: int = 0, **config) -> list:
    return generated_items("CodeEdit", n, base_seed, **config)


@pytest.fixture(scope="module")
def batch() -> list:
    return items(60, base_seed=4)


def spec_of(lines: list[str], line: int, edit: dict, n_images: int = 3, grid: bool = True) -> dict:
    return {"view": list(VIEW), "program": [parse_line(text).to_dict() for text in lines],
            "edit": {"line": line, **edit}, "grid": grid, "wrapped": False, "n_images": n_images, "template": 0}


# ---------------------------------------------------------------- parser and formatter

CANONICAL_LINES = [
    r"\draw[red, thick] (0,0) -- (2,1);",
    r"\draw[blue, dashed] (0,0) rectangle (2,1);",
    r"\fill[blue] (1,1) circle (0.5);",
    r"\draw[green] (1,1) circle (0.8);",
    r"\node at (1,2) {A};",
    r"\node[purple] at (3.5,0.5) {start};",
    r"\draw[->] (0.5,0.5) -- (3,2) -- (4,0.5);",
    r"\draw[thick, <->, orange, dotted] (1,4) -- (2,4);",
    r"\fill[orange] (0,0) -- (1,0) -- (0.5,1) -- cycle;",
    r"\draw (1,1) -- (2,3) -- (3,1) -- cycle;",
    r"\draw (-1,-0.5) rectangle (2,1);",
]


@pytest.mark.parametrize("text", CANONICAL_LINES)
def test_canonical_lines_round_trip(text: str) -> None:
    command = parse_line(text)
    assert format_line(command) == text
    assert parse_line(format_line(command)) == command
    assert Command.from_dict(json.loads(json.dumps(command.to_dict()))) == command


def test_parser_reads_loose_spacing_and_keeps_option_order() -> None:
    command = parse_line(r"  \draw [ dotted ,red,  ->]( 0 , .5 )--(2,1.50) ;")
    assert command == Command("draw", "path", ((0.0, 0.5), (2.0, 1.5)), ("dotted", "red", "->"))
    assert format_line(command) == r"\draw[dotted, red, ->] (0,0.5) -- (2,1.5);"
    assert (command.color, command.dash, command.arrow, command.width) == ("red", "dotted", "->", None)
    circle = parse_line(r"\draw (1,1)circle(2);")
    assert circle.shape == "circle" and circle.radius == 2.0 and circle.ink == "black"


@pytest.mark.parametrize("text", [
    r"\draw[red] (0,0) -- (1,1)",                 # no semicolon
    r"\draw[shiny] (0,0) -- (1,1);",              # unknown option
    r"\draw[red, blue] (0,0) -- (1,1);",          # two colours
    r"\draw[->] (0,0) rectangle (1,1);",          # arrow on a rectangle
    r"\fill[red] (0,0) -- (1,0) -- (1,1);",       # fill without cycle
    r"\fill[red, dashed] (0,0) circle (1);",      # fill takes a colour only
    r"\node[thick] at (0,0) {A};",                # node takes a colour only
    r"\draw (0,0) circle (0);",                   # zero radius
    r"\draw (0,0);",                              # lone point
    r"\path (0,0) -- (1,1);",                     # command outside the subset
])
def test_lines_outside_the_subset_are_refused(text: str) -> None:
    with pytest.raises(TikzSyntaxError):
        parse_line(text)


def test_program_round_trip_with_environment() -> None:
    program = [parse_line(text) for text in CANONICAL_LINES]
    for wrapped in (False, True):
        text = format_program(program, wrapped)
        assert parse_program(text) == program
        assert format_program(parse_program(text), wrapped) == text
    assert format_program(program, True).splitlines()[0] == r"\begin{tikzpicture}"


def test_generated_listings_and_labels_parse_back_and_redraw_identically(batch: list) -> None:
    """The issue's check: parse(format(p)) == p for both programs, and drawing the parsed programs
    (and the parsed listing) reproduces the item's images byte for byte."""
    for item in batch[:24]:
        spec = item.metadata["spec"]
        program, wanted = program_of(spec), edited_program(spec)
        text = listing_text(spec)
        parsed = parse_program(text)
        assert parsed == program
        line = spec["edit"]["line"]
        parsed_label = parse_line(item.label)
        assert parsed_label == wanted[line]
        assert parsed[:line] + [parsed_label] + parsed[line + 1:] == wanted
        assert parse_program(format_program(wanted)) == wanted
        frame = Frame.from_view(spec["view"])
        drawings = [parsed, wanted] if spec["n_images"] == 3 else [wanted]
        expected = [to_png(render_listing(format_program(parsed, spec["wrapped"]).splitlines()))]
        expected += [to_png(render_drawing(d, frame, spec["grid"])) for d in drawings]
        assert list(item.images) == expected


# ---------------------------------------------------------------- solver on hand-written specs

SOLVED = [
    # colour: replaced in place, or the first option of an option-less line
    ([r"\draw[red, thick] (0.5,0.5) -- (2,1);", r"\fill[blue] (5,3) circle (0.5);"], 0,
     {"attr": "color", "value": "green"}, r"\draw[green, thick] (0.5,0.5) -- (2,1);"),
    ([r"\draw (1,1) rectangle (3,2);"], 0, {"attr": "color", "value": "orange"}, r"\draw[orange] (1,1) rectangle (3,2);"),
    ([r"\node at (1,1) {B};", r"\node[gray] at (4,4) {A};"], 1, {"attr": "color", "value": "purple"},
     r"\node[purple] at (4,4) {A};"),
    ([r"\draw[->, thick, blue] (1,1) -- (2,2);"], 0, {"attr": "color", "value": "red"}, r"\draw[->, thick, red] (1,1) -- (2,2);"),
    # coordinate
    ([r"\draw[red] (1,1) -- (3,2) -- (5,1);"], 0, {"attr": "point", "index": 1, "value": [3, 4]},
     r"\draw[red] (1,1) -- (3,4) -- (5,1);"),
    ([r"\node at (5,1) {A};", r"\fill[blue] (1,1) rectangle (2.5,2);"], 1, {"attr": "point", "index": 1, "value": [3.5, 2]},
     r"\fill[blue] (1,1) rectangle (3.5,2);"),
    ([r"\node at (2,3) {start};"], 0, {"attr": "point", "index": 0, "value": [2.5, 3]}, r"\node at (2.5,3) {start};"),
    ([r"\fill[orange] (0.5,0.5) -- (2,0.5) -- (1,2) -- cycle;"], 0, {"attr": "point", "index": 2, "value": [1, 3.5]},
     r"\fill[orange] (0.5,0.5) -- (2,0.5) -- (1,3.5) -- cycle;"),
    # radius
    ([r"\draw[green] (4,2.5) circle (1);"], 0, {"attr": "radius", "value": 1.5}, r"\draw[green] (4,2.5) circle (1.5);"),
    ([r"\draw (6,4) -- (7,4);", r"\fill[cyan] (2,2) circle (0.5);"], 1, {"attr": "radius", "value": 1},
     r"\fill[cyan] (2,2) circle (1);"),
    ([r"\draw[blue, dashed] (6,2) circle (1.5);"], 0, {"attr": "radius", "value": 0.5}, r"\draw[blue, dashed] (6,2) circle (0.5);"),
    # style
    ([r"\draw[blue, dashed] (0,0) rectangle (2,1);"], 0, {"attr": "dash", "value": "dotted"},
     r"\draw[blue, dotted] (0,0) rectangle (2,1);"),
    ([r"\draw (1,1) -- (2,3);"], 0, {"attr": "width", "value": "thick"}, r"\draw[thick] (1,1) -- (2,3);"),
    ([r"\node at (1,1) {B};", r"\draw (3,3) circle (1);"], 1, {"attr": "dash", "value": "dashed"},
     r"\draw[dashed] (3,3) circle (1);"),
    ([r"\draw[dotted, thick, ->] (1,1) -- (4,1);"], 0, {"attr": "dash", "value": "dashed"},
     r"\draw[dashed, thick, ->] (1,1) -- (4,1);"),
    # arrow
    ([r"\draw (1,1) -- (3,1);"], 0, {"attr": "arrow", "value": "->"}, r"\draw[->] (1,1) -- (3,1);"),
    ([r"\draw[<-, red] (1,1) -- (3,1);"], 0, {"attr": "arrow", "value": "<->"}, r"\draw[<->, red] (1,1) -- (3,1);"),
    ([r"\fill[red] (6,1) circle (0.5);", r"\draw[orange, ->] (1,1) -- (2,2) -- (3,1);"], 1, {"attr": "arrow", "value": "<-"},
     r"\draw[orange, <-] (1,1) -- (2,2) -- (3,1);"),
    # text
    ([r"\node at (1,2) {A};"], 0, {"attr": "text", "value": "B"}, r"\node at (1,2) {B};"),
    ([r"\draw (1,1) -- (2,1);", r"\node[red] at (6.5,4) {start};"], 1, {"attr": "text", "value": "goal"},
     r"\node[red] at (6.5,4) {goal};"),
    ([r"\node at (3,0.5) {P1};"], 0, {"attr": "text", "value": "Q2"}, r"\node at (3,0.5) {Q2};"),
]


@pytest.mark.parametrize("lines, line, edit, expected", SOLVED)
def test_solver_on_hand_written_specs(lines: list[str], line: int, edit: dict, expected: str) -> None:
    spec = spec_of(lines, line, edit)
    assert TASK.solve(spec) == expected
    assert TASK.solve(json.loads(json.dumps(spec))) == expected


def test_solver_on_a_spec_written_as_plain_data() -> None:
    spec = {"view": [0, 8, 0, 5], "grid": False, "wrapped": True, "n_images": 2, "template": 1,
            "program": [{"op": "draw", "shape": "circle", "points": [[2, 2]], "options": ["teal"], "radius": 1},
                        {"op": "fill", "shape": "path", "points": [[4, 1], [6, 1], [5, 3]], "options": ["red"],
                         "closed": True}],
            "edit": {"line": 1, "attr": "point", "index": 0, "value": [3.5, 0.5]}}
    assert TASK.solve(spec) == r"\fill[red] (3.5,0.5) -- (6,1) -- (5,3) -- cycle;"


def test_every_edit_kind_is_covered_by_hand_cases() -> None:
    kinds = Counter({"point": "coordinate", "width": "style", "dash": "style"}.get(e["attr"], e["attr"]) for _, _, e, _ in SOLVED)
    assert set(kinds) == set(EDIT_KINDS) and min(kinds.values()) >= 3


# ---------------------------------------------------------------- rejected edits

def problem(lines: list[str], line: int, edit: dict, palette: tuple[str, ...] = ("red", "blue", "green", "purple")) -> str | None:
    return edit_problem([parse_line(t) for t in lines], line, edit, FRAME, palette=palette)


def test_a_visible_unique_edit_passes() -> None:
    lines = [r"\draw[red] (1,1) -- (3,1);", r"\fill[blue] (5,1) rectangle (6.5,2);", r"\node at (2,4) {A};"]
    assert problem(lines, 0, {"attr": "color", "value": "green"}) is None
    assert problem(lines, 0, {"attr": "point", "index": 1, "value": [3, 2.5]}) is None
    assert problem(lines, 2, {"attr": "text", "value": "B"}) is None


def test_edit_hidden_under_a_later_shape_is_rejected() -> None:
    lines = [r"\draw[red] (1,1) -- (3,1);", r"\fill[blue] (4,0.5) rectangle (6.5,2);"]
    assert "hidden" in problem(lines, 0, {"attr": "point", "index": 1, "value": [5, 1]})
    # A node moved onto a stroke cannot be read.
    lines = [r"\draw[red] (1,2) -- (5,2);", r"\node at (3,4) {start};"]
    assert "node text" in problem(lines, 1, {"attr": "point", "index": 0, "value": [3, 2]})


def test_small_moves_similar_colours_and_two_spellings_are_rejected() -> None:
    lines = [r"\draw[purple] (1,1) -- (3,2);", r"\draw (5,1) -- (6,3);"]
    assert "half a unit" in problem(lines, 0, {"attr": "point", "index": 1, "value": [3.25, 2]})
    assert "too close to the old one" in problem(lines, 0, {"attr": "color", "value": "violet"})
    assert "looks like" in problem([r"\draw[red] (1,1) -- (3,2);"], 0, {"attr": "color", "value": "violet"})
    # A new colour with a look-alike in the palette could be either name.
    lines_red = [r"\draw[red] (1,1) -- (3,2);"]
    assert problem(lines_red, 0, {"attr": "color", "value": "purple"}) is None
    assert "looks like" in problem(lines_red, 0, {"attr": "color", "value": "purple"}, palette=("red", "blue", "violet", "purple"))
    assert "default ink" in problem(lines, 0, {"attr": "color", "value": "black"})
    assert "several spellings" in problem(lines, 0, {"attr": "dash", "value": "dashed"})     # appended to [purple]
    assert "several spellings" in problem(lines, 0, {"attr": "color", "value": None})       # removed
    assert problem(lines, 1, {"attr": "dash", "value": "dashed"}) is None                   # first option of a bare line


def test_colour_edits_are_clearly_visible() -> None:
    """A new colour on a single small letter, or to a close shade, is refused; a word or a stroke is fine."""
    letter = [r"\node[red] at (2,4) {A};", r"\draw (5,1) -- (7,3);"]
    assert "barely" in problem(letter, 0, {"attr": "color", "value": "blue"})
    word = [r"\node[red] at (2,4) {home};", r"\draw (5,1) -- (7,3);"]
    assert problem(word, 0, {"attr": "color", "value": "blue"}) is None
    shade = [r"\draw[blue] (1,1) rectangle (3,3);"]
    assert "too close to the old one" in problem(shade, 0, {"attr": "color", "value": "purple"})
    assert problem(shade, 0, {"attr": "color", "value": "orange"}) is None
    assert not {"gray", "brown"} & set(CodeEditConfig().colors)


def test_the_origin_moves_and_only_the_listing_tells_where_it_is() -> None:
    specs = [item.metadata["spec"] for item in items(12, base_seed=7)]
    assert len({tuple(s["view"][::2]) for s in specs}) > 3
    assert not any(s["grid"] for s in specs)  # no grid by default: the pictures show no coordinates
    for spec in specs:
        (x0, x1, y0, y1) = spec["view"]
        assert (x1 - x0, y1 - y0) == (VIEW[1] - VIEW[0], VIEW[3] - VIEW[2])


def test_arrow_and_dash_swaps_hide_among_look_alikes() -> None:
    program = [parse_line(t) for t in (r"\draw[->] (1,1) -- (3,1);", r"\draw (5,1) -- (6,3);")]
    assert few_look_alikes(program, 0, "arrow")
    assert not few_look_alikes(program, 1, "arrow")  # a plain line gets its first tip
    program.append(parse_line(r"\draw[<-] (1,3) -- (2,4);"))
    assert few_look_alikes(program, 0, "arrow")  # one look-alike is not enough
    program.append(parse_line(r"\draw[<->] (4,3) -- (5,4);"))
    assert not few_look_alikes(program, 0, "arrow")
    assert not few_look_alikes(program, 0, "color")
    plain = 0
    for item in items(24, base_seed=9, edit_kinds=["arrow", "style"]):
        spec = item.metadata["spec"]
        assert not few_look_alikes(program_of(spec), spec["edit"]["line"], spec["edit"]["kind"])
        plain += not program_of(spec)[spec["edit"]["line"]].options
    assert plain >= 10  # most arrow and style edits give a plain line its first option


def test_edit_that_repeats_another_line_is_rejected() -> None:
    lines = [r"\draw[red] (4,2.5) circle (1);", r"\draw[red] (4,2.5) circle (2);"]
    assert "repeats" in problem(lines, 1, {"attr": "radius", "value": 1})


def test_same_picture_spellings_are_found() -> None:
    old = parse_line(r"\draw[red] (1,1) -- (3,2);")
    new = apply_edit(old, {"attr": "color", "value": "black"})
    assert parse_line(r"\draw (1,1) -- (3,2);") in respellings(old, new)
    assert respellings(old, apply_edit(old, {"attr": "color", "value": "blue"})) == []
    same = [
        (r"\draw (1,1) rectangle (3,2);", r"\draw (3,2) rectangle (1,1);"),
        (r"\draw (1,2) rectangle (3,1);", r"\draw[black] (3,2) rectangle (1,1);"),
        (r"\draw[<-] (1,1) -- (3,2);", r"\draw[->] (3,2) -- (1,1);"),
        (r"\draw (1,1) -- (3,2);", r"\draw (3,2) -- (1,1);"),
        (r"\draw (1,1) -- (2,1) -- (3,1) -- (3,3);", r"\draw (1,1) -- (3,1) -- (3,3);"),
        (r"\fill[red] (1,1) -- (3,1) -- (2,2) -- cycle;", r"\fill[red] (2,2) -- (3,1) -- (1,1) -- cycle;"),
    ]
    for a, b in same:
        assert picture_key(parse_line(a)) == picture_key(parse_line(b)), (a, b)
    differ = [(r"\draw[->] (1,1) -- (3,2);", r"\draw[->] (3,2) -- (1,1);"),
              (r"\draw (1,1) -- (3,2);", r"\fill (1,1) -- (3,2) -- (1,2) -- cycle;"),
              (r"\draw[thick] (1,1) -- (3,2);", r"\draw (1,1) -- (3,2);")]
    for a, b in differ:
        assert picture_key(parse_line(a)) != picture_key(parse_line(b)), (a, b)
    # Drawn the same, pixel for pixel, where the key says so.
    rect_a, rect_b = parse_line(same[0][0]), parse_line(same[0][1])
    masks_a, masks_b = [coverage_mask(rect_a, FRAME)], [coverage_mask(rect_b, FRAME)]
    assert changed_pixels([rect_a], [rect_b], masks_a, masks_b) == 0


def test_no_other_single_edit_of_any_line_gives_the_wanted_picture() -> None:
    """Brute force over every one-attribute edit of every line (pixel coverage per colour)."""
    codes = {name: i + 1 for i, name in enumerate(PALETTE)}
    for item in items(2, base_seed=21, max_lines=5):
        spec = item.metadata["spec"]
        program, wanted = program_of(spec), edited_program(spec)
        masks = [coverage_mask(c, FRAME) for c in program]
        target = top_layer([coverage_mask(c, FRAME) for c in wanted], [codes[c.ink] for c in wanted])
        for j, command in enumerate(program):
            for edit in single_edits(command, VIEW, 0.5):
                other = apply_edit(command, edit)
                if j == spec["edit"]["line"] and format_line(other) == item.label:
                    continue
                changed = program[:j] + [other] + program[j + 1:]
                picture = top_layer(masks[:j] + [coverage_mask(other, FRAME)] + masks[j + 1:], [codes[c.ink] for c in changed])
                assert not np.array_equal(picture, target), (item.label, format_line(other))


# ---------------------------------------------------------------- items

def test_same_job_gives_the_same_bytes_and_other_seeds_differ() -> None:
    job = Job("CodeEdit", "test", 5, 9, {})
    first, second = make_item(job), make_item(job)
    assert first == second and first.images == second.images
    other = make_item(Job("CodeEdit", "test", 5, 10, {}))
    assert other.metadata["spec"] != first.metadata["spec"] and other.images != first.images


def test_json_round_trip_reproduces_question_label_and_images(batch: list) -> None:
    for k, item in enumerate(batch[:20]):
        spec = json.loads(json.dumps(item.metadata["spec"]))
        assert TASK.question(spec) == item.question
        assert TASK.solve(spec) == item.label
        if k < 3:
            assert [to_png(im) for im in TASK.render(spec)] == list(item.images)


def test_tags_properties_and_wording(batch: list) -> None:
    n_images = Counter()
    for item in batch:
        spec = item.metadata["spec"]
        assert tag_problem(item.question, item.n_images) is None
        assert item.n_images == spec["n_images"] in (2, 3)
        assert is_interleaved(item.question)
        props = item.metadata["properties"]
        assert props["consumption"] == "sequential" and props["image_types"] == "different" and props["domain"] == "code"
        assert ("grid" in item.question) == spec["grid"]
        n_images[item.n_images] += 1
    assert n_images[3] > n_images[2] > 0
    assert len({item.question.split(" The faint")[0] for item in batch}) >= 5


def test_labels_are_distinct_lines_with_balanced_edit_kinds(batch: list) -> None:
    labels = [item.label for item in batch]
    assert len(set(labels)) == len(labels)
    kinds = Counter(item.metadata["spec"]["edit"]["kind"] for item in batch)
    assert set(kinds) == set(EDIT_KINDS) and max(kinds.values()) - min(kinds.values()) <= 1
    for item in batch:
        label = item.label
        assert label.startswith("\\") and label.endswith(";") and '"' not in label and "%" not in label
        # The edited line differs from the original one, and the listing shows the original.
        spec = item.metadata["spec"]
        original = format_line(program_of(spec)[spec["edit"]["line"]])
        assert original != label and original in listing_text(spec) and label not in listing_text(spec)
        # The official scorer accepts the label typed back as a JSON answer (backslashes vanish).
        response = json.dumps({"answer": label})
        assert score_official("CodeEdit", response, label)[1]
        assert score_official("CodeEdit", json.dumps({"answer": label.replace(" ", "")}), label)[1]


def test_distractors_and_knobs_take_effect() -> None:
    similar = items(12, base_seed=2, distractor_similarity=1.0, two_image_prob=0.0, grid_prob=0.0, wrap_prob=1.0,
                    min_lines=5, max_lines=5)
    for item in similar:
        spec = item.metadata["spec"]
        program = program_of(spec)
        target = program[spec["edit"]["line"]]
        assert len(program) == 5 and item.n_images == 3 and not spec["grid"] and spec["wrapped"]
        assert all((c.op, c.shape, c.options) == (target.op, target.shape, target.options) for c in program)
    only_radius = items(6, base_seed=3, edit_kinds=["radius"])
    assert {i.metadata["spec"]["edit"]["attr"] for i in only_radius} == {"radius"}


def test_images_have_sensible_sizes_and_show_the_change(batch: list) -> None:
    for item in batch[:12]:
        images = [Image.open(io.BytesIO(data)) for data in item.images]
        for image in images:
            assert image.mode == "RGB" and 100 <= min(image.size) and 400 <= max(image.size) <= 900
        drawings = [np.asarray(im) for im in images[1:]]
        assert all(d.shape == drawings[0].shape for d in drawings)
        if len(drawings) == 2:
            assert np.count_nonzero(np.any(drawings[0] != drawings[1], axis=2)) >= 40
        listing = np.asarray(images[0]).reshape(-1, 3)
        # Highlighted: several strongly coloured text colours on the light background.
        colours = Counter(map(tuple, listing[(listing.max(axis=1) - listing.min(axis=1)) > 120]))
        assert sum(1 for _, n in colours.items() if n > 30) >= 3


def test_listing_is_legible_and_tokens_cover_the_line() -> None:
    line = r"\draw[->, red, thick] (0.5,1) -- (2,3);"
    pieces = tokens(line)
    assert "".join(text for _, text in pieces) == line
    kinds = dict((text, kind) for kind, text in pieces)
    assert (kinds["\\draw"], kinds["red"], kinds["--"], kinds["0.5"]) == ("command", "option", "keyword", "number")
    image = render_listing([line, r"\node at (1,2) {A};"])
    ink = np.asarray(image.convert("L")) < 160
    rows = np.flatnonzero(ink[:, 60:].any(axis=1))
    first_line = rows[rows < image.height // 2]
    assert first_line.max() - first_line.min() >= 14  # glyphs at least ~14 px tall


def test_config_validation() -> None:
    CodeEditConfig().validate()
    for bad in ({"min_lines": 2}, {"max_lines": 10}, {"min_lines": 7, "max_lines": 5}, {"edit_kinds": []},
                {"edit_kinds": ["colour"]}, {"colors": ["red", "blue"]}, {"colors": ["red", "blue", "black"]},
                {"grid_prob": 1.5}, {"max_move": 0.25}, {"distractor_similarity": -0.1}):
        with pytest.raises(ConfigError):
            CodeEditConfig.from_dict(bad)
    assert THREE_IMAGE_TEMPLATES[0].count("<image") == 3
