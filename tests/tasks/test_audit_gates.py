"""Every task with audit hooks passes the validity gates on a modest fresh sample.

The full audit (1,000 items per task for the shortcuts, 100 for necessity, the 97% rule on the
share itself) runs in benchmarks/audit.py and `remi audit`; this smaller one runs on every
change so a generator edit that brings back a shortcut or an image nobody needs fails the
suite. On 30 items one miss would put a share under 97%, so here a necessity share fails only
when even its 95% interval lies under 97%.
"""

from __future__ import annotations

import pytest

from remibench.audit.base import load_audit
from remibench.audit.run import audit_generated
from remibench.tasks.registry import TASKS

AUDITED = [task for task in TASKS if load_audit(task) is not None]
# Tasks whose generators do not yet pass, with what still fails (the issue on item validity stays
# open until this is empty). Strict: a task that starts passing must be taken off this list.
KNOWN_OPEN: dict[str, str] = {}


def gated(task: str) -> object:
    if task in KNOWN_OPEN:
        return pytest.param(task, marks=pytest.mark.xfail(strict=True, reason=KNOWN_OPEN[task]))
    return task


@pytest.mark.slow
@pytest.mark.parametrize("task", [gated(task) for task in AUDITED])
def test_task_passes_the_audit_gates(task: str) -> None:
    (report,) = audit_generated([task], items=300, necessity_items=30, tries=16, seed=11, lenient_small_samples=True)
    assert report["verdict"] == "pass", report["gates"]
