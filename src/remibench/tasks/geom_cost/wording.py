"""GeomCost question wording: the clauses that introduce each image, the job sentence and the endings.

Also the name pools (plot areas, owners, supplier names) that appear in the question and on the
images. The sampler stores the chosen template indices in the spec, so the text can be rebuilt
from the spec alone.
"""

from __future__ import annotations

from typing import Any

AREAS = {"garden": ["back garden", "front garden", "vegetable plot", "play area", "courtyard", "orchard"],
         "room": ["kitchen", "living room", "hallway", "bedroom", "study", "dining room", "studio"]}
OWNERS = ["Maria", "Tom", "Aisha", "Kenji", "Lena", "Omar", "Priya", "Lucas", "Sofia", "Daniel", "Grace", "Mateo"]
STORES = {"garden": ["GreenLeaf Garden Centre", "Meadow Landscaping", "BuildRight Depot", "Oakwood Supplies"],
          "room": ["The Floor Store", "Hearth & Home Interiors", "BuildRight Depot", "Oakwood Supplies"]}

CLAUSES = {
    "plan": ["<image{k}> shows the plan of {owner}'s {area}, drawn to scale with lengths in metres.",
             "The plan of {owner}'s {area} is in <image{k}> (lengths in metres).",
             "{Owner}'s {area} is drawn to scale in <image{k}>; its dimensions are in metres."],
    "plan2": ["<image{k}> shows the plan of the {area} (lengths in metres).",
              "The {area} is drawn in <image{k}>, with lengths in metres.",
              "The plan of the {area} is in <image{k}>."],
    "table": ["<image{k}> is the price list of the supplier {owner} buys from.",
              "The supplier's prices are listed in <image{k}>.",
              "All prices come from the list in <image{k}>."],
    "offer": ["The supplier's terms in <image{k}> apply to this order.",
              "<image{k}> shows a notice from the supplier that applies to this order.",
              "Take the notice in <image{k}> into account."],
}
# The second plan's clause when it comes before the owner is named, so the plot is never an
# unowned "the front garden" while the reader does not yet know whose plots these are.
PLAN2_FIRST = ["<image{k}> shows the plan of {owner}'s {area} (lengths in metres).",
               "{Owner}'s {area} is drawn in <image{k}>, with lengths in metres.",
               "The plan of {owner}'s {area} is in <image{k}>."]
ENDINGS = [" Give the total cost in dollars, rounded to two decimal places.",
           " What is the total cost in dollars? Round to two decimals.",
           " Answer with the total in dollars, rounded to 2 decimal places."]


def clauses(spec: dict[str, Any]) -> list[str]:
    """The sentence introducing each image, in image order; the owner is named before any plot."""
    owner, plans, out, named = spec["owner"], spec["plans"], [], False
    for k, role in enumerate(spec["order"], start=1):
        templates = PLAN2_FIRST if role == "plan2" and not named else CLAUSES[role]
        template = templates[spec["wording"][role]]
        named = named or "{owner}" in template or "{Owner}" in template
        area = plans[1 if role == "plan2" else 0]["area"]
        out.append(template.format(k=k, owner=owner, Owner=owner, area=area))
    return out


def job_phrase(spec: dict[str, Any]) -> str:
    """The question sentence naming the job(s): what to cover or fence, with which item."""
    jobs, plans, place = spec["jobs"], spec["plans"], spec["place"]
    def verb(job: dict[str, Any], again: bool) -> str:
        area, item = plans[job["plan"]]["area"], job["item"].lower()
        where = "it" if again else f"the {area}"
        if job["measure"] == "area":
            if place == "room":
                return f"cover {'its floor' if again else f'the floor of the {area}'} with {item}"
            return f"cover {'it' if again else f'the whole {area}'} with {item}"
        if place == "room":
            return f"fit {item} along all {'its walls' if again else f'the walls of the {area}'}"
        return f"fence {where} with {item}"

    if len(jobs) == 2 and jobs[0]["plan"] != jobs[1]["plan"] and jobs[0]["item"] == jobs[1]["item"]:
        a1, a2, item = plans[0]["area"], plans[1]["area"], jobs[0]["item"].lower()
        if jobs[0]["measure"] == "area":
            text = f"cover both the {a1} and the {a2} with {item}"
        else:
            text = (f"fit {item} along all the walls of both the {a1} and the {a2}" if place == "room"
                    else f"fence both the {a1} and the {a2} with {item}")
    else:
        text = " and to ".join(verb(j, k > 0 and j["plan"] == jobs[0]["plan"]) for k, j in enumerate(jobs))
    return f"How much does it cost to {text}?"
