"""Safe YAML reading that remembers where every key and value came from.

Only plain data is built (no tags, no Python objects). Duplicate keys are errors and the file size
is bounded. Positions are kept in a `SourceMap` keyed by the path of keys and indices to a value,
so that later checks can point at the exact line and column.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from game.files import FileProblem, read_bytes

from .diagnostics import Diagnostic

MAX_BYTES = 1_000_000

Loc = tuple[Any, ...]


@dataclass
class SourceMap:
    """Where each value (and each mapping key) of a YAML document stands, 1-based."""

    path: str
    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list, repr=False)
    """The text of the file, line by line (to place a column inside a value, such as a formula)."""
    digest: str = ""
    """SHA-256 of the bytes read, so a scenario's hash is that of the very text that was checked."""

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
"""Most values a document may expand to once aliases (*name) are followed (billion laughs)."""
MAX_CHARS = 3_000_000
"""Most characters of text a document may expand to once aliases are followed."""

MAX_DEPTH = 50
"""Deepest nesting of mappings and lists accepted."""


class _Fatal(Exception):
    """A problem after which the document cannot be used at all."""


def _build(node: yaml.Node, loc: Loc, smap: SourceMap, problems: list[Diagnostic],
           loader: _Loader, depth: int = 0) -> Any:
    smap.values[loc] = _mark(node)
    if depth > MAX_DEPTH:
        line, col = _mark(node)
        raise _Fatal(Diagnostic(smap.path, line, col, "error",
                                f"the document is nested more than {MAX_DEPTH} levels deep",
                                "scenario files need only a few levels; flatten it"))
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            line, col = _mark(key_node)
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(Diagnostic(smap.path, line, col, "error",
                                           "a key must be a plain word", "write the key as text"))
                continue
            key = key_node.value if key_node.tag == _TIMESTAMP else _scalar(key_node, smap, problems, loader)
            if key == "<<":
                problems.append(Diagnostic(smap.path, line, col, "error",
                                           "merge keys ('<<') are not supported",
                                           "write the fields out in full"))
                continue
            if key in out:
                first = smap.keys.get(loc + (key,), (0, 0))
                problems.append(Diagnostic(smap.path, line, col, "error",
                                           f"duplicate key '{key}'",
                                           f"it is already set on line {first[0]}; keep one"))
                continue
            smap.keys[loc + (key,)] = (line, col)
            out[key] = _build(value_node, loc + (key,), smap, problems, loader, depth + 1)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, loc + (i,), smap, problems, loader, depth + 1)
                for i, item in enumerate(node.value)]
    # Dates stay text: the model parses them, so one code path reports bad dates (2025-13-01 too,
    # which PyYAML's own constructor would turn into a crash).
    if node.tag == _TIMESTAMP:
        return node.value
    surprise = _yaml11_surprise(node)
    if surprise is not None:
        message, hint, value = surprise
        line, col = _mark(node)
        problems.append(Diagnostic(smap.path, line, col, "error", message, hint))
        return value
    value = _scalar(node, smap, problems, loader)
    if isinstance(value, str) and not node.style and value[:1] in _CURLY:
        line, col = _mark(node)
        problems.append(Diagnostic(smap.path, line, col, "warning",
                                   f"curly quotes {value[0]}…{_CURLY[value[0]]} are kept as part of the text",
                                   "YAML's quotes are straight: retype them as \", which word processors curl"))
    if isinstance(value, str) and _NUMBER.fullmatch(value.strip()):
        if not node.style:   # plain (libyaml says ''): 1e3 is text to YAML 1.1, a number to YAML 1.2, the schema and editors
            digits = value.replace("_", "")
            if len(digits) > 30:
                return float(digits)   # too long for a whole number anyway: the range check names it
            return float(digits) if any(c in value for c in ".eE") else int(digits)
        return QuotedNumber(value)
    return value


