"""The recruiter's and admin's side of the candidate portal: deletion requests, the agency's branding.

Portal access itself (open, resend, close) lives in `portal_auth`; the message thread in `messages`.
Every function takes the staff Actor and touches only rows of the actor's agency.
"""

from __future__ import annotations

import functools
import re
import uuid
import zoneinfo
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import update
from sqlmodel import Session, select

from app.models import ActivityEvent, Agency, Candidate, Task
from app.models.base import utcnow
from app.services import activity, branding, email, email_templates
from app.services.actor import Actor
from app.services.candidates import anonymise_candidate, get_candidate
from app.services.errors import NotFound, ValidationError
from app.services.validation import clean_email, clean_phone

MAX_REASON = 1000
LANGUAGES = {"en": "English", "fr": "Français"}
LOGO_TYPES = {"png": "image/png", "jpg": "image/jpeg", "webp": "image/webp", "gif": "image/gif"}
MAX_LOGO = 1_000_000
LOGO_NAME = re.compile(r"^logo-[0-9a-f]{12}\.(png|jpg|webp|gif)$")


# --- portal access, in words ------------------------------------------------------------------------------

def access_summary(status: str, opened_at: datetime | None, last_visit_at: datetime | None) -> tuple[str, str]:
    """(short label, detail) for the indicator on the profile: Closed / Invited / Open since <date>."""
    if status == "open":
        since = opened_at.strftime("%d %b %Y") if opened_at else "—"
        visit = last_visit_at.strftime("%d %b %Y %H:%M") if last_visit_at else "never"
        return f"Open since {since}", f"Last visit: {visit}"
    if status == "invited":
        return "Invited", "Invitation sent, not used yet"
    return "Closed", "The candidate cannot sign in to the portal"


# --- deletion requests ----------------------------------------------------------------------------------

def _requested(session: Session, actor: Actor, candidate_id) -> Candidate:
    actor.require_write()
    candidate = get_candidate(session, actor, candidate_id)
    if candidate.deletion_requested_at is None or candidate.anonymised_at is not None:
        raise ValidationError({"deletion": "This candidate has no open deletion request."})
    return candidate


def _close_tasks(session: Session, candidate: Candidate) -> None:
    session.execute(update(Task).where(Task.agency_id == candidate.agency_id, Task.candidate_id == candidate.id,
                                       Task.kind == "deletion_request", Task.done_at.is_(None))
                    .values(done_at=utcnow()).execution_options(synchronize_session=False))


DECLINED = {
    "en": ("Your request to delete your data",
           "Hello {FIRST_NAME},\n\n{AGENCY} has reviewed your request to delete your data and cannot do it now, "
           "for this reason:\n\n{REASON}\n\nYou can reply from your candidate space: {PORTAL_URL}"),
    "fr": ("Votre demande de suppression de vos données",
           "Bonjour {FIRST_NAME},\n\n{AGENCY} a examiné votre demande de suppression de vos données et ne peut pas "
           "y donner suite pour l'instant, pour la raison suivante :\n\n{REASON}\n\nVous pouvez répondre depuis "
           "votre espace candidat : {PORTAL_URL}"),
}


def decline_deletion(session: Session, actor: Actor, candidate_id, reason: str) -> Candidate:
    """Refuse the request with a reason: in the timeline, and emailed to the candidate (so also in their portal's
    Messages). The request is cleared, so the candidate may ask again."""
    candidate = _requested(session, actor, candidate_id)
    text = " ".join(str(reason or "").split())
    if len(text) < 3:
        raise ValidationError({"reason": "Say why: the candidate will read this reason."})
    if len(text) > MAX_REASON:
        raise ValidationError({"reason": f"At most {MAX_REASON:,} characters."})
    candidate.deletion_requested_at = None
    session.add(candidate)
    _close_tasks(session, candidate)
    activity.record(session, agency_id=actor.agency_id, actor=actor, subject_type="candidate",
                    subject_id=candidate.id, kind="portal.deletion_declined", payload={"reason": text})
    if candidate.email:
        agency = session.get(Agency, actor.agency_id)
        subject, body = DECLINED.get(email_templates.language_for(agency, candidate), DECLINED["en"])
        values = {"FIRST_NAME": candidate.first_name, "AGENCY": agency.name, "REASON": text,
                  "PORTAL_URL": email_templates.portal_url(agency)}
        email.enqueue(session, agency_id=agency.id, to_email=candidate.email, to_name=candidate.full_name,
                      subject=email_templates.render(subject, values), body_text=email_templates.render(body, values),
                      purpose="message", candidate_id=candidate.id)
    session.flush()
    return candidate


