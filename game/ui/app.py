"""The desktop game: one resizable window, a stack of scenes, and the loop that feeds them.

`run_desktop(args)` is what `greatgame` and `greatgame play` call. The loop redraws only when
something changed (input, an animation, a tooltip or message on its way); when idle it sleeps in
`pygame.event.wait`. Tests and the screenshot tool drive the same `App` headless through `step`.
"""
from __future__ import annotations

import os
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # noqa: E402
import pygame_gui  # noqa: E402

from game.paths import autosave_path, keep_game, saves_dir, shipped_scenarios, user_scenarios  # noqa: E402
from game.scenario import Diagnostic, LoadedScenario, check_scenario  # noqa: E402

from . import draw as D  # noqa: E402
from . import theme as T  # noqa: E402
from game.session import PlaySession  # noqa: E402
from .settings import Settings  # noqa: E402
from .stack import SceneStack  # noqa: E402
from .targets import tip_of  # noqa: E402

INPUT_EVENTS = (pygame.KEYDOWN, pygame.KEYUP, pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP,
                pygame.MOUSEMOTION, pygame.MOUSEWHEEL, pygame.TEXTINPUT)
WARM_SECONDS = 0.6      # keep drawing this long after input, for hover transitions
TOOLTIP_DELAY = 0.45
MIN_SIZE = (960, 540)   # the smallest window the layouts are tested at (tests/ui/test_scenes.py)
MAX_TOASTS = 2


def desktop_size() -> tuple[int, int] | None:
    """The size of the (first) desktop, or None when it cannot be told."""
    try:
        sizes = pygame.display.get_desktop_sizes()
    except (pygame.error, AttributeError):
        return None
    if not sizes:
        return None
    w, h = sizes[0]
    return (int(w), int(h)) if w > 0 and h > 0 else None


def fit_window(size: tuple[int, int], desktop: tuple[int, int] | None) -> tuple[int, int]:
    """`size` at least MIN_SIZE and, when the desktop is known, no larger than it."""
    w, h = max(MIN_SIZE[0], int(size[0])), max(MIN_SIZE[1], int(size[1]))
    if desktop is not None:
        w, h = min(w, max(MIN_SIZE[0], desktop[0])), min(h, max(MIN_SIZE[1], desktop[1]))
    return w, h


@dataclass
class ScenarioEntry:
    """A scenario file the player can pick, valid or not (then with its problems)."""

    path: Path
    scenario: LoadedScenario | None
    problems: list[Diagnostic] = field(default_factory=list)
    error: str | None = None
    mtime: float = 0.0

    @property
    def ok(self) -> bool:
        return self.scenario is not None

    @property
    def id(self) -> str:
        return self.scenario.model.meta.id if self.scenario else self.path.stem

    @property
    def title(self) -> str:
        return self.scenario.model.meta.title if self.scenario else self.path.stem.replace("_", " ").title()

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.problems if d.severity == "error"]


@dataclass
class Toast:
    text: str
    colour: tuple
    until: float


