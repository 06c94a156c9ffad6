"""Safe formulas: parsed once at load time, checked against an allow-list, compiled to a function.

A formula is arithmetic over declared indicator ids and a few functions. Nothing else is
accepted: no attributes, no subscripts, no strings, no lambdas, no imports. Python's `eval` is
never used: the checked tree (not the text) is compiled into a function whose only globals are
the allowed functions.
"""
from __future__ import annotations

import ast
import copy
import math
import types
from dataclasses import dataclass, field
from typing import Mapping

from .diagnostics import did_you_mean


def _clamp(x: float, lo: float, hi: float) -> float:
    return lo if x < lo else hi if x > hi else x


def float_power(a: float, b: float) -> float:
    """`a ** b`, always in floating point: a power of whole numbers (`round(x) ** round(y)`) would
    otherwise build an integer of millions of digits and freeze the game for minutes. Too large a
    result raises OverflowError, which the formula turns into 0 like any arithmetic accident."""
    return float(a) ** float(b)


def _pow(x: float, y: float) -> float:
    # Concave curves such as x**0.6 on negative values would be complex; keep the sign.
    return math.copysign(float_power(abs(x), y), x)


def _round(x: float, places: float = 0) -> float:
    """`round` on a float, to a whole number of places (an indicator's 2.0 will do). Python's
    whole-number `round(1, -10**8)` builds 10**(10**8) first and freezes the game; past 400 places
    either way the answer is the same as at 400."""
    return round(float(x), int(max(-400.0, min(400.0, places))))


FUNCTIONS = {
    "min": min, "max": max, "abs": abs, "clamp": _clamp, "sqrt": lambda x: math.sqrt(max(x, 0.0)),
    "pow": _pow, "log": lambda x: math.log(max(x, 1e-9)), "exp": lambda x: math.exp(min(x, 50.0)),
    "round": _round,
}
"""Functions a formula may call. `pow(x, 0.6)` keeps the sign of x; sqrt and log clip at zero."""

_ARITY = {"min": (1, None), "max": (1, None), "abs": (1, 1), "clamp": (3, 3), "sqrt": (1, 1),
          "pow": (2, 2), "log": (1, 1), "exp": (1, 1), "round": (1, 2)}
_USAGE = {"min": "min(a, b, ...)", "max": "max(a, b, ...)", "abs": "abs(x)",
          "clamp": "clamp(x, low, high)", "sqrt": "sqrt(x)", "pow": "pow(x, power)", "log": "log(x)",
          "exp": "exp(x)", "round": "round(x) or round(x, decimals)"}

MAX_DEPTH = 40
"""Deepest nesting of operations accepted in a formula, so neither evaluator can recurse too deep."""

_ALLOWED_NODES = (
    ast.Expression, ast.BinOp, ast.UnaryOp, ast.BoolOp, ast.Compare, ast.IfExp, ast.Call,
    ast.Name, ast.Load, ast.Constant,
    ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Mod, ast.Pow, ast.USub, ast.UAdd, ast.Not,
    ast.And, ast.Or, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Eq, ast.NotEq,
)


class FormulaError(ValueError):
    """A formula that cannot be accepted; `col` is the 1-based column inside the formula."""

    def __init__(self, message: str, hint: str = "", col: int = 1):
        super().__init__(message)
        self.hint = hint
        self.col = col


@dataclass(frozen=True)
class Formula:
    """A checked formula. `names` are the indicator ids it reads."""

    text: str
    tree: ast.Expression = field(compare=False, repr=False)
    names: frozenset[str]

    def __post_init__(self) -> None:
        object.__setattr__(self, "_fn", _compile(self.tree.body))

    def __call__(self, values: Mapping[str, float]) -> float:
        """Evaluate on `values` (indicator id to number). Arithmetic accidents give 0."""
        try:
            result = self._fn(values)  # type: ignore[attr-defined]
        except (ZeroDivisionError, OverflowError, ValueError, TypeError, KeyError):
            return 0.0
        return finite(result)


def finite(result) -> float:
    """A formula's result as the game uses it: a float within ±1e9; NaN and non-numbers give 0."""
    if type(result) is float and -1e9 <= result <= 1e9:  # the common case, checked first
        return result
    if isinstance(result, int):  # bools, and whole numbers too large for a float: clip first
        return float(max(-1e9, min(1e9, result)))
    if not isinstance(result, float) or math.isnan(result):
        return 0.0
    return max(-1e9, min(1e9, result))






