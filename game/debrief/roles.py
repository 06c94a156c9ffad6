"""Role sheets: one printable page per team of a class, with its state, its objectives, what its
score rewards, its red lines (what ends a game early, where each power's patience runs out) and
where it starts. Built from the class file and its scenario, before a game is played; the same
words the game shows (docs/classroom.md, "Role sheets")."""
from __future__ import annotations

import html as _html
from pathlib import Path
from typing import Any

from game.engine.game import Game

from game.engine.views import number

CSS = ("body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:46rem;margin:1.5rem auto;"
       "padding:0 1rem;color:#122;line-height:1.4}.sheet{break-after:page;page-break-after:always;"
       "border-bottom:2px dashed #bbb;padding-bottom:1.5rem;margin-bottom:2rem}.sheet:last-child{border:0}"
       "h1{margin:0}h2{font-size:1.1rem;margin:1.2rem 0 .3rem;border-bottom:1px solid #1f6f8b}"
       ".muted{color:#555}table{border-collapse:collapse}td,th{padding:.15rem .5rem;border-bottom:1px solid #e3e3e3;"
       "text-align:left;vertical-align:top}td.n{text-align:right}.red{color:#a93226}"
       "@media print{.sheet{border:0;margin:0}body{margin:0 auto}}")


def _esc(x: Any) -> str:
    return _html.escape(str(x))


def is_role_sheets(path: Path) -> bool:
    """Whether the file at `path` is a page of role sheets (which may be written over)."""
    try:
        with open(path, "rb") as fh:
            return "<title>Role sheets:" in fh.read(600).decode("utf-8", "replace")
    except OSError:
        return False


def role_sheets(loaded) -> str:
    """Every team's sheet of the class `loaded` (a `LoadedClass`), as one printable HTML page."""
    model = loaded.model
    sheets = []
    for group in loaded.groups:
        states = sorted({t.state for t in group.teams})
        game = Game(loaded.scenario, model.seed, states, model.difficulty, model.fictional_names)
        for team in group.teams:
            mates = [t for t in group.teams if t is not team]
            sheets.append(_sheet(model, group.name, team.name, team.state, game, mates, len(loaded.groups)))
    return ("<!doctype html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>Role sheets: {_esc(model.title)}</title><style>{CSS}</style></head><body>"
            + "".join(sheets) + "</body></html>")


def _sheet(model, group: str, team: str, state: str, game: Game, mates: list, groups: int) -> str:
    info = game.info()
    st = game.state_info(state)
    obs = game.observe(state)
    card = game.score_card(state)
    rewards = card.how_to_win()[:len(card.how_to_win()) - len(card.losses)]   # the losses are red lines
    out = [f"<section class='sheet'><p class='muted'>{_esc(model.title)}"
           + (f" · {_esc(group)}" if groups > 1 else "") + "</p>",
           f"<h1>{_esc(team)}: you govern {_esc(st.name)}</h1>",
           f"<p class='muted'>{_esc(info.title)}, {info.turns if model.turns is None else model.turns} turns of "
           f"{info.turn_months} months from {_esc(game.date_label(1))}; {_esc(model.difficulty)} difficulty.</p>"]
    if model.briefing:
        out.append(f"<p><b>From your instructor:</b> {_esc(model.briefing)}</p>")
    out.append(f"<h2>Where you stand</h2><p>{_esc(st.description)}</p>")
    if st.goals:
        out.append(f"<h2>Your objectives</h2><p>{_esc(st.goals)}</p>")
    out.append("<h2>What your score rewards</h2><ul>" + "".join(f"<li>{_esc(x)}</li>" for x in rewards)
               + "</ul>")
    out.append("<h2>Red lines</h2><ul>")
    for line in card.losses:
        out.append(f"<li class='red'>Lost early: {_esc(line)}</li>")
    for p in obs.powers:
        if p.threshold is None or not p.rungs:
            out.append(f"<li>{_esc(p.name)} never escalates against you, however cold relations get.</li>")
        else:
            out.append(f"<li>{_esc(p.name)}: its patience ({p.patience_max} turns) drains each turn your relations "
                       f"stay below {p.threshold:g} (now {p.relation:.0f}); at zero it climbs a rung: "
                       f"{_esc(' → '.join(p.rungs))}.</li>")
    out.append(f"</ul><p>Each turn you have {st.capital} political capital and your "
               f"{_esc(game.name(game.s.money))} ({number(obs.money, 1)} {_esc(obs.money_unit)} now) to spend "
               "on actions.</p>")
    out.append("<h2>The powers</h2><table>")
    for p in obs.powers:
        dep = f"; you depend on it {p.dependence:.0f}" if p.dependence is not None else ""
        out.append(f"<tr><td><b>{_esc(p.name)}</b><br><span class='muted'>relations {p.relation:+.0f}{dep}"
                   f"</span></td><td>{_esc(p.description)}</td></tr>")
    out.append("</table><h2>Where you start</h2><table>")
    for ind in obs.indicators:
        out.append(f"<tr><td>{_esc(ind.name)}</td><td class='n'>{_esc(ind.text())}</td></tr>")
    out.append("</table>")
    if mates:
        out.append("<p class='muted'>In your game: " + ", ".join(
            f"{_esc(t.name)} ({_esc(game.name(t.state))})" for t in mates) + ".</p>")
    out.append("</section>")
    return "".join(out)
