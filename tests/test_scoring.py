"""Scorer parity: tricky responses with official and lenient verdicts worked out by hand.

Each row: task, raw response, label, expected official prediction, official verdict, lenient
verdict. The official column follows PROTOCOL.md §3-4 literally, quirks included.
"""

from __future__ import annotations

import pytest

from remibench.scoring import BAD_JSON, extract_lenient, extract_official, score_lenient, score_official

FENCED = '```json\n{"explanation": "2*40+12", "answer": 92}\n```'
ESCAPED_QUOTES = '{"explanation": "the \\"big\\" one", "answer": "C"}'
CODE_ANSWER = '{"explanation": "change colour", "answer": "\\\\draw[red] (0,0) -- (1,1);"}'

CASES = [
    # task, response, label, official prediction, official verdict, lenient verdict
    ("EmojiAlgebra", FENCED, "92", "92", True, True),
    ("EmojiAlgebra", '{"answer": 92.0}', "92", "92.0", True, True),
    ("EmojiAlgebra", "The answer is 42.", "42", BAD_JSON, False, True),
    ("EmojiAlgebra", '{"explanation": "use {a} and {b}", "answer": 7}', "7", "7", True, True),
    ("EmojiAlgebra", '{"answer": 7} and then {extra}', "7", BAD_JSON, False, True),
    ("EmojiAlgebra", '{"result": 7}', "7", BAD_JSON, False, False),
    ("EmojiAlgebra", '[{"answer": 3}]', "3", "3", True, True),
    ("Charts", '{"answer": "45%"}', "45", "45", True, True),
    ("Charts", '{"answer": "12.5 %"}', "12.5%", "12.5", True, True),
    ("Charts", '{"answer": "(Orange, decreased)"}', "(Orange,decreased)", "(orange, decreased)", True, True),
    ("Charts", '{"answer": "Orange, decreased"}', "(Orange, decreased)", "orange, decreased", True, True),
    ("Charts", '{"answer": 50.4}', "50", "50.4", True, True),
    ("Charts", '{"answer": 50.6}', "50", "50.6", False, False),
    ("FuncRead", '{"answer": "F(x)"}', "f", "f(x)", True, True),
    ("FuncRead", '{"answer": "g"}', "f", "g", False, False),
    ("Collisions", '{"answer": -2.5}', "-2.5", "-2.5", True, True),
    ("Collisions", '{"answer": -2.51}', "-2.5", "-2.51", False, True),  # empty interval for L < 0
    ("Collisions", '{"answer": 0.004}', "0", "0.004", False, True),  # single point for L = 0
    ("Collisions", '{"answer": true}', "1", "true", False, False),
    ("IQ", ESCAPED_QUOTES, "C", "c", True, True),
    ("IQ", "{'explanation': 'x', 'answer': 'C'}", "C", BAD_JSON, False, True),
    ("IQ", "Looking at the rows... the answer is **C**.", "C", BAD_JSON, False, True),
    ("IQ", '{"answer": null}', "C", "none", False, False),
    ("CodeEdit", CODE_ANSWER, "\\draw[red] (0,0) -- (1,1);", "draw[red] (0,0) -- (1,1);", True, True),
    ("CodeEdit", '{"answer": "\\\\draw[red](0,0)--(1,1);"}', "\\draw[red] (0,0) -- (1,1);",
     "draw[red](0,0)--(1,1);", True, True),
    ("Maps", '{"answer": "d, b"}', "D,B", "d, b", True, True),
    ("Maps", '{"answer": "B,D"}', "D,B", "b,d", False, False),  # order is part of the answer
    ("RefCoco", '{"answer": 3}', "2,3", "3", True, True),
    ("RefCoco", '{"answer": 3}', "2, 3", "3", False, True),  # official pieces keep the space
    ("RefCoco", '{"answer": 4}', "2,3", "4", False, False),
    ("Clocks", '{"answer": 104}', "95", "104", True, True),
    ("Clocks", '{"answer": "106 minutes"}', "95", "106 minutes", False, False),
    ("Clocks", '{"answer": 106}', "95", "106", False, False),
    ("GeomShape", '{"answer": 38.8}', "37.7", "38.8", True, True),
    ("GeomShape", '{"answer": 38.9}', "37.7", "38.9", False, False),
    ("GeomCost", '{"answer": "$1,234.50"}', "1234.5", "$1,234.50", False, False),
    ("Schedule", '{"answer": "Los Angeles"}', "Los Angeles", "los angeles", True, True),
    ("Schedule", '{"answer": "LosAngeles"}', "Los Angeles", "losangeles", True, True),
    ("Schedule", "no braces at all }", "G23", BAD_JSON, False, False),
]


@pytest.mark.parametrize("task, response, label, prediction, official, lenient", CASES)
def test_official_and_lenient_verdicts(task: str, response: str, label: str, prediction: str,
                                       official: bool, lenient: bool) -> None:
    assert extract_official(response) == prediction
    assert score_official(task, response, label) == (prediction, official)
    assert score_lenient(task, response, label)[1] is lenient


def test_bad_json_is_never_correct_even_against_its_own_text() -> None:
    assert score_official("IQ", "nothing", "BAD_JSON") == (BAD_JSON, False)
    assert score_lenient("IQ", "nothing", "BAD_JSON") == (BAD_JSON, False)


def test_lenient_extraction_keeps_backslashes_and_joins_lists() -> None:
    assert extract_lenient(CODE_ANSWER) == "\\draw[red] (0,0) -- (1,1);"
    assert extract_lenient('{"answer": ["D", "B"]}') == "d,b"
    assert extract_lenient('Sure.\n```\n{"answer": 12}\n```\nDone {') == "12"