def confirm_deletion(session: Session, actor: Actor, candidate_id, typed_name: str) -> Candidate:
    """Grant the request: the recruiter types the candidate's name, then the candidate is anonymised."""
    candidate = _requested(session, actor, candidate_id)
    if " ".join(str(typed_name or "").split()) != candidate.full_name:
        raise ValidationError({"confirm": f"Type “{candidate.full_name}” to confirm."})
    return anonymise_candidate(session, actor, candidate.id)


def last_deletion_decline(session: Session, agency_id: uuid.UUID, candidate_id: uuid.UUID) -> tuple[str, datetime] | None:
    """(reason, when) of the latest refused deletion request, for the candidate's own privacy page."""
    event = session.exec(select(ActivityEvent).where(
        ActivityEvent.agency_id == agency_id, ActivityEvent.subject_type == "candidate",
        ActivityEvent.subject_id == candidate_id, ActivityEvent.kind == "portal.deletion_declined")
        .order_by(ActivityEvent.created_at.desc())).first()
    return (event.payload.get("reason", ""), event.created_at) if event else None


# --- branding ------------------------------------------------------------------------------------------

@dataclass
class BrandingForm:
    logo_url: str
    primary_color: str
    portal_title: str
    welcome_text: str
    support_email: str
    support_phone: str
    default_language: str
    time_zone: str = "Europe/Paris"


def get_branding(session: Session, actor: Actor) -> BrandingForm:
    actor.require_admin()
    agency = session.get(Agency, actor.agency_id)
    return BrandingForm(agency.logo_url or "", agency.primary_color or branding.DEFAULT_COLOR,
                        agency.portal_title or "", agency.welcome_text or "", agency.support_email or "",
                        agency.support_phone or "", agency.default_language or "en",
                        agency.time_zone or "Europe/Paris")


def check_color(value: str) -> str:
    """The colour as #rrggbb; ValueError saying why when white text on it would not be readable (WCAG AA)."""
    value = str(value or "").strip()
    if re.fullmatch(r"#?[0-9a-fA-F]{3}", value):
        value = "#" + "".join(c * 2 for c in value.lstrip("#"))
    if re.fullmatch(r"[0-9a-fA-F]{6}", value):
        value = "#" + value
    if not branding.HEX.match(value):
        raise ValueError("Enter a colour as #rrggbb, for example #0f766e.")
    value = value.lower()
    ratio = branding.contrast(value, branding.WHITE)
    if ratio < branding.AA:
        raise ValueError(f"White text on {value} has a contrast of {ratio:.1f}:1; buttons need at least 4.5:1 "
                         f"(WCAG AA) to be readable. Pick a darker colour, such as {branding.ink(value)}.")
    return value


