"""The map of Central Asia: Natural Earth outlines from assets/central_asia_map.json, projected,
painted once per size into a cached surface, with corridors, deposits and capitals on top.

Scenario states are matched to countries by id or name (kz, Kazakhstan…); a scenario whose states
match none (a test or fictional scenario) has them placed on the C5 in order.
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from pathlib import Path

import pygame
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from game.files import FileProblem, read_json
from game.paths import assets_dir

from . import draw as D
from . import theme as T

MAP_FILE = "central_asia_map.json"
C5_ORDER = ["KAZ", "UZB", "KGZ", "TJK", "TKM"]
ALIASES = {
    "KAZ": ("kz", "kaz", "kazakhstan", "qazaqstan"),
    "UZB": ("uz", "uzb", "uzbekistan", "ozbekiston"),
    "KGZ": ("kg", "kgz", "kyrgyzstan", "kyrgyz republic", "kirghizia"),
    "TJK": ("tj", "tjk", "tajikistan"),
    "TKM": ("tm", "tkm", "turkmenistan"),
}
# Where the neighbours' names go (their centroids lie off the map).
NEIGHBOUR_LABELS = {"RUS": ("Russia", 60.0, 54.6), "CHN": ("China", 84.5, 41.0),
                    "IRN": ("Iran", 54.0, 35.9), "AFG": ("Afghanistan", 65.5, 34.6),
                    "MNG": ("Mongolia", 89.0, 48.6)}


Point = tuple[float, float]


class _MapModel(BaseModel):
    model_config = ConfigDict(extra="ignore", allow_inf_nan=False)


class _Country(_MapModel):
    iso: str
    name: str
    c5: bool = False
    rings: list[list[Point]] = Field(max_length=500)


class _Place(_MapModel):
    name: str
    lon: float
    lat: float
    country: str = ""
    note: str = ""


class _Corridor(_MapModel):
    id: str
    name: str
    keywords: list[str] = []
    color: str = "#c0c0c0"
    label_at: Point | None = None
    path: list[Point] = Field(min_length=2, max_length=5000)


class _Label(_MapModel):
    text: str
    lon: float
    lat: float
    kind: str = "land"


class _MapFile(_MapModel):
    """The shape of assets/central_asia_map.json; a file of another shape is not drawn."""

    notice: str = ""
    view: tuple[float, float, float, float] = (44, 34, 90, 56.5)
    countries: list[_Country] = Field([], max_length=1000)
    capitals: list[_Place] = []
    deposits: list[_Place] = []
    corridors: list[_Corridor] = []
    labels: list[_Label] = []


EMPTY_MAP = _MapFile().model_dump()
MAX_MAP_BYTES = 20_000_000


@functools.lru_cache(maxsize=1)
def load_map(path: str | None = None) -> dict:
    p = Path(path) if path else assets_dir() / MAP_FILE
    try:
        data = _MapFile.model_validate(read_json(p, MAX_MAP_BYTES)).model_dump(exclude_none=True)
    except FileProblem as exc:
        T.file_problems.append(f"{exc}; the map is not drawn")
        return dict(EMPTY_MAP)
    except ValidationError as exc:
        err = exc.errors()[0]
        T.file_problems.append(f"{p}: is not a map of the expected shape ('{'.'.join(map(str, err['loc']))}': "
                            f"{err['msg'].lower()}); the map is not drawn")
        return dict(EMPTY_MAP)
    w, s, e, n = data["view"]
    if not (e > w and n > s):
        T.file_problems.append(f"{p}: its view {data['view']} is empty; the map is not drawn")
        return dict(EMPTY_MAP)
    return data


def match_states(states: list[tuple[str, str]], declared=None) -> dict[str, str]:
    """State id -> the map's country code: as the scenario's `map:` declares it (`declared`, a
    MapInfo), else by the state's id or name, the rest placed on the free C5 countries in order."""
    out: dict[str, str] = dict(declared.states) if declared is not None else {}
    for sid, name in states:
        if sid in out:
            continue
        for iso, names in ALIASES.items():
            if sid.lower() in names or name.lower() in names:
                if iso not in out.values():
                    out[sid] = iso
                break
    free = [iso for iso in C5_ORDER if iso not in out.values()]
    for sid, _ in states:
        if sid not in out and free:
            out[sid] = free.pop(0)
    return out


