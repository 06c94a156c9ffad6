"""The balance report in words (text), and as a self-contained page with charts (HTML)."""
from __future__ import annotations

import html as _html

from .analyze import FINDINGS


def _pct(x) -> str:
    return "-" if x is None else f"{x:.0%}"


def _recipe(recipe) -> str:
    if isinstance(recipe, dict):
        return "; ".join(f"turn {t}: {', '.join(a)}" for t, a in sorted(recipe.items(), key=lambda kv: int(kv[0])))
    return ", ".join(recipe) if recipe else "(nothing)"


def text(report: dict) -> str:
    """A readable report: findings first, then per state the policies and the adviser's play."""
    sc, st = report["scenario"], report["settings"]
    lines = [f"Balance report: {sc['title']}",
             f"{st['games']} games per policy and state (seeds {st['seed']}..{st['seed'] + st['games'] - 1}), "
             f"{st['difficulty']}; other states played by the adviser. "
             f"{report['games_played']:,} games in {report['seconds']:.0f} s ({report['games_per_second']:.0f} a second).",
             ""]
    findings = report["findings"]
    lines.append(f"Findings ({len(findings)}):" if findings else "Findings: none.")
    for f in findings:
        lines.append(f"  [{f['id']}] {f['message']}")
        if f["detail"]:
            lines.append(f"      {f['detail']}")
    lines.append("  (what each finding means and what authors usually change: docs/analysis.md)")
    for sid, s in report["states"].items():
        lines += ["", f"== {s['name']} ({sid}) " + "=" * max(0, 60 - len(s["name"]))]
        lines.append(f"{'policy':<34}{'mean':>6}{'sd':>6}{'p10':>6}{'median':>7}{'p90':>6}{'win':>6}"
                     f"{'> adv':>7}  endings")
        for p in s["policies"]:
            ends = ", ".join(f"{e} {v['share']:.0%} (t{v['mean_turn']:.0f})" for e, v in p["endings"].items()) or "-"
            lines.append(f"{p['label'][:33]:<34}{p['mean']:6.1f}{p['sd']:6.1f}{p['p10']:6.1f}{p['median']:7.1f}"
                         f"{p['p90']:6.1f}{_pct(p['win_share']):>6}{_pct(p['beats_adviser']):>7}  {ends}")
        axes = list(s["policies"][0]["axes"])
        lines.append("")
        lines.append("Score by axis (points, averaged over the term):")
        lines.append(f"{'policy':<34}" + "".join(f"{a[:11]:>12}" for a in axes))
        for p in s["policies"]:
            lines.append(f"{p['label'][:33]:<34}" + "".join(f"{p['axes'][a]:12.2f}" for a in axes))
        adv = s["adviser"]
        lines += ["", "The adviser's actions (share of games; turns taken):"]
        for a in sorted(adv["actions"], key=lambda a: -a["share"]):
            if a["share"] == 0:
                continue
            turns = ", ".join(f"{t}:{k}" for t, k in a["turns"].items())
            lines.append(f"  {a['share']:>4.0%}  {a['name'][:48]:<48} first t{a['first_turn']:.1f}  [{turns}]")
        never = [a["name"] for a in adv["actions"] if a["share"] == 0]
        if never:
            lines.append("  never: " + "; ".join(never))
        lines += ["", "Events (share of games they fire in):"]
        for e in sorted(adv["events"], key=lambda e: -e["share"]):
            lines.append(f"  {e['share']:>4.0%}  {e['name']} ({e['kind']})")
        lines += ["", "Replies of the powers (share of their replies):"]
        powers = sc.get("powers", {})
        for pid, reps in adv["replies"].items():
            lines.append(f"  {powers.get(pid, pid)}: " + "; ".join(f"{r['name']} {r['share']:.0%}" for r in
                                                  sorted(reps, key=lambda r: -r["share"])))
        lines += ["", "Ladders (highest rung reached: share of games):"]
        for pid, lad in adv["ladders"].items():
            lines.append(f"  {powers.get(pid, pid)}: " + ", ".join(f"rung {k} {v:.0%}" for k, v in lad["highest"].items()))
        lines.append(f"Money left at the end: {adv['money_left']:.1f} on average.")
        if s.get("worth"):
            lines += ["", f"What each action is worth ({st['worth_games']} adviser games with it taken out; "
                      "change in the mean score):"]
            for w in s["worth"]:
                lines.append(f"  {w['delta']:+6.2f}  {w['name']}")
        if s.get("search"):
            lines += ["", "Search for a blind recipe (hill-climbs on seeds of their own, checked here):"]
            for key, label in (("priorities", "priority list"), ("sequence", "fixed sequence")):
                f = s["search"][key]
                against = (f", the strong adviser on {_pct(f['beats_planner'])} of {f['planner_games']}"
                           if "beats_planner" in f else "")
                lines.append(f"  best {label}: mean {f['mean']:.1f}, win {_pct(f['win_share'])}, beats the adviser on "
                             f"{_pct(f['beats_adviser'])} of seeds{against}")
                lines.append(f"    {_recipe(f['recipe'])}")
    for t in report.get("strategy_tables", []):
        lines += ["", f"== Strategies: {report['states'].get(t['state'], {}).get('name', t['state'])} against "
                  f"{t.get('power_name', t['power'])} (mean score, power's payoff) ==", ""]
        width = max(len(n) for n in t["row_names"]) + 2
        lines.append(" " * width + "".join(f"{c[:18]:>20}" for c in t["col_names"]))
        for name, row in zip(t["row_names"], t["payoffs"]):
            lines.append(f"{name:<{width}}" + "".join(f"{f'{a:.2f}, {b:.2f}':>20}" for a, b in row))
        eqs = t["equilibria"]["equilibria"]
        lines.append("")
        lines.append(f"Nash equilibria of this table ({len(eqs)}):")
        for e in eqs:
            parts = []
            for player, mix in e["strategies"].items():
                played = [f"{k} {v}" if v != "1" else k for k, v in mix.items() if v != "0"]
                parts.append(f"{player}: {', '.join(played)}")
            lines.append("  " + "; ".join(parts) + "  → " + ", ".join(f"{k} {v:.2f}" for k, v in e["payoffs_decimal"].items()))
    return "\n".join(lines) + "\n"


