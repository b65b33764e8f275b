"""An agency's colour on public pages stays readable whatever the agency picked."""

import pytest

from app.services import branding


@pytest.mark.parametrize("raw, clean", [("#4F46E5", "#4f46e5"), ("#abc", "#aabbcc"), ("red", branding.DEFAULT_COLOR),
                                        ("", branding.DEFAULT_COLOR), (None, branding.DEFAULT_COLOR),
                                        ("#12345g", branding.DEFAULT_COLOR), ("#fff;x:y", branding.DEFAULT_COLOR)])
def test_only_a_hex_colour_reaches_the_page(raw, clean):
    assert branding.safe_color(raw) == clean


@pytest.mark.parametrize("color", ["#4f46e5", "#ffeb3b", "#00c853", "#000000", "#ffffff", "#808080", "#e11d48"])
def test_button_labels_and_links_are_readable_in_any_colour(color):
    styles = branding.css_vars(color)
    assert branding.contrast(styles["--brand"], styles["--brand-contrast"]) >= 4.4
    assert branding.contrast(styles["--brand-ink"], "#ffffff") >= 4.5


def test_a_pale_colour_gets_dark_labels_and_a_darker_link_colour():
    styles = branding.css_vars("#ffeb3b")
    assert styles["--brand-contrast"] == branding.DARK_TEXT
    assert styles["--brand"] == "#ffeb3b" and styles["--brand-ink"] != "#ffeb3b"
    assert branding.css_vars("#1e3a8a")["--brand-contrast"] == "#ffffff"
