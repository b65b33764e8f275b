"""Bulk actions on many candidates (tag, flag, assign, owner, CSV export), run in chunks with saved progress.

`start` validates everything and records a queued BulkJob. Whoever runs it (a Reflex background event)
`claim`s it once, which resolves the target candidates on the server (the stored filter for "all
matching", or the stored selection, both scoped to the agency), then calls `run_chunk` for each slice
of ids, committing after each, so any page can show the progress.
"""

from __future__ import annotations

import csv
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import update
from sqlmodel import Session, select

from app.models import BulkJob, BulkJobStatus, User
from app.models.base import utcnow
from app.services import (applications, availability_checks, candidate_search, candidates, jobs, profile_requests,
                          tags)
from app.services.actor import Actor
from app.services.candidate_search import CandidateQuery, CandidateRow
from app.services.errors import NotFound, ValidationError
from app.settings import get_settings

WRITE_KINDS = ("add_tag", "remove_tag", "flag", "unflag", "assign_job", "set_owner", "profile_update",
               "availability_check")
KINDS = WRITE_KINDS + ("export",)
CHUNK_SIZE = {"export": 1000}
DEFAULT_CHUNK = 200
MAX_EXPLICIT_IDS = 5000
SHOW_FINISHED_FOR = timedelta(minutes=30)
# A job still unfinished after this long lost its runner (the server restarted): it is marked as failed.
ABANDONED_AFTER = timedelta(hours=1)
CSV_HEADER = ["First name", "Last name", "Email", "Phone", "Status", "Rating", "Flagged", "Owner", "Tags",
              "Last updated (UTC)"]
FINISHED = (BulkJobStatus.DONE.value, BulkJobStatus.FAILED.value)


@dataclass
class JobView:
    id: str
    kind: str
    label: str
    total: int
    done: int
    status: str
    message: str

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def download_url(self) -> str:
        return f"/exports/{self.id}" if self.kind == "export" and self.status == BulkJobStatus.DONE.value else ""


def _view(job: BulkJob) -> JobView:
    return JobView(id=str(job.id), kind=job.kind, label=job.params.get("label", job.kind), total=job.total,
                   done=job.done, status=job.status, message=job.message)


def _describe(session: Session, actor: Actor, kind: str, value: str) -> tuple[str, str]:
    """Validate the action's argument; returns (normalised value, label shown to the recruiter)."""
    if kind == "add_tag":
        name = tags.clean_tag_name(value)
        return name, f'Add tag "{name}"'
    if kind == "remove_tag":
        name = tags.clean_tag_name(value)
        return name, f'Remove tag "{name}"'
    if kind == "assign_job":
        job = jobs.get_job(session, actor, value)
        return str(job.id), f"Assign to {job.title}"
    if kind == "set_owner":
        candidates.set_owner(session, actor, [], value)  # validates the new owner, changes nothing
        owner = session.get(User, candidates.as_uuid(value, "User")) if value else None
        return value or "", f"Change owner to {owner.name}" if owner else "Remove owner"
    if kind == "availability_check":
        period = availability_checks.period_from_value(session, actor.agency_id, value)
        return period.to_value(), f"Ask for availability: {period.label}"
    return "", {"flag": "Flag", "unflag": "Unflag", "export": "Export CSV",
                "profile_update": "Request profile update"}[kind]


def start(session: Session, actor: Actor, kind: str, value: str = "", *, query: CandidateQuery | None = None,
          ids: list[str] | None = None) -> JobView:
    """Record a queued bulk job for `query` (all matching) or the given ids. Viewers may only export."""
    if kind not in KINDS:
        raise ValidationError({"action": "Unknown bulk action."})
    if kind in WRITE_KINDS:
        actor.require_write()
    value, label = _describe(session, actor, kind, value)
    if query is not None:
        total = candidate_search.count(session, actor, query)
        target = {"query": query.to_params()}
    else:
        if len(ids or []) > MAX_EXPLICIT_IDS:
            raise ValidationError({"selection": "Too many candidates picked one by one; select all matching."})
        picked = candidates.scoped_ids(session, actor, ids or [])
        total = len(picked)
        target = {"ids": [str(i) for i in picked]}
    if total == 0:
        raise ValidationError({"selection": "Select at least one candidate."})
    job = BulkJob(agency_id=actor.agency_id, created_by_id=actor.user_id, kind=kind, total=total,
                  params={"value": value, "label": label, **target})
    session.add(job)
    session.flush()
    if kind == "export":
        job.result_key = f"{actor.agency_id}/{job.id}.csv"
        session.add(job)
    return _view(job)


