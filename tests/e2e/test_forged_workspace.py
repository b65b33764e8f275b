"""Forged workspace events: a Northwind admin calls every recruiter-workspace handler with Southwind ids.

The admin (the strongest role) skips the UI and sends events over the Reflex socket with ids of the
other agency's candidates, applications, stages, jobs, documents, notifications, attributes and bulk
jobs, and forges the route of the pages that load by URL (/candidates/[candidate_id],
/candidates/[candidate_id]/documents, /jobs/[job_id]). Every call must be refused (a toast, a field
error or a not-found page state), change nothing of Southwind's, send none of Southwind's data back and
never end in a traceback. Each group also calls the same handlers with Northwind ids, which proves the
forged calls really reached them.
"""

from __future__ import annotations

import dataclasses
import hashlib
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, create_engine, select

from app.models import (ActivityEvent, Application, BulkJob, Candidate, CandidateTag, Comment, CustomAttribute,
                        Document, Job, Notification, PipelineStage, Tag, Task, User)
from app.services import bulk, comments, custom_attributes, documents, notifications
from app.services.actor import Actor
from app.services.auth import COOKIE_NAME
from app.settings import get_settings
from app.states.admin_attributes import AdminAttributesState
from app.states.admin_stages import AdminStagesState
from app.states.candidate_list import CandidateListState
from app.states.candidate_profile import CandidateProfileState
from app.states.documents import DocumentsState
from app.states.job_board import JobBoardState
from app.states.jobs import JobFormState, JobsState
from app.states.notifications import NotificationsState
from tests.e2e.forging import NORTH_ADMIN, SOUTH_ADMIN, ForgedClient, run, session_cookie, var

pytestmark = pytest.mark.e2e

AGENCY_TABLES = (Candidate, Application, Job, PipelineStage, Document, Comment, Notification, CustomAttribute, Tag,
                 BulkJob, Task, ActivityEvent, User)
BACKEND_ERROR = "An error occurred."  # Reflex's default answer to an exception in a handler


# --- the two agencies' records -------------------------------------------------------------------------


@dataclasses.dataclass
class Side:
    """One agency's ids to call the handlers with (all strings, as they arrive from a browser)."""

    agency: str
    user: str
    candidate: str  # has `application` in `job`
    candidate_name: str
    application: str
    job: str
    job_title: str
    stage: str  # a stage the application is not in
    rejected_stage: str
    tag: str
    document: str = ""
    document_name: str = ""
    notification: str = ""
    notification_link: str = ""
    attribute: str = ""
    attribute_key: str = ""
    bulk_job: str = ""


def _actor(user: User) -> Actor:
    return Actor(user_id=user.id, agency_id=user.agency_id, role=user.role, name=user.name, email=user.email)


def _side(s: Session, email: str) -> tuple[Side, Actor]:
    user = s.exec(select(User).where(User.email == email)).one()
    app, cand = s.exec(select(Application, Candidate).join(Candidate, Candidate.id == Application.candidate_id)
                       .where(Application.agency_id == user.agency_id, Candidate.anonymised_at.is_(None))
                       .order_by(Application.id)).first()
    stages = s.exec(select(PipelineStage).where(PipelineStage.agency_id == user.agency_id)).all()
    tag = s.exec(select(Tag).where(Tag.agency_id == user.agency_id)).first()
    side = Side(agency=str(user.agency_id), user=str(user.id), candidate=str(cand.id), candidate_name=cand.full_name,
                application=str(app.id), job=str(app.job_id), job_title=s.get(Job, app.job_id).title,
                stage=str(next(st.id for st in stages if st.id != app.stage_id and st.kind == "active")),
                rejected_stage=str(next(st.id for st in stages if st.kind == "rejected")), tag=tag.name)
    return side, _actor(user)


