import reflex as rx

from app.components.layout import empty_state, stat_card, workspace
from app.states.dashboard import DashboardState, FeedItem, StageCount, WorkItem


def _stage_row(item: StageCount) -> rx.Component:
    return rx.table.row(rx.table.row_header_cell(item.stage), rx.table.cell(item.count, text_align="right"))


def _funnel() -> rx.Component:
    return rx.card(
        rx.heading("Applications per stage", size="3", margin_bottom="0.5rem", as_="h2"),
        rx.recharts.bar_chart(
            rx.recharts.bar(rx.recharts.label_list(data_key="count", position="right"), data_key="count",
                            fill=rx.color("accent", 9), radius=4, is_animation_active=False),
            rx.recharts.x_axis(type_="number", hide=True),
            rx.recharts.y_axis(data_key="stage", type_="category", width=90),
            data=DashboardState.funnel_data,
            layout="vertical",
            margin={"right": 48},
            height=220,
            width="100%",
            aria_hidden="true",
        ),
        # The same figures for screen readers and keyboard users.
        rx.table.root(rx.table.body(rx.foreach(DashboardState.per_stage, _stage_row)), size="1",
                      id="stage-table", class_name="visually-hidden"),
        id="funnel",
    )


def _activity_row(item: FeedItem) -> rx.Component:
    return rx.hstack(
        rx.text(item.when, size="1", color=rx.color("gray", 10), min_width="8.5rem"),
        rx.cond(item.link != "", rx.link(item.sentence, href=item.link, size="2"), rx.text(item.sentence, size="2")),
        spacing="3",
    )


def _work_list(title: str, items, empty: str, list_id: str) -> rx.Component:
    def row(item: WorkItem) -> rx.Component:
        return rx.link(rx.vstack(rx.text(item.title, size="2", weight="medium"),
                                 rx.text(item.detail, size="1", color=rx.color("gray", 10)), spacing="0"),
                       href=item.link, underline="none", color=rx.color("gray", 12))

    return rx.vstack(
        rx.heading(title, size="2", as_="h3"),
        rx.cond(items.length() > 0, rx.vstack(rx.foreach(items, row), spacing="2"),
                rx.text(empty, size="2", color=rx.color("gray", 10))),
        spacing="2", id=list_id, width="100%",
    )


def _my_work() -> rx.Component:
    return rx.card(
        rx.heading("My work", size="3", margin_bottom="0.75rem", as_="h2"),
        rx.grid(
            _work_list("Mentions", DashboardState.mentions, "No unread mentions.", "my-mentions"),
            _work_list("Waiting too long", DashboardState.stale,
                       "None of your applications has waited more than a week.", "my-stale"),
            _work_list("Tasks", DashboardState.tasks, "No open tasks.", "my-tasks"),
            columns=rx.breakpoints(initial="1", md="3"), gap="1.5rem",
        ),
        margin_top="1rem",
    )


def dashboard_page() -> rx.Component:
    return workspace(
        rx.flex(
            stat_card("Open jobs", DashboardState.open_jobs, "briefcase"),
            stat_card("Candidates", DashboardState.candidates_total, "users"),
            stat_card("In process", DashboardState.candidates_in_process, "activity"),
            rx.link(stat_card("Profile updates pending", DashboardState.updates_pending, "mail-check"),
                    href="/profile-updates", underline="none", id="updates-pending"),
            gap="1rem", wrap="wrap", id="counters",
        ),
        _my_work(),
        rx.grid(
            _funnel(),
            rx.card(
                rx.heading("Recent activity", size="3", margin_bottom="0.5rem", as_="h2"),
                rx.cond(
                    DashboardState.recent.length() > 0,
                    rx.vstack(rx.foreach(DashboardState.recent, _activity_row), spacing="2", id="activity"),
                    empty_state("history", "Nothing yet", "What your team does will show up here."),
                ),
            ),
            columns=rx.breakpoints(initial="1", md="2"),
            gap="1rem",
            margin_top="1rem",
        ),
        title="Dashboard",
    )
