import uuid

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.base import new_id


class Tag(SQLModel, table=True):
    __tablename__ = "tag"
    __table_args__ = (sa.UniqueConstraint("agency_id", "name", name="uq_tag_agency_name"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    agency_id: uuid.UUID = Field(foreign_key="agency.id", index=True)
    name: str = Field(max_length=60)


class CandidateTag(SQLModel, table=True):
    __tablename__ = "candidate_tag"
    __table_args__ = (sa.Index("ix_candidate_tag_tag", "tag_id", "candidate_id"),)

    candidate_id: uuid.UUID = Field(foreign_key="candidate.id", primary_key=True)
    tag_id: uuid.UUID = Field(foreign_key="tag.id", primary_key=True)
