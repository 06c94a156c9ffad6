"""Drawing primitives in the theme's style: text and wrapped text, panels, gauges, pips, sparklines
and charts. Pure functions of their arguments; they record each string drawn in `theme.seen`.
"""
from __future__ import annotations

import math
import re
from typing import Iterable, Sequence

import pygame

from game.engine import views as V

from . import theme as T


def text(surf: pygame.Surface, th: T.Theme, s: str, pos: tuple[int, int], role: str = "body",
         colour=T.INK, align: str = "left", valign: str = "top", max_width: int | None = None) -> pygame.Rect:
    """Draw one line; `align` left/center/right around pos[0], `valign` top/middle/bottom."""
    if not s:
        return pygame.Rect(pos, (0, 0))
    s = th.english(s)
    if max_width is not None and th.size(s, role)[0] > max_width:
        s = elide(th, s, role, max_width)
    img = th.render(s, role, colour)
    r = img.get_rect()
    x, y = pos
    r.x = x if align == "left" else x - r.w // 2 if align == "center" else x - r.w
    r.y = y if valign == "top" else y - r.h // 2 if valign == "middle" else y - r.h
    surf.blit(img, r)
    clip = surf.get_clip()
    if clip.colliderect(r):
        th.seen.append((s, r.move(surf.get_abs_offset()) if surf.get_parent() else r))
    return r


def elide(th: T.Theme, s: str, role: str, width: int) -> str:
    """`s` cut to `width` with "…". Names go to their short forms first ("Relations with the
    West"), and a cut never takes the name that tells a label from its neighbours: "Relat… the
    West" rather than "Relations with the We…"."""
    if th.size(s, role)[0] <= width:
        return s
    names = th.names
    if names is not None and names.short:
        s = names.shortened(s)
        if th.size(s, role)[0] <= width:
            return s
        cut = _cut(th, s, role, width)
        last = names.last_short(s)
        # A label whose name tells it from its neighbours ("Relations with the East -7 pts"):
        # the cut goes before the name. Elsewhere (a reply's name, a sentence) the end goes.
        if last is not None and len(cut) - 1 < last[1] and _LABEL_TAIL.match(s[last[1]:]):
            for tail in (" " + s[last[0]:], " " + s[last[0]:last[1]] + "…"):
                keep = _cut(th, s[:last[0]].rstrip(), role, width - th.size(tail, role)[0], always=False)
                if keep is not None:
                    return keep + tail
        return cut
    return _cut(th, s, role, width)


_LABEL_TAIL = re.compile(r"^(?:$|'s\b|\s*[:)]|\s+[-+−±]?\d)")


def loses_name(th: T.Theme, whole: str, cut: str) -> bool:
    """Whether cutting `whole` to `cut` took away the name that tells it apart."""
    names = th.names
    return bool(names is not None and names.short and names.last_short(names.shortened(whole))
                and names.last_short(cut) is None)


def _cut(th: T.Theme, s: str, role: str, width: int, always: bool = True) -> str | None:
    """The longest start of `s` with "…" that fits `width` (None when not even "…" fits and
    `always` is off)."""
    if th.size(s, role)[0] <= width:
        return s
    if not always and th.size("…", role)[0] > width:
        return None
    lo, hi = 0, len(s)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if th.size(s[:mid].rstrip() + "…", role)[0] <= width:
            lo = mid
        else:
            hi = mid - 1
    if not always and lo == 0:
        return None
    return s[:lo].rstrip() + "…"


def wrap(th: T.Theme, s: str, role: str, width: int) -> list[str]:
    """Break `s` into lines no wider than `width` (hard breaks kept)."""
    s = th.english(s)
    out: list[str] = []

    def width_of(t: str) -> int:
        return th.size(t, role)[0]

    for para in s.split("\n"):
        words = para.split(" ")
        line = ""
        for w in words:
            trial = w if not line else line + " " + w
            if width_of(trial) <= width or not line:
                line = trial
                while width_of(line) > width and len(line) > 1:  # a single over-long word
                    cut = len(line) - 1
                    while cut > 1 and width_of(line[:cut]) > width:
                        cut -= 1
                    out.append(line[:cut])
                    line = line[cut:]
            else:
                out.append(line)
                line = w
        out.append(line)
    return out


