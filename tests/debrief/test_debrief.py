"""The debrief a teacher reads after a class (`greatgame report`), the role sheets handed out before
it (`greatgame class roles`) and branching a played game to try another choice (`greatgame
branch`): each team's decisions turn by turn, causes that add up to every change shown, where
teams on the same seed diverged, and never a traceback or a lost file."""
from __future__ import annotations

import csv
import io
import json
import re

import pytest

from game.classroom.classfile import check_class
from game.classroom.classroom import Classroom
from game.cli import main
from game.debrief.report import posture, read_recorded
from game.engine import Game, load_game, rewind
from game.engine.save import write_save
from game.engine.views import Orders
from game.paths import find_scenario

CLASS = """title: Debrief class
scenario: busan_pause
seed: 11
turns: 3
teams_see: {adviser: true}
teams:
  - {name: Eagles, state: kz}
  - {name: Caravan, state: uz}
  - {name: Falcons, state: kz}
  - {name: "=Silk Road", state: uz}
injects:
  - {turn: 2, event: price_crash}
"""


def _send_advice(room, seat):
    room.take_advice(seat)
    room.send(seat)


@pytest.fixture(scope="module")
def played_class(tmp_path_factory, busan):
    """A class of two groups played to its end: the two Kazakhstan teams decide alike on turn 1
    and differently from turn 2; one argued action."""
    folder = tmp_path_factory.mktemp("class")
    path = folder / "seminar.yaml"
    path.write_text(CLASS)
    loaded, problems = check_class(path)
    assert loaded is not None, problems
    room = Classroom.start(loaded, folder / "seminar-session")
    seats = room.seats
    while not all(gg.game.over for gg in room.groups):
        turn = room.groups[0].game.turn
        for name in ("Caravan", "=Silk Road", "Eagles"):
            _send_advice(room, seats[name])
        falcons = seats["Falcons"]
        if turn == 1:
            _send_advice(room, falcons)
        else:   # from turn 2: no action, every question answered with its last choice
            ts = room.team_session(falcons)
            for d in ts.pending():
                room.answer(falcons, d.id, [o.id for o in d.options if o.available][-1])
            room.send(falcons)
        if turn == 2 and not room.groups[0].game.interventions[1:]:
            room.argue("Eagles", "Invite a European battery maker", 1.0, [("rel_us", 6)])
    return path, room


def _report(source, *extra, capsys) -> str:
    assert main(["report", str(source), *extra, "--out", "-"]) == 0
    return capsys.readouterr().out


def test_the_debrief_follows_every_team_turn_by_turn(played_class, capsys):
    path, room = played_class
    data = json.loads(_report(path, "--format", "json", capsys=capsys))
    assert data["kind"] == "new-great-game debrief" and data["title"] == "Debrief class"
    assert [g["group"] for g in data["games"]] == ["Group 1", "Group 2"]
    by_team = {t["team"]: (g, t) for g in data["games"] for t in g["teams"]}
    assert set(by_team) == {"Eagles", "Caravan", "Falcons", "=Silk Road"}
    for gg in room.groups:
        game = gg.game
        for name, ts in gg.teams.items():
            _, team = by_team[name]
            assert team["state"] == ts.state
            assert team["score"] == pytest.approx(game.score(ts.state)["total"], abs=0.01)
            assert [step["turn"] for step in team["timeline"]] == [1, 2, 3]
            sent = [o for o in game.order_log if o["state"] == ts.state]
            assert [step["actions"] for step in team["timeline"]] == \
                [[game.name(a) for a in o["actions"]] for o in sent]
            assert team["adviser_score"] == pytest.approx(game.adviser_score(ts.state), abs=0.01)
            assert len(team["score_path"]) == 3
    group1 = data["games"][0]
    kinds = [x["kind"] for x in group1["interventions"]]
    assert kinds == ["inject", "argued"]
    assert "Argued action by Eagles: Invite a European battery maker (odds 100%" in group1["interventions"][1]["text"]
    assert data["questions"] == list(find_scenario("busan_pause").model.debrief.questions)
    assert any("began" in t["text"] for t in data["transcript"])


