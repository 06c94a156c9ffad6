"""The one visual theme: palette, type scale and spacing rhythm, and the pygame_gui theme made from it.

Every colour, font size and gap the UI uses comes from here, scaled by `Theme.scale` (the
player's UI scale times a factor that follows the window size), so the look stays coherent from
1280x720 to 2560x1440. `python -m game.ui.theme` prints the pygame_gui theme JSON.
"""
from __future__ import annotations

import functools
import json
import unicodedata
import os
import sys
from collections import OrderedDict
from pathlib import Path

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # noqa: E402

from game.files import FileProblem, read_bytes
from game.paths import assets_dir

# --- palette: a dark map-room with brass accents -------------------------------------------------
BG = (13, 20, 28)
BG_DEEP = (8, 13, 19)
PANEL = (22, 32, 42)
PANEL_HI = (30, 43, 56)
PANEL_LINE = (48, 66, 82)
SHADOW = (0, 0, 0)
INK = (233, 226, 208)          # warm ivory text
INK_DIM = (160, 164, 160)
INK_FAINT = (104, 114, 122)
ACCENT = (216, 166, 72)        # brass
ACCENT_HI = (242, 198, 108)
ACCENT_DARK = (120, 88, 34)
GOOD = (104, 190, 124)
BAD = (226, 98, 88)
WARN = (236, 166, 60)
INFO = (112, 168, 220)
WATER = (17, 44, 66)
WATER_LINE = (30, 66, 92)
LAND = (41, 49, 52)
LAND_C5 = (58, 66, 60)
BORDER = (16, 22, 27)
DIM = (0, 0, 0, 150)            # the veil behind modal dialogs


def hex_colour(text: str, fallback=(192, 192, 192)) -> tuple[int, int, int]:
    try:
        text = text.lstrip("#")
        return (int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16))
    except (ValueError, IndexError, AttributeError):
        return fallback


def mix(a, b, t: float) -> tuple[int, int, int]:
    return tuple(int(round(a[i] + (b[i] - a[i]) * t)) for i in range(3))  # type: ignore[return-value]


def to_hex(c) -> str:
    return "#{:02x}{:02x}{:02x}".format(*c[:3])


# --- type scale -----------------------------------------------------------------------------------
FONT_FILES = {
    "regular": "NotoSans-Regular.ttf",
    "bold": "NotoSans-Bold.ttf",
    "italic": "NotoSans-Italic.ttf",
    "display": "NotoSerifDisplay-Bold.ttf",
}
# Symbols the Noto files lack (−, arrows, ✓, ⚠…) come from this one, run by run.
FALLBACK_FILE = "DejaVuSans.ttf"
# role: (face, size at scale 1)
TYPE = {
    "hero": ("display", 56),
    "title": ("display", 30),
    "heading": ("display", 21),
    "subheading": ("bold", 16),
    "body": ("regular", 15),
    "body_bold": ("bold", 15),
    "small": ("regular", 13),
    "small_bold": ("bold", 13),
    "tiny": ("regular", 11),
    "tiny_bold": ("bold", 11),
    "number": ("bold", 17),
    "big_number": ("display", 26),
    "italic": ("italic", 14),
}

# --- spacing rhythm: multiples of 4 px at scale 1 ------------------------------------------------
UNIT = 4
GAP_XS, GAP_S, GAP_M, GAP_L, GAP_XL = 4, 8, 12, 16, 24
RADIUS = 6
# --- sizes of controls, on the same rhythm -----------------------------------------------------
CHIP_H = 28        # a small button: a tab, a page arrow, Clear
BUTTON_H = 36      # a button in a bar
ROW_H = 24         # a row of a list (an indicator and its value)
BASE_SIZE = (1280, 720)
CACHE_BYTES = 24 * 1024 * 1024    # rendered text kept for reuse


def fonts_dir() -> Path:
    return assets_dir() / "fonts"


FONT_MAGIC = (b"\x00\x01\x00\x00", b"true", b"OTTO", b"ttcf")
MAX_FONT_BYTES = 30_000_000


file_problems: list[str] = []
"""Files the window could not use (the map, a font): each said once, and the window goes on
without them (no map, the default font)."""

