"""Accessibility checks from the browser tests: axe-core (bundled by axe-playwright-python, no CDN) run on
the page as it is now. A serious or critical violation fails the test and names the rule and the elements."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

_AXE = Axe()
BLOCKING = {"serious", "critical"}


# Waits for finite CSS animations (a dialog fading in) so axe does not judge half-transparent colours.
_SETTLE = """() => Promise.all(document.getAnimations()
    .filter(a => a.effect && a.effect.getComputedTiming().endTime !== Infinity)
    .map(a => a.finished.catch(() => null)))"""


def violations(page: Page, context: str | None = None) -> list[dict]:
    """The serious and critical axe-core violations of the page (or of the `context` selector)."""
    page.evaluate(_SETTLE)
    result = _AXE.run(page, context=context)
    return [v for v in result.response["violations"] if v.get("impact") in BLOCKING]


def assert_accessible(page: Page, context: str | None = None) -> None:
    found = violations(page, context)
    if found:
        lines = [f"{v['id']} ({v['impact']}): {v['help']} -> "
                 + ", ".join(" ".join(node["target"]) if isinstance(node["target"], list) else str(node["target"])
                             for node in v["nodes"][:5])
                 for v in found]
        raise AssertionError(f"{len(found)} serious/critical accessibility violations on {page.url}:\n"
                             + "\n".join(lines))