def test_the_causes_of_each_big_change_add_up_to_it(played_class, capsys):
    path, room = played_class
    data = json.loads(_report(path, "--format", "json", capsys=capsys))
    checked = 0
    for g, gg in zip(data["games"], room.groups):
        start, _ = gg.game.rules.start_values()   # the scenario's own starting values
        for team in g["teams"]:
            series = {s["id"]: s["values"] for s in team["series"]}
            for ident, values in series.items():
                assert values[0] == pytest.approx(start[team["state"]][ident], abs=1e-3), ident
            assert team["biggest"], team["team"]
            for b in team["biggest"]:
                total = sum(c["amount"] for c in b["causes"]) + b["other_causes"]
                assert total == pytest.approx(b["change"], abs=1e-3), b
                assert series[b["id"]][0] == pytest.approx(b["start"]) and series[b["id"]][-1] == pytest.approx(b["end"])
                checked += 1
            for s in team["series"]:   # the start, each turn's opening, the end
                assert len(s["values"]) == len(g["points"]) == 5
    assert checked >= 8


def test_where_teams_on_the_same_seed_diverged(played_class, capsys):
    path, _ = played_class
    data = json.loads(_report(path, "--format", "json", capsys=capsys))
    div = {d["state"]: d for d in data["class"]["divergence"]}
    kz = div["kz"]
    assert kz["same_seed"] and kz["first_turn"] == 2, kz
    assert "Eagles and Falcons governed Kazakhstan on the same seed and first decided differently on turn 2" \
        in kz["text"]
    falcons = next(t for t in kz["teams"] if t["team"] == "Falcons")
    assert falcons["actions"] == []
    assert div["uz"]["first_turn"] is None, "two teams following the same advice on the same seed never diverge"
    assert "made the same decisions every turn" in div["uz"]["text"]
    scores = [row["score"] for row in data["class"]["scores"]]
    assert scores == sorted(scores, reverse=True)


def _play_mini(mini, seq, seed=1):
    game = Game(mini, seed, ["p"])
    k = 0
    while not game.over:
        acts = seq[k % len(seq)] if seq else None
        game.submit("p", Orders((acts,) if acts else (), dict(game.suggest("p").answers)))
        game.resolve()
        k += 1
    return game


def test_posture_is_read_from_the_relation_and_dependence_paths(mini):
    # Both powers start with the same dependence, so A (listed first) counts as the dominant one.
    toward_a = posture(_play_mini(mini, ["deal_a"]), "p")
    assert (toward_a["kind"], toward_a["toward"], toward_a["dominant"]) == ("bandwagoning", "a", "a")
    assert toward_a["text"].startswith("Bandwagoning: it drew closer to Power A")
    toward_b = posture(_play_mini(mini, ["deal_b"]), "p")
    assert (toward_b["kind"], toward_b["toward"]) == ("balancing", "b")
    assert "rather than to Power A, the power it depended on most at the start" in toward_b["text"]
    level = posture(_play_mini(mini, ["summit", None]), "p")
    assert level["kind"] == "hedging" and level["toward"] is None
    assert all(abs(t) <= 0.05 for t in level["tilt"].values())


def test_the_html_page_is_self_contained_and_shows_every_team(played_class, capsys):
    path, _ = played_class
    page = _report(path, capsys=capsys)
    assert page.startswith("<!doctype html>")
    assert "<script" not in page and not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", page), \
        "the debrief opens offline: nothing is fetched"
    for name in ("Eagles", "Caravan", "Falcons", "=Silk Road", "Relations with the powers",
                 "Where the Kazakhstan teams diverged", "Questions for discussion"):
        assert name in page
    assert page.count("<svg") >= 9


def test_csv_has_a_row_per_team_and_turn_and_no_formula_cells(played_class, capsys):
    path, _ = played_class
    rows = list(csv.reader(io.StringIO(_report(path, "--format", "csv", capsys=capsys))))
    assert rows[0][:5] == ["group", "team", "state", "turn", "date"]
    assert len(rows) == 1 + 4 * 3
    teams = {r[1] for r in rows[1:]}
    assert "'=Silk Road" in teams, "a cell a spreadsheet would run as a formula is quoted"
    md = _report(path, "--format", "md", capsys=capsys)
    assert md.startswith("# Debrief: Debrief class") and "## Questions for discussion" in md


def test_report_writes_beside_the_class_and_never_over_another_file(played_class, capsys, tmp_path):
    path, _ = played_class
    assert main(["report", str(path)]) == 0
    written = path.with_name("seminar-debrief.html")
    assert written.is_file() and str(written) in capsys.readouterr().out
    assert main(["report", str(path)]) == 0, "its own debrief may be written again"
    save = path.with_name("seminar-session") / "game-1-group-1.json"
    before = save.read_bytes()
    assert main(["report", str(path), "--format", "json", "--out", str(save)]) == 2
    assert "is not a debrief" in capsys.readouterr().err
    assert save.read_bytes() == before


