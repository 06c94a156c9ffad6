"""Analysis benchmark: the default report of a scenario, with the games it played per second,
printed beside the target (docs/architecture.md, "Targets"). Nothing here asserts on time.

Run: .venv/bin/python benchmarks/analyze.py [SCENARIO] [--games N] [--no-search]
The target is the default report of the default scenario with at least 10 policies x 1,000 games
per state in under 10 s; the rate that needs is printed beside the rate measured.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.analysis.analyze import Settings, analyze, compared_policies  # noqa: E402
from game.engine.rules import Rules  # noqa: E402
from game.scenario import load_scenario  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("scenario", nargs="?", default=str(ROOT / "scenarios" / "busan_pause.yaml"))
    ap.add_argument("--games", type=int, default=100)
    ap.add_argument("--no-search", action="store_true")
    args = ap.parse_args()
    scenario = load_scenario(args.scenario)
    r = Rules(scenario)
    states = [s.id for s in scenario.model.states if s.playable]
    policies = max(len(compared_policies(r, s)) for s in states)
    t0 = time.perf_counter()
    report = analyze(scenario, Settings(games=args.games, search=not args.no_search))
    elapsed = time.perf_counter() - t0
    rate = report["games_played"] / elapsed
    needed = max(10, policies) * 1000 * len(states) / 10
    print(f"scenario: {scenario.model.meta.id}; {os.cpu_count()} cores; {policies} policies, {len(states)} states")
    print(f"{'report (--games ' + str(args.games) + ')':<44}{elapsed:10.1f} s, {report['games_played']:,} games")
    print(f"{'games per second':<44}{rate:10.0f}   target {needed:.0f} "
          f"(10 policies x 1,000 games x {len(states)} states in 10 s)")
    print(f"{'the target report would take':<44}{max(10, policies) * 1000 * len(states) / rate:10.0f} s   target 10 s")


if __name__ == "__main__":
    main()
