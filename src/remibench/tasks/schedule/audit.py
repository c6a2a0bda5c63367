"""Schedule's audit hooks: what a traveller sees, one-image variations and the tricks to rule out.

Images are the traveller's document, the arrivals board (when shown) and the departure pages.
A variation touches one of them: the document names another inbound flight (or, for a gate
item, another departing flight) or its inbound runs earlier or later, the inbound's line on the
arrivals board shows other news, or one departure on one page shows another status. The board
variations are the same one-row status edits the sampler requires to exist (``checks.py``).
Shortcut guessers live in ``guessers.py``.
"""

from __future__ import annotations

import copy
from typing import Any

from remibench.audit.base import NoVariation, Part, TaskAudit, View
from remibench.tasks.schedule.checks import arrival_edits, own_page, page_edits, valid
from remibench.tasks.schedule.connect import MCTS
from remibench.tasks.schedule.docvary import NoDocVariation, doc_variation, fresh_pools
from remibench.tasks.schedule.guessers import GUESSERS
from remibench.tasks.schedule.solve import departure_gate, solve_spec
from remibench.tasks.schedule.task import TASK, image_roles


def _vary_mct(spec: dict[str, Any], rng: Any) -> dict[str, Any]:
    """The text states another minimum connection time (one the sampler uses) and the answer changes."""
    label = solve_spec(spec)
    for mct in rng.sample(MCTS, len(MCTS)):
        varied = copy.deepcopy(spec)
        varied["mct"] = mct
        if mct != spec["mct"] and valid(varied) and solve_spec(varied) != label:
            return varied
    raise NoVariation("no other connection time changes the answer")


class ScheduleAudit(TaskAudit):
    task = "Schedule"

    def options(self, spec: dict[str, Any]) -> tuple[str, ...] | None:
        return tuple(spec["candidates"]) if spec["qtype"] == "reachable" else None

    def view(self, spec: dict[str, Any]) -> View:
        pages = [[{"time": r["time"], "flight": r["flight"], "dest": r["dest"], "gate": departure_gate(r),
                   "status": r["status"], "delay": r.get("delay", 0), "page": p} for r in page]
                 for p, page in enumerate(spec["departures"]["pages"])]
        seen = {"qtype": spec["qtype"], "doc": spec["doc"], "arrivals": spec["arrivals"],
                "departures": [r for page in pages for r in page], "n_pages": len(pages),
                "mct": spec.get("mct"), "target": spec.get("target_city")}
        return View(question=TASK.question(spec), options=self.options(spec), seen=seen)

    def vary(self, spec: dict[str, Any], part: Part, rng: Any) -> dict[str, Any]:
        if part == "text":
            return _vary_mct(spec, rng)
        role, k = image_roles(spec)[part - 1]
        if role == "doc":
            try:
                return doc_variation(spec, rng)
            except NoDocVariation as error:
                raise NoVariation(str(error)) from None
        edits = list(arrival_edits(spec)) if role == "arrivals" else list(page_edits(spec, k, fresh_pools(spec, rng).gate()))
        if not edits:
            raise NoVariation(f"no status edit on the {role} board changes the answer")
        return rng.choice(edits)

    def text_carries_data(self, spec: dict[str, Any]) -> bool:
        """Connection items: the text gives the minimum connection time."""
        return spec["qtype"] != "gate"

    def distractors(self, spec: dict[str, Any]) -> dict[int, str]:
        """Gate items: the departures page without the pass's flight is searched but not used."""
        if spec["qtype"] != "gate" or len(spec["departures"]["pages"]) < 2:
            return {}
        own = own_page(spec)
        return {n: "departures page without the traveller's flight" for n, (role, k) in enumerate(image_roles(spec), 1)
                if role == "departures" and k != own}


AUDIT = ScheduleAudit()
AUDIT.guessers = GUESSERS
