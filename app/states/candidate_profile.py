"""/candidates/[candidate_id]: one candidate's profile, timeline, applications and comments."""

from __future__ import annotations

import dataclasses
import re

import reflex as rx

from app.db import session_scope
from app.models import StageKind
from app.services import (activity, applications, candidates, comments, custom_attributes, jobs, profile_form,
                          tags, timeline, users)
from app.services.errors import Conflict, ServiceError, ValidationError
from app.services.validation import clean_phone
from app.settings import get_settings
from app.states import live
from app.states.session import SessionState

BASE_FIELDS = ("first_name", "last_name", "email", "phone", "status", "gender", "rating", "gdpr_expiry",
               "skills", "owner_id")
FIELD_LABELS = {**timeline.FIELD_LABELS, "owner_id": "owner"}
TABS = ("overview", "profile", "applications", "comments", "documents", "updates", "messages")
MENTION_AT_END = re.compile(r"@([^@\n]{0,40})$")


@dataclasses.dataclass
class TimelineRow:
    text: str
    when: str
    icon: str


@dataclasses.dataclass
class Option:
    value: str
    label: str


@dataclasses.dataclass
class AttributeRow:
    key: str
    label: str
    type: str
    choices: list[str]
    value: str


@dataclasses.dataclass
class DetailRow:
    label: str
    value: str


@dataclasses.dataclass
class ApplicationRow:
    id: str
    job_id: str
    job_title: str
    stage_id: str
    stage_name: str
    rejected: bool
    reason: str
    link: str


@dataclasses.dataclass
class CommentRow:
    author: str
    body: str
    when: str


def _when(dt) -> str:
    return dt.strftime("%d %b %Y %H:%M")


def _as_strings(values: dict) -> dict[str, str]:
    """Profile values as the form shows them (custom attributes under `custom.<key>`)."""
    out = {}
    for field in BASE_FIELDS:
        value = values.get(field)
        out[field] = ", ".join(value) if isinstance(value, list) else ("" if value is None else str(value))
    for key, value in (values.get("custom_fields") or {}).items():
        out[f"custom.{key}"] = "" if value is None else str(value)
    return out


