import reflex as rx

from app.components.forms import labelled
from app.components.layout import workspace
from app.states.admin_users import AdminUsersState, UserRow

ROLES = ["admin", "recruiter", "viewer"]


def _err(field: str):
    return AdminUsersState.form_errors.get(field, "")


def _create_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.trigger(rx.button(rx.icon("user-plus", size=16), "Add user", id="add-user")),
        rx.dialog.content(
            rx.dialog.title("Add a user"),
            rx.dialog.description("They sign in with this email and password; they can use single sign-on "
                                  "too when it is configured.", size="2", margin_bottom="1rem"),
            rx.form(
                rx.vstack(
                    labelled("Name", rx.input(id="new-name", name="name", width="100%",
                                              default_value=AdminUsersState.form_values["name"]),
                             "new-name", _err("name")),
                    labelled("Email", rx.input(id="new-email", name="email", type="email", width="100%",
                                               default_value=AdminUsersState.form_values["email"]),
                             "new-email", _err("email")),
                    labelled("Role", rx.el.select(*[rx.el.option(r.capitalize(), value=r) for r in ROLES],
                                                  id="new-role", name="role",
                                                  default_value=AdminUsersState.form_values["role"],
                                                  class_name="native-select"),
                             "new-role", _err("role")),
                    labelled("Initial password", rx.input(id="new-password", name="password", type="password",
                                                          auto_complete="new-password", width="100%"),
                             "new-password", _err("password")),
                    rx.hstack(
                        rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray", type="button")),
                        rx.button("Create user", type="submit", id="create-user"),
                        justify="end", width="100%",
                    ),
                    spacing="3",
                ),
                on_submit=AdminUsersState.create,
                no_validate=True,
            ),
        ),
        open=AdminUsersState.form_open,
        on_open_change=AdminUsersState.set_form_open,
    )


def _confirm_deactivate(user: UserRow) -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(
            rx.button("Deactivate", size="1", variant="soft", color_scheme="red",
                      aria_label="Deactivate " + user.email)),
        rx.alert_dialog.content(
            rx.alert_dialog.title("Deactivate this user?"),
            rx.alert_dialog.description(
                rx.text(user.name, " will be signed out everywhere at once and can no longer sign in. "
                        "You can reactivate them later."), size="2"),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(rx.button("Deactivate", color_scheme="red",
                                                 on_click=AdminUsersState.deactivate(user.id))),
                justify="end", spacing="3", margin_top="1rem",
            ),
        ),
    )


def _row(user: UserRow) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(user.name),
        rx.table.cell(user.email),
        rx.table.cell(
            rx.el.select(*[rx.el.option(r.capitalize(), value=r) for r in ROLES],
                         value=user.role, disabled=user.is_me,
                         on_change=lambda role: AdminUsersState.change_role(user.id, role),
                         aria_label="Role of " + user.email, class_name="native-select"),
        ),
        rx.table.cell(rx.cond(user.active, rx.badge("Active", color_scheme="green", high_contrast=True),
                              rx.badge("Deactivated", color_scheme="gray", high_contrast=True))),
        rx.table.cell(user.last_login),
        rx.table.cell(
            rx.cond(
                user.is_me, rx.text("You", size="2", color=rx.color("gray", 11)),
                rx.cond(user.active, _confirm_deactivate(user),
                        rx.button("Reactivate", size="1", variant="soft",
                                  on_click=AdminUsersState.reactivate(user.id))),
            )
        ),
        data_email=user.email,
    )


def admin_users_page() -> rx.Component:
    return workspace(
        rx.hstack(rx.text("People of your agency who can sign in to Candor."), rx.spacer(), _create_dialog(),
                  width="100%", align="center", margin_bottom="1rem"),
        rx.table.root(
            rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in
                                           ("Name", "Email", "Role", "Status", "Last sign-in", "")])),
            rx.table.body(rx.foreach(AdminUsersState.rows, _row)),
            width="100%", id="users-table",
        ),
        title="Users",
    )