class _ToCode(ast.NodeTransformer):
    """The checked tree rewritten to read `env`: a name becomes `env["id"]`, a function call calls
    the game's own function (never a builtin), and `**` becomes `float_power`."""

    def visit_Name(self, node: ast.Name) -> ast.AST:
        return ast.Subscript(ast.Name("env", ast.Load()), ast.Constant(node.id), ast.Load())

    def visit_Call(self, node: ast.Call) -> ast.AST:
        return ast.Call(ast.Name("f_" + node.func.id, ast.Load()),  # type: ignore[attr-defined]
                        [self.visit(a) for a in node.args], [])

    def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
        self.generic_visit(node)
        if isinstance(node.op, ast.Pow):
            return ast.Call(ast.Name("float_power", ast.Load()), [node.left, node.right], [])
        return node


_NAMESPACE = {"__builtins__": {}, "float_power": float_power, **{"f_" + k: f for k, f in FUNCTIONS.items()}}
"""All a compiled formula can reach: the allow-listed functions, nothing of Python's own."""


def _compile(node: ast.AST):
    """Turn a checked (allow-listed) expression tree into one function of `env`.

    The tree, not the text, is compiled, after `parse_formula` has checked every node against the
    allow-list; the function's only globals are the formula functions, with no builtins. It
    computes exactly what evaluating the tree node by node would (the same operations in the same
    order), in one call instead of one per node: a formula is evaluated tens of thousands of times
    a game."""
    body = _ToCode().visit(copy.deepcopy(node))
    args = ast.arguments(posonlyargs=[], args=[ast.arg("env")], kwonlyargs=[], kw_defaults=[], defaults=[])
    tree = ast.fix_missing_locations(ast.Expression(ast.Lambda(args, body)))
    code = next(c for c in compile(tree, "<formula>", "eval").co_consts if isinstance(c, types.CodeType))
    return types.FunctionType(code, _NAMESPACE, "formula")


_FUNCTION_LIST = ", ".join(sorted(FUNCTIONS))
_ARITHMETIC = f"formulas use numbers, indicator ids, + - * / % **, comparisons and {_FUNCTION_LIST}"

# What a student wrote, in words, for syntax that parses as Python but is not allowed here.
_NOT_ALLOWED: dict[type, tuple[str, str]] = {
    ast.Attribute: ("attribute access ('.name')", "formulas cannot look inside values; name an "
                    "indicator directly, e.g. `stability / 10`"),
    ast.Subscript: ("indexing ('[...]')", "name an indicator directly, e.g. `rel_a`"),
    ast.Lambda: ("lambda", _ARITHMETIC),
    ast.List: ("a list ('[...]')", "use round brackets ( ) to group"),
    ast.Tuple: ("a tuple ('a, b')", "commas only separate the values given to a function"),
    ast.Set: ("a set ('{...}')", "use round brackets ( ) to group"),
    ast.Dict: ("a mapping ('{...}')", "use round brackets ( ) to group"),
    ast.ListComp: ("a comprehension", _ARITHMETIC), ast.SetComp: ("a comprehension", _ARITHMETIC),
    ast.DictComp: ("a comprehension", _ARITHMETIC), ast.GeneratorExp: ("a comprehension", _ARITHMETIC),
    ast.JoinedStr: ("an f-string", "formulas compute numbers, not text"),
    ast.NamedExpr: ("':=' (assignment)", "a formula computes a value; it cannot set one"),
    ast.Starred: ("'*' unpacking", "give the values one by one"),
    ast.Await: ("'await'", _ARITHMETIC), ast.Yield: ("'yield'", _ARITHMETIC),
    ast.YieldFrom: ("'yield'", _ARITHMETIC), ast.Slice: ("a slice", _ARITHMETIC),
    ast.FloorDiv: ("'//' (whole-number division)", "use `/`, and `round(...)` for a whole number"),
    ast.BitXor: ("'^'", "write powers as `x ** 2`"),
    ast.BitAnd: ("'&'", "write `and`"), ast.BitOr: ("'|'", "write `or`"),
    ast.Invert: ("'~'", "write `-x` or `not x`"),
    ast.LShift: ("'<<'", _ARITHMETIC), ast.RShift: ("'>>'", _ARITHMETIC),
    ast.MatMult: ("'@'", "write `*` to multiply"),
    ast.In: ("'in'", "compare with == or <"), ast.NotIn: ("'not in'", "compare with != or <"),
    ast.Is: ("'is'", "write `==`"), ast.IsNot: ("'is not'", "write `!=`"),
}
_OP_TEXT = {ast.FloorDiv: "//", ast.BitXor: "^", ast.BitAnd: "&", ast.BitOr: "|", ast.Invert: "~",
            ast.LShift: "<<", ast.RShift: ">>", ast.MatMult: "@", ast.In: "in", ast.NotIn: "not",
            ast.Is: "is", ast.IsNot: "is"}


