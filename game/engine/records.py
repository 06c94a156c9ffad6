"""Bookkeeping of a game beyond indicator values: scheduled effects, projects, per-state records."""
from __future__ import annotations

from dataclasses import dataclass, field

from .views import Decision
from .world import Cause


@dataclass
class Scheduled:
    """An effect (or one part of a phased effect) due on a later turn."""

    due: int
    state: str | None
    target: str
    amount: float
    cause: Cause


@dataclass
class Project:
    """A multi-turn project under way."""

    state: str
    action: str
    name: str
    started: int
    completes: int


@dataclass
class StateRecord:
    """Per-state bookkeeping beyond indicator values."""

    taken: dict[str, list[int]] = field(default_factory=dict)
    excluded: dict[str, tuple[str, int]] = field(default_factory=dict)
    cooldowns: dict[tuple[str, str], int] = field(default_factory=dict)
    decisions: list[Decision] = field(default_factory=list)
    ending: str | None = None
    ending_streaks: dict[str, int] = field(default_factory=dict)
    axis_totals: dict[str, float] = field(default_factory=dict)
    last_responses: dict[str, str] = field(default_factory=dict)
    news: list[str] = field(default_factory=list)
    offers: dict[str, tuple[str, int]] = field(default_factory=dict)  # action -> (power, last turn open)
