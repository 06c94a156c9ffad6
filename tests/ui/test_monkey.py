"""A monkey: thousands of seeded random clicks, keys and wheel turns across every screen.

The window never lets an exception take it down: where it catches one it shows a message instead
(a dialog, a toast, a scenario marked as unreadable, a save listed without its ending). So "no
exception escaped" alone cannot fail. The monkey also watches for every such message and every
exception caught on the way to one, and a walk passes only if there was none."""
from __future__ import annotations

import random
import sys
import traceback

import pygame

from .conftest import MINI, play_args

KEYS = [pygame.K_RETURN, pygame.K_ESCAPE, pygame.K_TAB, pygame.K_SPACE, pygame.K_UP, pygame.K_DOWN,
        pygame.K_LEFT, pygame.K_RIGHT, pygame.K_PAGEUP, pygame.K_PAGEDOWN, pygame.K_h, pygame.K_r,
        pygame.K_d, pygame.K_n, pygame.K_c, pygame.K_l, pygame.K_BACKSPACE] + \
       [pygame.K_1 + i for i in range(9)]


class Witness:
    """Everything the window reported as gone wrong during a walk.

    - an error dialog (a MessageDialog of kind "bad"), whatever made it;
    - a toast or dialog made while an exception was being handled (an exception caught and turned
      into words: an order refused by the engine, a file that could not be written...);
    - a scenario the window lists as unreadable because loading it raised (`ScenarioEntry.error`);
    - an exception raised while a save was read back (the load screen swallows those silently);
    - a game the window could not save (it says so in a toast, outside any `except`)."""

    def __init__(self, app, monkeypatch):
        import game.session as session_module
        from game.ui.scenes.dialog import MessageDialog

        self.seen: list[str] = []
        witness = self

        def caught() -> str | None:
            exc = sys.exc_info()[1]
            return None if exc is None else "".join(traceback.format_exception_only(type(exc), exc)).strip()

        real_dialog_init = MessageDialog.__init__

        def dialog_init(self, app, title, text, kind="info", action=None):
            exc = caught()
            if kind == "bad" or exc:
                witness.seen.append(f"dialog ({kind}) {title!r}: {text}" + (f" [caught {exc}]" if exc else ""))
            real_dialog_init(self, app, title, text, kind, action)

        monkeypatch.setattr(MessageDialog, "__init__", dialog_init)

        real_toast = app.toast

        def toast(text, kind="info", seconds=3.0):
            exc = caught()
            if exc:
                witness.seen.append(f"toast ({kind}) {text!r} [caught {exc}]")
            real_toast(text, kind, seconds)

        monkeypatch.setattr(app, "toast", toast)

        real_entry = app.entry

        def entry(path):
            e = real_entry(path)
            if e.error:
                witness.seen.append(f"scenario {path} unreadable: {e.error}")
            return e

        monkeypatch.setattr(app, "entry", entry)

        real_load_game = session_module.load_game

        def load_game(path, finder):
            try:
                return real_load_game(path, finder)
            except Exception as exc:
                witness.seen.append(f"save {path} did not load: {type(exc).__name__}: {exc}")
                raise

        monkeypatch.setattr(session_module, "load_game", load_game)

        real_save_problem = session_module.PlaySession.report_save_problem

        def report_save_problem(self, problem):
            if problem is not None:
                witness.seen.append(f"not saved: {problem}")
            real_save_problem(self, problem)

        monkeypatch.setattr(session_module.PlaySession, "report_save_problem", report_save_problem)


def walk(app, monkeypatch, steps: int = 3000, every=None) -> set[str]:
    """The seeded walk: `steps` random inputs, the second half from the title screen's menus; the
    names of the screens it reached. `every(i)`, if given, runs before each input."""
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
    for i in range(steps):
        if every is not None:
            every(i)
        if i == steps // 2:                          # second half: from the title screen's menus
            app.open_from_args(None)
        if not app.running or not app.stack:        # it found Quit: start it again
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
    return names


def test_random_input_on_every_screen_raises_nothing_and_reports_no_error(app, monkeypatch):
    witness = Witness(app, monkeypatch)
    names = walk(app, monkeypatch)
    assert len(names) >= 9, names          # the walk did reach most screens
    assert witness.seen == []


def test_the_witness_sees_what_the_window_caught(app, drv, mini_main, monkeypatch, tmp_path):
    """The check above can fail: an exception the window turns into a dialog, a toast or an
    unreadable scenario, and a game it cannot save, are each seen (never raised)."""
    import game.session as session_module
    import game.ui.app as ui_app
    from game.engine import OrdersError

    witness = Witness(app, monkeypatch)
    save = mini_main.session.save(tmp_path / "a.json")
    assert witness.seen == []

    def broken(*_a, **_k):
        raise RuntimeError("a bug")

    monkeypatch.setattr(session_module.PlaySession, "load", classmethod(broken))
    assert not app.load_session(save)                   # the window says so in a dialog...
    assert app.top.name == "message"
    assert "a bug" in witness.seen[-1]                  # ...and the witness saw it
    app.pop()

    def refused(*_a, **_k):
        raise OrdersError("refused")

    n = len(witness.seen)
    monkeypatch.setattr(session_module.PlaySession, "end_turn", refused)
    drv.end_turn()                                      # a toast
    assert len(witness.seen) == n + 1 and "refused" in witness.seen[-1]

    monkeypatch.setattr(ui_app, "check_scenario", broken)
    app.entry(tmp_path / "a.yaml")                      # a scenario listed as unreadable
    assert len(witness.seen) == n + 2 and "a bug" in witness.seen[-1]

    def full(*_a, **_k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(session_module.PlaySession, "_write", full)
    mini_main.session.autosave()
    assert len(witness.seen) == n + 3 and "No space left" in witness.seen[-1]

    damaged = tmp_path / "damaged.json"
    damaged.write_text("{", encoding="utf-8")
    assert session_module._finished_by_replay(damaged, app.find_scenario) is None   # swallowed...
    assert len(witness.seen) == n + 4 and "damaged.json" in witness.seen[-1]        # ...but seen