def parse_formula(text: str, known: set[str] | frozenset[str]) -> Formula:
    """Parse and check a formula against the known names; raise `FormulaError` if unsafe.

    The error's `col` is 1-based in `text` as given (leading spaces included).
    """
    if not isinstance(text, str) or not text.strip():
        raise FormulaError("the formula is empty", "write an expression such as `stability / 10`")
    if len(text) > 500:
        raise FormulaError("the formula is longer than 500 characters", "split it into derived indicators")
    body = text.strip()
    lead = len(text) - len(text.lstrip())
    if "\0" in body:
        raise FormulaError("the formula contains a NUL character", "remove it", lead + body.index("\0") + 1)
    try:
        tree = ast.parse(body, mode="eval")
    except SyntaxError as exc:
        raise _syntax_error(exc, body, lead) from None
    except (ValueError, RecursionError, MemoryError):
        raise FormulaError("the formula cannot be read", _ARITHMETIC) from None
    if _depth(tree) > MAX_DEPTH:
        raise FormulaError(f"the formula is nested more than {MAX_DEPTH} levels deep",
                           "split it into derived indicators")
    names: set[str] = set()
    problems: list[FormulaError] = []
    for node in ast.walk(tree):
        col = lead + getattr(node, "col_offset", 0) + 1
        try:
            _check_node(node, tree, body, lead, col)
            if isinstance(node, ast.Call):
                _check_call(node, col)
            if isinstance(node, ast.Name) and _check_name(node, tree, known, col):
                names.add(node.id)
        except FormulaError as exc:
            problems.append(exc)
    if problems:  # the leftmost problem: the first a reader meets
        raise min(problems, key=lambda e: e.col)
    return Formula(body, tree, frozenset(names))


def _check_name(node: ast.Name, tree: ast.AST, known: set[str] | frozenset[str], col: int) -> bool:
    """Whether the name is an indicator the formula reads (False for a called function)."""
    if node.id in FUNCTIONS and _is_called(tree, node):
        return False
    if node.id.startswith("_"):
        raise FormulaError(f"'{node.id}' is not allowed in a formula: formulas cannot reach "
                           "Python's internals", _ARITHMETIC, col)
    if node.id in FUNCTIONS:
        raise FormulaError(f"'{node.id}' is a function; call it with values in brackets",
                           f"write {_USAGE[node.id]}", col)
    if node.id not in known:
        raise FormulaError(f"unknown name '{node.id}' in formula",
                           did_you_mean(node.id, known) or "use a declared indicator id", col)
    return True


def _syntax_error(exc: SyntaxError, body: str, lead: int) -> FormulaError:
    msg = exc.msg or "invalid syntax"
    offset = exc.offset or 0
    if (exc.lineno or 1) > 1 or offset < 1 or offset > len(body):
        if "\n" in body:
            return FormulaError("formula syntax: a formula must be a single expression on one line",
                                "join the lines, or wrap the whole expression in ( )", lead + 1)
        return FormulaError("formula syntax: the formula stops in the middle of an expression",
                            "something is missing at the end", lead + len(body))
    hint = "check brackets and operators"
    if msg.startswith("invalid syntax. Maybe you meant '=='"):
        msg, hint = "invalid syntax", "compare with `==`; a formula cannot assign with `=`"
    elif body[offset - 1:offset] == "?":
        hint = "write `a if test else b` instead of `test ? a : b`"
    elif msg == "invalid decimal literal":
        hint = "write a `*` between a number and a name, e.g. `2 * mining`"
    elif msg.startswith("invalid syntax") and body[offset - 1:offset] == "=":
        hint = "compare with `==`; a formula cannot assign with `=`"
    return FormulaError(f"formula syntax: {msg}", hint, col=lead + offset)


