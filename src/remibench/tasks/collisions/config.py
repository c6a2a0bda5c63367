"""Collisions: the question types and the config (knobs) of the task."""

from __future__ import annotations

from dataclasses import dataclass

from remibench.tasks.base import ConfigError, TaskConfig, check_range, knob

QTYPES = ("inelastic", "elastic", "momentum", "collide", "elastic_check")
YES_NO = ("collide", "elastic_check")
# Slots per balanced block. Yes/no types take an even number (half "1", half "0") and stay a
# small share, so neither "1" nor "0" becomes a dominant label of the whole task.
DEFAULT_WEIGHTS = {"inelastic": 7, "elastic": 6, "momentum": 7, "collide": 2, "elastic_check": 2}
HIDDEN = ("after", "before", "mass")
HIDDEN_WEIGHTS = (6, 2, 2)


@dataclass
class CollisionsConfig(TaskConfig):
    type_weights: dict = knob(dict(DEFAULT_WEIGHTS), "share of each question type (slots per balanced block): "
                              "inelastic, elastic, momentum, collide, elastic_check; yes/no types need even weights")
    max_objects: int = knob(3, "most objects per item (2 or 3); three only in momentum, sticking and collide-within items")
    p_three: float = knob(0.35, "probability of three objects where three are allowed")
    p_2d: float = knob(0.3, "probability that a sticking (perfectly inelastic) item is 2-D (top view; asks the speed)")
    hidden: str = knob("any", "the unknown in momentum and sticking items: after, before, mass or any")
    p_positions: float = knob(0.3, "probability that velocities before the collision must be read from positions "
                              "at two printed times (three images instead of two)")
    p_speed: float = knob(0.3, "probability that a velocity question asks for the speed instead of a signed velocity")
    max_mass: int = knob(8, "heaviest object in kg (2-20)")
    max_speed: int = knob(6, "fastest object before the collision in m/s (2-12)")
    p_restitution: float = knob(0.5, "probability that an elastic item states a restitution below 1 instead of a "
                                "perfectly elastic collision")

    def validate(self) -> None:
        weights = self.type_weights
        if not isinstance(weights, dict) or not weights or any(k not in QTYPES for k in weights):
            raise ConfigError(f"CollisionsConfig.type_weights={weights!r}: keys must be among {', '.join(QTYPES)}")
        if any(not isinstance(w, int) or w < 0 for w in weights.values()) or sum(weights.values()) <= 0:
            raise ConfigError(f"CollisionsConfig.type_weights={weights!r}: non-negative integers, not all zero")
        if any(weights.get(k, 0) % 2 for k in YES_NO):
            raise ConfigError(f"CollisionsConfig.type_weights: yes/no types ({', '.join(YES_NO)}) need even weights")
        check_range(self, "max_objects", 2, 3)
        for name in ("p_three", "p_2d", "p_positions", "p_speed", "p_restitution"):
            check_range(self, name, 0.0, 1.0)
        if self.hidden not in (*HIDDEN, "any"):
            raise ConfigError(f"CollisionsConfig.hidden={self.hidden!r}: choose after, before, mass or any")
        check_range(self, "max_mass", 2, 20)
        check_range(self, "max_speed", 2, 12)