_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_OCTAL = re.compile(r"[-+]?0[0-7_]+")
_WORDS_READ_AS_BOOL = {"yes", "no", "on", "off", "y", "n"}
_CURLY = {"“": "”", "‘": "’", "„": "“", "«": "»"}
_NUMBER = re.compile(r"[-+]?(\d[\d_]*(\.\d*)?|\.\d+)([eE][-+]?\d+)?")


class QuotedNumber(str):
    """Text in quotes that reads as a number ("3"). The model refuses it where a number belongs:
    YAML and the schema an editor checks read it as text, so a lenient reader must not quietly
    make it a number again (game.scenario.model)."""


def _yaml11_surprise(node: yaml.Node) -> tuple[str, str, Any] | None:
    """A plain scalar that YAML 1.1 (PyYAML) reads unlike the YAML 1.2 the schema and editors
    use: (message, hint, the value to go on with), or None. Octal `010`, base-60 `1:30` and the
    words yes/no/on/off become errors, so `validate` and the editor agree."""
    if not isinstance(node, yaml.ScalarNode) or node.style:   # only plain scalars (None, or '' from libyaml)
        return None
    text = node.value
    if node.tag == _INT and _OCTAL.fullmatch(text):
        plain = text.replace("_", "")
        if len(plain) > 30:   # far beyond any number a scenario holds (and int() refuses thousands of digits)
            return (f"`{text[:20]}…` would be read as an octal number", "write the number without the leading zero",
                    None)
        return (f"`{text}` would be read as the octal number {int(plain, 8)}",
                f"write {int(plain, 10)} without the leading zero, or \"{text}\" in quotes if it is text",
                int(plain, 10))
    if node.tag in (_INT, _FLOAT) and ":" in text:
        return (f"`{text}` would be read as a base-60 number (1:30 as 90)",
                f"write the number you mean, or \"{text}\" in quotes if it is text", text)
    if node.tag == _BOOL and text.lower() in _WORDS_READ_AS_BOOL:
        truth = text.lower() in ("yes", "on", "y")
        return (f"`{text}` would be read as {'true' if truth else 'false'}",
                f"write {'true' if truth else 'false'}, or \"{text}\" in quotes if you mean the word",
                truth)
    return None


_TIMESTAMP = "tag:yaml.org,2002:timestamp"


def _scalar(node: yaml.Node, smap: SourceMap, problems: list[Diagnostic], loader: _Loader) -> Any:
    try:
        return loader.construct_object(node)
    except (yaml.constructor.ConstructorError, ValueError, OverflowError, TypeError) as exc:
        line, col = _mark(node)
        reason = getattr(exc, "problem", None) or str(exc)
        problems.append(Diagnostic(smap.path, line, col, "error", f"unsupported value: {reason}",
                                   "use plain text, numbers, lists and mappings"))
        return None


def _sizes(root: yaml.Node, weight=lambda node: 1) -> dict[int, float]:
    """How much each node expands to once aliases are followed (counting `weight` of each node:
    values by default); inf for a node inside itself."""
    size: dict[int, float] = {}
    # Iterative post-order walk over the node graph; a node met again while open is a cycle.
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    open_: set[int] = set()
    while stack:
        node, done = stack.pop()
        if done:
            open_.discard(id(node))
            # A child still open is an ancestor: the value contains itself and never ends.
            size[id(node)] = weight(node) + sum(size.get(id(c), float("inf")) for c in _children(node))
            continue
        if id(node) in size or id(node) in open_:
            continue
        open_.add(id(node))
        stack.append((node, True))
        stack.extend((c, False) for c in _children(node) if id(c) not in size and id(c) not in open_)
    return size


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _too_big(root: yaml.Node, size: dict[int, float]) -> yaml.Node | None:
    """The innermost node expanding past MAX_NODES (where aliases pile up), or None if all is well."""
    if size[id(root)] <= MAX_NODES:
        return None
    node, seen = root, {id(root)}
    while True:
        bigger = next((c for c in _children(node) if size[id(c)] > MAX_NODES), None)
        if bigger is None or id(bigger) in seen:
            return node
        node = bigger
        seen.add(id(node))


_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