@pytest.fixture
def data_dir(server, monkeypatch):
    """Let the services in this process store files where the server reads them."""
    monkeypatch.setenv("CANDOR_DATA_DIR", str(Path(server.database_url.removeprefix("sqlite:///")).parent))
    get_settings.cache_clear()
    yield get_settings().data_dir
    monkeypatch.undo()
    get_settings.cache_clear()


@pytest.fixture
def engine(server):
    eng = create_engine(server.database_url)
    yield eng
    eng.dispose()


@pytest.fixture
def sides(engine, data_dir) -> tuple[Side, Side]:
    """(north, south): demo records plus a document, a notification, an attribute (and for Southwind a
    comment and a bulk job) created through the services, each with a unique marker in its text."""
    mark = uuid.uuid4().hex[:10]
    with Session(engine) as s:
        (north, north_actor), (south, south_actor) = _side(s, NORTH_ADMIN), _side(s, SOUTH_ADMIN)
        for side, actor, who in ((north, north_actor, "north"), (south, south_actor, "south")):
            doc = documents.save(s, actor, side.candidate, f"{who}-{mark}-cv.txt", f"{who} {mark} cv".encode(), "cv")
            side.document, side.document_name = str(doc.id), doc.filename
            side.notification_link = f"/candidates/{side.candidate}"
            notifications.notify(s, agency_id=actor.agency_id, user_id=actor.user_id, kind="mention",
                                 title=f"{who} {mark} mentioned you", link=side.notification_link)
            s.flush()
            side.notification = str(s.exec(select(Notification.id).where(Notification.title.contains(mark),
                                                                         Notification.user_id == actor.user_id)).one())
            attribute = custom_attributes.create_attribute(s, actor, label=f"{who} {mark} field", type="text")
            side.attribute, side.attribute_key = str(attribute.id), attribute.key
        comments.add_comment(s, south_actor, south.candidate, f"south {mark} private comment")
        south.bulk_job = bulk.start(s, south_actor, "export", ids=[south.candidate]).id  # stays queued
        s.commit()
    yield north, south
    with Session(engine) as s:  # leave Northwind as the other browser tests expect it
        for model, key in ((Document, north.document), (CustomAttribute, north.attribute),
                           (Notification, north.notification)):
            row = s.get(model, uuid.UUID(key))
            if row is not None:
                s.delete(row)
        s.commit()


# --- proof that nothing changed and nothing leaked ------------------------------------------------------


def agency_world(engine, agency_id: str, data_dir: Path) -> dict[str, Any]:
    """Every row of the agency (all columns), its candidates' tags, and its stored files' contents."""
    aid = uuid.UUID(agency_id)
    with Session(engine) as s:
        world = {model.__tablename__: {str(row.id): row.model_dump() for row in
                                       s.exec(select(model).where(model.agency_id == aid))}
                 for model in AGENCY_TABLES}
        world["candidate_tag"] = set(s.exec(select(CandidateTag.candidate_id, CandidateTag.tag_id)
                                            .join(Candidate, Candidate.id == CandidateTag.candidate_id)
                                            .where(Candidate.agency_id == aid)))
    world["files"] = {key: hashlib.sha256((data_dir / "files" / doc["storage_key"]).read_bytes()).hexdigest()
                      for key, doc in world["document"].items()}
    return world


def south_secrets(engine, south: Side, north: Side) -> set[str]:
    """Southwind strings a Northwind socket must never receive: every id, name, email, title and text."""
    with Session(engine) as s:
        sid, nid = uuid.UUID(south.agency), uuid.UUID(north.agency)

        def names(aid):
            return {c.full_name for c in s.exec(select(Candidate).where(Candidate.agency_id == aid))}

        secrets = {"southwind", south.document_name, *(names(sid) - names(nid))}
        secrets |= {c.email for c in s.exec(select(Candidate).where(Candidate.agency_id == sid)) if c.email}
        north_titles = set(s.exec(select(Job.title).where(Job.agency_id == nid)))
        secrets |= set(s.exec(select(Job.title).where(Job.agency_id == sid))) - north_titles
        secrets |= {c.body for c in s.exec(select(Comment).where(Comment.agency_id == sid))}
        secrets |= {n.title for n in s.exec(select(Notification).where(Notification.agency_id == sid))}
        secrets |= {a.label for a in s.exec(select(CustomAttribute).where(CustomAttribute.agency_id == sid))}
        for model in AGENCY_TABLES:
            secrets |= {str(i) for i in s.exec(select(model.id).where(model.agency_id == sid))}
    return {x.lower() for x in secrets if x}


