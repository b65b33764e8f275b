"""The wire format of REST API v1: request and response models (camelCase, as the compatible API has them).

Request models check the *shape* (types, known fields, required fields); the rules themselves (lengths,
E.164, enums, future dates, metadata limits, job ownership) are the services' and apply to the app too.
The models still *document* every rule (minLength, pattern, enum, ...) so the OpenAPI document is complete.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

STATUSES = ["UNDEFINED", "APPLIED", "IN_PROCESS", "REJECTED", "ACCEPTED"]
GENDERS = ["male", "female"]
EMPLOYMENT_TYPES = ["permanent", "temp", "contract"]
JOB_STATUSES = ["open", "closed"]
STAGE_KINDS = ["active", "hired", "rejected"]
E164_PATTERN = r"^\+[1-9]\d{1,14}$"

# The compatible API's examples. Its GDPR expiry example (2026-11-16) must lie in the future to be valid,
# so ours is the same day of a coming year.
EXAMPLE_ID = "123e4567-e89b-12d3-a456-426614174000"
EXAMPLE_JOB_IDS = ["123e4567-e89b-12d3-a456-426614174000", "987e6543-e21b-12d3-a456-426614174001"]


def future_example_date() -> str:
    return date(date.today().year + 1, 11, 16).isoformat()


def _seed_patch_example() -> dict:
    return {"firstName": "John", "lastName": "Doe", "email": "john.doe@example.com", "phone": "+421901234567",
            "gdprExpiry": future_example_date(), "status": "IN_PROCESS", "jobIds": EXAMPLE_JOB_IDS,
            "metadata": {"source": "LinkedIn", "referredBy": "John Smith"}, "gender": "female",
            "cv": "Jane Doe\nSoftware Engineer\nExperience: ..."}


def _seed_candidate_example() -> dict:
    return {"id": EXAMPLE_ID, "firstName": "John", "lastName": "Doe", "status": "APPLIED",
            "createdAt": "2025-11-20T10:30:00Z", "updatedAt": "2025-11-20T10:30:00Z",
            "jobId": "987e6543-e21b-12d3-a456-426614174000", "jobIds": ["987e6543-e21b-12d3-a456-426614174000"],
            "email": "john.doe@example.com", "phone": "+421915123456", "gdprExpiry": future_example_date(),
            "rating": 85, "metadata": {"source": "LinkedIn", "externalId": "CAND-12345"}, "gender": "female",
            "cv": "[NAME]\nSoftware Engineer\nExperience: ...",
            "links": {"self": f"/api/v1/candidates/{EXAMPLE_ID}",
                      "applications": f"/api/v1/candidates/{EXAMPLE_ID}/applications"}}


def rules(**constraints) -> dict:
    """JSON Schema keywords that document a rule the services enforce (with their own messages)."""
    return {"json_schema_extra": constraints}


def _name(label: str, required: bool = False):
    return Field(... if required else None, description=f"{label}, 1 to 100 characters.",
                 examples=["John" if label.startswith("First") else "Doe"], **rules(minLength=1, maxLength=100))


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _CandidateFields(_Input):
    firstName: str = _name("First name")
    lastName: str = _name("Last name")
    email: str | None = Field(None, description="Email address; null clears it.", examples=["john.doe@example.com"],
                              **rules(format="email", maxLength=254))
    phone: str | None = Field(None, description="Phone number in E.164 format (`+`, country code, up to 15 "
                              "digits); null clears it.", examples=["+421901234567"], **rules(pattern=E164_PATTERN))
    gdprExpiry: date | None = Field(None, description="GDPR expiry date (YYYY-MM-DD), must be in the future; "
                                    "null clears it.", examples=["2027-11-16"])
    status: str = Field(None, description="Candidate status.", examples=["IN_PROCESS"], **rules(enum=STATUSES))
    jobIds: list[str] = Field(None, description="Jobs to assign the candidate to. Replaces the existing "
                              "assignments: new jobs start in the first pipeline stage, jobs left out are removed. "
                              "Every id must be an existing job (else 400) of your agency (else 403).",
                              examples=[EXAMPLE_JOB_IDS],
                              **rules(maxItems=50, items={"type": "string", "format": "uuid"}))
    metadata: dict[str, Any] | None = Field(None, description="Custom data. Replaces the existing metadata: a JSON "
                                            "object of at most 10 KB, 5 levels deep and 50 keys (counted over every "
                                            "level); null clears it.",
                                            examples=[{"source": "LinkedIn", "referredBy": "John Smith"}])
    gender: str | None = Field(None, description="`male` or `female`, or null to clear it. Candor does no "
                               "detection from the name: null means not set.", examples=["female"],
                               **rules(enum=[*GENDERS, None]))
    cv: str | None = Field(None, description="The CV as plain text, at most 50,000 characters. Stored anonymised: "
                           "names, email addresses, phone numbers and street addresses are replaced by [NAME], "
                           "[EMAIL], [PHONE] and [ADDRESS]. Null clears it.",
                           examples=["Jane Doe\nSoftware Engineer\nExperience: ..."], **rules(maxLength=50_000))


class CandidatePatch(_CandidateFields):
    """Only the fields you send change; send null to clear a field that allows it."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [_seed_patch_example()]})


