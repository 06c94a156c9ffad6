"""The headless engine: state, rules, powers, events, market, scoring, causes and saves.

Imports no pygame. Front ends and tests drive it through `Game` (see game.engine.game).
"""
from .game import DIFFICULTIES, Game, OrdersError
from .save import SaveError, load_game, write_save
from .views import Orders

__all__ = ["DIFFICULTIES", "Game", "OrdersError", "Orders", "SaveError", "load_game", "write_save"]