def paragraph(surf, th: T.Theme, s: str, rect: pygame.Rect, role: str = "body", colour=T.INK,
              max_lines: int | None = None, spacing: float = 1.0) -> int:
    """Wrapped text inside rect's width from its top; returns the height used."""
    lines = wrap(th, s, role, rect.w)
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = elide(th, lines[-1] + " …", role, rect.w)
    lh = int(th.line_height(role) * spacing)
    y = rect.y
    for ln in lines:
        text(surf, th, ln, (rect.x, y), role, colour)
        y += lh
    return y - rect.y


def paragraph_height(th: T.Theme, s: str, role: str, width: int, spacing: float = 1.0) -> int:
    return len(wrap(th, s, role, width)) * int(th.line_height(role) * spacing)


def panel(surf, th: T.Theme, rect: pygame.Rect, title: str | None = None, fill=T.PANEL,
          border=T.PANEL_LINE, radius: int | None = None, accent: tuple | None = None) -> pygame.Rect:
    """A rounded panel; returns the inner content rect (below the title if any)."""
    rad = th.px(T.RADIUS) if radius is None else radius
    pygame.draw.rect(surf, fill, rect, border_radius=rad)
    pygame.draw.rect(surf, border, rect, width=max(1, th.px(1)), border_radius=rad)
    pad = th.px(T.GAP_M)
    inner = rect.inflate(-2 * pad, -2 * pad)
    if accent is not None:
        pygame.draw.rect(surf, accent, (rect.x, rect.y + rad, max(2, th.px(3)), rect.h - 2 * rad))
    if title:
        r = text(surf, th, title.upper(), (inner.x, inner.y), "tiny_bold", T.ACCENT)
        y = r.bottom + th.px(T.GAP_S)
        inner = pygame.Rect(inner.x, y, inner.w, inner.bottom - y)
    return inner


def rule(surf, th: T.Theme, x0: int, x1: int, y: int, colour=T.PANEL_LINE) -> None:
    pygame.draw.line(surf, colour, (x0, y), (x1, y), max(1, th.px(1)))


def veil(surf: pygame.Surface, colour=T.DIM) -> None:
    """Darken everything already drawn (in place: no window-sized temporary surface)."""
    keep = 255 - colour[3] if len(colour) > 3 else 96
    surf.fill((keep, keep, keep), special_flags=pygame.BLEND_MULT)


