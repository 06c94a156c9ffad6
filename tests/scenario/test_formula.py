"""Formulas: the compiled evaluator agrees with simpleeval, and unsafe formulas are refused clearly."""
from __future__ import annotations

import math

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from game.scenario.formula import FUNCTIONS, MAX_DEPTH, FormulaError, finite, float_power, parse_formula

NAMES = frozenset({"a", "b", "c"})


def reference(formula, values) -> float:
    """The formula evaluated by simpleeval, an independent evaluator (with powers in floating point,
    as the game takes them): the compiled closures must always agree with it."""
    import ast

    from simpleeval import DEFAULT_OPERATORS, InvalidExpression, SimpleEval

    evaluator = SimpleEval(operators={**DEFAULT_OPERATORS, ast.Pow: float_power}, functions=FUNCTIONS,
                           names=dict(values))
    try:
        result = evaluator.eval(formula.text)
    except (ZeroDivisionError, OverflowError, ValueError, TypeError, InvalidExpression):
        return 0.0   # an arithmetic accident counts as zero, as in the game
    return finite(result)

# --- the compiled evaluator and the reference (simpleeval) agree --------------------------------

# Small whole numbers and decimals; large whole numbers come from `round` of the values below.
constants = st.one_of(st.integers(0, 3).map(str), st.sampled_from(["0.5", "1.5", "2.0", "10.0", "0.0", "1e-3"]))
leaves = st.one_of(st.sampled_from(sorted(NAMES)), constants)


def _combine(children):
    two = st.tuples(children, children)
    return st.one_of(
        st.builds(lambda lr, op: f"({lr[0]} {op} {lr[1]})", two,
                  st.sampled_from(["+", "-", "*", "/", "%", "**", "<", "<=", ">", ">=", "==", "!=",
                                   "and", "or"])),
        st.builds(lambda x, op: f"({op}{x})", children, st.sampled_from(["-", "+", "not "])),
        st.builds(lambda t, x, y: f"({x} if {t} else {y})", children, children, children),
        st.builds(lambda x, fn: f"{fn}({x})", children,
                  st.sampled_from(["abs", "sqrt", "log", "exp", "round", "min", "max"])),
        st.builds(lambda lr, fn: f"{fn}({lr[0]}, {lr[1]})", two, st.sampled_from(["min", "max", "pow"])),
        st.builds(lambda x, lo, hi: f"clamp({x}, {lo}, {hi})", children, children, children),
        st.builds(lambda x, y, z: f"({x} < {y} <= {z})", children, children, children),
    )


expressions = st.recursive(leaves, _combine, max_leaves=10)
numbers = st.one_of(
    st.floats(min_value=-1e4, max_value=1e4, allow_nan=False, allow_infinity=False),
    st.sampled_from([0.0, -0.0, 1.0, -1.0, 0.5, 2.0, 3.0, 4e6, 5e6, -5e6, 1e300, -1e300, 1e-300]),
)
values = st.fixed_dictionaries({name: numbers for name in sorted(NAMES)})


@settings(max_examples=600, deadline=None)
@given(text=expressions, env=values)
@example(text="(a ** 2)", env={"a": 5e6, "b": 0.0, "c": 0.0})     # base over simpleeval's limit
@example(text="(2 ** a)", env={"a": 4e6 + 1, "b": 0.0, "c": 0.0})  # exponent over the limit
@example(text="(a / b)", env={"a": 1.0, "b": 0.0, "c": 0.0})       # division by zero
@example(text="((a - a) ** -1)", env={"a": 1.0, "b": 0.0, "c": 0.0})
@example(text="(a * 1e300 * 1e300)", env={"a": 1.0, "b": 0.0, "c": 0.0})  # inf, clipped
@example(text="((a * 1e308 * 10) - (a * 1e308 * 10))", env={"a": 1.0, "b": 0.0, "c": 0.0})  # nan
@example(text="((-a) ** 0.5)", env={"a": 2.0, "b": 0.0, "c": 0.0})  # a complex number
@example(text="(+(a < b))", env={"a": 1.0, "b": 2.0, "c": 0.0})
@example(text="round(a)", env={"a": 1e300, "b": 0.0, "c": 0.0})
@example(text="(round(a) * round(a))", env={"a": 1e300, "b": 0.0, "c": 0.0})  # inf, clipped
@example(text="round(1, (-a))", env={"a": 1e8, "b": 0.0, "c": 0.0})  # no 10**(10**8) built
@example(text="round(True, round(a))", env={"a": -1e9, "b": 0.0, "c": 0.0})
@example(text="(round(a) ** round(b))", env={"a": 4e6, "b": 4e6, "c": 0.0})   # no 26-million-digit integer
@example(text="pow(round(a), round(b))", env={"a": 4e6, "b": 4e6, "c": 0.0})
def test_compiled_evaluator_agrees_with_simpleeval(text, env):
    try:
        f = parse_formula(text, NAMES)
    except FormulaError:
        assume(False)  # e.g. nested deeper than MAX_DEPTH
    compiled, expected = f(env), reference(f, env)
    assert isinstance(compiled, float) and isinstance(expected, float)
    assert math.isfinite(compiled) and -1e9 <= compiled <= 1e9
    # Both evaluators count an arithmetic accident (x / 0, overflow, a complex result) as zero.
    assert compiled == expected, (text, env, compiled, expected)


