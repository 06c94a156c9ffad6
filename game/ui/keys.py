"""Keys more than one screen reads the same way."""
from __future__ import annotations

import pygame

DIGITS = {**{getattr(pygame, f"K_{d}"): str(d) for d in range(10)},
          **{getattr(pygame, f"K_KP{d}"): str(d) for d in range(10)}}
"""The digit each key types: the number row and the keypad alike."""

NUMBER_PAUSE = 0.7
"""Seconds within which a second digit makes one number with the first (1, then 2 at once, is 12)."""
