"""The main screen: the map, the powers, the state's indicators, the value chain, the action cards,
the preview of the chosen orders and the end-turn button.

Keys: Enter ends the turn, Esc opens the menu, 1-9 pick the cards on the page, PageUp/PageDown
turn the page, H history, R last report, Tab and arrows move the focus, Space activates it.
"""
from __future__ import annotations

import pygame

from game.engine import OrdersError

from .. import draw as D
from .. import panels as P
from .. import theme as T
from ..mapview import (Highlight, MapView, load_map, match_states, place_label, places, route_indicators,
                       shown_corridors)
from ..words import cause_lines, plural
from .base import Scene

ANIM_SECONDS = 0.8


NO_FORECAST = "No forecast in this class: the instructor keeps it from the teams."

DIGITS = {**{getattr(pygame, f"K_{d}"): str(d) for d in range(10)},
          **{getattr(pygame, f"K_KP{d}"): str(d) for d in range(10)}}
NUMBER_PAUSE = 0.7
"""Seconds the window waits for a second digit when the first could begin a longer number."""


class MainScene(Scene):
    name = "main"

    def __init__(self, app, session):
        super().__init__(app)
        self.session = session
        self.page = 0
        self.category: str | None = None
        self.seen_version = session.version
        self.typed = ""          # digits of an action's number typed so far
        self.typed_wait = 0.0    # seconds left to type the next one
        self.seen_turn = session.game.turn
        self.auto_opened: set[str] = set()   # questions already put in front of the player
        self.anim_t = 1.0
        self.anim_from: dict[str, float] = {}
        self.ind_scroll = 0
        self.card_rects: list = []

    # --- layout -----------------------------------------------------------------------------------

    def layout(self) -> None:
        px = self.px
        w, h = self.size
        s = self.session
        g = s.game
        obs = s.obs
        gap = px(10)
        self.top = pygame.Rect(0, 0, w, px(56))
        y0, y1 = self.top.bottom + gap, h - gap
        lw = max(px(300), min(int(w * 0.26), px(460)))
        rw = max(px(300), min(int(w * 0.25), px(460)))
        self.left = pygame.Rect(gap, y0, lw - gap, y1 - y0)
        self.right = pygame.Rect(w - rw, y0, rw - gap, y1 - y0)
        cx = self.left.right + gap
        cw = self.right.x - gap - cx
        card_h = px(108)
        cards_h = px(70) + 2 * card_h + px(8) + px(10)
        map_h = max(px(160), (y1 - y0) - cards_h - gap)
        self.map_rect = pygame.Rect(cx, y0, cw, map_h)
        self.cards_rect = pygame.Rect(cx, self.map_rect.bottom + gap, cw, y1 - self.map_rect.bottom - gap)
        # the news of the turn in a strip above the map, never over its names
        self.news_rect = None
        self.view_rect = self.map_rect
        if obs.news:
            nh = px(8) + self.th.line_height("tiny_bold") + min(2, len(obs.news)) * self.th.line_height("tiny") + px(6)
            self.news_rect = pygame.Rect(cx, y0, cw, nh)
            self.view_rect = pygame.Rect(cx, y0 + nh, cw, map_h - nh)
            self.spot(self.news_rect, "news", self.read_news, [("This turn (click to read in full)", "body_bold", T.ACCENT)]
                      + [("• " + n, "small", T.INK) for n in obs.news], focus=True)
        # the value chain sits under the indicators, stages top to bottom
        n_st = max(1, len(obs.chain))
        self.stage_h = P.stage_height(self.th)
        chain_h = px(30) + n_st * self.stage_h + (n_st - 1) * px(4) + px(10)
        self.chain_rect = pygame.Rect(self.left.x, self.left.bottom - chain_h, self.left.w, chain_h)
        self.left = pygame.Rect(self.left.x, self.left.y, self.left.w, self.left.h - chain_h - gap)
        # map
        states = [g.state_info(sid) for sid in g.state_ids]
        isos = match_states([(st.id, st.name) for st in states], s.info.map)
        self.isos = isos
        hl = {isos[st.id]: Highlight(T.hex_colour(st.color), st.id == s.state) for st in states if st.id in isos}
        names = {isos[st.id]: st.name for st in states if st.id in isos}
        self._warning_spot()
        # the map fits above the warning banner, so the banner never hides a label
        map_rect = self.view_rect.copy()
        if self.warn_rect is not None:
            map_rect.h = max(px(60), self.warn_rect.y - px(4) - map_rect.y)
        self.map = MapView(self.th, map_rect, hl, names)
        # only what the scenario's `map:` declares: the routes its indicators measure, its deposits
        self.corridors = route_indicators(s.info.map, obs.indicators + obs.world)
        self.shown_corridors = shown_corridors(self.corridors)
        self.deposits = places(s.info.map)
        self._map_spots()
        # top bar buttons
        bh = px(36)
        bx = w - gap
        for label, fn, tip, key, enabled in (
                ("Menu", self.open_menu, "Save, load, settings, quit. Key: Esc", "menu", True),
                ("Advice", self.open_advice, "What the adviser recommends this turn, and why. Key: A"
                 if s.advice_allowed else "Not in this class: the instructor keeps the adviser from the teams.",
                 "advice", not s.over and s.advice_allowed),
                ("History", self.open_history, "Charts of every indicator over the game. Key: H", "history", True),
                ("Report", self.open_report, "The last turn's report. Key: R", "report", bool(g.reports))):
            bw = self.th.size(label, "body_bold")[0] + px(32)
            bx -= bw
            self.button(pygame.Rect(bx, (self.top.h - bh) // 2, bw, bh), label, fn, tip, enabled=enabled, key=key)
            bx -= px(8)
        self.top_buttons_x = bx
        # end turn, then the powers (each with its open offers) above the preview
        eb = px(52)
        self.end_rect = pygame.Rect(self.right.x, self.right.bottom - eb, self.right.w, eb)
        self._power_spots(gap, eb)
        pending = s.pending()
        if s.over:
            label, tip = "See the results", "The game is over."
        elif s.sent:   # a hosted class: the orders wait for the other teams', and may be taken back
            waiting = s.waiting_for
            label = "Take back orders"
            tip = ("Your orders are sent. " + (f"Waiting for {', '.join(waiting)}." if waiting else
                                               "The turn resolves as soon as the instructor moves on.")
                   + " Take them back to change them before the turn resolves.")
        elif pending:
            label = f"Answer {plural(len(pending), 'decision')}"
            tip = "Decisions must be answered before the turn can end."
        else:
            label, tip = "End turn", "Commit these orders; the powers reply. Key: Enter"
            if s.warnings():
                tip = ([(tip, "small", T.INK)] + [("⚠ " + m, "small", T.WARN) for m in s.warnings()])
        self.button(self.end_rect, label, self.end_turn, tip, style="primary", key="end_turn")
        self.preview_rect = pygame.Rect(self.right.x, self.powers_rect.bottom + gap, self.right.w,
                                        self.end_rect.y - gap - self.powers_rect.bottom - gap)
        self.spot(self.preview_rect, "preview", None,
                  lambda: P.preview_tip(self.session, self.session.preview) if self.session.forecast_allowed
                  else [(NO_FORECAST, "small", T.INK)], focus=False)
        # the score: hover for how it is made, click for the full card
        right = self._stats_right()
        score_w = max(self.th.size(f"{D.number(obs.score, 1)}", "small_bold")[0], self.th.size("SCORE", "tiny_bold")[0])
        self.spot(pygame.Rect(right - score_w - px(4), px(4), score_w + px(8), self.top.h - px(8)), "score",
                  self.open_score, self._score_tip)
        # decisions banner in the top bar: to answer, and once answered to look again or change
        self.banner_rect = None
        text = self.banner_text()
        if text:
            room = self.top_buttons_x - self._stats_right() - px(16)
            bw = min(self.th.size(text, "small_bold")[0] + px(28), max(px(120), room))
            self.banner_rect = pygame.Rect(self.top_buttons_x - bw, (self.top.h - px(32)) // 2, bw, px(32))
            self.spot(self.banner_rect, "banner", self.open_decision, self.banner_tip)
        # indicators (scrolling list)
        self._indicator_spots()
        # value chain
        self.chain_unit = obs.chain[0].unit if obs.chain else ""
        inner = pygame.Rect(self.chain_rect.x + px(8), self.chain_rect.y + px(28), self.chain_rect.w - px(16),
                            self.chain_rect.h - px(34))
        self.chain_inner = inner
        for i, st in enumerate(obs.chain):
            r = pygame.Rect(inner.x, inner.y + i * (self.stage_h + px(4)), inner.w, self.stage_h)
            self.spot(r, f"stage:{st.id}", None, lambda st=st: self._stage_tip(st), focus=False)
        # cards
        self._card_spots()

    def _stats_right(self) -> int:
        """Where the top bar's name, turn, capital, budget and score end (as _draw_top lays them)."""
        th, px = self.th, self.px
        s = self.session
        obs = s.obs
        x = px(16) + px(20) + th.size(self.who(), "heading")[0] + px(16)
        x += th.size(self.turn_text(), "body")[0] + px(28)
        x += max(th.size("CAPITAL", "tiny_bold")[0], obs.capital * px(14)) + px(20)
        _, money_left = s.budget_left()
        txt = f"{D.number(obs.money, 1)} {obs.money_unit}".strip() + (f" → {D.number(money_left, 1)}" if abs(money_left - obs.money) > 1e-9
                                                             else "")
        x += max(th.size(txt, "small_bold")[0], th.size("BUDGET", "tiny_bold")[0]) + px(20)
        return x + max(th.size(f"{D.number(obs.score, 1)}", "small_bold")[0], th.size("SCORE", "tiny_bold")[0])

    def _power_spots(self, gap: int, end_h: int) -> None:
        """The powers' panel: one card per power, each with its open offers under it, as much
        detail on the offers as fits above a usable preview."""
        px, th = self.px, self.th
        s = self.session
        powers = s.obs.powers
        title = th.line_height("tiny_bold") + px(8)
        w = self.right.w - px(16)
        room = self.right.h - end_h - 2 * gap - max(px(190), int(self.right.h * 0.3))  # the forecast keeps room
        detail = 0
        for d in P.OFFER_DETAIL:
            detail = d
            total = title + px(14) + sum(P.power_card_height(th, p, w, d) + px(6) for p in powers)
            if total <= room:
                break
        self.offer_detail = detail
        y = self.right.y + px(12) + title
        self.power_rects = []
        for p in powers:
            h = P.power_card_height(th, p, w, detail)
            r = pygame.Rect(self.right.x + px(8), y, w, h)
            self.spot(r, f"power:{p.id}", None, lambda p=p: P.power_tip(self.session, p), focus=False)
            offers = []  # after the power's own spot, so that they take the mouse over it
            oy = r.y + P.power_base_height(th, p, detail) - px(P.POWER_PAD) + px(2)
            for o in p.offers:
                oh = P.offer_height(th, o, w - px(22), detail)
                orect = pygame.Rect(r.x + px(12), oy, w - px(22), oh)
                offers.append((orect, o))
                self.spot(orect, f"offer:{o.action}", lambda aid=o.action: self.toggle(aid),
                          lambda p=p, o=o: P.offer_tip(self.session, p, o, self._offer_blocked(o.action)))
                oy += oh
            self.power_rects.append((r, p, offers))
            y += h + px(6)
        if not powers:  # a scenario without outside powers: one line says so
            y += th.line_height("small") + px(6)
        self.powers_rect = pygame.Rect(self.right.x, self.right.y, self.right.w, y - self.right.y + px(8))

    def _offer_blocked(self, action_id: str) -> str | None:
        """Why an offer cannot be accepted now (None if it can, or is already chosen)."""
        o = next((o for o in self.session.options if o.id == action_id), None)
        if o is None:
            return "That offer is no longer open."
        return None if o.id in self.session.chosen else (o.reason if not o.available else self._blocked(o))

    def _warning_spot(self) -> None:
        """The threats of this turn, across the foot of the map where they cannot be missed."""
        px = self.px
        warnings = self.session.warnings()
        self.warn_rect = None
        if not warnings:
            return
        w = self.view_rect.w - px(16)
        h = min(P.warnings_height(self.th, warnings, w), self.view_rect.h // 2)
        self.warn_rect = pygame.Rect(self.view_rect.x + px(8), self.view_rect.bottom - px(8) - h, w, h)
        self.spot(self.warn_rect, "warnings", None,
                  [("Before you end the turn", "body_bold", T.BAD)] + [("⚠ " + m, "small", T.WARN) for m in warnings]
                  + [("Hover a power for its ladder, or an indicator for what moved it.", "tiny", T.INK_FAINT)],
                  focus=False)

    def _indicator_spots(self) -> None:
        """The indicators, a row each: a name too long for its column takes the smaller type, and if
        still too long two lines (never cut). The list scrolls when the rows outgrow the panel."""
        px, th = self.px, self.th
        obs = self.session.obs
        r = self.left
        self.row_h = px(24)
        title_h = th.line_height("tiny_bold") + px(10)
        self.ind_list = pygame.Rect(r.x + px(6), r.y + px(12) + title_h, r.w - px(12), r.h - px(18) - title_h)
        name_w = P.indicator_name_width(th, self.ind_list.w)
        face = P.indicator_names_role(th, [ind.name for ind in obs.indicators + obs.world], name_w)
        self.ind_rows = []
        y = 0
        for i, ind in enumerate(obs.indicators + obs.world):
            if i == len(obs.indicators) and obs.world:
                y += px(4)
                self.world_header_y = y
                y += th.line_height("tiny_bold") + px(4)
            lines, role = P.indicator_name_lines(th, ind.name, name_w, face)
            h = self.row_h if len(lines) == 1 else max(self.row_h, len(lines) * th.line_height(role) + px(4))
            self.ind_rows.append((y, h, ind, lines, role))
            y += h
        if not obs.world:
            self.world_header_y = None
        self.ind_scroll_max = max(0, y - self.ind_list.h)
        self.ind_scroll = min(self.ind_scroll, self.ind_scroll_max)
        for yy, h, ind, _, _ in self.ind_rows:
            rr = pygame.Rect(self.ind_list.x, self.ind_list.y + yy - self.ind_scroll, self.ind_list.w, h)
            if rr.y < self.ind_list.y - 2 or rr.bottom > self.ind_list.bottom + 2:
                continue
            self.spot(rr, f"ind:{ind.id}", lambda ind=ind: self.open_why(ind.id),
                      lambda ind=ind: self._indicator_tip(ind))

    def focusables(self):
        """Tab goes region by region, in the order of a turn: the top bar, the action cards (tabs,
        pages, cards), the right column (powers, forecast, End turn), then the indicators and the
        value chain on the left; within a region, in reading order."""
        regions = [self.top, self.cards_rect, self.right, self.left, self.chain_rect]

        def region(t) -> int:
            c = t.rect.center
            return next((i for i, r in enumerate(regions) if r.collidepoint(c)), len(regions))

        return sorted(super().focusables(), key=region)  # a stable sort keeps the reading order

    def categories(self) -> list[str]:
        cats: list[str] = []
        for o in self.session.options:
            if o.category not in cats:
                cats.append(o.category)
        return cats

    def visible_options(self):
        """The cards of the chosen category: open offers first (they lapse), then what can be taken
        this turn, then what cannot (done, closed, or waiting for something). Availability is the
        turn's own, not the budget left, so cards do not move while the player chooses."""
        opts = self.session.options
        if self.category is not None:
            opts = [o for o in opts if o.category == self.category]
        return sorted(opts, key=lambda o: (o.offered_by is None, not o.available))

    def _card_spots(self) -> None:
        px = self.px
        r = self.cards_rect
        cats = self.categories()
        if self.category not in cats:
            self.category = None
        opts = self.visible_options()
        # category tabs, on as many rows as they need (at a large UI scale, two or three), so that
        # every category stays in reach
        self.tabs_y = r.y + px(36)
        tab_rows = 0
        if len(cats) > 1:
            labels = [("All", None)] + [(c.capitalize(), c) for c in cats]
            widths = [self.th.size(lbl, "small_bold")[0] + px(22) for lbl, _ in labels]
            tx, ty, tab_rows = r.x + px(10), self.tabs_y, 1
            for (lbl, cat), wdt in zip(labels, widths):
                if tx + wdt > r.right - px(10) and tx > r.x + px(10):
                    tx, ty, tab_rows = r.x + px(10), ty + px(30), tab_rows + 1
                n = len([o for o in self.session.options if cat is None or o.category == cat])
                self.button(pygame.Rect(tx, ty, wdt, px(26)), lbl, lambda c=cat: self.pick_category(c),
                            f"{plural(n, 'action')}" + (" in all categories" if cat is None else ""),
                            style="chip_on" if cat == self.category else "chip", key=f"tab:{lbl}")
                tx += wdt + px(6)
        head = px(70) + px(30) * (tab_rows - 1) if tab_rows else px(44)
        area = pygame.Rect(r.x + px(10), r.y + head, r.w - px(20), r.h - head - px(10))
        min_w = px(190)
        cols = max(1, (area.w + px(8)) // (min_w + px(8)))
        rows = max(1, (area.h + px(8)) // (px(100) + px(8)))
        card_h = min(px(150), (area.h - (rows - 1) * px(8)) // rows)
        per_page = max(1, min(9, cols * rows))
        self.per_page = per_page
        self.pages = max(1, -(-len(opts) // per_page))
        self.page = min(self.page, self.pages - 1)
        cw = (area.w - (cols - 1) * px(8)) // cols
        self.card_rects = []
        start = self.page * per_page
        for i, o in enumerate(opts[start:start + per_page]):
            c, rr = i % cols, i // cols
            rect = pygame.Rect(area.x + c * (cw + px(8)), area.y + rr * (card_h + px(8)), cw, card_h)
            # each card carries its action's number, the same all game and in the terminal: typing it picks the card
            self.card_rects.append((rect, o, o.number))
            self.spot(rect, f"card:{o.id}", lambda aid=o.id: self.toggle(aid),
                      lambda o=o: P.card_tip(self.session, o, self._blocked(o)))
        # header controls
        bh = px(28)
        bx = r.right - px(10)
        if self.pages > 1:
            for label, delta, key in (("›", 1, "next_page"), ("‹", -1, "prev_page")):
                bx -= px(34)
                self.button(pygame.Rect(bx, r.y + px(8), px(30), bh), label, lambda d=delta: self.flip(d),
                            "More actions (PageUp / PageDown)", style="chip", key=key)
            bx -= px(60)
            self.page_label_x = bx + px(54)
        bx -= px(70)
        self.button(pygame.Rect(bx, r.y + px(8), px(64), bh), "Clear", self.clear, "Drop every chosen action",
                    style="chip", enabled=bool(self.session.chosen) and not self.session.sent, key="clear")
        self.cards_header_right = bx - px(10)

    def _map_spots(self) -> None:
        px = self.px
        inside = self.map.rect
        self.deposit_rects = []
        for d in self.deposits:
            x, y = self.map.project(d["lon"], d["lat"])
            r = pygame.Rect(0, 0, px(16), px(16))
            r.center = (x, y)
            if inside.contains(r):
                self.deposit_rects.append(r)
                self.spot(r, f"deposit:{d['name']}", None,
                          [(d["name"], "body_bold", T.ACCENT_HI), (d.get("note", ""), "small", T.INK_DIM)], focus=False)
        for c in self.shown_corridors:
            pts = [self.map.project(lon, lat) for lon, lat in c["path"]]
            mid = pts[len(pts) // 2]
            r = pygame.Rect(0, 0, px(18), px(18))
            r.center = mid
            if inside.contains(r):
                self.spot(r, f"corridor:{c['id']}", None, lambda c=c: self._corridor_tip(c), focus=False)
        # capitals' names beside their dots, clear of the deposits and of each other
        self.capital_labels = []
        if self.session.game.fictional:
            return
        caps = [(self.map.project(cap["lon"], cap["lat"]), cap["name"]) for cap in load_map().get("capitals", [])]
        taken = list(self.deposit_rects) + [pygame.Rect(x - px(4), y - px(4), px(8), px(8)) for (x, y), _ in caps]
        for (x, y), name in caps:
            r = place_label(self.th.size(name, "tiny"), (x, y), px(6), taken, inside)
            self.capital_labels.append(((x, y), name, r))
            if r is not None:
                taken.append(r)

    # --- tooltips ---------------------------------------------------------------------------------

    def _indicator_tip(self, ind) -> list:
        s = self.session
        out = [(f"{ind.name}: {D.value_text(ind.value, ind.unit, ind.decimals)}", "body_bold", T.INK)]
        if ind.description:
            out.append((ind.description, "small", T.INK_DIM))
        rng = f"Range {ind.min:g} to {ind.max:g}"
        rng += {"up": "; higher is better", "down": "; lower is better"}.get(ind.good, "")
        out.append((rng, "tiny", T.INK_FAINT))
        last, now = s.explain(ind)
        if last:
            out.append((f"Why it moved last turn ({s.game.date_label(s.game.turn - 1)}):", "small_bold", T.ACCENT))
            out += cause_lines(s, ind.id, last)
        elif s.game.turn > 1:
            out.append(("It did not move last turn.", "small", T.INK_FAINT))
        if now:
            out.append(("Already this turn:", "small_bold", T.ACCENT))
            out += cause_lines(s, ind.id, now)
        if not last and not now and s.game.turn == 1:
            out.append(("Nothing has moved yet.", "small", T.INK_FAINT))
        out.append(("Click for its history and every cause.", "tiny", T.INK_FAINT))
        return out

    def _stage_tip(self, st) -> list:
        out = [(st.name, "body_bold", T.INK),
               (f"Capacity {st.capacity:.1f} {self.chain_unit}, output {st.output:.1f} {self.chain_unit}. Output is "
                "limited by the stage before it.", "small", T.INK_DIM)]
        for pj in st.projects:
            out.append((f"⚒ {pj.name}: {pj.when()} (started turn {pj.started})", "small",
                        T.ACCENT_HI))
        for c in st.coming:
            out.append(("Coming: " + c.text(), "small", T.ACCENT_HI))
        if not st.projects and not st.coming:
            out.append(("No project under way for this stage.", "small", T.INK_FAINT))
        return out

    def _corridor_tip(self, c) -> list:
        out = [(c["name"], "body_bold", T.hex_colour(c.get("color", "#cccccc")))]
        ind = self.corridors.get(c["id"])
        if ind is not None:
            out.append((f"{ind.name}: {D.value_text(ind.value, ind.unit, ind.decimals)}", "small", T.INK))
            if ind.description:
                out.append((ind.description, "small", T.INK_DIM))
        else:
            out.append(("A transport route out of Central Asia.", "small", T.INK_DIM))
        return out

    def _blocked(self, o) -> str | None:
        if o.id in self.session.chosen or not o.available:
            return None
        return self.session.why_not(o.id)

    # --- actions ----------------------------------------------------------------------------------

    def type_number(self, digit: str) -> None:
        """A digit of an action's number: the card is picked as soon as no longer number starts
        with the digits typed, else after a short pause (1, then 2 at once, is 12)."""
        numbers = {o.number: o for o in self.session.options}
        typed = self.typed + digit
        if not any(str(n).startswith(typed) for n in numbers):
            self.typed, self.typed_wait = "", 0.0
            self.app.toast(f"No action has the number {typed}.", "bad", 2)
            return
        if int(typed) in numbers and not any(str(n).startswith(typed) and str(n) != typed for n in numbers):
            self.typed, self.typed_wait = "", 0.0
            self.pick_number(int(typed))
            return
        self.typed, self.typed_wait = typed, NUMBER_PAUSE

    def pick_number(self, number: int) -> None:
        """Choose or drop the card with this number, showing it first (its category, its page)."""
        o = next((o for o in self.session.options if o.number == number), None)
        if o is None:
            return
        if o not in self.visible_options():
            self.category = None
        i = self.visible_options().index(o)
        if i // max(1, self.per_page) != self.page:
            self.page = i // max(1, self.per_page)
        self.focus_key = f"card:{o.id}"
        self.toggle(o.id)

    def toggle(self, action_id: str) -> None:
        changed, msg = self.session.toggle(action_id)
        if not changed:
            self.app.toast(msg, "bad")
        self.refresh()

    def clear(self) -> None:
        self.session.clear()
        self.refresh()

    def pick_category(self, cat: str | None) -> None:
        self.category = cat
        self.page = 0
        self.refresh()

    def flip(self, delta: int) -> None:
        self.page = (self.page + delta) % max(1, self.pages)
        self.refresh()

    def open_menu(self) -> None:
        self.app.push(self.app.scene("pause", self.session))

    def open_history(self) -> None:
        self.app.push(self.app.scene("history", self.session))

    def open_report(self) -> None:
        rep = self.session.last_report
        if rep is None:
            self.app.toast("No turn has been resolved yet.", "warn")
            return
        self.app.push(self.app.scene("report", self.session, rep))

    def open_advice(self) -> None:
        """The adviser's recommendation (it plays the turn out on copies first) in a dialog that can
        put its orders on the table."""
        s = self.session
        if not s.advice_allowed:
            return
        if s.over:
            return
        advice = s.advice()

        def use() -> None:
            self.app.toast(s.take_advice(), "good", 4)
            self.refresh()

        self.app.push(self.app.scene("confirm", "The adviser recommends", advice.why, "Use these orders", use,
                                    "Close", detail="You can change them afterwards; nothing is sent until you "
                                    "end the turn.", kind="info"))

    def _score_tip(self) -> list:
        card = self.session.score_card()
        out = [(f"Score {D.number(card.total, 2)}", "body_bold", T.INK), (card.lines()[0], "small", T.INK_DIM)]
        for a in card.axes:
            last = f" · {D.number(a.last, 1)} last turn" if a.last is not None else ""
            out.append((f"{a.name}: {D.number(a.now, 1)} a turn now{last} · {D.number(a.counts, 2)} so far",
                        "small", T.INK))
        out.append(("Click for what raises each axis.", "tiny", T.INK_FAINT))
        return out

    def open_score(self) -> None:
        card = self.session.score_card()
        self.app.push(self.app.scene("message", f"Your score: {D.number(card.total, 2)}", "\n\n".join(card.lines())))

    def open_why(self, ident: str) -> None:
        self.app.push(self.app.scene("why", self.session, ident))

    def banner_text(self) -> str:
        """The top bar's decisions banner: what awaits an answer, or the answers given (which may
        still change until the turn ends); empty when the turn asks nothing."""
        s = self.session
        decisions = s.decisions()
        if not decisions:
            return ""
        pending = s.pending()
        if pending:
            return f"⚠ {pending[0].title}: decide" + (f" (+{len(pending) - 1})" if len(pending) > 1 else "")
        labels = [s.answer_label(d) or "?" for d in decisions]
        return f"✓ {'; '.join(labels)} · change"

    def banner_tip(self) -> list:
        s = self.session
        out = []
        if s.pending():
            out.append(("A decision awaits your answer before the turn can end. Click to answer. Key: D",
                        "small", T.INK))
        else:
            out.append(("Your answers this turn: click to look again or change one before you end the turn. Key: D",
                        "small", T.INK))
        for d in s.decisions():
            label = s.answer_label(d)
            out.append((f"{d.title}: {label}" if label else f"{d.title}: not answered yet", "small",
                        T.INK_DIM if label else T.WARN))
        return out

    def open_decision(self, decision_id: str | None = None) -> None:
        """Open the first unanswered decision, else the first one (to review or change its answer)."""
        s = self.session
        decisions = s.decisions()
        if not decisions:
            return
        pending = s.pending()
        current = next((d for d in decisions if d.id == decision_id), None) or (pending or decisions)[0]
        self.app.push(self.app.scene("decision", s, current, on_done=self._after_answer, decisions=decisions))

    def _after_answer(self) -> None:
        if self.session.pending() and self.app.top is self:
            self.open_decision()

    def who(self) -> str:
        return self.app.who(self.session)

    def turn_text(self) -> str:
        """The turn and its date, and in a hosted class the turn's clock ("4:32 left", "paused")."""
        obs = self.session.obs
        clock = self.session.clock()
        return f"Turn {obs.turn} of {obs.turns} · {obs.date}" + (f" · {clock}" if clock else "")

    def toast_anchor(self) -> tuple[int, int, bool]:
        """Messages drop from the top of the map, clear of the cards and the end-turn button."""
        return self.view_rect.centerx, self.view_rect.y + self.px(10), True

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
            self.app.push(self.app.scene(
                "confirm", "Capital left unspent",
                f"You still have {left} political capital. End the turn anyway?",
                "End turn", lambda: self.end_turn(confirmed=True), "Keep planning",
                detail="Unspent capital does not carry over to the next turn."
                + (" At one keyboard orders cannot be taken back: click End turn to send them." if self.app.hotseat
                   else ""), careful=self.app.hotseat is not None))
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
        self.app.push(self.app.scene("report", s, report, after_turn=True))

    # --- scene hooks ------------------------------------------------------------------------------

    def on_enter(self) -> None:
        self._maybe_open_decision()

    def on_uncover(self) -> None:
        if self.session.game.turn != self.seen_turn:
            self._start_animation()
            self.seen_turn = self.session.game.turn
            self.page = 0
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

    def shown(self, key: str, value: float) -> float:
        if self.anim_t >= 1.0 or key not in self.anim_from:
            return value
        a = self.anim_from[key]
        return a + (value - a) * P.ease(self.anim_t)

    def update(self, dt: float) -> None:
        if self.typed:   # a number typed so far, that a longer one could still extend
            self.typed_wait -= dt
            if self.typed_wait <= 0:
                typed, self.typed = self.typed, ""
                if any(o.number == int(typed) for o in self.session.options):
                    self.pick_number(int(typed))
                else:
                    self.app.toast(f"No action has the number {typed}.", "bad", 2)
        if self.anim_t < 1.0:
            self.anim_t = min(1.0, self.anim_t + dt / ANIM_SECONDS)
        if self.session.version != self.seen_version:
            self.seen_version = self.session.version
            self.refresh()
            self._maybe_open_decision()   # a question the class added this turn (an instructor's inject)

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
        digit = DIGITS.get(k)
        if digit is not None:
            self.type_number(digit)
            return True
        if k in (pygame.K_PAGEDOWN, pygame.K_RIGHTBRACKET):
            self.flip(1)
            return True
        if k in (pygame.K_PAGEUP, pygame.K_LEFTBRACKET):
            self.flip(-1)
            return True
        if k == pygame.K_h:
            self.open_history()
            return True
        if k == pygame.K_a:
            self.open_advice()
            return True
        if k == pygame.K_r:
            self.open_report()
            return True
        if k == pygame.K_d and self.session.decisions():
            self.open_decision()
            return True
        return super().on_key(event)

    def on_wheel(self, dy: int) -> bool:
        mx, my = self.app.mouse
        if self.left.collidepoint(mx, my) and self.ind_scroll_max > 0:
            self.ind_scroll = max(0, min(self.ind_scroll_max, self.ind_scroll - dy * self.row_h))
            self.refresh()
            return True
        if self.cards_rect.collidepoint(mx, my) and self.pages > 1:
            self.flip(-1 if dy > 0 else 1)
            return True
        return False

    def on_focus(self, target) -> None:
        key = target.key
        if key.startswith("ind:"):
            return
        if key.startswith("card:"):
            return

    # --- drawing ----------------------------------------------------------------------------------

    def draw_scene(self, surf: pygame.Surface) -> None:
        surf.fill(T.BG)
        self._draw_top(surf)
        self._draw_indicators(surf)
        self._draw_map(surf)
        self._draw_chain(surf)
        self._draw_cards(surf)
        self._draw_powers(surf)
        self._draw_preview(surf)

    def _draw_top(self, surf) -> None:
        th, px = self.th, self.px
        s = self.session
        obs = s.obs
        pygame.draw.rect(surf, T.BG_DEEP, self.top)
        pygame.draw.line(surf, T.PANEL_LINE, (0, self.top.bottom - 1), (self.top.right, self.top.bottom - 1))
        st = s.game.state_info(s.state)
        x = px(16)
        pygame.draw.circle(surf, T.hex_colour(st.color), (x + px(6), self.top.centery), px(7))
        r = D.text(surf, th, self.who(), (x + px(20), self.top.centery), "heading", T.INK, "left", "middle")
        r = D.text(surf, th, self.turn_text(), (r.right + px(16), self.top.centery),
                   "body", T.INK_DIM, "left", "middle")
        x = r.right + px(28)
        cap_left, money_left = s.budget_left()
        D.text(surf, th, "CAPITAL", (x, self.top.centery - px(9)), "tiny_bold", T.INK_FAINT, "left", "middle")
        D.pips(surf, th, x, self.top.centery + px(2), max(0, cap_left), obs.capital, T.ACCENT, size=px(11),
               shape="diamond")
        x += max(th.size("CAPITAL", "tiny_bold")[0], obs.capital * px(14)) + px(20)
        D.text(surf, th, "BUDGET", (x, self.top.centery - px(9)), "tiny_bold", T.INK_FAINT, "left", "middle")
        money = self.shown("money", obs.money)
        txt = f"{D.number(money, 1)} {obs.money_unit}".strip()
        if abs(money_left - obs.money) > 1e-9:
            txt += f" → {D.number(money_left, 1)}"
        r = D.text(surf, th, txt, (x, self.top.centery + px(8)), "small_bold",
                   T.BAD if money_left < 0 else T.INK, "left", "middle")
        x = max(r.right, x + th.size("BUDGET", "tiny_bold")[0]) + px(20)
        D.text(surf, th, "SCORE", (x, self.top.centery - px(9)), "tiny_bold", T.INK_FAINT, "left", "middle")
        D.text(surf, th, f"{D.number(obs.score, 1)}", (x, self.top.centery + px(8)), "small_bold", T.INK, "left", "middle")
        if self.banner_rect is not None:
            br = self.banner_rect
            open_ = bool(s.pending())
            hover = self.app.hover_key == "banner"
            edge = T.WARN if open_ else T.ACCENT_DARK
            fill = T.mix(T.PANEL_HI, edge, (0.3 if open_ else 0.12) + (0.1 if hover else 0.0))
            pygame.draw.rect(surf, fill, br, border_radius=br.h // 2)
            pygame.draw.rect(surf, edge, br, width=1, border_radius=br.h // 2)
            D.text(surf, th, self.banner_text(), br.center, "small_bold", T.INK if open_ else T.INK_DIM, "center",
                   "middle", max_width=br.w - px(16))

    def _draw_indicators(self, surf) -> None:
        th, px = self.th, self.px
        s = self.session
        D.panel(surf, th, self.left, f"{s.obs.state_name} · indicators")
        clip = surf.get_clip()
        surf.set_clip(self.ind_list)
        flash = 1.0 - self.anim_t if self.anim_t < 1 else 0.0
        focus = self.focus_key if self.app.show_focus else None
        hover = self.app.hover_key
        for yy, h, ind, lines, role in self.ind_rows:
            r = pygame.Rect(self.ind_list.x, self.ind_list.y + yy - self.ind_scroll, self.ind_list.w, h)
            if r.y < self.ind_list.y - 2 or r.bottom > self.ind_list.bottom + 2:
                continue  # only whole rows: never a name cut through
            key = f"ind:{ind.id}"
            P.indicator_row(surf, th, r, ind, self.shown(key, ind.value), key in (focus, hover), flash, lines, role)
        if self.world_header_y is not None:
            wy = self.ind_list.y + self.world_header_y - self.ind_scroll
            if self.ind_list.y <= wy and wy + th.line_height("tiny_bold") <= self.ind_list.bottom:
                D.text(surf, th, "WORLD", (self.ind_list.x + px(4), wy), "tiny_bold", T.ACCENT)
        surf.set_clip(clip)
        if self.ind_scroll_max:
            D.more_marks(surf, th, self.ind_list, self.ind_scroll > 0, self.ind_scroll < self.ind_scroll_max)

    def _draw_map(self, surf) -> None:
        th, px = self.th, self.px
        self.map.draw_base(surf)
        clip = surf.get_clip()
        surf.set_clip(self.map.rect)
        top_val = max([ind.value for ind in self.corridors.values()] + [1e-9])
        for c in self.shown_corridors:
            pts = [self.map.project(lon, lat) for lon, lat in c["path"]]
            colour = T.hex_colour(c.get("color", "#cccccc"))
            ind = self.corridors.get(c["id"])
            width = px(2.5)
            if ind is not None:
                width = px(2) + int(px(4) * max(0.0, self.shown(f"ind:{ind.id}", ind.value)) / top_val)
            if c.get("dashed"):
                for a, b in zip(pts, pts[1:]):
                    _dashed(surf, colour, a, b, max(1, width - 1), px(7))
            else:
                pygame.draw.lines(surf, T.mix(colour, T.BG_DEEP, 0.5), False, pts, width + px(2))
                pygame.draw.lines(surf, colour, False, pts, width)
        real = not self.session.game.fictional
        for (x, y), name, r in self.capital_labels:
            pygame.draw.circle(surf, T.BG_DEEP, (x, y), px(4))
            pygame.draw.circle(surf, T.INK, (x, y), px(3))
            if r is not None:
                D.text(surf, th, name, r.topleft, "tiny", T.mix(T.INK, T.INK_DIM, 0.5))
        for d in self.deposits:
            x, y = self.map.project(d["lon"], d["lat"])
            hsz = px(6)
            colour = T.ACCENT_HI if d.get("kind") != "plant" else T.INFO
            pygame.draw.polygon(surf, T.BG_DEEP, [(x, y - hsz - 2), (x + hsz + 2, y), (x, y + hsz + 2), (x - hsz - 2, y)])
            pygame.draw.polygon(surf, colour, [(x, y - hsz), (x + hsz, y), (x, y + hsz), (x - hsz, y)])
        self.map.draw_labels(surf, neighbours=real)
        for c in self.shown_corridors:
            if "label_at" not in c:
                continue
            ind = self.corridors.get(c["id"])
            name = c["name"] if real else (ind.name if ind is not None else "")
            if not name:
                continue
            label = name if ind is None else f"{name} {D.value_text(ind.value, ind.unit, ind.decimals)}"
            x, y = self.map.project(*c["label_at"])
            _halo(surf, th, label, (x, y), T.mix(T.hex_colour(c.get("color", "#ccc")), T.INK, 0.35))
        surf.set_clip(self.view_rect)   # the banner sits under the map, in the same panel
        if self.warn_rect is not None:
            P.warnings_box(surf, th, self.warn_rect, self.session.warnings())
        surf.set_clip(clip)
        if self.news_rect is not None:
            self._draw_news(surf)
        pygame.draw.rect(surf, T.PANEL_LINE, self.map_rect, width=1, border_radius=px(4))

    def read_news(self) -> None:
        """The turn's news in full, in a dialog (the strip shows a line of each)."""
        news = self.session.obs.news
        self.app.push(self.app.scene("message", f"This turn · {self.session.obs.date}",
                                    "\n\n".join("• " + n for n in news)))

    def _draw_news(self, surf) -> None:
        """The strip above the map: the turn's news, a line each (hover for all of it)."""
        th, px = self.th, self.px
        box = self.news_rect
        pygame.draw.rect(surf, T.BG_DEEP, box, border_top_left_radius=px(4), border_top_right_radius=px(4))
        pygame.draw.line(surf, T.PANEL_LINE, (box.x, box.bottom - 1), (box.right, box.bottom - 1))
        news = list(self.session.obs.news)
        y = box.y + px(5)
        r = D.text(surf, th, "THIS TURN", (box.x + px(10), y), "tiny_bold", T.ACCENT)
        if len(news) > 2:
            D.text(surf, th, f"+{len(news) - 2} more: click to read", (box.right - px(10), y), "tiny", T.INK_FAINT,
                   "right")
        y = r.bottom + px(1)
        for n in news[:2]:
            D.text(surf, th, "• " + n, (box.x + px(10), y), "tiny", T.INK, max_width=box.w - px(20))
            y += th.line_height("tiny")

    def _draw_chain(self, surf) -> None:
        th = self.th
        D.panel(surf, th, self.chain_rect, None)
        D.text(surf, th, "VALUE CHAIN", (self.chain_rect.x + self.px(12), self.chain_rect.y + self.px(10)), "tiny_bold",
               T.ACCENT)
        P.chain_column(surf, th, self.chain_inner, self.session.obs.chain, self.stage_h,
                       self.chain_unit, self.app.hover_key, self.shown)

    def _draw_cards(self, surf) -> None:
        th, px = self.th, self.px
        s = self.session
        r = self.cards_rect
        D.panel(surf, th, r, None)
        cap_left, money_left = s.budget_left()
        D.text(surf, th, "ACTIONS", (r.x + px(12), r.y + px(9)), "tiny_bold", T.ACCENT)
        if self.category is not None:
            D.text(surf, th, "· " + self.category.upper(), (r.x + px(12) + th.size("ACTIONS ", "tiny_bold")[0], r.y + px(9)),
                   "tiny_bold", T.INK_DIM)
        chosen = len(s.chosen)
        msg = (f"{chosen} chosen · {cap_left} capital and {D.number(money_left, 1)} {s.money_unit} left".strip()
               if chosen else "Choose with a click or type a card's number · "
                              f"{cap_left} capital, {D.number(money_left, 1)} {s.money_unit} to spend".strip())
        D.text(surf, th, msg, (r.x + px(12), r.y + px(22)), "tiny", T.INK_DIM,
               max_width=self.cards_header_right - r.x - px(20))
        if self.pages > 1:
            D.text(surf, th, f"{self.page + 1}/{self.pages}", (self.page_label_x, r.y + px(22)), "tiny_bold", T.INK_DIM,
                   "right", "middle")
        focus = self.focus_key if self.app.show_focus else None
        hover = self.app.hover_key
        for rect, o, number in self.card_rects:
            key = f"card:{o.id}"
            is_chosen = o.id in s.chosen
            blocked = None if is_chosen or not o.available else s.why_not(o.id)
            pv = s.power(o.offered_by or o.with_power)
            power_colour = T.hex_colour(pv.color) if pv else None
            found = s.offer(o.id) if o.offered_by else None
            P.card(surf, th, rect, s, o, number, is_chosen, blocked, key in (focus, hover), power_colour,
                   found[1] if found else None)
        if not self.card_rects:
            D.text(surf, th, "No actions are open to you this turn.", (r.x + px(12), r.y + px(48)), "small", T.INK_DIM)

    def _draw_powers(self, surf) -> None:
        th = self.th
        s = self.session
        inner = D.panel(surf, th, self.powers_rect, "The powers")
        if not self.power_rects:
            D.text(surf, th, "No outside powers in this scenario.", (inner.x, inner.y), "small", T.INK_FAINT,
                   max_width=inner.w)
        hover = self.app.hover_key
        focus = self.focus_key if self.app.show_focus else None
        for r, p, offers in self.power_rects:
            rel = self.shown(f"power:{p.id}", p.relation)
            P.power_card(surf, th, r, p, rel, s.ladder_rungs(p.id), hover == f"power:{p.id}", self.offer_detail,
                         s.preview.pressure_of(p.id) if s.forecast_allowed else None)
            for orect, o in offers:
                key = f"offer:{o.action}"
                P.offer_row(surf, th, orect, p, o, self.offer_detail, o.action in s.chosen,
                            self._offer_blocked(o.action), key in (hover, focus))

    def _draw_preview(self, surf) -> None:
        th = self.th
        s = self.session
        title = "Forecast of your orders" if s.chosen or s.answers else "Forecast of this turn"
        inner = D.panel(surf, th, self.preview_rect, title)
        if not s.forecast_allowed:
            for k, line in enumerate(D.wrap(th, NO_FORECAST, "small", inner.w)):
                D.text(surf, th, line, (inner.x, inner.y + k * th.line_height("small")), "small", T.INK_DIM)
            return
        clip = surf.get_clip()
        surf.set_clip(inner.inflate(2, 2))
        P.preview_panel(surf, th, inner, s, s.preview)
        surf.set_clip(clip)


def _halo(surf, th, s: str, pos, colour) -> None:
    img = th.render(s, "tiny_bold", T.BG_DEEP)
    for dx, dy in ((-1, 0), (1, 0), (0, -1), (0, 1), (1, 1), (-1, -1)):
        surf.blit(img, img.get_rect(center=(pos[0] + dx, pos[1] + dy)))
    D.text(surf, th, s, pos, "tiny_bold", colour, "center", "middle")


def _glass(surf, rect: pygame.Rect, radius: int) -> None:
    g = pygame.Surface(rect.size, pygame.SRCALPHA)
    pygame.draw.rect(g, (*T.BG_DEEP, 205), g.get_rect(), border_radius=radius)
    surf.blit(g, rect.topleft)
    pygame.draw.rect(surf, T.PANEL_LINE, rect, width=1, border_radius=radius)


def _dashed(surf, colour, a, b, width: int, dash: int) -> None:
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = max(1.0, (dx * dx + dy * dy) ** 0.5)
    n = int(length // dash)
    for i in range(0, n, 2):
        t0, t1 = i / n, min(1.0, (i + 1) / n)
        pygame.draw.line(surf, colour, (a[0] + dx * t0, a[1] + dy * t0), (a[0] + dx * t1, a[1] + dy * t1), width)
