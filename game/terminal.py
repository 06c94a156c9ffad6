"""Terminal play (`greatgame play --text`): the whole game as a conversation in a terminal.

Reads commands line by line from any text stream, so tests drive it with scripted input.
Ctrl-C or end of input leaves cleanly with the game autosaved.
"""
from __future__ import annotations

import shutil
import sys
import textwrap
import unicodedata
from pathlib import Path
from typing import Callable, TextIO

from game.engine import Game, Orders, OrdersError, SaveError, load_game, write_save
from game.session import PlaySession
from game.paths import keep_game
from game.engine.views import Decision, IndicatorView, Observation, TurnReport, number, shown_change, signed

HELP = """\
Commands
  1 4 7        choose or drop actions by number or id (several at once); numbers never change
  info N       what action N does, in full (what it costs, does, needs and closes)
  actions      the list of actions again (also: a)
  status       the turn's news, indicators and powers again
  preview      the expected effects of your chosen actions and the likely replies
  end          end the turn (also: e, done)
  clear        drop every chosen action
  why NAME     why an indicator moved last turn (part of its name: 'why stab')
  answer [N]   change the answer to a question of this turn (the list shows your answers so far)
  powers       the powers: relations, pressure, patience and what the next rung would do
  report       the last turn's report again
  score        your score: how each axis is earned, what it gives now and gave last turn
  advise       the adviser's recommendation and why ('advise take' chooses it for you)
  save [FILE]  save the game (default: the autosave)
  load FILE    load a saved game (the game you leave is kept in a file of its own)
  help         this list
  quit         leave (the game is autosaved)
At a question (an event or a crisis), answer with its letter or number; 'powers', 'why', 'info',
'score', 'report', 'status', 'advise' and 'save' work there too."""

READ_ONLY = {"powers", "why", "info", "i", "score", "report", "r", "status", "save", "help", "h", "?", "advise",
             "advice", "hint"}
"""Commands that change nothing this turn, so they also work while a question waits for its answer."""


def _program() -> str:
    """How the player started the game, for 'continue with' hints: `greatgame` when it is on the
    PATH, else the path that was typed (a virtual environment's bin/greatgame), else python -m game."""
    argv0 = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if argv0 is None or argv0.name in ("__main__.py", "-c", "pytest", "python"):
        return "python -m game"
    if not argv0.name.startswith("greatgame"):
        return "greatgame"
    found = shutil.which("greatgame")
    return "greatgame" if found and Path(found).resolve() == argv0.resolve() else str(argv0)


def _interactive() -> bool:
    """Whether input comes from a person at a terminal; then line editing is switched on once."""
    try:
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            return False
    except (AttributeError, ValueError, OSError):
        return False
    try:
        import readline  # noqa: F401 - importing it is what gives input() its line editing
    except ImportError:  # Windows has no readline: input() still works, with the console's editing
        pass
    return True


def printable(text: str) -> str:
    """`text` as it may be written to a terminal: control characters (an escape would recolour or
    clear the screen) and invisible format characters shown as \\x.. codes, line breaks kept."""
    if text.isascii() and (text.isprintable() or all(ch.isprintable() or ch == "\n" for ch in text)):
        return text
    out = []
    for ch in text:
        if ch == "\n" or not unicodedata.category(ch).startswith(("C", "Z")) or ch == " ":
            out.append(ch)
        elif unicodedata.category(ch) == "Zs":
            out.append(" ")
        else:
            out.append(f"\\x{ord(ch):02x}" if ord(ch) < 256 else f"\\u{ord(ch):04x}")
    return "".join(out)


class Quit(Exception):
    pass