def route(path: str, **params: str) -> dict:
    """router_data as the compiled frontend sends it on a dynamic route: the route args are in `query`."""
    return {"pathname": path.split("?")[0], "asPath": path, "query": params}


# --- the groups: forged calls first, then the same handlers with Northwind ids ---------------------------


async def candidate_list(c: ForgedClient, n: Side, s: Side, check_unchanged) -> None:
    st = CandidateListState
    at = route("/candidates")
    await c.emit(st, "load", router_data=route(f"/candidates?job={s.job}&owner={s.user}"))
    snap = await c.snapshot()
    assert (var(snap, st, "total"), var(snap, st, "rows")) == (0, [])
    for name, value in (("job", s.job), ("stage", s.stage), ("owner", s.user)):
        await c.emit(st, "clear_filters", router_data=at)
        await c.emit(st, "set_param", router_data=at, name=name, value=value)
        snap = await c.snapshot()
        assert (var(snap, st, "total"), var(snap, st, "rows")) == (0, []), name
    await c.emit(st, "clear_filters", router_data=at)
    await c.emit(st, "toggle_row", router_data=at, candidate_id=s.candidate, checked=True)
    for action, value in (("flag", ""), ("add_tag", "forged"), ("set_owner", n.user), ("assign_job", n.job)):
        await c.emit(st, "open_bulk", router_data=at, action=action)
        await c.emit(st, "run_action", router_data=at, form={"value": value})
        assert var(await c.snapshot(), st, "bulk_error") == "Select at least one candidate.", action
    await c.emit(st, "set_bulk_open", router_data=at, is_open=False)
    await c.emit(st, "export_csv", router_data=at)
    await c.emit(st, "clear_selection", router_data=at)
    await c.emit(st, "toggle_row", router_data=at, candidate_id=n.candidate, checked=True)
    for action, value, refusal in (("assign_job", s.job, "Job not found."), ("set_owner", s.user, "User not found.")):
        await c.emit(st, "open_bulk", router_data=at, action=action)
        await c.emit(st, "run_action", router_data=at, form={"value": value})
        assert var(await c.snapshot(), st, "bulk_error") == refusal, action
    await c.emit(st, "set_bulk_open", router_data=at, is_open=False)
    await c.emit(st, "run_bulk", router_data=at, job_id=s.bulk_job)  # someone else's queued job: not claimable
    snap = await c.snapshot()
    assert var(snap, st, "job_id") != s.bulk_job
    assert c.toasts() == [("error", "Select at least one candidate.")]
    check_unchanged()
    # Control: the same filters and bulk dialog with Northwind ids.
    await c.emit(st, "set_param", router_data=at, name="job", value=n.job)
    await c.emit(st, "clear_selection", router_data=at)
    await c.emit(st, "open_bulk", router_data=at, action="assign_job")
    await c.emit(st, "run_action", router_data=at, form={"value": n.job})  # the job is found; nothing selected
    snap = await c.snapshot()
    assert var(snap, st, "total") > 0
    assert n.candidate_name in {r["name"] for r in var(snap, st, "rows")} or var(snap, st, "total") > 25
    assert var(snap, st, "bulk_error") == "Select at least one candidate."


