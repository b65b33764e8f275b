"""The workspace shell: sidebar navigation, agency header, user menu."""

from __future__ import annotations

import reflex as rx

from app.states.notifications import NotificationRow, NotificationsState
from app.states.session import SessionState

NAV = [
    ("Dashboard", "/", "layout-dashboard"),
    ("Candidates", "/candidates", "users"),
    ("Jobs", "/jobs", "briefcase"),
    ("Profile updates", "/profile-updates", "mail-check"),
    ("Timesheets", "/timesheets", "clock"),
    ("Availability checks", "/availability-checks", "calendar-check"),
]
PHONE_HIDDEN = ["none", "none", "block"]  # breakpoints: hidden below 768px
PHONE_ONLY = ["block", "block", "none"]
# A real POST (not a socket event): the route revokes the session and clears the HttpOnly cookie.
SIGN_OUT_JS = ("const f = document.createElement('form'); f.method = 'post'; f.action = '/auth/logout';"
               " document.body.appendChild(f); f.submit();")
ADMIN_NAV = [
    ("Users", "/admin/users", "user-cog"),
    ("Attributes", "/admin/attributes", "list-plus"),
    ("Stages", "/admin/stages", "columns-3"),
    ("API keys", "/admin/api-keys", "key-round"),
    ("Webhooks", "/admin/webhooks", "webhook"),
    ("Email templates", "/admin/email-templates", "mail"),
    ("Profile form", "/admin/profile-form", "clipboard-list"),
    ("Outbox", "/admin/outbox", "inbox"),
    ("Portal branding", "/admin/branding", "palette"),
]


def _nav_link(label: str, href: str, icon: str) -> rx.Component:
    path = rx.State.router.url.path
    active = (path == href) if href == "/" else path.startswith(href)
    return rx.link(
        rx.hstack(rx.icon(icon, size=18, aria_hidden="true"), rx.text(label), spacing="3", align="center"),
        href=href,
        underline="none",
        aria_current=rx.cond(active, "page", "false"),
        padding_x="0.75rem",
        padding_y="0.5rem",
        border_radius="8px",
        color=rx.cond(active, rx.color("accent", 11), rx.color("gray", 12)),
        background=rx.cond(active, rx.color("accent", 3), "transparent"),
        _hover={"background": rx.color("gray", 3)},
        width="100%",
    )


def _nav_links() -> rx.Component:
    return rx.vstack(
        *[_nav_link(*item) for item in NAV],
        rx.cond(
            SessionState.is_admin,
            rx.vstack(
                rx.text("Admin", size="1", weight="bold", color=rx.color("gray", 11),
                        padding_x="0.75rem", padding_top="1rem", text_transform="uppercase"),
                *[_nav_link(*item) for item in ADMIN_NAV],
                spacing="1", width="100%",
            ),
        ),
        spacing="1",
        width="100%",
    )


def sidebar() -> rx.Component:
    return rx.el.nav(
        _nav_links(),
        aria_label="Main",
        id="main-nav",
        display=PHONE_HIDDEN,
        style={"width": "220px", "padding": "1rem 0.75rem", "flex_shrink": "0",
               "border_right": f"1px solid {rx.color('gray', 5)}", "min_height": "calc(100vh - 56px)"},
    )


def phone_menu() -> rx.Component:
    """Below 768px the sidebar would leave no room for the page: its links open from a header button."""
    return rx.box(
        rx.popover.root(
            rx.popover.trigger(rx.icon_button(rx.icon("menu", size=20), variant="ghost", color_scheme="gray",
                                              aria_label="Menu", id="phone-menu")),
            rx.popover.content(rx.el.nav(_nav_links(), aria_label="Menu"), align="start", min_width="220px"),
        ),
        display=PHONE_ONLY,
    )


def user_menu() -> rx.Component:
    return rx.popover.root(
        rx.popover.trigger(
            rx.button(
                rx.avatar(fallback=SessionState.initials, size="2", radius="full"),
                rx.text(SessionState.user_name, display=["none", "none", "block"]),
                variant="ghost", color_scheme="gray", aria_label="Account menu", id="user-menu",
            )
        ),
        rx.popover.content(
            rx.vstack(
                rx.text(SessionState.user_name, weight="bold"),
                rx.text(SessionState.user_email, size="2", color=rx.color("gray", 11)),
                rx.badge(SessionState.user_role, id="user-role"),
                rx.separator(),
                rx.button(rx.icon("log-out", size=16), "Sign out", variant="soft", color_scheme="gray",
                          width="100%", id="sign-out", on_click=rx.call_script(SIGN_OUT_JS)),
                spacing="2",
                min_width="220px",
            ),
            align="end",
        ),
    )


