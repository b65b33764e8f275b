"""/applications (a candidate in a job's pipeline): create, get, move to a stage; /stages: the pipeline."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response
from sqlmodel import Session

from app.api.v1 import schemas
from app.api.v1.common import ApiContext, path_id, publish, read_body, reader, run, writer
from app.api.v1.problems import documented, parse
from app.db import session_scope
from app.models import Application, Candidate, Job, PipelineStage
from app.services import applications, ownership
from app.services import public_views as views
from app.states.live import agency_topic, record_topic

router = APIRouter()
SUBJECT = "applicationId"


def _view(session: Session, application: Application) -> dict:
    return views.application_view(application, session.get(PipelineStage, application.stage_id))


def _topics(agency_id, view: dict) -> list[str]:
    return [agency_topic(agency_id), record_topic("candidate", view["candidateId"]),
            record_topic("job", view["jobId"])]


@router.get("/stages", response_model=schemas.StageList, responses=documented(), tags=["Pipeline"],
            summary="List pipeline stages")
async def list_stages(ctx: ApiContext = Depends(reader)):
    """Your agency's pipeline stages, in order: `active` stages, then `hired` and `rejected` ones."""
    def work():
        with session_scope() as session:
            return {"data": [views.stage_view(s) for s in applications.list_stages(session, ctx.actor)]}
    return await run(work)


@router.post("/applications", status_code=201, response_model=schemas.Application,
             responses=documented(400, 403, 409, 413), tags=["Applications"], summary="Create an application",
             openapi_extra={"requestBody": {"required": True, "content": {"application/json": {
                 "schema": {"$ref": "#/components/schemas/ApplicationCreate"}}}}})
async def create_application(request: Request, response: Response, ctx: ApiContext = Depends(writer)):
    """Puts a candidate into a job's pipeline, in the first active stage or in `stageId`. Ids of another
    agency's records are 403, unknown ids 400; a candidate already in the job is 409."""
    raw = await read_body(request)

    def work():
        body = parse(schemas.ApplicationCreate, raw)
        with session_scope() as session:
            candidate = ownership.referenced(session, ctx.actor, Candidate, body.candidateId, "candidate_id",
                                             "Candidate")
            job = ownership.referenced(session, ctx.actor, Job, body.jobId, "job_id", "Job")
            stage = ownership.referenced(session, ctx.actor, PipelineStage, body.stageId, "stage_id", "Stage") \
                if body.stageId else None
            application = applications.create_application(session, ctx.actor, candidate.id, job.id,
                                                          stage.id if stage else None, reason=body.reason)
            return _view(session, application)
    view = await run(work)
    response.headers["Location"] = view["links"]["self"]
    await publish(*_topics(ctx.actor.agency_id, view))
    return view


@router.get("/applications/{applicationId}", response_model=schemas.Application, responses=documented(403, 404),
            tags=["Applications"], summary="Get an application")
async def get_application(applicationId: str = path_id("application"), ctx: ApiContext = Depends(reader)):
    def work():
        with session_scope() as session:
            return _view(session, ownership.owned(session, ctx.actor, Application, applicationId, "Application"))
    return await run(work, SUBJECT)


@router.post("/applications/{applicationId}/move", response_model=schemas.Application,
             responses=documented(400, 403, 404, 413), tags=["Applications"], summary="Move to a stage",
             openapi_extra={"requestBody": {"required": True, "content": {"application/json": {
                 "schema": {"$ref": "#/components/schemas/ApplicationMove"}}}}})
async def move_application(request: Request, applicationId: str = path_id("application"),
                           ctx: ApiContext = Depends(writer)):
    """Moves the application to another stage of your pipeline (a rejected stage needs a `reason`). Appears on
    the candidate's timeline and live on the job's board; webhooks get `application.stage_changed`."""
    raw = await read_body(request)

    def work():
        with session_scope() as session:
            application = ownership.owned(session, ctx.actor, Application, applicationId, "Application")
            body = parse(schemas.ApplicationMove, raw)
            stage = ownership.referenced(session, ctx.actor, PipelineStage, body.stageId, "stage_id", "Stage")
            application = applications.move_stage(session, ctx.actor, application.id, stage.id, reason=body.reason)
            return _view(session, application)
    view = await run(work, SUBJECT)
    await publish(*_topics(ctx.actor.agency_id, view))
    return view
