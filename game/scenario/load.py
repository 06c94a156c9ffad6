"""Loading a scenario: read safe YAML, build the typed model, check every reference, in one pass.

`load_scenario(path)` returns a `LoadedScenario` or raises `ScenarioInvalid` carrying every
diagnostic. `check_scenario(path)` returns the diagnostics without raising (for `validate`).
"""
from __future__ import annotations

import dataclasses

import functools
import hashlib
import json
import re
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from . import model as m
from .diagnostics import Diagnostic, ScenarioInvalid, did_you_mean
from .formula import Formula, FormulaError, parse_formula
from .source import SourceMap, read_yaml

FORMAT = 1
SCHEMA_FILE = "scenario.schema.json"


@dataclass
class LoadedScenario:
    """A valid scenario, with its formulas parsed and its content hash for saves."""

    model: m.Scenario
    path: Path
    digest: str
    formulas: dict[str, Formula] = field(default_factory=dict)
    warnings: list[Diagnostic] = field(default_factory=list)
    played_turns: int | None = None   # set when played shorter than the file says (`played_for`)

    def __repr__(self) -> str:
        return f"LoadedScenario({self.model.meta.id!r}, {str(self.path)!r})"

    def formula(self, text: str) -> Formula:
        return self.formulas[text]

    def played_for(self, turns: int | None) -> "LoadedScenario":
        """The scenario played for `turns` turns instead of its own length (a class may play a
        shorter game); None or its own length: the scenario itself."""
        meta = self.model.meta
        if turns is None or turns == meta.turns:
            return self
        if not 1 <= turns <= meta.turns:
            raise ValueError(f"{turns} turns: '{meta.title}' can be played for 1 to {meta.turns} turns")
        # The scenario's words speak of its own length; the briefing says this game is shorter.
        note = (f"This game is played for {turns} of the scenario's {meta.turns} turns: it ends sooner "
                "than the text above says.")
        briefing = f"{meta.briefing.rstrip()}\n\n{note}" if meta.briefing.strip() else note
        model = self.model.model_copy(update={"meta": meta.model_copy(update={"turns": turns, "briefing": briefing})})
        return dataclasses.replace(self, model=model, played_turns=turns)

    @functools.cached_property
    def rules_digest(self) -> str:
        """A hash of what decides the numbers, leaving out the words (names, texts, sources,
        colours): a save outlives a teacher's correction of a typo, not a change of the rules."""
        # In the file's own order (the engine sums some mappings in that order, so it matters).
        return hashlib.sha256(json.dumps(_rules_only(self.model)).encode()).hexdigest()


WORDS = {"name", "description", "text", "again", "summary", "briefing", "goals", "label", "reason", "note",
         "title", "questions", "supplier_name", "region_name", "sources", "source", "fictional_words",
         "fictional_name", "short_name", "fictional_short_name", "color", "url", "debrief"}
"""Keys whose values are words for people, never read by the rules."""


def _rules_only(node: Any) -> Any:
    """The model as plain data without the fields in WORDS. Only declared fields are left out: the
    keys of a mapping are ids (an indicator may be called `note`) and always count."""
    if isinstance(node, BaseModel):
        return {k: _rules_only(getattr(node, k)) for k in type(node).model_fields if k not in WORDS}
    if isinstance(node, dict):
        return {str(k): _rules_only(v) for k, v in node.items()}
    if isinstance(node, (list, tuple)):
        return [_rules_only(v) for v in node]
    if isinstance(node, (str, int, float, bool)) or node is None:
        return node
    return str(node)  # dates


def check_scenario(path: Path, display: str | None = None) -> tuple[LoadedScenario | None, list[Diagnostic]]:
    """Load and validate; return the scenario (None if any error) and all diagnostics.

    Raises OSError if the file cannot be read.
    """
    data, smap, problems = read_yaml(path, display)
    if data is None:
        return None, problems
    if not isinstance(data, dict):
        problems.append(smap.diag((), "a scenario file must be a mapping of keys (format, meta, …)",
                                  "start from a shipped scenario under scenarios/"))
        return None, problems
    if data.get("format") not in (None, FORMAT):
        problems.append(smap.diag(("format",), f"unknown format {data.get('format')!r}",
                                  f"this version of the game reads format {FORMAT}"))
        return None, problems
    if not _has_schema_line(smap):
        problems.append(Diagnostic(smap.path, 1, 1, "warning",
                                   "no `# yaml-language-server: $schema=` line",
                                   f"add `# yaml-language-server: $schema={SCHEMA_FILE}` as the first "
                                   "line for editor completion"))
    said = {(p.line, p.col) for p in problems if p.severity == "error"}   # a value the reader explained: not twice
    try:
        scenario = m.Scenario.model_validate(data)
    except ValidationError as exc:
        problems.extend(d for d in model_diagnostics(exc, smap, data) if (d.line, d.col) not in said)
        # Check references on whatever did validate, so authors see everything in one pass.
        problems.extend(_check_salvaged(data, smap))
        return None, _dedupe(problems)
    formulas: dict[str, Formula] = {}
    problems.extend(_check(scenario, smap, formulas, data, design=True))
    problems = _dedupe(problems)
    if any(p.severity == "error" for p in problems):
        return None, problems
    digest = smap.digest  # of the very bytes that were checked; the file is read once
    loaded = LoadedScenario(scenario, path, digest, formulas, [])
    problems = _dedupe(problems + _real_names_left(loaded, smap))
    loaded.warnings[:] = [p for p in problems if p.severity == "warning"]
    return loaded, problems


def _real_names_left(loaded: LoadedScenario, smap: SourceMap) -> list[Diagnostic]:
    """Warnings for real names a text still shows with fictional names on, each at its text."""
    from .fictional import real_names_left   # it builds on this module

    return [smap.diag(loc, f"the real name '{name}' is left in this text when fictional names are on",
                      f"add it to meta.fictional_words, e.g. `{name}: the ...`", severity="warning")
            for loc, name in dict.fromkeys(real_names_left(loaded))]


def load_scenario(path: Path | str) -> LoadedScenario:
    """Load a valid scenario or raise `ScenarioInvalid` with every problem found."""
    loaded, problems = check_scenario(Path(path))
    if loaded is None:
        raise ScenarioInvalid(problems)
    return loaded


@functools.lru_cache(maxsize=1)
def _map_names() -> tuple[frozenset[str], frozenset[str], tuple | None]:
    """The countries, routes and view (west, south, east, north) of the game's map
    (assets/central_asia_map.json), for checking a scenario's `map:`; empty (nothing checked) if the
    map cannot be read."""
    from game.files import FileProblem, read_json
    from game.paths import assets_dir

    try:
        data = read_json(assets_dir() / "central_asia_map.json", 20_000_000)
        view = tuple(float(x) for x in data.get("view", ())) or None
        return (frozenset(str(c["iso"]) for c in data.get("countries", []) if c.get("iso") not in (None, "-99")),
                frozenset(str(r["id"]) for r in data.get("corridors", []) if r.get("keywords")),
                view if view is not None and len(view) == 4 else None)
    except (FileProblem, OSError, ValueError, KeyError, TypeError, AttributeError):
        return frozenset(), frozenset(), None


