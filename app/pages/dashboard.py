import reflex as rx

from app.components.layout import empty_state, stat_card, workspace
from app.states.dashboard import DashboardState


def _stage_row(item: dict) -> rx.Component:
    return rx.table.row(rx.table.cell(item["stage"]), rx.table.cell(item["count"], text_align="right"))


def _activity_row(item: dict) -> rx.Component:
    return rx.hstack(
        rx.text(item["when"], size="1", color=rx.color("gray", 10), min_width="8.5rem"),
        rx.text(rx.text.strong(item["who"]), " ", item["what"], size="2"),
        spacing="3",
    )


def dashboard_page() -> rx.Component:
    return workspace(
        rx.flex(
            stat_card("Open jobs", DashboardState.open_jobs, "briefcase"),
            stat_card("Candidates", DashboardState.candidates_total, "users"),
            stat_card("In process", DashboardState.candidates_in_process, "activity"),
            gap="1rem", wrap="wrap", id="counters",
        ),
        rx.grid(
            rx.card(
                rx.heading("Applications per stage", size="3", margin_bottom="0.5rem", as_="h2"),
                rx.table.root(rx.table.body(rx.foreach(DashboardState.per_stage, _stage_row))),
            ),
            rx.card(
                rx.heading("Recent activity", size="3", margin_bottom="0.5rem", as_="h2"),
                rx.cond(
                    DashboardState.recent.length() > 0,
                    rx.vstack(rx.foreach(DashboardState.recent, _activity_row), spacing="2"),
                    empty_state("history", "Nothing yet", "What your team does will show up here."),
                ),
            ),
            columns=rx.breakpoints(initial="1", md="2"),
            gap="1rem",
            margin_top="1.5rem",
        ),
        title="Dashboard",
    )
