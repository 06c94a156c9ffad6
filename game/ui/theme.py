"""The one visual theme: palette, type scale and spacing rhythm, and the pygame_gui theme made from it.

Every colour, font size and gap the UI uses comes from here, scaled by `Theme.scale` (the
player's UI scale times a factor that follows the window size), so the look stays coherent from
1280x720 to 2560x1440. `python -m game.ui.theme` prints the pygame_gui theme JSON.
"""
from __future__ import annotations

import json
import sys
from collections import OrderedDict
from pathlib import Path

import pygame

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
BASE_SIZE = (1280, 720)


def fonts_dir() -> Path:
    return assets_dir() / "fonts"


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
        # (text, rect) of every string drawn this frame: what the player sees, for tests.
        self.seen: list[tuple[str, pygame.Rect]] = []

    def px(self, n: float) -> int:
        return int(round(n * self.scale))

    def font(self, role: str) -> pygame.font.Font:
        f = self._fonts.get(role)
        if f is None:
            face, size = TYPE[role]
            path = fonts_dir() / FONT_FILES[face]
            try:
                f = pygame.font.Font(str(path), max(6, self.px(size)))
            except (OSError, FileNotFoundError):  # a broken install still shows something
                f = pygame.font.Font(None, max(8, self.px(size * 1.3)))
            self._fonts[role] = f
        return f

    def line_height(self, role: str) -> int:
        return self.font(role).get_linesize()

    def render(self, text: str, role: str, colour) -> pygame.Surface:
        key = (text, role, tuple(colour))
        surf = self._cache.get(key)
        if surf is None:
            surf = self.font(role).render(text, True, colour)
            self._cache[key] = surf
            if len(self._cache) > 3000:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(key)
        return surf

    def size(self, text: str, role: str) -> tuple[int, int]:
        return self.font(role).size(text)

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


def main() -> int:
    json.dump(Theme(1.0).gui_theme(), sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
