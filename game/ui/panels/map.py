"""The map panel of the main screen: the region with the scenario's states, the routes its
indicators measure (drawn thicker as they carry more), its deposits, the capitals, and across its
foot the threats of this turn, where they cannot be missed. Hover a route or a deposit for what
it is. Everything comes from the scenario's `map:` (game.ui.mapview); nothing is guessed."""
from __future__ import annotations

import pygame

from .. import draw as D
from .. import theme as T
from ..mapview import Highlight, MapView, load_map, match_states, place_label, places, route_indicators, shown_corridors
from .base import Panel

DEPOSIT = 6        # half the size of a deposit's diamond (at scale 1)
HOT = 16           # the side of the square that answers the mouse over a deposit or a route
CAPITAL = 4        # a capital's dot's radius
MAP_LEAST = 60     # the map keeps this much height above the warnings


class MapPanel(Panel):
    def arrange(self) -> None:
        px = self.px
        s = self.session
        g = s.game
        obs = s.obs
        r = self.rect
        states = [g.state_info(sid) for sid in g.state_ids]
        isos = match_states([(st.id, st.name) for st in states], s.info.map)
        highlights = {isos[st.id]: Highlight(T.hex_colour(st.color), st.id == s.state) for st in states if st.id in isos}
        names = {isos[st.id]: st.name for st in states if st.id in isos}
        # the threats of this turn across the foot; the map fits above them, so they hide no name
        self.warnings = list(s.warnings())
        self.warn_rect = None
        map_rect = r.copy()
        if self.warnings:
            w = r.w - 2 * px(T.GAP_S)
            h = min(warnings_height(self.th, self.warnings, w), r.h // 2)
            self.warn_rect = pygame.Rect(r.x + px(T.GAP_S), r.bottom - px(T.GAP_S) - h, w, h)
            map_rect.h = max(px(MAP_LEAST), self.warn_rect.y - px(T.GAP_XS) - map_rect.y)
        self.map = MapView(self.th, map_rect, highlights, names)
        self.real = not g.fictional
        # only what the scenario's `map:` declares: the routes its indicators measure, its deposits
        self.corridors = route_indicators(s.info.map, obs.indicators + obs.world)
        self.shown_corridors = shown_corridors(self.corridors)
        self.deposits = places(s.info.map)
        inside = self.map.rect
        self.deposit_rects = []
        for d in self.deposits:
            dr = pygame.Rect(0, 0, px(HOT), px(HOT))
            dr.center = self.map.project(d["lon"], d["lat"])
            if inside.contains(dr):
                self.deposit_rects.append(dr)
                self.spot(dr, f"deposit:{d['name']}", None,
                          [(d["name"], "body_bold", T.ACCENT_HI), (d.get("note", ""), "small", T.INK_DIM)], focus=False)
        for c in self.shown_corridors:
            pts = [self.map.project(lon, lat) for lon, lat in c["path"]]
            cr = pygame.Rect(0, 0, px(HOT + 2), px(HOT + 2))
            cr.center = pts[len(pts) // 2]
            if inside.contains(cr):
                self.spot(cr, f"corridor:{c['id']}", None, lambda c=c: self.corridor_tip(c), focus=False)
        if self.warn_rect is not None:
            self.spot(self.warn_rect, "warnings", None,
                      [("Before you end the turn", "body_bold", T.BAD)]
                      + [("⚠ " + m, "small", T.WARN) for m in self.warnings]
                      + [("Hover a power for its ladder, or an indicator for what moved it.", "tiny", T.INK_FAINT)],
                      focus=False)
        # each route's name and figure at its place, moved inside the map where it would cross its edge
        self.route_labels = []
        for c in self.shown_corridors:
            ind = self.corridors.get(c["id"])
            name = c["name"] if self.real else (ind.name if ind is not None else "")
            if "label_at" not in c or not name:
                continue
            label = name if ind is None else f"{name} {D.value_text(ind.value, ind.unit, ind.decimals)}"
            lr = pygame.Rect((0, 0), self.th.size(label, "tiny_bold")).inflate(2, 2)
            lr.center = self.map.project(*c["label_at"])
            lr.clamp_ip(inside)
            self.route_labels.append((label, lr.center, T.mix(T.hex_colour(c.get("color", "#ccc")), T.INK, 0.35)))
        # capitals' names beside their dots, clear of the deposits and of each other
        self.capital_labels = []
        if not self.real:
            return
        caps = [(self.map.project(cap["lon"], cap["lat"]), cap["name"]) for cap in load_map().get("capitals", [])]
        taken = list(self.deposit_rects) + [pygame.Rect(x - px(CAPITAL), y - px(CAPITAL), 2 * px(CAPITAL), 2 * px(CAPITAL))
                                            for (x, y), _ in caps]
        for (x, y), name in caps:
            lr = place_label(self.th.size(name, "tiny"), (x, y), px(T.GAP_XS), taken, inside)
            self.capital_labels.append(((x, y), name, lr))
            if lr is not None:
                taken.append(lr)

    def corridor_tip(self, c) -> list:
        out = [(c["name"], "body_bold", T.hex_colour(c.get("color", "#cccccc")))]
        ind = self.corridors.get(c["id"])
        if ind is not None:
            out.append((f"{ind.name}: {D.value_text(ind.value, ind.unit, ind.decimals)}", "small", T.INK))
            if ind.description:
                out.append((ind.description, "small", T.INK_DIM))
        else:
            out.append(("A transport route out of Central Asia.", "small", T.INK_DIM))
        return out

    def draw(self, surf: pygame.Surface) -> None:
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
                width = px(2) + int(px(4) * max(0.0, self.host.shown(f"ind:{ind.id}", ind.value)) / top_val)
            if c.get("dashed"):
                for a, b in zip(pts, pts[1:]):
                    _dashed(surf, colour, a, b, max(1, width - 1), px(7))
            else:
                pygame.draw.lines(surf, T.mix(colour, T.BG_DEEP, 0.5), False, pts, width + px(2))
                pygame.draw.lines(surf, colour, False, pts, width)
        for (x, y), name, lr in self.capital_labels:
            pygame.draw.circle(surf, T.BG_DEEP, (x, y), px(CAPITAL))
            pygame.draw.circle(surf, T.INK, (x, y), px(CAPITAL) - 1)
            if lr is not None:
                D.text(surf, th, name, lr.topleft, "tiny", T.mix(T.INK, T.INK_DIM, 0.5))
        for d in self.deposits:
            x, y = self.map.project(d["lon"], d["lat"])
            hsz = px(DEPOSIT)
            colour = T.ACCENT_HI if d.get("kind") != "plant" else T.INFO
            pygame.draw.polygon(surf, T.BG_DEEP, [(x, y - hsz - 2), (x + hsz + 2, y), (x, y + hsz + 2), (x - hsz - 2, y)])
            pygame.draw.polygon(surf, colour, [(x, y - hsz), (x + hsz, y), (x, y + hsz), (x - hsz, y)])
        self.map.draw_labels(surf, neighbours=self.real)
        for label, pos, colour in self.route_labels:
            _halo(surf, th, label, pos, colour)
        surf.set_clip(self.rect)   # the banner sits under the map, in the same panel
        if self.warn_rect is not None:
            warnings_box(surf, th, self.warn_rect, self.warnings)
        surf.set_clip(clip)


def warnings_box(surf, th: T.Theme, r: pygame.Rect, warnings, role: str = "tiny_bold") -> None:
    """The threats the player should see before ending the turn, in a box that stands out."""
    px = th.px
    g = pygame.Surface(r.size, pygame.SRCALPHA)
    pygame.draw.rect(g, (*T.mix(T.BG_DEEP, T.BAD, 0.16), 228), g.get_rect(), border_radius=px(T.RADIUS))
    surf.blit(g, r.topleft)
    pygame.draw.rect(surf, T.BAD, r, width=max(1, px(1)), border_radius=px(T.RADIUS))
    pygame.draw.rect(surf, T.BAD, (r.x, r.y + px(5), px(T.GAP_XS), r.h - px(10)))
    x, w = r.x + px(T.GAP_M), r.w - px(T.GAP_XL)
    y = r.y + px(T.GAP_XS)
    D.text(surf, th, "⚠ WARNING" if len(warnings) == 1 else f"⚠ {len(warnings)} WARNINGS", (x, y), "tiny_bold", T.BAD)
    y += th.line_height("tiny_bold") + px(2)
    for wmsg in warnings:
        if y + th.line_height(role) > r.bottom:
            break
        y += D.paragraph(surf, th, wmsg, pygame.Rect(x, y, w, 999), role, T.WARN,
                         max_lines=max(1, (r.bottom - px(T.GAP_XS) - y) // th.line_height(role)))


def warnings_height(th: T.Theme, warnings, w: int, role: str = "tiny_bold") -> int:
    px = th.px
    return (px(T.GAP_XS) + th.line_height("tiny_bold") + px(2)
            + sum(D.paragraph_height(th, m, role, w - px(T.GAP_XL)) for m in warnings) + px(T.GAP_S))


def _halo(surf, th, s: str, pos, colour) -> None:
    img = th.render(s, "tiny_bold", T.BG_DEEP)
    for dx, dy in ((-1, 0), (1, 0), (0, -1), (0, 1), (1, 1), (-1, -1)):
        surf.blit(img, img.get_rect(center=(pos[0] + dx, pos[1] + dy)))
    D.text(surf, th, s, pos, "tiny_bold", colour, "center", "middle")


def _dashed(surf, colour, a, b, width: int, dash: int) -> None:
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = max(1.0, (dx * dx + dy * dy) ** 0.5)
    n = int(length // dash)
    for i in range(0, n, 2):
        t0, t1 = i / n, min(1.0, (i + 1) / n)
        pygame.draw.line(surf, colour, (a[0] + dx * t0, a[1] + dy * t0), (a[0] + dx * t1, a[1] + dy * t1), width)
