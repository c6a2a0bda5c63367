"""Task cards: each task folder's README.md, whose facts and knobs are generated from the code.

A card is written by hand except for one block between :data:`BEGIN` and :data:`END`, which
holds the registry's facts and the config's knobs. ``python -m remibench.tasks.cards`` rewrites
that block in every card; a test fails when a card's block differs from what the code says, so
a knob cannot change without its card.
"""

from __future__ import annotations

import sys
from pathlib import Path

from remibench.presets import preset
from remibench.tasks.registry import TASKS, get_task

BEGIN = "<!-- BEGIN GENERATED: facts and knobs (python -m remibench.tasks.cards) -->"
END = "<!-- END GENERATED -->"


class CardError(ValueError):
    """A card is missing or lacks its generated block."""


def card_path(task: str) -> Path:
    """``tasks/<package>/README.md`` of ``task`` (installed beside the code as package data)."""
    package = TASKS[task].module.rsplit(".", 1)[1]
    return Path(__file__).parent / package / "README.md"


def _cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def generated_block(task: str) -> str:
    """The facts line and the knob table of ``task``, framed by the markers."""
    info = TASKS[task]
    generator = get_task(task)
    low, high = info.images
    images = f"{low}" if low == high else f"{low}-{high}"
    facts = (f"**Domain:** {info.domain} · **images:** {images} · "
             f"**interleaved:** {'yes' if info.interleaved else 'no'} · **consumption:** {info.consumption} · "
             f"**image types:** {info.image_types} · **generator version:** {generator.version}")
    rows = ["| knob | default | what it sets |", "|---|---|---|"]
    for name, default, help_text in generator.config_cls.knobs():
        rows.append(f"| `{name}` | `{_cell(repr(default))}` | {_cell(help_text)} |")
    presets = ["", "Difficulty presets (`remibench.create_dataset(..., difficulty=...)`; `default` is the table above):"]
    for difficulty in ("easy", "hard"):
        knobs = ", ".join(f"`{k}={v!r}`" for k, v in preset(task, difficulty).items())
        presets.append(f"- `{difficulty}`: {knobs}")
    return "\n".join([BEGIN, facts, "", *rows, *presets, END])


def _split(text: str, path: Path) -> tuple[str, str, str]:
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < start:
        raise CardError(f"{path}: no generated block ({BEGIN} ... {END})")
    return text[:start], text[start:end + len(END)], text[end + len(END):]


def read_card(task: str) -> str:
    """The card of ``task`` as written on disk."""
    path = card_path(task)
    if not path.is_file():
        raise CardError(f"task {task} has no card at {path}")
    return path.read_text(encoding="utf-8")


def card_text(task: str) -> str:
    """The card as a reader sees it: the generated block's marker comments left out."""
    lines = read_card(task).splitlines(keepends=True)
    return "".join(line for line in lines if line.strip() not in (BEGIN, END))


def stale_block(task: str) -> str | None:
    """A message when the card's generated block differs from the code, else None."""
    path = card_path(task)
    _, block, _ = _split(read_card(task), path)
    if block != generated_block(task):
        return f"{path}: facts or knobs differ from the code; run python -m remibench.tasks.cards"
    return None


def refresh_card(task: str) -> bool:
    """Rewrite the generated block of ``task``'s card; True when the file changed."""
    path = card_path(task)
    text = read_card(task)
    before, _, after = _split(text, path)
    updated = before + generated_block(task) + after
    if updated != text:
        path.write_text(updated, encoding="utf-8")
        return True
    return False


def main() -> int:
    """Refresh every card; list the ones that changed."""
    for task in TASKS:
        if refresh_card(task):
            print(f"refreshed {card_path(task)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
