"""/admin/branding: the agency's portal look, with a live preview of the portal's welcome card."""

import reflex as rx

from app.components.forms import field_error, label_file_input, labelled
from app.components.layout import workspace
from app.states.admin_branding import TIME_ZONES, AdminBrandingState as B

UPLOAD_ID = "brand-logo"
MUTED = rx.color("gray", 11)


def _text(name: str, label: str, **props) -> rx.Component:
    return labelled(label, rx.input(id=f"brand-{name}", value=B.values[name], on_change=B.set_field(name),
                                    width="100%", **props), f"brand-{name}", B.errors.get(name, ""))


def _colour() -> rx.Component:
    return labelled(
        "Primary colour",
        rx.hstack(
            rx.el.input(type="color", value=B.preview_style["--brand"], aria_label="Pick the primary colour",
                        on_change=B.set_field("primary_color"), id="brand-color-picker",
                        style={"width": "3rem", "height": "2rem", "padding": "0", "border": "none"}),
            rx.input(id="brand-primary_color", value=B.values["primary_color"],
                     on_change=B.set_field("primary_color"), width="9rem", placeholder="#0f766e",
                     aria_describedby="brand-color-help"),
            spacing="2", align="center",
        ),
        "brand-primary_color", B.errors.get("primary_color", ""),
    )


def _logo() -> rx.Component:
    return rx.vstack(
        rx.text("Logo", weight="medium", size="2"),
        rx.hstack(
            rx.cond(B.logo_url != "",
                    rx.image(src=B.logo_url, alt="Current logo", height="48px", id="brand-logo-current"),
                    rx.text("No logo yet", size="2", color=MUTED)),
            label_file_input(rx.upload(
                rx.button(rx.icon("upload", size=14), "Upload a logo", variant="soft", type="button"),
                id=UPLOAD_ID, multiple=False, max_files=1,
                on_drop=[B.upload_started, B.upload_logo(rx.upload_files(upload_id=UPLOAD_ID))],
                border="none", padding="0", data_testid="logo-dropzone",
            ), "Upload a logo"),
            spacing="3", align="center",
        ),
        rx.text("PNG, JPEG, WebP or GIF, at most 1 MB.", size="1", color=MUTED),
        field_error(B.logo_error),
        spacing="1", width="100%", id="brand-logo",
    )


def _form() -> rx.Component:
    return rx.vstack(
        _logo(),
        _colour(),
        rx.text("Buttons show white text on this colour: it must reach a contrast of 4.5:1 (WCAG AA).",
                size="1", color=MUTED, id="brand-color-help"),
        _text("portal_title", "Portal title", placeholder="e.g. Harbour careers", max_length=200),
        labelled("Welcome text", rx.text_area(id="brand-welcome_text", value=B.values["welcome_text"],
                                              on_change=B.set_field("welcome_text"), rows="4", width="100%"),
                 "brand-welcome_text", B.errors.get("welcome_text", "")),
        _text("support_email", "Support email", type="email"),
        _text("support_phone", "Support phone", type="tel"),
        labelled("Default language",
                 rx.el.select(rx.el.option("English", value="en"), rx.el.option("Français", value="fr"),
                              id="brand-default_language", value=B.values["default_language"],
                              on_change=B.set_field("default_language"), class_name="native-select"),
                 "brand-default_language", B.errors.get("default_language", "")),
        labelled("Time zone (shifts, timesheets and their reminders)",
                 rx.el.select(*[rx.el.option(zone.replace("_", " "), value=zone) for zone in TIME_ZONES],
                              id="brand-time_zone", value=B.values["time_zone"], on_change=B.set_field("time_zone"),
                              class_name="native-select"),
                 "brand-time_zone", B.errors.get("time_zone", "")),
        rx.button(rx.icon("save", size=14), "Save branding", id="save-branding", on_click=B.save),
        spacing="3", width="100%", max_width="28rem", align="start",
    )


def _preview() -> rx.Component:
    return rx.box(
        rx.text("Preview", weight="medium", size="2", margin_bottom="0.5rem"),
        rx.card(
            rx.vstack(
                rx.hstack(
                    rx.cond(B.logo_url != "", rx.image(src=B.logo_url, alt="", height="32px")),
                    rx.heading(B.preview_title, size="4", as_="h2", id="preview-title"),
                    spacing="2", align="center",
                ),
                rx.text(rx.cond(B.values["welcome_text"] != "", B.values["welcome_text"],
                                "Welcome! Sign in with your email address."), size="2", white_space="pre-wrap",
                        id="preview-welcome"),
                rx.el.button("Send me a sign-in link", type="button", id="preview-button", tab_index=-1,
                             style={"background": "var(--brand)", "color": "var(--brand-contrast)",
                                    "border": "none", "border_radius": "6px", "padding": "0.5rem 1rem"}),
                rx.text("Need help? ", rx.el.span(B.values["support_email"], style={"color": "var(--brand-ink)"}),
                        " ", B.values["support_phone"], size="1"),
                spacing="3", align="start",
            ),
            style=B.preview_style, width="100%", id="branding-preview",
        ),
        width="100%", max_width="24rem",
    )


def admin_branding_page() -> rx.Component:
    return workspace(
        rx.vstack(
            rx.text("How your candidate portal looks: its sign-in page, its pages and the header of its emails.",
                    color=MUTED, size="2"),
            rx.flex(_form(), _preview(), gap="2rem", wrap="wrap", width="100%", align="start"),
            spacing="4", width="100%",
        ),
        title="Portal branding",
    )
