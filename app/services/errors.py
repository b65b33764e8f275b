"""Errors every service raises; states and the API turn them into messages or status codes."""

from __future__ import annotations


class ServiceError(Exception):
    """Base class: `message` is safe to show to the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotFound(ServiceError):
    def __init__(self, what: str = "Record"):
        super().__init__(f"{what} not found.")


class Forbidden(ServiceError):
    """Not allowed. `field`/`rule` say which input caused it, when one did (the API reports them)."""

    def __init__(self, message: str = "You are not allowed to do that.", *, field: str | None = None,
                 rule: str = "forbidden"):
        super().__init__(message)
        self.field = field
        self.rule = rule


class Unauthenticated(ServiceError):
    def __init__(self, message: str = "Please sign in.", rule: str = "unauthenticated"):
        super().__init__(message)
        self.rule = rule


class RateLimited(ServiceError):
    def __init__(self, message: str = "Too many requests.", retry_after: int | None = None):
        super().__init__(message)
        self.retry_after = retry_after


class Conflict(ServiceError):
    """Someone else changed the record first: carries its fresh values, version and who changed it."""

    def __init__(self, message: str, *, current: dict | None = None, version: int | None = None,
                 changed_by: str = ""):
        super().__init__(message)
        self.current = current or {}
        self.version = version
        self.changed_by = changed_by


class ValidationError(ServiceError):
    """One message per field, shown next to the field; `rules` names the rule each field broke (for the API)."""

    def __init__(self, errors: dict[str, str], rules: dict[str, str] | None = None):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors
        self.rules = {field: (rules or {}).get(field, "invalid") for field in errors}

    def merged(self, other: ValidationError) -> ValidationError:
        return ValidationError({**self.errors, **other.errors}, {**self.rules, **other.rules})
