"""Games in normal form from files: a small YAML format (with a schema, validated with line and
column like a scenario) or Gambit's `.nfg` format.

    # yaml-language-server: $schema=game.schema.json
    title: Choosing an offtake partner
    players:
      - name: Kazakhstan
        strategies: [US offtake, Chinese offtake]
      - name: China
        strategies: [Restraint, Pressure]
    payoffs:              # one row per strategy of the first player,
      - [[3, 1], [1, 0]]  # one [first player, second player] pair per strategy of the second
      - [[2, 3], [0, 2]]

With more players the payoffs nest one list deeper per player. A payoff is a number, or a fraction
in quotes ("1/3"); decimals are read exactly as written (0.1 is 1/10).
"""
from __future__ import annotations

import json
import re
from fractions import Fraction
from pathlib import Path
from typing import Any, Optional

import numpy as np
from pydantic import Field, ValidationError

from game.files import read_text
from game.scenario.diagnostics import Diagnostic, ScenarioInvalid
from game.scenario.load import model_diagnostics
from game.scenario.model import Line, Model, Name, Text
from game.scenario.source import SourceMap, read_yaml

from .equilibria import NormalForm

MAX_PROFILES = 100_000
"""No game file holds more profiles than this (the product of the players' strategy counts)."""


class GameInvalid(ScenarioInvalid):
    """A game file with errors; carries every diagnostic found."""


class PlayerSpec(Model):
    """A player and the strategies open to it."""

    name: Name = Field(description="The player's name, e.g. 'Kazakhstan'.")
    strategies: list[Name] = Field(min_length=1, max_length=100,
                                   description="Names of its strategies, in the order the payoffs list them.")


class GameFile(Model):
    """A game in normal form."""

    title: Line = Field(description="What the game is called.")
    description: Text = Field("", description="What it models, shown above the equilibria.")
    source: Optional[Text] = Field(None, description="Where the game or its payoffs come from.")
    players: list[PlayerSpec] = Field(min_length=2, max_length=6, description="The players, in order.")
    payoffs: list[Any] = Field(
        description="Nested lists: one level per player (its strategies, in order), and at the "
        "bottom one payoff per player, e.g. `[3, 1]`. A payoff is a number or a fraction in "
        "quotes, \"1/3\".")


def game_schema() -> dict:
    schema = GameFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "New Great Game: a game in normal form"
    return schema


