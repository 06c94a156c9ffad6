"""Loading scenarios: a valid file loads, every problem comes out in one pass, only the one file is read."""
from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.scenario import check_scenario, load_scenario

from ..conftest import MINI

MINI_TEXT = MINI.read_text(encoding="utf-8")


def _line(text: str) -> int:
    """The line of mini.yaml holding `text` (mini.yaml grows, so tests do not hard-code its lines)."""
    assert MINI_TEXT.count(text) == 1, text
    return MINI_TEXT[:MINI_TEXT.index(text)].count("\n") + 1


def _variant(tmp_path: Path, *changes: tuple[str, str], name: str = "variant.yaml") -> Path:
    text = MINI_TEXT
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_valid_file_loads():
    loaded, problems = check_scenario(MINI)
    assert problems == []
    assert loaded is not None
    assert loaded.model.meta.id == "mini"
    assert [st.id for st in loaded.model.states] == ["p", "q"]
    assert loaded.digest == hashlib.sha256(MINI.read_bytes()).hexdigest()
    assert loaded.warnings == []
    # every formula of the file is parsed once and ready to run
    assert loaded.formula("(budget - 3) * 0.2")({"budget": 8.0}) == 1.0
    assert load_scenario(str(MINI)).model == loaded.model


def test_three_independent_mistakes_give_three_diagnostics(tmp_path):
    """A type error does not hide the reference errors elsewhere in the file."""
    spend = "    effects: [{target: stability, change: 3}]\n"
    path = _variant(tmp_path,
                    ("  turns: 6\n", "  turns: six\n"),
                    ("    excludes: [deal_b]\n", "    excludes: [dealb]\n"),
                    (spend, spend.replace("stability", "stabilty")))
    loaded, problems = check_scenario(path)
    assert loaded is None
    assert [(d.line, d.col, d.severity) for d in problems] == [
        (_line("  turns: 6\n"), 10, "error"), (_line("    excludes: [deal_b]"), 16, "error"),
        (_line(spend), 24, "error")], problems
    assert "'turns' must be a whole number" in problems[0].message
    assert problems[1].message == "unknown action 'dealb'"
    assert problems[2].message == "unknown indicator 'stabilty'"


def test_three_semantic_mistakes_give_three_diagnostics(tmp_path):
    path = _variant(tmp_path,
                    ("max: 100, start: 60}", "max: 100, start: 160}"),
                    ('formula: "stability / 10"', 'formula: "stabilty / 10"'),
                    ("    with_power: a\n", "    with_power: power_a\n"))
    _, problems = check_scenario(path)
    assert [d.line for d in problems] == [_line("max: 100, start: 60}"), _line("    with_power: a\n"),
                                          _line('formula: "stability / 10"')], problems
    assert problems[1].message == "unknown power 'power_a'"
    assert all(d.severity == "error" for d in problems)


def test_an_invalid_item_does_not_make_references_to_it_unknown(tmp_path):
    """`deal_b` fails to validate (bad cost), yet `excludes: [deal_b]` must not be reported."""
    path = _variant(tmp_path, ("    cost: {capital: 1}\n    effects: [{target: rel_b, change: 8}",
                               "    cost: {capital: lots}\n    effects: [{target: rel_b, change: 8}"))
    _, problems = check_scenario(path)
    assert [(d.line, d.message) for d in problems] == [
        (_line("    cost: {capital: 1}\n    effects: [{target: rel_b, change: 8}"),
         "'capital' must be a whole number, not 'lots'")]


def test_a_bad_field_does_not_hide_a_bad_reference_in_the_same_item(tmp_path):
    """`spend` has a cost that does not validate and an effect on a misspelt indicator: one pass
    reports both, and the missing schema line too."""
    path = tmp_path / "plain.yaml"
    path.write_text(MINI_TEXT.split("\n", 1)[1].replace(
        "    cost: {money: 1}\n    effects: [{target: stability, change: 3}]\n",
        "    cost: {money: lots}\n    effects: [{target: stabilty, change: 3}]\n"), encoding="utf-8")
    _, problems = check_scenario(path)
    spend = _line("    cost: {money: 1}\n") - 1  # the file lost its first line
    assert [(d.line, d.severity, d.message) for d in problems] == [
        (1, "warning", "no `# yaml-language-server: $schema=` line"),
        (spend, "error", "'money' must be a number, not 'lots'"),
        (spend + 1, "error", "unknown indicator 'stabilty'")], problems


