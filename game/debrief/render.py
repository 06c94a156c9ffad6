"""The debrief written out: one self-contained HTML page (no script, no outside file: charts are
inline SVG, so it opens offline and prints), Markdown, CSV (a row per team and turn, for a
spreadsheet) or JSON (the data itself)."""
from __future__ import annotations

import csv
import html as _html
import io
import json
import math
from typing import Any, Iterable

from game.engine.views import number, shown_change, signed


FORMATS = ("html", "md", "csv", "json")
TEAM_COLORS = ("#1f6f8b", "#c0392b", "#7d5ba6", "#2e8b57", "#d68910", "#5d6d7e", "#a93226", "#117a65")
SPARK = "▁▂▃▄▅▆▇█"


def render(data: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return csv_text(data)
    if fmt == "md":
        return markdown(data)
    if fmt == "html":
        return html(data)
    raise ValueError(f"unknown format {fmt!r}; choose {', '.join(FORMATS)}")


def _teams(data: dict) -> list[dict]:
    return [t for g in data["games"] for t in g["teams"]]


def _relations(data: dict, team: dict) -> tuple[list[dict], list[dict]]:
    """A team's relation and dependence series, each with its power's colour."""
    by_id = {s["id"]: s for s in team["series"]}
    rel, dep = [], []
    for p in data["powers"]:
        if p["relation"] in by_id:
            rel.append({**by_id[p["relation"]], "color": p["color"], "label": p["name"]})
        if p["dependence"] and p["dependence"] in by_id:
            dep.append({**by_id[p["dependence"]], "color": p["color"], "label": p["name"]})
    return rel, dep


def _others(data: dict, team: dict) -> list[dict]:
    skip = {p["relation"] for p in data["powers"]} | {p["dependence"] for p in data["powers"] if p["dependence"]}
    return [s for s in team["series"] if s["id"] not in skip]


def _verdict(t: dict) -> str:
    if t["ending"]:
        return f"ended early: {t['ending']}"
    if t.get("in_progress"):
        return "in progress (a verdict reads the final score)"
    return t["verdict"] or "-"


BY = {"computer": "the team sent nothing: the computer played for it",
      "nothing": "the team sent nothing: no action",
      "choices": "not sent: its choices on the table when the turn was resolved"}


def _decided(step: dict) -> str:
    """What a team decided on a turn, in words, saying when the class decided for it."""
    did = ", ".join(step["actions"]) or "no action"
    return did + (f" ({BY[step['by']]})" if step.get("by") in BY else "")


def _moved(b: dict) -> str:
    """A change over the game as the values shown differ (62 → 61 reads -1)."""
    return signed(shown_change(b["start"], b["end"], b["decimals"]), b["decimals"])


def _game_heading(data: dict, g: dict) -> str:
    state = "finished" if g["over"] else f"in progress (turn {g['turn']} of {g['turns']})"
    return f"{g['group']}: {g['turns_played']} turns played, {state}"


# ================================================================================ Markdown

def spark(values: list[float], lo: float, hi: float) -> str:
    span = (hi - lo) or 1.0
    return "".join(SPARK[min(len(SPARK) - 1, max(0, int((v - lo) / span * (len(SPARK) - 1) + 0.5)))] for v in values)


def markdown(data: dict) -> str:
    out = [f"# Debrief: {data['title']}", "",
           f"*{data['scenario']['title']}*, seed {data['seed']}, {data['difficulty']}"
           + (", fictional names" if data["fictional"] else "") + ".", ""]
    teams = _teams(data)
    if len(teams) > 1:
        out += ["## The class", "", "| team | group | state | score | verdict | posture | adviser, same seed |",
                "|---|---|---|---:|---|---|---:|"]
        for t in data["class"]["scores"]:
            adv = f"{t['adviser_score']:.1f}" if t["adviser_score"] is not None else "-"
            out.append(f"| {_md(t['team'])} | {_md(t['group'])} | {_md(t['state_name'])} | {t['score']:.1f} | "
                       f"{_md(_verdict(t))} | {t['posture']['kind'] or '-'} | {adv} |")
        out.append("")
        for d in data["class"]["divergence"]:
            out += [f"**{_md(d['state_name'])}.** {_md(d['text'])}", ""]
            if d["first_turn"]:
                for w in d["teams"]:
                    did = _decided(w)
                    out.append(f"- {_md(w['team'])}, turn {d['first_turn']}: {_md(did)}"
                               + (f"; answered {_md('; '.join(w['answers']))}" if w["answers"] else ""))
                out.append("")
    for g in data["games"]:
        out += [f"## {_md(_game_heading(data, g))}", ""]
        for x in g["interventions"]:
            out.append(f"- Turn {x['turn']}: {_md(x['text'])}")
        if g["interventions"]:
            out.append("")
        for t in g["teams"]:
            out += _md_team(data, g, t)
    if data["questions"]:
        out += ["## Questions for discussion", ""] + [f"{k}. {_md(q)}" for k, q in enumerate(data["questions"], 1)] + [""]
    if data["transcript"]:
        out += ["## The instructor's log", ""] + [f"- {_md(x['at'])} {_md(x['who'])}: {_md(x['text'])}"
                                                 for x in data["transcript"]] + [""]
    return "\n".join(out).rstrip() + "\n"


def _md(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _md_team(data: dict, g: dict, t: dict) -> list[str]:
    adv = f"; the adviser scored {t['adviser_score']:.1f} on the same seed" if t["adviser_score"] is not None else ""
    out = [f"### {_md(t['team'])} ({_md(t['state_name'])})", "",
           f"Score **{t['score']:.1f}**: {_md(_verdict(t))}{adv}.", "",
           f"{_md(t['posture']['text'])}", "", "| score axis | points a turn | counts | adds |", "|---|---:|---:|---:|"]
    for a in t["axes"]:
        out.append(f"| {_md(a['name'])} | {a['per_turn']:.2f} | {a['weight']:g}x | {a['counts']:.2f} |")
    if t["ending_points"]:
        out.append(f"| ending | | | {t['ending_points']:+.2f} |")
    out += ["", "**The biggest changes and their causes**", ""]
    for b in t["biggest"]:
        d = b["decimals"]
        out.append(f"- {_md(b['name'])}: {number(b['start'], d)} → {number(b['end'], d)} {_md(b['unit'])} "
                   f"({_moved(b)})")
        for c in b["causes"]:
            out.append(f"  - {signed(c['amount'], d)} {_md(c['text'])}")
        if b["other_count"]:
            out.append(f"  - {signed(b['other_causes'], d)} from {b['other_count']} smaller causes")
    if t["escalations"]:
        out += ["", "**Escalation**", ""]
        out += [f"- Turn {e['turn']} ({e['date']}): {_md(e['text'])}" for e in t["escalations"]]
    out += ["", "**Indicators** (the start, each turn's opening, the end)", "", "| indicator | start | end | path |",
            "|---|---:|---:|---|"]
    for s in t["series"]:
        if s["values"]:
            out.append(f"| {_md(s['name'])} | {number(s['values'][0], s['decimals'])} | "
                       f"{number(s['values'][-1], s['decimals'])} | {spark(s['values'], s['min'], s['max'])} |")
    out += ["", "**Turn by turn**", ""]
    for step in t["timeline"]:
        out.append(f"- **Turn {step['turn']} ({step['date']})**, {step['score_turn']:+.2f} points"
                   + (f". News: {_md('; '.join(step['events']))}" if step["events"] else ""))
        out.append(f"  - Decided: {_md(_decided(step))}"
                   + (f"; answered {_md('; '.join(step['answers']))}" if step["answers"] else ""))
        if step["replies"]:
            out.append("  - The powers: " + _md("; ".join(f"{x['power']}: {x['reply']}" for x in step["replies"])))
        for line in step["ladder"]:
            out.append(f"  - {_md(line)}")
    return out + [""]


# ================================================================================ CSV

def csv_text(data: dict) -> str:
    """A row per team and turn: what it decided, what the powers did, the points the turn gave,
    and each of its indicators as the turn opened (what the team saw when it decided)."""
    teams = _teams(data)
    ids: list[str] = []
    names: dict[str, str] = {}
    for t in teams:
        for s in t["series"]:
            if s["id"] not in names:
                ids.append(s["id"])
                names[s["id"]] = s["name"]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["group", "team", "state", "turn", "date", "decided by", "actions", "answers", "replies",
                "escalation", "points", "score so far"] + [names[i] for i in ids])
    for g in data["games"]:
        for t in g["teams"]:
            series = {s["id"]: s["values"] for s in t["series"]}
            for k, step in enumerate(t["timeline"]):
                at = step["turn"] - g["first_turn"] + 1   # [0] is the start, [1] the first turn's opening
                text = _safe([g["group"], t["team"], t["state_name"]]) + [step["turn"]] + _safe([
                    step["date"], {"team": "team"}.get(step["by"], f"class ({step['by']})"),
                    "; ".join(step["actions"]), "; ".join(step["answers"]),
                    "; ".join(f"{x['power']}: {x['reply']}" for x in step["replies"]), "; ".join(step["ladder"])])
                numbers = [round(step["score_turn"], 3), round(t["score_path"][k], 3)]
                for i in ids:   # as the turn opened: what the team saw when it decided
                    vals = series.get(i, [])
                    numbers.append(round(vals[at], 4) if 0 <= at < len(vals) else "")
                w.writerow(text + numbers)
    return buf.getvalue()


def _safe(cells: Iterable[str]) -> list[str]:
    """Text cells a spreadsheet would not take for a formula (a team's name may start with '=');
    numbers are written as numbers, never through here."""
    return [("'" + x) if x[:1] in ("=", "+", "-", "@") else x for x in cells]


# ================================================================================ HTML

def _esc(x: Any) -> str:
    return _html.escape(str(x))


def line_chart(series: list[dict], labels: list[str], lo: float, hi: float, title: str,
               width: int = 560, height: int = 200, unit: str = "") -> str:
    """Lines over the points of a game, inline SVG: each series a dict with label, color, values."""
    left, right, top, bottom = 44, 150, 22, 24
    pts = max((len(s["values"]) for s in series), default=0)
    if pts == 0:
        return ""
    span = (hi - lo) or 1.0
    iw, ih = width - left - right, height - top - bottom

    def x(k: int) -> float:
        return left + (k / (pts - 1) * iw if pts > 1 else iw / 2)

    def y(v: float) -> float:
        return top + ih - (min(hi, max(lo, v)) - lo) / span * ih

    out = [f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
           f'aria-label="{_esc(title)}"><text x="{left}" y="14" font-size="13" font-weight="600">{_esc(title)}</text>']
    for v in (lo, (lo + hi) / 2, hi):
        out.append(f'<line x1="{left}" x2="{left + iw}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#ddd"/>'
                   f'<text x="{left - 4}" y="{y(v) + 4:.1f}" font-size="10" text-anchor="end">{v:g}</text>')
    if lo < 0 < hi:
        out.append(f'<line x1="{left}" x2="{left + iw}" y1="{y(0):.1f}" y2="{y(0):.1f}" stroke="#999"/>')
    step = max(1, (pts + 7) // 8)
    for k in range(0, pts, step):
        if k < len(labels):
            out.append(f'<text x="{x(k):.1f}" y="{height - 6}" font-size="10" text-anchor="middle">'
                       f'{_esc(labels[k])}</text>')
    for s in series:
        path = " ".join(f"{x(k):.1f},{y(v):.1f}" for k, v in enumerate(s["values"]))
        out.append(f'<polyline points="{path}" fill="none" stroke="{_esc(s["color"])}" stroke-width="2"/>')
    labelled = sorted(((y(s["values"][-1]), s) for s in series if s["values"] and s["label"]), key=lambda e: e[0])
    placed: list[float] = []
    for want, _ in labelled:   # top to bottom, each at least a line below the one above
        placed.append(max(want, placed[-1] + 11) if placed else want)
    shift = max(0.0, (placed[-1] if placed else 0) - (top + ih))   # keep the lowest inside the chart
    for (want, s), at in zip(labelled, placed):
        out.append(f'<text x="{x(len(s["values"]) - 1) + 6:.1f}" y="{at - shift + 4:.1f}" font-size="11" '
                   f'fill="{_esc(s["color"])}">{_esc(_short(s["label"]))}</text>')
    out.append("</svg>")
    return "".join(out)


def _short(label: str, most: int = 22) -> str:
    return label if len(label) <= most else label[:most - 1] + "…"


def _small(s: dict, labels: list[str]) -> str:
    d = s["decimals"]
    vals = s["values"]
    title = f"{s['name']}: {number(vals[0], d)} → {number(vals[-1], d)} {s['unit']}".rstrip()
    lo, hi = min(vals), max(vals)
    pad = (hi - lo) * 0.1 or max(abs(hi) * 0.1, 1.0)
    lo, hi = max(s["min"], lo - pad), min(s["max"], hi + pad)
    return line_chart([{"label": "", "color": "#1f6f8b", "values": vals}], labels, round(lo, 6), round(hi, 6), title,
                      width=280, height=130)


CSS = ("body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:62rem;margin:2rem auto;"
       "padding:0 1rem;color:#122;line-height:1.4}h1{margin-bottom:.2rem}h2{border-bottom:2px solid #1f6f8b;"
       "padding-bottom:.2rem;margin-top:2.2rem}h3{margin-top:1.8rem}table{border-collapse:collapse;margin:.5rem 0}"
       "td,th{padding:.25rem .6rem;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}"
       "td.n,th.n{text-align:right}.muted{color:#555}.charts{display:flex;flex-wrap:wrap;gap:.5rem}"
       ".posture{background:#eef6f8;padding:.5rem .8rem;border-left:4px solid #1f6f8b}"
       ".timeline td:first-child{white-space:nowrap}.esc{color:#a93226}ol li{margin:.3rem 0}"
       "svg text{font-family:inherit;fill:#122}@media print{h2{break-before:page}.charts{display:block}}")


def html(data: dict) -> str:
    """The debrief as one page that opens offline: no script, no outside file."""
    parts = ["<!doctype html><html lang='en'><head><meta charset='utf-8'>"
             "<meta name='viewport' content='width=device-width,initial-scale=1'>",
             f"<title>Debrief: {_esc(data['title'])}</title><style>{CSS}</style></head><body>",
             f"<h1>Debrief: {_esc(data['title'])}</h1>",
             f"<p class='muted'>{_esc(data['scenario']['title'])}; seed {data['seed']}, {_esc(data['difficulty'])}"
             + (", fictional names" if data["fictional"] else "") + ".</p>"]
    teams = _teams(data)
    if len(teams) > 1:
        parts.append(_html_class(data, teams))
    for g in data["games"]:
        parts.append(f"<h2>{_esc(_game_heading(data, g))}</h2>")
        if g["interventions"]:
            parts.append("<p><b>The instructor's hand</b></p><ul>"
                         + "".join(f"<li>Turn {x['turn']}: {_esc(x['text'])}</li>" for x in g["interventions"]) + "</ul>")
        for t in g["teams"]:
            parts.append(_html_team(data, g, t))
    if data["questions"]:
        parts.append("<h2>Questions for discussion</h2><ol>"
                     + "".join(f"<li>{_esc(q)}</li>" for q in data["questions"]) + "</ol>")
    if data["transcript"]:
        parts.append("<h2>The instructor's log</h2><table>"
                     + "".join(f"<tr><td>{_esc(x['at'])}</td><td>{_esc(x['who'])}</td><td>{_esc(x['text'])}</td></tr>"
                               for x in data["transcript"]) + "</table>")
    parts.append("<p class='muted'>Written by New Great Game (<code>greatgame report</code>). How each measure "
                 "is made: docs/classroom.md, \"The debrief\".</p></body></html>")
    return "".join(parts)


def _html_class(data: dict, teams: list[dict]) -> str:
    out = ["<h2>The class</h2><table><tr><th>team</th><th>group</th><th>state</th><th class='n'>score</th>"
           "<th>verdict</th><th>posture</th><th class='n'>adviser, same seed</th></tr>"]
    for t in data["class"]["scores"]:
        adv = f"{t['adviser_score']:.1f}" if t["adviser_score"] is not None else "-"
        out.append(f"<tr><td>{_esc(t['team'])}</td><td>{_esc(t['group'])}</td><td>{_esc(t['state_name'])}</td>"
                   f"<td class='n'>{t['score']:.1f}</td><td>{_esc(_verdict(t))}</td>"
                   f"<td>{_esc(t['posture']['kind'] or '-')}</td><td class='n'>{adv}</td></tr>")
    out.append("</table>")
    longest = max(data["games"], key=lambda g: g["turns_played"])
    labels = [f"T{longest['first_turn'] + k}" for k in range(longest["turns_played"])]
    paths = [{"label": t["team"], "color": TEAM_COLORS[k % len(TEAM_COLORS)],
              "values": [step["score_turn"] for step in t["timeline"]]} for k, t in enumerate(teams)]
    hi = max((max(p["values"]) for p in paths if p["values"]), default=1.0)
    lo = min((min(p["values"]) for p in paths if p["values"]), default=0.0)
    out.append(line_chart(paths, labels, math.floor(lo), math.ceil(hi), "Points each turn added to the score",
                          620, 240))
    for d in data["class"]["divergence"]:
        out.append(f"<h3>Where the {_esc(d['state_name'])} teams diverged</h3><p>{_esc(d['text'])}</p>")
        if d["first_turn"]:
            out.append(f"<table><tr><th>team</th><th>turn {d['first_turn']} ({_esc(d['date'])})</th>"
                       "<th class='n'>score</th><th>posture</th></tr>")
            for w in d["teams"]:
                did = _decided(w)
                if w["answers"]:
                    did += "; answered " + "; ".join(w["answers"])
                out.append(f"<tr><td>{_esc(w['team'])}</td><td>{_esc(did)}</td><td class='n'>{w['score']:.1f}</td>"
                           f"<td>{_esc(w['posture'] or '-')}</td></tr>")
            out.append("</table>")
    return "".join(out)


def _html_team(data: dict, g: dict, t: dict) -> str:
    labels = g["points"]
    adv = (f" The built-in adviser scored {t['adviser_score']:.1f} with this state on the same seed."
           if t["adviser_score"] is not None else "")
    out = [f"<h3>{_esc(t['team'])} ({_esc(t['state_name'])})</h3>",
           f"<p>Score <b>{t['score']:.1f}</b>: {_esc(_verdict(t))}. {_esc(t['verdict_text'])}{_esc(adv)}</p>",
           f"<p class='posture'>{_esc(t['posture']['text'])}</p>"]
    rel, dep = _relations(data, t)
    charts = []
    if rel:
        charts.append(line_chart(rel, labels, rel[0]["min"], rel[0]["max"], "Relations with the powers"))
    if dep:
        charts.append(line_chart(dep, labels, dep[0]["min"], dep[0]["max"], "Dependence on each power"))
    out.append("<div class='charts'>" + "".join(charts) + "</div>")
    out.append("<table><tr><th>score axis</th><th class='n'>points a turn</th><th class='n'>counts</th>"
               "<th class='n'>adds</th></tr>")
    for a in t["axes"]:
        out.append(f"<tr><td>{_esc(a['name'])}</td><td class='n'>{a['per_turn']:.2f}</td>"
                   f"<td class='n'>{a['weight']:g}x</td><td class='n'>{a['counts']:.2f}</td></tr>")
    if t["ending_points"]:
        out.append(f"<tr><td>ending</td><td></td><td></td><td class='n'>{t['ending_points']:+.2f}</td></tr>")
    out.append(f"<tr><th>total</th><th></th><th></th><th class='n'>{t['score']:.2f}</th></tr></table>")
    out.append("<p><b>The biggest changes and their causes</b></p><table>")
    for b in t["biggest"]:
        d = b["decimals"]
        out.append(f"<tr><td><b>{_esc(b['name'])}</b></td><td class='n'>{number(b['start'], d)} → "
                   f"{number(b['end'], d)} {_esc(b['unit'])}</td><td class='n'><b>{_moved(b)}</b>"
                   "</td></tr>")
        for c in b["causes"]:
            out.append(f"<tr><td class='muted'>&nbsp;&nbsp;{_esc(c['text'])}</td><td></td>"
                       f"<td class='n'>{signed(c['amount'], d)}</td></tr>")
        if b["other_count"]:
            out.append(f"<tr><td class='muted'>&nbsp;&nbsp;{b['other_count']} smaller causes</td><td></td>"
                       f"<td class='n'>{signed(b['other_causes'], d)}</td></tr>")
    out.append("</table>")
    if t["escalations"]:
        out.append("<p><b>Escalation</b></p><ul>" + "".join(
            f"<li class='{'esc' if e['kind'] == 'ladder' else ''}'>Turn {e['turn']} ({_esc(e['date'])}): "
            f"{_esc(e['text'])}</li>" for e in t["escalations"]) + "</ul>")
    else:
        out.append("<p class='muted'>No power pressed this state: no ladder moved and no reply was pressure.</p>")
    others = [s for s in _others(data, t) if s["values"] and len(set(s["values"])) > 1]
    if others:
        out.append("<details><summary>Every indicator, turn by turn</summary><div class='charts'>"
                   + "".join(_small(s, labels) for s in others) + "</div></details>")
    out.append("<p><b>Turn by turn</b></p><table class='timeline'><tr><th>turn</th><th>news</th><th>decided</th>"
               "<th>the powers</th><th class='n'>points</th></tr>")
    for step in t["timeline"]:
        did = _esc(_decided(step))
        if step["answers"]:
            did += "<br><span class='muted'>" + "<br>".join(_esc(a) for a in step["answers"]) + "</span>"
        powers = "<br>".join(_esc(f"{x['power']}: {x['reply']}") for x in step["replies"])
        powers += "".join(f"<br><span class='esc'>{_esc(line)}</span>" for line in step["ladder"])
        out.append(f"<tr><td>{step['turn']}<br><span class='muted'>{_esc(step['date'])}</span></td>"
                   f"<td>{'<br>'.join(_esc(e) for e in step['events'])}</td><td>{did}</td><td>{powers}</td>"
                   f"<td class='n'>{step['score_turn']:+.2f}</td></tr>")
    out.append("</table>")
    return "".join(out)
