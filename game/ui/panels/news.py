"""The news strip above the map: this turn's news, every item whole (wrapped over as many lines as
it takes), a page at a time when they do not all fit, with ‹ › to turn the pages (an item longer
than a page runs on to the next). A click on the strip, or the key N, opens every item of the
turn in a dialog."""
from __future__ import annotations

import pygame

from .. import draw as D
from .. import theme as T
from ..words import plural
from .base import Panel

ROLE = "tiny"          # the items' type in the strip
BULLET = "• "
LEAST_LINES = 2        # the strip always has room for this many lines of news


def lay_pages(th: T.Theme, news: list[str], width: int, most_lines: int) -> list[list[tuple[bool, list[str]]]]:
    """The items as pages of (whether it is an item's start, its wrapped lines), no page over
    `most_lines` lines: whole items where they fit, and an item longer than a page runs on over
    as many pages as it needs. Every word of every item is on some page."""
    indent = th.size(BULLET, ROLE)[0]
    most_lines = max(1, most_lines)
    pages: list[list[tuple[bool, list[str]]]] = [[]]
    used = 0
    for item in news:
        lines = D.wrap(th, item, ROLE, width - indent) or [""]
        if pages[-1] and used + len(lines) > most_lines:
            pages.append([])
            used = 0
        start = True
        while lines:
            if used == most_lines:
                pages.append([])
                used = 0
            part, lines = lines[:most_lines - used], lines[most_lines - used:]
            pages[-1].append((start, part))
            used += len(part)
            start = False
    return pages if pages[0] else []


class NewsPanel(Panel):
    def __init__(self, host, read_all):
        """`read_all`: opens every item of the turn in a dialog."""
        super().__init__(host)
        self.read_all = read_all
        self.page = 0
        self.turn = None

    # --- how much room it wants -----------------------------------------------------------------

    def _head_h(self) -> int:
        return self.px(T.GAP_XS) + self.th.line_height("tiny_bold") + self.px(2)

    def wanted_height(self, width: int, most: int) -> int:
        """The strip's height in a column `width` wide given at most `most` pixels: room for the
        tallest page (0 when the turn has no news)."""
        news = list(self.session.obs.news)
        if not news:
            return 0
        lh = self.th.line_height(ROLE)
        pad = self.px(T.GAP_S)
        lines = max(LEAST_LINES, (most - self._head_h() - pad) // lh)
        pages = lay_pages(self.th, news, width - 2 * self.px(T.GAP_S), lines)
        tallest = max(sum(len(part) for _, part in page) for page in pages)
        return self._head_h() + tallest * lh + pad

    # --- layout -----------------------------------------------------------------------------------

    def arrange(self) -> None:
        px, th = self.px, self.th
        s = self.session
        r = self.rect
        self.news = list(s.obs.news)
        if s.game.turn != self.turn:   # a new turn's news starts at its first page
            self.turn, self.page = s.game.turn, 0
        lh = th.line_height(ROLE)
        self.body = pygame.Rect(r.x + px(T.GAP_S), r.y + self._head_h(), r.w - 2 * px(T.GAP_S),
                                r.h - self._head_h() - px(T.GAP_XS))
        self.pages = lay_pages(th, self.news, self.body.w, max(1, self.body.h // lh)) if self.news else []
        self.page = max(0, min(self.page, len(self.pages) - 1))
        if not self.news:
            return
        self.spot(r, "news", self.read_all, self.tip)
        # page arrows either side of the page's number, at the right of the heading
        self.arrows = {}
        head_right = self.body.right
        if len(self.pages) > 1:
            aw, ah = th.size("›", "small_bold")[0] + px(T.GAP_S), self._head_h()
            label_w = max(th.size(f"{n}/{len(self.pages)}", "tiny_bold")[0] for n in range(1, len(self.pages) + 1))
            nxt = pygame.Rect(r.right - px(T.GAP_XS) - aw, r.y, aw, ah)
            prev = pygame.Rect(nxt.x - label_w - aw, r.y, aw, ah)
            self.page_label_x = prev.right + label_w // 2
            for key, step, glyph, ar in (("news_prev", -1, "‹", prev), ("news_next", 1, "›", nxt)):
                self.arrows[key] = (ar, glyph, self.can_turn(step))
                self.spot(ar, key, lambda step=step: self.turn_page(step),
                          "The next page of this turn's news" if step > 0 else "The previous page of this turn's news",
                          enabled=self.can_turn(step))
            head_right = prev.x - px(T.GAP_S)
        self.head_text = f"{plural(len(self.news), 'item')} · a click or N reads {'them' if len(self.news) > 1 else 'it'} in full"
        self.head_x = self.body.x + th.size("THIS TURN", "tiny_bold")[0] + px(T.GAP_S)
        self.head_w = head_right - self.head_x

    def page_label(self) -> str:
        return f"{self.page + 1}/{len(self.pages)}"

    def can_turn(self, step: int) -> bool:
        return 0 <= self.page + step < len(self.pages)

    def turn_page(self, step: int) -> None:
        if self.can_turn(step):
            self.page += step
            self.host.refresh()

    def tip(self) -> list:
        return ([("This turn (click or N to read every item in full)", "body_bold", T.ACCENT)]
                + [(BULLET + n, "small", T.INK) for n in self.news])

    # --- painting ---------------------------------------------------------------------------------

    def draw(self, surf: pygame.Surface) -> None:
        if not self.news:
            return
        th, px = self.th, self.px
        box = self.rect
        pygame.draw.rect(surf, T.BG_DEEP, box, border_top_left_radius=px(T.GAP_XS),
                         border_top_right_radius=px(T.GAP_XS))
        pygame.draw.line(surf, T.PANEL_LINE, (box.x, box.bottom - 1), (box.right, box.bottom - 1))
        y = box.y + px(T.GAP_XS)
        D.text(surf, th, "THIS TURN", (self.body.x, y), "tiny_bold", T.ACCENT)
        D.text(surf, th, self.head_text, (self.head_x, y), "tiny", T.INK_FAINT, max_width=self.head_w)
        if self.arrows:
            D.text(surf, th, self.page_label(), (self.page_label_x, y), "tiny_bold", T.INK_DIM, "center")
            for key, (ar, glyph, enabled) in self.arrows.items():
                colour = (T.ACCENT_HI if self.host.lit(key) else T.ACCENT) if enabled else T.PANEL_LINE
                D.text(surf, th, glyph, ar.center, "small_bold", colour, "center", "middle")
        lh = th.line_height(ROLE)
        indent = th.size(BULLET, ROLE)[0]
        y = self.body.y
        for start, part in self.pages[self.page] if self.pages else []:
            for k, line in enumerate(part):
                if y + lh > self.body.bottom:
                    return
                if k == 0 and start:
                    D.text(surf, th, BULLET, (self.body.x, y), ROLE, T.ACCENT)
                D.text(surf, th, line, (self.body.x + indent, y), ROLE, T.INK)
                y += lh

    def on_key(self, event) -> bool:
        if event.key == pygame.K_n and self.news:
            self.read_all()
            return True
        return False
