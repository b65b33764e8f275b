"""/portal/[portal_slug]: the agency's branded sign-in page (email address -> single-use sign-in link)."""

from __future__ import annotations

import reflex as rx

from app.components.portal_layout import portal_header
from app.components.portal_self import status_line
from app.states.portal_sign_in import PortalSignInState as S


def _notice() -> rx.Component:
    return rx.cond(S.notice_text != "", rx.el.p(rx.icon("info", size=18, aria_hidden="true"),
                                                rx.el.span(S.notice_text), class_name="pb-notice pt-notice",
                                                id="ps-signin-notice", role="status"))


def _form() -> rx.Component:
    error = S.email_error
    return rx.form(
        rx.box(
            rx.el.label(S.t["signin.email"], html_for="ps-signin-email", class_name="pf-label"),
            rx.input(name="email", type="email", id="ps-signin-email", auto_complete="email", size="3",
                     width="100%", default_value=S.email,
                     aria_invalid=rx.cond(error != "", "true", "false"),
                     aria_describedby=rx.cond(error != "", "ps-signin-email-error", None)),
            rx.cond(error != "", rx.el.p(rx.icon("circle-alert", size=16, aria_hidden="true"), rx.el.span(error),
                                         class_name="pf-error", id="ps-signin-email-error")),
            class_name="pf-field",
        ),
        rx.button(rx.icon("mail", size=18, aria_hidden="true"), S.t["signin.send"], type="submit", size="4",
                  id="ps-signin-send", class_name="pf-submit ps-brand-button"),
        status_line(S.problem, "problem", "ps-signin-problem"),
        on_submit=S.request_link, no_validate=True, reset_on_submit=False, aria_labelledby="ps-signin-title",
    )


def _sent() -> rx.Component:
    return rx.box(
        rx.el.p(rx.icon("mail-check", size=20, aria_hidden="true"), rx.el.span(S.sent_text),
                class_name="ps-outcome ps-outcome-ok", id="ps-signin-sent", role="status", tab_index=-1),
        rx.el.p(S.t["signin.check"], class_name="pb-intro pt-check"),
        rx.el.button(S.t["signin.again"], type="button", on_click=S.another, class_name="ps-button-outline",
                     id="ps-signin-again"),
    )


def _card() -> rx.Component:
    return rx.box(
        rx.cond(S.welcome != "", rx.el.p(S.welcome, class_name="pb-intro pt-welcome", id="ps-signin-welcome")),
        rx.el.h1(S.t["signin.title"], class_name="pb-title", id="ps-signin-title"),
        _notice(),
        rx.cond(S.sent, _sent(), rx.fragment(rx.el.p(S.t["signin.intro"], class_name="pb-intro"), _form())),
        rx.cond(S.support_text != "", rx.el.p(S.support_text, class_name="pf-hint pt-support")),
        class_name="pb-card pt-signin",
    )


def _unknown() -> rx.Component:
    return rx.box(rx.el.h1(S.t["signin.unknown"], class_name="pb-title"), class_name="pb-card pt-signin")


def portal_sign_in_page() -> rx.Component:
    return rx.box(
        rx.el.a("Skip to content", href="#main", class_name="skip-link"),
        rx.cond(S.known_agency, portal_header(signed_in=False, on_language=S.pick_language)),
        rx.el.main(rx.box(rx.cond(S.known_agency, rx.cond(S.slug != "", _card()), _unknown()),
                          class_name="pb-content pt-narrow"), id="main", class_name="pb-main"),
        class_name="pb-page pt-page", style=S.brand, lang=S.lang,
    )
