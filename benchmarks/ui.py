"""Desktop UI benchmark against the targets in docs/architecture.md: start-up to the first
interactive frame, frame time on the main screen (idle, while numbers animate, and the frame after
a card is chosen, which runs the forecast), and peak memory.

    python benchmarks/ui.py [--size 1280x720] [--scenario busan_pause] [--frames 300]

Runs headless (SDL's dummy video driver) unless --window is given and a display exists; with the
dummy driver the final copy to the screen is not included in the frame times.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

STARTUP_CHILD = r"""
import sys, time
sys.path.insert(0, {root!r})
from game.ui.app import App
from game.ui.settings import Settings
app = App(({w}, {h}), Settings(window=({w}, {h})), headless={headless})
app.open_from_args(None)
app.step([], 0.0, force=True)
print(time.time())
"""


def startup(w: int, h: int, headless: bool, runs: int = 3) -> list[float]:
    out = []
    for _ in range(runs):
        t0 = time.time()
        r = subprocess.run([sys.executable, "-c", STARTUP_CHILD.format(root=str(ROOT), w=w, h=h, headless=headless)],
                           capture_output=True, text=True, env=os.environ.copy(), check=True)
        out.append(float(r.stdout.strip().splitlines()[-1]) - t0)
    return out


def stats(ms: list[float]) -> tuple[float, float]:
    s = sorted(ms)
    return statistics.fmean(s), s[min(len(s) - 1, int(0.95 * len(s)))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", default="1280x720")
    ap.add_argument("--scenario", default="busan_pause")
    ap.add_argument("--frames", type=int, default=300)
    ap.add_argument("--window", action="store_true", help="use a real window (needs a display)")
    args = ap.parse_args(argv)
    headless = not (args.window and os.environ.get("DISPLAY"))
    if headless:
        os.environ["SDL_VIDEODRIVER"] = "dummy"
    os.environ["SDL_AUDIODRIVER"] = "dummy"
    os.environ["GREATGAME_HOME"] = tempfile.mkdtemp(prefix="greatgame-bench-")
    w, h = (int(x) for x in args.size.lower().split("x"))

    starts = startup(w, h, headless)

    from game.ui.app import App
    from game.ui.scenes.main import MainScene
    from game.ui.settings import Settings

    app = App((w, h), Settings(window=(w, h)), headless=headless)
    entry = app.open_scenario(args.scenario)
    if entry is None or not entry.ok:
        print(f"ui benchmark: scenario {args.scenario} is missing or invalid", file=sys.stderr)
        return 1
    state = next(s.id for s in entry.scenario.model.states if s.playable)
    session = app.start_game(entry, state, 11, "normal")
    app.open_session(session)
    main = next(s for s in app.stack if isinstance(s, MainScene))
    for d in session.pending():
        session.answer(d.id, next(o.id for o in d.options if o.available))
    while app.top is not main:
        app.pop()
    for o in session.options:
        if len(session.chosen) >= 2:
            break
        if session.why_not(o.id) is None:
            session.toggle(o.id)
    app.step([], 0.0, force=True)
    app.step([], 0.0)   # the full forecast replaces the quick one: the last change before idling

    # Idle: nothing changed, so the loop draws nothing; and what a full redraw costs when it must.
    app.last_input = -1e9
    app.hover_key = None
    app.dirty = False
    idle = []
    drawn = 0
    for _ in range(args.frames):
        t = time.perf_counter()
        drawn += app.step([], 1 / 60)
        idle.append((time.perf_counter() - t) * 1000)
    full = []
    for _ in range(args.frames):
        t = time.perf_counter()
        app.step([], 1 / 60, force=True)
        full.append((time.perf_counter() - t) * 1000)

    # Choosing a card: the forecast of the new orders runs once, on the next frame.
    picks = []
    cards = [o.id for o in session.options if o.available][:6]
    refines = []
    for card in cards:
        t = time.perf_counter()
        session.toggle(card)
        app.step([], 1 / 60, force=True)       # the quick forecast, drawn
        picks.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        app.step([], 1 / 60)                   # the full one, between frames, then drawn
        refines.append((time.perf_counter() - t) * 1000)
    session.clear()

    # Animating: a turn ends and every number rolls to its new value.
    t = time.perf_counter()
    for d in session.pending():
        session.answer(d.id, next(o.id for o in d.options if o.available))
    session.end_turn()
    resolve_ms = (time.perf_counter() - t) * 1000
    main._start_animation()
    main.build()
    anim = []
    while len(anim) < args.frames:
        main.anim_t = 0.0
        while main.animating() and len(anim) < args.frames:
            t = time.perf_counter()
            app.step([], 1 / 60)
            anim.append((time.perf_counter() - t) * 1000)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    budget = 1000 / 60
    rows = [
        ("start-up to first interactive frame", f"{statistics.fmean(starts):.2f} s (best {min(starts):.2f})",
         "< 1 s", statistics.fmean(starts) < 1.0),
        ("main screen idle: loop step (no redraw)", "mean {:.3f} ms, p95 {:.3f} ms".format(*stats(idle)),
         "redraw only on change", drawn == 0),
        ("main screen: full redraw", "mean {:.2f} ms, p95 {:.2f} ms".format(*stats(full)),
         f"< {budget:.1f} ms (60 fps)", stats(full)[1] < budget),
        ("main screen animating", "mean {:.2f} ms, p95 {:.2f} ms".format(*stats(anim)),
         f"< {budget:.1f} ms (60 fps)", stats(anim)[1] < budget),
        ("a card chosen: quick forecast + redraw", "mean {:.1f} ms, max {:.1f} ms".format(
            statistics.fmean(picks), max(picks)) if picks else "no card", "< 100 ms (feels at once)",
         bool(picks) and max(picks) < 100),
        ("  then the full forecast + redraw", "mean {:.1f} ms, max {:.1f} ms".format(
            statistics.fmean(refines), max(refines)) if refines else "no card", "-", True),
        ("turn resolve + autosave (engine)", f"{resolve_ms:.1f} ms", "< 50 ms", resolve_ms < 50),
        ("peak memory (RSS)", f"{peak_mb:.0f} MB", "< 250 MB", peak_mb < 250),
    ]
    print(f"UI benchmark: {w}x{h}, {args.scenario}, {'headless (dummy video)' if headless else 'window'}, "
          f"{args.frames} frames each, frames drawn while idle: {drawn}")
    for name, value, target, ok in rows:
        print(f"  {name:<40} {value:<34} target {target:<22} {'ok' if ok else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
