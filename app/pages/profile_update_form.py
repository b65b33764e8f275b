"""/update/[token]: the candidate's branded profile-update form, its thank-you page and the dead-link page."""

from __future__ import annotations

import reflex as rx

from app.components.profile_fields import error_summary, profile_fields
from app.components.public_page import public_page, status_panel
from app.states.profile_update_form import ProfileUpdateFormState as S

DEAD_PAGES = {
    "expired": ("This link has expired",
                "For your security, profile links only work for a limited time."),
    "used": ("This link has already been used",
             "Your profile was already sent with this link, and each link works only once."),
    "replaced": ("A newer link has been sent to you",
                 "This link was replaced by a newer one. Please use the most recent email you received."),
    "cancelled": ("This link was withdrawn",
                  "The request to update your profile was cancelled."),
    "unknown": ("This link is not valid",
                "Please check that you opened the whole link from your email. "
                "If it still does not work, contact the agency that sent it."),
}


def _form() -> rx.Component:
    return rx.box(
        rx.el.h1(S.texts["page_title"], class_name="pb-title", id="pu-title"),
        rx.el.p(S.texts["intro"], class_name="pb-intro", id="pu-intro"),
        rx.el.p(rx.el.span("*", aria_hidden="true", class_name="pf-req"), " marks a required field.",
                class_name="pf-hint pf-legend-note"),
        error_summary(S),
        rx.form(
            profile_fields(S),
            rx.box(
                rx.button(rx.cond(S.submitting, rx.spinner(size="2"), rx.icon("send", size=18, aria_hidden="true")),
                          rx.cond(S.submitting, "Sending…", S.texts["submit_label"]),
                          type="submit", size="4", id="pu-submit", class_name="pf-submit",
                          disabled=S.submitting | S.cv_uploading),
                class_name="pf-actions",
            ),
            on_submit=S.submit,
            no_validate=True,
            reset_on_submit=False,
            key=S.form_key,
            id="profile-update-form",
            aria_labelledby="pu-title",
        ),
        class_name="pb-card",
    )


def _done() -> rx.Component:
    return status_panel(
        "circle-check", S.texts["success_title"],
        rx.el.p(S.texts["success_text"], class_name="pb-intro", id="pu-success-text"),
        id="pu-success",
    )


def _asked() -> rx.Component:
    return rx.match(
        S.asked,
        ("told", rx.box(rx.icon("mail-check", size=18, aria_hidden="true"),
                        rx.el.span(rx.cond(S.agency_name != "", S.agency_name, "The agency"),
                                   " has been told. Your recruiter will send you a new link."),
                        class_name="pb-notice", id="pu-asked", role="status", tab_index=-1)),
        ("failed", rx.box(rx.icon("info", size=18, aria_hidden="true"),
                          rx.el.span("We could not pass this on. Please contact ",
                                     rx.cond(S.agency_name != "", S.agency_name, "the agency"), " directly."),
                          class_name="pb-notice", id="pu-asked", role="status", tab_index=-1)),
        rx.button(rx.icon("mail", size=18, aria_hidden="true"), S.texts["new_link_label"], size="3",
                  id="pu-ask", class_name="pf-submit", on_click=S.ask_for_new_link),
    )


def _dead() -> rx.Component:
    title = rx.match(S.dead_reason, *[(k, v[0]) for k, v in DEAD_PAGES.items()], DEAD_PAGES["unknown"][0])
    text = rx.match(S.dead_reason, *[(k, v[1]) for k, v in DEAD_PAGES.items()], DEAD_PAGES["unknown"][1])
    return status_panel(
        "link-2-off", title,
        rx.el.p(text, class_name="pb-intro", id="pu-dead-text"),
        rx.cond(S.can_ask, rx.box(
            rx.el.p("You can ask for a new link: we will let your recruiter know.", class_name="pb-intro"),
            _asked(),
            class_name="pb-ask",
        )),
        tone="muted", id="pu-dead", data_reason=S.dead_reason,
    )


def _loading() -> rx.Component:
    return rx.center(rx.spinner(size="3"), rx.el.span("Loading your profile…", class_name="visually-hidden"),
                     padding="4rem", role="status")


def profile_update_page() -> rx.Component:
    return public_page(
        rx.match(S.phase, ("form", _form()), ("done", _done()), ("dead", _dead()), _loading()),
        agency_name=S.agency_name, logo_url=S.logo_url, brand_style=S.brand,
    )