def check_branding(values: dict) -> tuple[dict, dict[str, str]]:
    """(clean values, errors by field) for the branding form; nothing is saved."""
    clean, errors = {}, {}
    try:
        clean["primary_color"] = check_color(values.get("primary_color", ""))
    except ValueError as exc:
        errors["primary_color"] = str(exc)
    title = " ".join(str(values.get("portal_title", "")).split())
    if len(title) > 200:
        errors["portal_title"] = "At most 200 characters."
    clean["portal_title"] = title or None
    welcome = str(values.get("welcome_text", "")).strip()
    if len(welcome) > 2000:
        errors["welcome_text"] = "At most 2,000 characters."
    clean["welcome_text"] = welcome or None
    try:
        raw = str(values.get("support_email", "")).strip()
        clean["support_email"] = clean_email(raw) if raw else None
    except ValueError as exc:
        errors["support_email"] = str(exc)
    try:
        clean["support_phone"] = clean_phone(values.get("support_phone", "")) or None
    except ValueError as exc:
        errors["support_phone"] = str(exc)
    language = str(values.get("default_language", "en"))
    if language not in LANGUAGES:
        errors["default_language"] = "Choose English or French."
    clean["default_language"] = language
    zone = str(values.get("time_zone", "") or "Europe/Paris").strip()
    if zone not in time_zones():
        errors["time_zone"] = "Choose a time zone from the list, such as Europe/Paris."
    clean["time_zone"] = zone
    return clean, errors


@functools.cache
def time_zones() -> tuple[str, ...]:
    """The IANA zones an agency may work in (Area/City, and UTC): shifts and timesheets are counted in it."""
    areas = (z for z in zoneinfo.available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/")))
    return (*sorted(areas), "UTC")


def save_branding(session: Session, actor: Actor, values: dict) -> BrandingForm:
    actor.require_admin()
    clean, errors = check_branding(values)
    if errors:
        raise ValidationError(errors)
    agency = session.get(Agency, actor.agency_id)
    for name, value in clean.items():
        setattr(agency, name, value)
    session.add(agency)
    activity.record(session, agency_id=agency.id, actor=actor, subject_type="agency", subject_id=agency.id,
                    kind="agency.branding_changed", payload={"fields": sorted(clean)})
    session.flush()
    return get_branding(session, actor)


def brand_dir(agency_id: uuid.UUID) -> Path:
    from app.settings import get_settings

    return get_settings().data_dir / "brand" / str(agency_id)


def store_logo(session: Session, actor: Actor, filename: str, data: bytes) -> str:
    """Keep an uploaded logo (PNG, JPEG, WebP or GIF by content, at most 1 MB) in private storage; it is served
    by /brand/<slug>/<file>. Returns the new logo URL."""
    import filetype

    actor.require_admin()
    if not data:
        raise ValidationError({"logo": "The file is empty."})
    if len(data) > MAX_LOGO:
        raise ValidationError({"logo": "A logo may be at most 1 MB."})
    kind = filetype.guess(data)
    extension = {"jpeg": "jpg"}.get(kind.extension, kind.extension) if kind else ""
    if extension not in LOGO_TYPES:
        raise ValidationError({"logo": f"“{str(filename)[:100]}” is not a PNG, JPEG, WebP or GIF image."})
    agency = session.get(Agency, actor.agency_id)
    folder = brand_dir(agency.id)
    folder.mkdir(parents=True, exist_ok=True)
    name = f"logo-{uuid.uuid4().hex[:12]}.{extension}"
    (folder / name).write_bytes(data)
    for old in folder.glob("logo-*"):
        if old.name != name:
            old.unlink(missing_ok=True)
    agency.logo_url = f"/brand/{agency.slug}/{name}"
    session.add(agency)
    activity.record(session, agency_id=agency.id, actor=actor, subject_type="agency", subject_id=agency.id,
                    kind="agency.logo_changed", payload={})
    session.flush()
    return agency.logo_url


def logo_file(session: Session, slug: str, name: str) -> tuple[Path, str]:
    """(path, media type) of an agency's logo, for the public /brand route; NotFound for anything else."""
    if not LOGO_NAME.match(str(name)):
        raise NotFound("Logo")
    agency = session.exec(select(Agency).where(Agency.slug == str(slug)[:60])).first()
    if agency is None:
        raise NotFound("Logo")
    path = brand_dir(agency.id) / name
    if not path.is_file():
        raise NotFound("Logo")
    return path, LOGO_TYPES[name.rsplit(".", 1)[1]]
