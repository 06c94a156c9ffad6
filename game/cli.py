"""The `greatgame` command: play, validate, schema, simulate, analyze, equilibria.

Exit codes: 0 success, 1 the run found problems (an invalid scenario), 2 bad usage or unreadable
input.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from pathlib import Path
from typing import Sequence

from game import __version__

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class _Exit(Exception):
    """Leave a command early with an exit code, after its message was printed."""

    def __init__(self, code: int):
        super().__init__(code)
        self.code = code


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse exits with 2 too; keep its message, add a pointer
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\nTry '{self.prog} --help'.\n")


def _games(text: str) -> int:
    """A number of games: a whole number from 0 to 100,000."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text[:40]}' is not a whole number") from None
    if not 0 <= value <= 100_000:
        raise argparse.ArgumentTypeError(f"{text[:40]} is out of range: give 0 to 100000 games")
    return value


def _port(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = -1
    if not 1 <= n <= 65535:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port: give a number from 1024 to 65535, e.g. 8765")
    return n


def _seed(text: str) -> int:
    """A seed: a whole number from 0 to 2**63 - 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text[:40]}' is not a whole number") from None
    if not 0 <= value < 2**63:
        raise argparse.ArgumentTypeError(f"{text[:40]} is out of range: a seed is a whole number from 0 "
                                         "to 9223372036854775807")
    return value


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="greatgame", description="New Great Game: Central Asia's rare-earth choices "
                "after the Busan pause. Without a command, opens the game.")
    p.add_argument("--version", action="version", version=f"greatgame {__version__}")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)

    play = sub.add_parser("play", help="play a game (the desktop window, or --text in the terminal)")
    play.add_argument("--text", action="store_true", help="play in the terminal")
    play.add_argument("--scenario", default=None, help="scenario id or file (default: busan_pause)")
    play.add_argument("--as", dest="state", default=None, help="the state you play (e.g. kz)")
    play.add_argument("--seed", type=_seed, default=None, help="seed (default: random)")
    play.add_argument("--new", action="store_true",
                      help="start a new game even when one is in progress (the terminal continues it otherwise)")
    play.add_argument("--difficulty", choices=["easy", "normal", "hard"], default="normal")
    play.add_argument("--fictional", action="store_true", help="fictional country names")
    play.add_argument("--load", default=None, metavar="FILE", help="continue a saved game")
    play.add_argument("--class", dest="class_file", default=None, metavar="CLASSFILE",
                      help="play a class hot seat in the window: its teams take turns at this keyboard")

    new = sub.add_parser("new", help="start a scenario of your own: a small playable one to edit, or a copy")
    new.add_argument("name", metavar="NAME", help="the new scenario's id (lower-case letters, digits, _)")
    new.add_argument("--from", dest="source", default=None, metavar="SCENARIO",
                     help="copy this scenario (id or file) instead of the starter")
    new.add_argument("--dir", default=None, metavar="FOLDER",
                     help="write it in FOLDER instead of your scenario folder")
    sub.add_parser("list", help="every scenario the game finds, shipped and yours, with its status")

    val = sub.add_parser("validate", help="check scenario files and report every problem")
    val.add_argument("paths", nargs="+", metavar="PATH", help="scenario files, folders or scenario ids")
    val.add_argument("--format", choices=["text", "json"], default="text",
                     help="json: one document with every problem, for editors and CI")

    sch = sub.add_parser("schema", help="print the JSON Schema of scenario files")
    sch.add_argument("--game", action="store_true", help="the schema of game files (for `equilibria`) instead")
    sch.add_argument("--for", dest="for_file", default=None, metavar="SCENARIO",
                     help="a schema that also knows this scenario's ids (file or id), so an editor completes "
                     "them and underlines a misspelled one")

    an = sub.add_parser("analyze", help="a balance report: many games per policy, findings for the author")
    an.add_argument("scenario", metavar="SCENARIO", help="scenario id or file")
    an.add_argument("--games", type=int, default=100, help="games per policy and state (default 100)")
    an.add_argument("--seed", type=_seed, default=1, help="seed of the first game; game k uses seed+k")
    an.add_argument("--states", nargs="+", default=None, metavar="STATE", help="states to analyse (default: every playable one)")
    an.add_argument("--difficulty", choices=["easy", "normal", "hard"], default="normal")
    an.add_argument("--format", choices=["text", "json", "html"], default="text")
    an.add_argument("--out", default=None, metavar="FILE", help="write the report to FILE instead of printing it")
    an.add_argument("--no-search", action="store_true", help="skip the search for a blind recipe (faster)")
    an.add_argument("--planner-games", type=_games, default=10, metavar="N",
                    help="games of the strong adviser, which looks ahead (about 3 s a game; 0 to skip; default 10)")
    an.add_argument("--fail-on", default="", metavar="FINDINGS",
                    help="exit with 1 when any of these findings occur (comma-separated ids, or 'any'); "
                    "see docs/analysis.md")

    eq = sub.add_parser("equilibria", help="every Nash equilibrium of a game given as payoff tables")
    eq.add_argument("game", metavar="GAME", help="a game file: YAML (see docs/classroom-equilibria.md) or Gambit .nfg")
    eq.add_argument("--format", choices=["text", "json"], default="text", help="text for people, json for scripts")

    cls = sub.add_parser("class", help="a class file: teams, seed, timer and injects for a classroom exercise")
    cls_sub = cls.add_subparsers(dest="class_command", parser_class=_Parser, required=True)
    cnew = cls_sub.add_parser("new", help="write a small, commented class file (and its schema beside it)")
    cnew.add_argument("file", help="the class file to write, e.g. seminar.yaml")
    cnew.add_argument("--scenario", default="busan_pause", help="scenario id or file (default busan_pause)")
    cchk = cls_sub.add_parser("check", help="check a class file and report every problem with its line")
    cchk.add_argument("file", help="the class file")
    crol = cls_sub.add_parser("roles", help="a printable role sheet for every team: objectives, what its score "
                              "rewards, red lines")
    crol.add_argument("file", help="the class file")
    crol.add_argument("--out", default=None, metavar="FILE",
                      help="the page to write (default: beside the class file, NAME-roles.html); - prints it")

    host = sub.add_parser("host", help="host a class: teams join from their browsers on this machine's network")
    host.add_argument("classfile", help="the class file (greatgame class new FILE writes one)")
    host.add_argument("--port", type=_port, default=8765, help="the port (default 8765)")
    host.add_argument("--lan", action="store_true",
                      help="let other devices on the network join (default: this machine only)")
    host.add_argument("--session", default=None, metavar="DIR",
                      help="where the class is kept as it goes (default: beside the class file)")
    host.add_argument("--restart", action="store_true",
                      help="start the class anew (the old session is moved aside, never deleted)")

    jn = sub.add_parser("join", help="play your team's turns of a hosted class in this machine's window "
                        "(instead of a browser)")
    jn.add_argument("address", help="the class's address or join link, as the instructor's screen shows it "
                    "(http://HOST:PORT/?code=...), or your team's own link")
    jn.add_argument("code", nargs="?", default=None, help="the class code (a join link or a team's link has it)")
    jn.add_argument("--team", default=None, help="your team's name (asked for when not given)")

    rep = sub.add_parser("report", help="the debrief of a played game or a whole class: decisions, charts, causes, "
                         "escalation, scores, how teams diverged, discussion questions")
    rep.add_argument("source", metavar="SAVE_OR_CLASS",
                     help="a save, a class file (its session beside it) or a class's session folder")
    rep.add_argument("--format", choices=["html", "md", "csv", "json"], default=None,
                     help="html (one page that opens offline; the default), md, csv (a row per team and turn) or json")
    rep.add_argument("--out", default=None, metavar="FILE",
                     help="where to write it (default: beside the source, NAME-debrief.html); - prints it")

    br = sub.add_parser("branch", help="a played game as it stood when a turn opened, saved to play on "
                        "differently (what if?)")
    br.add_argument("save", metavar="SAVE", help="a save (a class's games are in its session folder)")
    br.add_argument("turn", type=int, metavar="TURN", help="the turn to go back to (1 is the first)")
    br.add_argument("--as", dest="state", default=None,
                    help="the state you play on (default: the save's first player); other teams' states are "
                         "then played by the computer")
    br.add_argument("--out", default=None, metavar="FILE", help="the save to write (default: beside SAVE)")

    sim = sub.add_parser("simulate", help="play many games headless with every state computer-played")
    sim.add_argument("--scenario", default="busan_pause", help="scenario id or file")
    sim.add_argument("--seed", type=_seed, default=1, help="seed of the first game; game k uses seed+k")
    sim.add_argument("--games", type=int, default=100, help="number of games")
    sim.add_argument("--difficulty", choices=["easy", "normal", "hard"], default="normal")
    # Checked when the command runs (game.engine.policies): parsing imports no engine.
    sim.add_argument("--policy", default="adviser",
                     help="who plays the states: adviser (the built-in adviser), random, nothing, hedge, revenue, value_chain or lean:POWER")
    sim.add_argument("--log", default=None, metavar="FILE", help="write the JSON log of the first game")
    sim.add_argument("--json", action="store_true", help="print the summary as JSON")
    return p


def _forgiving_streams() -> None:
    """Never a traceback over a character: input that is not UTF-8 (binary piped in) reads as
    replacement characters, and output a terminal cannot encode (a file name in another
    encoding) is written escaped."""
    for name, errors in (("stdin", "replace"), ("stdout", "backslashreplace"), ("stderr", "backslashreplace")):
        stream = getattr(sys, name, None)
        try:
            stream.reconfigure(errors=errors)  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            pass


def main(argv: Sequence[str] | None = None) -> int:
    _forgiving_streams()
    args = build_parser().parse_args(argv)
    try:
        if args.command == "validate":
            return cmd_validate(args.paths, args.format)
        if args.command == "new":
            return cmd_new(args)
        if args.command == "list":
            return cmd_list()
        if args.command == "schema":
            if args.game:
                from game.analysis.games import game_schema_text

                sys.stdout.write(game_schema_text())
                return EXIT_OK
            if args.for_file:
                return cmd_schema_for(args.for_file)
            from game.scenario.schema import scenario_schema_text

            sys.stdout.write(scenario_schema_text())
            return EXIT_OK
        if args.command == "class":
            return cmd_class(args)
        if args.command == "host":
            return cmd_host(args)
        if args.command == "join":
            return cmd_join(args)
        if args.command == "equilibria":
            return cmd_equilibria(args)
        if args.command == "analyze":
            return cmd_analyze(args)
        if args.command == "simulate":
            return cmd_simulate(args)
        if args.command == "report":
            return cmd_report(args)
        if args.command == "branch":
            return cmd_branch(args)
        if args.command == "play":
            return cmd_play(args)
        return cmd_play(None)
    except _Exit as exc:
        return exc.code
    except KeyboardInterrupt:
        print("\nInterrupted.", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:   # output to a full device or a closed terminal
        try:
            print(f"greatgame: cannot write the output: {exc.strerror or exc}", file=sys.stderr)
        except OSError:
            pass
        return EXIT_USAGE


def cmd_class(args) -> int:
    from game.classroom.classfile import check_class, new_class_file

    if args.class_command == "new":
        scenario = _scenario_or_exit(args.scenario)
        try:
            written = new_class_file(args.file, scenario)
        except OSError as exc:
            print(f"greatgame: {exc.strerror or exc}" if not isinstance(exc, FileExistsError) else f"greatgame: {exc}",
                  file=sys.stderr)
            return EXIT_USAGE
        print(f"Wrote {written[0]} (and its schema, {written[1].name}, beside it).")
        print(f"Edit the teams and the timer, then check it: greatgame class check {written[0]}")
        return EXIT_OK
    path = Path(args.file)
    if not path.is_file():
        print(f"greatgame: {args.file}: no such class file", file=sys.stderr)
        return EXIT_USAGE
    if args.class_command == "roles":
        return cmd_class_roles(path, args.out)
    try:
        loaded, problems = check_class(path)
    except OSError as exc:
        print(f"greatgame: cannot read {args.file}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    for d in problems:
        print(d)
    if loaded is None:
        errors = sum(1 for d in problems if d.severity == "error")
        print(f"{args.file}: {_count(errors, 'error')}; fix them and check again.")
        return EXIT_PROBLEMS
    print(f"{args.file}: a valid class of '{loaded.scenario.model.meta.title}', seed {loaded.model.seed}, "
          f"{loaded.scenario.model.meta.turns} turns:")
    for g in loaded.groups:
        print(f"  {g.name}: " + ", ".join(f"{t.name} ({t.state})" for t in g.teams))
    return EXIT_OK


def _checked_class(path: Path, shown: str | None = None):
    """The class file at `path`, checked; None after printing its problems."""
    from game.classroom.classfile import check_class

    try:
        loaded, problems = check_class(path)
    except OSError as exc:
        print(f"greatgame: cannot read {shown or path}: {exc.strerror or exc}", file=sys.stderr)
        return None
    if loaded is None:
        for d in problems:
            print(d, file=sys.stderr)
        print(f"greatgame: fix the class file first (`greatgame class check {shown or path}`).", file=sys.stderr)
    return loaded


def cmd_class_roles(path: Path, out_name: str | None) -> int:
    from game.debrief.roles import is_role_sheets, role_sheets

    loaded = _checked_class(path)
    if loaded is None:
        return EXIT_PROBLEMS
    out = _write_output(role_sheets(loaded), out_name, path.with_name(path.stem + "-roles.html"),
                        is_role_sheets, "a page of role sheets")
    if out is None or out == "-":
        return EXIT_OK if out == "-" else EXIT_USAGE
    print(f"Wrote the role sheets of {_count(len(loaded.model.teams), 'team')} to {out} (print it: one page a team).")
    return EXIT_OK


def _write_output(text: str, out_name: str | None, default: Path, ours, what: str) -> Path | str | None:
    """Write a generated file (a report, role sheets) to `out_name` (default `default`; '-' prints
    it), never over a file that `ours(path)` does not recognise as one of its kind. Returns where
    it went, '-' when printed, or None after saying why not."""
    from game.files import write_atomic

    if out_name == "-":
        sys.stdout.write(text)
        return "-"
    out = Path(out_name) if out_name else default
    if out.exists() and not ours(out):
        print(f"greatgame: {out} exists and is not {what}; give another file with --out", file=sys.stderr)
        return None
    try:
        write_atomic(out, text, shared=True)
    except OSError as exc:
        print(f"greatgame: cannot write {out}: {exc.strerror or exc}", file=sys.stderr)
        return None
    return out


def cmd_join(args, ask=input) -> int:
    """Join a hosted class as a team and play its turns in the window (`ask` reads the team's
    choice when --team is not given)."""
    from game.classroom.classroom import ClassError
    from game.classroom.client import ClassClient, parse_address, remember, remembered, remembered_teams
    from game.classroom.remote import RemoteSession

    back = False   # a team coming back (its own link, or one kept on this machine)
    try:
        where = parse_address(args.address)
        client = ClassClient(where.base, where.token)
        back = client.token is not None
        if client.token is None:
            code = args.code or where.code
            if not code:
                print("greatgame: give the class code too: greatgame join ADDRESS CODE (the code is on the "
                      "instructor's screen), or the join link, which has it.", file=sys.stderr)
                return EXIT_USAGE
            teams = client.teams()
            mine = [t for t in remembered_teams(where.base) if any(x.get("team") == t for x in teams)]
            # Without --team, the team this machine joined the class as comes back (the same command).
            team = _team_named(teams, args.team) if args.team else mine[0] if len(mine) == 1 else _ask_team(teams, ask)
            if team is None:
                return EXIT_USAGE
            try:
                client.join(code, team)
            except ClassError as exc:
                token = remembered(where.base, team) if exc.status == 409 else None
                if token is None:
                    raise
                client.token, back = token, True   # joined from this machine before: it comes back
            remember(where.base, team, client.token)   # type: ignore[arg-type]
        if not _has_display():
            print("greatgame: no graphical display here, and a class is joined in the window. Open your team's "
                  f"link in a browser instead:\n  {client.team_link}", file=sys.stderr)
            return EXIT_USAGE
        session = RemoteSession(client)
    except ClassError as exc:
        print(f"greatgame: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"{'Back in' if back else 'Joined'} '{session.data['class']}' as {session.team} ({session.obs.state_name}).\n"
          f"Your team's own link, to come back here (greatgame join LINK) or in a browser:\n  {client.team_link}")
    try:
        from game.ui.app import run_desktop
    except ImportError as exc:
        print(f"greatgame: the desktop window is unavailable ({exc}); open the link above in a browser.",
              file=sys.stderr)
        return EXIT_USAGE
    args.remote = session
    try:
        return run_desktop(args)
    finally:
        session.close()


def _team_named(teams: list[dict], name: str) -> str | None:
    """The class's team called `name` (in any case); else None, having listed the teams."""
    found = [t for t in teams if str(t.get("team", "")).casefold() == name.strip().casefold()]
    if found:
        return str(found[0]["team"])
    print(f"greatgame: no team of this class is called '{name}'. Its teams: "
          + "; ".join(f"{t.get('team')} ({t.get('state')})" for t in teams) + ".", file=sys.stderr)
    return None


def _ask_team(teams: list[dict], ask) -> str | None:
    """The team to join, chosen from the class's list (only teams no device has joined yet)."""
    free = [t for t in teams if not t.get("joined")]
    if not free:
        names = ", ".join(str(t.get("team")) for t in teams)
        print(f"greatgame: every team of this class has joined already ({names}). To move your team to this "
              "machine, give its own link: ask the instructor for it.", file=sys.stderr)
        return None
    print("Which team are you?")
    for i, t in enumerate(free, 1):
        print(f"  {i}. {t.get('team')} ({t.get('state')}, {t.get('group')})")
    while True:
        try:
            said = ask(f"Team (1-{len(free)}): ").strip()
        except EOFError:
            print("greatgame: no team chosen; give it with --team NAME.", file=sys.stderr)
            return None
        if said.isdigit() and 1 <= int(said) <= len(free):
            return str(free[int(said) - 1]["team"])
        exact = [t for t in free if str(t.get("team")).casefold() == said.casefold()]
        word = [t for t in free if said.casefold() in str(t.get("team")).casefold().split()]
        match = exact or (word if len(word) == 1 else [])   # a word several teams share names none
        if match:
            return str(match[0]["team"])
        print(f"  Type a number from 1 to {len(free)}, or the team's name.")


def cmd_host(args) -> int:
    import datetime as dt
    import socket

    from game.classroom.classfile import session_folder
    from game.classroom.classroom import ClassError, Classroom
    from game.classroom.server import join_link, serve

    path = Path(args.classfile)
    if not path.is_file():
        print(f"greatgame: {args.classfile}: no such class file (write one with `greatgame class new FILE`)",
              file=sys.stderr)
        return EXIT_USAGE
    loaded = _checked_class(path, args.classfile)
    if loaded is None:
        return EXIT_PROBLEMS
    folder = Path(args.session) if args.session else session_folder(path)
    bind = "0.0.0.0" if args.lan else "127.0.0.1"
    with socket.socket() as probe:   # before anything is printed or started: is the port free?
        if sys.platform != "win32":   # as uvicorn binds: a port left in TIME_WAIT by a stopped class is free
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((bind, args.port))
        except OSError as exc:
            print(f"greatgame: port {args.port} cannot be used ({exc.strerror or exc}): is this class, or another "
                  f"program, already served there? Choose another with --port {args.port + 1 if args.port < 65535 else 8765}",
                  file=sys.stderr)
            return EXIT_USAGE
    try:
        if args.restart and (folder / "class-session.json").exists():
            aside = folder.with_name(folder.name + "-" + dt.datetime.now().strftime("%Y%m%d-%H%M%S"))
            folder.rename(aside)
            print(f"The earlier session was moved aside to {aside}.")
        if (folder / "class-session.json").exists():
            room = Classroom.resume(loaded, folder)
            print(f"Resuming the class from {folder} (turn {room.turn_label()}).")
        else:
            room = Classroom.start(loaded, folder)
            print(f"The class is kept in {folder} as it goes.")
    except ClassError as exc:
        print(f"greatgame: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        print(f"greatgame: cannot keep the class in {folder}: {exc.strerror or exc}; give another folder "
              "with --session DIR", file=sys.stderr)
        return EXIT_USAGE
    shown = "127.0.0.1"
    if args.lan:
        with contextlib.suppress(OSError):
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                s.connect(("192.0.2.1", 9))   # no packet is sent: it only picks this machine's address
                shown = s.getsockname()[0]
    base = f"http://{shown}:{args.port}"
    print(f"\n  {loaded.model.title}\n")
    print(f"  Teams open   {base}/   and type the class code   {room.join_code}")
    print(f"  (or scan the QR code on your page: it opens {join_link(base, room.join_code)})")
    print(f"  Your page    {base}/instructor#k={room.instructor_token}   (keep this link to yourself)\n")
    if not args.lan:
        print("  Only this machine can join; start with --lan to let the class's devices in.\n")
    print("Stop with Ctrl+C: the class is kept, and `greatgame host` with the same file resumes it.")

    try:
        serve(room, bind, args.port, base)
    except OSError as exc:
        print(f"greatgame: cannot listen on port {args.port}: {exc.strerror or exc}; try --port 8766",
              file=sys.stderr)
        return EXIT_USAGE
    finally:
        room.close()   # another program may open the class now
    return EXIT_OK


REPORT_SUFFIX = {"html": ".html", "md": ".md", "csv": ".csv", "json": ".json"}


def cmd_report(args) -> int:
    from game.debrief.render import render
    from game.debrief.report import DebriefError, debrief, is_debrief, read_recorded

    source = Path(args.source)
    fmt = args.format
    if fmt is None and args.out not in (None, "-"):
        fmt = {v: k for k, v in REPORT_SUFFIX.items()}.get(Path(args.out).suffix.lower(), "html")
    fmt = fmt or "html"
    try:
        title, played, transcript = read_recorded(source)
    except DebriefError as exc:
        print(f"greatgame: {exc}", file=sys.stderr)
        return EXIT_USAGE
    base = source.resolve()
    if base.name == "class-session.json":
        base = base.parent
    stem = base.stem if base.suffix.lower() in (".json", ".yaml", ".yml") else base.name
    out = _write_output(render(debrief(title, played, transcript), fmt), args.out,
                        base.with_name(f"{stem}-debrief{REPORT_SUFFIX[fmt]}"), is_debrief, "a debrief")
    if out is None or out == "-":
        return EXIT_OK if out == "-" else EXIT_USAGE
    games = len(played)
    teams = sum(len(p.teams) for p in played)
    print(f"Wrote the debrief of {_count(games, 'game')} and {_count(teams, 'team')} to {out}")
    return EXIT_OK


def cmd_branch(args) -> int:
    from game.engine import SaveError, load_game
    from game.engine.game import Game
    from game.engine.save import first_turn, rewind, write_save
    from game.paths import find_scenario

    if _class_file_given(args.save):
        return EXIT_USAGE
    try:
        game = load_game(args.save, find_scenario)
    except SaveError as exc:
        print(f"greatgame: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if not game.humans:
        print("greatgame: nobody played that game; there is no choice to make again", file=sys.stderr)
        return EXIT_USAGE
    state = args.state or game.humans[0]
    if state not in game.humans:
        print(f"greatgame: '{state}' was not played by a person in that game; choose from {', '.join(game.humans)}",
              file=sys.stderr)
        return EXIT_USAGE
    first, last = first_turn(game), game.turn - 1 if game.over else game.turn
    if not first <= args.turn <= last:
        print(f"greatgame: turn {args.turn} is not between {first} and {last}, the turns this game opened "
              "and played", file=sys.stderr)
        return EXIT_USAGE
    then = rewind(game, args.turn, interventions=True)   # as its players decided: the turn's injects in
    note = ""
    if then.humans != [state]:
        # Others' teams cannot play on here: from this turn the computer plays their states.
        branch = Game.from_position(then.scenario, then.position, [state], then.difficulty.name, False, then.seed)
        branch.fictional = then.fictional
        note = (" The other states are played by the computer from here on; the turns before are in the "
                "original game's debrief.")
    else:
        branch = then
    branch.label = "branch-t" + str(args.turn)
    out = Path(args.out) if args.out else Path(args.save).with_name(f"{Path(args.save).stem}-branch-t{args.turn}.json")
    if out.suffix.lower() != ".json":
        out = out.with_name(out.name + ".json")
    if out.exists():
        print(f"greatgame: {out} exists already; give another file with --out", file=sys.stderr)
        return EXIT_USAGE
    try:
        write_save(branch, out)
    except OSError as exc:
        print(f"greatgame: cannot write {out}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"Wrote {out}: {game.name(state)} at turn {args.turn} ({branch.date_label()}), before its orders.{note}")
    print(f"Play it on: greatgame play --load {out}   (or --text)")
    return EXIT_OK


def _class_file_given(name: str) -> bool:
    """Where a save is wanted but a class file is given, say which saves its games are (True)."""
    path = Path(name)
    if path.suffix.lower() not in (".yaml", ".yml"):
        return False
    from game.classroom.classfile import session_folder

    folder = session_folder(path)
    games = sorted(folder.glob("game-*.json")) if folder.is_dir() else []
    where = ("its games are " + ", ".join(str(g) for g in games)) if games else \
        f"its games will be in {folder} once it is played"
    print(f"greatgame: {name} is a class file, not a saved game; {where}", file=sys.stderr)
    return True


def _scenario_or_exit(name: str):
    from game.paths import find_scenario
    from game.scenario import ScenarioInvalid

    try:
        return find_scenario(name)
    except LookupError as exc:
        print(f"greatgame: {exc}", file=sys.stderr)
        raise _Exit(EXIT_USAGE)
    except ScenarioInvalid as exc:
        print(str(exc), file=sys.stderr)
        print(f"greatgame: the scenario has {_count(len(exc.errors), 'error')}; fix them and try again.",
              file=sys.stderr)
        raise _Exit(EXIT_PROBLEMS)
    except OSError as exc:
        shown = name if len(name) <= 80 else name[:60] + f"… ({len(name):,} characters)"
        print(f"greatgame: cannot read {shown}: {exc.strerror or exc}", file=sys.stderr)
        raise _Exit(EXIT_USAGE)


def cmd_new(args) -> int:
    from pathlib import Path

    from game.authoring import AuthoringError, new_scenario
    from game.paths import user_scenarios_dir
    from game.scenario import ScenarioInvalid

    try:
        path = new_scenario(args.name, args.source, Path(args.dir) if args.dir else None)
    except AuthoringError as exc:
        print(f"greatgame: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ScenarioInvalid as exc:
        print(str(exc), file=sys.stderr)
        print("greatgame: the scenario to copy has errors; fix them first.", file=sys.stderr)
        return EXIT_PROBLEMS
    where = "your scenario folder" if args.dir is None else "that folder"
    print(f"Wrote {path}\n  and its schema beside it, so an editor with the YAML language server completes and "
          f"checks it as you type.\n"
          f"It is in {where} ({path.parent if args.dir else user_scenarios_dir()}), so the game finds it by its id.\n"
          f"Next:\n  greatgame validate {path}\n  greatgame play --scenario {args.name}\n"
          f"  greatgame analyze {args.name}     (is it balanced? docs/analysis.md explains the findings)\n"
          "docs/scenario-format.md documents every field.")
    return EXIT_OK


def _scenario_path(name: str) -> Path:
    """A scenario given by path or id, as a path; _Exit with a one-line message otherwise."""
    from game.paths import scenario_file

    p = Path(name)
    if p.is_file():
        return p
    found = scenario_file(name) if p.suffix not in (".yaml", ".yml") else None
    if found is None:
        print(f"greatgame: {name}: no such file, nor a scenario by that id", file=sys.stderr)
        raise _Exit(EXIT_USAGE)
    return found


def cmd_schema_for(name: str) -> int:
    from game.scenario.schema import scenario_schema_for_text
    from game.scenario.source import read_yaml

    path = _scenario_path(name)
    try:
        data, _, problems = read_yaml(path)
    except OSError as exc:
        print(f"greatgame: cannot read {path}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    if data is None:
        for d in problems:
            print(d, file=sys.stderr)
        print("greatgame: the file cannot be read as YAML; fix that first.", file=sys.stderr)
        return EXIT_PROBLEMS
    sys.stdout.write(scenario_schema_for_text(data, path.name))
    return EXIT_OK


def cmd_list() -> int:
    from game.authoring import scenario_list
    from game.paths import scenarios_dir, user_scenarios_dir

    rows = scenario_list()
    print(f"Shipped scenarios: {scenarios_dir()}\nYours: {user_scenarios_dir()} (`greatgame new NAME` adds one)\n")
    if not rows:
        print("No scenarios found.")
        return EXIT_OK
    width = max(len(r.id) for r in rows) + 2
    by_id: dict[str, list] = {}
    for r in rows:
        by_id.setdefault(r.id, []).append(r)
    for r in rows:
        print(f"{r.id:<{width}} {r.where:<8} {r.status:<16} {r.title}")
        if r.where == "yours" or r.errors:
            print(f"{'':<{width}} {r.path}")
        if r.fictional and not r.errors:
            print(f"{'':<{width}} with fictional names: greatgame play --scenario {r.id} --fictional "
                  "(or Fictional names on the new-game screen)")
        if len(by_id[r.id]) > 1 and r is by_id[r.id][0]:
            others = ", ".join(str(x.path) for x in by_id[r.id][1:])
            print(f"{'':<{width}} warning: {others} has the same id; `--scenario {r.id}` opens only one of "
                  "them, so give one a new `id`")
    return EXIT_OK


def cmd_validate(paths: Sequence[str], fmt: str = "text") -> int:
    from game.authoring import schema_file_of, schema_is_stale
    from game.paths import scenario_file
    from game.scenario.diagnostics import Diagnostic
    from game.scenario import check_scenario

    files: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(list(p.rglob("*.yaml")) + list(p.rglob("*.yml")))
            if not found:
                print(f"greatgame: no .yaml files in {raw}", file=sys.stderr)
                return EXIT_USAGE
            files.extend(found)
        elif p.is_file():
            files.append(p)
        elif p.exists():
            print(f"greatgame: {raw}: is not a regular file (a device, pipe or socket), so it is not read",
                  file=sys.stderr)
            return EXIT_USAGE
        elif p.suffix not in (".yaml", ".yml") and (found_id := scenario_file(raw)) is not None:
            files.append(found_id)     # a scenario's id, shipped or in the player's folder
        else:
            print(f"greatgame: {raw}: no such file or folder, nor a scenario by that id", file=sys.stderr)
            return EXIT_USAGE
    errors = warnings = 0
    unreadable = False
    report: list[dict] = []
    for f in files:
        try:
            loaded, problems = check_scenario(f)
        except OSError as exc:
            print(f"{f}: cannot read: {exc.strerror or exc}", file=sys.stderr)
            unreadable = True
            report.append({"path": str(f), "ok": False, "unreadable": exc.strerror or str(exc), "problems": []})
            continue
        problems = list(problems)
        if schema_is_stale(f):
            schema = schema_file_of(f)
            problems.append(Diagnostic(str(schema), 1, 1, "warning", f"this schema was written for an earlier "
                                       f"version of {f.name}, so your editor may underline ids it now declares",
                                       f"write it again: greatgame schema --for {f} > {schema}"))
        e = sum(1 for d in problems if d.severity == "error")
        errors += e
        warnings += len(problems) - e
        if fmt == "json":
            report.append({"path": str(f), "ok": loaded is not None, "errors": e, "warnings": len(problems) - e,
                           "problems": [{"line": d.line, "column": d.col, "severity": d.severity,
                                         "message": d.message, "hint": d.hint} for d in problems]})
            continue
        for d in problems:
            print(d)
        if loaded is not None:
            mdl = loaded.model
            print(f"{f}: ok ({_count(len(mdl.actions), 'action')}, {_count(len(mdl.events), 'event')}, "
                  f"{_count(len(mdl.powers), 'power')})"
                  + (f", {_count(len(problems), 'warning')}" if problems else ""))
    if fmt == "json":
        print(json.dumps({"files": report, "errors": errors, "warnings": warnings}, indent=1))
    else:
        print(f"{_count(len(files), 'file')} checked: {_count(errors, 'error')}, {_count(warnings, 'warning')}.")
    if unreadable:
        return EXIT_USAGE
    return EXIT_PROBLEMS if errors else EXIT_OK


def cmd_simulate(args) -> int:
    from game.analysis.analyze import score_stats
    from game.engine import Game
    from game.engine.batch import play_batch

    if args.games < 1:
        print("greatgame: --games must be at least 1", file=sys.stderr)
        return EXIT_USAGE
    from game.engine.policies import policy

    try:
        policy(args.policy)
    except ValueError as exc:
        print(f"greatgame: {exc}", file=sys.stderr)
        return EXIT_USAGE
    scenario = _scenario_or_exit(args.scenario)
    s = scenario.model
    scores: dict[str, list[float]] = {st.id: [] for st in s.states}
    endings: dict[str, dict[str, int]] = {st.id: {} for st in s.states}
    policies = {st.id: args.policy for st in s.states}
    results = play_batch(scenario, range(args.seed, args.seed + args.games), policies, args.difficulty)
    for res in results:
        for st in s.states:
            scores[st.id].append(res.scores[st.id]["total"])
            e = res.endings[st.id] or "full term"
            endings[st.id][e] = endings[st.id].get(e, 0) + 1
    if args.log:  # the first game again, alone, with its whole record
        game = Game(scenario, args.seed, (), args.difficulty,
                    policies={st.id: policy(args.policy) for st in s.states})
        while not game.over:
            game.resolve()
        try:
            from game.files import write_atomic

            write_atomic(args.log, json.dumps(game.log(), indent=1, sort_keys=True))
        except OSError as exc:
            print(f"greatgame: cannot write the log to {args.log}: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_USAGE
    summary = {}
    for st in s.states:
        summary[st.id] = {"name": st.name, **score_stats(scores[st.id]),
                          "endings": dict(sorted(endings[st.id].items()))}
    if args.json:
        print(json.dumps({"scenario": s.meta.id, "seed": args.seed, "games": args.games,
                          "policy": args.policy, "states": summary}, indent=1))
        return EXIT_OK
    print(f"{s.meta.title}: {args.games} games, seeds {args.seed}..{args.seed + args.games - 1}, "
          f"{args.policy} players, {args.difficulty}")
    print(f"{'state':<14}{'mean':>8}{'sd':>7}{'min':>8}{'p10':>8}{'median':>8}{'p90':>8}{'max':>8}  endings")
    for sid, row in summary.items():
        ends = ", ".join(f"{k} {v}" for k, v in row["endings"].items())
        print(f"{row['name']:<14}{row['mean']:8.2f}{row['sd']:7.2f}{row['min']:8.2f}{row['p10']:8.2f}"
              f"{row['median']:8.2f}{row['p90']:8.2f}{row['max']:8.2f}  {ends}")
    if args.log:
        print(f"log of the game with seed {args.seed} written to {args.log}")
    return EXIT_OK


def cmd_analyze(args) -> int:
    from game.analysis.analyze import FINDINGS, Settings, analyze
    from game.analysis.render import html, text

    if args.games < 1:
        print("greatgame: --games must be at least 1", file=sys.stderr)
        return EXIT_USAGE
    wanted = {w.strip() for w in args.fail_on.split(",") if w.strip()}
    unknown = wanted - set(FINDINGS) - {"any"}
    if unknown:
        print(f"greatgame: unknown finding {', '.join(sorted(unknown))} for --fail-on "
              f"(choose from {', '.join(FINDINGS)}, or any)", file=sys.stderr)
        return EXIT_USAGE
    scenario = _scenario_or_exit(args.scenario)
    progress = _progress_bar() if sys.stderr.isatty() else None
    try:
        report = analyze(scenario, Settings(games=args.games, seed=args.seed, states=args.states,
                                            difficulty=args.difficulty, search=not args.no_search,
                                            planner_games=args.planner_games), progress)
    except ValueError as exc:  # a state the scenario does not have
        print(f"greatgame: {exc}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        if progress:
            sys.stderr.write("\r" + " " * 70 + "\r")
    if args.format == "json":
        body = json.dumps(report, indent=1, ensure_ascii=False) + "\n"
    else:
        body = html(report) if args.format == "html" else text(report)
    if args.out:
        from game.files import write_atomic

        try:
            write_atomic(args.out, body)
        except OSError as exc:
            print(f"greatgame: cannot write the report to {args.out}: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_USAGE
        print(f"{args.format} report written to {args.out} ({_count(len(report['findings']), 'finding')})")
    else:
        sys.stdout.write(body)
    hit = [f for f in report["findings"] if "any" in wanted or f["id"] in wanted]
    if hit:
        print(f"greatgame: {_count(len(hit), 'finding')} named in --fail-on: "
              + ", ".join(sorted({f['id'] for f in hit})), file=sys.stderr)
        return EXIT_PROBLEMS
    return EXIT_OK


def _progress_bar():
    import time

    start = time.perf_counter()
    last = [0.0]

    def show(done: int, total: int) -> None:
        now = time.perf_counter()
        if now - last[0] < 0.2 and done < total:
            return
        last[0] = now
        total = max(total, done, 1)
        filled = int(30 * done / total)
        rate = done / max(now - start, 1e-9)
        left = (total - done) / rate if rate > 0 else 0
        sys.stderr.write(f"\ranalyze [{'#' * filled}{'.' * (30 - filled)}] {done:,}/{total:,} games, "
                         f"about {left:.0f} s left ")
        sys.stderr.flush()
    return show


def cmd_equilibria(args) -> int:
    from game.analysis.equilibria import solve
    from game.analysis.games import GameInvalid, as_json, describe, load_game
    from game.files import FileProblem

    try:
        game = load_game(args.game)
    except GameInvalid as exc:
        print(str(exc), file=sys.stderr)
        print(f"greatgame: the game file has {_count(len(exc.errors), 'error')}; fix them and try again.",
              file=sys.stderr)
        return EXIT_PROBLEMS
    except FileProblem as exc:
        print(f"greatgame: {exc}", file=sys.stderr)
        return EXIT_USAGE
    solution = solve(game)
    if args.format == "json":
        print(json.dumps(as_json(solution), indent=1, ensure_ascii=False))
    else:
        sys.stdout.write(describe(solution))
    return EXIT_OK


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def cmd_play(args) -> int:
    from game.files import remove_stale_temporaries
    from game.paths import saves_dir

    remove_stale_temporaries(saves_dir())   # what a save killed mid-write left behind
    if args is not None and getattr(args, "class_file", None) and (args.text or _want_text() or not _has_display()):
        print("greatgame: a class is played hot seat in the window, which needs a graphical display; "
              f"to let teams play from their own devices, host it: greatgame host {args.class_file}",
              file=sys.stderr)
        return EXIT_USAGE
    if args is None or not args.text:
        if not _want_text():
            if not _has_display():
                print("greatgame: no graphical display found (DISPLAY and WAYLAND_DISPLAY are not "
                      "set), so the game opens in the terminal. The window needs a desktop session; "
                      "'greatgame play --text' always plays here.\n", file=sys.stderr)
                return cmd_play_text(args)
            try:
                from game.ui.app import run_desktop
            except ImportError as exc:
                print(f"greatgame: the desktop window is unavailable ({exc}); playing in the terminal.",
                      file=sys.stderr)
                return cmd_play_text(args)
            return run_desktop(args)
    return cmd_play_text(args)


def _want_text() -> bool:
    return os.environ.get("GREATGAME_TEXT") == "1"


def _has_display() -> bool:
    """Whether a window can appear: always on Windows and macOS; on other systems an X11 or Wayland
    session, or a video driver chosen on purpose (SDL_VIDEODRIVER, as the tests do)."""
    if sys.platform in ("win32", "darwin") or os.environ.get("SDL_VIDEODRIVER"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def cmd_play_text(args) -> int:
    import random

    from game.engine import Game, SaveError, load_game
    from game.paths import DEFAULT_SCENARIO, autosave_path, find_scenario, label_new_game
    from game.terminal import TerminalGame

    def finder(sid: str):
        return find_scenario(sid)

    scenario_name = getattr(args, "scenario", None) or DEFAULT_SCENARIO
    load = getattr(args, "load", None)
    fresh = any(getattr(args, k, None) not in (None, False) for k in ("scenario", "state", "seed", "new", "fictional")) \
        or (getattr(args, "difficulty", None) or "normal") != "normal"
    if not load and not fresh and _in_progress(autosave_path()):
        # As Continue does in the window: the game in progress goes on.
        print(f"Continuing your game in progress ({autosave_path()}). To start a new one: "
              "greatgame play --text --new", file=sys.stderr)
        load = str(autosave_path())
    if load:
        if _class_file_given(load):
            return EXIT_USAGE
        try:
            game = load_game(load, finder)
        except SaveError as exc:
            print(f"greatgame: {exc}", file=sys.stderr)
            return EXIT_USAGE
        if not game.humans:
            print("greatgame: that save has no human player", file=sys.stderr)
            return EXIT_USAGE
        if game.load_note:
            print(f"greatgame: {game.load_note}", file=sys.stderr)
        state = game.humans[0]
    else:
        scenario = _scenario_or_exit(scenario_name)
        playable = [st.id for st in scenario.model.states if st.playable]
        state = getattr(args, "state", None)
        if state is None:
            shown = scenario
            if getattr(args, "fictional", False):
                from game.scenario.fictional import fictionalize

                shown = fictionalize(scenario)
            state = _ask_state(shown, playable)
            if state is None:
                return EXIT_OK
        if state not in playable:
            print(f"greatgame: '{state}' is not a playable state; choose from {', '.join(playable)}",
                  file=sys.stderr)
            return EXIT_USAGE
        seed = getattr(args, "seed", None)
        if seed is None:
            seed = random.SystemRandom().randrange(1, 1_000_000)
        game = Game(scenario, seed, [state], getattr(args, "difficulty", None) or "normal",
                    bool(getattr(args, "fictional", False)))
        label_new_game(game)   # its own save never overwrites an earlier game's
    session = TerminalGame(game, state, sys.stdin, sys.stdout, autosave_path(), finder)
    return session.run()


def _in_progress(path: Path) -> bool:
    """Whether `path` is a readable save of a game that has not ended."""
    from game.engine.save import SaveError, read_save

    try:
        data = read_save(path)
    except SaveError:
        return False
    return not data.get("over")


def _ask_state(scenario, playable: list[str]) -> str | None:
    names = {st.id: st.name for st in scenario.model.states}
    if len(playable) == 1:
        return playable[0]
    print(f"{scenario.model.meta.title}: choose the state you govern.")
    for i, sid in enumerate(playable, 1):
        print(f"  {i}) {names[sid]} ({sid})")
    while True:
        sys.stdout.write("> ")
        sys.stdout.flush()
        try:
            line = sys.stdin.readline()
        except KeyboardInterrupt:
            return None
        if line == "":
            return None
        ans = line.strip().lower()
        if ans in ("quit", "exit", "q"):
            return None
        if ans.isdigit() and 1 <= int(ans) <= len(playable):
            return playable[int(ans) - 1]
        for sid in playable:
            if ans in (sid, names[sid].lower()):
                return sid
        print(f"Type a number from 1 to {len(playable)}, or 'quit'.")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