async def candidate_profile(c: ForgedClient, n: Side, s: Side, check_unchanged) -> None:
    st = CandidateProfileState
    theirs = route(f"/candidates/{s.candidate}", candidate_id=s.candidate)
    await c.emit(st, "load", router_data=theirs)
    snap = await c.snapshot()
    assert (var(snap, st, "found"), var(snap, st, "full_name"), var(snap, st, "values")) == (False, "", {})
    calls = [("toggle_flag", {}), ("add_tag", {"form": {"tag": "forged"}}), ("remove_tag", {"name": s.tag}),
             ("start_edit", {}), ("save", {"form": {"first_name": "Forged", "status": "placed"}}),
             ("reapply_unsaved", {}), ("set_comment_draft", {"value": "forged comment"}), ("post_comment", {}),
             ("assign", {"form": {"job": s.job}}), ("move", {"application_id": s.application, "stage_id": s.stage}),
             ("open_reject", {"application_id": s.application}),
             ("reject", {"form": {"stage": s.rejected_stage, "reason": "forged"}}),
             ("set_delete_open", {"value": True}), ("set_delete_confirm", {"value": s.candidate_name}),
             ("delete", {}), ("anonymise", {})]
    for handler, payload in calls:
        await c.emit(st, handler, router_data=theirs, **payload)
    snap = await c.snapshot()
    assert var(snap, st, "found") is False and var(snap, st, "timeline_rows") == []
    assert c.toasts() == [("error", "Candidate not found.")] * 3 + [("error", "Job not found.")] + \
        [("error", "Application not found.")] * 2 + [("error", "Candidate not found.")] * 2, c.toasts()
    check_unchanged()
    # Our own candidate, with the other agency's application, stage, job, owner and attribute.
    ours = route(f"/candidates/{n.candidate}", candidate_id=n.candidate)
    await c.emit(st, "load", router_data=ours)
    snap = await c.snapshot()
    assert (var(snap, st, "found"), var(snap, st, "full_name")) == (True, n.candidate_name)  # control
    before = len(c.toasts())
    for handler, payload in [("move", {"application_id": s.application, "stage_id": n.stage}),
                             ("move", {"application_id": n.application, "stage_id": s.stage}),
                             ("open_reject", {"application_id": n.application}),
                             ("reject", {"form": {"stage": s.rejected_stage, "reason": "forged"}}),
                             ("assign", {"form": {"job": s.job}}),
                             ("start_edit", {}), ("save", {"form": {"owner_id": s.user}}),
                             ("save", {"form": {f"custom.{s.attribute_key}": "forged"}})]:
        await c.emit(st, handler, router_data=ours, **payload)
    snap = await c.snapshot()
    assert c.toasts()[before:] == [("error", "Application not found."), ("error", "Stage not found."),
                                   ("error", "Stage not found."), ("error", "Job not found.")] + \
        [("error", "Please correct the highlighted fields.")] * 2, c.toasts()[before:]
    assert set(var(snap, st, "form_errors")) == {f"custom.{s.attribute_key}"}


async def candidate_documents(c: ForgedClient, n: Side, s: Side, check_unchanged) -> None:
    st = DocumentsState
    theirs = route(f"/candidates/{s.candidate}/documents", candidate_id=s.candidate)
    await c.emit(st, "load", router_data=theirs)
    await c.emit(st, "open_preview", router_data=theirs, document_id=s.document)
    await c.emit(st, "delete", router_data=theirs, document_id=s.document)
    snap = await c.snapshot()
    assert (var(snap, st, "missing"), var(snap, st, "groups"), var(snap, st, "candidate_name")) == (True, [], "")
    assert var(snap, st, "preview_open") is False
    ours = route(f"/candidates/{n.candidate}/documents", candidate_id=n.candidate)
    await c.emit(st, "load", router_data=ours)
    await c.emit(st, "open_preview", router_data=ours, document_id=s.document)
    await c.emit(st, "delete", router_data=ours, document_id=s.document)
    snap = await c.snapshot()
    assert var(snap, st, "preview_open") is False
    assert c.toasts() == [("error", "Document not found.")] * 2
    check_unchanged()
    # Control: the same forged route shape loads our own candidate, whose document can be previewed and deleted.
    assert (var(snap, st, "missing"), var(snap, st, "candidate_name")) == (False, n.candidate_name)
    await c.emit(st, "open_preview", router_data=ours, document_id=n.document)
    snap = await c.snapshot()
    assert var(snap, st, "preview_open") is True and var(snap, st, "preview")["filename"] == n.document_name
    await c.emit(st, "delete", router_data=ours, document_id=n.document)
    await c.snapshot()
    assert c.toasts()[-1] == ("success", f"{n.document_name} deleted.")


