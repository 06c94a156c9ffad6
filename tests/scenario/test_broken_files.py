"""Broken scenario files: each holds one mistake a student might make, and gets one clear diagnostic.

Every file under tests/scenarios/broken/ is a copy of ../mini.yaml (or a minimal file) with one
deliberate mistake, named by its file name and described on its second line. The table gives the
one diagnostic each must produce: exact place, severity, and words from the message and the hint.
A file that yields anything else (a second message, a different place, an exception) fails.
"""
from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from game.cli import main
from game.scenario import ScenarioInvalid, check_scenario, load_scenario
from game.scenario.source import MAX_BYTES

from ..conftest import ROOT

BROKEN = ROOT / "tests" / "scenarios" / "broken"

# file -> (line:col, severity, in the message, in the hint)
EXPECTED: dict[str, tuple[str, str, str, str]] = {
    # YAML syntax
    "bad_indentation.yaml": ("7:4", "error", "YAML syntax: this line is indented more than the line above",
                             "line `summary:` up with the keys above it"),
    "tab_indentation.yaml": ("10:1", "error", "YAML syntax: a tab character",
                             "indent and separate with spaces only"),
    "unquoted_colon.yaml": ("7:16", "error", "YAML syntax: ': ' inside a value that is not in quotes",
                            "put the whole value of 'summary' in quotes"),
    "duplicate_key.yaml": ("11:3", "error", "duplicate key 'turns'", "already set on line 10; keep one"),
    "python_tag.yaml": ("6:10", "error", "tag '!!python/object/apply:os.system' is not allowed",
                        "plain data only; remove the tag"),
    "alias_bomb.yaml": ("9:4", "error", "aliases (*name) make this value expand to more than 200,000 values",
                        "write the values out"),
    "empty.yaml": ("1:1", "error", "the file is empty", "start from a shipped scenario"),
    "invisible_character.yaml": ("6:12", "error", "invisible character U+00AD SOFT HYPHEN",
                                 "delete it: copies from word processors and web pages bring such"),
    # The shape of the data
    "unknown_key_typo.yaml": ("7:3", "error", "unknown key 'sumary'", "did you mean 'summary'?"),
    "old_market_key.yaml": ("153:3", "error", "'china_share' is now called 'leader_share'",
                            "rename it to `leader_share:`"),
    "missing_required_key.yaml": ("4:1", "error", "missing required key 'turns' in `meta`",
                                  "add `turns:`, number of turns in a full game"),
    "text_for_number.yaml": ("10:10", "error", "'turns' must be a whole number, not 'six'",
                             "write the number in digits"),
    "number_with_unit.yaml": ("133:18", "error", "'leader_supply' must be a number, not '230 kt'",
                              "write just the number, `leader_supply: 230`"),
    "bad_date.yaml": ("8:10", "error", "'start' must be a date YYYY-MM-DD, not '01/11/2025'",
                      "e.g. 2025-11-01"),
    "impossible_date.yaml": ("8:10", "error", "'start' must be a date YYYY-MM-DD, not '2025-13-01'",
                             "e.g. 2025-11-01"),
    "id_with_capitals.yaml": ("109:9", "error", "id 'Spend Money' is not a valid id",
                              "lower case letters, digits and _, starting with a letter, e.g. 'spend_money'"),
    "effect_change_and_formula.yaml": ("108:94", "error", "this effect has both `change` and `formula`",
                                       "keep one"),
    "dated_event_without_date.yaml": ("114:5", "error", "a dated event needs a `date`",
                                      "add `date: YYYY-MM-DD`"),
    "random_event_without_probability.yaml": ("126:5", "error", "a random event needs a `probability`",
                                              "add `probability:`"),
    # YAML 1.1 readings the schema (YAML 1.2) and editors do not share
    "octal_number.yaml": ("85:39", "error", "`010` would be read as the octal number 8",
                          "write 10 without the leading zero"),
    "base60_number.yaml": ("85:39", "error", "`1:30` would be read as a base-60 number",
                           "write the number you mean"),
    "yes_for_true.yaml": ("96:11", "error", "`yes` would be read as true", "write true"),
    "quoted_number.yaml": ("31:59", "error", "the number 3 is written in quotes", "remove the quotes"),
    "quoted_truth.yaml": ("96:11", "error", "'true' in quotes is text, not true or false",
                          "write true or false without quotes"),
    # Weak messages rewritten (each pinned at its exact place)
    "unclosed_quote.yaml": ("82:11", "error", "this quote is not closed on its line", "add the closing \""),
    "percent_probability.yaml": ("147:78", "error", "'probability' must be a number, not '15%'",
                                 "write `probability: 0.15` for 15%"),
    "no_space_after_colon.yaml": ("147:65", "error", "YAML needs a space after the colon",
                                  "write `probability: 0.15`"),
    "infinite_number.yaml": ("55:83", "error", "'change' must be an ordinary number, not inf",
                             "write a number such as 100"),
    "power_by_lower_case_name.yaml": ("83:17", "error", "unknown power 'power a'",
                                      "refer to it by its id, a"),
    "merge_key.yaml": ("81:5", "error", "merge keys ('<<') are not supported", "write the fields out in full"),
    # References and ranges
    "unknown_indicator_in_effect.yaml": ("112:24", "error", "unknown indicator 'stabilty'",
                                         "did you mean 'stability'?"),
    "unknown_action_in_excludes.yaml": ("84:16", "error", "unknown action 'dealb'", "did you mean 'deal_b'?"),
    "unknown_state_in_who.yaml": ("92:11", "error", "unknown state 'Pland'",
                                  "'Pland' is the name of state 'p'; refer to it by its id"),
    "start_outside_range.yaml": ("22:63", "error", "start value 160 of 'stability' is outside its range 0 to 100",
                                 "fix the value or the range"),
    "min_not_below_max.yaml": ("23:46", "error", "'mining': max (0) must be greater than min (50)",
                               "swap them"),
    "effect_on_derived.yaml": ("112:24", "error", "'autonomy' is derived from a formula and cannot be changed",
                               "change one of the indicators its formula reads"),
    "derived_cycle.yaml": ("20:63", "error",
                           "derived indicators depend on each other in a circle: autonomy -> security -> autonomy",
                           "one of them must be a plain indicator"),
    # Formulas: the column is that of the mistake inside the formula
    "formula_unknown_name.yaml": ("145:50", "error", "unknown name 'stabilty' in formula",
                                  "did you mean 'stability'?"),
    "formula_import.yaml": ("128:67", "error", "'__import__' is not allowed in a formula",
                            "the functions are abs, clamp"),
    "formula_attribute.yaml": ("144:58", "error", "'.__class__' is not allowed in a formula",
                               "formulas use numbers, indicator ids"),
    "formula_syntax_error.yaml": ("128:67", "error", "formula syntax: '(' was never closed",
                                  "check brackets and operators"),
}


