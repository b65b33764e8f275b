"""Errors of REST API v1 as RFC 9457 problem details (application/problem+json), each naming field and rule."""

from __future__ import annotations

from pydantic import BaseModel
from pydantic import ValidationError as PydanticError
from starlette.requests import Request
from starlette.responses import JSONResponse

from app.services.errors import (Conflict, Forbidden, NotFound, RateLimited, ServiceError, Unauthenticated,
                                 ValidationError)

MEDIA_TYPE = "application/problem+json"
DOCS = "/api/v1/docs"

# (slug, title) per status: `type` is the reference page's section about it.
KINDS = {
    400: ("invalid-request", "Your request has invalid values."),
    401: ("unauthorized", "Missing or invalid API key."),
    403: ("forbidden", "Not allowed."),
    404: ("not-found", "Not found."),
    405: ("method-not-allowed", "Method not allowed."),
    409: ("conflict", "Conflict."),
    413: ("too-large", "Request body too large."),
    429: ("rate-limited", "Too many requests."),
    500: ("server-error", "Something went wrong on our side."),
}
# Service field names -> API field names.
FIELDS = {"first_name": "firstName", "last_name": "lastName", "gdpr_expiry": "gdprExpiry", "meta": "metadata",
          "cv_text": "cv", "job_ids": "jobIds", "employment_type": "employmentType", "stage_id": "stageId",
          "candidate_id": "candidateId", "job_id": "jobId"}
# Pydantic error types -> our rule names.
RULES = {"missing": "required", "extra_forbidden": "unknown_field", "string_too_short": "min_length",
         "string_too_long": "max_length", "string_pattern_mismatch": "pattern", "literal_error": "enum",
         "enum": "enum", "too_long": "max_items", "too_short": "min_items", "date_parsing": "format",
         "date_from_datetime_parsing": "format", "date_from_datetime_inexact": "format", "datetime_parsing": "format",
         "datetime_from_date_parsing": "format", "uuid_parsing": "format", "json_invalid": "json",
         "greater_than_equal": "range", "less_than_equal": "range", "int_parsing": "type"}

MESSAGES = {"unknown_field": "Unknown field: this endpoint does not accept it (see /api/v1/docs).",
            "required": "This field is required.", "json": "The body is not valid JSON."}


class Problem(Exception):
    def __init__(self, status: int, detail: str, errors: list[dict] | None = None,
                 headers: dict[str, str] | None = None):
        super().__init__(detail)
        self.status, self.detail, self.errors, self.headers = status, detail, errors or [], headers or {}


def item(field: str, rule: str, detail: str, pointer: str | None = None) -> dict:
    out = {"field": field, "rule": rule, "detail": detail}
    if pointer is not None:
        out["pointer"] = pointer
    return out


def response(request: Request, problem: Problem) -> JSONResponse:
    slug, title = KINDS.get(problem.status, ("error", "Error."))
    body = {"type": f"{DOCS}#problem-{slug}", "title": title, "status": problem.status, "detail": problem.detail,
            "instance": request.url.path, "errors": problem.errors}
    headers = {"Cache-Control": "no-store", **problem.headers}
    return JSONResponse(body, status_code=problem.status, media_type=MEDIA_TYPE, headers=headers)


def api_field(name: str) -> str:
    return FIELDS.get(name, name)


def from_service(exc: ServiceError, subject: str = "id") -> Problem:
    """The problem for a service error; `subject` names the path parameter a NotFound/Forbidden is about."""
    if isinstance(exc, ValidationError):
        errors = [item(api_field(f), exc.rules.get(f, "invalid"), msg, f"/{api_field(f)}")
                  for f, msg in exc.errors.items()]
        return Problem(400, "; ".join(f"{e['field']}: {e['detail']}" for e in errors), errors)
    if isinstance(exc, NotFound):
        return Problem(404, exc.message, [item(subject, "exists", exc.message)])
    if isinstance(exc, Forbidden):
        field = api_field(exc.field) if exc.field else subject
        return Problem(403, exc.message, [item(field, exc.rule, exc.message)])
    if isinstance(exc, Conflict):
        return Problem(409, exc.message, [item(subject, "conflict", exc.message)])
    if isinstance(exc, RateLimited):
        return Problem(429, exc.message, [item("Authorization", "rate_limit", exc.message)],
                       {"Retry-After": str(exc.retry_after or 60)})
    if isinstance(exc, Unauthenticated):
        return unauthorized(exc.message, exc.rule)
    return Problem(400, exc.message, [item(subject, "invalid", exc.message)])


def conflict(field: str, rule: str, message: str) -> Problem:
    """409: the request is valid but the record's state does not allow it (e.g. an anonymised candidate)."""
    return Problem(409, message, [item(field, rule, message)])


def unauthorized(message: str, rule: str = "invalid_key") -> Problem:
    return Problem(401, message, [item("Authorization", rule, message)],
                   {"WWW-Authenticate": 'Bearer realm="candor", error="invalid_token"'})


def from_pydantic(exc: PydanticError) -> Problem:
    errors = []
    for error in exc.errors():
        loc = [str(p) for p in error.get("loc", ())]
        field = loc[0] if loc else "body"
        kind = error["type"]
        rule = RULES.get(kind, "type" if kind.endswith("_type") else kind)
        message = MESSAGES.get(rule, error["msg"])
        if kind.endswith("_type") and error.get("input", ...) is None:
            message = "This field cannot be null."
        errors.append(item(field, rule, message, "/" + "/".join(loc)))
    return Problem(400, "; ".join(f"{e['field']}: {e['detail']}" for e in errors), errors)


def parse(model: type[BaseModel], body: bytes) -> BaseModel:
    """Validate a JSON body against `model` (shape only: types, known and required fields); 400 otherwise."""
    if not body.strip():
        raise Problem(400, "Send a JSON object as the request body.",
                      [item("body", "required", "Send a JSON object as the request body.", "")])
    try:
        parsed = model.model_validate_json(body, strict=True)
    except PydanticError as exc:
        raise from_pydantic(exc) from None
    for name in parsed.model_fields_set:  # PostgreSQL cannot store NUL in text
        value = getattr(parsed, name)
        values = value if isinstance(value, list) else [value]
        if any(isinstance(v, str) and "\x00" in v for v in values):
            message = "Text must not contain NUL characters."
            raise Problem(400, f"{name}: {message}", [item(name, "invalid_characters", message, f"/{name}")])
    return parsed


DESCRIPTIONS = {
    400: "Invalid values: `errors` names each field and the rule it broke.",
    401: "Missing, malformed, unknown or revoked API key.",
    403: "The record belongs to another agency, a referenced record (e.g. in jobIds) does, or the key is read-only.",
    404: "No such record (never existed, or deleted).",
    409: "Conflicts with the current state: the candidate is already in that job's pipeline (rule `conflict`), or "
         "was anonymised and can no longer be changed (rule `anonymised`).",
    413: "The request body is larger than 256 KB.",
    429: "The key's rate limit is used up; wait for `Retry-After` seconds.",
}


def documented(*codes: int) -> dict:
    """`responses=` for a route: the problem responses it can give (content is filled in by the OpenAPI builder)."""
    return {code: {"description": DESCRIPTIONS[code]} for code in sorted({401, 429, *codes})}