async def notification_bell(c: ForgedClient, n: Side, s: Side, check_unchanged) -> None:
    st = NotificationsState
    await c.emit(st, "open", notification_id=s.notification)
    await c.emit(st, "load")
    snap = await c.snapshot()
    assert c.answers() == [("error", "Notification not found.")]
    check_unchanged()
    # Control: our own notification is listed, and opening it marks it read and follows its link.
    assert n.notification in {row["id"] for row in var(snap, st, "items")}
    await c.emit(st, "open", notification_id=n.notification)
    await c.snapshot()
    assert c.answers()[1:] == [("redirect", n.notification_link)]


async def job_board(c: ForgedClient, n: Side, s: Side, check_unchanged) -> None:
    st = JobBoardState
    theirs = route(f"/jobs/{s.job}?application={s.application}", job_id=s.job, application=s.application)
    await c.emit(st, "load", router_data=theirs)
    await c.emit(st, "open_move", router_data=theirs, application_id=s.application)
    await c.emit(st, "move", router_data=theirs, application_id=s.application, stage_id=s.stage)
    await c.emit(st, "move", router_data=theirs, application_id=s.application, stage_id=s.rejected_stage)
    await c.emit(st, "confirm_reject", router_data=theirs, form={"reason": "forged"})
    snap = await c.snapshot()
    assert (var(snap, st, "found"), var(snap, st, "title"), var(snap, st, "columns")) == (False, "", [])
    assert var(snap, st, "move_open") is False
    ours = route(f"/jobs/{n.job}", job_id=n.job)
    await c.emit(st, "load", router_data=ours)
    await c.emit(st, "open_move", router_data=ours, application_id=s.application)
    await c.emit(st, "move", router_data=ours, application_id=s.application, stage_id=n.stage)
    await c.emit(st, "move", router_data=ours, application_id=n.application, stage_id=s.stage)
    snap = await c.snapshot()
    assert var(snap, st, "move_open") is False
    assert c.toasts() == [("error", "Application not found.")] * 4 + [("error", "Stage not found.")], c.toasts()
    check_unchanged()
    # Control: the same route shape shows our own job's board with our application on it.
    assert (var(snap, st, "found"), var(snap, st, "title")) == (True, n.job_title)
    assert n.application in {card["id"] for col in var(snap, st, "columns") for card in col["cards"]}
    await c.emit(st, "open_move", router_data=ours, application_id=n.application)
    assert var(await c.snapshot(), st, "move_open") is True


async def jobs_page(c: ForgedClient, n: Side, s: Side, check_unchanged) -> None:
    await c.emit(JobsState, "set_status", pathname="/jobs", job_id=s.job, status="closed")
    await c.emit(JobsState, "set_status", pathname="/jobs", job_id=s.job, status="open")
    await c.emit(JobFormState, "open_edit", pathname="/jobs", job_id=s.job)
    snap = await c.snapshot()
    assert var(snap, JobFormState, "form_open") is False and var(snap, JobFormState, "editing_id") == ""
    assert c.toasts() == [("error", "Job not found.")] * 3
    check_unchanged()
    await c.emit(JobFormState, "open_edit", pathname="/jobs", job_id=n.job)  # control
    snap = await c.snapshot()
    assert var(snap, JobFormState, "form_open") is True
    assert var(snap, JobFormState, "form_values")["title"] == n.job_title
    await c.emit(JobFormState, "set_form_open", pathname="/jobs", value=False)


