"""The class server under a full class: 40 teams (20 groups of the default scenario) join a
server started with `greatgame host`, each listening on its WebSocket as a team page does, and
play a whole game. Printed beside the targets (docs/architecture.md, "Targets"): the time from a
group's last order to both its teams having fetched the turn's report, and from the class's last
order of a turn to all 40; the server's peak memory. Nothing here asserts.

Run: .venv/bin/python benchmarks/classroom.py [--teams 40] [--turns N]
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import websockets

ROOT = Path(__file__).resolve().parent.parent
REPORT_TARGET_MS = 200
MEMORY_TARGET_MB = 250


def line(label: str, value: str, target: str) -> None:
    print(f"{label:<52}{value:>18}   target {target}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _class_file(folder: Path, teams: int, turns: int | None) -> Path:
    states = ["kz", "uz"]
    lines = ["title: Benchmark class", "scenario: busan_pause", "seed: 2025"]
    if turns:
        lines.append(f"turns: {turns}")
    lines.append("teams:")
    for k in range(teams):
        lines.append(f"  - {{name: Team {k + 1:02d}, state: {states[k % 2]}, group: G{k // 2 + 1:02d}}}")
    path = folder / "bench.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


class Client:
    """One team's page: a WebSocket that hears of changes, and the team's view fetched on each."""

    def __init__(self, base: str, http: httpx.AsyncClient, token: str, name: str):
        self.base, self.http, self.token, self.name = base, http, token, name
        self.headers = {"Authorization": f"Bearer {token}"}
        self.turn = 1
        self.over = False
        self.seen: dict[int, float] = {}   # turn -> when this client first saw it open (or the end)
        self.view: dict = {}

    async def fetch(self) -> None:
        r = await self.http.get("/api/team", headers=self.headers)
        self.view = r.json()
        obs = self.view["obs"]
        key = obs["turn"] + 1 if obs["over"] else obs["turn"]
        if key not in self.seen:
            self.seen[key] = time.perf_counter()
        self.turn, self.over = obs["turn"], obs["over"]

    async def listen(self, stop: asyncio.Event) -> None:
        async with websockets.connect(self.base.replace("http", "ws") + "/ws", max_queue=None) as ws:
            await ws.send(json.dumps({"token": self.token}))
            while not stop.is_set():
                try:
                    await asyncio.wait_for(ws.recv(), 0.5)
                except asyncio.TimeoutError:
                    continue
                await self.fetch()

    async def send_orders(self) -> float:
        """Answer every question with its first open answer and send no action; returns when the
        server answered (the moment the order is in)."""
        await self.fetch()
        for d in self.view["obs"]["decisions"]:
            opt = next(o for o in d["options"] if o["available"])
            await self.http.post("/api/team/answer", json={"decision": d["id"], "option": opt["id"]},
                                 headers=self.headers)
        r = await self.http.post("/api/team/send", json={}, headers=self.headers)
        assert r.status_code == 200, r.text
        return time.perf_counter()


async def run(base: str, code: str, teams: int) -> tuple[list[float], list[float], int]:
    limits = httpx.Limits(max_connections=200)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as http:
        clients = []
        for k in range(teams):
            name = f"Team {k + 1:02d}"
            r = await http.post("/api/join", json={"code": code, "team": name})
            r.raise_for_status()
            clients.append(Client(base, http, r.json()["token"], name))
        stop = asyncio.Event()
        listeners = [asyncio.create_task(c.listen(stop)) for c in clients]
        await asyncio.gather(*(c.fetch() for c in clients))
        group_ms, class_ms, turns = [], [], 0
        while not all(c.over for c in clients):
            turn = clients[0].turn
            sent = {}
            for c in clients:   # in turn, as teams do: each group resolves at its second order
                sent[c.name] = await c.send_orders()
            deadline = time.perf_counter() + 30
            while not all(turn + 1 in c.seen for c in clients) and time.perf_counter() < deadline:
                await asyncio.sleep(0.002)
            for a, b in zip(clients[0::2], clients[1::2]):
                last = max(sent[a.name], sent[b.name])
                group_ms.append((max(a.seen[turn + 1], b.seen[turn + 1]) - last) * 1000)
            class_ms.append((max(c.seen[turn + 1] for c in clients) - max(sent.values())) * 1000)
            turns += 1
        stop.set()
        await asyncio.gather(*listeners, return_exceptions=True)
    return group_ms, class_ms, turns


def _peak_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as fh:
        for ln in fh:
            if ln.startswith("VmHWM:"):
                return int(ln.split()[1]) / 1024
    return float("nan")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--teams", type=int, default=40)
    ap.add_argument("--turns", type=int, default=None, help="play only this many turns (default: the scenario's)")
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="ngg-bench-"))
    path = _class_file(folder, args.teams, args.turns)
    port = _free_port()
    env = dict(os.environ, GREATGAME_HOME=str(folder / "home"), PYTHONUNBUFFERED="1")
    server = subprocess.Popen([sys.executable, "-m", "game", "host", str(path), "--port", str(port)], cwd=ROOT,
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    code = None
    started = time.perf_counter()
    try:
        for ln in server.stdout:
            m = re.search(r"type the class code\s+([A-Z0-9]{6})", ln)
            if m:
                code = m.group(1)
            if "Stop with Ctrl+C" in ln:
                break
        if code is None:
            print("the server did not start", file=sys.stderr)
            return 1
        base = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                httpx.get(base + "/api/class", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.05)
        t0 = time.perf_counter()
        group_ms, class_ms, turns = asyncio.run(run(base, code, args.teams))
        played = time.perf_counter() - t0
        peak = _peak_mb(server.pid)
    finally:
        server.terminate()
        server.wait(10)
    print(f"{args.teams} teams in {args.teams // 2} groups, {turns} turns, played in {played:.1f} s "
          f"(server up in {t0 - started:.1f} s)")
    q = statistics.quantiles(group_ms, n=20)
    line("a group's last order -> both its teams see the report", f"median {statistics.median(group_ms):.0f} ms",
         f"< {REPORT_TARGET_MS} ms")
    line("  (95th percentile, worst)", f"{q[-1]:.0f} / {max(group_ms):.0f} ms", "")
    line("the class's last order -> all teams see the report", f"median {statistics.median(class_ms):.0f} ms",
         f"< {REPORT_TARGET_MS} ms")
    line("  (worst turn)", f"{max(class_ms):.0f} ms", "")
    line("the server's peak memory", f"{peak:.0f} MB", f"< {MEMORY_TARGET_MB} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
