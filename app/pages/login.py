import reflex as rx

from app.states.login import LoginState


def _field(label: str, **props) -> rx.Component:
    return rx.vstack(
        rx.el.label(label, html_for=props["id"], style={"font_weight": "500", "font_size": "14px"}),
        rx.input(size="3", width="100%", **props),
        spacing="1", width="100%",
    )


def login_page() -> rx.Component:
    return rx.center(
        rx.card(
            rx.vstack(
                rx.hstack(rx.image(src="/favicon.svg", alt="", width="36px"), rx.heading("Candor", size="6"),
                          align="center", spacing="3"),
                rx.heading("Sign in to your workspace", size="4", as_="h1", weight="medium"),
                rx.cond(LoginState.notice != "",
                        rx.callout(LoginState.notice, icon="info", color_scheme="green", width="100%")),
                rx.form(
                    rx.vstack(
                        _field("Email", id="email", name="email", type="email", auto_complete="username",
                               value=LoginState.email, on_change=LoginState.set_email, required=True),
                        _field("Password", id="password", name="password", type="password",
                               auto_complete="current-password", required=True),
                        rx.cond(LoginState.error != "",
                                rx.callout(LoginState.error, icon="triangle-alert", color_scheme="red",
                                           role="alert", id="login-error", width="100%")),
                        rx.button("Sign in", type="submit", size="3", width="100%", id="sign-in"),
                        spacing="4", width="100%",
                    ),
                    on_submit=LoginState.submit,
                    width="100%",
                ),
                rx.cond(
                    LoginState.sso_enabled,
                    rx.vstack(
                        rx.separator(),
                        rx.link(rx.button("Sign in with ", LoginState.sso_label, variant="outline", size="3",
                                          width="100%"), href=LoginState.sso_href, width="100%", id="sso"),
                        width="100%",
                    ),
                ),
                spacing="4", width="100%",
            ),
            size="4",
            width="100%",
            max_width="420px",
        ),
        min_height="100vh",
        padding="1rem",
        background=rx.color("gray", 2),
    )


def forbidden_page() -> rx.Component:
    return rx.center(
        rx.vstack(
            rx.icon("shield-x", size=40, aria_hidden="true"),
            rx.heading("You don't have access to this page", as_="h1", size="5"),
            rx.text("Ask an admin of your agency if you need it."),
            rx.link("Back to the dashboard", href="/"),
            align="center", spacing="3",
        ),
        min_height="100vh",
    )