def route_indicators(declared, indicators) -> dict[str, object]:
    """Route id -> the indicator (a view) that measures it, as the scenario's `map:` declares."""
    by_id = {ind.id: ind for ind in indicators}
    return {route: by_id[iid] for route, iid in (declared.routes if declared is not None else ()) if iid in by_id}


def shown_corridors(matched: dict[str, object]) -> list[dict]:
    """The corridors worth drawing for a scenario: those an indicator measures, and the unnamed
    branches of those (same colour, no keywords of their own). None when nothing measures a route."""
    data = load_map()
    corridors = data.get("corridors", [])
    colours = {c.get("color") for c in corridors if c["id"] in matched}
    return [c for c in corridors if c["id"] in matched or (not c.get("keywords") and c.get("color") in colours)]


def places(declared) -> list[dict]:
    """The deposits and plants the scenario's `map:` marks, as the map draws them."""
    return [{"name": p.name, "lon": p.lon, "lat": p.lat, "note": p.note, "kind": p.kind}
            for p in (declared.places if declared is not None else ())]


def place_label(size: tuple[int, int], anchor: tuple[int, int], gap: int, avoid: list[pygame.Rect],
                inside: pygame.Rect) -> pygame.Rect | None:
    """A label's rect beside a point (right, left, above, below, then diagonals) that stays inside
    `inside` and clear of `avoid`; None if no place is clear."""
    w, h = size
    x, y = anchor
    cands = [(x + gap, y - h // 2), (x - gap - w, y - h // 2), (x - w // 2, y - gap - h), (x - w // 2, y + gap),
             (x + gap, y - h - gap // 2), (x + gap, y + gap // 2), (x - gap - w, y - h - gap // 2),
             (x - gap - w, y + gap // 2)]
    for cx, cy in cands:
        r = pygame.Rect(cx, cy, w, h)
        if inside.contains(r) and r.collidelist(avoid) < 0:
            return r
    return None


def _centroid(ring: list[list[float]]) -> tuple[float, float]:
    a = cx = cy = 0.0
    n = len(ring)
    for i in range(n):
        x0, y0 = ring[i]
        x1, y1 = ring[(i + 1) % n]
        cr = x0 * y1 - x1 * y0
        a += cr
        cx += (x0 + x1) * cr
        cy += (y0 + y1) * cr
    if abs(a) < 1e-9:
        return (sum(p[0] for p in ring) / n, sum(p[1] for p in ring) / n)
    return (cx / (3 * a), cy / (3 * a))


def _area(ring) -> float:
    return abs(sum(ring[i][0] * ring[(i + 1) % len(ring)][1] - ring[(i + 1) % len(ring)][0] * ring[i][1]
                   for i in range(len(ring)))) / 2


_NEIGHBOUR_CACHE: dict[tuple, dict[str, tuple[int, int] | None]] = {}


@dataclass(frozen=True)
class Highlight:
    colour: tuple
    player: bool


class MapView:
    """A projected map fitted to `rect`; `highlights` maps ISO3 codes to state colours."""

    def __init__(self, th: T.Theme, rect: pygame.Rect, highlights: dict[str, Highlight] | None = None,
                 names: dict[str, str] | None = None, dim: float = 0.0, zoom: float = 1.0,
                 centre: tuple[float, float] = (0.5, 0.5)):
        self.th = th
        self.rect = pygame.Rect(rect)
        self.data = load_map()
        self.highlights = highlights or {}
        self.names = names or {}
        self.dim = dim
        w0, s0, e0, n0 = self.data.get("view", [44, 34, 90, 56.5])
        self.k = math.cos(math.radians((s0 + n0) / 2))
        vw, vh = (e0 - w0) * self.k, (n0 - s0)
        self.scale = min(self.rect.w / vw, self.rect.h / vh) * zoom
        # put the view box's centre at `centre` (fractions of the rect)
        fx, fy = centre
        self.ox = self.rect.x + self.rect.w * fx - vw * self.scale / 2 - w0 * self.k * self.scale
        self.oy = self.rect.y + self.rect.h * fy - vh * self.scale / 2 + n0 * self.scale
        self.base = _render_base(self.rect.size, tuple(sorted((k, v.colour, v.player) for k, v in self.highlights.items())),
                                 self.scale, self.ox - self.rect.x, self.oy - self.rect.y, self.k, dim)
        self.centroids = {}
        for c in self.data.get("countries", []):
            if c["rings"]:
                big = max(c["rings"], key=_area)
                self.centroids[c["iso"]] = _centroid(big)
        self._neighbour_spots: dict[str, tuple[int, int] | None] | None = None

    def _c5_edges(self) -> list[tuple[tuple[int, int], tuple[int, int]]]:
        """The projected outlines of the five states, as segments (for keeping labels off them)."""
        out = []
        for c in self.data.get("countries", []):
            if c["iso"] not in C5_ORDER:
                continue
            for ring in c["rings"]:
                pts = [self.project(x, y) for x, y in ring]
                out += list(zip(pts, pts[1:] + pts[:1]))
        return out

    def neighbour_spots(self) -> dict[str, tuple[int, int] | None]:
        """Where each neighbour's name goes: at its usual place, else nudged away from the five
        states' borders (a name on an outline reads as the wrong country), else left out."""
        if self._neighbour_spots is not None:
            return self._neighbour_spots
        key = (tuple(self.rect), self.scale, self.ox, self.oy, self.th.scale)
        if key in _NEIGHBOUR_CACHE:
            self._neighbour_spots = _NEIGHBOUR_CACHE[key]
            return self._neighbour_spots
        th = self.th
        edges = self._c5_edges()
        inside = self.rect.inflate(-th.px(4), -th.px(4))
        out: dict[str, tuple[int, int] | None] = {}
        step = th.px(14)
        for iso, (name, lon, lat) in NEIGHBOUR_LABELS.items():
            w, h = th.size(name.upper(), "tiny_bold")
            x0, y0 = self.project(lon, lat)
            out[iso] = None
            for dx, dy in ((0, 0), (1, 0), (0, 1), (0, -1), (2, 0), (1, 1), (1, -1), (-1, 0), (2, 1), (2, -1),
                           (3, 0), (0, 2), (0, -2), (-2, 0), (3, 1), (3, -1)):
                r = pygame.Rect(0, 0, w + th.px(6), h + th.px(2))
                r.center = (x0 + dx * step, y0 + dy * step)
                if not inside.contains(r):
                    continue
                if any(r.clipline(a, b) for a, b in edges):
                    continue
                out[iso] = r.center
                break
        self._neighbour_spots = out
        if len(_NEIGHBOUR_CACHE) > 16:
            _NEIGHBOUR_CACHE.clear()
        _NEIGHBOUR_CACHE[key] = out
        return out

    def project(self, lon: float, lat: float) -> tuple[int, int]:
        return (int(round(self.ox + lon * self.k * self.scale)), int(round(self.oy - lat * self.scale)))

    def draw_base(self, surf: pygame.Surface) -> None:
        surf.blit(self.base, self.rect.topleft)

    def draw_labels(self, surf: pygame.Surface, neighbours: bool = True) -> None:
        """Country and sea names; `neighbours=False` leaves real names out (fictional games): only
        the names in `names` (the scenario's states) are drawn."""
        th = self.th
        clip = surf.get_clip()
        surf.set_clip(self.rect)
        spots = self.neighbour_spots() if neighbours else {}
        for iso, (name, lon, lat) in (NEIGHBOUR_LABELS.items() if neighbours else ()):
            if spots.get(iso) is None:
                continue
            D.text(surf, th, name.upper(), spots[iso], "tiny_bold", T.mix(T.LAND, T.INK_DIM, 0.45), "center",
                   "middle")
        for lab in (self.data.get("labels", []) if neighbours else ()):  # seas are real names too
            x, y = self.project(lab["lon"], lab["lat"])
            D.text(surf, th, lab["text"], (x, y), "italic", T.mix(T.WATER, T.INFO, 0.55), "center", "middle")
        for iso in C5_ORDER:
            if iso not in self.centroids:
                continue
            name = self.names.get(iso)
            if name is None:
                continue
            lon, lat = self.centroids[iso]
            if iso == "KAZ":
                lat += 1.2
            x, y = self.project(lon, lat)
            h = self.highlights.get(iso)
            role = "subheading" if h and h.player else "small_bold"
            colour = T.INK if h and h.player else T.mix(T.INK_DIM, T.INK, 0.3)
            _halo_text(surf, th, name, (x, y), role, colour)
        surf.set_clip(clip)


def _halo_text(surf, th, s, pos, role, colour) -> None:
    for dx, dy in ((-1, 0), (1, 0), (0, -1), (0, 1)):
        img = th.render(s, role, T.BG_DEEP)
        r = img.get_rect(center=(pos[0] + dx, pos[1] + dy))
        surf.blit(img, r)
    D.text(surf, th, s, pos, role, colour, "center", "middle")


@functools.lru_cache(maxsize=3)
def _render_base(size: tuple[int, int], highlights: tuple, scale: float, ox: float, oy: float, k: float,
                 dim: float) -> pygame.Surface:
    """Water, graticule and countries, drawn at twice the size and smoothed down (cheap anti-aliasing)."""
    data = load_map()
    w, h = max(1, size[0]), max(1, size[1])
    ss = 2 if w * h <= 1_500_000 else 1   # big maps have pixels small enough; spare the memory
    big = pygame.Surface((w * ss, h * ss))
    big.fill(T.WATER)

    def proj(lon, lat):
        return (int((ox + lon * k * scale) * ss), int((oy - lat * scale) * ss))

    for lon in range(30, 105, 5):
        pygame.draw.line(big, T.WATER_LINE, proj(lon, 20), proj(lon, 65), 1)
    for lat in range(20, 65, 5):
        pygame.draw.line(big, T.WATER_LINE, proj(20, lat), proj(110, lat), 1)
    hl = {iso: (colour, player) for iso, colour, player in highlights}
    for c in data.get("countries", []):
        iso = c["iso"]
        if iso in hl:
            colour, player = hl[iso]
            fill = T.mix(T.LAND_C5, colour, 0.3 if player else 0.14)
        else:
            fill = T.LAND_C5 if c.get("c5") else T.LAND
        for ring in c["rings"]:
            pts = [proj(x, y) for x, y in ring]
            if len(pts) >= 3:
                pygame.draw.polygon(big, fill, pts)
    for c in data.get("countries", []):
        for ring in c["rings"]:
            pts = [proj(x, y) for x, y in ring]
            if len(pts) >= 3:
                pygame.draw.lines(big, T.BORDER, True, pts, max(2, int(1.5 * ss)))
    for c in data.get("countries", []):
        if c["iso"] in hl and hl[c["iso"]][1]:
            for ring in c["rings"]:
                pts = [proj(x, y) for x, y in ring]
                if len(pts) >= 3:
                    pygame.draw.lines(big, T.mix(hl[c["iso"]][0], T.INK, 0.35), True, pts, max(3, int(2.5 * ss)))
    out = pygame.transform.smoothscale(big, (w, h)) if ss > 1 else big
    del big
    if dim:
        keep = int(255 * (1 - dim))
        out.fill((keep, keep, keep), special_flags=pygame.BLEND_MULT)
    return out
