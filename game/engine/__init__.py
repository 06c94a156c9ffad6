"""The headless engine: the position, the rules as phases over it, the powers, events, market,
scoring, causes, policies, the forecast, batches and saves.

Imports no pygame. Front ends and tests drive it through `Game` (see game.engine.game); tools
that play many games use game.engine.batch. See docs/architecture.md.
"""
from .game import DIFFICULTIES, Game, InterventionError, OrdersError
from .policies import POLICIES, Adviser, Idle, Policy, RandomPlayer, Scripted, policy
from .position import Position, PositionError
from .save import SaveError, load_game, rewind, write_save
from .views import Orders

__all__ = ["DIFFICULTIES", "Game", "InterventionError", "OrdersError", "Orders", "SaveError", "load_game", "rewind", "write_save",
           "Position", "PositionError", "Policy", "POLICIES", "Adviser", "Idle", "RandomPlayer", "Scripted",
           "policy"]