def test_a_single_players_save_and_an_old_session_are_debriefed(played_class, busan, tmp_path, capsys):
    game = Game(busan, 4, ["uz"])
    for _ in range(2):
        game.submit("uz", game.suggest("uz"))
        game.resolve()
    save = write_save(game, tmp_path / "mine.json")
    data = json.loads(_report(save, "--format", "json", capsys=capsys))
    (team,) = data["games"][0]["teams"]
    assert team["team"] == "Uzbekistan" and not data["games"][0]["over"] and team["adviser_score"] is None
    # A session written before it named its groups: they come from the class file.
    path, _ = played_class
    session = path.with_name("seminar-session") / "class-session.json"
    old = json.loads(session.read_text())
    old.pop("groups")
    old_folder = tmp_path / "old-session"
    old_folder.mkdir()
    for f in session.parent.glob("game-*.json"):
        (old_folder / f.name).write_bytes(f.read_bytes())
    (old_folder / "class-session.json").write_text(json.dumps(old))
    title, played, _ = read_recorded(old_folder)
    assert [[t for t, _ in p.teams] for p in played] == [["Eagles", "Caravan"], ["Falcons", "=Silk Road"]]


@pytest.mark.parametrize("make, message", [
    (lambda d: d / "nothing.json", "no such save, class file or class session"),
    (lambda d: (d / "notes.json").write_text('{"x": 1}') and d / "notes.json", "not a New Great Game save"),
    (lambda d: (d / "c.yaml").write_text("title: x\n") and d / "c.yaml", "no class has been played from this class file"),
    (lambda d: (d / "s").mkdir() or (d / "s" / "class-session.json").write_text("[1]") and d / "s",
     "is not a class session"),
])
def test_report_on_what_is_no_game_says_so(tmp_path, capsys, make, message):
    assert main(["report", str(make(tmp_path))]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_branch_goes_back_to_a_turn_to_play_it_again(busan, tmp_path, capsys):
    game = Game(busan, 9, ["kz"])
    for _ in range(3):
        game.submit("kz", game.suggest("kz"))
        game.resolve()
    save = write_save(game, tmp_path / "g.json")
    assert main(["branch", str(save), "2"]) == 0
    out = capsys.readouterr().out
    branch = tmp_path / "g-branch-t2.json"
    assert str(branch) in out and "greatgame play --load" in out
    again = load_game(branch, find_scenario)
    assert again.turn == 2 and len(again.reports) == 1, "the turns before keep their record"
    assert again.position.to_dict() == rewind(game, 2).position.to_dict()
    assert main(["branch", str(save), "2"]) == 2 and "exists already" in capsys.readouterr().err
    assert main(["branch", str(save), "9"]) == 2 and "not between 1 and 4" in capsys.readouterr().err


def test_branch_of_a_class_game_plays_one_team_on(played_class, capsys, tmp_path):
    path, _ = played_class
    save = path.with_name("seminar-session") / "game-2-group-2.json"
    out = tmp_path / "what-if.json"
    assert main(["branch", str(save), "2", "--as", "kz", "--out", str(out)]) == 0
    assert "played by the computer" in capsys.readouterr().out
    again = load_game(out, find_scenario)
    assert again.humans == ["kz"] and again.turn == 2
    # As the teams decided turn 2: its inject (a price crash) is in the branch, as they saw it.
    original = load_game(save, find_scenario)
    seen = rewind(original, 2, interventions=True).position.to_dict()
    assert again.position.to_dict()["world"] == seen["world"]
    assert again.position.to_dict()["values"]["kz"] == seen["values"]["kz"]
    assert main(["branch", str(save), "2", "--as", "ru"]) == 2
    assert "was not played by a person" in capsys.readouterr().err
    # A game that begins at turn 2 is debriefed from there: its charts and rows start at turn 2.
    again.submit("kz", again.suggest("kz"))
    again.resolve()
    played = write_save(again, tmp_path / "played-on.json")
    data = json.loads(_report(played, "--format", "json", capsys=capsys))
    assert data["games"][0]["points"][:3] == ["start", "T2", "T3"]
    rows = list(csv.reader(io.StringIO(_report(played, "--format", "csv", capsys=capsys))))
    assert [r[3] for r in rows[1:]] == ["2"]
    numbers = rows[1][12:]
    assert numbers and all(re.fullmatch(r"-?\d+(\.\d+)?", x) for x in numbers), numbers


def test_role_sheets_give_each_team_its_objectives_and_red_lines(played_class, tmp_path, capsys):
    path, _ = played_class
    assert main(["class", "roles", str(path), "--out", "-"]) == 0
    page = capsys.readouterr().out
    sheets = page.split("<section class='sheet'>")[1:]
    assert len(sheets) == 4
    for sheet, (team, state) in zip(sheets, [("Eagles", "Kazakhstan"), ("Caravan", "Uzbekistan"),
                                             ("Falcons", "Kazakhstan"), ("=Silk Road", "Uzbekistan")]):
        assert f"{team}: you govern {state}" in sheet.replace("&#x27;", "'")
        assert "Red lines" in sheet and "Lost early: The government falls" in sheet
        assert "drains each turn your relations stay below 25" in sheet   # China's threshold on normal
    hard = tmp_path / "hard.yaml"
    hard.write_text(CLASS.replace("seed: 11", "seed: 11\ndifficulty: hard\nfictional_names: true"))
    assert main(["class", "roles", str(hard)]) == 0
    page = hard.with_name("hard-roles.html").read_text()
    assert "Kazakhstan" not in page and "China" not in page, "fictional names hold on the role sheets too"
    assert "stay below 35" in page, "thresholds are the difficulty's"


def test_the_debrief_says_when_the_class_decided_for_a_team(busan, tmp_path, capsys):
    """A team that sent nothing is played by the computer, unless it left choices on its table:
    then those count. The debrief tells the two apart from what the team sent itself."""
    path = tmp_path / "c.yaml"
    path.write_text(CLASS.replace("turns: 3", "turns: 2"))
    loaded, _ = check_class(path)
    room = Classroom.start(loaded, tmp_path / "c-session")
    eagles = room.seats["Eagles"]
    action = next(o.id for o in room.groups[0].game.options("kz") if o.available)
    room.toggle(eagles, action)                      # chosen, never sent
    room.resolve_now("Group 1", "computer")          # Caravan sent nothing at all
    assert [o["actions"] for o in room.groups[0].game.order_log if o["state"] == "kz"] == [[action]]
    data = json.loads(_report(path, "--format", "json", capsys=capsys))
    steps = {t["team"]: t["timeline"][0]["by"] for t in data["games"][0]["teams"]}
    assert steps == {"Eagles": "choices", "Caravan": "computer"}
    md = _report(path, "--format", "md", capsys=capsys)
    assert "the team sent nothing: the computer played for it" in md
    assert "its choices on the table when the turn was resolved" in md
    rows = list(csv.reader(io.StringIO(_report(path, "--format", "csv", capsys=capsys))))
    assert {r[1]: r[5] for r in rows[1:] if r[3] == "1" and r[0] == "Group 1"} == \
        {"Eagles": "class (choices)", "Caravan": "class (computer)"}
    room.undo("Group 1")
    assert room.stand_ins == [], "an undone turn forgets who was played for"


def test_a_debrief_mid_game_gives_no_verdict_yet(played_class, busan, tmp_path, capsys):
    game = Game(busan, 4, ["uz"])
    game.submit("uz", game.suggest("uz"))
    game.resolve()
    save = write_save(game, tmp_path / "mid.json")
    data = json.loads(_report(save, "--format", "json", capsys=capsys))
    (team,) = data["games"][0]["teams"]
    assert team["in_progress"] and team["verdict"] is None and not team["win"]
    assert "in progress" in _report(save, "--format", "md", capsys=capsys)


def test_a_class_file_given_for_a_save_names_the_class_games(played_class, capsys):
    path, _ = played_class
    assert main(["branch", str(path), "2"]) == 2
    err = capsys.readouterr().err
    assert "is a class file, not a saved game" in err and "game-1-group-1.json" in err


def test_the_posture_sentence_sets_fictional_names_as_english(busan):
    game = Game(busan, 5, [], fictional=True)
    while not game.over:
        game.resolve()
    for state in ("kz", "uz"):
        text = posture(game, state)["text"]
        kind, sentence = text.split(": ", 1)
        assert " The " not in sentence, text           # "closer to the Western Federation"
        assert "the Western Federation" in sentence or "the Eastern Republic" in sentence \
            or "the Northern Federation" in sentence
