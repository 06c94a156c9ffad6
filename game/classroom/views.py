"""What a team's page and the instructor's page are sent, as JSON-ready data: the play session's
views (game.engine.views) written out, with the words the window and the terminal show (effects
and costs in words). Reading only: nothing here changes a game.
"""
from __future__ import annotations

import dataclasses
import math
from typing import Any

from pydantic import BaseModel

from game.engine.views import CostView, EffectView

from .classroom import Classroom, Seat


def plain(obj: Any) -> Any:
    """A view as JSON-ready data: dataclasses as mappings (an effect and a cost with their words
    too), tuples as lists, numbers rounded to what a page can show."""
    if isinstance(obj, EffectView):
        out = {f.name: plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
        out["text"] = obj.text()
        out["favourable"] = obj.favourable
        return out
    if isinstance(obj, CostView):
        return {"capital": obj.capital, "money": round(obj.money, 4), "text": obj.text()}
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, BaseModel):
        return plain(obj.model_dump())
    if isinstance(obj, dict):
        return {str(k): plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [plain(v) for v in obj]
    if isinstance(obj, float):
        return round(obj, 4) if math.isfinite(obj) else None
    return obj


def team_view(room: Classroom, seat: Seat) -> dict[str, Any]:
    """Everything a team needs to play its turn well, but the forecast (`forecast_view`, asked for
    apart because it plays the turn on copies)."""
    gg = room.groups[seat.group]
    ts = room.team_session(seat)
    game = gg.game
    obs = ts.obs
    info = ts.info
    out: dict[str, Any] = {
        "class": room.model.title, "team": seat.team.name, "group": gg.group.name,
        "version": room.version, "paused": room.paused, "ended": room.ended,
        "seconds_left": _rounded(room.seconds_left(seat.group)),
        "messages": room.messages[-10:],
        "briefing": {"title": info.title, "summary": info.summary, "text": info.briefing,
                     "state": plain(game.state_info(ts.state)), "instructor": room.model.briefing or "",
                     "how_to_win": ts.score_card().how_to_win()},
        "sent": room.sent(seat), "over": ts.over,
        "waiting_for": [n for n, other in gg.teams.items() if other.state in game.waiting_for() and n != seat.team.name],
        "sees": plain(room.model.teams_see),
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
        ending = game.ending_of(ts.state)
        verdict = game.verdict(ts.state)
        out["end"] = {"verdict": ts.verdict(), "score": round(game.score(ts.state)["total"], 2),
                      "ending_text": ending.text if ending is not None else verdict.text if verdict is not None else "",
                      "lines": ts.score_card().lines(), "questions": list(info.questions)}
    return out


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
    return {"shown": True, "actions": [game.name(a) for a in adv.orders.actions], "why": adv.why}


def _rounded(x: float | None) -> int | None:
    return None if x is None else int(round(x))