def _own_job(session: Session, actor: Actor, job_id) -> BulkJob:
    job = session.get(BulkJob, candidates.as_uuid(job_id, "Bulk job"))
    if job is None or job.agency_id != actor.agency_id or job.created_by_id != actor.user_id:
        raise NotFound("Bulk job")
    return job


def claim(session: Session, actor: Actor, job_id) -> tuple[JobView, list[uuid.UUID]] | None:
    """Start a queued job of this user exactly once; returns it and its candidate ids (None: not claimable)."""
    job = _own_job(session, actor, job_id)
    won = session.exec(update(BulkJob).where(BulkJob.id == job.id, BulkJob.status == BulkJobStatus.QUEUED.value)
                       .values(status=BulkJobStatus.RUNNING.value))
    if won.rowcount != 1:
        return None
    session.refresh(job)
    if "query" in job.params:
        ids = candidate_search.matching_ids(session, actor, CandidateQuery.from_params(job.params["query"]))
    else:
        ids = candidates.scoped_ids(session, actor, job.params.get("ids", []))
    job.total = len(ids)
    session.add(job)
    if job.kind == "export":
        _write_csv(export_dir() / job.result_key, [], header=True)
    return _view(job), ids


def chunks(job: JobView, ids: list[uuid.UUID]):
    size = CHUNK_SIZE.get(job.kind, DEFAULT_CHUNK)
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def run_chunk(session: Session, actor: Actor, job_id, ids: list[uuid.UUID]) -> JobView:
    """Apply the job's action to these ids through the normal services and record the progress."""
    job = _own_job(session, actor, job_id)
    if job.status != BulkJobStatus.RUNNING.value:
        return _view(job)
    value = job.params.get("value", "")
    if job.kind == "add_tag":
        tags.add_tag(session, actor, ids, value)
    elif job.kind == "remove_tag":
        tags.remove_tag(session, actor, ids, value)
    elif job.kind in ("flag", "unflag"):
        candidates.set_flag(session, actor, ids, job.kind == "flag")
    elif job.kind == "assign_job":
        applications.assign_to_job(session, actor, ids, value)
    elif job.kind == "set_owner":
        candidates.set_owner(session, actor, ids, value)
    elif job.kind == "profile_update":
        _, without_email = profile_requests.request_many(session, actor, ids, bulk_job_id=job.id)
        job.failed += without_email
    elif job.kind == "availability_check":
        period = availability_checks.period_from_value(session, actor.agency_id, value)
        _, without_email = availability_checks.ask_many(session, actor, ids, period, batch_id=job.id)
        job.failed += without_email
    elif job.kind == "export":
        _write_csv(export_dir() / job.result_key, candidate_search.rows_for_ids(session, actor, ids))
    job.done = min(job.total, job.done + len(ids))
    if job.done >= job.total:
        job.status = BulkJobStatus.DONE.value
        job.finished_at = utcnow()
        job.message = _summary(job)
    session.add(job)
    return _view(job)


