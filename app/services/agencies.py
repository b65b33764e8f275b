"""Agencies (tenants) and their default pipeline."""

from __future__ import annotations

import uuid

from sqlmodel import Session, select

from app.models import Agency, PipelineStage, StageKind

DEFAULT_STAGES = [
    ("New", StageKind.ACTIVE),
    ("Screening", StageKind.ACTIVE),
    ("Interview", StageKind.ACTIVE),
    ("Offer", StageKind.ACTIVE),
    ("Hired", StageKind.HIRED),
    ("Rejected", StageKind.REJECTED),
]


def create_agency(session: Session, *, name: str, slug: str, primary_color: str = "#4f46e5",
                  logo_url: str | None = None, portal_title: str | None = None) -> Agency:
    agency = Agency(name=name, slug=slug, primary_color=primary_color, logo_url=logo_url,
                    portal_title=portal_title or f"{name} careers")
    session.add(agency)
    session.flush()
    for position, (stage_name, kind) in enumerate(DEFAULT_STAGES):
        session.add(PipelineStage(agency_id=agency.id, name=stage_name, position=position, kind=kind.value))
    return agency


def get_agency(session: Session, agency_id: uuid.UUID) -> Agency | None:
    return session.get(Agency, agency_id)


def get_agency_by_slug(session: Session, slug: str) -> Agency | None:
    return session.exec(select(Agency).where(Agency.slug == slug)).first()


def list_stages(session: Session, agency_id: uuid.UUID) -> list[PipelineStage]:
    stmt = select(PipelineStage).where(PipelineStage.agency_id == agency_id).order_by(PipelineStage.position)
    return list(session.exec(stmt))
