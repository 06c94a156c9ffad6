"""Safe formulas: parsed once at load time, checked against an allow-list, run by simpleeval.

A formula is arithmetic over declared indicator ids and a few functions. Nothing else is
accepted: no attributes, no subscripts, no strings, no lambdas, no imports. Python's `eval` is
never used.
"""
from __future__ import annotations

import ast
import math
from dataclasses import dataclass, field
from typing import Mapping

from simpleeval import InvalidExpression, SimpleEval

from .diagnostics import did_you_mean


def _clamp(x: float, lo: float, hi: float) -> float:
    return lo if x < lo else hi if x > hi else x


def _pow(x: float, y: float) -> float:
    # Concave curves such as x**0.6 on negative values would be complex; keep the sign.
    return math.copysign(abs(x) ** y, x)


FUNCTIONS = {
    "min": min, "max": max, "abs": abs, "clamp": _clamp, "sqrt": lambda x: math.sqrt(max(x, 0.0)),
    "pow": _pow, "log": lambda x: math.log(max(x, 1e-9)), "exp": lambda x: math.exp(min(x, 50.0)),
    "round": round,
}
"""Functions a formula may call. `pow(x, 0.6)` keeps the sign of x; sqrt and log clip at zero."""

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

    def __call__(self, values: Mapping[str, float]) -> float:
        """Evaluate on `values` (indicator id to number). Arithmetic accidents give 0."""
        try:
            result = self._compiled(values)
        except (ZeroDivisionError, OverflowError, ValueError, TypeError, KeyError):
            return 0.0
        return _finite(result)

    @property
    def _compiled(self):
        fn = self.__dict__.get("_fn")
        if fn is None:
            fn = _compile(self.tree.body)
            object.__setattr__(self, "_fn", fn)
        return fn

    def reference(self, values: Mapping[str, float]) -> float:
        """Evaluate with simpleeval; the compiled path must always agree with it (tested)."""
        evaluator = SimpleEval(functions=FUNCTIONS, names=dict(values))
        try:
            result = evaluator.eval(self.text)
        except (ZeroDivisionError, OverflowError, ValueError, TypeError, InvalidExpression):
            # Formulas were checked at load time; what is left are arithmetic accidents
            # (x / 0, a huge power), which count as zero rather than crash a game.
            return 0.0
        return _finite(result)


def _finite(result) -> float:
    if isinstance(result, bool):
        return float(result)
    if not isinstance(result, (int, float)) or math.isnan(result):
        return 0.0
    return float(max(-1e9, min(1e9, result)))


_MAX_POWER = 1e6

_BINOPS = {
    ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b, ast.Mod: lambda a, b: a % b,
    ast.Pow: lambda a, b: _safe_power(a, b),
}
_CMPS = {
    ast.Lt: lambda a, b: a < b, ast.LtE: lambda a, b: a <= b, ast.Gt: lambda a, b: a > b,
    ast.GtE: lambda a, b: a >= b, ast.Eq: lambda a, b: a == b, ast.NotEq: lambda a, b: a != b,
}


def _safe_power(a, b):
    # The same guard simpleeval applies, so both evaluators agree.
    if abs(b) > _MAX_POWER:
        raise OverflowError("power too high")
    return a ** b


def _compile(node: ast.AST):
    """Turn a checked (allow-listed) expression tree into nested closures: fast, never `eval`."""
    if isinstance(node, ast.Constant):
        value = node.value
        return lambda env: value
    if isinstance(node, ast.Name):
        name = node.id
        return lambda env: env[name]
    if isinstance(node, ast.BinOp):
        op, left, right = _BINOPS[type(node.op)], _compile(node.left), _compile(node.right)
        return lambda env: op(left(env), right(env))
    if isinstance(node, ast.UnaryOp):
        operand = _compile(node.operand)
        if isinstance(node.op, ast.USub):
            return lambda env: -operand(env)
        if isinstance(node.op, ast.Not):
            return lambda env: not operand(env)
        return operand
    if isinstance(node, ast.BoolOp):
        parts = [_compile(v) for v in node.values]
        if isinstance(node.op, ast.And):
            def _and(env):
                result = True
                for part in parts:
                    result = part(env)
                    if not result:
                        return result
                return result
            return _and

        def _or(env):
            result = False
            for part in parts:
                result = part(env)
                if result:
                    return result
            return result
        return _or
    if isinstance(node, ast.Compare):
        first = _compile(node.left)
        pairs = [(_CMPS[type(op)], _compile(c)) for op, c in zip(node.ops, node.comparators)]

        def _compare(env):
            left = first(env)
            for op, right_fn in pairs:
                right = right_fn(env)
                if not op(left, right):
                    return False
                left = right
            return True
        return _compare
    if isinstance(node, ast.IfExp):
        test, body, orelse = _compile(node.test), _compile(node.body), _compile(node.orelse)
        return lambda env: body(env) if test(env) else orelse(env)
    if isinstance(node, ast.Call):
        fn = FUNCTIONS[node.func.id]
        args = [_compile(a) for a in node.args]
        return lambda env: fn(*[a(env) for a in args])
    raise FormulaError(f"'{type(node).__name__}' is not allowed in a formula")  # pragma: no cover


def parse_formula(text: str, known: set[str] | frozenset[str]) -> Formula:
    """Parse and check a formula against the known names; raise `FormulaError` if unsafe."""
    if not isinstance(text, str) or not text.strip():
        raise FormulaError("the formula is empty", "write an expression such as `stability / 10`")
    if len(text) > 500:
        raise FormulaError("the formula is longer than 500 characters", "split it into derived indicators")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise FormulaError(f"formula syntax: {exc.msg}", "check brackets and operators",
                           col=max(1, (exc.offset or 1))) from None
    names: set[str] = set()
    for node in ast.walk(tree):
        col = getattr(node, "col_offset", 0) + 1
        if not isinstance(node, _ALLOWED_NODES):
            raise FormulaError(f"'{type(node).__name__}' is not allowed in a formula",
                               "use numbers, indicator ids, + - * / ** and functions "
                               + ", ".join(sorted(FUNCTIONS)), col)
        if isinstance(node, ast.Constant) and not isinstance(node.value, (int, float)):
            raise FormulaError("only numbers may appear as constants in a formula",
                               "remove the quotes", col)
        if isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
                fname = getattr(node.func, "id", "?")
                raise FormulaError(f"unknown function '{fname}'",
                                   did_you_mean(fname, FUNCTIONS) or
                                   "allowed: " + ", ".join(sorted(FUNCTIONS)), col)
            if node.keywords:
                raise FormulaError("keyword arguments are not allowed", "pass values in order", col)
        if isinstance(node, ast.Name):
            if node.id in FUNCTIONS and _is_called(tree, node):
                continue
            if node.id not in known:
                raise FormulaError(f"unknown name '{node.id}' in formula",
                                   did_you_mean(node.id, known) or "use a declared indicator id",
                                   col)
            names.add(node.id)
    return Formula(text.strip(), tree, frozenset(names))


def _is_called(tree: ast.AST, name: ast.Name) -> bool:
    return any(isinstance(n, ast.Call) and n.func is name for n in ast.walk(tree))