# --- HTML -------------------------------------------------------------------------------------------

def _esc(x) -> str:
    return _html.escape(str(x))


def _boxes(values_by_label: list[tuple[str, dict]], width=640) -> str:
    """Box plots (p10, median, p90, min, max) of the score of each policy, as inline SVG."""
    lows = [p["min"] for _, p in values_by_label]
    highs = [p["max"] for _, p in values_by_label]
    lo, hi = min(lows), max(highs)
    span = (hi - lo) or 1.0
    row = 22
    h = row * len(values_by_label) + 30
    left = 230

    def x(v):
        return left + (v - lo) / span * (width - left - 20)
    out = [f'<svg viewBox="0 0 {width} {h}" width="{width}" height="{h}" role="img" aria-label="score by policy">']
    for k, (label, p) in enumerate(values_by_label):
        y = 10 + k * row
        out.append(f'<text x="{left - 8}" y="{y + 12}" text-anchor="end" font-size="12">{_esc(label)}</text>')
        out.append(f'<line x1="{x(p["min"]):.1f}" x2="{x(p["max"]):.1f}" y1="{y + 8}" y2="{y + 8}" stroke="#999"/>')
        out.append(f'<rect x="{x(p["p10"]):.1f}" y="{y + 2}" width="{max(1, x(p["p90"]) - x(p["p10"])):.1f}" '
                   f'height="12" fill="#4aa3a1" opacity="0.7"/>')
        out.append(f'<line x1="{x(p["median"]):.1f}" x2="{x(p["median"]):.1f}" y1="{y}" y2="{y + 16}" '
                   f'stroke="#123" stroke-width="2"/>')
    for v in (lo, (lo + hi) / 2, hi):
        out.append(f'<text x="{x(v):.1f}" y="{h - 4}" font-size="11" text-anchor="middle">{v:.1f}</text>')
    out.append("</svg>")
    return "".join(out)


def _bars(items: list[tuple[str, float]], width=640) -> str:
    row = 18
    h = row * len(items) + 6
    left = 330
    out = [f'<svg viewBox="0 0 {width} {h}" width="{width}" height="{h}" role="img" aria-label="pick rates">']
    for k, (label, share) in enumerate(items):
        y = 3 + k * row
        out.append(f'<text x="{left - 8}" y="{y + 12}" text-anchor="end" font-size="12">{_esc(label[:48])}</text>')
        out.append(f'<rect x="{left}" y="{y + 2}" width="{share * (width - left - 50):.1f}" height="12" fill="#c98b2e"/>')
        out.append(f'<text x="{left + share * (width - left - 50) + 4:.1f}" y="{y + 12}" font-size="11">{share:.0%}</text>')
    out.append("</svg>")
    return "".join(out)


