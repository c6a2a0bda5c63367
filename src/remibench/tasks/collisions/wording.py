"""The words of Collisions questions: object names and nouns, sentence templates, small formatters.

Kept apart from the sampler and solver so the wording can grow without touching the physics.
"""

from __future__ import annotations

LETTERS = (("A", "B", "C"), ("P", "Q", "R"), ("X", "Y", "Z"))
NOUNS_1D = ("cart", "block", "ball")
NOUNS_2D = ("puck", "disc")

INTRO_ARROWS = [
    "<image1> shows {objs} on a frictionless horizontal track just before they collide, and <image2> shows them "
    "right after {event}.",
    "{Objs} slide without friction along a straight track. Just before the collision: <image1>. Just after "
    "{event}: <image2>.",
    "Here is a snapshot of {objs} on a frictionless track taken before a collision <image1> and one taken "
    "immediately after {event} <image2>.",
]
INTRO_POSITIONS = [
    "{Objs} move along a frictionless track, each at constant velocity until they collide. <image1> and <image2> "
    "are snapshots taken before the collision at the times printed in them (positions in metres along the track), "
    "and <image3> shows them right after {event}.",
    "Snapshots of {objs} on a frictionless track: <image1> and <image2> before they collide (each {noun} moves at "
    "constant velocity; positions and times are printed), <image3> immediately after {event}.",
]
INTRO_PLANE = [
    "<image1> is a top view of {objs} sliding on a frictionless air table just before they collide; <image2> shows "
    "them right after the collision.",
    "{Objs} glide on a frictionless horizontal surface. Seen from above, just before the collision: <image1>. "
    "Just after it: <image2>.",
]
ASK = {
    ("inelastic", "after"): ["What is the {quantity} of the {noun}s right after the collision?",
                             "With what {quantity} do the {noun}s move after the collision?"],
    ("momentum", "after"): ["What is the {quantity} of {noun} {name} after {event} (marked with a question mark)?",
                            "Find the {quantity} of {noun} {name} right after {event}; it is marked '?'."],
    ("elastic", "after"): ["{kind} What is the {quantity} of {noun} {name} right after it?",
                           "{kind} Find the {quantity} of {noun} {name} just after it."],
    ("any", "before"): ["What was the {quantity} of {noun} {name} before the collision (marked with a question mark)?",
                        "Find the {quantity} that {noun} {name} had before the collision; it is marked '?'."],
    ("any", "mass"): ["What is the mass of {noun} {name} (marked with a question mark)?",
                      "Find the unknown mass of {noun} {name}, marked '?'."],
    ("elastic_check", None): ["Was the collision elastic, that is, was the total kinetic energy conserved?",
                              "Is kinetic energy conserved in this collision?",
                              "Was this a perfectly elastic collision?"],
}
# The collision type an elastic item states: the data the text carries.
KIND_ELASTIC = ["The collision is perfectly elastic.", "Assume the collision is perfectly elastic."]
KIND_RESTITUTION = ["The coefficient of restitution of the collision is {e}: the {noun}s separate at {e} times the "
                    "speed at which they approached.",
                    "The collision has a coefficient of restitution of {e} (relative speed after = {e} x relative "
                    "speed before)."]
CONVENTION = {
    "right": ["Take velocities to the right as positive.", "Use the convention that motion to the right is positive."],
    "left": ["Take velocities to the left as positive.", "Use the convention that motion to the left is positive."],
}
ROUND = ["Give the answer in {unit}, rounded to two decimal places.", "Round your answer to two decimal places ({unit})."]
YES_NO_TAIL = "Answer 1 for yes and 0 for no."
COLLIDE_INTRO = [
    "{snapshots} show {objs} on a straight track at the times printed in each image.",
    "Snapshots of {objs} moving along a straight track, taken at the printed times: {snapshots}.",
]
COLLIDE_ASK = [
    "Each {noun} keeps a constant velocity until a collision. Treating the {noun}s as points at the marked "
    "positions, will {pair} collide within the first {T} s, counting from t = 0 s?",
    "Assume every {noun} moves at constant velocity and treat each as a point at its marked position. "
    "Does a collision between {pair} happen no later than t = {T} s?",
]


def list_names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def image_tags(k: int) -> str:
    return list_names([f"<image{i}>" for i in range(1, k + 1)])


def fmt_number(x: int | float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".") if isinstance(x, float) else str(x)