class App:
    """The window, the scene stack and the player's settings."""

    def __init__(self, size: tuple[int, int] | None = None, settings: Settings | None = None,
                 headless: bool = False):
        self.headless = headless
        self.settings = settings or Settings.load()
        pygame.display.init()
        pygame.font.init()
        self.fullscreen = bool(self.settings.fullscreen) and not headless
        # Window sizes are kept inside the desktop (headless runs have none to keep to).
        self.desktop: tuple[int, int] | None = None if headless else desktop_size()
        want = size or tuple(self.settings.window)
        if size is None:
            fitted = fit_window(want, self.desktop)
            if fitted != tuple(want):  # a saved size that no longer fits this screen
                self.settings.window = fitted
                self.settings.save()
            want = fitted
        self.window = self._open_window(want)
        pygame.display.set_caption("New Great Game")
        try:
            pygame.display.set_icon(_icon())
        except pygame.error:
            pass
        pygame.key.set_repeat(350, 45)
        self.size = self.window.get_size()
        self.theme = T.Theme(self._scale())
        self.manager = self._manager()
        self.scenes = SceneStack(self._snapshot, self._stack_changed)
        self.running = True
        self.dirty = True
        self.show_focus = False
        self.mouse = (-10, -10)
        self.pressing = False   # a mouse button is down: the screen is not rebuilt under a click
        self.last_input = 0.0
        self.hover_key: str | None = None
        self.hover_since = 0.0
        self.toasts: list[Toast] = []
        self.tooltip_rect: pygame.Rect | None = None   # where the last frame put a tooltip (for tests)
        # The tooltip of the target the mouse rests on, asked for between frames (painting never
        # works one out: many read the engine), and the target it belongs to.
        self.tip = None
        self.tip_of = None
        self.frames = 0
        self.exit_code = 0
        self.extra_scenarios: list[Path] = []
        self._catalogue: dict[Path, ScenarioEntry] = {}
        self._pending_size: tuple[int, int] | None = None
        self.clock_now = time.monotonic  # tests may replace the clock
        self._shown: dict[int, tuple[LoadedScenario, LoadedScenario]] = {}
        self.hotseat = None   # a class played at this keyboard (game.classroom.hotseat.HotSeat), if any
        # a hosted class joined from here (game.classroom.remote): where it stood when last seen,
        # why it cannot be reached (if so), and the instructor's messages already shown
        self.remote_at: tuple[int, bool] = (0, False)
        self.remote_lost: str | None = None
        self.remote_messages: set = set()
        for problem in getattr(self.settings, "problems", [])[:2]:   # said once; the game goes on
            self.toast(f"Settings: {problem}", "warn", 8.0)

    # --- window -----------------------------------------------------------------------------------

    def _open_window(self, size) -> pygame.Surface:
        if self.fullscreen:
            return pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
        surf = pygame.display.set_mode(fit_window(size, self.desktop), pygame.RESIZABLE)
        if not self.headless:
            try:  # the window manager then refuses smaller sizes itself
                import warnings

                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    window = pygame.Window.from_display_module()
                    window.minimum_size = MIN_SIZE
                    # A window made larger grows from its top-left corner: keep it on the screen.
                    (x, y), (w, h) = window.position, surf.get_size()
                    if self.desktop is not None and (x + w > self.desktop[0] or y + h > self.desktop[1]):
                        window.position = pygame.WINDOWPOS_CENTERED
            except Exception:
                pass
        return surf

    def window_fits(self, size: tuple[int, int]) -> bool:
        """Whether a window of `size` fits the desktop (always, when it is not known)."""
        return self.desktop is None or (size[0] <= self.desktop[0] and size[1] <= self.desktop[1])

    def scale_for(self, ui_scale: float) -> float:
        # The layouts are designed for 1280x720 at scale 1 and need about 1060x600 of it: a larger
        # UI scale than the window can hold is capped rather than spilling off the screen.
        w, h = self.size
        return max(0.6, min(ui_scale * T.auto_factor(self.size), w / 1060, h / 600))

    def _scale(self) -> float:
        return self.scale_for(self.settings.ui_scale)

    def effective_ui_scale(self) -> float:
        """The UI scale the window really shows: the setting, or less when it does not fit."""
        return self._scale() / T.auto_factor(self.size)

    def _manager(self) -> pygame_gui.UIManager:
        m = pygame_gui.UIManager(self.size, self.theme.gui_theme(), enable_live_theme_updates=False)
        return m

    def relayout(self) -> None:
        """After a resize or a change of UI scale: new fonts, new widgets, same scenes."""
        self.size = self.window.get_size()
        for s in self.stack:
            s.teardown()
        self.theme = T.Theme(self._scale())
        self._name_the_game()
        self.manager = self._manager()
        for s in self.stack:
            s.build()
            s.show(False)
        for i, s in enumerate(self.stack):
            if s.modal and i > 0:
                s.backdrop = self._snapshot(i - 1)
        if self.stack:
            self.stack[-1].show(True)
        self.invalidate()

    def set_window(self, size: tuple[int, int] | None = None, fullscreen: bool | None = None) -> None:
        if fullscreen is not None:
            self.fullscreen = fullscreen and not self.headless
            self.settings.fullscreen = bool(fullscreen)
        if size is not None:
            self.settings.window = fit_window(size, self.desktop)
        self.window = self._open_window(self.settings.window)
        self.settings.save()
        self.relayout()

    def set_ui_scale(self, scale: float) -> None:
        self.settings.ui_scale = max(0.6, min(2.5, float(scale)))
        self.settings.save()
        self.relayout()

    # --- the stack --------------------------------------------------------------------------------

    def scene(self, name: str, *args, **kwargs):
        """A new scene of the window, by its name (game.ui.scenes.SCENES), made for this app."""
        from .scenes import scene_class

        return scene_class(name)(self, *args, **kwargs)

    @property
    def stack(self) -> list:
        """The scenes up, bottom first (game.ui.stack.SceneStack keeps them)."""
        return self.scenes.scenes

    @property
    def top(self):
        return self.scenes.top

    def _stack_changed(self) -> None:
        self._name_the_game()
        self.hover_key = None
        self.invalidate()

    def push(self, scene) -> None:
        self.scenes.push(scene)

    def pop(self) -> None:
        self.scenes.pop()
        if not self.stack:
            self.running = False

    def replace(self, scene) -> None:
        self.scenes.replace(scene)

    def reset(self, scenes: Iterable) -> None:
        self.scenes.reset(scenes)

    def invalidate(self) -> None:
        self.dirty = True

    def _snapshot(self, index: int) -> pygame.Surface:
        """A picture of scene `index` as it looks, for a modal dialog to dim behind itself."""
        surf = pygame.Surface(self.size)
        scene = self.stack[index]
        # A dialog stays up a while: what it dims must show today's values, not numbers half-way
        # through rolling to them.
        scene.skip_animation()
        visible = [s.container.visible if s.container else False for s in self.stack]
        for s in self.stack:
            s.show(s is scene)
        self.theme.seen.clear()
        self._compose(surf, index)
        for s, v in zip(self.stack, visible):
            s.show(bool(v))
        self.theme.seen.clear()
        return surf

    def _compose(self, surf: pygame.Surface, index: int, toasts: bool = False) -> None:
        scene = self.stack[index]
        if scene.modal:
            bd = getattr(scene, "backdrop", None)
            if bd is not None and bd.get_size() == surf.get_size():
                surf.blit(bd, (0, 0))
            else:
                surf.fill(T.BG)
            if toasts and not scene.toasts_on_top:  # under the veil: a message must not hide a dialog's buttons
                self._draw_toasts(surf, self.stack[index - 1] if index > 0 else None)
            D.veil(surf)
        scene.draw(surf)
        # Widgets shown, hidden or killed since the last update must not linger in this picture.
        group = getattr(self.manager, "ui_group", None)
        if group is not None and getattr(group, "should_update_visibility", False):
            group.should_update_visibility = False
            group.update_visibility()
        self.manager.draw_ui(surf)

    # --- the loop ---------------------------------------------------------------------------------

    def busy(self) -> bool:
        """Whether the next frames must be drawn even without new input."""
        now = self.clock_now()
        if self.dirty or self._pending_size is not None:
            return True
        if now - self.last_input < WARM_SECONDS:
            return True
        if self.toasts:
            return True
        top = self.top
        if top is not None and top.animating():
            return True
        if self.hover_key is not None and now - self.hover_since < TOOLTIP_DELAY + 0.1:
            return True
        focus = self.manager.get_focus_set()
        if focus and any(isinstance(e, pygame_gui.elements.UITextEntryLine) for e in focus):
            return True
        return False

    def run(self) -> int:
        clock = pygame.time.Clock()
        self.step([], 0.0, force=True)
        while self.running:
            if self.busy():
                dt = clock.tick(60) / 1000.0
                events = pygame.event.get()
            else:
                first = pygame.event.wait(500)
                events = ([first] if first.type != pygame.NOEVENT else []) + pygame.event.get()
                dt = min(0.1, clock.tick() / 1000.0)
            self.step(events, dt)
        return self.exit_code

    def step(self, events: Iterable[pygame.event.Event], dt: float = 1 / 60, force: bool = False) -> bool:
        """Handle events, advance time, and draw if anything changed; True if a frame was drawn."""
        while T.file_problems:   # a map or font file that could not be used: said once, the window goes on
            self.toast(T.file_problems.pop(0), "warn", 8.0)
        for e in events:
            self.handle(e)
            if not self.running:
                return False
        if self._pending_size is not None:
            self.window = pygame.display.get_surface() or self.window
            self._pending_size = None
            if not self.fullscreen and (self.window.get_size()[0] < MIN_SIZE[0]
                                        or self.window.get_size()[1] < MIN_SIZE[1]):
                # dragged smaller than the layouts hold: back to the smallest size they do
                self.window = self._open_window(self.window.get_size())
            if self.window.get_size() != self.size:
                if not self.fullscreen:
                    self.settings.window = self.window.get_size()
                    self.settings.save()
                self.relayout()
        self.update(dt)
        if force or self.busy():
            self.draw_frame()
            self.dirty = False
            return True
        return False

    def handle(self, e: pygame.event.Event) -> None:
        top = self.top
        if e.type == pygame.QUIT:
            self.quit()
            return
        if e.type in (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED):
            self._pending_size = self.window.get_size()
            return
        if e.type in (pygame.WINDOWEXPOSED, pygame.WINDOWFOCUSGAINED, pygame.WINDOWRESTORED):
            self.invalidate()
            return
        if e.type in INPUT_EVENTS:
            self.last_input = self.clock_now()
            if hasattr(e, "pos"):
                self.mouse = e.pos
        if e.type == pygame.KEYDOWN:
            if e.key == pygame.K_F11:
                self.set_window(fullscreen=not self.fullscreen)
                return
            if e.key in (pygame.K_TAB, pygame.K_UP, pygame.K_DOWN, pygame.K_LEFT, pygame.K_RIGHT):
                self.show_focus = True
        if e.type == pygame.MOUSEBUTTONDOWN:
            self.show_focus = False
            self.pressing = True
        if e.type == pygame.MOUSEBUTTONUP:
            self.pressing = False
        if top is None:
            return
        if e.type in (pygame.KEYDOWN, pygame.MOUSEBUTTONDOWN) and top.animating():
            top.skip_animation()
        consumed = self.manager.process_events(e)
        if self.top is not top:  # a pygame_gui callback changed the scene
            return
        if not consumed:
            top.handle_event(e)

    def update(self, dt: float) -> None:
        now = self.clock_now()
        self.manager.update(dt)
        session = self._playing()
        # The full forecast replaces a quick one drawn on an earlier frame (first, so that a change
        # made this frame shows its quick forecast before the full one is computed).
        if session is not None and session.refine_forecast():
            self.invalidate()
        if session is not None and not self.pressing and session.sync():   # a class's news waits for a click to end
            self.class_changed(session)
        top = self.top
        if top is not None:
            top.update(dt)
            t = top.target_at(self.mouse)
            key = t.key if t is not None else None
            if key != self.hover_key:
                self.hover_key = key
                self.hover_since = now
            self._read_tooltip(t, now)
        self.toasts = [t for t in self.toasts if t.until > now]
        if session is not None:
            session.save_drafts(now=None)   # chosen cards not yet in the autosave (toggled under a second ago)
            problem = session.take_save_problem()
            if problem:
                self.toast(problem, "bad", 12.0)

    def _name_the_game(self) -> None:
        """Tell the theme the names of the game on the stack (English sentences, short forms)."""
        session = self._playing()
        self.theme.names = session.game.names if session is not None else None

    def _playing(self):
        """The play session of the game on the stack, if any."""
        return next((s.session for s in self.stack if getattr(s, "session", None) is not None), None)

    def draw_frame(self) -> None:
        self.theme.seen.clear()
        self._name_the_game()
        surf = self.window
        if self.stack:
            self._compose(surf, len(self.stack) - 1, toasts=True)
            self.top.draw_focus(surf)
            self._draw_tooltip(surf)
        else:
            surf.fill(T.BG)
        if self.top is None or not self.top.modal:
            self._draw_toasts(surf)
        elif self.top.toasts_on_top:  # a menu whose own actions report back ("Saved to ...")
            self._draw_toasts(surf, self.top)
        if not self.headless:
            pygame.display.flip()
        self.frames += 1

    def _read_tooltip(self, target, now: float) -> None:
        """Ask the target under the mouse for its tooltip once the mouse has rested on it (once
        per target: a screen laid out again makes new targets, which are asked again)."""
        if target is None or target.key != self.hover_key or now - self.hover_since < TOOLTIP_DELAY:
            self.tip = self.tip_of = None
        elif target is not self.tip_of:
            self.tip, self.tip_of = tip_of(target), target

    def _draw_tooltip(self, surf: pygame.Surface) -> None:
        self.tooltip_rect = None
        t = self.top.target_at(self.mouse)
        if self.tip is None or t is None or t is not self.tip_of:
            return
        self.tooltip_rect = draw_tooltip(surf, self.theme, self.tip, self.mouse, t.rect)

    def toast(self, text: str, kind: str = "info", seconds: float = 3.0) -> None:
        colour = {"info": T.INFO, "good": T.GOOD, "bad": T.BAD, "warn": T.WARN}.get(kind, T.INFO)
        self.toasts = [t for t in self.toasts if t.text != text][-(MAX_TOASTS - 1):]
        self.toasts.append(Toast(text, colour, self.clock_now() + seconds))
        self.invalidate()

    def _draw_toasts(self, surf: pygame.Surface, scene=None) -> None:
        """Messages stacked from the scene's toast anchor: upwards from a bottom anchor (the
        default, above the buttons along the foot), downwards from a top one."""
        th = self.theme
        scene = scene if scene is not None else self.top
        x, y, downwards = scene.toast_anchor() if scene is not None else (
            self.size[0] // 2, self.size[1] - th.px(84), False)
        for t in (self.toasts if downwards else reversed(self.toasts)):
            w = min(self.size[0] - th.px(80), th.size(t.text, "body_bold")[0] + th.px(48))
            r = pygame.Rect(0, 0, w, th.line_height("body_bold") + th.px(16))
            if downwards:
                r.midtop = (x, y)
            else:
                r.midbottom = (x, y)
            r.clamp_ip(surf.get_rect())
            D.shadow(surf, r, th, 6)
            pygame.draw.rect(surf, T.BG_DEEP, r, border_radius=th.px(T.RADIUS))
            pygame.draw.rect(surf, t.colour, r, width=max(1, th.px(1)), border_radius=th.px(T.RADIUS))
            pygame.draw.circle(surf, t.colour, (r.x + th.px(16), r.centery), th.px(4))
            D.text(surf, th, t.text, (r.x + th.px(28), r.centery), "body_bold", T.INK, "left", "middle",
                   max_width=r.w - th.px(36))
            y = r.bottom + th.px(8) if downwards else r.y - th.px(8)

    def quit(self) -> None:
        if self.hotseat is not None:
            self.hotseat.close()   # kept as it is; the same command resumes it
        for s in self.stack:
            session = getattr(s, "session", None)
            if session is not None:
                session.close()
                if not session.over:
                    session.autosave()
                break
        self.running = False

    # --- scenarios and sessions -------------------------------------------------------------------

    def catalogue(self) -> list[ScenarioEntry]:
        """Every scenario the player may pick: shipped, in the user folder, and opened by path."""
        paths: list[Path] = list(shipped_scenarios()) + user_scenarios()
        for p in self.extra_scenarios:
            if p.is_file():
                paths.append(p)
        out, seen = [], set()
        for p in paths:
            key = p.resolve()
            if key in seen:
                continue
            seen.add(key)
            out.append(self.entry(key))
        return out

    def entry(self, path: Path) -> ScenarioEntry:
        path = Path(path).resolve()
        try:
            mtime = path.stat().st_mtime
        except OSError:
            mtime = -1.0
        cached = self._catalogue.get(path)
        if cached is not None and cached.mtime == mtime:
            return cached
        try:
            loaded, problems = check_scenario(path)
            e = ScenarioEntry(path, loaded, problems, None, mtime)
        except OSError as exc:
            e = ScenarioEntry(path, None, [], f"{path}: cannot read: {exc.strerror or exc}", mtime)
        except Exception as exc:  # a loader bug must not take the window down
            e = ScenarioEntry(path, None, [], f"{path}: cannot load: {exc}", mtime)
        self._catalogue[path] = e
        return e

    def open_scenario(self, name: str) -> ScenarioEntry | None:
        """A scenario named on the command line: a path, or a shipped id or stem."""
        p = Path(name)
        if p.suffix in (".yaml", ".yml") or p.exists():
            if not p.is_file():
                return None
            e = self.entry(p)
            if p.resolve() not in [x.resolve() for x in self.extra_scenarios]:
                self.extra_scenarios.append(p.resolve())
            return e
        for e in self.catalogue():
            if e.path.stem == name or e.id == name:
                return e
        return None

    def known_scenario(self, scenario_id: str) -> LoadedScenario:
        """The checked scenario of the catalogue with this id, to read from (not to play: that is
        `find_scenario`). Raises LookupError."""
        for e in self.catalogue():
            if e.ok and (e.id == scenario_id or e.path.stem == scenario_id):
                return e.scenario
        raise LookupError(scenario_id)

    def shown_scenario(self, loaded: LoadedScenario | None, fictional: bool | None = None) -> LoadedScenario | None:
        """`loaded` as the player should read it: with fictional names when they are on (the
        setting, or `fictional`). Only for showing: games start from the real one."""
        fict = self.settings.fictional if fictional is None else fictional
        if loaded is None or not fict:
            return loaded
        hit = self._shown.get(id(loaded))
        if hit is None or hit[0] is not loaded:
            from game.scenario.fictional import fictionalize

            hit = (loaded, fictionalize(loaded))
            self._shown[id(loaded)] = hit
        return hit[1]

    def entry_title(self, entry: ScenarioEntry, fictional: bool | None = None) -> str:
        shown = self.shown_scenario(entry.scenario, fictional)
        return shown.model.meta.title if shown is not None else entry.title

    def describe_save(self, path: Path) -> dict | None:
        """A save as the title and load screens show it, finished games included; with the
        scenario's title ("title") and the players' state names ("names") for the player to read
        (fictional when the save's game or the setting uses them)."""
        from game.session import describe_save

        info = describe_save(Path(path), self.known_scenario)
        if info is None:
            return None
        try:
            known = self.known_scenario(info["scenario"])
        except LookupError:
            known = None
        fict = self.settings.fictional or info["fictional"]
        shown = self.shown_scenario(known, fict)
        if shown is not None:
            names = {st.id: st.name for st in shown.model.states}
            info["title"] = shown.model.meta.title
            info["names"] = [names.get(h, h) for h in info["humans"]]
        else:
            info["title"] = info["scenario"].replace("_", " ").title()
            info["names"] = [h.upper() for h in info["humans"]]
        return info

    def find_scenario(self, scenario_id: str) -> LoadedScenario:
        """For loading saves: the installed scenario with this id. Raises LookupError, and then
        the engine reopens the scenario file the save names (a scenario opened by path)."""
        from game.scenario import load_scenario

        for e in self.catalogue():
            if e.ok and (e.id == scenario_id or e.path.stem == scenario_id):
                return load_scenario(e.path)
        raise LookupError(scenario_id)

    def start_game(self, entry: ScenarioEntry, state: str, seed: int, difficulty: str,
                   fictional: bool | None = None) -> PlaySession:

        fict = self.settings.fictional if fictional is None else fictional
        self.hotseat = None
        session = PlaySession.new(entry.scenario, state, seed, difficulty, fict)
        session.autosave()
        self.push(self.scene("briefing", session))
        return session

    def open_session(self, session: PlaySession) -> None:
        """Show a game in progress: the main screen over the title (or the end screen)."""
        scenes = [self.scene("title")]
        if session.over:
            scenes.append(self.scene("end", session))
        else:
            scenes.append(self.scene("main", session))
        self.reset(scenes)

    def load_session(self, path: Path | str) -> bool:
        """Load a save and show it; on failure say why and stay put."""
        from game.engine import SaveError

        try:
            session = PlaySession.load(path, self.find_scenario)
        except SaveError as exc:
            self.push(self.scene("message", "This save cannot be loaded", str(exc), kind="bad"))
            return False
        except Exception as exc:  # anything else in a damaged file: report, never crash
            self.push(self.scene("message", "This save cannot be loaded", f"{path}: {exc}", kind="bad"))
            return False
        leaving = self._playing()
        same = leaving is not None and not leaving.remote and (leaving.game.turn, leaving.game.order_log) == (
            session.game.turn, session.game.order_log)
        if leaving is not None and leaving.remote:   # a hosted class goes on without this window
            leaving.close()
        elif leaving is not None and not leaving.over and not same:  # as in the terminal: the game left is kept
            try:
                kept = keep_game(leaving.game, leaving.drafts())
                self.toast(f"The game you left (turn {leaving.game.turn}) is kept as {kept.name}", "info", 6)
            except OSError as exc:  # never load over a game that could not be kept
                self.push(self.scene("message", "This save was not loaded",
                                        f"The game you are playing could not be kept in "
                                        f"{exc.filename or saves_dir()} ({exc.strerror or exc}). Save it "
                                        "from the menu under another name first, then load.", kind="bad"))
                return False
        self.hotseat = None
        self.open_session(session)
        if session.game.load_note:
            self.toast(session.game.load_note, "info", 6)
        if session.over:
            self.toast(f"Loaded: {session.obs.state_name}, finished ({session.verdict()})", "good")
        else:
            self.toast(f"Loaded: {session.obs.state_name}, turn {session.obs.turn}", "good")
        return True

    # --- hot seat: a class at one keyboard ----------------------------------------------------------

    def open_class(self, path: Path | str) -> bool:
        """Play the class file at `path` hot seat (its session kept beside it, as `greatgame host`
        keeps it, and resumed from there); on a problem, say what and stay put."""
        from game.classroom.classfile import check_class, session_folder
        from game.classroom.classroom import ClassError
        from game.classroom.hotseat import HotSeat

        path = Path(path)
        if not path.is_file():
            self.push(self.scene("message", "No such class file", f"{path}: no such file. Write one with "
                                    f"`greatgame class new {path.name}`.", kind="bad"))
            return False
        try:
            loaded, problems = check_class(path)
        except OSError as exc:
            self.push(self.scene("message", "This class file cannot be read", f"{path}: {exc.strerror or exc}",
                                    kind="bad"))
            return False
        if loaded is None:
            self.push(self.scene("message", "This class file has mistakes",
                                    "\n".join(str(d) for d in problems[:8]) + f"\n\nCheck it with "
                                    f"`greatgame class check {path}`.", kind="bad"))
            return False
        try:
            hotseat, resumed = HotSeat.open(loaded, session_folder(path))
        except (ClassError, OSError) as exc:
            self.push(self.scene("message", "This class cannot be opened", str(exc), kind="bad"))
            return False
        self.hotseat = hotseat
        self.pass_keyboard()
        if resumed:
            self.toast(f"Resuming the class '{hotseat.title}'", "info", 4)
        return True

    def pass_keyboard(self) -> None:
        """The screen that hands the keyboard to the next team, or the class's end."""
        hs = self.hotseat
        seat = hs.next() if hs is not None else None
        if seat is None:
            self.hotseat = None
            self.reset([self.scene("title")])
            if hs is not None:
                hs.close()
                if hs.ended_early():
                    self.push(self.scene("message", "This class has ended",
                                            f"The instructor ended '{hs.title}' before its games were over. The "
                                            f"debrief: greatgame report {hs.room.loaded.path}", kind="warn"))
                else:
                    self.push(self.scene("message", "The class is over",
                                            f"Every game of '{hs.title}' is over and every team has seen how it "
                                            f"ended. The debrief: greatgame report {hs.room.loaded.path}", kind="good"))
            return
        hs.hand(seat)
        self.reset([self.scene("title"), self.scene("pass", hs, seat)])

    def take_seat(self, seat) -> None:
        """A team sits down: its last report if it has not read it, then its turn (or its end)."""
        first = self.hotseat.first_sight(seat)
        session, unread = self.hotseat.take(seat)
        self.open_session(session)
        if unread is not None:
            self.push(self.scene("report", session, unread, after_turn=True))
        elif first:   # the team's first turn: its state's briefing first

            self.push(self.scene("briefing", session))

    def send_orders(self, session) -> bool:
        """End a team's turn at the hot seat: its orders go in, the keyboard passes on."""
        from game.classroom.classroom import ClassError

        team = self.hotseat.team_of(session)
        turn = session.game.turn
        try:
            self.hotseat.send(session)
        except ClassError as exc:
            self.toast(str(exc), "bad", 4)
            return False
        self.pass_keyboard()
        resolved = session.game.turn != turn or session.over
        self.toast(f"{team}'s orders are in" + ("; its game's turn is resolved." if resolved else "."), "good", 3)
        return True

    def leave_end(self, session) -> None:
        """A team leaves its end screen at the hot seat: the keyboard passes on."""
        self.hotseat.done(session)
        self.pass_keyboard()

    # --- a hosted class, joined from this machine (greatgame join) ------------------------------------

    def open_remote(self, session) -> None:
        """Show a team's game in a hosted class: its turn (with the briefing on the first turn) or
        its end; the session listens for the class from now on."""
        self.hotseat = None
        self.remote_at = self._remote_point(session)
        self.remote_lost = None
        self.remote_messages = {(m.get("at"), m.get("text")) for m in session.data.get("messages") or []
                                if isinstance(m, dict)}   # those sent before it joined are on its page
        self.open_session(session)
        if session.game.turn == 1 and not session.over:
            self.push(self.scene("briefing", session))
        session.listen()
        self.toast(f"Joined '{session.data['class']}' as {session.team}", "good", 4)

    def who(self, session) -> str:
        """Whose game this is: the state, and in a class the team that governs it."""
        team = self.hotseat.team_of(session) if self.hotseat is not None else session.team if session.remote else None
        state = session.obs.state_name
        if not team:
            return state
        return team if state.lower() in team.lower() else f"{team} · {state}"

    def class_changed(self, session) -> None:
        """The class moved on without this window (another team sent, the instructor acted): say
        what the team must know, and show the turn's report once it resolves."""
        self.invalidate()
        if session.lost != self.remote_lost:
            self.remote_lost = session.lost
            self.toast(session.lost or "Back in touch with the class.", "bad" if session.lost else "good", 8)
        for m in self._new_messages(session.data.get("messages") or []):
            self.toast(f"From the instructor: {m.get('text', '')}", "info", 10)
        if session.returned:   # an instructor's inject changed the turn after the team sent
            session.returned = False
            self.toast("The instructor changed this turn: your orders are back with you. Look again, then "
                       "end the turn to send them.", "warn", 10)
        at = self._remote_point(session)
        if at == self.remote_at:
            return
        resolved = at[0] != self.remote_at[0]
        self.remote_at = at
        if resolved:   # a turn resolved: its report, over the next turn (or, read, the end)
            self.open_session(session)
            self.push(self.scene("report", session, session.last_report, after_turn=True))
        elif session.over:   # the instructor ended the class
            self.reset([self.scene("title"), self.scene("end", session)])

    @staticmethod
    def _remote_point(session) -> tuple[int, bool]:
        """Where a joined class stands for this window: the last report's turn, and whether it is over."""
        report = session.last_report
        return (report.turn if report is not None else 0, session.over)

    def _new_messages(self, messages: list) -> list[dict]:
        """The instructor's messages not yet shown in this window."""
        seen = self.remote_messages
        fresh = [m for m in messages if isinstance(m, dict) and (m.get("at"), m.get("text")) not in seen]
        seen.update((m.get("at"), m.get("text")) for m in fresh)
        return fresh

    def continue_game(self) -> bool:
        if not autosave_path().is_file():
            self.toast("There is no autosave yet: start a new game.", "warn")
            return False
        return self.load_session(autosave_path())

    def open_from_args(self, args) -> None:
        """Put up the first screens for `greatgame play` options (title when there are none)."""
        self.reset([self.scene("title")])
        if args is None:
            return
        if getattr(args, "load", None):
            self.load_session(args.load)
            return
        if getattr(args, "class_file", None):
            self.open_class(args.class_file)
            return
        if getattr(args, "remote", None) is not None:   # greatgame join
            self.open_remote(args.remote)
            return
        name = getattr(args, "scenario", None)
        if not name:
            return
        entry = self.open_scenario(name)
        if entry is None:
            self.push(self.scene("message", "No such scenario",
                                    f"There is no scenario '{name}'. Give a scenario file or one of: "
                                    + (", ".join(e.id for e in self.catalogue()) or "none installed") + ".",
                                    kind="bad"))
            return
        if not entry.ok:
            self.push(self.scene("problems", entry))
            return
        state = getattr(args, "state", None)
        seed = getattr(args, "seed", None)
        difficulty = getattr(args, "difficulty", None) or "normal"
        fictional = True if getattr(args, "fictional", False) else None
        playable = [st.id for st in entry.scenario.model.states if st.playable]
        if state in playable:
            self.start_game(entry, state, seed if seed is not None else random_seed(), difficulty, fictional)
            return
        scene = self.scene("new_game", entry=entry, seed=seed, difficulty=difficulty, fictional=fictional)
        self.push(scene)
        if state is not None:
            self.toast(f"'{state}' is not playable here; choose from {', '.join(playable)}", "warn", 5)

    # --- tests and tools --------------------------------------------------------------------------

    def visible_text(self) -> list[str]:
        """What the player can read now (after the last frame)."""
        out = [s for s, _ in self.theme.seen]
        if self.top is not None:
            out += [b.text for b in self.top.buttons if b.visible]
        out += [t.text for t in self.toasts]
        return out

    def screenshot(self, path: Path | str) -> None:
        self.draw_frame()
        pygame.image.save(self.window, str(path))


def random_seed() -> int:
    return random.SystemRandom().randrange(1, 1_000_000)


def place_tooltip(size: tuple[int, int], window: tuple[int, int], mouse: tuple[int, int],
                  target: pygame.Rect | None, gap: int) -> pygame.Rect:
    """Where a tooltip of `size` goes: inside the window and clear of the hovered control, under it
    by preference (lined up with the mouse), else above it, else beside it. A control too big
    for any of those (a whole panel) gets the tooltip by the mouse, but never over the mouse."""
    w, h = size
    sw, sh = window
    screen = pygame.Rect(4, 4, sw - 8, sh - 8)
    mx, my = mouse
    if target is not None and target.w > 0 and target.h > 0:
        t = pygame.Rect(target)
        xs = max(screen.x, min(mx - gap, screen.right - w))
        ys = max(screen.y, min(my - h // 2, screen.bottom - h))
        cands = [pygame.Rect(xs, t.bottom + gap, w, h), pygame.Rect(xs, t.y - gap - h, w, h),
                 pygame.Rect(t.right + gap, ys, w, h), pygame.Rect(t.x - gap - w, ys, w, h)]
        for r in cands:
            if screen.contains(r) and not r.colliderect(t):
                return r
    # by the mouse: below and to the right, else flipped to whichever side has room
    x, y = mx + gap, my + gap + gap // 4
    if x + w > screen.right:
        x = mx - w - gap
    if y + h > screen.bottom:
        y = my - h - gap
    r = pygame.Rect(x, y, w, h)
    r.clamp_ip(screen)
    return r


def draw_tooltip(surf: pygame.Surface, th: T.Theme, tip, mouse: tuple[int, int],
                 target: pygame.Rect | None = None) -> pygame.Rect:
    """A box of lines by the hovered control `target` (never over it), kept inside the window;
    returns where it went."""
    if isinstance(tip, str):
        lines = [(tip, "small", T.INK)]
    else:
        lines = list(tip)
    pad = th.px(10)
    room = surf.get_height() - 8 - 2 * pad
    for width in (th.px(340), min(th.px(560), surf.get_width() - 8)):  # wider when too tall
        rows: list[tuple[str, str, tuple]] = []
        for s, role, colour in lines:
            for ln in D.wrap(th, s, role, width - 2 * pad) if s else [""]:
                rows.append((ln, role, colour))
        if sum(th.line_height(r) for _, r, _ in rows) <= room:
            break
    # Still too tall for the window (a large UI scale): cut it, and say so, rather than run off it.
    if sum(th.line_height(r) for _, r, _ in rows) > room:
        note = ("… (more than fits this window)", "small", T.INK_FAINT)
        while len(rows) > 1 and sum(th.line_height(r) for _, r, _ in rows) + th.line_height("small") > room:
            rows.pop()
        rows.append(note)
    h = sum(th.line_height(r) for _, r, _ in rows) + 2 * pad
    w = min(width, max(th.size(s, r)[0] for s, r, _ in rows) + 2 * pad) if rows else width
    r = place_tooltip((w, h), surf.get_size(), mouse, target, th.px(8))
    D.shadow(surf, r, th, 8)
    pygame.draw.rect(surf, T.BG_DEEP, r, border_radius=th.px(4))
    pygame.draw.rect(surf, T.ACCENT_DARK, r, width=1, border_radius=th.px(4))
    yy = r.y + pad
    for s, role, colour in rows:
        D.text(surf, th, s, (r.x + pad, yy), role, colour)
        yy += th.line_height(role)
    return r


def _icon() -> pygame.Surface:
    s = pygame.Surface((32, 32), pygame.SRCALPHA)
    pygame.draw.polygon(s, T.ACCENT, [(16, 2), (30, 16), (16, 30), (2, 16)])
    pygame.draw.polygon(s, T.BG_DEEP, [(16, 9), (23, 16), (16, 23), (9, 16)])
    return s


def run_desktop(args) -> int:
    """Open the window and play; returns the exit code (0, or 2 when no window can be opened)."""
    try:
        app = App()
    except pygame.error as exc:
        print(f"greatgame: cannot open a window ({exc}). Play in the terminal instead: "
              "greatgame play --text", file=sys.stderr)
        return 2
    try:
        app.open_from_args(args)
        return app.run()
    finally:
        pygame.quit()
