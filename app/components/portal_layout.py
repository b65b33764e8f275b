"""The frame of every candidate portal page: the agency's brand, the candidate's navigation, the language.

SECTIONS is the one list of the portal's sections: a new section is one line here, a "nav.<key>" text in
portal_text, and its page at /portal/[portal_slug]/<suffix>.
"""

from __future__ import annotations

import reflex as rx
from reflex.components.el.elements.typography import Div

from app.services.portal_text import LANGUAGES
from app.states.portal_session import PortalSessionState as P

SECTIONS = [  # (key, route suffix, icon)
    ("applications", "applications", "briefcase"),
    ("jobs", "jobs", "search"),
    ("profile", "profile", "user"),
    ("documents", "documents", "file-text"),
    ("messages", "messages", "mail"),
    ("shifts", "shifts", "calendar-check"),
    ("timesheets", "timesheets", "clock"),
    ("availability", "availability", "calendar"),
    ("privacy", "privacy", "shield-check"),
]
TEMP_SECTIONS = {"shifts", "timesheets", "availability"}  # shown to temp workers only (P.temp_worker)


class _PlainForm(Div):
    """A <form> the browser submits itself (rx.el.form always prevents that to send a Reflex event)."""

    tag = "form"


def language_switcher(on_change) -> rx.Component:
    return rx.box(
        rx.el.label(rx.icon("languages", size=16, aria_hidden="true"),
                    rx.el.span(P.t["language"], class_name="visually-hidden"),
                    html_for="pt-language", class_name="pt-lang-label"),
        rx.el.select(*[rx.el.option(name, value=code, lang=code) for code, name in LANGUAGES.items()],
                     id="pt-language", value=P.lang, on_change=on_change, class_name="pt-lang-select"),
        class_name="pt-lang",
    )


def sign_out_form() -> rx.Component:
    return _PlainForm.create(
        rx.el.button(rx.icon("log-out", size=16, aria_hidden="true"), rx.el.span(P.t["sign_out"]),
                     type="submit", id="pt-sign-out", class_name="pt-sign-out"),
        custom_attrs={"action": "/portal-auth/sign-out", "method": "post"},
        class_name="pt-sign-out-form",
    )


def portal_header(*, signed_in, on_language) -> rx.Component:
    """The agency's colour, logo and portal title; the language switcher; sign-out when signed in."""
    return rx.el.header(
        rx.box(
            rx.box(
                rx.cond(P.logo_url != "",
                        rx.box(rx.el.img(src=P.logo_url, alt="", referrer_policy="no-referrer", class_name="pb-logo"),
                               class_name="pb-logo-chip")),
                rx.box(
                    rx.el.p(P.portal_title, class_name="pt-title", id="pt-portal-title"),
                    rx.cond(P.portal_title != P.agency_name,
                            rx.el.p(P.agency_name, class_name="pt-agency", id="agency-brand-name")),
                    class_name="pt-titles",
                ),
                class_name="pt-brand",
            ),
            rx.box(
                language_switcher(on_language),
                rx.cond(signed_in, sign_out_form()),
                class_name="pt-tools",
            ),
            class_name="pt-header-inner",
        ),
        class_name="pb-header pt-header",
    )


def _nav_item(key: str, suffix: str, icon: str, active: str) -> rx.Component:
    item = rx.el.li(rx.link(rx.icon(icon, size=18, aria_hidden="true"), rx.el.span(P.t[f"nav.{key}"]),
                            href=f"/portal/{P.slug}/{suffix}",
                            aria_current="page" if key == active else None,
                            class_name="pt-nav-link" + (" pt-nav-active" if key == active else ""),
                            id=f"pt-nav-{key}"))
    return rx.cond(P.temp_worker, item) if key in TEMP_SECTIONS else item


def portal_nav(active: str) -> rx.Component:
    return rx.el.nav(
        rx.el.ul(
            *[_nav_item(key, suffix, icon, active) for key, suffix, icon in SECTIONS],
            class_name="pt-nav-list",
        ),
        aria_label=P.t["menu"], class_name="pt-nav",
    )


def portal_page(*content: rx.Component, active: str) -> rx.Component:
    """A signed-in portal page; `active` is one of SECTIONS' keys. Shows nothing until the guard has run.

    When the session ends while the page is open (the recruiter closed the portal), `signed_out` mounts a marker
    whose mount sends the tab to the sign-in page."""
    return rx.box(
        rx.el.a("Skip to content", href="#main", class_name="skip-link"),
        rx.box(
            portal_header(signed_in=P.signed_in, on_language=P.change_language),
            rx.cond(P.signed_in, portal_nav(active)),
            class_name="pt-sticky",
        ),
        rx.el.main(rx.cond(P.signed_in, rx.box(*content, class_name="pb-content")), id="main", class_name="pb-main"),
        rx.cond(P.signed_out, rx.box(on_mount=P.leave, id="pt-signed-out", hidden=True)),
        class_name="pb-page pt-page", style=P.brand, lang=P.lang,
    )
