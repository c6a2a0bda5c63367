"""Property tests: the answer extractors and scorers never raise on any text, and the loader
never raises anything but its own error on any bytes or any row."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import png_bytes
from remibench.data.loader import DatasetError, load_items, row_to_item
from remibench.items import TASK_NAMES
from remibench.scoring import score_lenient, score_official
from remibench.scoring.lenient import extract_lenient
from remibench.scoring.official import extract_official

ANSWERS = st.one_of(st.text(max_size=300),
                    st.builds(lambda a: '{"explanation": "x", "answer": %s}' % a,
                              st.one_of(st.text(max_size=30).map(repr), st.integers().map(str),
                                        st.floats(allow_nan=True).map(str), st.just("null"), st.just("[1, 2]"))))


@settings(max_examples=300, deadline=None)
@given(response=ANSWERS, label=st.text(max_size=40), task=st.sampled_from(TASK_NAMES))
def test_scorers_never_raise(response: str, label: str, task: str) -> None:
    assert isinstance(extract_official(response), str) and isinstance(extract_lenient(response), str)
    for scorer in (score_official, score_lenient):
        prediction, correct = scorer(task, response, label)
        assert isinstance(prediction, str) and isinstance(correct, bool)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=4096))
def test_any_bytes_as_a_parquet_file_give_a_dataset_error_at_most(data: bytes, tmp_path: Path) -> None:
    path = tmp_path / "any.parquet"
    path.write_bytes(data)
    with pytest.raises(DatasetError):
        list(load_items(path))


CELLS = st.one_of(st.none(), st.text(max_size=20), st.integers(), st.binary(max_size=40),
                  st.just({"bytes": png_bytes(), "path": None}), st.just({"bytes": None, "path": "missing.png"}),
                  st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2))


@settings(max_examples=300, deadline=None)
@given(row=st.fixed_dictionaries({
    "question": st.one_of(st.just("Compare <image1> with <image2>."), st.just("<image1><image2><image3> Which?"), CELLS),
    "label": st.one_of(st.just("7"), CELLS), "task": st.one_of(st.sampled_from(TASK_NAMES), CELLS),
    "image_1": st.one_of(st.just({"bytes": png_bytes(), "path": None}), CELLS),
    "image_2": st.one_of(st.just({"bytes": png_bytes(), "path": None}), CELLS),
    "image_3": CELLS, "metadata": st.one_of(st.just('{"spec": {}}'), CELLS), "id": CELLS}))
@example(row={"question": "Compare <image1> with <image2>.", "label": "7", "task": "Clocks", "image_3": None, "id": 3,
              "image_1": {"bytes": png_bytes(), "path": None}, "image_2": {"bytes": png_bytes(), "path": None},
              "metadata": 5})
@example(row={"question": "Compare <image1> with <image2>.", "label": "7", "task": "Clocks", "image_3": None, "id": 3,
              "image_1": {"bytes": png_bytes(), "path": None}, "image_2": {"bytes": png_bytes(), "path": None},
              "metadata": "[1, 2]"})
def test_any_row_is_an_item_or_a_dataset_error(row: dict) -> None:  # type: ignore[type-arg]
    try:
        item = row_to_item(row, source="fuzz", row_index=0, split="test", ordinal=0)
    except DatasetError as error:
        assert str(error).startswith("fuzz: row 0")
    else:
        assert item.task in TASK_NAMES and 2 <= item.n_images
