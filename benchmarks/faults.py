"""Fault sweep: bad files on every surface that reads them, and kill -9 during saves.

    .venv/bin/python benchmarks/faults.py [--kills 200]

Too slow for the test suite (tests/test_bad_files.py keeps one case of each class there). Every
case must end in a message or a default, never a traceback or a hang, and must leave every other
save byte for byte as it was. Prints the cases tried and what happened to each class; exits 1 if
any case failed.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

from game.engine import Game, Orders, SaveError, load_game, write_save  # noqa: E402
from game.scenario import load_scenario  # noqa: E402

MINI = ROOT / "tests" / "scenarios" / "mini.yaml"


def bad_contents(good: dict) -> dict[str, bytes]:
    """Damaged versions of a good save, by kind of damage."""
    out: dict[str, bytes] = {}
    for field in list(good):
        for value in ("x", None, 1.5, True, -1, [], {}, "9" * 5000, float("inf")):
            data = dict(good)
            data[field] = value
            out[f"{field}={str(value)[:12]}"] = json.dumps(data, allow_nan=True).encode()
    out["empty"] = b""
    out["truncated"] = json.dumps(good).encode()[: len(json.dumps(good)) // 2]
    out["nested"] = b"[" * 200_000 + b"]" * 200_000
    out["random bytes"] = os.urandom(4096)
    out["latin-1"] = json.dumps(good).encode().replace(b'"p"', b'"\xe9"')
    out["NaN"] = json.dumps({**good, "seed": float("nan")}, allow_nan=True).encode()
    return out


def sweep_saves(mini, folder: Path) -> tuple[int, list[str]]:
    game = Game(mini, seed=3, humans=["p"])
    game.submit("p", Orders(("summit",)))
    game.resolve()
    good = write_save(game, folder / "good.json")
    witness = good.read_bytes()
    from game.session import describe_save
    from game.ui.settings import Settings

    failures, tried = [], 0
    for name, content in bad_contents(json.loads(witness)).items():
        bad = folder / "bad.json"
        bad.write_bytes(content)
        for surface, run in (("load", lambda: load_game(bad, lambda _id: mini)),
                             ("load list", lambda: describe_save(bad, lambda _id: mini))):
            tried += 1
            try:
                run()
            except SaveError:
                pass
            except Exception as exc:  # noqa: BLE001 - the sweep reports every other exception
                failures.append(f"save {name} / {surface}: {type(exc).__name__}: {exc}")
        os.environ["GREATGAME_HOME"] = str(folder)
        (folder / "settings.json").write_bytes(content)
        tried += 1
        try:
            Settings.load()
        except Exception as exc:  # noqa: BLE001
            failures.append(f"settings {name}: {type(exc).__name__}: {exc}")
    if good.read_bytes() != witness:
        failures.append("the good save changed")
    return tried, failures


WRITER = """
import sys, time
sys.path.insert(0, {root!r})
from game.engine import Game, write_save
from game.scenario import load_scenario
game = Game(load_scenario({mini!r}), seed=1, humans=["p"])
n = 0
while True:
    write_save(game, {target!r})
    n += 1
"""


def sweep_kills(folder: Path, kills: int) -> tuple[int, list[str]]:
    """Kill a process that writes saves over and over, at random moments: the save must load."""
    target = folder / "killed.json"
    mini = load_scenario(MINI)
    failures = []
    rnd = random.Random(7)
    for k in range(kills):
        proc = subprocess.Popen([sys.executable, "-c", WRITER.format(root=str(ROOT), mini=str(MINI),
                                                                     target=str(target))])
        time.sleep(0.6 + rnd.random() * 0.3)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if target.exists():
            try:
                load_game(target, lambda _id: mini)
            except SaveError as exc:
                failures.append(f"kill {k}: {exc}")
    return kills, failures


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--kills", type=int, default=40)
    args = ap.parse_args()
    mini = load_scenario(MINI)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows = [("damaged saves and settings", *sweep_saves(mini, folder)),
                ("kill -9 while saving", *sweep_kills(folder, args.kills))]
        leftovers = list(folder.glob("*.tmp"))
    total = 0
    for name, tried, failures in rows:
        total += len(failures)
        print(f"{name:<30} {tried:5} cases   {len(failures)} failed")
        for f in failures[:10]:
            print("   ", f)
    print(f"temporary files left by killed writers: {len(leftovers)} (removed with the folder; never loaded)")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
