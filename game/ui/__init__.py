"""The desktop front end (pygame-ce + pygame_gui): scenes on a stack, one theme, one map.

Reads the game only through the engine's API (game.engine.Game); drawing never changes it.
"""
