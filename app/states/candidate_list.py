"""/candidates: search, filters, sort and pages (kept in the URL), selection, bulk actions with progress."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
from urllib.parse import urlencode

import reflex as rx

from app.db import session_scope
from app.services import bulk, candidate_search, hours
from app.services.actor import Actor
from app.services.candidate_search import CandidateQuery
from app.services.errors import ServiceError, ValidationError
from app.states import live
from app.states.session import SessionState

log = logging.getLogger(__name__)

LIST_ERROR = "The candidates could not be loaded. Try again in a moment."
# URL parameters that change which candidates match (changing them clears the selection).
MATCH_PARAMS = ("q", "status", "tag", "flagged", "job", "stage", "owner", "portal", "stale", "available",
                "available_from", "available_to")
ACTIVE = ("queued", "running")
WATCH_SECONDS = 1800


@dataclasses.dataclass
class CandidateListRow:
    id: str
    name: str
    email: str
    phone: str
    status: str
    status_label: str
    rating: str
    flagged: bool
    owner: str
    updated: str
    tags: list[str]


@dataclasses.dataclass
class Option:
    value: str
    label: str


def _options(pairs) -> list[Option]:
    return [Option(value=v, label=label) for v, label in pairs]


def _in_session(fn, *args):
    with session_scope() as session:
        return fn(session, *args)


@live.live
class CandidateListState(SessionState):
    # The query, mirrored in the URL (names as in CandidateQuery).
    q: str = ""
    status: str = ""
    tag: str = ""
    flagged: bool = False
    job: str = ""
    stage: str = ""
    owner: str = ""
    portal: str = ""
    stale_days: int = 0
    available_on: str = ""  # ISO date (temp staffing)
    available_from: str = ""  # "HH:MM": with available_to, available for that time range on available_on
    available_to: str = ""
    # What the recruiter typed in the two time fields (kept when it is not a valid range) and why not.
    time_from_text: str = ""
    time_to_text: str = ""
    time_error: str = ""
    sort: str = "name"
    page: int = 1
    page_size: int = 25

    rows: list[CandidateListRow] = []
    total: int = 0  # counted up to candidate_search.COUNT_CAP
    total_label: str = "0"  # "1,234", or "10,000+" past the cap
    capped: bool = False
    pages: int = 1
    # Seek keys of this page's first and last rows: the next/previous page starts there (no OFFSET).
    _first_key: str = ""
    _last_key: str = ""
    loading: bool = True
    error: str = ""

    tag_options: list[Option] = []
    job_options: list[Option] = []
    stage_options: list[Option] = []
    owner_options: list[Option] = []

    selected: list[str] = []
    all_matching: bool = False

    bulk_action: str = ""  # the action whose dialog is open
    bulk_value: str = ""
    bulk_error: str = ""
    bulk_errors: dict[str, str] = {}  # per field of the availability check form

    # The user's running or last bulk job.
    job_id: str = ""
    job_label: str = ""
    job_total: int = 0
    job_done: int = 0
    job_status: str = ""
    job_message: str = ""
    job_download: str = ""
    job_kind: str = ""
    # Profile-update jobs: emails handed to the mail service so far, of how many.
    emails_handed: int = 0
    emails_total: int = 0
    _driving: str = ""  # job id this tab's background task runs or watches

    # --- reading --------------------------------------------------------------------------------------

    def _query(self) -> CandidateQuery:
        return CandidateQuery(q=self.q, status=self.status, tag=self.tag, flagged=self.flagged, job=self.job,
                              stage=self.stage, owner=self.owner, portal=self.portal,
                              stale_days=self.stale_days, available_on=self.available_on,
                              available_from=self.available_from, available_to=self.available_to, sort=self.sort,
                              page=self.page, page_size=self.page_size)

    def _set_query(self, query: CandidateQuery) -> None:
        for field in dataclasses.fields(CandidateQuery):
            setattr(self, field.name, getattr(query, field.name))
        self.time_from_text, self.time_to_text, self.time_error = query.available_from, query.available_to, ""

    def _search(self, actor: Actor, after: str = "", before: str = "") -> None:
        try:
            result = _in_session(candidate_search.search, actor, self._query(), after, before)
        except Exception:  # the page shows a message and a retry button, never a traceback
            log.exception("candidate search failed")
            self.error, self.rows, self.loading = LIST_ERROR, [], False
            return
        self._show_rows(result.rows)
        self._show_total(result)
        self.page = result.page
        self.error, self.loading = "", False

    def _show_rows(self, rows: list[candidate_search.CandidateRow]) -> None:
        self.rows = [
            CandidateListRow(id=str(r.id), name=f"{r.first_name} {r.last_name}", email=r.email or "",
                             phone=r.phone or "", status=r.status,
                             status_label=r.status.replace("_", " ").capitalize(),
                             rating="" if r.rating is None else str(r.rating), flagged=r.flagged,
                             owner=r.owner_name, updated=r.updated_at.strftime("%d %b %Y"), tags=r.tags)
            for r in rows
        ]
        self._first_key = rows[0].sort_key if rows else ""
        self._last_key = rows[-1].sort_key if rows else ""

    def _show_total(self, result: candidate_search.SearchResult) -> None:
        self.total, self.pages = result.total, result.pages
        self.total_label, self.capped = result.total_label, result.capped

    def _search_in_two_steps(self, actor: Actor, after: str, before: str, recount: bool = True):
        """The page's rows first (one indexed read), then the count (up to COUNT_CAP, the slower part on
        broad filters): the recruiter sees results as soon as they exist. Another page of the same list keeps
        the count it has (`recount=False`; a live change recounts). A page past the end (the list shrank) is
        read again as the last page."""
        query = self._query()
        try:
            rows = _in_session(candidate_search.page_rows, actor, query, after, before)
        except Exception:
            log.exception("candidate search failed")
            self.error, self.rows, self.loading = LIST_ERROR, [], False
            return
        if rows or query.page == 1:
            self._show_rows(rows)
            self.error, self.loading = "", False
            yield
        if not recount and rows:
            return
        try:
            total = _in_session(candidate_search.count, actor, query, candidate_search.COUNT_CAP)
        except Exception:
            log.exception("candidate count failed")
            self.error, self.loading = LIST_ERROR, False
            return
        self._show_total(candidate_search.SearchResult(rows=[], total=total, page=query.page,
                                                       page_size=query.page_size))
        if not rows and query.page > 1:
            self._search(actor)

    def _load_options(self, actor: Actor) -> None:
        options = _in_session(candidate_search.filter_options, actor)
        self.tag_options = _options(options.tags)
        self.job_options = _options(options.jobs)
        self.stage_options = _options(options.stages)
        self.owner_options = _options(options.owners)

    def _url_script(self):
        """Keep the view in the address bar without a navigation (which would run on_load again)."""
        params = self._query().to_params()
        url = "/candidates" + ("?" + urlencode(params) if params else "")
        return rx.call_script(f"window.history.replaceState(window.history.state, '', {json.dumps(url)})")

    def _show_job(self, view: bulk.JobView | None) -> None:
        view = view or bulk.JobView(id="", kind="", label="", total=0, done=0, status="", message="")
        self.job_id, self.job_label, self.job_total, self.job_done = view.id, view.label, view.total, view.done
        self.job_status, self.job_message, self.job_download = view.status, view.message, view.download_url
        self.job_kind = view.kind
        if view.kind != "profile_update" or view.status != "done":
            self.emails_handed = self.emails_total = 0

    def _email_progress(self, actor: Actor) -> bool:
        """Refresh the emails-sent figures of a finished profile-update job; True while some still wait."""
        if self.job_kind != "profile_update" or self.job_status != "done":
            return False
        try:
            self.emails_handed, self.emails_total = _in_session(bulk.email_progress, actor, self.job_id)
        except ServiceError:
            return False
        return self.emails_handed < self.emails_total

    def _live_refresh(self):
        actor = self._actor()
        if actor is not None:
            self._load_options(actor)
            self._search(actor)

    @rx.event
    async def load(self):
        actor = self._actor()
        if actor is None:
            return  # SessionState.guard sends the visitor to /login
        self._set_query(CandidateQuery.from_params(self.router.url.query_parameters))
        self.selected, self.all_matching, self.bulk_action = [], False, ""
        self.loading = True
        self._load_options(actor)
        self._search(actor)
        self._show_job(_in_session(bulk.latest_job, actor))
        sending = self._email_progress(actor)
        await live.follow(self, live.agency_topic(actor.agency_id))
        if sending and self._driving != self.job_id:
            return CandidateListState.watch_emails
        if self.job_status == "queued":  # started but never run (the tab closed at once): run it now
            return CandidateListState.run_bulk(self.job_id)
        if self.job_status == "running" and self._driving != self.job_id:
            return CandidateListState.watch_job

    # --- changing the view ------------------------------------------------------------------------------

    def _change(self, changes: dict):
        actor = self._actor()
        if actor is None:
            yield self._to_login()
            return
        params = self._query().to_params()
        params.update(changes)
        if "page" not in changes:
            params.pop("page", None)
        query = CandidateQuery.from_params(params)
        before_change = self._query()
        if any(query.to_params().get(k) != before_change.to_params().get(k) for k in MATCH_PARAMS):
            self.selected, self.all_matching = [], False
        # The next or previous page of the same list seeks from this page's edge row.
        same_list = query.with_(page=1) == before_change.with_(page=1)
        after = self._last_key if same_list and query.page == before_change.page + 1 else ""
        before = self._first_key if same_list and query.page == before_change.page - 1 else ""
        self._set_query(query)
        self.loading = True
        yield
        yield from self._search_in_two_steps(actor, after, before, recount=not same_list)
        yield self._url_script()

    @rx.event
    def set_search(self, value: str):
        yield from self._change({"q": str(value)})

    @rx.event
    def set_param(self, name: str, value: str | bool | int):
        """One URL parameter (q, status, tag, flagged, job, stage, owner, portal, stale, sort, page, size)."""
        yield from self._change({str(name): value})

    @rx.event
    def set_available_time(self, which: str, value: str):
        """One of the two times of "available on": the filter changes once both form a valid range (or are
        both empty); otherwise the message says why and the typed text stays."""
        value = str(value or "").strip()[:8]
        if which == "from":
            self.time_from_text = value
        else:
            self.time_to_text = value
        start, end = self.time_from_text, self.time_to_text
        try:
            begin, finish = hours.parse_time(start), hours.parse_time(end)
        except ValueError as exc:
            self.time_error = str(exc)
            return
        if (begin is None) != (finish is None):
            self.time_error = "Give both times, or neither for any time of the day."
            return
        if begin is not None and begin == finish:
            self.time_error = "The end time is the same as the start time."
            return
        self.time_error = ""
        typed = (self.time_from_text, self.time_to_text)
        yield from self._change({"available_from": hours.hhmm(begin), "available_to": hours.hhmm(finish)})
        if begin is not None and not self.available_on:
            self.time_from_text, self.time_to_text = typed
            self.time_error = "Choose the day as well."

    @rx.event
    def go_page(self, page: int):
        yield from self._change({"page": page})

    @rx.event
    def clear_filters(self):
        yield from self._change({k: "" for k in MATCH_PARAMS})

    @rx.event
    def retry(self):
        yield from self._change({})

    # --- selection --------------------------------------------------------------------------------------

    def _page_ids(self) -> list[str]:
        return [row.id for row in self.rows]

    @rx.event
    def toggle_row(self, candidate_id: str, checked: bool):
        if self._actor() is None:
            return self._to_login()
        if self.all_matching:  # unticking one of "all matching": keep this page's other rows
            self.all_matching, self.selected = False, self._page_ids()
        cid = str(candidate_id)[:40]
        rest = [i for i in self.selected if i != cid]
        self.selected = (rest + [cid])[:bulk.MAX_EXPLICIT_IDS] if checked else rest

    @rx.event
    def toggle_page(self, checked: bool):
        if self._actor() is None:
            return self._to_login()
        page = self._page_ids()
        rest = [i for i in self.selected if i not in page]
        self.all_matching = False
        self.selected = (rest + page)[:bulk.MAX_EXPLICIT_IDS] if checked else rest

    @rx.event
    def select_all_matching(self):
        if self._actor() is None:
            return self._to_login()
        self.all_matching, self.selected = True, self._page_ids()

    @rx.event
    def clear_selection(self):
        self.all_matching, self.selected = False, []

    @rx.var
    def selected_count(self) -> int:
        return self.total if self.all_matching else len(self.selected)

    @rx.var
    def page_selected(self) -> bool:
        return bool(self.rows) and (self.all_matching or all(r.id in self.selected for r in self.rows))

    @rx.var
    def can_write(self) -> bool:
        return self.user_role in ("admin", "recruiter")

    @rx.var
    def has_filters(self) -> bool:
        return self._query().has_filters

    @rx.var
    def first_shown(self) -> int:
        return (self.page - 1) * self.page_size + 1 if self.total else 0

    @rx.var
    def pages_label(self) -> str:
        return f"{self.pages:,}+" if self.capped else f"{self.pages:,}"

    @rx.var
    def last_shown(self) -> int:
        return min(self.total, self.page * self.page_size)

    @rx.var
    def job_running(self) -> bool:
        return self.job_status in ACTIVE

    @rx.var
    def job_percent(self) -> int:
        return round(100 * self.job_done / self.job_total) if self.job_total else 0

    @rx.var
    def emails_percent(self) -> int:
        return round(100 * self.emails_handed / self.emails_total) if self.emails_total else 0

    # --- bulk actions -------------------------------------------------------------------------------------

    @rx.event
    def open_bulk(self, action: str):
        if action in bulk.KINDS:
            self.bulk_action, self.bulk_value, self.bulk_error, self.bulk_errors = action, "", "", {}

    @rx.event
    def set_bulk_open(self, is_open: bool):
        if not is_open:
            self.bulk_action = ""

    @rx.event
    def set_bulk_value(self, value: str):
        self.bulk_value, self.bulk_error = str(value)[:200], ""

    @rx.event
    def dismiss_job(self):
        if self.job_status not in ACTIVE:
            self._show_job(None)

    @rx.event
    def run_action(self, form: dict | None = None):
        """Start the open dialog's action on the selection (or on all matching)."""
        form = form if isinstance(form, dict) else {}
        if self.bulk_action == "availability_check":  # a period and hours: the service validates them
            value = json.dumps({key: str(form.get(key) or "")[:10] for key in ("first", "last", "start", "end")})
            return self._start(self.bulk_action, value)
        return self._start(self.bulk_action, str(form.get("value", self.bulk_value))[:200])

    @rx.event
    def export_csv(self):
        """Export the selection, or every matching candidate when nothing is selected."""
        return self._start("export", "", everything=not self.selected)

    def _start(self, kind: str, value: str, everything: bool = False):
        actor = self._actor()
        if actor is None:
            return self._to_login()
        if self.job_status in ACTIVE:
            return rx.toast.info("Wait until the running bulk action has finished.")
        all_matching = self.all_matching or everything
        try:
            view = _in_session(lambda s: bulk.start(s, actor, kind, value,
                                                     query=self._query() if all_matching else None,
                                                     ids=None if all_matching else list(self.selected)))
        except ValidationError as exc:
            fields = {k: v for k, v in exc.errors.items() if k in ("first_day", "last_day", "hours")}
            self.bulk_errors = fields if kind == "availability_check" else {}
            self.bulk_error = "" if self.bulk_errors else next(iter(exc.errors.values()))
            return None if self.bulk_action else rx.toast.error(self.bulk_error)
        except ServiceError as exc:
            self.bulk_error = exc.message
            return None if self.bulk_action else rx.toast.error(exc.message)
        self.bulk_action, self.bulk_error, self.bulk_errors = "", "", {}
        self._show_job(view)
        return CandidateListState.run_bulk(view.id)

    @rx.event(background=True)
    async def run_bulk(self, job_id: str):
        """Claim the job (once, only the creator's own), then process it chunk by chunk, committing each."""
        async with self:
            actor = self._actor()
            if actor is None:
                return
        try:
            claimed = await asyncio.to_thread(_in_session, bulk.claim, actor, str(job_id))
        except ServiceError:
            claimed = None
        if claimed is None:
            return
        view, ids = claimed
        async with self:
            self._driving = view.id
            self._show_job(view)
        for chunk in bulk.chunks(view, ids):
            view = await self._run_chunk(actor, view.id, chunk)
            async with self:
                self._show_job(view)
            if view.finished:
                break
        async with self:
            self._driving = ""
            self._live_refresh()
        if view.kind != "export":
            await live.publish(live.agency_topic(actor.agency_id), origin=self)
        if view.kind == "profile_update" and view.status == "done":
            await self._watch_emails(view.id)

    @rx.event(background=True)
    async def watch_emails(self):
        async with self:
            if self._driving:
                return
            self._driving = job_id = self.job_id
        await self._watch_emails(job_id)

    async def _watch_emails(self, job_id: str):
        """Show the background sender's progress (emails handed to the mail service) until all are out."""
        try:
            for _ in range(WATCH_SECONDS):
                async with self:
                    actor = self._actor()
                    if actor is None or self.job_id != job_id or not self._email_progress(actor):
                        return
                await asyncio.sleep(1)
        finally:
            async with self:
                if self._driving == job_id:
                    self._driving = ""

    async def _run_chunk(self, actor: Actor, job_id: str, chunk) -> bulk.JobView:
        """One chunk as the user is *now*: a revoked session or a lost write role stops the job."""
        async with self:
            current = self._actor()
        try:
            if current is None:
                raise ServiceError("Stopped: you were signed out.")
            return await asyncio.to_thread(_in_session, bulk.run_chunk, current, job_id, chunk)
        except ServiceError as exc:
            message = exc.message
        except Exception:
            log.exception("bulk job %s failed", job_id)
            message = "Something went wrong; the candidates done so far keep their changes."
        return await asyncio.to_thread(_in_session, bulk.fail, actor, job_id, message)

    @rx.event(background=True)
    async def watch_job(self):
        """Follow a job that another tab (or an earlier visit) is running, until it finishes."""
        async with self:
            if self._driving:
                return
            self._driving = job_id = self.job_id
        try:
            for _ in range(WATCH_SECONDS):
                await asyncio.sleep(1)
                async with self:
                    actor = self._actor()
                    if actor is None or self.job_id != job_id:
                        return
                    view = _in_session(bulk.get_job, actor, job_id)
                    self._show_job(view)
                    if view.finished:
                        self._live_refresh()
                        return
        finally:
            async with self:
                if self._driving == job_id:
                    self._driving = ""