def test_missing_schema_line_is_a_warning_only(tmp_path):
    path = tmp_path / "plain.yaml"
    path.write_text(MINI_TEXT.split("\n", 1)[1], encoding="utf-8")
    loaded, problems = check_scenario(path)
    assert loaded is not None
    assert [(d.line, d.col, d.severity) for d in problems] == [(1, 1, "warning")]
    assert "yaml-language-server" in problems[0].message


class _Opens:
    """Records the files opened and folders listed while active (an audit hook cannot be removed)."""

    active: list[tuple[str, str]] | None = None

    @classmethod
    def hook(cls, event: str, args: tuple) -> None:
        if cls.active is None:
            return
        if event == "open" and args and isinstance(args[0], (str, bytes, os.PathLike)):
            cls.active.append((event, os.fsdecode(args[0])))
        elif event in ("os.listdir", "os.scandir", "glob.glob", "os.chdir"):
            cls.active.append((event, str(args[0]) if args else ""))


sys.addaudithook(_Opens.hook)


def test_check_scenario_reads_only_the_one_file(tmp_path):
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "other.yaml").write_text(MINI_TEXT, encoding="utf-8")
    (tmp_path / "outside.yaml").write_text("secret: 1\n", encoding="utf-8")
    # A schema line pointing outside the folder, a source url and an invalid sibling file:
    # none of them may be followed.
    valid = folder / "one.yaml"
    valid.write_text(MINI_TEXT.replace("$schema=../../scenarios/scenario.schema.json",
                                       "$schema=../outside.yaml"), encoding="utf-8")
    broken = folder / "two.yaml"
    broken.write_text(MINI_TEXT.replace("  turns: 6\n", "  turns: six\n")
                      .replace("      title: Invented for tests\n",
                               "      title: Invented for tests\n      url: file:../outside.yaml\n"),
                      encoding="utf-8")
    for path in (valid, broken):  # once first, so that lazy imports are not counted
        check_scenario(path)
    for path in (valid, broken):
        _Opens.active = []
        try:
            check_scenario(path)
            seen = list(_Opens.active)
        finally:
            _Opens.active = None
        assert seen == [("open", str(path))], seen


# --- no input makes the loader raise ------------------------------------------------------------

MINI_DATA = yaml.safe_load(MINI_TEXT)


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, prefix + (i,))