def game_schema_text() -> str:
    return json.dumps(game_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


_FRACTION = re.compile(r"^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?(\s*/\s*\d+)?\s*$")


def exact(value: Any) -> Fraction | None:
    """A payoff as an exact fraction: whole numbers and fractions as they are, decimals as
    written (0.1 is 1/10); None if it is not a finite number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return None
        return Fraction(repr(value))
    if isinstance(value, str) and _FRACTION.match(value):
        try:
            f = Fraction(value.replace(" ", ""))
        except (ValueError, ZeroDivisionError):
            return None
        return f
    return None


def load_game(path: Path | str) -> NormalForm:
    """A game from a `.yaml` or `.nfg` file, or GameInvalid with every problem found.
    Raises OSError if the file cannot be read."""
    path = Path(path)
    if path.suffix.lower() == ".nfg":
        return _load_nfg(path)
    data, smap, problems = read_yaml(path)
    if data is None:
        raise GameInvalid(problems)
    if not isinstance(data, dict):
        raise GameInvalid(problems + [smap.diag((), "a game file must be a mapping with title, players "
                                                 "and payoffs", "see docs/classroom-equilibria.md")])
    try:
        spec = GameFile.model_validate(data)
    except ValidationError as exc:
        raise GameInvalid(problems + model_diagnostics(exc, smap, data, GameFile)) from None
    errors = [p for p in problems if p.severity == "error"]
    shape = tuple(len(p.strategies) for p in spec.players)
    if int(np.prod(shape)) > MAX_PROFILES:
        raise GameInvalid(errors + [smap.diag(("players",), f"the game has {int(np.prod(shape)):,} profiles; "
                                              f"at most {MAX_PROFILES:,} fit", "use fewer strategies")])
    payoffs = [np.empty(shape, dtype=object) for _ in shape]
    _fill(spec.payoffs, ("payoffs",), (), shape, spec, payoffs, smap, errors)
    for k, p in enumerate(spec.players):
        seen: dict[str, int] = {}
        for j, name in enumerate(p.strategies):
            if name in seen:
                errors.append(smap.diag(("players", k, "strategies", j),
                                        f"{p.name} has two strategies named '{name}'", "give each its own name"))
            seen[name] = j
    if errors:
        raise GameInvalid(errors)
    return NormalForm(spec.title, tuple(p.name for p in spec.players),
                      tuple(tuple(p.strategies) for p in spec.players), tuple(payoffs))


def _fill(node: Any, loc: tuple, profile: tuple[int, ...], shape: tuple[int, ...], spec: GameFile,
          payoffs: list[np.ndarray], smap: SourceMap, errors: list[Diagnostic]) -> None:
    depth = len(profile)
    if depth == len(shape):
        if not isinstance(node, list) or len(node) != len(shape):
            errors.append(smap.diag(loc, f"expected {len(shape)} payoffs here (one per player, "
                                    f"{', '.join(p.name for p in spec.players)}), found {_what(node)}",
                                    f"write them as [{', '.join('0' for _ in shape)}]"))
            return
        for k, v in enumerate(node):
            f = exact(v)
            if f is None:
                errors.append(smap.diag(loc + (k,), f"payoff {v!r} is not a number",
                                        "write a number such as 2 or -1.5, or a fraction in quotes, \"1/3\""))
                continue
            if abs(f) > 1e9:
                errors.append(smap.diag(loc + (k,), f"payoff {v!r} is too large", "keep payoffs within ±1e9"))
                continue
            payoffs[k][profile] = f
        return
    player = spec.players[depth]
    if not isinstance(node, list) or len(node) != shape[depth]:
        where = "" if depth == 0 else " for " + ", ".join(
            f"{spec.players[i].name} playing '{spec.players[i].strategies[s]}'" for i, s in enumerate(profile))
        errors.append(smap.diag(loc, f"expected {shape[depth]} entries here{where}, one per strategy of "
                                f"{player.name} ({', '.join(player.strategies)}), found {_what(node)}",
                                "each level of `payoffs` lists one player's strategies, in order"))
        return
    for k, item in enumerate(node):
        _fill(item, loc + (k,), profile + (k,), shape, spec, payoffs, smap, errors)


def _what(node: Any) -> str:
    if isinstance(node, list):
        return f"{len(node)}" if node else "an empty list"
    return repr(node) if not isinstance(node, dict) else "a mapping"


# --- Gambit's .nfg ---------------------------------------------------------------------------------

_TOKEN = re.compile(r'\s*(?:(?P<str>"(?:[^"\\]|\\.)*")|(?P<brace>[{}])|(?P<comma>,)|(?P<num>[^\s{},"]+))')


class _Tokens:
    def __init__(self, text: str, shown: str):
        self.items: list[tuple[str, str, int, int]] = []
        self.shown = shown
        line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        pos = 0
        import bisect

        while pos < len(text):
            m = _TOKEN.match(text, pos)
            if m is None or m.end() == pos:
                if text[pos:].strip() == "":
                    break
                raise self._error_at(text, pos, line_starts, "unreadable text", "check the quotes")
            kind = m.lastgroup or ""
            start = m.start(kind)
            line = bisect.bisect_right(line_starts, start)
            col = start - line_starts[line - 1] + 1
            value = m.group(kind)
            if kind == "str":
                value = value[1:-1].replace('\\"', '"').replace("\\\\", "\\")
            self.items.append((kind, value, line, col))
            pos = m.end()
        self.i = 0

    def _error_at(self, text, pos, line_starts, msg, hint):
        import bisect

        line = bisect.bisect_right(line_starts, pos)
        return GameInvalid([Diagnostic(self.shown, line, pos - line_starts[line - 1] + 1, "error", msg, hint)])

    def fail(self, msg: str, hint: str = "see Gambit's documentation of the .nfg format") -> GameInvalid:
        if self.i < len(self.items):
            _, _, line, col = self.items[self.i]
        else:
            line, col = (self.items[-1][2], self.items[-1][3]) if self.items else (1, 1)
        return GameInvalid([Diagnostic(self.shown, line, col, "error", msg, hint)])

    def peek(self) -> tuple[str, str] | None:
        return self.items[self.i][:2] if self.i < len(self.items) else None

    def take(self, kind: str, what: str) -> str:
        tok = self.peek()
        if tok is None or tok[0] != kind:
            raise self.fail(f"expected {what}, found {tok[1]!r}" if tok else f"expected {what}, the file ends")
        self.i += 1
        return tok[1]

    def number(self, what: str) -> Fraction:
        tok = self.peek()
        value = exact(tok[1]) if tok and tok[0] == "num" else None
        if value is None:
            raise self.fail(f"expected {what}, found {tok[1]!r}" if tok else f"expected {what}, the file ends")
        self.i += 1
        return value


def _load_nfg(path: Path) -> NormalForm:
    text = read_text(path, 5_000_000)
    t = _Tokens(text, str(path))
    if t.take("num", "'NFG' at the start") != "NFG":
        t.i -= 1
        raise t.fail("a .nfg file starts with 'NFG 1 R'")
    t.take("num", "the version 1")
    t.take("num", "R or D")
    title = t.take("str", "the title in quotes")
    t.take("brace", "'{' before the players")
    players: list[str] = []
    while t.peek() and t.peek()[0] == "str":
        players.append(t.take("str", "a player's name"))
    t.take("brace", "'}' after the players")
    if len(players) < 2:
        raise t.fail("a game needs at least two players")
    t.take("brace", "'{' before the strategies")
    strategies: list[tuple[str, ...]] = []
    for k, _ in enumerate(players):
        tok = t.peek()
        if tok and tok == ("brace", "{"):
            t.i += 1
            names = []
            while t.peek() and t.peek()[0] == "str":
                names.append(t.take("str", "a strategy's name"))
            t.take("brace", "'}' after the strategies")
        else:
            count = t.number("a number of strategies")
            if count.denominator != 1 or not 1 <= count <= 1000:
                raise t.fail(f"{count} is not a number of strategies")
            names = [str(i + 1) for i in range(int(count))]
        if not names:
            raise t.fail(f"{players[k]} has no strategies")
        strategies.append(tuple(names))
    t.take("brace", "'}' after the strategies")
    if t.peek() and t.peek()[0] == "str":   # the optional comment
        t.i += 1
    shape = tuple(len(s) for s in strategies)
    count = int(np.prod(shape))
    if count > MAX_PROFILES:
        raise t.fail(f"the game has {count:,} profiles; at most {MAX_PROFILES:,} fit")
    payoffs = [np.empty(shape, dtype=object) for _ in shape]
    # Profiles in Gambit's order: the first player's strategy changes fastest.
    profiles = [tuple(reversed(p)) for p in np.ndindex(*reversed(shape))]
    if t.peek() == ("brace", "{"):     # outcomes, then the outcome of each profile
        t.i += 1
        outcomes: list[tuple[Fraction, ...]] = []
        while t.peek() == ("brace", "{"):
            t.i += 1
            t.take("str", "the outcome's name in quotes")
            values = []
            while t.peek() and t.peek()[0] in ("num", "comma"):
                if t.peek()[0] == "comma":
                    t.i += 1
                    continue
                values.append(t.number("a payoff"))
            t.take("brace", "'}' after the outcome")
            if len(values) != len(players):
                t.i -= 1
                raise t.fail(f"outcome {len(outcomes) + 1} has {len(values)} payoffs, not {len(players)}")
            outcomes.append(tuple(values))
        t.take("brace", "'}' after the outcomes")
        for profile in profiles:
            index = t.number("the outcome of a profile")
            if index.denominator != 1 or not 0 <= index <= len(outcomes):
                t.i -= 1
                raise t.fail(f"outcome {index} does not exist (there are {len(outcomes)})")
            values = outcomes[int(index) - 1] if index else tuple(Fraction(0) for _ in players)
            for k, v in enumerate(values):
                payoffs[k][profile] = v
    else:
        for profile in profiles:
            for k in range(len(players)):
                payoffs[k][profile] = t.number(f"{len(players) * count} payoffs")
    if t.peek() is not None:
        raise t.fail(f"unexpected {t.peek()[1]!r} after the payoffs", "the game has more numbers than profiles")
    return NormalForm(title, tuple(players), tuple(strategies), tuple(payoffs))


# --- in words and as data --------------------------------------------------------------------------

def fraction_text(f: Fraction) -> str:
    """An exact number as people write it: 2, -1/3, and the decimal beside a fraction."""
    if f.denominator == 1:
        return str(f.numerator)
    return f"{f.numerator}/{f.denominator} (≈{float(f):.3g})"


def _mix(game: NormalForm, player: int, mix) -> str:
    played = [(game.strategies[player][k], p) for k, p in enumerate(mix) if p]
    if len(played) == 1:
        return f"plays {played[0][0]}"
    return "mixes " + ", ".join(f"{name} {_short(p)}" for name, p in played)


def _short(f: Fraction) -> str:
    return str(f.numerator) if f.denominator == 1 else f"{f.numerator}/{f.denominator}"


def describe(solution) -> str:
    """The equilibria in words: each as each player's strategy and expected payoff."""
    game = solution.game
    eqs = solution.equilibria
    pure = sum(1 for e in eqs if e.pure)
    lines = [game.title, ""]
    size = " × ".join(str(n) for n in game.shape)
    if solution.pure_only:
        lines.append(f"{len(game.players)} players ({size} strategies): pure equilibria only "
                     f"(mixed ones are computed for two players).")
    kinds = f"{pure} pure, {len(eqs) - pure} mixed" if not solution.pure_only else f"{pure} pure"
    if not eqs:
        lines.append("No equilibrium in pure strategies." if solution.pure_only else "No equilibrium found.")
        return "\n".join(lines) + "\n"
    word = "equilibrium" if len(eqs) == 1 else "equilibria"
    lines.append(f"{len(eqs)} {'extreme ' if solution.components and not solution.pure_only and _continua(solution) else ''}"
                 f"{word} ({kinds}):")
    for n, e in enumerate(eqs, 1):
        lines.append("")
        lines.append(f"{n}. {'Pure' if e.pure else 'Mixed'}:")
        for k, name in enumerate(game.players):
            lines.append(f"   {name} {_mix(game, k, e.strategies[k])}.")
        lines.append("   Expected payoffs: " + ", ".join(f"{name} {fraction_text(u)}"
                                                       for name, u in zip(game.players, e.payoffs)) + ".")
    for rows, cols in _continua(solution):
        lines.append("")
        lines.append("A whole set of equilibria: any mixture of the following, one side with the other, "
                     "is an equilibrium.")
        lines.append(f"   {game.players[0]}: " + "; or ".join(
            _mix(game, 0, solution.row_vertices[i]) for i in rows) + ".")
        lines.append(f"   {game.players[1]}: " + "; or ".join(
            _mix(game, 1, solution.column_vertices[j]) for j in cols) + ".")
    return "\n".join(lines) + "\n"


def _continua(solution):
    return [(rows, cols) for rows, cols in solution.components if len(rows) > 1 or len(cols) > 1]


def as_json(solution) -> dict:
    """The equilibria as data: exact values as strings ("2/3"), with their decimals."""
    game = solution.game

    def mix(k, m):
        return {name: str(p) for name, p in zip(game.strategies[k], m)}

    return {
        "title": game.title,
        "players": [{"name": n, "strategies": list(s)} for n, s in zip(game.players, game.strategies)],
        "pure_only": solution.pure_only,
        "equilibria": [{
            "pure": e.pure,
            "strategies": {name: mix(k, e.strategies[k]) for k, name in enumerate(game.players)},
            "payoffs": {name: str(u) for name, u in zip(game.players, e.payoffs)},
            "payoffs_decimal": {name: float(u) for name, u in zip(game.players, e.payoffs)},
        } for e in solution.equilibria],
        "components": [{
            game.players[0]: [mix(0, solution.row_vertices[i]) for i in rows],
            game.players[1]: [mix(1, solution.column_vertices[j]) for j in cols],
        } for rows, cols in solution.components],
    }
