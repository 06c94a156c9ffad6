"""What a team's page, the desktop game joined to a class and the instructor's page are sent, as
JSON-ready data: the play session's views (game.engine.views) written out, with the words the
window and the terminal show (effects and costs in words). Reading only: nothing here changes a
game. A team is sent its own state's part of each report, never the seed or the dice.
"""
from __future__ import annotations

import dataclasses
from typing import Any

from .classroom import Classroom, Seat
from .wire import plain


def _class_state(room: Classroom, seat: Seat) -> dict[str, Any]:
    """Where the class stands for a team, as its page and the joined window both show it."""
    gg = room.groups[seat.group]
    game = gg.game
    return {
        "class": room.model.title, "team": seat.team.name, "group": gg.group.name,
        "version": room.version, "paused": room.paused, "ended": room.ended,
        "seconds_left": _rounded(room.seconds_left(seat.group)), "messages": room.messages[-10:],
        "sent": room.sent(seat),
        "waiting_for": [n for n, other in gg.teams.items()
                        if other.state in game.waiting_for() and n != seat.team.name],
        "sees": plain(room.model.teams_see),
    }


def team_view(room: Classroom, seat: Seat) -> dict[str, Any]:
    """Everything a team needs to play its turn well, but the forecast (`forecast_view`, asked for
    apart because it plays the turn on copies)."""
    gg = room.groups[seat.group]
    ts = room.team_session(seat)
    game = gg.game
    obs = ts.obs
    info = ts.info
    out: dict[str, Any] = {
        **_class_state(room, seat),
        "briefing": {"title": info.title, "summary": info.summary, "text": info.briefing,
                     "state": plain(game.state_info(ts.state)), "instructor": room.model.briefing or "",
                     "how_to_win": ts.score_card().how_to_win()},
        "over": ts.over,
        "obs": plain(obs),
        "chosen": list(ts.chosen), "answers": dict(ts.answers),
        "budget_left": list(ts.budget_left()),
        "options": [plain(o) for o in ts.options],
        "causes": {ind.id: {"last": plain(ts.explain(ind)[0][:8])} for ind in obs.indicators + obs.world},
        "score": plain(ts.score_card()),
        "score_lines": ts.score_card().lines(),
        "problems": [] if ts.over else ts.problems_of(ts.orders),
        "proposals": [vars(p) for p in room.proposals if p.team == seat.team.name][-5:],
        "report": None, "end": None,
    }
    if ts.last_report is not None:
        rep = ts.last_report
        mine = next((s for s in rep.states if s.state == ts.state), None)
        out["report"] = {"turn": rep.turn, "date": rep.date, "events": list(rep.events_for(ts.state)),
                         "market": rep.market, "state": plain(mine), "world": plain(rep.world)}
    if room.model.teams_see.other_teams:
        out["others"] = [{"team": n, "state": game.name(o.state), "score": round(game.score(o.state)["total"], 2),
                          "sent": o.state in game.submitted}
                         for n, o in gg.teams.items() if n != seat.team.name]
    if ts.over:
        outcome = game.outcome(ts.state)
        out["end"] = {"verdict": ts.verdict() or "The class has ended", "score": round(game.score(ts.state)["total"], 2),
                      "ending_text": outcome.text if outcome is not None else "",
                      "lines": ts.score_card().lines(), "questions": list(info.questions)}
    return out


def desk_view(room: Classroom, seat: Seat) -> dict[str, Any]:
    """What the desktop game needs to show a team's game as its own play session shows it
    (game.classroom.remote reads it back into the same views): the session's views, the team's
    part of the last report, the names and dates its screens use, and the class's state."""
    gg = room.groups[seat.group]
    ts = room.team_session(seat)
    game = gg.game
    obs, state = ts.obs, ts.state
    s = game.scenario.model
    report = ts.last_report
    if report is not None:   # the team's own state's part, and the news it may read
        keep = [i for i, st in enumerate(report.event_states) if st is None or st == state]
        report = dataclasses.replace(report, events=tuple(report.events[i] for i in keep),
                                     event_states=tuple(report.event_states[i] for i in keep),
                                     states=tuple(r for r in report.states if r.state == state))
    over = ts.over
    return {
        **_class_state(room, seat),
        "state": state, "turn": game.turn, "moves": game.moves, "fictional": game.fictional,
        "difficulty": game.difficulty.name, "over": over,
        "names": {x.id: game.name(x.id) for group in (s.actions, s.powers, s.states, s.indicators, s.events)
                  for x in group},
        "name_forms": game.names.plain(),
        "dates": {str(t): game.date_label(t) for t in range(1, s.meta.turns + 2)},
        "info": plain(ts.info),
        "obs": plain(obs), "options": plain(ts.options),
        "chosen": list(ts.chosen), "answers": dict(ts.answers), "budget_left": list(ts.budget_left()),
        "problems": [] if over else ts.problems(), "pending": [] if over else [d.id for d in ts.pending()],
        "causes": {ind.id: {"now": [] if game.over else plain(game.explain(None if ind.world else state, ind.id, game.turn)),
                            "turns": {str(t): plain(game.explain(None if ind.world else state, ind.id, t))
                                      for t in range(1, game.turn)}}
                   for ind in obs.indicators + obs.world},
        "states": {sid: plain(game.state_info(sid)) for sid in game.state_ids},
        "score": plain(game.score(state)), "score_card": plain(ts.score_card()),
        "report": plain(report), "outcome": plain(game.outcome(state)),
        "adviser_score": round(ts.adviser_score(), 4) if over and room.model.teams_see.adviser else None,
    }


def forecast_view(room: Classroom, seat: Seat) -> dict[str, Any]:
    if not room.model.teams_see.forecast:
        return {"shown": False}
    ts = room.team_session(seat)
    if ts.over:
        return {"shown": False}
    pv = ts.preview
    return {"shown": True, "basis": pv.basis(), **plain(pv), "pending": [d.title for d in ts.pending()]}


def advice_view(room: Classroom, seat: Seat) -> dict[str, Any]:
    if not room.model.teams_see.adviser:
        return {"shown": False}
    ts = room.team_session(seat)
    adv = ts.advice()
    game = ts.game
    return {"shown": True, "actions": [game.name(a) for a in adv.orders.actions], "why": adv.why,
            "orders": plain(adv.orders)}


def _rounded(x: float | None) -> int | None:
    return None if x is None else int(round(x))
