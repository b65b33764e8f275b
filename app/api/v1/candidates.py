"""/candidates: list, get, create, partial update (exactly as the compatible API's PATCH), delete."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel
from sqlmodel import select

from app.api.v1 import schemas
from app.api.v1.common import ApiContext, path_id, publish, read_body, reader, run, writer
from app.api.v1.problems import Problem, conflict, documented, item, parse
from app.db import session_scope
from app.models import Application, Candidate
from app.services import applications, candidates, ownership
from app.services import public_views as views
from app.states.live import agency_topic, record_topic

router = APIRouter(tags=["Candidates"])
FIELDS = {"firstName": "first_name", "lastName": "last_name", "email": "email", "phone": "phone",
          "gdprExpiry": "gdpr_expiry", "status": "status", "metadata": "meta", "gender": "gender", "cv": "cv_text"}
SUBJECT = "candidateId"


def _changes(body: BaseModel) -> tuple[dict, list | None]:
    """Service field -> value for the fields sent, and the jobIds (None when not sent)."""
    sent = body.model_fields_set
    changes = {FIELDS[name]: getattr(body, name) for name in sent if name in FIELDS}
    return changes, (body.jobIds if "jobIds" in sent else None)


def _job_ids(session, candidate_id) -> list:
    return list(session.exec(select(Application.job_id).where(Application.candidate_id == candidate_id)))


def _topics(agency_id, candidate_id, job_ids) -> list[str]:
    return [agency_topic(agency_id), record_topic("candidate", candidate_id),
            *[record_topic("job", j) for j in set(job_ids)]]


# ISO 8601 date and time (hours and minutes at least), optional fraction and zone; nothing else (no bare dates,
# no unix timestamps, which a lax datetime parser would accept).
DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?([Zz]|[+-]\d{2}:?\d{2})?", re.ASCII)


def _date_time(value: str) -> datetime:
    """`updatedSince` as an aware datetime (UTC when it has no zone); 400 with rule `format` otherwise."""
    message = "Use an ISO 8601 date-time, e.g. 2025-11-20T10:30:00Z."
    if not DATE_TIME.fullmatch(value):
        raise Problem(400, f"updatedSince: {message}", [item("updatedSince", "format", message)])
    try:
        parsed = datetime.fromisoformat(value.replace("z", "Z").replace("t", "T"))
    except ValueError:  # e.g. month 13
        raise Problem(400, f"updatedSince: {message}", [item("updatedSince", "format", message)]) from None
    return parsed.replace(tzinfo=timezone.utc) if parsed.tzinfo is None else parsed


@router.get("/candidates", response_model=schemas.CandidateList, responses=documented(400),
            summary="List candidates")
async def list_candidates(
    ctx: ApiContext = Depends(reader),
    status: Literal["UNDEFINED", "APPLIED", "IN_PROCESS", "REJECTED", "ACCEPTED"] | None = Query(
        None, description="Only candidates with this status."),
    email: str | None = Query(None, max_length=254, description="Only candidates with this email address "
                              "(case-insensitive, exact)."),
    updatedSince: str | None = Query(None, description="Only candidates updated at or after this time: an ISO 8601 "
                                     "date-time such as 2025-11-20T10:30:00Z (without a zone it is UTC).",
                                     max_length=40, json_schema_extra={"format": "date-time"}),
    cursor: str | None = Query(None, max_length=200, description="`nextCursor` of the previous page."),
    limit: int = Query(25, ge=1, le=100, description="Candidates per page, 1 to 100."),
):
    """Candidates of your agency, least recently updated first, so that `updatedSince` plus `cursor` walks
    every change since a point in time."""
    if email is not None and not email.strip():
        message = "Give an email address to filter by, or leave the parameter out."
        raise Problem(400, f"email: {message}", [item("email", "required", message)])
    if email is not None and "\x00" in email:
        message = "Text must not contain NUL characters."
        raise Problem(400, f"email: {message}", [item("email", "invalid_characters", message)])
    since = _date_time(updatedSince) if updatedSince is not None else None

    def work():
        with session_scope() as session:
            page = candidates.page_candidates(session, ctx.actor, status=status, email=email,
                                              updated_since=since, cursor=cursor, limit=limit)
            jobs = views.job_ids_by_candidate(session, [c.id for c in page.items])
            return {"data": [views.candidate_view(c, jobs.get(c.id, [])) for c in page.items],
                    "nextCursor": page.next_cursor}
    return await run(work)


@router.post("/candidates", status_code=201, response_model=schemas.Candidate, responses=documented(400, 403, 413),
             summary="Create a candidate",
             openapi_extra={"requestBody": {"required": True, "content": {"application/json": {
                 "schema": {"$ref": "#/components/schemas/CandidateCreate"}}}}})
async def create_candidate(request: Request, response: Response, ctx: ApiContext = Depends(writer)):
    """A new candidate of your agency, with the same fields and rules as the partial update; `firstName` and
    `lastName` are required. The response has a `Location` header."""
    raw = await read_body(request)

    def work():
        body = parse(schemas.CandidateCreate, raw)
        fields, job_ids = _changes(body)
        with session_scope() as session:
            candidate = candidates.create_candidate(session, ctx.actor, phone_format="e164", job_ids=job_ids,
                                                    **fields)
            return views.candidate_view_of(session, candidate)
    view = await run(work)
    response.headers["Location"] = view["links"]["self"]
    await publish(*_topics(ctx.actor.agency_id, view["id"], view["jobIds"]))
    return view


@router.get("/candidates/{candidateId}", response_model=schemas.Candidate, responses=documented(403, 404),
            summary="Get a candidate")
async def get_candidate(candidateId: str = path_id("candidate"), ctx: ApiContext = Depends(reader)):
    def work():
        with session_scope() as session:
            candidate = ownership.owned(session, ctx.actor, Candidate, candidateId, "Candidate")
            return views.candidate_view_of(session, candidate)
    return await run(work, SUBJECT)


@router.patch("/candidates/{candidateId}", response_model=schemas.Candidate,
              responses=documented(400, 403, 404, 409, 413), summary="Update a candidate",
              openapi_extra={"requestBody": {"required": True, "content": {"application/json": {
                  "schema": {"$ref": "#/components/schemas/CandidatePatch"}}}}})
async def update_candidate(request: Request, candidateId: str = path_id("candidate"),
                           ctx: ApiContext = Depends(writer)):
    """Updates a candidate that belongs to your agency. A partial update: only the fields you send change.

    `jobIds` replaces the job assignments and `metadata` replaces the metadata. Every change is on the
    candidate's timeline (as "API key <name>") and appears live on recruiters' open screens; webhooks get
    `candidate.updated`.

    Errors, checked in this order: 404 when the candidate does not exist or was deleted; 403 when it belongs
    to another agency, or when `jobIds` names a job of another agency; 400 for invalid values and unknown job
    ids, listing every invalid field with its rule.
    """
    raw = await read_body(request)

    def work():
        with session_scope() as session:
            candidate = ownership.owned(session, ctx.actor, Candidate, candidateId, "Candidate")
            if candidate.anonymised_at is not None:
                raise conflict(SUBJECT, "anonymised", "This candidate was anonymised and can no longer be changed.")
            body = parse(schemas.CandidatePatch, raw)
            changes, job_ids = _changes(body)
            before = _job_ids(session, candidate.id)
            candidate = candidates.patch_candidate(session, ctx.actor, candidate.id, changes, job_ids)
            return views.candidate_view_of(session, candidate), before
    view, before = await run(work, SUBJECT)
    await publish(*_topics(ctx.actor.agency_id, view["id"], [*before, *view["jobIds"]]))
    return view


@router.delete("/candidates/{candidateId}", status_code=204, response_class=Response,
               responses=documented(403, 404), summary="Delete a candidate")
async def delete_candidate(candidateId: str = path_id("candidate"), ctx: ApiContext = Depends(writer)):
    """Deletes the candidate with their applications, comments and documents. Afterwards the candidate is
    404. (To keep statistics, anonymise the candidate in Candor instead.)"""
    def work():
        with session_scope() as session:
            candidate = ownership.owned(session, ctx.actor, Candidate, candidateId, "Candidate")
            jobs = _job_ids(session, candidate.id)
            candidates.delete_candidate(session, ctx.actor, candidate.id)
            return candidate.id, jobs
    candidate_id, jobs = await run(work, SUBJECT)
    await publish(*_topics(ctx.actor.agency_id, candidate_id, jobs))
    return Response(status_code=204)


@router.get("/candidates/{candidateId}/applications", response_model=schemas.ApplicationList,
            responses=documented(400, 403, 404), summary="List a candidate's applications")
async def list_candidate_applications(
    candidateId: str = path_id("candidate"), ctx: ApiContext = Depends(reader),
    cursor: str | None = Query(None, max_length=200, description="`nextCursor` of the previous page."),
    limit: int = Query(25, ge=1, le=100, description="Applications per page, 1 to 100."),
):
    """The jobs the candidate is in, with the pipeline stage of each, oldest first."""
    def work():
        with session_scope() as session:
            candidate = ownership.owned(session, ctx.actor, Candidate, candidateId, "Candidate")
            page = applications.page_for_candidate(session, ctx.actor, candidate.id, cursor, limit)
            return {"data": [views.application_view(a, s) for a, s in page.items], "nextCursor": page.next_cursor}
    return await run(work, SUBJECT)