def _compose_fast(text: str):
    """Compose with libyaml when it is there and the text is valid; (None, None) otherwise.

    A file with a syntax error is composed again by the pure-Python loader, whose messages the
    diagnostics translate; valid files, the common case, load several times faster.
    """
    if _FAST_LOADER is None:
        return None, None
    loader = _FAST_LOADER(text)
    try:
        return loader.get_single_node(), loader
    except (yaml.YAMLError, RecursionError):
        loader.dispose()
        return None, None


def _invisible_characters(shown: str, lines: list[str]) -> list[Diagnostic]:
    """Control characters (NUL, escapes) and invisible format characters (soft hyphens, zero-width
    spaces, direction marks), which a copy from a word processor or a web page brings: one error
    for each, at its place. Texts with them draw wrongly or not at all."""
    out: list[Diagnostic] = []
    for n, line in enumerate(lines, 1):
        if line.isascii() and line.isprintable():
            continue
        for col, ch in enumerate(line, 1):
            if ch == "\t":
                continue   # tabs have a message of their own where YAML refuses them
            cat = unicodedata.category(ch)
            if cat not in ("Cc", "Cf"):
                continue
            name = unicodedata.name(ch, "")
            what = "control character" if cat == "Cc" else "invisible character"
            out.append(Diagnostic(shown, n, col, "error", f"{what} U+{ord(ch):04X}{' ' + name if name else ''}",
                                  "delete it: copies from word processors and web pages bring such "
                                  "characters, which cannot be seen or drawn"))
            if len(out) >= 50:
                return out
    return out


def read_yaml(path: Path, display: str | None = None) -> tuple[Any, SourceMap, list[Diagnostic]]:
    """Read one YAML file into plain data with positions. Problems are returned, not raised.

    The data is None when the file cannot be used at all (syntax, encoding, size, tags, aliases).
    Raises OSError when the file cannot be read at all.
    """
    shown = display or str(path)
    smap = SourceMap(shown)
    size = path.stat().st_size
    if size > MAX_BYTES:
        return None, smap, [Diagnostic(shown, 1, 1, "error",
                                       f"the file is {size:,} bytes; the limit is {MAX_BYTES:,}",
                                       "split it or remove unused parts")]
    try:
        raw = read_bytes(path, MAX_BYTES)   # regular files only: a pipe or a device is never read
    except FileProblem as exc:
        text = str(exc)
        return None, smap, [Diagnostic(shown, 1, 1, "error", text.split(": ", 1)[-1],
                                       "give the path of a scenario file (.yaml)")]
    smap.digest = hashlib.sha256(raw).hexdigest()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, smap, [_not_utf8(shown, raw, exc)]
    if text.startswith("\ufeff"):   # a byte-order mark, as some editors write: not part of the text
        text = text[1:]
    smap.lines = text.splitlines()
    problems: list[Diagnostic] = _invisible_characters(shown, smap.lines)
    if any(d.message.startswith("control character") for d in problems):
        return None, smap, problems   # the YAML reader would stop at the first with a worse message
    node, loader = _compose_fast(text)
    try:
        if loader is None:
            loader = _Loader(text)
            node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        line, col, message, hint = _yaml_problem(exc, smap.lines)
        return None, smap, [Diagnostic(shown, line, col, "error", f"YAML syntax: {message}", hint)]
    except yaml.YAMLError as exc:  # pragma: no cover - every PyYAML error is marked in practice
        return None, smap, [Diagnostic(shown, 1, 1, "error", f"YAML syntax: {exc}", "")]
    except RecursionError:
        return None, smap, [Diagnostic(shown, 1, 1, "error", "the document is nested too deeply",
                                       "scenario files need only a few levels; flatten it")]
    finally:
        loader.dispose()
    if node is None:
        return None, smap, [Diagnostic(shown, 1, 1, "error", "the file is empty",
                                       "start from a shipped scenario under scenarios/")]
    for n in _walk(node):
        if n.tag == "tag:yaml.org,2002:merge":   # `<<:` written as a key
            line, col = _mark(n)
            problems.append(Diagnostic(shown, line, col, "error", "merge keys ('<<') are not supported",
                                       "write the fields out in full"))
            return None, smap, problems
        if n.tag not in _CORE_TAGS:
            line, col = _mark(n)
            problems.append(Diagnostic(shown, line, col, "error", f"tag '{_show_tag(n.tag)}' is not allowed",
                                       "scenario files hold plain data only; remove the tag"))
            return None, smap, problems
    sizes = _sizes(node)
    culprit = _too_big(node, sizes)
    unique = sum(1 for _ in _walk(node))
    if culprit is not None and sizes[id(node)] == unique:   # no alias: the file itself is that large
        line, col = _mark(culprit)
        return None, smap, [Diagnostic(shown, line, col, "error",
                                       f"the file holds more than {MAX_NODES:,} values",
                                       "a scenario needs far fewer; remove what the game does not use")]
    if culprit is not None:
        line, col = _mark(culprit)
        if sizes[id(culprit)] == float("inf"):
            message = "this value contains itself through an alias (*name)"
        else:
            message = f"aliases (*name) make this value expand to more than {MAX_NODES:,} values"
        return None, smap, [Diagnostic(shown, line, col, "error", message,
                                       "scenario files need no anchors &name or aliases *name; "
                                       "write the values out")]
    chars = _sizes(node, lambda n: len(n.value) if isinstance(n, yaml.ScalarNode) else 0)
    if chars[id(node)] > MAX_CHARS:
        biggest = max((n for n in _walk(node) if isinstance(n, yaml.ScalarNode)), key=lambda n: len(n.value))
        line, col = _mark(biggest)
        return None, smap, [Diagnostic(shown, line, col, "error",
                                       f"aliases (*name) make the file expand to more than {MAX_CHARS:,} "
                                       "characters of text", "write each text out once, where it is used")]
    try:
        data = _build(node, (), smap, problems, loader)
    except _Fatal as exc:
        return None, smap, [exc.args[0]]
    return data, smap, problems