def html(report: dict) -> str:
    """A self-contained page: no script, no outside file; charts are inline SVG."""
    sc, st = report["scenario"], report["settings"]
    parts = [f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Balance report: {_esc(sc['title'])}</title>",
             "<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#123}"
             "table{border-collapse:collapse;margin:.5rem 0}td,th{padding:.2rem .6rem;border-bottom:1px solid #ddd;"
             "text-align:right}td:first-child,th:first-child{text-align:left}code{background:#f3f3f3}"
             ".finding{margin:.2rem 0}.id{font-family:monospace;background:#fde9c9;padding:0 .3rem}</style></head><body>",
             f"<h1>Balance report: {_esc(sc['title'])}</h1>",
             f"<p>{st['games']} games per policy and state, {_esc(st['difficulty'])}, seeds from {st['seed']}; "
             f"other states played by the adviser. {report['games_played']:,} games in {report['seconds']:.0f} s.</p>",
             f"<h2>Findings ({len(report['findings'])})</h2>"]
    for f in report["findings"]:
        parts.append(f"<p class='finding'><span class='id'>{_esc(f['id'])}</span> {_esc(f['message'])}"
                     + (f"<br><small>{_esc(f['detail'])}</small>" if f["detail"] else "") + "</p>")
    parts.append("<p><small>What each finding means and what authors usually change: docs/analysis.md. "
                 + "; ".join(f"<b>{_esc(k)}</b>: {_esc(v)}" for k, v in FINDINGS.items()) + ".</small></p>")
    for sid, s in report["states"].items():
        parts.append(f"<h2>{_esc(s['name'])}</h2><h3>Score by policy</h3>")
        parts.append(_boxes([(p["label"], p) for p in s["policies"]]))
        parts.append("<table><tr><th>policy</th><th>mean</th><th>sd</th><th>p10</th><th>median</th><th>p90</th>"
                     "<th>win</th><th>beats adviser</th><th>endings</th></tr>")
        for p in s["policies"]:
            ends = ", ".join(f"{e} {v['share']:.0%}" for e, v in p["endings"].items()) or "-"
            parts.append(f"<tr><td>{_esc(p['label'])}</td><td>{p['mean']:.1f}</td><td>{p['sd']:.1f}</td>"
                         f"<td>{p['p10']:.1f}</td><td>{p['median']:.1f}</td><td>{p['p90']:.1f}</td>"
                         f"<td>{_pct(p['win_share'])}</td><td>{_pct(p['beats_adviser'])}</td><td>{_esc(ends)}</td></tr>")
        parts.append("</table><h3>The adviser's pick rates</h3>")
        parts.append(_bars([(a["name"], a["share"]) for a in sorted(s["adviser"]["actions"], key=lambda a: -a["share"])]))
        parts.append("<h3>Events</h3>")
        parts.append(_bars([(e["name"], e["share"]) for e in sorted(s["adviser"]["events"], key=lambda e: -e["share"])]))
        if s.get("worth"):
            parts.append("<h3>What each action is worth</h3><table><tr><th>action taken out</th><th>mean</th>"
                         "<th>change</th></tr>")
            for w in s["worth"]:
                parts.append(f"<tr><td>{_esc(w['name'])}</td><td>{w['mean']:.2f}</td><td>{w['delta']:+.2f}</td></tr>")
            parts.append("</table>")
        if s.get("search"):
            parts.append("<h3>Blind recipes found</h3>")
            for key in ("priorities", "sequence"):
                f = s["search"][key]
                parts.append(f"<p><b>{'Priority list' if key == 'priorities' else 'Fixed sequence'}</b>: mean "
                             f"{f['mean']:.1f}, beats the adviser on {_pct(f['beats_adviser'])} of seeds"
                             + (f", the strong adviser on {_pct(f['beats_planner'])} of {f['planner_games']}"
                                if "beats_planner" in f else "") + ".<br>"
                             f"<code>{_esc(_recipe(f['recipe']))}</code></p>")
    for t in report.get("strategy_tables", []):
        parts.append(f"<h2>Strategies: {_esc(report['states'].get(t['state'], {}).get('name', t['state']))} against "
                     f"{_esc(t.get('power_name', t['power']))}</h2><table><tr><th></th>"
                     + "".join(f"<th>{_esc(c)}</th>" for c in t["col_names"]) + "</tr>")
        for name, row in zip(t["row_names"], t["payoffs"]):
            parts.append(f"<tr><td>{_esc(name)}</td>" + "".join(f"<td>{a:.2f}, {b:.2f}</td>" for a, b in row) + "</tr>")
        parts.append("</table><p>Nash equilibria:</p><ul>")
        for e in t["equilibria"]["equilibria"]:
            parts.append("<li>" + _esc("; ".join(f"{pl}: " + ", ".join(f"{k} {v}" for k, v in mix.items() if v != "0")
                                                 for pl, mix in e["strategies"].items())) + "</li>")
        parts.append("</ul>")
    parts.append("</body></html>")
    return "".join(parts)