def test_powers_of_whole_numbers_are_taken_in_floating_point():
    # In whole-number arithmetic `round(a) ** round(b)` would take minutes to build its integer;
    # a formula is a number of the game, so too large a power is an overflow (0), at once.
    f = parse_formula("round(a) ** round(b) + pow(round(a), round(b))", NAMES)
    assert f({"a": 4e6, "b": 4e6}) == reference(f, {"a": 4e6, "b": 4e6}) == 0.0
    assert parse_formula("round(a) ** 2", NAMES)({"a": 5e6}) == 1e9    # large, clipped, not zero
    assert parse_formula("round(a) ** 2", NAMES)({"a": 30.0}) == 900.0
    assert parse_formula("round(a) * round(a)", NAMES)({"a": 1e300}) == 1e9
    assert parse_formula("round(a, b)", NAMES)({"a": 1234.5, "b": -1e9}) == 0.0   # no huge 10**n
    assert parse_formula("round(a, b)", NAMES)({"a": 1234.5, "b": -2.0}) == 1200.0
    assert parse_formula("round(a, 1)", NAMES)({"a": 2.345}) == 2.3


def test_a_missing_value_counts_as_zero_in_both():
    f = parse_formula("a + b", NAMES)
    assert f({"a": 1.0}) == reference(f, {"a": 1.0}) == 0.0


def test_formula_reports_the_names_it_reads():
    assert parse_formula("max(a, b) - 3", NAMES).names == frozenset({"a", "b"})
    assert parse_formula(" a + 1 ", NAMES).text == "a + 1"


# --- unsafe or mistaken formulas are refused, with a message a student can act on ---------------

@pytest.mark.parametrize("text, col, message, hint", [
    ("__import__('os')", 1, "'__import__' is not allowed in a formula: formulas cannot import modules",
     "the functions are abs, clamp"),
    ("__import__('os').system('rm -rf /')", 1, "'__import__' is not allowed", ""),
    ("a.__class__", 2, "'.__class__' is not allowed in a formula: formulas cannot reach Python's internals", ""),
    ("a.__class__.__bases__[0].__subclasses__()", 2, "'.__class__' is not allowed", ""),
    ("max(a, b.__class__)", 9, "'.__class__' is not allowed", ""),  # the leftmost problem
    ("a.real", 2, "attribute access ('.real') is not allowed in a formula", "name an indicator directly"),
    ("__builtins__", 1, "'__builtins__' is not allowed in a formula", ""),
    ("eval('1')", 1, "unknown function 'eval'", "the functions are"),
    ("open('/etc/passwd')", 1, "unknown function 'open'", ""),
    ("(lambda: 1)()", 1, "only the functions abs, clamp", ""),
    ("lambda: a", 1, "lambda is not allowed in a formula", ""),
    ("[x for x in (1, 2)]", 1, "a comprehension is not allowed", ""),
    ("a[0]", 2, "indexing ('[...]') is not allowed", ""),
    ("'text'", 1, "only numbers may appear as constants", "text in quotes"),
    ("f'{a}'", 1, "an f-string is not allowed", ""),
    ("(x := 3)", 2, "':=' (assignment) is not allowed", ""),
    ("min(a, key=abs)", 1, "keyword arguments are not allowed", "min(a, b, ...)"),
    ("a ^ 2", 3, "'^' is not allowed in a formula", "write powers as `x ** 2`"),
    ("a // 2", 3, "'//' (whole-number division) is not allowed", ""),
    ("stabilty / 10", 1, "unknown name 'stabilty' in formula", "use a declared indicator id"),
    ("a + bb", 5, "unknown name 'bb' in formula", "did you mean 'b'?"),
    ("clamp(a, 0)", 1, "clamp() takes 3 values, not 2", "clamp(x, low, high)"),
    ("max", 1, "'max' is a function", "max(a, b, ...)"),
    ("(a - 3 * 0.2", 1, "formula syntax: '(' was never closed", "check brackets"),
    ("a +", 3, "formula syntax: the formula stops in the middle of an expression", ""),
    ("2a", 1, "formula syntax: invalid decimal literal", "write a `*` between a number and a name"),
    ("a = 3", 3, "formula syntax: invalid syntax", "compare with `==`"),
    ("a > 1 ? 2 : 3", 7, "formula syntax", "a if test else b"),
    ("  a // 2", 5, "'//'", ""),  # columns count from the formula as written
    ("", 1, "the formula is empty", ""),
    ("a" * 501, 1, "longer than 500 characters", ""),
    ("-" * (MAX_DEPTH + 1) + "a", 1, f"nested more than {MAX_DEPTH} levels deep", ""),
    ("(" * 210 + "a" + ")" * 210, 201, "formula syntax: too many nested parentheses", ""),
    ("a\0", 2, "NUL character", ""),
])
def test_unsafe_or_wrong_formulas_are_refused_clearly(text, col, message, hint):
    with pytest.raises(FormulaError) as info:
        parse_formula(text, NAMES)
    assert message in str(info.value)
    assert hint in info.value.hint
    assert info.value.col == col


def test_formulas_are_never_run_while_checked(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for text in ("__import__('os').system('touch pwned')", "open('pwned', 'w')",
                 "a.__class__.__bases__[0].__subclasses__()"):
        with pytest.raises(FormulaError):
            parse_formula(text, NAMES)
    assert not (tmp_path / "pwned").exists()