def _not_utf8(shown: str, raw: bytes, exc: UnicodeDecodeError) -> Diagnostic:
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return Diagnostic(shown, 1, 1, "error", "the file is saved as UTF-16, not UTF-8",
                          "save it again with the encoding UTF-8")
    before = raw[:exc.start]
    line = before.count(b"\n") + 1
    col = len(before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
    return Diagnostic(shown, line, col, "error",
                      f"the file is not UTF-8 text: byte 0x{raw[exc.start]:02x} cannot be read",
                      "save the file again with the encoding UTF-8; it was probably saved as Latin-1 "
                      "or Windows-1252")


_CORE_TAGS = {
    "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp",
}


def _walk(node: yaml.Node):
    """Every node once, in document order (aliases share nodes, so remember what was seen)."""
    stack, seen = [node], set()
    while stack:
        n = stack.pop()
        if id(n) in seen:
            continue
        seen.add(id(n))
        yield n
        stack.extend(reversed(_children(n)))


def _show_tag(tag: str) -> str:
    """A tag as it is written in the file: `!!python/object`, not `tag:yaml.org,2002:python/object`."""
    return "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag


def _yaml_problem(exc: yaml.MarkedYAMLError, lines: list[str]) -> tuple[int, int, str, str]:
    """PyYAML's error in words a scenario author can act on: (line, col, message, hint)."""
    problem = (exc.problem or "invalid YAML").strip()
    context = (exc.context or "").strip()
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    cline, ccol = ((exc.context_mark.line + 1, exc.context_mark.column + 1)
                   if exc.context_mark else (line, col))
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    indent = len(text) - len(text.lstrip(" "))
    unclosed = _unclosed_quote(lines[:line])
    if unclosed is not None:   # the reader trips lines later; the mistake is where the quote opened
        qline, qcol = unclosed
        return (qline, qcol, "this quote is not closed on its line",
                "add the closing \" where the value ends; a text that runs over several lines is "
                "written after >- instead")

    if problem.startswith("mapping values are not allowed"):
        before = text[:col - 1]
        if ": " in before.strip() or before.rstrip().endswith(":"):
            key = before.split(":", 1)[0].strip().lstrip("-").strip()
            return (line, col, "': ' inside a value that is not in quotes",
                    f"put the whole value of '{key}' in quotes, e.g. {key}: \"...: ...\"" if key
                    else "put the whole value in quotes")
        key = before.strip().lstrip("-").strip()
        return (line, indent + 1, "this line is indented more than the line above",
                f"line `{key}:` up with the keys above it; if it continues the text above, put "
                "that text in quotes" if key else "line it up with the keys above it")
    if "found character '\\t'" in problem:  # PyYAML shows the tab as \t
        return (line, col, "a tab character; YAML does not allow tabs here",
                "indent and separate with spaces only; set your editor to insert spaces")
    if problem.startswith("found character") and "cannot start any token" in problem:
        char = problem.split("'")[1] if "'" in problem else "?"
        return (line, col, f"a value cannot start with '{char}'", "put the value in quotes")
    if problem == "could not find expected ':'":
        return (cline, ccol, "this line has no ':' after its key",
                "write `key: value`; a long text value that runs over several lines needs quotes")
    if "while parsing a flow" in context and problem.startswith("expected ','"):
        closer = "}" if "mapping" in context else "]"
        opener = "{" if closer == "}" else "["
        if line != cline:
            return (cline, ccol, f"this '{opener}' is not closed",
                    f"add '{closer}' where it ends")
        return (line, col, f"expected ',' or '{closer}' here",
                f"separate the items inside {opener} {closer} with ', '; quote a value that "
                "contains ':' or ','")
    if problem.startswith("found unexpected end of stream") and "quoted scalar" in context:
        return (cline, ccol, "this quote is never closed", "add the closing quote at the end of the value")
    if problem.startswith("expected <block end>, but found '-'"):
        return (line, col, "a list item ('- ') where a key was expected",
                "indent the items of a list under their key, or remove the '- '")
    if problem.startswith("expected <block end>, but found '<block mapping start>'"):
        return (line, col, "the indentation of this line does not match the lines above",
                "indent it with exactly as many spaces as the keys it belongs with")
    if problem.startswith("expected <block end>, but found '<scalar>'"):
        return (line, col, "unexpected text after a value",
                "put the whole value in quotes, or move the text to its own line")
    if problem.startswith("found undefined alias"):
        return (line, col, problem, "anchors (&name) must be defined before an alias (*name) uses them")
    if problem.startswith("but found another document") or "expected a single document" in context:
        return (line, col, "a second document ('---') in the same file",
                "keep one scenario per file; remove the second '---'")
    if "<block" in problem or "<flow" in problem or "<scalar>" in problem:   # the reader's own words
        return (line, col, "this line does not fit the structure above it",
                "check that it is indented like the keys it belongs with, and that quotes and brackets "
                "above it are closed")
    return (line, col, problem, "check quotes, colons and indentation near here")


_OPENING_QUOTE = re.compile(r'(?:^|[:\-\[,{]\s*|^\s*-\s+)(")')


def _unclosed_quote(lines: list[str]) -> tuple[int, int] | None:
    """The first line whose double-quoted value opens and does not close on it: (line, column of
    the quote), or None. Scenario texts that run over lines use >- or plain text, so a quote left
    open is a mistake rather than a value continued."""
    for n, raw in enumerate(lines, 1):
        body = raw
        if '"' not in body or body.lstrip().startswith("#"):
            continue
        m = _OPENING_QUOTE.search(body)
        if m is None:
            continue
        rest = body[m.start(1) + 1:].replace('\\\\', "").replace('\\"', "")
        if '"' in rest:
            continue
        # A text continued in quotes on the next lines is indented further than its key; a next
        # line at the key's depth or less starts something new, so this quote was left open.
        depth = len(raw) - len(raw.lstrip(" "))
        following = next((x for x in lines[n:] if x.strip()), None)
        if following is None or len(following) - len(following.lstrip(" ")) <= depth:
            return n, m.start(1) + 1
    return None