MAX_DRAWN_CHARS = 2000
"""The longest string drawn on one line: no line of the window is wider, and a longer one would
make a surface of hundreds of megabytes."""


def drawable(text: str) -> str:
    """Any string as a font can draw it: control characters and invisible format characters (soft
    hyphens, zero-width spaces, direction marks) left out, lone surrogates shown as '�', and no
    longer than MAX_DRAWN_CHARS."""
    if not isinstance(text, str):
        text = str(text)
    return _drawable(text)


@functools.lru_cache(maxsize=8192)   # asked for every string on every redraw: each worked out once
def _drawable(text: str) -> str:
    if text.isascii() and text.isprintable():
        return text[:MAX_DRAWN_CHARS]
    out = []
    for ch in text[:MAX_DRAWN_CHARS * 2]:
        cat = unicodedata.category(ch)
        if cat == "Cs":
            out.append("\ufffd")
        elif cat not in ("Cc", "Cf", "Zl", "Zp"):
            out.append(ch)
        elif ch == "\t":
            out.append(" ")
    return "".join(out)[:MAX_DRAWN_CHARS]


@functools.lru_cache(maxsize=16)
def font_file(path: Path) -> Path:
    """`path` if it is a regular file that begins as a TrueType or OpenType font does; FileProblem
    otherwise. The font library is never handed anything else: random bytes can crash it."""
    if read_bytes(path, MAX_FONT_BYTES, head=4) not in FONT_MAGIC:
        raise FileProblem(f"{path}: is not a TrueType or OpenType font")
    return path


def auto_factor(size: tuple[int, int]) -> float:
    """How much bigger than the 1280x720 design the window is (1 to 2)."""
    w, h = size
    return max(0.85, min(2.0, min(w / BASE_SIZE[0], h / BASE_SIZE[1])))