class CandidateCreate(_CandidateFields):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {k: v for k, v in _seed_patch_example().items() if k != "jobIds"}]})
    firstName: str = _name("First name", required=True)
    lastName: str = _name("Last name", required=True)


class _JobFields(_Input):
    location: str | None = Field(None, examples=["Bratislava"], **rules(maxLength=200))
    employmentType: str = Field(None, examples=["permanent"], **rules(enum=EMPLOYMENT_TYPES))
    description: str | None = Field(None, examples=["Build and run our data pipelines."], **rules(maxLength=20_000))
    status: str = Field(None, description="Closing a job keeps its pipeline as it is.", examples=["open"],
                        **rules(enum=JOB_STATUSES))


class JobCreate(_JobFields):
    title: str = Field(examples=["Data Engineer"], **rules(minLength=1, maxLength=200))


class JobPatch(_JobFields):
    title: str = Field(None, examples=["Senior Data Engineer"], **rules(minLength=1, maxLength=200))


class ApplicationCreate(_Input):
    candidateId: str = Field(examples=[EXAMPLE_ID], **rules(format="uuid"))
    jobId: str = Field(examples=[EXAMPLE_JOB_IDS[1]], **rules(format="uuid"))
    stageId: str | None = Field(None, description="The stage to start in; default: the first active stage.",
                                **rules(format="uuid"))
    reason: str | None = Field(None, description="Required when stageId is a rejected stage.",
                               **rules(maxLength=500))


class ApplicationMove(_Input):
    stageId: str = Field(description="A stage of your agency's pipeline (GET /stages).", **rules(format="uuid"))
    reason: str | None = Field(None, description="Why the candidate is rejected: required when moving to a "
                               "rejected stage.", examples=["Chose a candidate with more experience"],
                               **rules(maxLength=500))


# --- responses ---------------------------------------------------------------------------------------------

class _Output(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CandidateLinks(_Output):
    self: str
    applications: str = Field(description="This candidate's applications (job, pipeline stage).")


class Candidate(_Output):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [_seed_candidate_example()]})
    id: str = Field(json_schema_extra={"format": "uuid"})
    firstName: str
    lastName: str
    status: Literal["UNDEFINED", "APPLIED", "IN_PROCESS", "REJECTED", "ACCEPTED"]
    createdAt: str = Field(json_schema_extra={"format": "date-time"}, description="UTC, e.g. 2025-11-20T10:30:00Z.")
    updatedAt: str = Field(json_schema_extra={"format": "date-time"})
    jobId: str | None = Field(json_schema_extra={"deprecated": True}, description="[Deprecated] The first job of "
                              "jobIds, or null; use jobIds instead.")
    jobIds: list[str] = Field(description="Jobs the candidate is assigned to, oldest assignment first.")
    email: str | None
    phone: str | None
    gdprExpiry: str | None = Field(json_schema_extra={"format": "date"}, description="A date (no time).")
    rating: int | None = Field(ge=0, le=100, description="Overall rating, 0 to 100 (set by recruiters in Candor).")
    metadata: dict[str, Any]
    gender: Literal["male", "female"] | None = Field(description="Null when not set (no detection from the name).")
    cv: str | None = Field(description="The anonymised CV text.")
    links: CandidateLinks


class Page(_Output):
    nextCursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last page.")


class CandidateList(Page):
    data: list[Candidate]


class JobLinks(_Output):
    self: str
    applications: str


class Job(_Output):
    id: str = Field(json_schema_extra={"format": "uuid"})
    title: str
    location: str | None
    employmentType: Literal["permanent", "temp", "contract"]
    status: Literal["open", "closed"]
    description: str | None
    createdAt: str = Field(json_schema_extra={"format": "date-time"})
    updatedAt: str = Field(json_schema_extra={"format": "date-time"})
    links: JobLinks


class JobList(Page):
    data: list[Job]


class Stage(_Output):
    id: str = Field(json_schema_extra={"format": "uuid"})
    name: str
    kind: Literal["active", "hired", "rejected"]
    position: int


class StageList(_Output):
    data: list[Stage]


class ApplicationLinks(_Output):
    self: str
    candidate: str
    job: str


class Application(_Output):
    id: str = Field(json_schema_extra={"format": "uuid"})
    candidateId: str = Field(json_schema_extra={"format": "uuid"})
    jobId: str = Field(json_schema_extra={"format": "uuid"})
    stage: Stage
    rejectionReason: str | None
    stageEnteredAt: str = Field(json_schema_extra={"format": "date-time"})
    createdAt: str = Field(json_schema_extra={"format": "date-time"})
    updatedAt: str = Field(json_schema_extra={"format": "date-time"})
    links: ApplicationLinks


class ApplicationList(Page):
    data: list[Application]


class ProblemItem(BaseModel):
    field: str = Field(description="The request field (camelCase), query parameter, path parameter or header.")
    rule: str = Field(description="The rule that failed, e.g. max_length, pattern, enum, future_date, "
                      "same_agency, exists, unknown_field, type, required.")
    detail: str
    pointer: str | None = Field(None, description="JSON Pointer into the request body, when the field is in it.")


class Problem(BaseModel):
    """RFC 9457 problem details, served as application/problem+json."""

    type: str
    title: str
    status: int
    detail: str
    instance: str
    errors: list[ProblemItem]