def _check_node(node: ast.AST, tree: ast.AST, body: str, lead: int, col: int) -> None:
    if isinstance(node, ast.BinOp | ast.UnaryOp | ast.BoolOp):
        ops = [node.op]
    elif isinstance(node, ast.Compare):
        ops = list(node.ops)
    else:
        ops = []
    for op in ops:  # operators carry no position; find the symbol after the left operand
        if not isinstance(op, _ALLOWED_NODES):
            what, hint = _NOT_ALLOWED.get(type(op), (f"'{type(op).__name__}'", _ARITHMETIC))
            left = node.left if isinstance(node, ast.BinOp | ast.Compare) else None
            start = left.end_col_offset if left is not None and left.end_col_offset else node.col_offset
            found = body.find(_OP_TEXT.get(type(op), "\0"), start)
            raise FormulaError(f"{what} is not allowed in a formula", hint,
                               lead + (found if found >= 0 else node.col_offset) + 1)
    if isinstance(node, ast.Attribute):
        at = lead + (node.value.end_col_offset or node.col_offset) + 1
        if node.attr.startswith("_"):
            raise FormulaError(f"'.{node.attr}' is not allowed in a formula: formulas cannot reach "
                               "Python's internals", _ARITHMETIC, at)
        raise FormulaError(f"attribute access ('.{node.attr}') is not allowed in a formula",
                           _NOT_ALLOWED[ast.Attribute][1], at)
    if not isinstance(node, _ALLOWED_NODES):
        if isinstance(node, ast.expr_context | ast.operator | ast.unaryop | ast.boolop | ast.cmpop):
            return  # reported at the expression that holds it, above
        if isinstance(node, ast.Subscript) and node.value.end_col_offset is not None:
            col = lead + node.value.end_col_offset + 1  # at the '['
        what, hint = _NOT_ALLOWED.get(type(node), (f"'{type(node).__name__}'", _ARITHMETIC))
        raise FormulaError(f"{what} is not allowed in a formula", hint, col)
    if isinstance(node, ast.Constant) and not isinstance(node.value, (int, float)):  # bools are ints
        raise FormulaError("only numbers may appear as constants in a formula",
                           "text in quotes cannot be computed; use numbers and indicator ids"
                           if isinstance(node.value, str) else "write a plain number such as 0.5", col)


def _check_call(node: ast.Call, col: int) -> None:
    fname = node.func.id if isinstance(node.func, ast.Name) else None
    if fname is None:
        if isinstance(node.func, ast.Attribute):
            return  # reported as attribute access when the walk reaches it
        raise FormulaError("only the functions " + _FUNCTION_LIST + " may be called", _ARITHMETIC, col)
    if fname.startswith("_"):
        raise FormulaError(f"'{fname}' is not allowed in a formula: formulas cannot import modules "
                           "or call Python's built-ins", f"the functions are {_FUNCTION_LIST}", col)
    if fname not in FUNCTIONS:
        raise FormulaError(f"unknown function '{fname}'",
                           did_you_mean(fname, FUNCTIONS) or f"the functions are {_FUNCTION_LIST}",
                           col)
    if node.keywords:
        raise FormulaError("keyword arguments are not allowed", f"write {_USAGE[fname]}", col)
    low, high = _ARITY[fname]
    n = len(node.args)
    if n < low or (high is not None and n > high):
        want = (f"{low}" if low == high else f"{low} or {high}" if high else f"at least {low}")
        raise FormulaError(f"{fname}() takes {want} value{'s' if want != '1' else ''}, not {n}",
                           f"write {_USAGE[fname]}", col)


def _depth(tree: ast.AST) -> int:
    deepest = 0
    stack = [(tree, 0)]
    while stack:
        node, d = stack.pop()
        deepest = max(deepest, d)
        stack.extend((child, d + 1) for child in ast.iter_child_nodes(node))
    return deepest


def _is_called(tree: ast.AST, name: ast.Name) -> bool:
    return any(isinstance(n, ast.Call) and n.func is name for n in ast.walk(tree))