def _has_schema_line(smap: SourceMap) -> bool:
    return "yaml-language-server: $schema=" in "\n".join(smap.lines)[:400]


def _dedupe(problems: list[Diagnostic]) -> list[Diagnostic]:
    return sorted(set(problems), key=lambda d: (d.line, d.col, d.message))


# --- pydantic errors into diagnostics -----------------------------------------------------------

def _model_at(loc: tuple[Any, ...], root: type[BaseModel] = m.Scenario) -> type[BaseModel] | None:
    """The model class expected at a location of the document, following field annotations."""
    current: Any = root
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        fld = current.model_fields.get(part)
        if fld is None:
            return None
        current = _inner(fld.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner(annotation: Any) -> Any:
    for _ in range(4):
        args = typing.get_args(annotation)
        if not args:
            return annotation
        models = [a for a in args if _is_model(a)]
        if models:
            return models[0]
        annotation = args[0]
    return annotation


def _description(loc: tuple[Any, ...], root: type[BaseModel] = m.Scenario) -> str:
    """The model's description of the field at `loc` (the documentation of that key), or ''."""
    parent = _model_at(loc[:-1], root) if loc else None
    if parent is None or not loc or loc[-1] not in parent.model_fields:
        return ""
    return (parent.model_fields[loc[-1]].description or "").rstrip(".")


_TYPE_WORDS = {
    "float_parsing": "a number", "float_type": "a number", "int_parsing": "a whole number",
    "int_type": "a whole number", "int_from_float": "a whole number", "string_type": "text",
    "bool_parsing": "true or false", "bool_type": "true or false", "list_type": "a list (- item)",
    "dict_type": "a mapping (key: value)", "model_type": "a mapping (key: value)",
    "model_attributes_type": "a mapping (key: value)",
    "date_from_datetime_parsing": "a date YYYY-MM-DD", "date_parsing": "a date YYYY-MM-DD",
    "date_type": "a date YYYY-MM-DD", "literal_error": "",
}

_SINGULAR = {
    "indicators": "indicator", "states": "state", "powers": "power", "actions": "action",
    "events": "event", "links": "link", "responses": "response", "rungs": "rung",
    "choices": "choice", "stages": "stage", "axes": "axis", "endings": "ending",
    "verdicts": "verdict", "sources": "source", "effects": "effect", "backdown_effects": "effect",
    "when": "condition", "rearm_when": "condition", "visible_when": "condition", "any": "condition",
    "available_when": "requirement", "who": "state", "excludes": "action", "questions": "question",
    "authors": "author",
}

_BRANCH_TAGS = ("float", "int", "str", "bool")

# Hints for the model's own checks (its validators), by the start of their message.
_VALUE_HINTS = {
    "a dated event needs": "add `date: YYYY-MM-DD`, or change `kind:` to triggered or random",
    "a random event needs": "add `probability:`, the chance per turn from 0 to 1, e.g. 0.2",
    "a triggered event needs": "add `when:` with at least one condition, e.g. "
                               "`when: [{indicator: stability, below: 30}]`",
    "an `indicator` test needs": "add one of above, below, at_least, at_most",
    "above/below/at_least/at_most need": "add `indicator:` with the id of the indicator to test",
    "`rung_at_least` and `rung_below` need": "add `power:` with the id of the power whose ladder to test",
    "`power` needs": "add `rung_at_least:` or `rung_below:`",
    "an empty condition": "write a test such as `{indicator: stability, below: 30}`, or remove the item",
    "the number ": "remove the quotes: YAML, and the schema your editor checks, read a quoted number as text",
    "'": "write true or false without quotes",
}


def _branch(part: Any) -> bool:
    """Whether a location part names a union's branch (pydantic's tag for the type tried) rather
    than a key: 'float', 'dict[str,float]', 'literal[...]', 'function-before[...]' (a type with
    its own check, such as a number that must not be quoted)."""
    return isinstance(part, str) and (part in _BRANCH_TAGS or part.startswith(
        ("dict[", "list[", "literal[", "function-before[", "function-after[", "function-wrap[", "constrained-")))


def _at(data: Any, loc: tuple[Any, ...]) -> Any:
    node = data
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _union_branches(errors: list[dict], data: Any) -> dict[tuple[Any, ...], str]:
    """For each union in error (a number, or a mapping of numbers), the branch the author meant:
    the mapping branch for a mapping, the list branch for a list, else the first branch."""
    found: dict[tuple[Any, ...], list[str]] = {}
    for err in errors:
        loc = tuple(err["loc"])
        for n, part in enumerate(loc):
            if _branch(part):
                found.setdefault(loc[:n], [])
                if part not in found[loc[:n]]:
                    found[loc[:n]].append(part)
                break
    chosen = {}
    for at, branches in found.items():
        given = _at(data, tuple(p for p in at if not _branch(p)))
        shape = "dict[" if isinstance(given, dict) else "list[" if isinstance(given, list) else None
        matching = [b for b in branches if shape and b.startswith(shape)]
        scalar = [b for b in branches if not b.startswith(("dict[", "list["))]
        chosen[at] = (matching or ([] if shape else scalar) or branches)[0]
    return chosen


def _union_wanted(err_loc: tuple[Any, ...], chosen: dict[tuple[Any, ...], str]) -> bool:
    for n, part in enumerate(err_loc):
        if _branch(part):
            return chosen.get(err_loc[:n], part) == part
    return True


def _label(loc: tuple[Any, ...]) -> str:
    """How to name the value at `loc` in a message: 'turns', or effect 2 for a list item."""
    if not loc:
        return "the file"
    if isinstance(loc[-1], int):
        kind = _SINGULAR.get(loc[-2], "item") if len(loc) > 1 else "item"
        return f"{kind} {loc[-1] + 1}"
    return f"'{loc[-1]}'"


def model_diagnostics(exc: ValidationError, smap: SourceMap, data: Any,
                      root: type[BaseModel] = m.Scenario) -> list[Diagnostic]:
    """A model's validation errors as diagnostics with line, column and a hint: for a scenario
    (`root` its model) or any other file read with game.scenario.source (a class file, a game)."""
    errors = []
    seen: set[tuple[Any, ...]] = set()
    raw_errors = exc.errors(include_url=False)
    chosen = _union_branches(raw_errors, data)
    for err in raw_errors:
        if not _union_wanted(tuple(err["loc"]), chosen):
            continue
        loc = tuple(p for p in err["loc"] if not _branch(p))
        if loc in seen and any(_branch(p) for p in err["loc"]):
            continue
        seen.add(loc)
        errors.append((loc, err))
    # A misspelt key is also a missing key: report it once, as the misspelling.
    misspelt: set[tuple[Any, ...]] = set()
    for loc, err in errors:
        if err["type"] == "extra_forbidden" and loc:
            if str(loc[-1]) in RENAMED:
                misspelt.add(loc[:-1] + (RENAMED[str(loc[-1])],))
                continue
            parent = _model_at(loc[:-1], root)
            close = did_you_mean(str(loc[-1]), list(parent.model_fields) if parent else [])
            if close:
                misspelt.add(loc[:-1] + (close.split("'")[1],))
    out: list[Diagnostic] = []
    for loc, err in errors:
        if err["type"] == "missing" and loc in misspelt:
            continue
        out.append(_one_diagnostic(loc, err, smap, data, root))
    return out


# Keys renamed since earlier versions of the format, so an older file is told the new name.
RENAMED = {"china_share": "leader_share", "china_supply": "leader_supply"}


def _one_diagnostic(loc: tuple[Any, ...], err: dict, smap: SourceMap, data: Any,
                    root: type[BaseModel]) -> Diagnostic:
    kind = err["type"]
    field_name = loc[-1] if loc else ""
    given = err.get("input")
    if kind == "extra_forbidden":
        parent = _model_at(loc[:-1], root)
        allowed = list(parent.model_fields) if parent else []
        key, colon, rest = str(field_name).partition(":")
        if colon and key in allowed:   # `probability:0.15` is one word to YAML: the key needs a space
            return smap.diag(loc, f"'{field_name}' is read as one word: YAML needs a space after the colon",
                             f"write `{key}: {rest.strip()}`", key=True)
        if str(field_name) in RENAMED and RENAMED[str(field_name)] in allowed:
            return smap.diag(loc, f"'{field_name}' is now called '{RENAMED[str(field_name)]}'",
                             f"rename it to `{RENAMED[str(field_name)]}:`; its meaning is unchanged", key=True)
        hint = did_you_mean(str(field_name), allowed) or (
            "allowed here: " + ", ".join(allowed) if allowed else "remove it")
        return smap.diag(loc, f"unknown key '{field_name}'", hint, key=True)
    if kind == "missing":
        desc = _description(loc, root)
        hint = f"add `{field_name}:`" + (f", {_lower_first(desc)}" if desc else "")
        return smap.diag(loc[:-1], f"missing required key '{field_name}'{_describe(loc[:-1], data)}",
                         hint, key=True)
    if given is None and kind in _TYPE_WORDS:
        wanted = _TYPE_WORDS[kind] or "one of " + str(err.get("ctx", {}).get("expected", ""))
        return smap.diag(loc, f"{_label(loc)} has no value", f"write {wanted} after `{field_name}:`"
                         if isinstance(field_name, str) else f"write {wanted}")
    if kind in _TYPE_WORDS and kind != "literal_error":
        return smap.diag(loc, f"{_label(loc)} must be {_TYPE_WORDS[kind]}, not {_show(given)}",
                         _type_hint(kind, field_name, given))
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        return smap.diag(loc, f"{_label(loc)} must be one of {expected}, not {_show(given)}",
                         did_you_mean(str(given), _literal_words(expected)) or
                         _lower_first(_description(loc, root)))
    if kind == "string_pattern_mismatch":
        if str(field_name) == "color":
            return smap.diag(loc, f"colour {_show(given)} is not a hex colour",
                             "write it as \"#rrggbb\" in quotes, e.g. \"#4aa3a1\"")
        slug = re.sub(r"[^a-z0-9]+", "_", str(given).lower()).strip("_")
        example = f", e.g. '{slug}'" if slug[:1].isalpha() else ""
        return smap.diag(loc, f"id {_show(given)} is not a valid id",
                         f"use lower case letters, digits and _, starting with a letter{example}")
    if kind in _BOUNDS:
        ctx = err.get("ctx", {})
        word, key = _BOUNDS[kind]
        desc = _description(loc, root)
        return smap.diag(loc, f"{_label(loc)} is {_show(given)}, but it must be {word} {_bound(ctx.get(key))}",
                         f"{field_name}: {_lower_first(desc)}" if desc else "")
    if kind == "too_short":
        return smap.diag(loc, f"{_label(loc)} must not be empty", "add at least one item")
    if kind == "too_long":
        most = err.get("ctx", {}).get("max_length")
        return smap.diag(loc, f"{_label(loc)} has more items than the {most} a scenario may have",
                         "split the scenario or merge items; a game must stay playable")
    if kind == "string_too_long":
        most = err.get("ctx", {}).get("max_length")
        return smap.diag(loc, f"{_label(loc)} is {len(str(given)):,} characters long; at most {most} fit",
                         "shorten it; the screens show a name on one line and a text in a few paragraphs")
    if kind == "finite_number":
        return smap.diag(loc, f"{_label(loc)} must be an ordinary number, not {_show(given)}",
                         "write a number such as 100; infinity and 'not a number' cannot be played")
    if kind == "value_error":
        msg = str(err.get("ctx", {}).get("error", err["msg"]))
        if msg.startswith("give exactly one of `change` or `formula`") and isinstance(given, dict):
            if "change" in given and "formula" in given:
                return smap.diag(loc, "this effect has both `change` and `formula`",
                                 "keep one: `change` for a fixed amount, `formula` to compute it")
            return smap.diag(loc, "this effect has neither `change` nor `formula`",
                             "add `change:` with a number, or `formula:` with an expression")
        hint = next((h for start, h in _VALUE_HINTS.items() if msg.startswith(start)),
                    "see docs/scenario-format.md")
        return smap.diag(loc, msg, hint)
    return smap.diag(loc, f"{_label(loc)}: {err['msg']}", "see docs/scenario-format.md")


_BOUNDS = {"greater_than": ("more than", "gt"), "greater_than_equal": ("at least", "ge"),
           "less_than": ("less than", "lt"), "less_than_equal": ("at most", "le")}


def _bound(value: Any) -> str:
    """A limit as a person writes it: 1,000,000,000 rather than 1000000000.0."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return f"{int(value):,}"
    return str(value)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _literal_words(expected: str) -> list[str]:
    return [w.strip(" '\"") for w in expected.replace(" or ", ",").split(",") if w.strip(" '\"")]


_SHARES = {"probability", "accident_chance", "backdown"}
"""Fields that hold a share from 0 to 1, which an author may write as a percentage."""
_NUMBER_AND_UNIT = re.compile(r"^\s*([-+]?\d[\d_]*(?:\.\d+)?)\s*([^\d\s].*)$")


def _type_hint(kind: str, field_name: Any, given: Any) -> str:
    if "date" in kind:
        return "write dates as YYYY-MM-DD, e.g. 2025-11-01"
    if isinstance(given, bool) and kind == "string_type":
        return "YAML reads yes/no/on/off/true/false as true or false; put the text in quotes"
    if isinstance(given, (int, float)) and kind == "string_type":
        return f"put it in quotes: {field_name}: \"{given}\""
    if "float" in kind or "int" in kind:
        if kind == "int_from_float":
            return "drop the decimals"
        if isinstance(given, str):
            if re.fullmatch(r"\s*[-+]?\d{1,3}(,\d{3})+\s*", given):
                return f"write it without thousands separators: {given.strip().replace(',', '')}"
            if re.fullmatch(r"\s*[-+]?\d+,\d+\s*", given):
                return f"use a point for decimals: {given.strip().replace(',', '.')}"
            unit = _NUMBER_AND_UNIT.match(given)
            if unit and unit.group(2).strip() == "%" and str(field_name) in _SHARES:
                share = float(unit.group(1).replace("_", "")) / 100
                return f"a {field_name} is a share from 0 to 1: write `{field_name}: {share:g}` for {given.strip()}"
            if unit:
                return (f"write just the number, `{field_name}: {unit.group(1)}`; a unit such as "
                        f"'{unit.group(2).strip()}' is not written in values")
        return "write the number in digits, without quotes or units"
    if "list" in kind:
        return "write a list: `[a, b]`, or one `- item` per line"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "write `key: value` pairs, one per line, or `{key: value, ...}`"
    if "bool" in kind:
        return "write true or false"
    return "see docs/scenario-format.md"


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) < 40 else text[:37] + "..."


def _describe(loc: tuple[Any, ...], data: Any) -> str:
    """Where a missing key belongs, in words: ` in `meta``, ` in action 'mine'`,
    ` in requirement 1 of action 'plant'`."""
    if not loc:
        return ""
    if isinstance(loc[-1], int):
        item = _at(data, loc)
        kind = _SINGULAR.get(loc[-2], "item") if len(loc) > 1 else "item"
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            return f" in {kind} '{item['id']}'"
        here = f"{kind} {loc[-1] + 1}"
    else:
        here = f"`{loc[-1]}`"
    for k in range(len(loc) - 1, 1, -1):  # the nearest enclosing item that has an id
        if isinstance(loc[k - 1], int):
            item = _at(data, loc[:k])
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                return f" in {here} of {_SINGULAR.get(loc[k - 2], 'item')} '{item['id']}'"
    return f" in {here}"


# --- semantic checks ----------------------------------------------------------------------------

class _Checker:
    def __init__(self, smap: SourceMap, problems: list[Diagnostic] | None = None, refs_only: bool = False):
        self.smap = smap
        self.problems: list[Diagnostic] = [] if problems is None else problems
        self.refs_only = refs_only  # report only what `ref` (and the formula check) find

    def error(self, loc, message, hint="", key=False, is_ref=False):
        if is_ref or not self.refs_only:
            self.problems.append(self.smap.diag(loc, message, hint, key=key))

    def warn(self, loc, message, hint=""):
        if not self.refs_only:
            self.problems.append(self.smap.diag(loc, message, hint, severity="warning"))

    def ref(self, loc, value, known, what, names: dict[str, str] | None = None,
            elsewhere: dict[str, str] | None = None):
        """Report `value` unless it is one of `known` ids.

        `names` maps display names to ids (an author may write 'Kazakhstan' for `kz`); `elsewhere`
        maps ids of the wrong kind to what they are ('a world indicator').
        """
        if value is None or value in known:
            return
        if elsewhere and value in elsewhere:
            self.error(loc, f"'{value}' is {elsewhere[value]}, not a {what}",
                       f"name a {what} here" + (", or change the `scope:` of "
                                                f"'{value}'" if "indicator" in what else ""), is_ref=True)
            return
        lower = {str(k).lower(): k for k in known}
        by_name = {str(n).lower(): i for n, i in (names or {}).items() if i in known}
        if names and value in names and names[value] in known:
            hint = f"'{value}' is the name of {what} '{names[value]}'; refer to it by its id, {names[value]}"
        elif str(value).lower() in by_name:
            ident = by_name[str(value).lower()]
            hint = f"'{value}' is the name of {what} '{ident}'; refer to it by its id, {ident}"
        elif str(value).lower() in lower:
            hint = f"ids are lower case: did you mean '{lower[str(value).lower()]}'?"
        else:
            hint = did_you_mean(value, known) or f"no {what} has this id; declare it under " \
                f"`{_SECTION.get(what, what + 's')}` first"
        self.error(loc, f"unknown {what} '{value}'", hint, is_ref=True)


def _rung_hint(n: int) -> str:
    if n == 0:
        return "remove the test: that power never escalates"
    return "use rung 1" if n == 1 else f"use a rung from 1 to {n}"


def _rungs_text(n: int) -> str:
    return "no ladder" if n == 0 else f"a ladder of {n} rung{'s' if n != 1 else ''}"


_SECTION = {"indicator": "indicators", "state indicator": "indicators", "world indicator": "indicators",
            "state": "states", "power": "powers", "action": "actions", "source": "meta: sources"}


def _raw_ids(data: Any, *path: str) -> set[str]:
    """Ids of the items of a list in the raw file, valid or not (so one bad item hides no reference)."""
    items = _at(data, path)
    if not isinstance(items, list):
        return set()
    return {i["id"] for i in items if isinstance(i, dict) and isinstance(i.get("id"), str)}


def _check_salvaged(data: dict, smap: SourceMap) -> list[Diagnostic]:
    """Cross-reference checks on a file that did not validate.

    Twice: on the items that validated whole, with every check; then on a fine salvage (an action
    with one bad field keeps its valid effects), reporting only unknown references and formula
    mistakes, since a partly built item holds None where other checks would see a real absence."""
    found: list[Diagnostic] = []
    try:  # whole items: the checks run as on a valid file, on the items that validated
        _check(_salvage(data), smap, {}, data, found)
    except Exception:  # noqa: BLE001 - a best-effort pass over an invalid file must never raise
        pass
    try:  # parts of items: only references and formulas, the checks that read no missing field
        _check(_salvage(data, fine=True), smap, {}, data, found, refs_only=True)
    except Exception:  # noqa: BLE001
        pass
    return found


def _salvage(data: dict, fine: bool = False) -> m.Scenario:
    """The parts of an invalid file that do validate, so its references are checked in the same pass."""
    return _construct(m.Scenario, data, fine)


def _construct(model: type[BaseModel], value: dict, fine: bool) -> BaseModel:
    """`model` built field by field from the parts of `value` that validate (with each field's own
    limits). List fields keep their length, with None for items that did not validate, so that
    indices (and so positions) stay those of the file; a list that is not one is empty. Any other
    field that did not validate is None, or its default when it is absent."""
    fields: dict[str, Any] = {}
    for name, fld in model.model_fields.items():
        raw = value.get(name)
        if typing.get_origin(fld.annotation) is list:
            item = typing.get_args(fld.annotation)[0]
            fields[name] = [_valid(item, x, fine) for x in raw] if isinstance(raw, list) else []
        elif name not in value:
            fields[name] = None if fld.is_required() else fld.get_default(call_default_factory=True)
        else:
            kind = typing.Annotated[(fld.annotation, *fld.metadata)] if fld.metadata else fld.annotation
            fields[name] = _valid(kind, raw, fine)
    return model.model_construct(**fields)


def _valid(annotation: Any, value: Any, fine: bool = False) -> Any:
    """`value` validated as `annotation`, or None. With `fine`, a model that does not validate is
    built from the fields that do (recursively, see `_construct`)."""
    try:
        return _adapter(annotation).validate_python(value)
    except ValidationError:
        pass
    if not fine:
        return None
    if typing.get_origin(annotation) is typing.Annotated:  # the limits failed: no value; else recurse
        annotation = typing.get_args(annotation)[0]
        if not _is_model(annotation) and typing.get_origin(annotation) not in (list, typing.Union):
            return None
    if _is_model(annotation) and isinstance(value, dict):
        return _construct(annotation, value, fine)
    if typing.get_origin(annotation) is list and isinstance(value, list):
        return [_valid(typing.get_args(annotation)[0], x, fine) for x in value]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        for option in typing.get_args(annotation):
            if _is_model(option):
                return _valid(option, value, fine)
    return None


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


@functools.lru_cache(maxsize=None)
def _adapter(annotation: Any) -> TypeAdapter:
    return TypeAdapter(annotation)


def _check(s: m.Scenario, smap: SourceMap, formulas: dict[str, Formula],
           data: Any = None, found: list[Diagnostic] | None = None, refs_only: bool = False,
           design: bool = False) -> list[Diagnostic]:
    """Cross-references and ranges. `s` may come from `_salvage`: items that did not validate are
    None and are skipped, while the ids the file declares are taken from the raw `data`. The
    diagnostics go into `found` as they are made, so a caller keeps them if a check raises.
    `design` adds the warnings about a whole, valid scenario's design (`_design_warnings`)."""
    c = _Checker(smap, found, refs_only)
    if data is None:
        data = s.model_dump(mode="json")
    # Indicators whose id or scope did not validate are "unsure" below: accepted anywhere.
    ind = {i.id: i for i in s.indicators
           if i is not None and isinstance(i.id, str) and i.scope in ("state", "world")}
    ind_ids = _raw_ids(data, "indicators")
    unsure = ind_ids - set(ind)  # declared, but not valid: its scope is unknown, so accept it anywhere
    state_ind = {k for k, v in ind.items() if v.scope == "state"} | unsure
    world_ind = {k for k, v in ind.items() if v.scope == "world"} | unsure
    scoped = {k: f"a {v.scope} indicator" for k, v in ind.items()}
    states = _raw_ids(data, "states")
    powers = _raw_ids(data, "powers")
    # How many rungs each power's ladder has (0: it has none and never escalates).
    ladder_rungs = {p.id: len(p.ladder.rungs) if p.ladder is not None else 0 for p in s.powers if p is not None}
    actions = _raw_ids(data, "actions")
    sources = _raw_ids(data, "meta", "sources")
    state_names = {st.name: st.id for st in s.states if st is not None}
    state_names.update({st.fictional_name: st.id for st in s.states if st is not None and st.fictional_name})
    ind_names = {i.name: i.id for i in ind.values()}
    action_names = {a.name: a.id for a in s.actions if a is not None}
    projects = {a.id: a.project_turns for a in s.actions if a is not None}
    power_names = {p.name: p.id for p in s.powers if p is not None}
    names = ind_ids | {"turn"}

    # Unique ids within each list.
    for key, items in (("indicators", s.indicators), ("states", s.states), ("powers", s.powers),
                       ("actions", s.actions), ("events", s.events), ("links", s.links)):
        seen: dict[str, int] = {}
        for i, item in enumerate(items):
            if item is None:
                continue
            if item.id in seen:
                c.error((key, i, "id"), f"duplicate id '{item.id}'",
                        f"item {seen[item.id] + 1} of {key} already uses it; rename one")
            seen[item.id] = i
    clash = (set(ind) & (states | powers)) | (states & powers)
    for name in sorted(clash):
        c.error(("indicators",), f"id '{name}' is used for two kinds of thing", "give each its own id")

    # Short forms stand for their actor where the full name does not fit: two alike could not be
    # told apart ("the West" and "the West").
    for short_key in ("short_name", "fictional_short_name"):
        seen_short: dict[str, str] = {}
        for key, items in (("states", s.states), ("powers", s.powers)):
            for i, item in enumerate(items):
                short = getattr(item, short_key, None) if item is not None else None
                if not short:
                    continue
                folded = short.lower().removeprefix("the ").strip()
                if folded in seen_short:
                    c.warn((key, i, short_key), f"'{short}' is already the {short_key.replace('_', ' ')} of "
                           f"'{seen_short[folded]}': narrow labels could not tell them apart",
                           "give each state and power a short form of its own")
                seen_short[folded] = item.id

    if s.states and None not in s.states and not any(st.playable for st in s.states):
        c.error(("states",), "no state is playable", "set `playable: true` on at least one state")

    def formula(loc, text):
        if text is None:
            return
        try:
            formulas[text] = parse_formula(text, names)
        except FormulaError as exc:
            line, col = _inside(smap, loc, text, exc.col)
            c.problems.append(Diagnostic(smap.path, line, col, "error", str(exc), exc.hint))

    def condition(loc, cond: m.Condition):
        if cond is None:  # an item that did not validate at all (its error is already reported)
            return
        c.ref(loc + ("indicator",), cond.indicator, ind_ids, "indicator", ind_names)
        c.ref(loc + ("taken",), cond.taken, actions, "action", action_names)
        c.ref(loc + ("not_taken",), cond.not_taken, actions, "action", action_names)
        c.ref(loc + ("building",), cond.building, actions, "action", action_names)
        if cond.building in projects and not projects[cond.building]:
            c.warn(loc + ("building",), f"'{cond.building}' is not a project (it has no `project_turns`), "
                   "so this test never holds", "test `taken:` instead, or give the action `project_turns`")
        c.ref(loc + ("power",), cond.power, powers, "power", power_names)
        rungs = ladder_rungs.get(cond.power)
        if rungs is not None:
            if cond.rung_at_least is not None and cond.rung_at_least > rungs:
                c.warn(loc + ("rung_at_least",), f"'{cond.power}' has {_rungs_text(rungs)}, so rung "
                       f"{cond.rung_at_least} is never reached and this test never holds",
                       _rung_hint(rungs))
            if cond.rung_below is not None and cond.rung_below > rungs:
                c.warn(loc + ("rung_below",), f"'{cond.power}' has {_rungs_text(rungs)}, so it is always below "
                       f"rung {cond.rung_below} and this test always holds", _rung_hint(rungs))
        if cond.indicator in ind and ind[cond.indicator].min < ind[cond.indicator].max:
            i = ind[cond.indicator]
            for key in ("above", "below", "at_least", "at_most"):
                v = getattr(cond, key)
                if v is not None and not (i.min <= v <= i.max):
                    c.warn(loc + (key,), f"{v:g} is outside the range of '{i.id}' "
                           f"({i.min:g} to {i.max:g}), so this test never changes",
                           "pick a value inside the range")
        for j, sub in enumerate(cond.any or []):
            condition(loc + ("any", j), sub)

    def effect(loc, e: m.Effect):
        if e is None:
            return
        c.ref(loc + ("target",), e.target, ind_ids, "indicator", ind_names)
        if e.target in ind and ind[e.target].derived:
            c.error(loc + ("target",), f"'{e.target}' is derived from a formula and cannot be changed "
                    "directly", "change one of the indicators its formula reads")
        formula(loc + ("formula",), e.formula)
        if e.change == 0 and e.formula is None:
            c.warn(loc + ("change",), "a change of 0 does nothing", "give the amount, or remove the effect")

    def source(loc, sid):
        c.ref(loc, sid, sources, "source")

    # Indicators.
    for i, indicator in enumerate(s.indicators):
        if indicator is None:
            continue
        loc = ("indicators", i)
        if indicator.min >= indicator.max:
            c.error(loc + ("max",), f"'{indicator.id}': max ({indicator.max:g}) must be greater than min "
                    f"({indicator.min:g})", "swap them or widen the range")
        starts = indicator.start if isinstance(indicator.start, dict) else {None: indicator.start}
        if isinstance(indicator.start, dict):
            if indicator.scope == "world":
                c.error(loc + ("start",), f"world indicator '{indicator.id}' has one start value, "
                        "not one per state", "write a single number")
            for sid in indicator.start:
                c.ref(loc + ("start", sid), sid, states, "state", state_names)
            missing = states - set(indicator.start)
            if missing and indicator.scope == "state":
                c.error(loc + ("start",), f"'{indicator.id}' has no start value for "
                        + ", ".join(sorted(missing)), "add one line per state")
        for sid, v in starts.items():
            if indicator.min < indicator.max and not (indicator.min <= v <= indicator.max):
                c.error(loc + (("start", sid) if sid else ("start",)),
                        f"start value {v:g} of '{indicator.id}' is outside its range "
                        f"{indicator.min:g} to {indicator.max:g}", "fix the value or the range")
        formula(loc + ("derived",), indicator.derived)
        for j, sid in enumerate(indicator.shown_for or []):
            c.ref(loc + ("shown_for", j), sid, states, "state")
        source(loc + ("source",), indicator.source)
        if (indicator.drift and indicator.drift.toward != "start" and indicator.min < indicator.max
                and not (indicator.min <= indicator.drift.toward <= indicator.max)):
            c.error(loc + ("drift", "toward"), f"drift target {indicator.drift.toward:g} is outside "
                    f"the range of '{indicator.id}'", "pick a value inside the range")
    c.ref(("money",), s.money, state_ind, "state indicator", ind_names, scoped)

    # Derived indicators must not depend on themselves.
    derived = {i.id: formulas[i.derived].names for i in s.indicators
               if i is not None and i.derived and i.derived in formulas}
    reported: set[str] = set()
    for i, indicator in enumerate(s.indicators):
        if indicator is None or indicator.id in reported or indicator.id not in derived:
            continue
        cycle = _cycle(indicator.id, derived)
        if cycle:
            reported.update(cycle)
            if len(cycle) == 1:
                message = f"derived indicator '{indicator.id}' reads itself in its own formula"
            else:
                message = ("derived indicators depend on each other in a circle: "
                           + " -> ".join(cycle + [cycle[0]]))
            c.error(("indicators", i, "derived"), message,
                    "break the circle: one of them must be a plain indicator, changed by effects")

    # Powers.
    for p, power in enumerate(s.powers):
        if power is None:
            continue
        loc = ("powers", p)
        c.ref(loc + ("relation",), power.relation, state_ind, "state indicator", ind_names, scoped)
        c.ref(loc + ("dependence",), power.dependence, state_ind, "state indicator", ind_names, scoped)
        for k, w in power.payoff.weights.items():
            c.ref(loc + ("payoff", "weights", k), k, ind_ids, "indicator", ind_names)
        formula(loc + ("payoff", "formula"), power.payoff.formula)
        rids: set[str] = set()
        for r, resp in enumerate(power.responses):
            rloc = loc + ("responses", r)
            if resp.id in rids:
                c.error(rloc + ("id",), f"duplicate response id '{resp.id}'", "rename one")
            rids.add(resp.id)
            for j, cond in enumerate(resp.when):
                condition(rloc + ("when", j), cond)
            for j, e in enumerate(resp.effects):
                effect(rloc + ("effects", j), e)
            formula(rloc + ("appeal",), resp.appeal)
            for j, aid in enumerate(resp.offers):
                c.ref(rloc + ("offers", j), aid, actions, "action")
                offered = next((a for a in s.actions if getattr(a, "id", None) == aid), None)
                if offered is not None and not offered.offer_only:
                    c.warn(rloc + ("offers", j), f"'{aid}' is offered but not marked `offer_only`, so "
                           "it is always available anyway", "add `offer_only: true` to the action")
        lad = power.ladder
        if lad is None:   # a power without a ladder never escalates
            continue
        if lad.accident_from is not None and lad.accident_from > len(lad.rungs):
            c.warn(loc + ("ladder", "accident_from"), f"rung {lad.accident_from} does not exist "
                   f"(the ladder has {len(lad.rungs)})", "lower it")
        for r, rung in enumerate(lad.rungs):
            rloc = loc + ("ladder", "rungs", r)
            for j, e in enumerate(rung.effects):
                effect(rloc + ("effects", j), e)
            for opt in ("concede", "compensate", "stand_firm"):
                o = getattr(rung, opt)
                for j, e in enumerate(o.effects):
                    effect(rloc + (opt, "effects", j), e)
            for j, e in enumerate(rung.stand_firm.backdown_effects):
                effect(rloc + ("stand_firm", "backdown_effects", j), e)

    # Actions.
    for a, action in enumerate(s.actions):
        if action is None:
            continue
        loc = ("actions", a)
        for j, sid in enumerate(action.who or []):
            c.ref(loc + ("who", j), sid, states, "state", state_names)
        c.ref(loc + ("with_power",), action.with_power, powers, "power", power_names)
        for j, cond in enumerate(action.visible_when):
            condition(loc + ("visible_when", j), cond)
        for j, cond in enumerate(action.available_when):
            condition(loc + ("available_when", j), cond)
        for j, e in enumerate(action.effects):
            effect(loc + ("effects", j), e)
        for j, x in enumerate(action.excludes):
            c.ref(loc + ("excludes", j), x, actions, "action", action_names)
            if x == action.id:
                c.error(loc + ("excludes", j), f"'{action.id}' excludes itself", "use `once: true` instead")
        source(loc + ("source",), action.source)
        if not action.effects:
            c.warn(loc, f"action '{action.id}' has no effects", "add effects or remove it")
        elif (action.cost.capital == 0 and action.cost.money == 0 and not action.once
              and not action.cooldown and not action.offer_only):
            c.warn(loc, f"action '{action.id}' costs nothing and can be repeated every turn",
                   "give it a `cost`, a `cooldown` or `once: true`")

    # Events.
    last_turn_end = _add_months(s.meta.start, s.meta.turn_months * s.meta.turns) if s.meta else None
    for e_i, event in enumerate(s.events):
        if event is None:
            continue
        loc = ("events", e_i)
        for j, sid in enumerate(event.who or []):
            c.ref(loc + ("who", j), sid, states, "state")
        for j, cond in enumerate(event.when):
            condition(loc + ("when", j), cond)
        for j, cond in enumerate(event.rearm_when):
            condition(loc + ("rearm_when", j), cond)
        for j, e in enumerate(event.effects):
            effect(loc + ("effects", j), e)
        cids: set[str] = set()
        for j, ch in enumerate(event.choices):
            if ch.id in cids:
                c.error(loc + ("choices", j, "id"), f"duplicate choice id '{ch.id}'", "rename one")
            cids.add(ch.id)
            for k, e in enumerate(ch.effects):
                effect(loc + ("choices", j, "effects", k), e)
        source(loc + ("source",), event.source)
        if event.date and s.meta and last_turn_end and not (s.meta.start <= event.date < last_turn_end):
            c.warn(loc + ("date",), f"{event.date} falls outside the game "
                   f"({s.meta.start} to {last_turn_end}), so the event never fires",
                   "move the date or the game's length")
        if event.kind != "triggered" and event.rearm_when:
            c.warn(loc + ("rearm_when",), "`rearm_when` only applies to triggered events", "remove it")
        if event.scope == "world" and event.choices:
            pass  # each state answers for itself

    # Links.
    for k, link in enumerate(s.links):
        if link is None:
            continue
        loc = ("links", k)
        c.ref(loc + ("target",), link.target, ind_ids, "indicator", ind_names)
        formula(loc + ("formula",), link.formula)
        for j, cond in enumerate(link.when):
            condition(loc + ("when", j), cond)

    # Market.
    mk = s.market
    if mk is not None:
        c.ref(("market", "price"), mk.price, world_ind, "world indicator", ind_names, scoped)
        c.ref(("market", "controls"), mk.controls, world_ind, "world indicator", ind_names, scoped)
        c.ref(("market", "leader_share"), mk.leader_share, world_ind, "world indicator", ind_names, scoped)
        c.ref(("market", "revenue_to"), mk.revenue_to, state_ind, "state indicator", ind_names, scoped)
        c.ref(("market", "value_added"), mk.value_added, state_ind, "state indicator", ind_names, scoped)
        source(("market", "source"), mk.source)
        for j, stage in enumerate(mk.stages):
            c.ref(("market", "stages", j, "capacity"), stage.capacity, state_ind, "state indicator",
                  ind_names, scoped)

    # The map: states, routes and places it knows.
    if s.map is not None:
        countries, routes, view = _map_names()
        seen_country: dict[str, str] = {}
        for sid, code in s.map.states.items():
            c.ref(("map", "states", sid), sid, states, "state", state_names)
            if countries and code not in countries:
                c.error(("map", "states", sid), f"'{code}' is not a country of the map",
                        did_you_mean(code, sorted(countries)) or "use its three-letter code: KAZ, UZB, KGZ, TJK or TKM")
            elif code in seen_country:
                c.error(("map", "states", sid), f"'{code}' is already where '{seen_country[code]}' is drawn",
                        "give each state a country of its own")
            seen_country.setdefault(code, sid)
        measured: dict[str, str] = {}
        for iid, route in s.map.routes.items():
            c.ref(("map", "routes", iid), iid, ind_ids, "indicator", ind_names)
            if routes and route not in routes:
                c.error(("map", "routes", iid), f"'{route}' is not a route of the map",
                        did_you_mean(route, sorted(routes)) or "choose one of: " + ", ".join(sorted(routes)))
            elif route in measured:
                c.error(("map", "routes", iid), f"route '{route}' is already measured by '{measured[route]}'",
                        "give each route one indicator")
            measured.setdefault(route, iid)
        for j, place in enumerate(s.map.deposits):
            source(("map", "deposits", j, "source"), place.source)
            if view and not (view[0] <= place.lon <= view[2] and view[1] <= place.lat <= view[3]):
                c.warn(("map", "deposits", j), f"'{place.name}' lies outside the map (longitude {view[0]:g} to "
                       f"{view[2]:g}, latitude {view[1]:g} to {view[3]:g}), so it is never drawn",
                       "check its longitude and latitude (degrees east and north)")

    # Strategies.
    st = s.strategies
    if st is not None:
        events_by_id = {e.id: e for e in s.events if e is not None}
        powers_by_id = {p.id: p for p in s.powers if p is not None}
        seen_ids: dict[str, str] = {}
        for kind, items in (("states", st.states), ("powers", st.powers)):
            for j, strat in enumerate(items):
                if strat is None:
                    continue
                loc = ("strategies", kind, j)
                if strat.id in seen_ids:
                    c.error(loc + ("id",), f"duplicate strategy id '{strat.id}'", "rename one")
                seen_ids[strat.id] = kind
                if kind == "states":
                    for k, sid in enumerate(strat.states or []):
                        c.ref(loc + ("states", k), sid, states, "state", state_names)
                    for k, aid in enumerate(strat.priorities):
                        c.ref(loc + ("priorities", k), aid, actions, "action", action_names)
                    for question, answer in strat.answers.items():
                        qloc = loc + ("answers", question)
                        if question in events_by_id:
                            choices = [ch.id for ch in events_by_id[question].choices]
                            if answer not in choices:
                                c.error(qloc, f"event '{question}' has no choice '{answer}'",
                                        (did_you_mean(answer, choices) or "its choices: " + ", ".join(choices))
                                        if choices else "it asks no question; remove this line", is_ref=True)
                        elif question in powers_by_id:
                            if answer not in ("concede", "compensate", "stand_firm"):
                                c.error(qloc, f"a crisis is answered with concede, compensate or stand_firm, "
                                        f"not '{answer}'", did_you_mean(answer, ["concede", "compensate",
                                                                                 "stand_firm"]), is_ref=True)
                        else:
                            c.error(qloc,
                                    f"'{question}' is neither an event nor a power",
                                    did_you_mean(question, list(events_by_id) + list(powers_by_id))
                                    or "answers are keyed by an event id or a power id", key=True, is_ref=True)
                else:
                    c.ref(loc + ("power",), strat.power, powers, "power", power_names)
                    power = powers_by_id.get(strat.power)
                    if power is not None:
                        replies = {r.id for r in power.responses}
                        for k, rid in enumerate(strat.priorities):
                            if rid not in replies:
                                c.error(loc + ("priorities", k), f"power '{power.id}' has no response '{rid}'",
                                        did_you_mean(rid, replies) or f"its responses: {', '.join(sorted(replies))}",
                                        is_ref=True)

    # Scoring.
    if s.scoring is not None:
        for j, axis in enumerate(s.scoring.axes):
            formula(("scoring", "axes", j, "formula"), axis.formula)
        thresholds = [v.at_least for v in s.scoring.verdicts]
        if thresholds != sorted(thresholds, reverse=True):
            c.error(("scoring", "verdicts"), "verdicts must be listed from the highest `at_least` down",
                    "reorder them")
        for j, ending in enumerate(s.scoring.endings):
            for k, cond in enumerate(ending.when):
                condition(("scoring", "endings", j, "when", k), cond)
    if design and not any(p.severity == "error" for p in c.problems):
        _design_warnings(s, c)
    return c.problems


def _effects(node: Any, loc: tuple[Any, ...] = ()):
    """Every effect in the scenario with its location, wherever it is (actions, events, replies,
    rungs, answers)."""
    if isinstance(node, m.Effect):
        yield loc, node
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from _effects(getattr(node, name), loc + (name,))
    elif isinstance(node, (list, tuple)):
        for i, item in enumerate(node):
            yield from _effects(item, loc + (i,))
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from _effects(v, loc + (k,))


def _design_warnings(s: m.Scenario, c) -> None:
    """What is valid but cannot be what the author meant: an indicator nothing changes, an effect
    bigger than its indicator's whole range, a test on a turn the game never reaches, a ladder
    whose threshold a relation can never fall below. (A date outside the game is an error, above.)"""
    turns = s.meta.turns
    ind = {i.id: i for i in s.indicators}
    effects = list(_effects(s))
    changed = {e.target for _, e in effects} | {ln.target for ln in s.links}
    mk = s.market
    managed = {s.money}
    if mk is not None:
        managed |= {mk.price, mk.controls, mk.revenue_to, mk.value_added, mk.leader_share} | {st.capacity for st in mk.stages}
    for i, indicator in enumerate(s.indicators):
        if (indicator.derived or indicator.drift or indicator.hidden or indicator.id in changed
                or indicator.id in managed):
            continue   # a hidden one that never moves is a parameter the formulas read
        c.warn(("indicators", i, "id"), f"nothing ever changes '{indicator.id}': the player sees a number that "
               "never moves", "give an action, event or reply an effect on it, or a `drift`; a fixed parameter "
               "for formulas is marked `hidden: true`")
    for loc, e in effects:
        target = ind.get(e.target)
        if target is None or e.change is None or target.max <= target.min:
            continue
        if abs(e.change) > target.max - target.min:
            c.warn(loc + ("change",), f"a change of {e.change:g} is more than the whole range of '{e.target}' "
                   f"({target.min:g} to {target.max:g}), so it always stops at a bound",
                   "give a change that fits the range, or widen the range")

    def turn_tests(where: tuple[Any, ...], conds) -> None:
        for k, cond in enumerate(conds or []):
            if cond is not None and cond.turn_from is not None and cond.turn_from > turns:
                c.warn(where + (k, "turn_from"), f"turn {cond.turn_from} never comes: the game has {turns} turns",
                       f"use a turn from 1 to {turns}")
    for j, a in enumerate(s.actions):
        turn_tests(("actions", j, "available_when"), a.available_when)
        turn_tests(("actions", j, "visible_when"), a.visible_when)
    for j, ev in enumerate(s.events):
        turn_tests(("events", j, "when"), ev.when)
    for j, p in enumerate(s.powers):
        rel = ind.get(p.relation)
        if p.ladder is not None and rel is not None and p.ladder.threshold <= rel.min:
            c.warn(("powers", j, "ladder", "threshold"), f"relations can never fall below {p.ladder.threshold:g} "
                   f"(the lowest '{rel.id}' goes is {rel.min:g}), so this power never escalates",
                   "raise the threshold, or leave `ladder` out for a power that never escalates")
    # What the scenario can ever reach: actions never open, events never fired, effects always
    # clamped (after the warnings above, which it does not repeat); figures without a source.
    from .reach import design_reach_warnings, source_warnings

    design_reach_warnings(s, c, effects)
    source_warnings(s, c)


def _inside(smap: SourceMap, loc: tuple[Any, ...], text: str, col_in_text: int) -> tuple[int, int]:
    """Line and column of a character of a formula: inside the value when the formula stands on
    its line as written (plain or quoted, no escapes), else the start of the value."""
    line, col = smap.where(loc)
    source = smap.lines[line - 1] if 0 < line <= len(smap.lines) else ""
    rest = source[col - 1:]
    quote = 1 if rest[:1] in ("'", '"') else 0
    if "\n" not in text and rest[quote:].startswith(text):
        return line, col + quote + max(col_in_text, 1) - 1
    return line, col


def _cycle(start: str, graph: dict[str, frozenset[str]]) -> list[str]:
    """A shortest circle of derived indicators from `start` back to itself, or [] if none."""
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for nxt in sorted(graph.get(node, ())):
            if nxt == start:
                return paths[node]
            if nxt in graph and nxt not in paths:
                paths[nxt] = paths[node] + [nxt]
                queue.append(nxt)
    return []


def _add_months(d, months: int):
    import datetime as dt

    y, mo = divmod(d.month - 1 + months, 12)
    return dt.date(d.year + y, mo + 1, 1)