class TerminalGame:
    """One terminal session of one human-played state."""

    def __init__(self, game: Game, state: str, inp: TextIO, out: TextIO,
                 autosave: Path | None = None, find_scenario: Callable | None = None,
                 width: int | None = None):
        self.state = state
        self.inp = inp
        self.out = out
        self.autosave = autosave
        self.find_scenario = find_scenario
        self.width = width or max(60, min(100, shutil.get_terminal_size((90, 30)).columns))
        self.game = game   # and its play session, the one every front end uses (game/session.py)
        self.name_width = 30  # widened for long (fictional) indicator names when a turn is shown

    @property
    def game(self) -> Game:
        return self.session.game

    @game.setter
    def game(self, game: Game) -> None:
        self.session = PlaySession(game, self.state if self.state in game.humans else game.humans[0],
                                   self.autosave)
        self.session.keeps_saves = self.autosave is not None
        # Orders put together but not sent when the game was saved: back on the table, as in the window.
        draft = game.drafts.pop(self.session.state, None)
        pending = game.withdraw(self.session.state)
        draft = draft if draft is not None else pending
        if draft is not None and not self.session.over:
            self.session.restore(draft)

    @property
    def chosen(self) -> list[str]:
        return self.session.chosen

    @property
    def answers(self) -> dict[str, str]:
        return self.session.answers

    # --- plumbing -------------------------------------------------------------------------------

    def say(self, text: str = "", whole: bool = False) -> None:
        """Write a line; one longer than the terminal is wrapped at spaces, its continuation
        indented under it, so no word is cut. `whole` keeps it on one line (a command to copy).
        Names read as English ("relations with the Western Federation"), line by line: a table's
        rows are never one sentence."""
        text = printable("\n".join(self.game.names.tidy(line) for line in text.split("\n")))
        if not whole and "\n" not in text and len(text) > self.width:
            lead = len(text) - len(text.lstrip(" "))
            text = textwrap.fill(text, self.width, initial_indent="", subsequent_indent=" " * (lead + 4),
                                 break_long_words=False, break_on_hyphens=False)
        self._write(text + "\n")

    def _write(self, text: str) -> None:
        try:
            self.out.write(text)
        except UnicodeEncodeError:   # a terminal that cannot show every character: show what it can
            enc = getattr(self.out, "encoding", None) or "ascii"
            self.out.write(text.encode(enc, "replace").decode(enc, "replace"))

    def wrap(self, text: str, indent: str = "  ") -> None:
        for para in text.strip().split("\n"):
            para = self.game.names.tidy(para)
            self.say(textwrap.fill(para, self.width, initial_indent=indent, subsequent_indent=indent,
                                   break_long_words=False, break_on_hyphens=False))

    def ask(self, prompt: str) -> str:
        prompt = printable(self.game.names.tidy(prompt))
        if len(prompt) > self.width:   # a long question wraps; the answer goes after its last line
            prompt = textwrap.fill(prompt, self.width, break_long_words=False, break_on_hyphens=False,
                                   drop_whitespace=True) + " "
        if self.inp is sys.stdin and self.out is sys.stdout and _interactive():
            # A real terminal: input() with readline gives arrow keys, Home/End and history
            # instead of escape codes typed into the answer. Ctrl-D raises EOFError as before.
            return input(prompt).strip()
        self._write(prompt)
        self.out.flush()
        line = self.inp.readline()
        if line == "":
            raise EOFError
        return line.strip()

    def rule(self, title: str = "") -> None:
        if title:
            title = f" {title} "
        self.say("═" * 3 + title + "═" * max(3, self.width - len(title) - 3))

    # --- main loop ------------------------------------------------------------------------------

    def run(self) -> int:
        try:
            self.briefing()
            while not self.game.over and self.game.active(self.state):
                self.play_turn()
            self.end_screen()
            return 0
        except (EOFError, KeyboardInterrupt, Quit):
            self.say("")
            saved = self.save_quietly()
            if saved is not None:
                self.say(f"Game saved to {saved}. Continue with:")
                self.say(f"  {_program()} play --text --load {saved}", whole=True)
            elif self.autosave:
                self.say("The game could NOT be saved (see above): the turns played since the last save "
                         "are lost when you leave. Free some disk space or set GREATGAME_HOME to a folder "
                         "you can write, then play again.")
            self.say("Goodbye.")
            return 0

    def drafts(self) -> dict[str, Orders]:
        return self.session.drafts()

    def save_quietly(self) -> Path | None:
        """The shared autosave (what 'continue' opens) and this game's own file, by the session;
        the first file written (None if none could be, and then it says why)."""
        if self.autosave is None:
            return None
        written = self.session.autosave()
        if written is None:
            self.say(f"Could not autosave: {self.session.save_problem}")
        return written

    def briefing(self) -> None:
        g = self.game
        s = g.s
        if g.turn > 1:
            self.rule(f"{s.meta.title}: resuming turn {g.turn}")
            return
        st = g.state_info(self.state)
        self.rule(s.meta.title)
        self.wrap(s.meta.summary)
        self.say("")
        if s.meta.briefing:
            self.wrap(s.meta.briefing)
            self.say("")
        self.say(f"You govern {g.name(self.state)}. {s.meta.turns} turns of {s.meta.turn_months} months, "
                 f"from {g.date_label(1)}. Seed {g.seed}, difficulty {g.difficulty.name}.")
        if st.description:
            self.wrap(st.description)
        if st.goals:
            self.say("Goals:")
            self.wrap(st.goals)
        self.say("How you win:")
        for line in self.session.score_card().how_to_win():
            self.wrap(line, "  ")
        self.say("Type 'help' at any prompt for the commands; 'advise' asks the adviser, 'score' explains "
                 "your score.")

    def play_turn(self) -> None:
        """One turn through the play session: the turn, its questions, then commands until 'end'."""
        obs = self.session.obs
        self.show_turn(obs)
        for d in self.session.decisions():
            if d.id not in self.answers:
                self.give_answer(d)
        self.show_actions()
        while True:
            cmd = self.ask(f"[turn {obs.turn}] > ")
            if self.command(cmd):
                break
        problem = self.session.take_save_problem()   # ending the turn autosaved; say if it could not
        if problem:
            self.say(problem)

    # --- screens --------------------------------------------------------------------------------

    def show_turn(self, obs: Observation) -> None:
        self.say("")
        self.rule(f"Turn {obs.turn}/{obs.turns} · {obs.date} · {obs.state_name}")
        if obs.news:
            self.say("News")
            for n in obs.news:
                self.wrap("• " + n, "  ")
        self.name_width = max([30] + [len(i.name) for i in list(obs.indicators) + list(obs.world)])
        self.say("Your state" + " " * (self.name_width - 2) + "now   last turn")
        for ind in obs.indicators:
            self.say(self.indicator_line(ind))
        self.say("World")
        for ind in obs.world:
            self.say(self.indicator_line(ind))
        self.say("Powers")
        pw = max([16] + [len(p.name) for p in obs.powers])
        for p in obs.powers:
            dep = f", dependence {number(p.dependence)}" if p.dependence is not None else ""
            self.say(f"  {p.name:<{pw}} relations {signed(p.relation, 0):>4} ({p.stance}{dep}); pressure: "
                     f"{p.rung_name}; patience {p.patience}/{p.patience_max}")
        for warning in obs.warnings:
            self.wrap("⚠ " + warning, "  ")
        projects = [pr for pr in obs.projects]
        if projects:
            self.say("Projects under way")
            for pr in projects:
                self.say(f"  {pr.name}: {pr.when()}")
        if obs.coming:
            self.say("Already decided, still to come")
            for c in obs.coming:
                self.wrap("• " + c.text(), "  ")
        chain = " → ".join(f"{st.name} {number(st.output, 1)}/{number(st.capacity, 1)}" for st in obs.chain)
        self.say(f"Value chain (output/capacity, kt/yr): {chain}")
        self.say(f"Score so far: {number(obs.score, 1)}")

    def indicator_line(self, ind: IndicatorView) -> str:
        """An indicator's name, its value now and its value last turn (with the change between,
        when there was one). Indicators carry no numbers: in the terminal a number is an action's."""
        hist = ind.history
        if len(hist) < 2:
            return f"  {ind.name:<{self.name_width}} {ind.text():>10}"
        delta = shown_change(hist[-2], hist[-1], ind.decimals)
        d = "" if round(delta, ind.decimals) == 0 else f" ({signed(delta, ind.decimals)})"
        return f"  {ind.name:<{self.name_width}} {ind.text():>10}   {ind.text(hist[-2]):>10}{d}"

    def give_answer(self, d: Decision) -> None:
        """Ask the question and put the answer in the session (asked again if the session refuses it)."""
        while True:
            refused = self.session.answer(d.id, self.decide(d))
            if refused is None:
                return
            self.say(f"That answer cannot be given: {refused}")

    def decide(self, d: Decision) -> str:
        self.say("")
        self.rule(("Crisis: " if d.kind == "crisis" else "Event: ") + d.title)
        self.wrap(d.full_text())
        letters = "abcdefghijklmnopqrstuvwxyz"
        avail = {}
        current = self.answers.get(d.id)
        for i, o in enumerate(d.options):
            key = letters[i]
            cost = o.cost.text(self.game.money_unit)
            self.say(f"  {key}) {o.label}  [{cost}]" + ("" if o.available else f"  (unavailable: {o.reason})")
                     + ("  ← your answer so far" if o.id == current else ""))
            if o.description:
                self.wrap(o.description, "       ")
            eff = "; ".join(e.text(self.game.unit(e.indicator)) for e in o.effects)
            if eff:
                self.wrap("effects: " + eff, "       ")
            if o.note:
                self.wrap(o.note, "       ")
            if o.available:
                avail[key] = o.id
                avail[str(i + 1)] = o.id
                avail[o.id] = o.id
                avail[o.label.lower()] = o.id
        letters_open = [k for k in avail if len(k) == 1 and k.isalpha()]
        while True:
            typed = self.ask("Your answer (" + "/".join(letters_open) + ") > ")
            ans = typed.lower()
            if ans in avail:
                return avail[ans]
            if ans in ("quit", "exit", "q"):
                raise Quit
            if ans in ("help", "?"):
                self.say("Type the letter (or number) of one answer; its costs and effects are listed "
                         "above. 'powers', 'why NAME', 'info N', 'score', 'report', 'status', 'advise' "
                         "and 'save' work here too. You can change the answer later this turn with 'answer'. "
                         "'quit' saves and leaves.")
                continue
            if ans.split() and ans.split()[0] in READ_ONLY:
                before = self.answers.get(d.id)
                self.command(typed)  # as typed: a file name keeps its capitals
                if self.answers.get(d.id) not in (None, before) and self.answers[d.id] in avail.values():
                    return self.answers[d.id]   # 'advise take' answered it
                self.say(f"(Still waiting for your answer to '{d.title}'.)")
                continue
            self.say(f"'{ans}' is not one of the answers; type one of: " + ", ".join(letters_open))

    def numbered(self) -> list[tuple[int, object]]:
        """Visible options with their numbers, which never change during a game (the window's cards
        carry the same ones), in number order: category by category, then the offers."""
        return [(o.number, o) for o in self.session.options]

    def show_actions(self) -> None:
        g = self.game
        cap, money = self.budget_left()
        unit = g.money_unit
        self.say("")
        self.say(f"Actions: you have {cap} political capital and {number(money, 1)} {unit} left this turn. "
                 "Type numbers to choose, 'preview', then 'end'.")
        category = None
        for i, o in self.numbered():   # numbers run category by category, offers last
            heading = "Offers on the table" if o.offered_by else o.category.capitalize()
            if heading != category:
                category = heading
                self.say(f"  {category}")
            mark = "[x]" if o.id in self.chosen else "[ ]"
            cost = o.cost.text(unit)
            proj = f", {o.project_turns}-turn project" if o.project_turns else ""
            offer = ""
            if o.offered_by:
                left = g.offer_turns_left(self.state, o.id) or 0
                offer = f", offer from {g.name(o.offered_by)}, {left} turn{'s' if left != 1 else ''} left"
            line = f"  {mark} {i:>2}. {o.name} ({cost}{proj}{offer})"
            if not o.available:
                line += f"  — {o.reason}"
            elif o.late:
                line += "  — would finish after the game" if o.late_in_full else "  — too late to count in full"
            self.say(line)

    def show_chosen(self) -> None:
        g = self.game
        cap, money = self.budget_left()
        unit = g.money_unit
        numbers = {o.id: i for i, o in self.numbered()}
        chosen = ", ".join(f"{numbers[a]}. {g.name(a)}" for a in self.chosen) or "nothing yet"
        self.say(f"Chosen: {chosen}. Left: {cap} capital and {number(money, 1)} {unit}. "
                 "('actions' lists them all, 'preview', 'end')")

    def budget_left(self) -> tuple[int, float]:
        return self.session.budget_left()

    # --- commands -------------------------------------------------------------------------------

    def command(self, cmd: str) -> bool:
        """Run one command; True when the turn has ended."""
        g = self.game
        words = cmd.replace(",", " ").split()   # "6, 22" is two numbers
        if not words:
            self.say("Type action numbers, 'preview', 'end', or 'help'.")
            return False
        head = words[0].lower()
        options = dict(self.numbered())
        by_id = {o.id: n for n, o in options.items()}
        if all(w.isdigit() or w in by_id for w in words):
            picked = list(dict.fromkeys(int(w) if w.isdigit() else by_id[w] for w in words))
            for n in picked:
                self.toggle(n, options)
            self.show_chosen()
            return False
        if head in ("end", "e", "done", "next"):
            return self.end_turn()
        if head in ("preview", "p"):
            self.show_preview()
        elif head in ("info", "i"):
            if len(words) == 2 and (words[1].isdigit() or words[1] in by_id):
                self.show_info(int(words[1]) if words[1].isdigit() else by_id[words[1]], options)
            else:
                self.say("Info on which action? Type 'info' and its number (or id), e.g. 'info 3'.")
        elif head in ("clear", "c"):
            self.session.clear()
            self.show_actions()
        elif head in ("actions", "a", "list", "l"):
            self.show_actions()
        elif head == "why":
            if len(words) == 1:
                self.say("Why what? Type 'why' and part of an indicator's name, e.g. 'why stability'.")
            else:
                self.why(" ".join(words[1:]))
        elif head in ("answer", "answers"):
            self.reanswer(words[1] if len(words) > 1 else None)
        elif head == "powers":
            self.show_powers()
        elif head in ("report", "r"):
            if g.reports:
                self.show_report(g.reports[-1])
            else:
                self.say("No turn has been resolved yet.")
        elif head == "score":
            self.show_score()
        elif head in ("advise", "advice", "hint"):
            self.advise(take=len(words) > 1 and words[1].lower() in ("take", "yes", "use"))
        elif head == "save":
            self.save(words[1] if len(words) > 1 else None)
        elif head == "load":
            if len(words) != 2:
                self.say("Load which file? Type 'load' and the save's path, e.g. 'load mygame.json'.")
            elif self.load(words[1]):
                return True
        elif head in ("help", "h", "?"):
            self.say(HELP)
        elif head in ("quit", "exit", "q"):
            raise Quit
        elif head == "status":
            self.show_turn(g.observe(self.state))
        else:
            self.say(f"I don't know '{cmd}'. " + _suggest(head) + "Type 'help' for the commands.")
        return False

    def reanswer(self, which: str | None = None) -> None:
        """Change one answer: the only question, or the one named by its number ('answer 2'); with
        several and none named, the list with each answer so far."""
        decisions = self.session.decisions()
        if not decisions:
            self.say("There is no question to answer this turn.")
            return
        if which is None and len(decisions) > 1:
            self.say("This turn's questions, with your answers so far:")
            for i, d in enumerate(decisions, 1):
                self.say(f"  {i}. {d.title}: {self.session.answer_label(d) or 'not answered yet'}")
            self.say("Type 'answer N' to change one.")
            return
        if which is not None and not (which.isdigit() and 1 <= int(which) <= len(decisions)):
            self.say(f"There is no question {which}; type 'answer' for the list.")
            return
        d = decisions[int(which) - 1] if which is not None else decisions[0]
        self.give_answer(d)
        self.say(f"Your answer to '{d.title}': {self.session.answer_label(d)}.")
        self.show_chosen()

    def toggle(self, n: int, options: dict) -> None:
        if n not in options:
            self.say(f"There is no action {n} this turn; type 'actions' to see the list.")
            return
        o = options[n]
        changed, message = self.session.toggle(o.id)
        if not changed:
            self.say(f"Cannot add '{o.name}': {message}" if o.available else f"'{o.name}' is unavailable: {message}")

    def show_info(self, n: int, options: dict) -> None:
        if n not in options:
            self.say(f"There is no action {n} this turn.")
            return
        g = self.game
        o = options[n]
        self.rule(o.name)
        self.wrap(o.description or "(no description)")
        self.say(f"  Category: {o.category}. Cost: {o.cost.text(g.money_unit)}."
                 + (f" A project of {o.project_turns} turns." if o.project_turns else ""))
        for e in o.effects:
            self.say("  • " + e.text(g.unit(e.indicator)))
        if o.excludes:
            self.say("  Taking it closes, for the rest of the game: " + ", ".join(g.name(x) for x in o.excludes))
        if not o.available:
            self.say(f"  Unavailable: {o.reason}")

    def show_preview(self) -> None:
        g = self.game
        pv = g.preview(self.state, Orders(tuple(self.chosen), self.answers))
        self.rule("Preview of this turn")
        if not self.chosen:
            self.say("  No actions chosen.")
        for line in pv.lines:
            ind = g.rules.indicators[line.indicator]
            dec = max(ind.decimals, 1)
            spread = ""
            if round(line.high - line.low, dec) != 0:
                spread = f"  (range {signed(line.low, dec)} to {signed(line.high, dec)})"
            later = f"; later {signed(line.later, dec)}" if round(line.later, dec) != 0 else ""
            causes = ", ".join(f"{t} {signed(a, dec)}" for t, a in line.causes if round(a, dec) != 0)
            self.say(f"  {line.name:<30} expected {signed(line.expected, dec)}{spread}{later}")
            if causes:
                self.wrap(causes, "      ")
        self.say("  Likely replies:")
        for r in pv.responses:
            if r.probability >= 0.05:
                self.say(f"    {r.power_name}: {r.name} ({r.probability:.0%})")
        for w in pv.warnings:
            self.wrap("⚠ " + w, "  ")
        for p in pv.problems:
            self.wrap("✗ " + p, "  ")
        if pv.samples:
            self.wrap(pv.basis(), "  ")

    def end_turn(self) -> bool:
        g = self.game
        cap, _ = self.budget_left()
        usable = [o for o in g.options(self.state) if o.available and o.id not in self.chosen
                  and 0 < o.cost.capital <= cap]
        if cap > 0 and usable:
            typed = self.ask(f"You still have {cap} political capital this turn, and it does not carry "
                             "over. End the turn anyway? (y/n) > ")
            ans = typed.lower()
            if ans in ("n", "no", ""):
                self.say("Then choose more actions ('actions' lists them).")
                return False
            if ans not in ("y", "yes", "end", "e", "done", "next"):
                self.say("The turn goes on.")
                return self.command(typed)
        problems = self.session.problems()
        if problems:
            self.say(f"Cannot end the turn: {problems[0]}")
            return False
        try:
            report = self.session.end_turn()   # submits, resolves, autosaves
        except OrdersError as exc:
            self.say(f"Cannot end the turn: {exc}")
            return False
        self.show_report(report)
        return True

    def show_report(self, r: TurnReport) -> None:
        g = self.game
        sr = next((s for s in r.states if s.state == self.state), None)
        self.say("")
        self.rule(f"Report: turn {r.turn}, {r.date}")
        events = r.events_for(self.state)
        if events:
            self.say("Events: " + "; ".join(events))
        if sr is None:
            return
        for line in sr.ladder:   # crises first: how the pressure went is the turn's headline
            self.wrap("! " + line, "")
        self.say("You: " + (", ".join(sr.actions) if sr.actions else "no actions"))
        for a in sr.answers:
            self.say("  answered " + a)
        self.say("The powers:")
        for resp in sr.responses:
            self.say(f"  {resp.power_name}: {resp.name}")
            self.wrap(f"({resp.why})", "      ")
        self.say("What changed and why:")
        for ch in sr.changes:
            dec = max(ch.decimals, 1)
            if not ch.shows(dec):
                continue
            causes = [c for c in ch.causes if round(c.amount, dec) != 0]
            self.say(f"  {ch.name:<30} {ch.before:.{dec}f} → {ch.after:.{dec}f} "
                     f"({signed(shown_change(ch.before, ch.after, dec), dec)})")
            shown = causes if len(causes) <= 5 else causes[:4]
            for c in shown:
                self.say(f"      {signed(c.amount, dec):>7}  {c.text}")
            if len(shown) < len(causes):
                rest = sum(c.amount for c in causes[4:])
                self.say(f"      {signed(rest, dec):>7}  {len(causes) - 4} smaller causes "
                         f"(type 'why {ch.name}' for all)")
        for ch in r.world:
            dec = ch.decimals
            self.say(f"  {ch.name:<30} {ch.before:.{dec}f} → {ch.after:.{dec}f} (world)")
            for c in [c for c in ch.causes if round(c.amount, 1) != 0][:3]:
                self.wrap(f"{signed(c.amount, 1)}  {c.text}", "      ")
        self.say(f"This turn added {number(sr.score_turn, 2)} to your score.")
        if sr.ending:
            e = g.outcome(self.state)
            self.rule(e.name)
            self.wrap(e.text)

    def why(self, name: str) -> None:
        g = self.game
        obs = g.observe(self.state)
        inds = list(obs.indicators) + list(obs.world)
        target = None
        if name.isdigit():
            self.say(f"In the terminal a number always means an action ('info {name}' says what action {name} "
                     "does). To ask about an indicator, name it, or part of its name: 'why stability'.")
            return
        hits = [i for i in inds if name.lower() in i.name.lower() or name.lower() == i.id]
        target = hits[0] if hits else None
        if target is None:
            self.say(f"No indicator matches '{name}'. Use part of its name as the list shows it, e.g. "
                     f"'why {inds[0].name.split()[0].lower()}'.")
            return
        if g.turn == 1 and not g.ledger:
            self.say("Nothing has moved yet.")
            return
        turn = g.turn - 1 if g.reports else g.turn
        state = None if target.world else self.state
        causes = g.explain(state, target.id, turn)
        now_causes = g.explain(state, target.id, g.turn) if g.turn != turn else []
        self.say(f"{target.name} is {target.text()}.")
        if not causes and not now_causes:
            self.say(f"  It did not move on turn {turn}.")
        for c in causes:
            self.say(f"  turn {turn}: {signed(c.amount, 2)}  {c.text}")
        for c in now_causes:
            self.say(f"  this turn so far: {signed(c.amount, 2)}  {c.text}")

    def show_powers(self) -> None:
        g = self.game
        obs = g.observe(self.state)
        preview = self.session.preview if not self.session.over else None
        for p in obs.powers:
            self.rule(p.name)
            after = preview.pressure_of(p.id) if preview is not None else None
            then = (f" After your orders and answers, most likely {after.after_name} at the end of this turn "
                    f"({after.share:.0%} of the forecast's copies).") if after and after.after != p.rung else ""
            self.say(f"  Relations {signed(p.relation, 0)} ({p.stance}); pressure: {p.rung_name}.{then}")
            self.wrap(p.ladder_text())
            if p.last_response:
                self.say(f"  Last move: {p.last_response}")
            if p.next_rung_name:
                eff = "; ".join(e.text(g.unit(e.indicator)) for e in p.next_rung_effects)
                self.wrap(f"Next rung: {p.next_rung_name} ({eff or 'no direct effects'})")
            power = g.rules.powers[p.id]
            if power.description:
                self.wrap(power.description)

    def show_score(self) -> None:
        g = self.game
        card = self.session.score_card()
        width = max(len(a.name) for a in card.axes) + 2
        self.say(f"  {card.lines()[0]}")
        column = "final" if g.over or not g.active(self.state) else "so far"
        self.say(f"  {'Axis':<{width}} {'now':>5} {'last':>5}  {'weight':>6}  {column:>7}")
        for a in card.axes:
            last = f"{a.last:5.1f}" if a.last is not None else f"{'-':>5}"
            self.say(f"  {a.name:<{width}} {a.now:5.1f} {last}  {a.weight:6g}  {a.counts:7.2f}")
        if card.ending is not None:
            self.say(f"  {'Ending':<{width}} {'':5} {'':5}  {'':6}  {card.ending:7.2f}")
        self.say(f"  {'Total':<{width}} {'':5} {'':5}  {'':6}  {card.total:7.2f}")
        if card.last_turn is not None:
            self.say(f"  Last turn added {number(card.last_turn, 2)}. 'now' is what each axis gives this turn as "
                     "things stand; 'last' what it gave last turn.")
        for a in card.axes:
            if a.description:
                self.say(f"  {a.name}: {a.description}")

    def advise(self, take: bool = False) -> None:
        if self.session.over:
            self.say("The game is over: there is nothing left to advise.")
            return
        advice = self.session.advice()
        self.say(advice.why)
        if take:
            self.say(self.session.take_advice())
            self.show_chosen()
        else:
            self.say("Type 'advise take' to choose these orders (you can still change them).")

    def save(self, name: str | None) -> None:
        path = Path(name) if name else self.autosave
        if path is None:
            self.say("Give a file name: save FILE")
            return
        try:
            written = self.session.save(path) if name else write_save(self.game, path, self.drafts())
            self.say(f"Saved to {written}.")
        except OSError as exc:
            self.say(f"Could not save to {exc.filename or path}: {exc.strerror or exc}")

    def load(self, name: str) -> bool:
        """Load a save in place of this game; True when loaded. The game being left is first written
        to a file of its own, so that loading an older save of it never loses the turns since."""
        if self.find_scenario is None:
            self.say("Loading is not available here.")
            return False
        path = Path(name)
        if not path.exists() and path.suffix.lower() != ".json" and path.with_name(path.name + ".json").exists():
            path = path.with_name(path.name + ".json")   # as 'save' named it
        try:
            game = load_game(path, self.find_scenario)
        except SaveError as exc:
            self.say(str(exc))
            return False
        if self.state not in game.humans and not game.humans:
            self.say("That save has no human player.")
            return False
        if self.autosave is not None:
            try:
                kept = keep_game(self.game, self.drafts(), self.autosave.parent)
                self.say(f"The game you left (turn {self.game.turn}) is kept in {kept}.")
            except OSError as exc:
                self.say(f"Not loaded: the game you are playing could not be kept in "
                         f"{exc.filename or self.autosave.parent} ({exc.strerror or exc}). "
                         "Save it with 'save FILE' first.")
                return False
        if self.state not in game.humans:
            self.state = game.humans[0]
        self.game = game
        self.say(f"Loaded {path}: turn {game.turn}, {game.name(self.state)}.")
        if game.load_note:
            self.wrap(game.load_note, "")
        return True

    def end_screen(self) -> None:
        g = self.game
        self.say("")
        outcome = g.outcome(self.state)
        ended = outcome is not None and outcome.ending is not None
        self.rule(outcome.name if outcome is not None else "The end")
        if ended:
            self.wrap(outcome.text + (f" (turn {outcome.turn})" if outcome.turn else ""))
        else:
            self.say(f"  {g.name(self.state)} came through all {g.s.meta.turns} turns.")
        if outcome is not None and outcome.verdict is not None:
            self.say(f"  Verdict: {outcome.verdict}.")
            if not ended and outcome.text:
                self.wrap(outcome.text, "  ")
        self.show_score()
        ai = g.adviser_score(self.state)
        self.say(f"  The built-in adviser, playing {g.name(self.state)} from the same seed, scores "
                 f"{number(ai, 2)}.")
        verdict = "better than" if g.score(self.state)["total"] > ai else "below"
        self.say(f"  You finished {verdict} the adviser.")
        if g.s.debrief.questions:
            self.say("For discussion:")
            for q in g.s.debrief.questions:
                self.wrap("• " + q)
        if self.autosave is not None:   # the game's own save, kept beside the autosave
            from game.paths import game_save_path

            own = self.autosave.parent / game_save_path(g).name
            self.say("The whole game, turn by turn, with charts and every cause, as one page:")
            self.say(f"  greatgame report {own if own.is_file() else self.autosave}")


def _suggest(head: str) -> str:
    import difflib

    words = ["preview", "end", "info", "clear", "why", "powers", "report", "score", "save", "load",
             "help", "quit", "actions", "status"]
    close = difflib.get_close_matches(head, words, n=1)
    return f"Did you mean '{close[0]}'? " if close else ""