async def admin_stages(c: ForgedClient, n: Side, s: Side, check_unchanged) -> None:
    at = route("/admin/stages")
    await c.emit(AdminStagesState, "load", router_data=at)
    await c.emit(AdminStagesState, "rename", router_data=at, stage_id=s.stage, form={"name": "Forged stage"})
    await c.emit(AdminStagesState, "move", router_data=at, stage_id=s.stage, direction="up")
    await c.emit(AdminStagesState, "set_kind", router_data=at, stage_id=s.stage, kind="hired")
    await c.emit(AdminStagesState, "remove", router_data=at, stage_id=s.stage)
    snap = await c.snapshot()
    assert c.toasts() == [("error", "Stage not found.")] * 4
    assert var(snap, AdminStagesState, "rename_errors") == {}
    check_unchanged()
    # Control: our own stage is found (and an empty name is refused next to it, so nothing changes).
    assert n.stage in {row["id"] for row in var(snap, AdminStagesState, "rows")}
    await c.emit(AdminStagesState, "rename", router_data=at, stage_id=n.stage, form={"name": " "})
    assert set(var(await c.snapshot(), AdminStagesState, "rename_errors")) == {n.stage}


async def admin_attributes(c: ForgedClient, n: Side, s: Side, check_unchanged) -> None:
    at = route("/admin/attributes")
    await c.emit(AdminAttributesState, "load", router_data=at)
    await c.emit(AdminAttributesState, "rename", router_data=at, attribute_id=s.attribute, label="Forged")
    await c.emit(AdminAttributesState, "set_choices", router_data=at, attribute_id=s.attribute, choices="a, b")
    await c.emit(AdminAttributesState, "set_searchable", router_data=at, attribute_id=s.attribute, value=True)
    await c.emit(AdminAttributesState, "remove", router_data=at, attribute_id=s.attribute)
    snap = await c.snapshot()
    assert c.toasts() == [("error", "Attribute not found.")] * 4
    check_unchanged()
    assert n.attribute in {row["id"] for row in var(snap, AdminAttributesState, "rows")}  # control
    await c.emit(AdminAttributesState, "remove", router_data=at, attribute_id=n.attribute)
    snap = await c.snapshot()
    assert c.toasts()[-1] == ("success", "Attribute removed.")
    assert n.attribute not in {row["id"] for row in var(snap, AdminAttributesState, "rows")}


GROUPS = {f.__name__: f for f in (candidate_list, candidate_profile, candidate_documents, notification_bell,
                                  job_board, jobs_page, admin_stages, admin_attributes)}


@pytest.mark.parametrize("group", list(GROUPS))
def test_forged_ids_of_another_agency_reach_nothing(server, new_page, engine, data_dir, sides, group):
    north, south = sides
    cookie = session_cookie(new_page, NORTH_ADMIN)
    south_before = agency_world(engine, south.agency, data_dir)
    north_before = agency_world(engine, north.agency, data_dir)
    secrets = south_secrets(engine, south, north)
    log_start = server.log.stat().st_size

    def check_unchanged():
        """Called by each group after its forged calls, before its Northwind control."""
        assert agency_world(engine, south.agency, data_dir) == south_before
        assert agency_world(engine, north.agency, data_dir) == north_before

    async def scenario():
        async with await ForgedClient.open(server.url, f"{COOKIE_NAME}={cookie}") as c:
            await GROUPS[group](c, north, south, check_unchanged)
            await c.snapshot()
            return c

    c = run(scenario())

    assert agency_world(engine, south.agency, data_dir) == south_before
    assert BACKEND_ERROR not in c.text, "a handler raised (Reflex answered with its error toast)"
    assert "Reflex Backend Exception" not in server.log.read_bytes()[log_start:].decode(errors="replace")
    sent = "\n".join(c.sent).lower()
    received = c.text.lower()
    leaked = sorted(x for x in secrets if x in received and x not in sent)
    assert leaked == [], f"Southwind data reached the Northwind admin's socket: {leaked[:5]}"
