"""The main screen: the panels of a turn (game.ui.panels), the screen divided among them, input
routed to them, and the play session they show. The top bar runs along the top; the indicators
and the value chain take the left column, the news, the map and the action cards the middle, the
powers and the forecast with the end-turn button the right.

Keys: Enter ends the turn, Esc opens the menu, digits type an action's number, PageUp/PageDown
turn the cards' page, N the turn's news, H history, R last report, A advice, D this turn's
decisions, Tab and arrows move the focus, Space activates it.
"""
from __future__ import annotations

import pygame

from game.engine import OrdersError

from .. import draw as D
from .. import theme as T
from ..panels.actions import ActionsPanel
from ..panels.base import Panel
from ..panels.chain import ChainPanel, chain_height
from ..panels.forecast import END_H, ForecastPanel
from ..panels.indicators import IndicatorsPanel
from ..panels.map import MapPanel
from ..panels.news import NewsPanel
from ..panels.powers import PowersPanel
from ..panels.topbar import TopBar, banner_text
from .base import Scene

ANIM_SECONDS = 0.8
BAR_H = 56                 # the top bar's height (at scale 1)
SIDE_MIN, SIDE_MAX = 300, 460   # the side columns' width (at scale 1), else a quarter of the window
MAP_MIN = 160              # the map and the news above it never get less
NEWS_SHARE = 0.35          # of the room above the cards, the most the news may take from the map
FORECAST_MIN = 190         # the forecast keeps at least this much of the right column (at scale 1)


