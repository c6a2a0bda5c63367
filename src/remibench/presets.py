"""Difficulty presets per task, made of the knobs each generator has.

``default`` is the generator's own defaults (the ReMI-like setting); ``easy`` narrows a task to
fewer images, smaller objects and no tricks of reading; ``hard`` asks for more images, larger
objects and more steps. Each task's card lists its presets; a test checks every preset is a
valid config that generates items.
"""

from __future__ import annotations

from typing import Any

DIFFICULTIES = ("easy", "default", "hard")

PRESETS: dict[str, dict[str, dict[str, Any]]] = {
    "EmojiAlgebra": {"easy": {"max_emojis": 3, "max_refs": 1, "self_ref_prob": 0.0, "max_terms": 2},
                     "hard": {"min_emojis": 4, "max_emojis": 5, "max_refs": 3, "coef_max": 7}},
    "FuncRead": {"easy": {"max_functions": 2, "families": ["polynomial", "piecewise_linear"], "composition_depth": 2},
                 "hard": {"three_function_share": 0.7, "composition_depth": 3}},
    "GeomShape": {"easy": {"max_shapes": 2, "trig_prob": 0.0, "pi_prob": 0.0, "half_prob": 0.0},
                  "hard": {"min_shapes": 3, "trig_prob": 0.7, "pi_prob": 0.5}},
    "GeomCost": {"easy": {"max_complexity": 1, "third_image_prob": 0.0, "combined_prob": 0.0, "half_prob": 0.0},
                 "hard": {"min_complexity": 2, "third_image_prob": 0.9, "combined_prob": 0.6}},
    "Collisions": {"easy": {"max_objects": 2, "p_2d": 0.0, "p_positions": 0.0},
                   "hard": {"p_three": 0.7, "p_positions": 0.6, "p_2d": 0.5}},
    "Clocks": {"easy": {"max_clocks": 2, "digital_prob": 0.7, "minute_step": 5, "second_hand_prob": 0.0, "cross_prob": 0.0},
               "hard": {"min_clocks": 3, "digital_prob": 0.1, "cross_prob": 0.8}},
    "Schedule": {"easy": {"max_boards": 1, "rows_min": 4, "rows_max": 6},
                 "hard": {"rows_min": 10, "rows_max": 14}},
    "Charts": {"easy": {"charts_max": 2, "series_max": 1, "value_labels": "always"},
               "hard": {"charts_min": 3, "value_labels": "never"}},
    "CodeEdit": {"easy": {"max_lines": 5, "two_image_prob": 0.0, "grid_prob": 1.0},
                 "hard": {"min_lines": 7, "max_lines": 9, "distractor_similarity": 0.8}},
    "Isomorphism": {"easy": {"min_nodes": 6, "max_nodes": 7},
                    "hard": {"min_nodes": 9, "max_swaps": 1}},
    "Maps": {"easy": {"direction_styles": ["names", "counts"], "max_turns": 6, "icon_density": 0.2},
             "hard": {"grid_size": 6, "min_blocks": 9, "max_blocks": 10, "icon_density": 0.6}},
    "RefCoco": {"easy": {"max_images": 2, "min_objects": 4, "max_objects": 6},
                "hard": {"min_images": 3, "min_objects": 8, "max_objects": 12}},
    "IQ": {"easy": {"layouts": ["center"], "max_rules": 2},
           "hard": {"layouts": ["2x2", "3x3"], "min_rules": 2, "max_rules": 4}},
}


class UnknownDifficulty(ValueError):
    """A difficulty that is not easy, default or hard."""


def preset(task: str, difficulty: str = "default") -> dict[str, Any]:
    """The knob overrides of ``task`` at ``difficulty`` (empty for ``default``)."""
    if difficulty not in DIFFICULTIES:
        raise UnknownDifficulty(f"difficulty {difficulty!r}: choose one of {', '.join(DIFFICULTIES)}")
    if difficulty == "default":
        return {}
    return dict(PRESETS.get(task, {}).get(difficulty, {}))
