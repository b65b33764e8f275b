"""/jobs: list, get, create, update; a job's applications."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Query, Request, Response

from app.api.v1 import schemas
from app.api.v1.common import ApiContext, path_id, publish, read_body, reader, run, writer
from app.api.v1.problems import documented, parse
from app.db import session_scope
from app.models import Job
from app.services import applications, jobs, ownership
from app.services import public_views as views
from app.states.live import agency_topic, record_topic

router = APIRouter(tags=["Jobs"])
FIELDS = {"title": "title", "location": "location", "employmentType": "employment_type",
          "description": "description"}
SUBJECT = "jobId"


def _apply(session, actor, job_id, body) -> Job:
    """The sent fields, then the status: one unit of work, each change on the job's timeline."""
    sent = body.model_fields_set
    fields = {FIELDS[name]: getattr(body, name) for name in sent if name in FIELDS}
    job = jobs.update_job(session, actor, job_id, **fields) if fields else jobs.get_job(session, actor, job_id)
    if "status" in sent:
        job = jobs.set_job_status(session, actor, job.id, body.status)
    return job


@router.get("/jobs", response_model=schemas.JobList, responses=documented(400), summary="List jobs")
async def list_jobs(
    ctx: ApiContext = Depends(reader),
    status: Literal["open", "closed"] | None = Query(None, description="Only open or only closed jobs."),
    cursor: str | None = Query(None, max_length=200, description="`nextCursor` of the previous page."),
    limit: int = Query(25, ge=1, le=100, description="Jobs per page, 1 to 100."),
):
    """Jobs of your agency, oldest first."""
    def work():
        with session_scope() as session:
            page = jobs.page_jobs(session, ctx.actor, status=status, cursor=cursor, limit=limit)
            return {"data": [views.job_view(j) for j in page.items], "nextCursor": page.next_cursor}
    return await run(work)


@router.post("/jobs", status_code=201, response_model=schemas.Job, responses=documented(400, 413),
             summary="Create a job",
             openapi_extra={"requestBody": {"required": True, "content": {"application/json": {
                 "schema": {"$ref": "#/components/schemas/JobCreate"}}}}})
async def create_job(request: Request, response: Response, ctx: ApiContext = Depends(writer)):
    """A new job of your agency (open unless `status` says closed). The response has a `Location` header."""
    raw = await read_body(request)

    def work():
        body = parse(schemas.JobCreate, raw)
        with session_scope() as session:
            kind = body.employmentType if "employmentType" in body.model_fields_set else "permanent"
            job = jobs.create_job(session, ctx.actor, title=body.title, location=body.location,
                                  employment_type=kind, description=body.description)
            if body.status is not None and body.status != job.status:
                job = jobs.set_job_status(session, ctx.actor, job.id, body.status)
            return views.job_view(job)
    view = await run(work)
    response.headers["Location"] = view["links"]["self"]
    await publish(agency_topic(ctx.actor.agency_id), record_topic("job", view["id"]))
    return view


@router.get("/jobs/{jobId}", response_model=schemas.Job, responses=documented(403, 404), summary="Get a job")
async def get_job(jobId: str = path_id("job"), ctx: ApiContext = Depends(reader)):
    def work():
        with session_scope() as session:
            return views.job_view(ownership.owned(session, ctx.actor, Job, jobId, "Job"))
    return await run(work, SUBJECT)


@router.patch("/jobs/{jobId}", response_model=schemas.Job, responses=documented(400, 403, 404, 413),
              summary="Update a job",
              openapi_extra={"requestBody": {"required": True, "content": {"application/json": {
                  "schema": {"$ref": "#/components/schemas/JobPatch"}}}}})
async def update_job(request: Request, jobId: str = path_id("job"), ctx: ApiContext = Depends(writer)):
    """A partial update: only the fields you send change."""
    raw = await read_body(request)

    def work():
        with session_scope() as session:
            job = ownership.owned(session, ctx.actor, Job, jobId, "Job")
            body = parse(schemas.JobPatch, raw)
            return views.job_view(_apply(session, ctx.actor, job.id, body))
    view = await run(work, SUBJECT)
    await publish(agency_topic(ctx.actor.agency_id), record_topic("job", view["id"]))
    return view


@router.get("/jobs/{jobId}/applications", response_model=schemas.ApplicationList,
            responses=documented(400, 403, 404), summary="List a job's applications")
async def list_job_applications(
    jobId: str = path_id("job"), ctx: ApiContext = Depends(reader),
    cursor: str | None = Query(None, max_length=200, description="`nextCursor` of the previous page."),
    limit: int = Query(25, ge=1, le=100, description="Applications per page, 1 to 100."),
):
    """The candidates in the job's pipeline, with their stages, oldest first."""
    def work():
        with session_scope() as session:
            job = ownership.owned(session, ctx.actor, Job, jobId, "Job")
            page = applications.page_for_job(session, ctx.actor, job.id, cursor, limit)
            return {"data": [views.application_view(a, s) for a, s in page.items], "nextCursor": page.next_cursor}
    return await run(work, SUBJECT)
