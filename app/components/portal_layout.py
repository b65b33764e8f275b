"""The frame of every candidate portal page: the agency's brand, the candidate's navigation, the language."""

from __future__ import annotations

import reflex as rx

from app.components.public_page import brand_header
from app.states.portal_session import PortalSessionState as P

SECTIONS = [  # (key, route suffix, icon)
    ("applications", "applications", "briefcase"),
    ("jobs", "jobs", "search"),
    ("profile", "profile", "user"),
    ("documents", "documents", "file-text"),
    ("messages", "messages", "mail"),
    ("privacy", "privacy", "shield-check"),
]


def portal_nav(active: str) -> rx.Component:
    return rx.el.nav(
        *[rx.link(rx.icon(icon, size=18, aria_hidden="true"), rx.text(P.t[f"nav.{key}"]),
                  href=f"/portal/{P.slug}/{suffix}",
                  aria_current="page" if key == active else None,
                  class_name="pt-nav-link" + (" pt-nav-active" if key == active else ""))
          for key, suffix, icon in SECTIONS],
        aria_label="Portal", class_name="pt-nav",
    )


def portal_page(*content: rx.Component, active: str) -> rx.Component:
    """A signed-in portal page; `active` is one of SECTIONS' keys. Shows nothing until the guard has run."""
    return rx.box(
        rx.el.a("Skip to content", href="#main", class_name="skip-link"),
        brand_header(P.agency_name, P.logo_url),
        rx.cond(P.signed_in, portal_nav(active)),
        rx.el.main(rx.cond(P.signed_in, rx.box(*content, class_name="pb-content")), id="main", class_name="pb-main"),
        class_name="pb-page", style=P.brand, lang=P.lang,
    )