class MainScene(Scene):
    name = "main"

    def __init__(self, app, session):
        super().__init__(app)
        self.session = session
        self.seen_version = session.version
        self.seen_turn = session.game.turn
        self.auto_opened: set[str] = set()   # questions already put in front of the player
        self.anim_t = 1.0
        self.anim_from: dict[str, float] = {}
        self.been_on_top = False   # whether a frame has passed with this screen on top
        self.top_bar = TopBar(self, {"menu": self.open_menu, "advice": self.open_advice,
                                     "history": self.open_history, "report": self.open_report,
                                     "decision": self.open_decision, "score": self.open_score})
        self.indicators = IndicatorsPanel(self)
        self.chain = ChainPanel(self)
        self.news = NewsPanel(self, self.read_news)
        self.map = MapPanel(self)
        self.actions = ActionsPanel(self)
        self.powers = PowersPanel(self)
        self.forecast = ForecastPanel(self, self.end_turn)

    @property
    def panels(self) -> list[Panel]:
        """The panels in the order Tab visits them, the order of a turn: the top bar, the action
        cards, the powers, the forecast and End turn, then the indicators, the value chain, the
        news and the map."""
        return [self.top_bar, self.actions, self.powers, self.forecast, self.indicators, self.chain, self.news,
                self.map]

    # --- dividing the screen ----------------------------------------------------------------------

    def layout(self) -> None:
        px, th = self.px, self.th
        w, h = self.size
        gap = px(T.GAP_S)
        top = pygame.Rect(0, 0, w, px(BAR_H))
        y0, y1 = top.bottom + gap, h - gap
        lw = max(px(SIDE_MIN), min(int(w * 0.26), px(SIDE_MAX)))
        rw = max(px(SIDE_MIN), min(int(w * 0.25), px(SIDE_MAX)))
        left = pygame.Rect(gap, y0, lw - gap, y1 - y0)
        right = pygame.Rect(w - rw, y0, rw - gap, y1 - y0)
        cx = left.right + gap
        cw = right.x - gap - cx
        # the middle: the news and the map over the action cards
        above = max(px(MAP_MIN), (y1 - y0) - self.actions.wanted_height(cw) - gap)
        news_h = self.news.wanted_height(cw, int(above * NEWS_SHARE))
        self.centre = pygame.Rect(cx, y0, cw, above)
        news = pygame.Rect(cx, y0, cw, news_h)
        map_rect = pygame.Rect(cx, y0 + news_h, cw, above - news_h)
        cards = pygame.Rect(cx, self.centre.bottom + gap, cw, y1 - self.centre.bottom - gap)
        # the left: the value chain at the foot, the indicators above it
        chain_h = chain_height(th, len(self.session.obs.chain))
        chain = pygame.Rect(left.x, left.bottom - chain_h, left.w, chain_h)
        indicators = pygame.Rect(left.x, left.y, left.w, left.h - chain_h - gap)
        # the right: the powers (each with its open offers) over the forecast and End turn
        keep = max(px(FORECAST_MIN), int(right.h * 0.3)) + px(END_H) + gap
        powers = pygame.Rect(right.x, right.y, right.w, self.powers.wanted_height(right.w, right.h - keep - gap))
        forecast = pygame.Rect(right.x, powers.bottom + gap, right.w, right.bottom - powers.bottom - gap)
        for panel, rect in ((self.top_bar, top), (self.indicators, indicators), (self.chain, chain),
                            (self.news, news), (self.map, map_rect), (self.actions, cards), (self.powers, powers),
                            (self.forecast, forecast)):
            panel.layout(rect)
        self.spots = [s for panel in self.panels for s in panel.spots]

    def draw_scene(self, surf: pygame.Surface) -> None:
        surf.fill(T.BG)
        for panel in (self.top_bar, self.indicators, self.chain, self.map, self.news, self.actions, self.powers,
                      self.forecast):
            panel.draw(surf)
        pygame.draw.rect(surf, T.PANEL_LINE, self.centre, width=1, border_radius=self.px(T.GAP_XS))

    # --- what the panels ask of the screen (game.ui.panels.base.Host) -------------------------------

    @property
    def theme(self) -> T.Theme:
        return self.th

    @property
    def flash(self) -> float:
        return 1.0 - self.anim_t if self.anim_t < 1 else 0.0

    def hovered(self, key: str) -> bool:
        return self.app.hover_key == key

    def lit(self, key: str) -> bool:
        return self.app.hover_key == key or (self.app.show_focus and self.focus_key == key)

    def shown(self, key: str, value: float) -> float:
        if self.anim_t >= 1.0 or key not in self.anim_from:
            return value
        a = self.anim_from[key]
        return a + (value - a) * ease(self.anim_t)

    def current_forecast(self):
        """The forecast of the orders as they stand, for the panels to show (None when the class
        keeps it from the teams). A class's comes from its server when first asked: it is asked
        only once this screen has been on top, so a screen built under another sends for none."""
        s = self.session
        if not s.forecast_allowed or (s.remote and not self.been_on_top):
            return None
        return s.preview

    def toast(self, text: str, kind: str = "info", seconds: float = 3.0) -> None:
        self.app.toast(text, kind, seconds)

    def open(self, name: str, *args, **kwargs) -> None:
        self.app.push(self.app.scene(name, *args, **kwargs))

    def focus(self, key: str) -> None:
        self.focus_key = key

    def toggle(self, action_id: str) -> None:
        changed, msg = self.session.toggle(action_id)
        if not changed:
            self.app.toast(msg, "bad")
        self.refresh()

    def who(self) -> str:
        return self.app.who(self.session)

    # --- routing input ----------------------------------------------------------------------------

    def focusables(self):
        """Tab goes panel by panel (see `panels`), and within a panel in reading order."""
        order = {id(t): i for i, panel in enumerate(self.panels) for t in panel.targets()}
        return sorted(super().focusables(), key=lambda t: order.get(id(t), len(order)))  # a stable sort

    def on_key(self, event) -> bool:
        k = event.key
        if k in (pygame.K_RETURN, pygame.K_KP_ENTER):
            if self.session.sent:   # taking sent orders back takes a click, never a stray Enter
                self.app.toast("Your orders are sent; click Take back orders to change them.", "info", 3)
                return True
            self.end_turn()
            return True
        if k == pygame.K_ESCAPE:
            self.open_menu()
            return True
        if any(panel.on_key(event) for panel in self.panels):   # digits, pages, the news
            return True
        commands = {pygame.K_h: self.open_history, pygame.K_a: self.open_advice, pygame.K_r: self.open_report}
        if k in commands:
            commands[k]()
            return True
        if k == pygame.K_d and self.session.decisions():
            self.open_decision()
            return True
        return super().on_key(event)

    def on_wheel(self, dy: int) -> bool:
        panel = next((p for p in self.panels if p.rect.collidepoint(self.app.mouse)), None)
        return panel.on_wheel(dy) if panel is not None else False

    def show(self, visible: bool) -> None:
        super().show(visible)
        if not visible:   # covered (a question, the menu): digits typed so far were not meant for it
            self.actions.forget_typing()

    @property
    def typed(self) -> str:
        """The digits of an action's number typed so far (a longer number could still follow)."""
        return self.actions.typed

    # --- commands ---------------------------------------------------------------------------------

    def open_menu(self) -> None:
        self.open("pause", self.session)

    def open_history(self) -> None:
        self.open("history", self.session)

    def open_report(self) -> None:
        rep = self.session.last_report
        if rep is None:
            self.app.toast("No turn has been resolved yet.", "warn")
            return
        self.open("report", self.session, rep)

    def read_news(self) -> None:
        """Every item of the turn's news, whole, in a dialog (key N, or a click on the strip)."""
        self.open("news", f"This turn · {self.session.obs.date}", list(self.session.obs.news))

    def open_advice(self) -> None:
        """The adviser's recommendation (it plays the turn out on copies first) in a dialog that can
        put its orders on the table."""
        s = self.session
        if not s.advice_allowed or s.over:
            return
        advice = s.advice()

        def use() -> None:
            self.app.toast(s.take_advice(), "good", 4)
            self.refresh()

        self.open("confirm", "The adviser recommends", advice.why, "Use these orders", use, "Close",
                  detail="You can change them afterwards; nothing is sent until you end the turn.", kind="info")

    def open_score(self) -> None:
        card = self.session.score_card()
        self.open("message", f"Your score: {D.number(card.total, 2)}", "\n\n".join(card.lines()))

    def banner_text(self) -> str:
        return banner_text(self.session)

    def open_decision(self, decision_id: str | None = None) -> None:
        """Open the first unanswered decision, else the first one (to review or change its answer)."""
        s = self.session
        decisions = s.decisions()
        if not decisions:
            return
        pending = s.pending()
        current = next((d for d in decisions if d.id == decision_id), None) or (pending or decisions)[0]
        self.open("decision", s, current, on_done=self._after_answer, decisions=decisions)

    def _after_answer(self) -> None:
        if self.session.pending() and self.app.top is self:
            self.open_decision()

    def toast_anchor(self) -> tuple[int, int, bool]:
        """Messages drop from the top of the map, clear of the cards and the end-turn button."""
        return self.map.rect.centerx, self.map.rect.y + self.px(T.GAP_S), True

    def end_turn(self, confirmed: bool = False) -> None:
        """End the turn (Enter). With political capital left unspent, ask first."""
        s = self.session
        if s.over:
            self.app.reset([self.app.stack[0], self.app.scene("end", s)])
            return
        if s.sent:
            try:
                s.take_back()
            except OrdersError as exc:
                self.app.toast(str(exc), "bad", 4)
                return
            self.app.toast("Orders taken back: change them, then end the turn again.", "info", 4)
            self.build()
            return
        if s.pending():
            self.open_decision()
            return
        problems = s.problems()
        if problems:
            self.app.toast(problems[0], "bad", 4)
            return
        left = s.preview.capital_left
        if left > 0 and not confirmed:
            self.open("confirm", "Capital left unspent", f"You still have {left} political capital. End the turn anyway?",
                      "End turn", lambda: self.end_turn(confirmed=True), "Keep planning",
                      detail="Unspent capital does not carry over to the next turn."
                      + (" At one keyboard orders cannot be taken back: click End turn to send them." if self.app.hotseat
                         else ""), careful=self.app.hotseat is not None)
            return
        if self.app.hotseat is not None:   # a class at one keyboard: the next team's turn
            self.app.send_orders(s)
            return
        turn = s.game.turn
        try:
            report = s.end_turn()
        except OrdersError as exc:
            self.app.toast(str(exc), "bad", 4)
            return
        if s.remote:   # the class resolves the turn when every team's orders are in
            waiting = s.waiting_for if s.game.turn == turn else []
            self.app.toast("Orders sent" + (f"; waiting for {', '.join(waiting)}." if waiting else
                                            "; the turn is resolved." if s.game.turn != turn else "."), "good", 4)
            self.build()
            return
        self.open("report", s, report, after_turn=True)

    # --- scene hooks ------------------------------------------------------------------------------

    def on_enter(self) -> None:
        self._maybe_open_decision()

    def on_uncover(self) -> None:
        if self.session.game.turn != self.seen_turn:
            self._start_animation()
            self.seen_turn = self.session.game.turn
            self.actions.page = 0
        self.seen_version = self.session.version
        self.build()
        if self.session.over:
            return
        self._maybe_open_decision()

    def _maybe_open_decision(self) -> None:
        s = self.session
        fresh = [d for d in s.pending() if d.id not in self.auto_opened]
        if fresh and not s.over and self.app.top is self:
            self.auto_opened.update(d.id for d in s.pending())
            self.open_decision(fresh[0].id)

    def _start_animation(self) -> None:
        prev = self.session.previous
        if prev is None:
            return
        self.anim_from = {}
        for ind in prev.indicators + prev.world:
            self.anim_from[f"ind:{ind.id}"] = ind.value
        for p in prev.powers:
            self.anim_from[f"power:{p.id}"] = p.relation
        for st in prev.chain:
            self.anim_from[f"stage:{st.id}"] = st.capacity
        self.anim_from["money"] = prev.money
        self.anim_t = 0.0

    def animating(self) -> bool:
        return self.anim_t < 1.0

    def skip_animation(self) -> None:
        self.anim_t = 1.0

    def update(self, dt: float) -> None:
        self.been_on_top = True
        for panel in self.panels:
            panel.update(dt)
        if self.anim_t < 1.0:
            self.anim_t = min(1.0, self.anim_t + dt / ANIM_SECONDS)
        s = self.session
        if s.version != self.seen_version:
            self.seen_version = s.version
            self.refresh()
            self._maybe_open_decision()   # a question the class added this turn (an instructor's inject)
        elif self.current_forecast() is not self.forecast.preview:
            # a fuller forecast came in place of the first: the panels that show it read it again
            self.forecast.read_forecast()
            self.powers.read_forecast()
            self.spots = [s for panel in self.panels for s in panel.spots]
            self.app.invalidate()


def ease(t: float) -> float:
    t = max(0.0, min(1.0, t))
    return 1 - (1 - t) ** 3
