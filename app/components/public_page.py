"""The frame of pages candidates see (profile-update link, later the portal): the agency's brand, no Candor chrome."""

from __future__ import annotations

import reflex as rx


def brand_header(agency_name, logo_url) -> rx.Component:
    return rx.el.header(
        rx.box(
            rx.cond(logo_url != "",
                    rx.box(rx.el.img(src=logo_url, alt="", referrer_policy="no-referrer", class_name="pb-logo"),
                           class_name="pb-logo-chip")),
            rx.cond(agency_name != "", rx.el.p(agency_name, class_name="pb-name", id="agency-brand-name")),
            class_name="pb-header-inner",
        ),
        class_name="pb-header",
    )


def public_page(*content: rx.Component, agency_name, logo_url, brand_style) -> rx.Component:
    """A branded page: `brand_style` is a dict Var of CSS custom properties (app.services.branding.css_vars)."""
    return rx.box(
        rx.el.a("Skip to content", href="#main", class_name="skip-link"),
        brand_header(agency_name, logo_url),
        rx.el.main(rx.box(*content, class_name="pb-content"), id="main", class_name="pb-main"),
        class_name="pb-page",
        style=brand_style,
    )


def status_panel(icon: str, title, *body: rx.Component, tone: str = "brand", **props) -> rx.Component:
    """A short page with one message: done, a dead link, loading."""
    return rx.box(
        rx.box(rx.icon(icon, size=28, aria_hidden="true"), class_name=f"pb-status-icon pb-tone-{tone}"),
        rx.el.h1(title, class_name="pb-title", id="pu-status-title", tab_index=-1),
        *body,
        class_name="pb-card pb-status", **props,
    )