class Theme:
    """Fonts and sizes at one scale; renders and caches text; remembers what it drew this frame."""

    def __init__(self, scale: float = 1.0):
        self.scale = max(0.6, min(3.0, float(scale)))
        self._fonts: dict[str, pygame.font.Font] = {}
        self._cache: OrderedDict[tuple, pygame.Surface] = OrderedDict()
        self._cache_bytes = 0
        # (text, rect) of every string drawn this frame: what the player sees, for tests.
        self.seen: list[tuple[str, pygame.Rect]] = []
        # The names of the game on screen (game.scenario.english.Names), set by the App each
        # frame: the screens' own sentences read as English, and narrow labels use short forms.
        self.names = None
        self._english: dict[tuple[int, str], str] = {}

    def english(self, s: str) -> str:
        """`s` with the game's names set as English wants ("an offer from the Western Federation")."""
        if self.names is None or not s:
            return s
        key = (id(self.names), s)
        hit = self._english.get(key)
        if hit is None:
            if len(self._english) > 4096:
                self._english.clear()
            hit = self._english[key] = self.names.tidy(s)
        return hit

    def px(self, n: float) -> int:
        return int(round(n * self.scale))

    def font(self, role: str) -> pygame.font.Font:
        f = self._fonts.get(role)
        if f is None:
            face, size = TYPE[role]
            path = fonts_dir() / FONT_FILES[face]
            try:
                font_file(path)
                f = pygame.font.Font(str(path), max(6, self.px(size)))
            except (OSError, FileProblem, pygame.error) as exc:  # a broken install still shows something
                said = f"{exc if isinstance(exc, FileProblem) else f'{path}: {exc}'}; the default font is used"
                if said not in file_problems:
                    file_problems.append(said)
                f = pygame.font.Font(None, max(8, self.px(size * 1.3)))
            self._fonts[role] = f
        return f

    def line_height(self, role: str) -> int:
        return self.font(role).get_linesize()

    def fallback(self, role: str) -> pygame.font.Font:
        key = "fallback:" + role
        f = self._fonts.get(key)
        if f is None:
            size = max(6, self.px(TYPE[role][1] * 0.92))
            try:
                f = pygame.font.Font(str(font_file(fonts_dir() / FALLBACK_FILE)), size)
            except (OSError, FileProblem, pygame.error):
                f = self.font(role)
            self._fonts[key] = f
        return f

    def runs(self, text: str, role: str) -> list[tuple[bool, str]]:
        """Split text into runs for the role's face (False) and for the fallback face (True)."""
        text = drawable(text)
        if text.isascii():
            return [(False, text)]
        face = TYPE[role][0]
        out: list[tuple[bool, str]] = []
        for ch in text:
            fb = not ch.isascii() and _missing(face, ch)
            if out and out[-1][0] == fb:
                out[-1] = (fb, out[-1][1] + ch)
            else:
                out.append((fb, ch))
        return out

    def render(self, text: str, role: str, colour) -> pygame.Surface:
        text = drawable(text)
        key = (text, role, tuple(colour))
        surf = self._cache.get(key)
        if surf is None:
            runs = self.runs(text, role)
            font = self.font(role)
            if len(runs) == 1 and not runs[0][0]:
                surf = font.render(text, True, colour)
            else:
                fb = self.fallback(role)
                imgs = [((fb if f else font).render(t, True, colour), fb if f else font) for f, t in runs]
                asc = max(fn.get_ascent() for _, fn in imgs)
                h = max(font.get_height(), max(asc - fn.get_ascent() + im.get_height() for im, fn in imgs))
                surf = pygame.Surface((sum(im.get_width() for im, _ in imgs), h), pygame.SRCALPHA)
                x = 0
                for im, fn in imgs:
                    surf.blit(im, (x, asc - fn.get_ascent()))
                    x += im.get_width()
            self._cache[key] = surf
            self._cache_bytes += surf.get_width() * surf.get_height() * 4
            # Rolling numbers make many one-off strings: keep the cache to a memory budget.
            while self._cache_bytes > CACHE_BYTES and len(self._cache) > 1:
                _, old = self._cache.popitem(last=False)
                self._cache_bytes -= old.get_width() * old.get_height() * 4
        else:
            self._cache.move_to_end(key)
        return surf

    def size(self, text: str, role: str) -> tuple[int, int]:
        text = drawable(text)
        runs = self.runs(text, role)
        font = self.font(role)
        if len(runs) == 1 and not runs[0][0]:
            return font.size(text)
        fb = self.fallback(role)
        w = sum((fb if f else font).size(t)[0] for f, t in runs)
        return w, font.get_height()

    # --- pygame_gui ------------------------------------------------------------------------------

    def gui_theme(self) -> dict:
        """The pygame_gui theme, from the same palette and type scale."""
        def font(role: str) -> dict:
            face, size = TYPE[role]
            d = fonts_dir()
            return {"name": "noto_" + face, "size": str(max(6, self.px(size))),
                    "regular_path": str(d / FONT_FILES[face]), "bold_path": str(d / FONT_FILES["bold"]),
                    "italic_path": str(d / FONT_FILES["italic"]),
                    "bold_italic_path": str(d / FONT_FILES["bold"])}

        def colours(**kw) -> dict:
            return {k: to_hex(v) if isinstance(v, tuple) else v for k, v in kw.items()}

        base = colours(
            normal_bg=PANEL_HI, hovered_bg=mix(PANEL_HI, ACCENT, 0.18), disabled_bg=PANEL,
            selected_bg=mix(PANEL_HI, ACCENT, 0.3), active_bg=mix(PANEL_HI, ACCENT, 0.35),
            dark_bg=BG_DEEP, normal_text=INK, hovered_text=ACCENT_HI, selected_text=ACCENT_HI,
            active_text=ACCENT_HI, disabled_text=INK_FAINT, normal_border=PANEL_LINE,
            hovered_border=ACCENT, disabled_border=PANEL, selected_border=ACCENT,
            active_border=ACCENT_HI, text_cursor=ACCENT_HI, filled_bar=ACCENT, unfilled_bar=PANEL,
            link_text=ACCENT_HI, link_hover=ACCENT, text_shadow="#00000000")
        misc_btn = {"shape": "rounded_rectangle", "shape_corner_radius": str(self.px(RADIUS)),
                    "border_width": str(max(1, self.px(1))), "shadow_width": "0",
                    "tool_tip_delay": "0.5", "text_horiz_alignment": "center"}
        theme = {
            "defaults": {"colours": base, "font": font("body"),
                         "misc": {"shadow_width": "0", "border_width": "1"}},
            "button": {"colours": base, "font": font("body_bold"), "misc": misc_btn},
            "@primary": {
                "colours": colours(normal_bg=ACCENT, hovered_bg=ACCENT_HI, active_bg=ACCENT_HI,
                                   normal_text=BG_DEEP, hovered_text=BG_DEEP, active_text=BG_DEEP,
                                   disabled_bg=mix(PANEL_HI, ACCENT, 0.25), disabled_text=INK_DIM,
                                   normal_border=ACCENT_HI, hovered_border=INK,
                                   disabled_border=ACCENT_DARK),
                "font": font("subheading"), "misc": misc_btn},
            "@menu": {"font": font("subheading"),
                      "misc": {**misc_btn, "text_horiz_alignment": "left",
                               "text_horiz_alignment_padding": str(self.px(GAP_L))}},
            "@chip": {"font": font("small_bold"), "misc": misc_btn},
            "@chip_on": {"font": font("small_bold"), "misc": misc_btn,
                         "colours": colours(normal_bg=mix(PANEL_HI, ACCENT, 0.35), normal_border=ACCENT,
                                            normal_text=ACCENT_HI, hovered_bg=mix(PANEL_HI, ACCENT, 0.45))},
            "@danger": {"colours": colours(normal_bg=mix(PANEL_HI, BAD, 0.25), hovered_bg=mix(PANEL_HI, BAD, 0.45),
                                           normal_border=BAD, hovered_border=INK),
                        "font": font("body_bold"), "misc": misc_btn},
            "text_entry_line": {"colours": colours(dark_bg=BG_DEEP, normal_text=INK, selected_bg=ACCENT_DARK,
                                                   normal_border=PANEL_LINE, focused_border=ACCENT,
                                                   text_cursor=ACCENT_HI),
                                "font": font("number"),
                                "misc": {"border_width": str(max(1, self.px(1))), "shadow_width": "0",
                                         "shape": "rounded_rectangle",
                                         "shape_corner_radius": str(self.px(4)),
                                         "padding": f"{self.px(8)},{self.px(4)}"}},
            "tool_tip": {"colours": colours(dark_bg=BG_DEEP, normal_text=INK, normal_border=ACCENT_DARK),
                         "font": font("small"),
                         "misc": {"border_width": "1", "shadow_width": "0", "rect_width": str(self.px(320))}},
            "horizontal_slider": {"colours": base, "misc": {"shadow_width": "0", "border_width": "1",
                                                            "enable_arrow_buttons": "0",
                                                            "sliding_button_width": str(self.px(22))}},
            "horizontal_slider.#sliding_button": {"colours": colours(normal_bg=ACCENT, hovered_bg=ACCENT_HI,
                                                                     active_bg=ACCENT_HI)},
        }
        return theme


_MISSING: dict[tuple[str, str], bool] = {}
_PROBES: dict[str, tuple[pygame.font.Font, bytes, tuple[int, int]]] = {}


def _missing(face: str, ch: str) -> bool:
    """Whether the face draws `ch` as its 'missing glyph' box (compared with a private-use char)."""
    key = (face, ch)
    hit = _MISSING.get(key)
    if hit is not None:
        return hit
    probe = _PROBES.get(face)
    if probe is None:
        try:
            f = pygame.font.Font(str(fonts_dir() / FONT_FILES[face]), 16)
        except (OSError, FileNotFoundError):
            _MISSING[key] = False
            return False
        img = f.render("\ue000", True, (255, 255, 255))
        probe = (f, pygame.image.tobytes(img, "RGBA"), img.get_size())
        _PROBES[face] = probe
    f, notdef, size = probe
    img = f.render(ch, True, (255, 255, 255))
    hit = img.get_size() == size and pygame.image.tobytes(img, "RGBA") == notdef
    _MISSING[key] = hit
    return hit


def main() -> int:
    json.dump(Theme(1.0).gui_theme(), sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
