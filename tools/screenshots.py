"""Render a PNG of every screen of the desktop game, headless (no display needed).

    python tools/screenshots.py                       # docs/screenshots/*.png, 1280x720, busan_pause
    python tools/screenshots.py --size 2560x1440 --out /tmp/shots --scenario tests/scenarios/mini.yaml

Plays a real game through the same App the window uses: it picks actions the way a player would
(the first affordable ones), ends turns, answers decisions, and saves each screen as it appears.
Saves and settings go to a temporary folder, never the player's own.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    ap.add_argument("--size", default="1280x720")
    ap.add_argument("--scenario", default="busan_pause")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--scale", type=float, default=1.0, help="UI scale")
    args = ap.parse_args(argv)
    os.environ["SDL_VIDEODRIVER"] = "dummy"
    os.environ["SDL_AUDIODRIVER"] = "dummy"
    os.environ["GREATGAME_HOME"] = tempfile.mkdtemp(prefix="greatgame-shots-")
    w, h = (int(x) for x in args.size.lower().split("x"))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    from game.ui.app import App
    from game.ui.scenes.dialog import ConfirmDialog, DecisionDialog
    from game.ui.scenes.history import HistoryScene
    from game.ui.scenes.load import LoadScene
    from game.ui.scenes.main import MainScene
    from game.ui.scenes.new_game import NewGameScene
    from game.ui.scenes.pause import PauseScene
    from game.ui.scenes.problems import ProblemsScene
    from game.ui.scenes.report import ReportScene
    from game.ui.scenes.scenarios import ScenariosScene
    from game.ui.scenes.settings import SettingsScene
    from game.ui.scenes.why import WhyDialog
    from game.ui.settings import Settings

    app = App((w, h), Settings(window=(w, h), ui_scale=args.scale), headless=True)
    shots: list[str] = []

    def shot(name: str) -> None:
        for s in app.stack:
            s.skip_animation()
        app.toasts = []
        app.step([], 0.0, force=True)
        path = out / f"{name}.png"
        app.screenshot(path)
        shots.append(str(path))

    app.open_from_args(None)
    shot("title")
    entry = app.open_scenario(args.scenario)
    if entry is None or not entry.ok:
        print(f"screenshots: scenario {args.scenario} is missing or invalid", file=sys.stderr)
        return 1
    app.push(NewGameScene(app, entry=entry, seed=args.seed))
    shot("new_game")
    state = next(s.id for s in entry.scenario.model.states if s.playable)
    session = app.start_game(entry, state, args.seed, "normal")
    shot("briefing")
    app.open_session(session)
    main_scene = next(s for s in app.stack if isinstance(s, MainScene))

    def answer_all() -> None:
        while app.top is not main_scene and isinstance(app.top, DecisionDialog):
            d = app.top.decision
            app.top.choose(next(o.id for o in d.options if o.available))

    def choose_some(n: int = 2) -> None:
        for o in session.options:
            if len(session.chosen) >= n:
                break
            if o.available and session.why_not(o.id) is None:
                session.toggle(o.id)
        main_scene.refresh()

    confirm_shot = False

    def end_turn() -> None:
        """End the turn as the player would; a question about unspent capital is answered yes."""
        nonlocal confirm_shot
        main_scene.end_turn()
        if isinstance(app.top, ConfirmDialog):
            if not confirm_shot:
                shot("confirm_end")
                confirm_shot = True
            app.top.yes()

    if isinstance(app.top, DecisionDialog):
        shot("decision")
    answer_all()
    choose_some()
    shot("main")
    if session.decisions():
        # answered decisions stay open to review and change until the turn ends
        main_scene.open_decision()
        shot("decision_review")
        app.pop()
    # a tooltip over the first indicator
    choose_some(1)
    end_turn()
    shot("report")
    app.pop()
    answer_all()
    row = next(s for s in main_scene.spots if s.key.startswith("ind:"))
    app.mouse = row.rect.center
    app.update(0.0)
    app.hover_since -= 5
    shot("main_tooltip")
    app.mouse = (-10, -10)
    decision_shot = offer_shot = warning_shot = False
    while not session.over:
        if session.pending() and not decision_shot and session.obs.decisions[0].kind == "crisis":
            app.push(DecisionDialog(app, session, session.pending()[0]))
            shot("decision")
            app.pop()
            decision_shot = True
        answer_all()
        for d in session.pending():
            session.answer(d.id, next(o.id for o in d.options if o.available))
        main_scene.refresh()
        if not offer_shot and any(p.offers for p in session.obs.powers):
            # a power's offer: in its panel with the strings attached, and first among the cards
            shot("offer")
            spot = next(s for s in main_scene.spots if s.key.startswith("offer:"))
            app.mouse = spot.rect.center
            app.update(0.0)
            app.hover_since -= 5
            shot("offer_tooltip")
            app.mouse = (-10, -10)
            offer_shot = True
        if not warning_shot and session.warnings():
            shot("warnings")
            warning_shot = True
        choose_some(1 if session.game.turn % 2 else 2)
        if session.game.turn == 3:
            shot("main_later")
            app.push(WhyDialog(app, session, session.obs.indicators[0].id))
            shot("why")
            app.pop()
            app.push(HistoryScene(app, session))
            shot("history")
            app.pop()
            app.push(PauseScene(app, session))
            shot("pause")
            app.top.save()
            app.push(SettingsScene(app))
            shot("settings")
            app.pop()
            app.push(LoadScene(app))
            shot("load")
            app.pop()
            app.pop()
        end_turn()
        if isinstance(app.top, ReportScene):
            app.top.proceed()
        if app.top is not main_scene and not isinstance(app.top, DecisionDialog):
            break
        answer_all()
    shot("end")
    # the title and the load list know a finished game for what it is
    app.open_from_args(None)
    shot("title_finished")
    app.push(LoadScene(app))
    shot("load_finished")
    # A second game that courts one side until another power's ladder reaches a crisis.
    session = app.start_game(entry, state, args.seed, "normal")
    app.open_session(session)
    main_scene = next(s for s in app.stack if isinstance(s, MainScene))
    side = next((p.id for p in session.obs.powers), None)
    while not session.over and not any(d.kind == "crisis" for d in session.pending()):
        answer_all()
        for o in session.options:
            if o.with_power == side and o.available and session.why_not(o.id) is None:
                session.toggle(o.id)
        main_scene.refresh()
        end_turn()
        if isinstance(app.top, ReportScene):
            app.top.proceed()
    crisis = next((d for d in session.pending() if d.kind == "crisis"), None)
    if crisis is not None:
        while app.top is not main_scene:
            app.pop()
        app.push(DecisionDialog(app, session, crisis))
        shot("crisis")
    app.open_from_args(None)
    app.push(ScenariosScene(app))
    shot("scenarios")
    bad = Path(os.environ["GREATGAME_HOME"]) / "broken.yaml"
    bad.write_text(entry.path.read_text(encoding="utf-8").replace("indicators:", "indicatorz:", 1)
                   .replace("format: 1", "format: 1\nsurprise: true", 1), encoding="utf-8")
    app.push(ProblemsScene(app, app.entry(bad)))
    shot("problems")
    app.open_from_args(None)
    shot("title_continue")
    for s in shots:
        print(s)
    return 0


if __name__ == "__main__":
    sys.exit(main())
