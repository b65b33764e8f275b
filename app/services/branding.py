"""An agency's colour on public pages, made safe to use: a valid hex, and readable text on it and in it.

Agencies pick any colour; a pale yellow must still give buttons with readable labels and links that can be
read on white (WCAG AA: 4.5:1 for text).
"""

from __future__ import annotations

import re

DEFAULT_COLOR = "#4f46e5"
HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
DARK_TEXT = "#111827"
WHITE = "#ffffff"
AA = 4.5


def safe_color(value: str | None) -> str:
    """The colour as #rrggbb (lower case), or Candor's default when it is not one."""
    value = (value or "").strip()
    if re.fullmatch(r"#[0-9a-fA-F]{3}", value):
        value = "#" + "".join(c * 2 for c in value[1:])
    return value.lower() if HEX.fullmatch(value) else DEFAULT_COLOR


def _rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def _hex(rgb) -> str:
    return "#" + "".join(f"{max(0, min(255, round(c))):02x}" for c in rgb)


def luminance(color: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _mix(color: str, other: str, weight: float) -> str:
    """`weight` of `other` mixed into `color`."""
    return _hex(c + (o - c) * weight for c, o in zip(_rgb(color), _rgb(other)))


def text_on(color: str) -> str:
    """White or near-black, whichever reads better on the colour."""
    return WHITE if contrast(color, WHITE) >= contrast(color, DARK_TEXT) else DARK_TEXT


def ink(color: str) -> str:
    """The colour itself if text in it is readable on white, else the colour darkened just enough."""
    darker = color
    for step in range(1, 21):
        if contrast(darker, WHITE) >= AA:
            return darker
        darker = _mix(color, "#000000", step * 0.05)
    return DARK_TEXT


def css_vars(color: str | None) -> dict[str, str]:
    """Custom properties for a page in the agency's colour: Radix's accent scale overridden where it shows."""
    brand = safe_color(color)
    on_brand = text_on(brand)
    text = ink(brand)
    hover = _mix(brand, "#000000" if on_brand == WHITE else WHITE, 0.12)
    return {
        "--brand": brand,
        "--brand-contrast": on_brand,
        "--brand-ink": text,
        "--accent-9": brand,
        "--accent-a9": brand,
        "--accent-10": hover,
        "--accent-a10": hover,
        "--accent-contrast": on_brand,
        "--accent-11": text,
        "--accent-a11": text,
        "--accent-12": _mix(text, "#000000", 0.35),
        "--accent-a12": _mix(text, "#000000", 0.35),
        "--accent-8": text,
        "--accent-a8": text,
        "--accent-7": _mix(brand, WHITE, 0.45),
        "--accent-a7": _mix(brand, WHITE, 0.45),
        "--accent-6": _mix(brand, WHITE, 0.6),
        "--accent-a6": _mix(brand, WHITE, 0.6),
        "--accent-5": _mix(brand, WHITE, 0.72),
        "--accent-a5": _mix(brand, WHITE, 0.72),
        "--accent-4": _mix(brand, WHITE, 0.8),
        "--accent-a4": _mix(brand, WHITE, 0.8),
        "--accent-3": _mix(brand, WHITE, 0.87),
        "--accent-a3": _mix(brand, WHITE, 0.87),
        "--accent-2": _mix(brand, WHITE, 0.94),
        "--accent-a2": _mix(brand, WHITE, 0.94),
        "--accent-surface": _mix(brand, WHITE, 0.94),
        "--accent-indicator": brand,
        "--focus-8": text,
    }
