"""/portal/[portal_slug]/profile: the candidate's profile, the same form as the profile-update link."""

from __future__ import annotations

import reflex as rx

from app.components.portal_layout import portal_page
from app.components.portal_self import loading, page_heading, status_line
from app.components.profile_fields import error_summary, profile_fields
from app.states.portal_profile import PortalProfileState as S


def _form() -> rx.Component:
    return rx.box(
        page_heading(S.t["profile.title"], S.t["profile.intro"], "ps-profile-title"),
        rx.el.p(rx.el.span("*", aria_hidden="true", class_name="pf-req"), S.t["profile.required_note"],
                class_name="pf-hint pf-legend-note"),
        error_summary(S),
        rx.form(
            profile_fields(S),
            rx.box(
                rx.button(rx.cond(S.saving, rx.spinner(size="2"), rx.icon("save", size=18, aria_hidden="true")),
                          rx.cond(S.saving, S.t["profile.saving"], S.t["profile.save"]),
                          type="submit", size="4", id="ps-profile-save", class_name="pf-submit",
                          disabled=S.saving | S.cv_uploading),
                status_line(S.outcome, S.outcome_tone),
                class_name="pf-actions ps-actions",
            ),
            on_submit=S.save,
            no_validate=True,
            reset_on_submit=False,
            key=S.form_key,
            id="ps-profile-form",
            aria_labelledby="ps-profile-title",
        ),
        class_name="pb-card",
    )


def portal_profile_page() -> rx.Component:
    return portal_page(rx.cond(S.loaded, _form(), loading(S.t["profile.loading"])), active="profile")
