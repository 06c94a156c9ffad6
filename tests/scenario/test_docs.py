"""The format reference documents every field of the model, and stays current."""
from __future__ import annotations

from game.scenario import model as m
from game.scenario.reference import ORDER, reference, splice

from ..conftest import ROOT

DOC = ROOT / "docs" / "scenario-format.md"


def test_every_model_and_field_is_in_the_reference():
    text = reference()
    for model in ORDER:
        assert f"### {model.__name__}" in text
        for name, field in model.model_fields.items():
            assert f"| `{name}` |" in text
            assert field.description, f"{model.__name__}.{name} has no description"


def test_every_model_class_is_listed():
    models = {c for c in vars(m).values() if isinstance(c, type) and issubclass(c, m.Model) and c is not m.Model}
    assert models <= set(ORDER)


def test_docs_reference_is_current():
    text = DOC.read_text(encoding="utf-8")
    assert splice(text) == text, "run: python -m game.scenario.reference docs/scenario-format.md"


def test_the_complete_example_in_the_docs_is_valid_and_plays(tmp_path):
    import math
    import re

    import pytest

    from game.engine import Game
    from game.scenario import check_scenario

    text = DOC.read_text(encoding="utf-8")
    block = re.search(r"<!-- example:tiny .*?-->\n```yaml\n(.*?)```", text, re.S).group(1)
    path = tmp_path / "tiny.yaml"
    path.write_text(block, encoding="utf-8")
    loaded, problems = check_scenario(path)
    assert loaded is not None and not [p for p in problems if p.severity == "error"], problems
    turns = loaded.model.meta.turns
    assert turns == 4
    axes = {a.id for a in loaded.model.scoring.axes}
    for seed in (1, 2, 3):
        game = Game(loaded, seed=seed)
        for _ in range(turns):                     # bounded: a game that never ends fails, not hangs
            if game.over:
                break
            game.resolve()
        # it plays its full length (no ending cuts it short with these seeds) and then is over
        assert game.over and len(game.reports) == turns and game.ending_of("small") is None, seed
        score = game.score("small")
        assert set(score) >= axes | {"total"}, score
        assert all(math.isfinite(v) for v in score.values()), score
        assert score["total"] == pytest.approx(sum(score[a] for a in axes)), score