def _summary(job: BulkJob) -> str:
    n = f"{job.total} candidate{'s' if job.total != 1 else ''}"
    if job.kind == "profile_update":
        queued = job.total - job.failed
        text = f"{queued} request{'s' if queued != 1 else ''} queued, one email each."
        if job.failed:
            text += (f" {job.failed} candidate{'s have' if job.failed != 1 else ' has'} no email address: "
                     "see Profile updates, status failed.")
        return text
    if job.kind == "availability_check":
        sent = job.total - job.failed
        text = f"{sent} availability check{'s' if sent != 1 else ''} emailed."
        if job.failed:
            text += f" {job.failed} without an email address."
        return text + " See Availability checks for the answers."
    return {"add_tag": f"{n} now have the tag.", "remove_tag": f"The tag was removed from {n}.",
            "flag": f"{n} flagged.", "unflag": f"{n} unflagged.", "assign_job": f"{n} are in the job.",
            "set_owner": f"{n} have the new owner.", "export": f"{n} exported."}[job.kind]


def email_progress(session: Session, actor: Actor, job_id) -> tuple[int, int]:
    """(emails handed to the mail service, emails to send) for a profile-update bulk job."""
    from sqlalchemy import func

    from app.models import ProfileUpdateRequest, RequestStatus

    job = _own_job(session, actor, job_id)
    rows = session.exec(select(ProfileUpdateRequest.status, func.count()).where(
        ProfileUpdateRequest.agency_id == actor.agency_id, ProfileUpdateRequest.bulk_job_id == job.id)
        .group_by(ProfileUpdateRequest.status)).all()
    counts = dict(rows)
    without_email = job.failed
    total = sum(counts.values()) - without_email
    return total - counts.get(RequestStatus.QUEUED.value, 0), total


def fail(session: Session, actor: Actor, job_id, message: str) -> JobView:
    job = _own_job(session, actor, job_id)
    if job.status not in FINISHED:
        job.status = BulkJobStatus.FAILED.value
        job.finished_at = utcnow()
        job.message = message[:500]
        session.add(job)
    return _view(job)


def get_job(session: Session, actor: Actor, job_id) -> JobView:
    return _view(_own_job(session, actor, job_id))


def latest_job(session: Session, actor: Actor, now: datetime | None = None) -> JobView | None:
    """This user's most recent job if it is still running or finished recently (what the list page shows)."""
    job = session.exec(select(BulkJob).where(BulkJob.agency_id == actor.agency_id,
                                             BulkJob.created_by_id == actor.user_id)
                       .order_by(BulkJob.created_at.desc())).first()
    if job is None:
        return None
    now = now or utcnow()
    if job.status not in FINISHED and job.created_at < now - ABANDONED_AFTER:
        job.status, job.finished_at = BulkJobStatus.FAILED.value, now
        job.message = "Interrupted. The candidates done so far keep their changes; run it again for the rest."
        session.add(job)
    if job.finished_at is not None and job.finished_at < now - SHOW_FINISHED_FOR:
        return None
    return _view(job)


# --- CSV export --------------------------------------------------------------------------------------


def export_dir() -> Path:
    return get_settings().data_dir / "exports"


def safe_cell(value) -> str:
    """Spreadsheets run cells starting with = + - @ (or tab/CR) as formulas: make them plain text."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv_row(row: CandidateRow) -> list[str]:
    values = [row.first_name, row.last_name, row.email, row.phone, row.status, row.rating,
              "yes" if row.flagged else "", row.owner_name, "; ".join(row.tags),
              row.updated_at.strftime("%Y-%m-%d %H:%M")]
    return [safe_cell(v) for v in values]


def _write_csv(path: Path, rows: list[CandidateRow], header: bool = False) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with path.open("w" if header else "a", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        if header:
            writer.writerow(CSV_HEADER)
        writer.writerows(_csv_row(r) for r in rows)


def export_file(session: Session, actor: Actor, job_id) -> tuple[Path, str]:
    """(path, download name) of a finished export of the actor's agency; anything else is not found."""
    job = session.get(BulkJob, candidates.as_uuid(job_id, "Export"))
    if (job is None or job.agency_id != actor.agency_id or job.kind != "export"
            or job.status != BulkJobStatus.DONE.value or not job.result_key):
        raise NotFound("Export")
    root = export_dir().resolve()
    path = (root / job.result_key).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        raise NotFound("Export")
    return path, f"candidates-{job.created_at:%Y%m%d-%H%M}.csv"
