"""The agency's pipeline: stage administration and the data of a job's kanban board."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from app.models import Application, Candidate, CandidateTag, Job, PipelineStage, StageKind, Tag
from app.services import activity
from app.services.actor import Actor
from app.services.applications import get_stage
from app.services.errors import Conflict, ValidationError
from app.services.jobs import get_job
from app.services.validation import clean_name

KINDS = [k.value for k in StageKind]
REQUIRED_KINDS = {StageKind.ACTIVE.value: "an active stage", StageKind.HIRED.value: "a Hired stage",
                  StageKind.REJECTED.value: "a Rejected stage"}


# --- stage administration (admins only) -------------------------------------------------------------

def list_stages(session: Session, actor: Actor) -> list[PipelineStage]:
    stmt = select(PipelineStage).where(PipelineStage.agency_id == actor.agency_id).order_by(
        PipelineStage.position, PipelineStage.name)
    return list(session.exec(stmt))


def usage(session: Session, actor: Actor) -> dict[uuid.UUID, int]:
    """How many applications sit in each stage."""
    return dict(session.exec(select(Application.stage_id, func.count())
                             .where(Application.agency_id == actor.agency_id)
                             .group_by(Application.stage_id)).all())


def _clean_stage_name(session: Session, actor: Actor, name: str, ignore: uuid.UUID | None = None) -> str:
    try:
        name = clean_name(" ".join((name or "").split()), label="Name", max_len=100)
    except ValueError as exc:
        raise ValidationError({"name": str(exc)}) from None
    for stage in list_stages(session, actor):
        if stage.id != ignore and stage.name.lower() == name.lower():
            raise ValidationError({"name": f"There is already a stage called “{stage.name}”."})
    return name


def _clean_kind(kind: str) -> str:
    if kind not in KINDS:
        raise ValidationError({"kind": "Choose active, hired or rejected."})
    return kind


def _renumber(session: Session, stages: list[PipelineStage]) -> None:
    for position, stage in enumerate(stages):
        if stage.position != position:
            stage.position = position
            session.add(stage)


def _record(session: Session, actor: Actor, kind: str, **payload) -> None:
    activity.record(session, agency_id=actor.agency_id, actor=actor, subject_type="agency",
                    subject_id=actor.agency_id, kind=kind, payload=payload)


def add_stage(session: Session, actor: Actor, name: str, kind: str = StageKind.ACTIVE.value) -> PipelineStage:
    """A new active stage goes just before the first Hired/Rejected stage; other kinds go last."""
    actor.require_admin()
    errors = {}
    try:
        name = _clean_stage_name(session, actor, name)
    except ValidationError as exc:
        errors.update(exc.errors)
    try:
        kind = _clean_kind(kind)
    except ValidationError as exc:
        errors.update(exc.errors)
    if errors:
        raise ValidationError(errors)
    stages = list_stages(session, actor)
    at = len(stages)
    if kind == StageKind.ACTIVE.value:
        at = next((i for i, s in enumerate(stages) if s.kind != StageKind.ACTIVE.value), len(stages))
    stage = PipelineStage(agency_id=actor.agency_id, name=name, kind=kind)
    stages.insert(at, stage)
    session.add(stage)
    _renumber(session, stages)
    session.flush()
    _record(session, actor, "stage.added", stage=name, stage_kind=kind)
    return stage


def rename_stage(session: Session, actor: Actor, stage_id, name: str) -> PipelineStage:
    actor.require_admin()
    stage = get_stage(session, actor, stage_id)
    name = _clean_stage_name(session, actor, name, ignore=stage.id)
    if name != stage.name:
        _record(session, actor, "stage.renamed", stage=name, before=stage.name)
        stage.name = name
        session.add(stage)
    return stage


def set_portal_words(session: Session, actor: Actor, stage_id, label: str, next_step: str) -> PipelineStage:
    """What candidates read in the portal for this stage (instead of its internal name) and what happens next;
    empty means the default (the stage's name, or "Hired" / "Not selected this time")."""
    actor.require_admin()
    stage = get_stage(session, actor, stage_id)
    label, next_step = " ".join(str(label or "").split()), str(next_step or "").strip()
    errors = {}
    if len(label) > 100:
        errors["portal_label"] = "At most 100 characters."
    if len(next_step) > 500:
        errors["portal_next_step"] = "At most 500 characters."
    if errors:
        raise ValidationError(errors)
    if (label or None, next_step or None) != (stage.portal_label, stage.portal_next_step):
        stage.portal_label, stage.portal_next_step = label or None, next_step or None
        session.add(stage)
        _record(session, actor, "stage.portal_words", stage=stage.name)
    return stage


def move_stage_position(session: Session, actor: Actor, stage_id, direction: str) -> PipelineStage:
    """Swap the stage with its neighbour ("up" = earlier, "down" = later); at either end nothing moves."""
    actor.require_admin()
    if direction not in ("up", "down"):
        raise ValidationError({"direction": "Move a stage up or down."})
    stage = get_stage(session, actor, stage_id)
    stages = list_stages(session, actor)
    i = next(i for i, s in enumerate(stages) if s.id == stage.id)
    j = i - 1 if direction == "up" else i + 1
    if 0 <= j < len(stages):
        stages[i], stages[j] = stages[j], stages[i]
        _renumber(session, stages)
        _record(session, actor, "stage.moved", stage=stage.name, direction=direction)
    return stage


def _missing_kinds(stages: list[PipelineStage]) -> list[str]:
    have = {s.kind for s in stages}
    return [label for kind, label in REQUIRED_KINDS.items() if kind not in have]


def set_stage_kind(session: Session, actor: Actor, stage_id, kind: str) -> PipelineStage:
    actor.require_admin()
    kind = _clean_kind(kind)
    stage = get_stage(session, actor, stage_id)
    if kind == stage.kind:
        return stage
    after = [s for s in list_stages(session, actor) if s.id != stage.id]
    missing = _missing_kinds(after + [PipelineStage(agency_id=actor.agency_id, name=stage.name, kind=kind)])
    if missing:
        raise Conflict(f"The pipeline needs {missing[0]}; add another before changing this one.")
    _record(session, actor, "stage.kind_changed", stage=stage.name, before=stage.kind, after=kind)
    stage.kind = kind
    session.add(stage)
    return stage


def remove_stage(session: Session, actor: Actor, stage_id) -> None:
    """Only a stage no application uses can go, and the pipeline keeps an active, a hired and a rejected stage."""
    actor.require_admin()
    stage = get_stage(session, actor, stage_id)
    in_use = usage(session, actor).get(stage.id, 0)
    if in_use:
        who = "1 candidate is" if in_use == 1 else f"{in_use} candidates are"
        raise Conflict(f"{who} in “{stage.name}”. Move them to another stage first.")
    rest = [s for s in list_stages(session, actor) if s.id != stage.id]
    missing = _missing_kinds(rest)
    if missing:
        raise Conflict(f"The pipeline needs {missing[0]}; “{stage.name}” is the only one.")
    session.delete(stage)
    session.flush()
    _renumber(session, rest)
    _record(session, actor, "stage.removed", stage=stage.name)


# --- the kanban board of one job ----------------------------------------------------------------------

@dataclass
class Card:
    application_id: uuid.UUID
    candidate_id: uuid.UUID
    first_name: str
    last_name: str
    flagged: bool
    stage_id: uuid.UUID
    stage_entered_at: datetime
    tags: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def days_in_stage(self, now: datetime) -> int:
        return max(0, (now - self.stage_entered_at).days)


@dataclass
class Board:
    job: Job
    stages: list[PipelineStage]
    cards: dict[uuid.UUID, list[Card]]  # by stage id, most recently moved first


def board(session: Session, actor: Actor, job_id) -> Board:
    """Stages and cards of a job in three queries, whatever the number of cards."""
    job = get_job(session, actor, job_id)
    rows = session.exec(
        select(Application.id, Application.candidate_id, Candidate.first_name, Candidate.last_name,
               Candidate.is_flagged, Application.stage_id, Application.stage_entered_at)
        .join(Candidate, Candidate.id == Application.candidate_id)
        .where(Application.agency_id == actor.agency_id, Application.job_id == job.id)
        .order_by(Application.stage_entered_at.desc())
    ).all()
    tags: dict[uuid.UUID, list[str]] = defaultdict(list)
    for candidate_id, name in session.exec(
        select(CandidateTag.candidate_id, Tag.name)
        .join(Tag, Tag.id == CandidateTag.tag_id)
        .join(Application, Application.candidate_id == CandidateTag.candidate_id)
        .where(Application.agency_id == actor.agency_id, Application.job_id == job.id,
               Tag.agency_id == actor.agency_id)
        .order_by(Tag.name)
    ):
        tags[candidate_id].append(name)
    cards: dict[uuid.UUID, list[Card]] = defaultdict(list)
    for row in rows:
        card = Card(*row, tags=tags.get(row[1], []))
        cards[card.stage_id].append(card)
    return Board(job=job, stages=list_stages(session, actor), cards=dict(cards))