PATHS = [p for p in _paths(MINI_DATA) if p]
ODD_VALUES = st.sampled_from([None, "", "text", "Démarche", 0, -1, 1.5, 1e300, True, [], {}, [1, "a"],
                              {"x": 1}, "2025-13-01", "__import__('os')", "a.b", "stability.__class__",
                              "p", "deal_a", "rel_a"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=st.lists(st.tuples(st.sampled_from(PATHS), st.one_of(ODD_VALUES, st.just(KeyError))),
                        min_size=1, max_size=3))
def test_any_change_to_a_valid_file_gives_diagnostics_never_an_exception(tmp_path, changes):
    import copy

    data = copy.deepcopy(MINI_DATA)
    for path, value in changes:
        parent = data
        try:
            for part in path[:-1]:
                parent = parent[part]
            if value is KeyError:
                del parent[path[-1]]
            else:
                parent[path[-1]] = copy.deepcopy(value)
        except (KeyError, IndexError, TypeError):
            continue
    path = tmp_path / "fuzz.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    loaded, problems = check_scenario(path)  # must not raise
    for d in problems:
        assert d.line >= 1 and d.col >= 1 and d.message and d.severity in ("error", "warning"), d
    assert len(problems) == len(set(problems))
    if loaded is None:
        assert any(d.severity == "error" for d in problems)


def test_a_free_repeatable_action_is_flagged_but_loads(tmp_path):
    from game.scenario import check_scenario

    text = MINI.read_text(encoding="utf-8").replace(
        "  - id: spend\n    name: Spend on welfare\n    cost: {money: 1}\n",
        "  - id: spend\n    name: Spend on welfare\n")
    path = tmp_path / "free.yaml"
    path.write_text(text, encoding="utf-8")
    loaded, problems = check_scenario(path)
    assert loaded is not None
    assert [p.message for p in problems] == [
        "action 'spend' costs nothing and can be repeated every turn"]


def test_not_a_number_is_refused(tmp_path):
    text = MINI.read_text(encoding="utf-8").replace(
        "effects: [{target: stability, change: 3}]", "effects: [{target: stability, change: .nan}]")
    path = tmp_path / "nan.yaml"
    path.write_text(text, encoding="utf-8")
    loaded, problems = check_scenario(path)
    assert loaded is None
    assert any("change" in p.message and p.severity == "error" for p in problems), problems


@pytest.mark.parametrize("old, new, message", [
    ("  turns: 6\n", "  turns: 1000000000000000000000000000000\n", "but it must be at most 200"),
    ("  turns: 6\n", "  turns: 0\n", "but it must be at least 1"),
    ("    effects: [{target: stability, change: 3}]\n", "    effects: true\n", "'effects' must be a list"),
])
def test_a_bad_field_gives_its_one_diagnostic_and_nothing_misleading(tmp_path, old, new, message):
    _, problems = check_scenario(_variant(tmp_path, (old, new)))
    assert [d.severity for d in problems] == ["error"], problems
    assert message in problems[0].message


def test_building_names_an_action_and_warns_when_it_is_no_project(tmp_path):
    summit = "    name: Summit\n"
    path = _variant(tmp_path, (summit, summit + "    available_when: [{building: spend, reason: Only while spending}]\n"))
    _, problems = check_scenario(path)
    assert [(d.severity, d.message.split(" (")[0]) for d in problems] == [
        ("warning", "'spend' is not a project")], problems
    path = _variant(tmp_path, (summit, summit + "    available_when: [{building: mnie, reason: x}]\n"))
    _, problems = check_scenario(path)
    assert [(d.severity, d.message) for d in problems] == [("error", "unknown action 'mnie'")]
    assert "did you mean 'mine'?" in problems[0].hint


def test_numbers_read_as_yaml_1_2_and_the_schema_read_them(tmp_path):
    """`1e1` is a number to the schema and to editors (YAML 1.2), though PyYAML's YAML 1.1 reads
    it as text: the loader goes with the schema."""
    text = MINI.read_text(encoding="utf-8").replace(
        "effects: [{target: rel_a, change: 8}, {target: rel_b, change: -6}", "effects: [{target: rel_a, change: 1e1}, "
        "{target: rel_b, change: -6}", 1)
    path = tmp_path / "exp.yaml"
    path.write_text(text, encoding="utf-8")
    loaded = load_scenario(path)
    deal = next(a for a in loaded.model.actions if a.id == "deal_a")
    assert deal.effects[0].change == 10.0


def test_design_slips_are_warnings_at_their_place(tmp_path):
    """Accepted until now without a word: an effect of 0, and a ladder test on a rung that does not exist."""
    text = MINI.read_text(encoding="utf-8")
    text = text.replace("{target: rel_a, change: 8}", "{target: rel_a, change: 0}", 1)
    text = text.replace("when: [{turn_from: 99}]", "when: [{power: b, rung_at_least: 5}]", 1)
    path = tmp_path / "slips.yaml"
    path.write_text(text, encoding="utf-8")
    loaded, problems = check_scenario(path)
    assert loaded is not None
    messages = {(p.severity, p.message, p.hint) for p in problems}
    assert ("warning", "a change of 0 does nothing", "give the amount, or remove the effect") in messages
    assert ("warning", "'b' has a ladder of 1 rung, so rung 5 is never reached and this test never holds",
            "use rung 1") in messages


def test_curly_quotes_from_a_word_processor_are_named(tmp_path):
    path = tmp_path / "curly.yaml"
    path.write_text(MINI.read_text(encoding="utf-8").replace("name: Deal with A", "name: “Deal with A”", 1),
                    encoding="utf-8")
    loaded, problems = check_scenario(path)
    assert loaded is not None
    [p] = problems
    assert p.severity == "warning" and p.message == "curly quotes “…” are kept as part of the text"
    assert p.hint == "YAML's quotes are straight: retype them as \", which word processors curl"
    assert (p.line, p.col) == (next(i for i, l in enumerate(path.read_text().splitlines(), 1) if "“" in l), 11)


def test_what_cannot_be_what_the_author_meant_is_a_warning(tmp_path):
    """validate's design warnings: a visible number nothing moves, an effect larger than its
    indicator's range, a turn the game never reaches, a ladder threshold below the lowest relation."""
    text = MINI.read_text(encoding="utf-8")
    edits = [
        ("indicators:\n", "indicators:\n  - {id: idle_one, name: Idle number, min: 0, max: 10, start: 5}\n"),
        ("{target: rel_a, change: 8}", "{target: rel_a, change: 500}"),
        ("threshold: -10", "threshold: -150"),
        ("    available_when:\n", "    available_when:\n      - {turn_from: 40, reason: Later.}\n"),
    ]
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "design.yaml"
    path.write_text(text, encoding="utf-8")
    loaded, problems = check_scenario(path)
    assert loaded is not None, problems
    lines = text.splitlines()
    found = {p.message: (lines[p.line - 1], p.severity) for p in problems}
    expect = {
        "nothing ever changes 'idle_one': the player sees a number that never moves": "idle_one",
        "a change of 500 is more than the whole range of 'rel_a' (-100 to 100), so it always stops at a bound": "500",
        "relations can never fall below -150 (the lowest 'rel_a' goes is -100), so this power never escalates": "-150",
        "turn 40 never comes: the game has 6 turns": "turn_from: 40",
    }
    for message, where in expect.items():
        assert message in found, (message, sorted(found))
        line, severity = found[message]
        assert severity == "warning" and where in line


@pytest.mark.parametrize("digits", ["0" + "1" * 5000, "0" + "8" * 5000, "1" * 5000])
def test_a_number_thousands_of_digits_long_is_a_message_not_a_crash(tmp_path, digits):
    path = tmp_path / "long.yaml"
    path.write_text(MINI.read_text(encoding="utf-8").replace("  turns: 6\n", f"  turns: {digits}\n", 1),
                    encoding="utf-8")
    loaded, problems = check_scenario(path)
    assert loaded is None and [p.line for p in problems if p.severity == "error"] == [10]


def test_a_text_continued_in_quotes_is_not_blamed_for_a_later_mistake(tmp_path):
    text = MINI.read_text(encoding="utf-8").replace(
        "  summary: A tiny scenario that exercises every rule.\n",
        '  summary: "A tiny scenario that\n    exercises every rule."\n', 1)
    text = text.replace("money: budget\n", "money: budget\n\tbad: 1\n", 1)
    path = tmp_path / "tab.yaml"
    path.write_text(text, encoding="utf-8")
    _, problems = check_scenario(path)
    assert len(problems) == 1 and "tab" in problems[0].message, problems


def test_a_missing_key_is_an_error_even_where_the_reader_left_a_warning(tmp_path):
    """No schema line (a warning at 1:1) and no `format:` (an error at the document, also 1:1):
    the warning must not hide the error."""
    lines = [line for line in MINI.read_text(encoding="utf-8").splitlines(keepends=True)
             if not line.startswith(("# yaml-language-server", "format:"))]
    path = tmp_path / "bare.yaml"
    path.write_text("".join(lines), encoding="utf-8")
    loaded, problems = check_scenario(path)
    assert loaded is None
    assert any(p.severity == "error" and "format" in p.message for p in problems), problems


@pytest.mark.parametrize("old, new, message", [
    ("start: {p: 10, q: 0}, drift", "start: abc, drift", "'start' must be a number, not 'abc'"),
    ("drift: {toward: 0, rate: 0.1}", 'drift: {toward: "30", rate: 0.1}', "the number 30 is written in quotes"),
])
def test_a_value_with_two_allowed_forms_gets_one_message_naming_its_key(tmp_path, old, new, message):
    path = tmp_path / "union.yaml"
    path.write_text(MINI.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    _, problems = check_scenario(path)
    errors = [p for p in problems if p.severity == "error"]
    assert len(errors) == 1 and errors[0].message.startswith(message), errors


def test_the_map_section_is_checked_id_by_id(tmp_path):
    """`map:` says which country each state is drawn as and which indicator measures which route;
    every id is checked, at its line."""
    good = "map:\n  states: {p: KGZ, q: TJK}\n  routes: {dep_a: russia}\n" \
           "  deposits:\n    - {name: Kutessay, lon: 76.1, lat: 42.9}\n"
    loaded, problems = check_scenario(_variant(tmp_path, ("debrief:\n", good + "debrief:\n")))
    assert problems == [] and loaded.model.map.states == {"p": "KGZ", "q": "TJK"}
    bad = "map:\n  states: {p: KAZ, q: KAZ, zz: UZB, r: KZX}\n  routes: {dep_a: silk_road, nothing: cpc, dep_b: cpc}\n" \
          "  deposits:\n    - {name: Far away, lon: 150, lat: 40}\n"
    path = _variant(tmp_path, ("debrief:\n", bad + "debrief:\n"), name="bad.yaml")
    loaded, problems = check_scenario(path)
    line = path.read_text().splitlines().index("map:") + 1
    said = sorted((p.line - line, p.message) for p in problems if p.severity == "error")
    assert loaded is None
    assert said == [
        (1, "'KAZ' is already where 'p' is drawn"),
        (1, "'KZX' is not a country of the map"),
        (1, "unknown state 'r'"),
        (1, "unknown state 'zz'"),
        (2, "'silk_road' is not a route of the map"),
        (2, "route 'cpc' is already measured by 'nothing'"),
        (2, "unknown indicator 'nothing'"),
    ], said
    assert any(p.severity == "warning" and p.line - line == 4 and "'Far away' lies outside the map" in p.message
               for p in problems)
    hints = {p.message: p.hint for p in problems}
    assert hints["'KZX' is not a country of the map"].startswith("did you mean '")