def _only_problem(path: Path, display: str | None = None):
    loaded, problems = check_scenario(path, display)
    assert loaded is None, f"{path.name} loaded although it is broken"
    assert len(problems) == 1, f"{path.name}: expected one problem, got:\n" + "\n".join(map(str, problems))
    return problems[0]


def _assert_matches(d, where: str, severity: str, message: str, hint: str) -> None:
    assert f"{d.line}:{d.col}" == where, str(d)
    assert d.severity == severity, str(d)
    assert message in d.message, str(d)
    assert hint in d.hint, str(d)


def test_every_broken_file_is_in_the_table():
    on_disk = {p.name for p in BROKEN.glob("*.yaml")}
    assert on_disk == set(EXPECTED), "add new broken files to EXPECTED (and remove deleted ones)"
    assert len(on_disk) >= 20


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_file_gives_exactly_its_diagnostic(name):
    where, severity, message, hint = EXPECTED[name]
    d = _only_problem(BROKEN / name)
    _assert_matches(d, where, severity, message, hint)
    assert d.path == str(BROKEN / name)
    assert str(d).startswith(f"{BROKEN / name}:{where}: {severity}: {d.message}")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_load_scenario_raises_scenario_invalid_never_a_traceback(name):
    with pytest.raises(ScenarioInvalid) as info:
        load_scenario(BROKEN / name)
    assert len(info.value.errors) == 1
    assert f":{EXPECTED[name][0]}: error: " in str(info.value)


