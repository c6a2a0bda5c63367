"""The layout every task keeps: one package per task, a card that matches the code, no reaching
into another task's folder, and render/ holding only what several tasks share."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from remibench.cli import main
from remibench.tasks import cards
from remibench.tasks.registry import TASKS

SRC = Path(cards.__file__).resolve().parents[1]  # src/remibench
TASKS_DIR = SRC / "tasks"
RENDER_DIR = SRC / "render"
CARD_SECTIONS = ("## Question types", "## How the label is found", "## Files")


def package_of(task: str) -> str:
    return TASKS[task].module.rsplit(".", 1)[1]


def imported_modules(path: Path) -> set[str]:
    """Every ``remibench...`` module a file imports, at any depth of the file."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("remibench"):
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("remibench"))
    return found


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@pytest.mark.parametrize("task", list(TASKS))
def test_each_task_is_a_package_with_its_card(task: str) -> None:
    folder = TASKS_DIR / package_of(task)
    assert (folder / "__init__.py").is_file() and (folder / "task.py").is_file()
    text = cards.read_card(task)
    assert text.startswith(f"# {task}\n")
    assert "TODO" not in text
    for section in CARD_SECTIONS:
        assert section in text, f"{task} card lacks {section}"
    assert cards.stale_block(task) is None


@pytest.mark.parametrize("task", list(TASKS))
def test_card_lists_every_module_of_its_folder(task: str) -> None:
    folder = TASKS_DIR / package_of(task)
    files_section = cards.read_card(task).split("## Files", 1)[1]
    for module in sorted(folder.glob("*.py")):
        if module.name != "__init__.py":
            assert f"`{module.name}`" in files_section, f"{task} card does not describe {module.name}"


def test_a_stale_card_is_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    card = tmp_path / "README.md"
    card.write_text(cards.read_card("Clocks").replace("| `min_clocks` | `2` |", "| `min_clocks` | `3` |"))
    monkeypatch.setattr(cards, "card_path", lambda task: card)
    assert "differ from the code" in (cards.stale_block("Clocks") or "")
    assert cards.refresh_card("Clocks") is True
    assert cards.stale_block("Clocks") is None


def test_no_task_folder_imports_another_task_folder() -> None:
    packages = {package_of(task) for task in TASKS}
    for package in packages:
        for path in (TASKS_DIR / package).glob("*.py"):
            for module in imported_modules(path):
                parts = module.split(".")
                if len(parts) > 2 and parts[1] == "tasks" and parts[2] in packages:
                    assert parts[2] == package, f"{path.relative_to(SRC)} imports {module}"


def test_render_keeps_only_code_several_tasks_share() -> None:
    """A render module is reached (directly or through other render modules) by two or more task
    packages, or is used by code outside the tasks; anything else belongs in its task's folder."""
    render_modules = {module_name(p) for p in RENDER_DIR.glob("*.py") if p.name != "__init__.py"}
    users: dict[str, set[str]] = {m: set() for m in render_modules}
    render_edges: dict[str, set[str]] = {m: set() for m in render_modules}
    for path in SRC.rglob("*.py"):
        importer = module_name(path)
        for module in imported_modules(path) & render_modules:
            if importer in render_modules:
                render_edges[module].add(importer)
            elif importer.startswith("remibench.tasks.") and importer.count(".") >= 3:
                users[module].add(importer.split(".")[2])
            else:
                users[module].add("outside the tasks")

    def reach(module: str, seen: frozenset[str] = frozenset()) -> set[str]:
        found = set(users[module])
        for importer in render_edges[module] - seen:
            found |= reach(importer, seen | {module})
        return found

    for module in sorted(render_modules):
        reached = reach(module)
        assert len(reached) >= 2 or "outside the tasks" in reached, f"{module} is used only by {reached or 'nothing'}"


def test_remi_tasks_prints_a_card(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tasks", "--task", "Clocks"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Clocks\n") and "| `max_clocks` |" in out
    assert cards.BEGIN not in out and cards.END not in out
    assert main(["tasks", "--task", "Clock"]) == 2
    assert "unknown task 'Clock'" in capsys.readouterr().err