@live.live
class CandidateProfileState(SessionState):
    cid: str = ""
    found: bool = True
    loaded: bool = False
    can_write: bool = False
    version: int = 0
    full_name: str = ""
    first_name: str = ""
    status: str = ""
    flagged: bool = False
    anonymised: bool = False
    owner_name: str = ""
    rating: str = ""
    tags: list[str] = []
    all_tags: list[str] = []
    tag_error: str = ""
    values: dict[str, str] = {}
    attributes: list[AttributeRow] = []
    details: list[DetailRow] = []  # what the candidate keeps current through the profile-update form
    owners: list[Option] = []
    timeline_rows: list[TimelineRow] = []
    application_rows: list[ApplicationRow] = []
    stages: list[Option] = []
    rejected_stages: list[Option] = []
    assignable_jobs: list[Option] = []
    comment_rows: list[CommentRow] = []
    colleagues: list[str] = []
    tab: str = "overview"

    # Profile editing: the form starts from `edit_version`; a colleague's save in between is a conflict.
    editing: bool = False
    edit_version: int = 0
    edit_base: dict[str, str] = {}
    form_values: dict[str, str] = {}
    form_errors: dict[str, str] = {}
    form_key: int = 0
    phone_hint: str = ""
    conflict_message: str = ""
    unsaved: dict[str, str] = {}

    reject_open: bool = False
    reject_app_id: str = ""
    reject_stage_id: str = ""
    reject_error: str = ""
    comment_draft: str = ""
    comment_error: str = ""
    delete_open: bool = False
    delete_confirm: str = ""
    delete_error: str = ""
    anonymise_open: bool = False

    # --- loading ------------------------------------------------------------------------------------

    @rx.event
    async def load(self):
        self.cid = str(self.router.page.params.get("candidate_id", ""))
        tab = str(self.router.page.params.get("tab", ""))  # deep link: /candidates/<id>?tab=messages
        self.tab = tab if tab in TABS else "overview"
        self.editing, self.conflict_message, self.unsaved = False, "", {}
        self.form_errors, self.comment_draft, self.comment_error, self.tag_error = {}, "", "", ""
        actor = self._reload()
        if actor is not None and self.found:
            await live.follow(self, live.record_topic("candidate", self.cid))

    def _live_refresh(self):
        self._reload()

    def _reload(self):
        actor = self._actor()
        if actor is None:
            return None
        try:
            with session_scope() as session:
                self._read(session, actor)
            self.found = True
        except ServiceError:
            self.found = False
        self.loaded = True
        return actor

    def _read(self, session, actor):
        cand = candidates.get_candidate(session, actor, self.cid)
        values = candidates.profile_values(cand)
        self.can_write = actor.can_write
        self.version, self.full_name, self.first_name = cand.version, cand.full_name, cand.first_name
        self.status, self.flagged, self.anonymised = cand.status, cand.is_flagged, cand.anonymised_at is not None
        self.rating = "" if cand.rating is None else str(cand.rating)
        people = users.list_users(session, actor)
        names = {str(u.id): u.name for u in people}
        self.owner_name = names.get(values["owner_id"], "")
        self.owners = [Option(str(u.id), u.name) for u in people if u.is_active or str(u.id) == values["owner_id"]]
        self.colleagues = [u.name for u in people if u.is_active and u.id != actor.user_id]
        self.tags = tags.tags_of(session, actor, cand.id)
        self.all_tags = [t.name for t in tags.list_tags(session, actor)]
        self.values = _as_strings(values)
        self.attributes = [AttributeRow(a.key, a.label, a.type, list(a.choices),
                                        self.values.get(f"custom.{a.key}", ""))
                           for a in custom_attributes.list_attributes(session, actor)]
        self.timeline_rows = [
            TimelineRow(timeline.describe(e.kind, e.payload, e.actor_label, cand.first_name), _when(e.created_at),
                        timeline.icon_for(e.kind))
            for e in activity.for_subject(session, actor, "candidate", cand.id)]
        self.details = [DetailRow(label, value) for label, value in profile_form.profile_details(cand)]
        self._read_applications(session, actor, cand)
        self.comment_rows = [CommentRow(author, c.body, _when(c.created_at))
                             for c, author in comments.list_comments(session, actor, cand.id)]
        if not self.editing:
            self._start_form(values_version=cand.version)

    def _read_applications(self, session, actor, cand):
        rows = applications.list_for_candidate(session, actor, cand.id)
        self.application_rows = [
            ApplicationRow(str(a.id), str(j.id), j.title, str(s.id), s.name, s.kind == StageKind.REJECTED.value,
                           a.rejection_reason or "", f"/jobs/{j.id}?application={a.id}")
            for a, j, s in rows]
        all_stages = applications.list_stages(session, actor)
        self.stages = [Option(str(s.id), s.name) for s in all_stages]
        self.rejected_stages = [Option(str(s.id), s.name) for s in all_stages
                                if s.kind == StageKind.REJECTED.value]
        taken = {j.id for _, j, _ in rows}
        self.assignable_jobs = [Option(str(j.id), j.title) for j in jobs.list_jobs(session, actor, status="open")
                                if j.id not in taken]

    def _start_form(self, values_version: int):
        self.edit_version = values_version
        self.edit_base = dict(self.values)
        self.form_values = dict(self.values)
        self.form_key += 1
        self.phone_hint = ""

    async def _publish(self, actor, *extra: str):
        await live.publish(live.agency_topic(actor.agency_id), live.record_topic("candidate", self.cid), *extra,
                           origin=self)

    async def _run(self, fn, *args, success: str = "", extra_topics=()):
        """Call a service that changes the candidate; reload, tell colleagues, answer with a toast."""
        actor = self._actor()
        if actor is None:
            return self._to_login()
        try:
            with session_scope() as session:
                fn(session, actor, *args)
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        self._reload()
        await self._publish(actor, *extra_topics)
        return rx.toast.success(success) if success else None

    # --- header: flag, tags ---------------------------------------------------------------------------

    @rx.event
    def set_tab(self, tab: str):
        self.tab = str(tab)

    @rx.event
    async def toggle_flag(self):
        return await self._run(lambda s, a: candidates.set_flag(s, a, [self.cid], not self.flagged))

    @rx.event
    async def add_tag(self, form: dict):
        actor = self._actor()
        if actor is None:
            return self._to_login()
        try:
            with session_scope() as session:
                tags.add_tag(session, actor, [self.cid], str(form.get("tag", ""))[:200])
        except ValidationError as exc:
            self.tag_error = exc.errors.get("tag", exc.message)
            return
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        self.tag_error = ""
        self._reload()
        await self._publish(actor)
        return rx.set_value("new-tag", "")

    @rx.event
    async def remove_tag(self, name: str):
        return await self._run(lambda s, a: tags.remove_tag(s, a, [self.cid], str(name)))

    # --- profile form ---------------------------------------------------------------------------------

    @rx.event
    def start_edit(self):
        self.editing, self.form_errors, self.conflict_message, self.unsaved = True, {}, "", {}
        self._start_form(self.version)

    @rx.event
    def cancel_edit(self):
        self.editing, self.form_errors, self.conflict_message, self.unsaved = False, {}, "", {}
        self._start_form(self.version)

    @rx.event
    def check_phone(self, value: str):
        """Show how the typed number will be stored (E.164), or what is wrong with it."""
        try:
            number = clean_phone(str(value)[:40])
        except ValueError as exc:
            self.phone_hint, self.form_errors = "", {**self.form_errors, "phone": str(exc)}
            return
        self.form_errors = {k: v for k, v in self.form_errors.items() if k != "phone"}
        self.phone_hint = f"Saved as {number}" if number else ""

    def _changes(self, raw: dict[str, str]) -> dict:
        changes, custom = {}, {}
        for name, value in raw.items():
            if value == self.edit_base.get(name, ""):
                continue
            if name.startswith("custom."):
                custom[name.removeprefix("custom.")] = value
            elif name in BASE_FIELDS:
                changes[name] = value
        if custom:
            changes["custom_fields"] = custom
        return changes

    async def _save(self, raw: dict[str, str]):
        actor = self._actor()
        if actor is None:
            return self._to_login()
        self.form_values = raw
        changes = self._changes(raw)
        try:
            with session_scope() as session:
                candidates.update_candidate(session, actor, self.cid, changes, self.edit_version)
        except ValidationError as exc:
            self.form_errors = exc.errors
            return rx.toast.error("Please correct the highlighted fields.")
        except Conflict as exc:
            return self._on_conflict(exc, raw)
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        self.editing, self.form_errors, self.conflict_message, self.unsaved = False, {}, "", {}
        self._reload()
        self.tab = "profile"
        await self._publish(actor)
        return rx.toast.success("Profile saved.")

    def _on_conflict(self, exc: Conflict, raw: dict[str, str]):
        """Show the colleague's values; keep what this user typed aside so they can apply it again."""
        base = dict(self.edit_base)
        self._reload()
        self.conflict_message = exc.message
        self.unsaved = {k: v for k, v in raw.items() if v != base.get(k, "") and (k in BASE_FIELDS or
                                                                                   k.startswith("custom."))}
        self.form_errors = {}
        self._start_form(self.version)
        return rx.toast.warning(exc.message)

    @rx.event
    async def save(self, form: dict):
        raw = {str(k): str(v)[:2000] for k, v in form.items()}
        return await self._save(raw)

    @rx.event
    async def reapply_unsaved(self):
        """Apply the changes that met a conflict on top of the colleague's version."""
        raw = {**self.edit_base, **self.unsaved}
        return await self._save(raw)

    # --- applications ---------------------------------------------------------------------------------

    @rx.event
    async def move(self, application_id: str, stage_id: str):
        if any(o.value == stage_id for o in self.rejected_stages):
            return self._open_reject(str(application_id), str(stage_id))
        return await self._run(applications.move_stage, str(application_id), str(stage_id),
                               success="Stage changed.")

    @rx.event
    def open_reject(self, application_id: str):
        self._open_reject(str(application_id), "")

    def _open_reject(self, application_id: str, stage_id: str):
        self.reject_app_id = str(application_id)
        self.reject_stage_id = stage_id or (self.rejected_stages[0].value if self.rejected_stages else "")
        self.reject_error, self.reject_open = "", True

    @rx.event
    def set_reject_open(self, value: bool):
        self.reject_open = bool(value)

    @rx.event
    async def reject(self, form: dict):
        actor = self._actor()
        if actor is None:
            return self._to_login()
        try:
            with session_scope() as session:
                applications.move_stage(session, actor, self.reject_app_id,
                                        str(form.get("stage", self.reject_stage_id)),
                                        reason=str(form.get("reason", ""))[:1000])
        except ValidationError as exc:
            self.reject_error = exc.errors.get("reason", exc.message)
            return
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        self.reject_open, self.reject_error = False, ""
        self._reload()
        await self._publish(actor)
        return rx.toast.success("Application rejected.")

    @rx.event
    async def assign(self, form: dict):
        job_id = str(form.get("job", ""))
        if not job_id:
            return rx.toast.error("Choose a job first.")
        return await self._run(lambda s, a: applications.assign_to_job(s, a, [self.cid], job_id),
                               success="Assigned to the job.")

    @rx.event
    def copy_link(self, path: str):
        if self._actor() is None:
            return self._to_login()
        path = str(path)
        if not path.startswith("/jobs/"):
            return
        return [rx.set_clipboard(get_settings().public_url + path), rx.toast.success("Link copied.")]

    # --- comments -------------------------------------------------------------------------------------

    @rx.event
    def set_comment_draft(self, value: str):
        self.comment_draft = str(value)[:comments.MAX_BODY + 100]

    @rx.var
    def mention_suggestions(self) -> list[str]:
        match = MENTION_AT_END.search(self.comment_draft)
        if not match:
            return []
        query = match.group(1).lower()
        return [n for n in self.colleagues if n.lower().startswith(query) and n.lower() != query.strip()][:6]

    @rx.event
    def pick_mention(self, name: str):
        self.comment_draft = MENTION_AT_END.sub(lambda _: f"@{name} ", self.comment_draft, count=1)
        return rx.set_focus("comment-body")

    @rx.event
    async def post_comment(self):
        actor = self._actor()
        if actor is None:
            return self._to_login()
        try:
            with session_scope() as session:
                _, notified = comments.add_comment(session, actor, self.cid, self.comment_draft)
        except ValidationError as exc:
            self.comment_error = exc.errors.get("body", exc.message)
            return
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        self.comment_draft, self.comment_error = "", ""
        self._reload()
        await self._publish(actor, *[live.record_topic("user", uid) for uid in notified])
        return rx.toast.success("Comment posted.")

    # --- delete and anonymise -------------------------------------------------------------------------

    @rx.event
    def set_delete_open(self, value: bool):
        self.delete_open, self.delete_confirm, self.delete_error = bool(value), "", ""

    @rx.event
    def set_delete_confirm(self, value: str):
        self.delete_confirm = str(value)[:300]

    @rx.event
    def set_anonymise_open(self, value: bool):
        self.anonymise_open = bool(value)

    @rx.event
    async def delete(self):
        actor = self._actor()
        if actor is None:
            return self._to_login()
        try:
            with session_scope() as session:
                candidates.delete_candidate(session, actor, self.cid, confirm_name=self.delete_confirm)
        except ValidationError as exc:
            self.delete_error = exc.errors.get("confirm", exc.message)
            return
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        self.delete_open = False
        await self._publish(actor)
        return [rx.toast.success("Candidate deleted."), rx.redirect("/candidates")]

    @rx.event
    async def anonymise(self):
        self.anonymise_open = False
        return await self._run(candidates.anonymise_candidate, self.cid, success="Candidate anonymised.")
