"""Safe YAML reading that remembers where every key and value came from.

Only plain data is built (no tags, no Python objects). Duplicate keys are errors and the file size
is bounded. Positions are kept in a `SourceMap` keyed by the path of keys and indices to a value,
so that later checks can point at the exact line and column.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Diagnostic

MAX_BYTES = 1_000_000

Loc = tuple[Any, ...]


@dataclass
class SourceMap:
    """Where each value (and each mapping key) of a YAML document stands, 1-based."""

    path: str
    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)

    def where(self, loc: Loc, key: bool = False) -> tuple[int, int]:
        """Line and column of `loc`, falling back to the nearest enclosing value that is known."""
        loc = tuple(loc)
        table = self.keys if key else self.values
        if loc in table:
            return table[loc]
        while loc:
            if loc in self.keys:
                return self.keys[loc]
            if loc in self.values:
                return self.values[loc]
            loc = loc[:-1]
        return self.values.get((), (1, 1))

    def diag(self, loc: Loc, message: str, hint: str = "", severity: str = "error",
             key: bool = False) -> Diagnostic:
        line, col = self.where(loc, key=key)
        return Diagnostic(self.path, line, col, severity, message, hint)  # type: ignore[arg-type]


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses tags beyond the YAML core schema."""


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


MAX_NODES = 200_000


def _build(node: yaml.Node, loc: Loc, smap: SourceMap, problems: list[Diagnostic],
           loader: _Loader, depth: int = 0) -> Any:
    smap.values[loc] = _mark(node)
    # Aliases are expanded here, so a small file could otherwise grow without bound.
    if len(smap.values) > MAX_NODES:
        if not any("expands to more than" in p.message for p in problems):
            problems.append(smap.diag(loc, f"the document expands to more than {MAX_NODES:,} values",
                                      "remove repeated aliases (*name)"))
        return None
    if depth > 50:
        problems.append(smap.diag(loc, "the document is nested too deeply", "flatten it"))
        return None
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                line, col = _mark(key_node)
                problems.append(Diagnostic(smap.path, line, col, "error",
                                           "a key must be a plain word", "write the key as text"))
                continue
            key = loader.construct_object(key_node)
            if key == "<<":
                line, col = _mark(key_node)
                problems.append(Diagnostic(smap.path, line, col, "error",
                                           "merge keys ('<<') are not supported",
                                           "write the fields out in full"))
                continue
            if key in out:
                line, col = _mark(key_node)
                first = smap.keys.get(loc + (key,), (0, 0))
                problems.append(Diagnostic(smap.path, line, col, "error",
                                           f"duplicate key '{key}'",
                                           f"it is already set on line {first[0]}; keep one"))
                continue
            smap.keys[loc + (key,)] = _mark(key_node)
            out[key] = _build(value_node, loc + (key,), smap, problems, loader, depth + 1)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, loc + (i,), smap, problems, loader, depth + 1)
                for i, item in enumerate(node.value)]
    try:
        value = loader.construct_object(node)
    except yaml.constructor.ConstructorError as exc:
        problems.append(smap.diag(loc, f"unsupported value: {exc.problem}",
                                  "use plain text, numbers, lists and mappings"))
        return None
    # Dates stay text: the model parses them, so one code path reports bad dates.
    if node.tag == "tag:yaml.org,2002:timestamp":
        return node.value
    return value


def read_yaml(path: Path, display: str | None = None) -> tuple[Any, SourceMap, list[Diagnostic]]:
    """Read one YAML file into plain data with positions. Problems are returned, not raised.

    Raises OSError when the file cannot be read at all.
    """
    shown = display or str(path)
    smap = SourceMap(shown)
    size = path.stat().st_size
    if size > MAX_BYTES:
        return None, smap, [Diagnostic(shown, 1, 1, "error",
                                       f"the file is {size:,} bytes; the limit is {MAX_BYTES:,}",
                                       "split it or remove unused parts")]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, smap, [Diagnostic(shown, 1, 1, "error",
                                       f"the file is not UTF-8 text (byte {exc.start})",
                                       "save it as UTF-8")]
    problems: list[Diagnostic] = []
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = (exc.problem or "invalid YAML").strip()
        hint = _yaml_hint(message)
        return None, smap, [Diagnostic(shown, line, col, "error", f"YAML syntax: {message}", hint)]
    except yaml.YAMLError as exc:  # pragma: no cover - every PyYAML error is marked in practice
        return None, smap, [Diagnostic(shown, 1, 1, "error", f"YAML syntax: {exc}", "")]
    finally:
        loader.dispose()
    if node is None:
        return None, smap, [Diagnostic(shown, 1, 1, "error", "the file is empty",
                                       "start from a shipped scenario under scenarios/")]
    for n in _walk(node):
        if n.tag not in _CORE_TAGS:
            line, col = _mark(n)
            problems.append(Diagnostic(shown, line, col, "error", f"tag '{n.tag}' is not allowed",
                                       "scenario files hold plain data only; remove the tag"))
            return None, smap, problems
    data = _build(node, (), smap, problems, loader)
    return data, smap, problems


_CORE_TAGS = {
    "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp",
}


def _walk(node: yaml.Node):
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                stack.extend((k, v))
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(n.value)


def _yaml_hint(message: str) -> str:
    if "mapping values are not allowed" in message:
        return "a value containing ': ' must be quoted"
    if "found character '\\t'" in message or "tab" in message:
        return "indent with spaces, not tabs"
    if "expected <block end>" in message or "did not find expected key" in message:
        return "check the indentation of this line against the one above"
    if "found undefined alias" in message:
        return "anchors must be defined before they are used"
    return "check quotes, colons and indentation near here"
