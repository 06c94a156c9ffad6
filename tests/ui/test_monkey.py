"""A monkey: thousands of seeded random clicks, keys and wheel turns across every screen."""
from __future__ import annotations

import random

import pygame

from .conftest import MINI, play_args

KEYS = [pygame.K_RETURN, pygame.K_ESCAPE, pygame.K_TAB, pygame.K_SPACE, pygame.K_UP, pygame.K_DOWN,
        pygame.K_LEFT, pygame.K_RIGHT, pygame.K_PAGEUP, pygame.K_PAGEDOWN, pygame.K_h, pygame.K_r,
        pygame.K_d, pygame.K_n, pygame.K_c, pygame.K_l, pygame.K_BACKSPACE] + \
       [pygame.K_1 + i for i in range(9)]


def test_monkey_never_crashes(app, monkeypatch):
    rng = random.Random(20251030)
    # The same walk on every machine: seeds for new games and the clock (tooltips, toasts, draft
    # saves) come from the test, not from the system.
    seeds = random.Random(7)
    for module in ("game.ui.app", "game.ui.scenes.new_game"):
        monkeypatch.setattr(f"{module}.random_seed", lambda: seeds.randrange(1, 1_000_000))
    clock = [1000.0]
    app.clock_now = lambda: clock[0]
    app.open_from_args(play_args(scenario=str(MINI), state="p", seed=9))
    names = set()
    quits = 0
    for i in range(3000):
        if i == 1500:                                # second half: from the title screen's menus
            app.open_from_args(None)
        if not app.running or not app.stack:        # it found Quit: start it again
            quits += 1
            app.running = True
            app.open_from_args(None)
        r = rng.random()
        w, h = app.size
        if r < 0.45:
            pos = (rng.randrange(w), rng.randrange(h))
            evs = [pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)),
                   pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1),
                   pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1)]
        elif r < 0.9:
            k = rng.choice(KEYS)
            evs = [pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode="", scancode=0)]
        elif r < 0.95:
            pos = (rng.randrange(w), rng.randrange(h))
            evs = [pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)),
                   pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=rng.choice((-1, 1)), flipped=False,
                                      precise_x=0.0, precise_y=0.0)]
        else:
            evs = [pygame.event.Event(pygame.TEXTINPUT, text=str(rng.randrange(10)))]
        app.step(evs, 0.02, force=(i % 4 == 0))
        app.step(pygame.event.get(), 0.02, force=(i % 4 == 0))
        clock[0] += 0.04
        if app.top is not None:
            names.add(app.top.name)
    assert len(names) >= 9, names