def _notification(item: NotificationRow) -> rx.Component:
    return rx.button(
        rx.vstack(rx.text(item.title, size="2", text_align="left"),
                  rx.text(item.when, size="1", color=rx.color("gray", 10)), spacing="0", align="start"),
        on_click=NotificationsState.open(item.id), variant="ghost", color_scheme="gray", width="100%",
        height="auto", padding="0.5rem", justify="start", class_name="notification-item",
    )


def bell() -> rx.Component:
    """Unread notifications of the signed-in user; follows user:<id> so new ones arrive live."""
    count = NotificationsState.unread
    return rx.popover.root(
        rx.popover.trigger(
            rx.button(
                rx.icon("bell", size=18, aria_hidden="true"),
                rx.cond(count > 0, rx.badge(count, color_scheme="red", variant="solid", radius="full",
                                            id="bell-count")),
                variant="ghost", color_scheme="gray", id="bell",
                aria_label=rx.cond(count > 0, "Notifications, " + count.to_string() + " unread", "Notifications"),
            ),
        ),
        rx.popover.content(
            rx.vstack(
                rx.hstack(rx.text("Notifications", weight="bold"), rx.spacer(),
                          rx.cond(count > 0, rx.button("Mark all read", size="1", variant="soft",
                                                       on_click=NotificationsState.mark_all_read)),
                          width="100%", align="center"),
                rx.cond(NotificationsState.items.length() > 0,
                        rx.vstack(rx.foreach(NotificationsState.items, _notification), spacing="1", width="100%"),
                        rx.text("You are all caught up.", size="2", color=rx.color("gray", 11))),
                spacing="2", width="320px", id="notifications",
            ),
            align="end",
        ),
    )


def header() -> rx.Component:
    return rx.el.header(
        rx.hstack(
            phone_menu(),
            rx.link(
                rx.hstack(
                    rx.cond(SessionState.agency_logo != "",
                            rx.image(src=SessionState.agency_logo, alt="", width="32px", height="32px")),
                    rx.heading(SessionState.agency_name, size="4", id="agency-name"),
                    align="center", spacing="3",
                ),
                href="/", underline="none", color=rx.color("gray", 12),
            ),
            rx.spacer(),
            rx.box(bell(), on_mount=NotificationsState.load),
            user_menu(),
            align="center",
            width="100%",
        ),
        style={"height": "56px", "padding": "0 1rem", "display": "flex", "align_items": "center",
               "border_bottom": f"1px solid {rx.color('gray', 5)}", "background": rx.color("gray", 1)},
    )


def workspace(*content: rx.Component, title: str) -> rx.Component:
    """A workspace page: shell around a titled main area. Content renders once identity is known."""
    return rx.box(
        rx.el.a("Skip to content", href="#main", class_name="skip-link"),
        header(),
        rx.flex(
            sidebar(),
            rx.el.main(
                rx.heading(title, size="6", margin_bottom="1rem", as_="h1"),
                rx.cond(SessionState.user_role != "", rx.fragment(*content),
                        rx.center(rx.spinner(size="3"), padding="4rem")),
                id="main",
                padding=["1rem", "1rem", "1.5rem 2rem"],
                style={"flex": "1", "min_width": "0"},
            ),
        ),
    )


def stat_card(label: str, value, icon: str) -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.icon(icon, size=22, color=rx.color("accent", 10), aria_hidden="true"),
            rx.vstack(
                rx.text(label, size="2", color=rx.color("gray", 11)),
                rx.heading(value, size="7"),
                spacing="0",
            ),
            spacing="4", align="center",
        ),
        min_width="200px",
    )


def empty_state(icon: str, title: str, text: str) -> rx.Component:
    return rx.center(
        rx.vstack(
            rx.icon(icon, size=36, color=rx.color("gray", 9), aria_hidden="true"),
            rx.heading(title, size="4", as_="h2"),
            rx.text(text, color=rx.color("gray", 11), text_align="center", max_width="32rem"),
            align="center", spacing="2",
        ),
        padding="3rem",
        border=f"1px dashed {rx.color('gray', 6)}",
        border_radius="12px",
    )