def shadow(surf, rect: pygame.Rect, th: T.Theme, depth: int = 10) -> None:
    d = th.px(depth)
    sh = pygame.Surface((rect.w + 2 * d, rect.h + 2 * d), pygame.SRCALPHA)
    for i in range(d, 0, -2):
        alpha = int(60 * (1 - i / d)) + 6
        pygame.draw.rect(sh, (0, 0, 0, alpha), (d - i, d - i + d // 3, rect.w + 2 * i, rect.h + 2 * i),
                         border_radius=th.px(T.RADIUS) + i)
    surf.blit(sh, (rect.x - d, rect.y - d))


def signed(value: float, decimals: int = 0) -> str:
    """A change as the window sets it ("+1.5", "−0.2", "±0"): game.engine.views.signed in type."""
    return V.signed(value, decimals, typographic=True)


def delta_colour(delta: float, good: str = "up", eps: float = 1e-9):
    if abs(delta) < eps or good == "neutral":
        return T.INK_DIM
    up_good = good != "down"
    return T.GOOD if (delta > 0) == up_good else T.BAD


def number(value: float, decimals: int = 0) -> str:
    """`value` as the window sets it, with a real minus sign and never a signed zero."""
    return V.number(value, decimals, typographic=True)


def value_text(value: float, unit: str, decimals: int) -> str:
    return V.value_text(value, unit, decimals, typographic=True)


def gauge(surf, th: T.Theme, rect: pygame.Rect, value: float, lo: float, hi: float, colour,
          centre: float | None = None, marker: float | None = None) -> None:
    """A horizontal bar; with `centre` it fills from the centre (relations −100…100)."""
    pygame.draw.rect(surf, T.BG_DEEP, rect, border_radius=rect.h // 2)
    span = (hi - lo) or 1.0

    def x_of(v: float) -> int:
        return rect.x + int(round((min(hi, max(lo, v)) - lo) / span * rect.w))

    if centre is None:
        fill = pygame.Rect(rect.x, rect.y, max(0, x_of(value) - rect.x), rect.h)
    else:
        a, b = sorted((x_of(centre), x_of(value)))
        fill = pygame.Rect(a, rect.y, max(1, b - a), rect.h)
    if fill.w > 0:
        pygame.draw.rect(surf, colour, fill, border_radius=rect.h // 2)
    if centre is not None:
        cx = x_of(centre)
        pygame.draw.line(surf, T.INK_FAINT, (cx, rect.y - th.px(2)), (cx, rect.bottom + th.px(1)), 1)
    if marker is not None:
        mx = x_of(marker)
        pygame.draw.line(surf, T.WARN, (mx, rect.y - th.px(2)), (mx, rect.bottom + th.px(1)), max(1, th.px(1)))


def pips(surf, th: T.Theme, x: int, y: int, filled: int, total: int, colour, size: int | None = None,
         empty=T.PANEL_LINE, shape: str = "circle", gap: int | None = None) -> pygame.Rect:
    """A row of `total` markers, the first `filled` coloured. Returns the row's rect."""
    sz = size or th.px(8)
    g = th.px(3) if gap is None else gap
    for i in range(total):
        c = colour if i < filled else empty
        cx = x + i * (sz + g) + sz // 2
        cy = y + sz // 2
        if shape == "diamond":
            h = sz // 2
            pygame.draw.polygon(surf, c, [(cx, cy - h), (cx + h, cy), (cx, cy + h), (cx - h, cy)])
        elif shape == "bar":
            pygame.draw.rect(surf, c, (x + i * (sz + g), y, sz, max(3, sz // 2)), border_radius=2)
        else:
            pygame.draw.circle(surf, c, (cx, cy), sz // 2)
    return pygame.Rect(x, y, total * (sz + g) - g if total else 0, sz)


def sparkline(surf, th: T.Theme, rect: pygame.Rect, values: Sequence[float], colour=T.INK_DIM,
              lo: float | None = None, hi: float | None = None, last_colour=None) -> None:
    if len(values) < 2:
        if values:
            pygame.draw.circle(surf, last_colour or colour, (rect.right - 2, rect.centery), max(2, th.px(2)))
        return
    vlo = min(values) if lo is None else lo
    vhi = max(values) if hi is None else hi
    if vhi - vlo < 1e-9:
        vlo, vhi = vlo - 1, vhi + 1
    n = len(values)
    pts = [(rect.x + int(i * (rect.w - 3) / (n - 1)),
            rect.bottom - 2 - int((v - vlo) / (vhi - vlo) * (rect.h - 4))) for i, v in enumerate(values)]
    pygame.draw.lines(surf, colour, False, pts, max(1, th.px(1.5)))
    pygame.draw.circle(surf, last_colour or colour, pts[-1], max(2, th.px(2.5)))


def _step_decimals(step: float) -> int:
    """Decimals that tell multiples of `step` apart (2.5 needs one, 0.25 two)."""
    for d in range(0, 7):
        if abs(round(step, d) - step) < 1e-9 * max(1.0, abs(step)):
            return d
    return 6


def axis(vlo: float, vhi: float, decimals: int = 0, bounds: tuple[float, float] | None = None,
         n: int = 4) -> tuple[float, float, list[float], int]:
    """A y axis for values from vlo to vhi: (low, high, ticks, decimals for the tick labels).

    The ticks are round numbers, distinct once written with those decimals (no step finer than
    the indicator's own precision, so no 38/38/38), and the axis stays inside `bounds` (an
    indicator's range: one that starts at 0 never shows a negative tick)."""
    b_lo, b_hi = bounds if bounds is not None else (-math.inf, math.inf)
    finest = 10 ** -max(0, decimals)
    span = max(vhi - vlo, 2 * finest)
    mid = (vhi + vlo) / 2
    lo, hi = mid - span * 0.54, mid + span * 0.54
    if lo < b_lo:
        lo, hi = b_lo, min(b_hi, hi + (b_lo - lo))
    if hi > b_hi:
        lo, hi = max(b_lo, lo - (hi - b_hi)), b_hi
    raw = max((hi - lo) / max(1, n), finest)
    mag = 10 ** math.floor(math.log10(raw))
    steps = [k * mag for k in (1, 2, 2.5, 5, 10) if _step_decimals(k * mag) <= max(0, decimals)]
    step = min((k for k in steps if k >= raw - 1e-12), default=raw)
    step = max(step, finest)
    # widen the axis to whole steps that hold the data, as far as the bounds allow
    lo = max(b_lo, min(lo, math.floor(vlo / step + 1e-9) * step))
    hi = min(b_hi, max(hi, math.ceil(vhi / step - 1e-9) * step))
    if hi - lo < 1e-12:
        hi = lo + step if lo + step <= b_hi else hi
        lo = hi - step if hi - step >= b_lo else lo
    first = math.ceil(lo / step - 1e-9) * step
    ticks = []
    v = first
    while v <= hi + 1e-9 * max(1.0, abs(hi)):
        ticks.append(round(v, 10))
        v = first + len(ticks) * step
    return lo, hi, ticks, max(_step_decimals(step), 0)


def chart(surf, th: T.Theme, rect: pygame.Rect, series: Iterable[tuple[Sequence[float], tuple]],
          labels: Sequence[str] = (), lo: float | None = None, hi: float | None = None,
          decimals: int = 0, hover_index: int | None = None,
          bounds: tuple[float, float] | None = None) -> pygame.Rect:
    """A line chart with a light grid and y ticks; returns the plot area. `bounds` is the range the
    values can take (the axis never leaves it)."""
    series = [(list(v), c) for v, c in series if v]
    allv = [x for v, _ in series for x in v]
    if not allv:
        return rect
    vlo = min(allv) if lo is None else lo
    vhi = max(allv) if hi is None else hi
    vlo, vhi, ticks, tick_dec = axis(vlo, vhi, decimals, bounds)
    tick_w = max(th.size(f"{t:.{tick_dec}f}", "tiny")[0] for t in ticks) + th.px(6)
    plot = pygame.Rect(rect.x + tick_w, rect.y + th.px(4), rect.w - tick_w - th.px(4),
                       rect.h - th.px(4) - th.line_height("tiny"))
    n = max(len(v) for v, _ in series)

    def pt(i: int, v: float) -> tuple[int, int]:
        x = plot.x + (int(i * plot.w / (n - 1)) if n > 1 else plot.w // 2)
        y = plot.bottom - int((v - vlo) / ((vhi - vlo) or 1.0) * plot.h)
        return x, y

    for t in ticks:
        y = pt(0, t)[1]
        pygame.draw.line(surf, T.PANEL_HI, (plot.x, y), (plot.right, y), 1)
        text(surf, th, number(t, tick_dec), (plot.x - th.px(4), y), "tiny", T.INK_FAINT,
             "right", "middle")
    if labels:
        step = max(1, math.ceil(len(labels) / max(1, plot.w // th.px(70))))
        for i in range(0, len(labels), step):
            x = pt(i, vlo)[0]
            text(surf, th, labels[i], (x, plot.bottom + th.px(2)), "tiny", T.INK_FAINT,
                 "center" if 0 < i < len(labels) - 1 else ("left" if i == 0 else "right"))
    if hover_index is not None and 0 <= hover_index < n:
        x = pt(hover_index, vlo)[0]
        pygame.draw.line(surf, T.ACCENT_DARK, (x, plot.y), (x, plot.bottom), 1)
    for values, colour in series:
        pts = [pt(i, v) for i, v in enumerate(values)]
        if len(pts) > 1:
            pygame.draw.lines(surf, colour, False, pts, max(2, th.px(2)))
        for p in pts[-1:]:
            pygame.draw.circle(surf, colour, p, max(2, th.px(3)))
    return plot


def focus_ring(surf, th: T.Theme, rect: pygame.Rect) -> None:
    pygame.draw.rect(surf, T.ACCENT_HI, rect.inflate(th.px(6), th.px(6)), width=max(2, th.px(2)),
                     border_radius=th.px(T.RADIUS) + th.px(3))


def badge(surf, th: T.Theme, s: str, pos: tuple[int, int], colour, role: str = "tiny_bold",
          fg=T.BG_DEEP, align: str = "left") -> pygame.Rect:
    w, h = th.size(s, role)
    r = pygame.Rect(0, 0, w + th.px(10), h + th.px(2))
    if align == "right":
        r.topright = pos
    elif align == "center":
        r.midtop = pos
    else:
        r.topleft = pos
    pygame.draw.rect(surf, colour, r, border_radius=r.h // 2)
    text(surf, th, s, r.center, role, fg, "center", "middle")
    return r


def flow(surf, th: T.Theme, pieces: Sequence[tuple[str, tuple]], rect: pygame.Rect, role: str = "small",
         sep: str = " · ", max_lines: int | None = None, draw: bool = True,
         lead: tuple[str, tuple] | None = None) -> int:
    """Coloured pieces of text, one after another and wrapped at rect's width, after an optional
    `lead` label. A piece that does not fit on the lead's line or on the last line allowed is
    elided there; a cut list ends in '…'. Returns the height used (draw=False only measures)."""
    if not pieces:
        return 0
    pieces = [(th.english(s), colour) for s, colour in pieces]
    lh = th.line_height(role)
    sep_w = th.size(sep, role)[0]
    space_w = th.size(" ", role)[0]
    least = th.size("ab…", role)[0]
    lines: list[list[tuple[str, tuple, bool]]] = [[]]   # (text, colour, is the lead)
    x, gap, cut = 0, 0, False
    if lead is not None:
        lines[-1].append((lead[0], lead[1], True))
        x, gap = th.size(lead[0], role)[0], space_w
    for s, colour in pieces:
        w = th.size(s, role)[0]
        if lines[-1] and x + gap + w > rect.w:
            final = max_lines is not None and len(lines) >= max_lines
            lead_only = len(lines[-1]) == 1 and lines[-1][0][2]
            if final or lead_only:
                room = rect.w - x - gap
                if room >= least and loses_name(th, s, elide(th, s, role, room)):
                    room = 0   # "Relati…" says nothing: the list ends before it instead
                if room >= least:
                    s = elide(th, s, role, room)
                    lines[-1].append((s, colour, False))
                    x, gap = x + gap + th.size(s, role)[0], sep_w
                    if final:
                        cut = True
                        break
                    continue
                if final:
                    cut = True
                    break
            lines.append([])
            x, gap = 0, 0
        if w > rect.w:
            s, w = elide(th, s, role, rect.w), th.size(elide(th, s, role, rect.w), role)[0]
        lines[-1].append((s, colour, False))
        x, gap = x + gap + w, sep_w
    if cut and not lines[-1][-1][0].endswith("…"):
        t, c, is_lead = lines[-1][-1]
        start = x - th.size(t, role)[0]
        lines[-1][-1] = (elide(th, t + " …", role, rect.w - start), c, is_lead)
    if draw:
        y = rect.y
        for line in lines:
            xx = rect.x
            for j, (s, colour, is_lead) in enumerate(line):
                r = text(surf, th, s, (xx, y), role, colour)
                xx = r.right
                if is_lead:
                    xx += space_w
                elif j < len(line) - 1:
                    text(surf, th, sep, (xx, y), role, T.INK_FAINT)
                    xx += sep_w
            y += lh
    return len(lines) * lh


# --- shared pieces of screens ---------------------------------------------------------------------

def header(surf, th: T.Theme, kicker: str, title: str, x: int, y: int, width: int | None = None,
           colour=T.ACCENT) -> int:
    """A screen's heading: a small coloured kicker over a title (wrapped to `width` in the smaller
    heading face when it is long). Returns the y under it."""
    text(surf, th, kicker, (x, y), "tiny_bold", colour, max_width=width)
    y += th.px(16)
    role = "title"
    if width is not None and th.size(title, role)[0] > width:
        role = "heading"
    lines = wrap(th, title, role, width) if width is not None else [title]
    for ln in lines:
        text(surf, th, ln, (x, y), role, T.INK)
        y += th.line_height(role)
    return y


def row_box(surf, th: T.Theme, r: pygame.Rect, selected: bool, hover: bool = False) -> None:
    """The box of one row of a list the player picks from."""
    fill = T.mix(T.PANEL_HI, T.ACCENT, 0.14) if selected else T.PANEL_HI if hover else T.PANEL
    pygame.draw.rect(surf, fill, r, border_radius=th.px(6))
    pygame.draw.rect(surf, T.ACCENT if selected else T.PANEL_LINE, r, width=1, border_radius=th.px(6))


# A line of laid-out text: (text, role, colour, indent, space after it).
Line = tuple[str, str, tuple, int, int]


def wrap_lines(th: T.Theme, s: str, role: str, colour, width: int, indent: int = 0,
               after: int = 0) -> list[Line]:
    """`s` wrapped into Lines, the space `after` under the last one."""
    lines = wrap(th, s, role, width - indent)
    return [(ln, role, colour, indent, after if i == len(lines) - 1 else 0) for i, ln in enumerate(lines)]


def line_tops(th: T.Theme, lines: Sequence[Line]) -> list[int]:
    """Where each line starts below the first, and (last item) the height of them all."""
    out, y = [], 0
    for _, role, _, _, after in lines:
        out.append(y)
        y += th.line_height(role) + after
    out.append(y)
    return out


def last_first_line(th: T.Theme, lines: Sequence[Line], height: int) -> int:
    """The furthest a list of lines may be scrolled (as the index of its first line shown) for its
    end to show in `height`."""
    tops = line_tops(th, lines)
    total = tops[-1]
    for i, t in enumerate(tops[:-1]):
        if total - t <= height:
            return i
    return max(0, len(lines) - 1)


def draw_lines(surf, th: T.Theme, lines: Sequence[Line], rect: pygame.Rect, first: int = 0) -> int:
    """Lines from line `first`, as many as fit whole in `rect`: never a line cut through. Returns
    the index after the last line drawn."""
    y = rect.y
    i = max(0, first)
    while i < len(lines):
        s, role, colour, indent, after = lines[i]
        lh = th.line_height(role)
        if y + lh > rect.bottom:
            break
        if s:
            text(surf, th, s, (rect.x + indent, y), role, colour)
        y += lh + after
        i += 1
    return i


def more_marks(surf, th: T.Theme, rect: pygame.Rect, above: bool, below: bool) -> None:
    """Small arrows at a scrolled box's edge where there is more to read."""
    if above:
        text(surf, th, "▲ more", (rect.right, rect.y - th.px(2)), "tiny", T.INK_FAINT, "right", "bottom")
    if below:
        text(surf, th, "more ▼", (rect.right, rect.bottom + th.px(2)), "tiny", T.INK_FAINT, "right")