def test_file_over_the_size_limit(tmp_path):
    big = tmp_path / "too_big.yaml"
    big.write_bytes(b"# padding\n" * (MAX_BYTES // 10) + b"format: 1\n")
    d = _only_problem(big)
    _assert_matches(d, "1:1", "error", f"the file is {MAX_BYTES + 10:,} bytes; the limit is {MAX_BYTES:,}",
                    "split it")


def test_file_that_is_not_utf8(tmp_path):
    latin = tmp_path / "latin1.yaml"
    latin.write_bytes("format: 1\nmeta:\n  title: Démarche\n".encode("latin-1"))
    d = _only_problem(latin)
    _assert_matches(d, "3:11", "error", "the file is not UTF-8 text: byte 0xe9", "save the file again with the "
                    "encoding UTF-8")


def test_file_saved_as_utf16(tmp_path):
    wide = tmp_path / "utf16.yaml"
    wide.write_bytes("format: 1\n".encode("utf-16"))
    _assert_matches(_only_problem(wide), "1:1", "error", "saved as UTF-16", "UTF-8")


def test_alias_bomb_is_refused_quickly():
    start = time.perf_counter()
    _only_problem(BROKEN / "alias_bomb.yaml")
    assert time.perf_counter() - start < 5


@pytest.mark.parametrize("text, where, message", [
    ("a: &a [*a]\n", "1:4", "this value contains itself through an alias"),
    ("a: &a [&b [*a]]\n", "1:8", "this value contains itself through an alias"),
    ("[" * 3000 + "]" * 3000 + "\n", "1:1", "the document is nested too deeply"),
    ("format: 1\n---\nformat: 1\n", "2:1", "a second document ('---')"),
    ("meta:\n  title: x\n  turns 6\n  start: 2025-11-01\n", "3:3", "this line has no ':' after its key"),
    ("money: x\nstates:\n  - {id: p, name: P\n  - {id: q, name: Q}\n", "3:5", "this '{' is not closed"),
    ("meta:\n  title: \"Mini\n", "2:10", "this quote is not closed on its line"),
    ("meta:\n  title: x\n turns: 6\n", "3:2", "the indentation of this line does not match"),
    ("x: 2025-13-01\n2025-02-30: 1\n", None, "unknown key"),
])
def test_other_malformed_documents_never_raise(tmp_path, text, where, message):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    loaded, problems = check_scenario(path)
    assert loaded is None and problems
    if where is not None:
        assert len(problems) == 1, problems
        assert f"{problems[0].line}:{problems[0].col}" == where, problems[0]
    assert any(message in d.message for d in problems), problems


def test_validate_on_the_broken_folder(capsys):
    assert main(["validate", str(BROKEN)]) == 1
    out = capsys.readouterr().out.splitlines()
    lines = [line for line in out if ": error: " in line or ": warning: " in line]
    assert len(lines) == len(EXPECTED), "\n".join(out)
    for name, (where, severity, message, _hint) in EXPECTED.items():
        prefix = f"{BROKEN / name}:{where}: {severity}: "
        assert any(line.startswith(prefix) and message in line for line in lines), prefix
    assert all(re.match(r"^.+\.yaml:\d+:\d+: error: \S", line) for line in lines)
    assert out[-1] == f"{len(EXPECTED)} files checked: {len(EXPECTED)} errors, 0 warnings."
    assert not any("Traceback" in line for line in out)
