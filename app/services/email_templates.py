"""Standard email templates: one per purpose and language, with {PLACEHOLDERS}; agencies may reword them.

The wording shipped with Candor lives here; an agency's own version is an EmailTemplate row that
replaces it for that purpose and language. A candidate gets their preferred language when the agency
has it, else the agency's default language, else English.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from app.models import Agency, Candidate, EmailTemplate
from app.models.base import utcnow
from app.services.actor import Actor
from app.services.errors import NotFound, ValidationError
from app.settings import get_settings

LANGUAGES = {"en": "English", "fr": "Français"}
PLACEHOLDER = re.compile(r"\{([A-Z_]+)\}")
MAX_SUBJECT = 300
MAX_BODY = 20_000


@dataclass(frozen=True)
class Purpose:
    key: str
    label: str
    placeholders: tuple[str, ...]
    required: tuple[str, ...]
    defaults: dict[str, tuple[str, str]]  # language -> (subject, body)


_CANDIDATE = ("FIRST_NAME", "LAST_NAME", "AGENCY", "RECRUITER", "PORTAL_URL")

PURPOSES: dict[str, Purpose] = {p.key: p for p in (
    Purpose(
        "profile_update", "Profile update request", _CANDIDATE + ("URL", "EXPIRY_DATE"), ("URL",),
        {"en": ("{AGENCY}: please update your profile",
                "Hello {FIRST_NAME},\n\nWe would like to make sure the profile we keep for you is up to date, so "
                "that we can offer you the right opportunities.\n\nPlease review and update your details here:\n"
                "{URL}\n\nThe link is personal and works until {EXPIRY_DATE} or until you submit the form.\n\n"
                "Thank you,\n{RECRUITER}\n{AGENCY}"),
         "fr": ("{AGENCY} : merci de mettre à jour votre profil",
                "Bonjour {FIRST_NAME},\n\nNous souhaitons nous assurer que le profil que nous conservons est à "
                "jour, afin de vous proposer les bonnes opportunités.\n\nVous pouvez vérifier et mettre à jour "
                "vos informations ici :\n{URL}\n\nCe lien est personnel et reste valable jusqu'au {EXPIRY_DATE} "
                "ou jusqu'à l'envoi du formulaire.\n\nMerci,\n{RECRUITER}\n{AGENCY}")}),
    Purpose(
        "profile_update_reminder", "Profile update reminder", _CANDIDATE + ("URL", "EXPIRY_DATE"), ("URL",),
        {"en": ("Reminder: {AGENCY} is waiting for your profile update",
                "Hello {FIRST_NAME},\n\nA few days ago we asked you to update your profile. It only takes a few "
                "minutes:\n{URL}\n\nThe link works until {EXPIRY_DATE}.\n\nThank you,\n{RECRUITER}\n{AGENCY}"),
         "fr": ("Rappel : {AGENCY} attend la mise à jour de votre profil",
                "Bonjour {FIRST_NAME},\n\nIl y a quelques jours, nous vous avons demandé de mettre à jour votre "
                "profil. Cela ne prend que quelques minutes :\n{URL}\n\nLe lien reste valable jusqu'au "
                "{EXPIRY_DATE}.\n\nMerci,\n{RECRUITER}\n{AGENCY}")}),
    Purpose(
        "portal_invitation", "Portal invitation", _CANDIDATE + ("URL",), ("URL",),
        {"en": ("Your candidate space at {AGENCY}",
                "Hello {FIRST_NAME},\n\n{AGENCY} has opened a personal candidate space for you. There you can "
                "follow your applications, apply to our open jobs, keep your profile and documents up to date "
                "and read our messages.\n\nOpen your space (this first link works once, for 7 days):\n{URL}\n\n"
                "Later, sign in at {PORTAL_URL} with this email address: we send you a sign-in link, no "
                "password needed.\n\n{RECRUITER}\n{AGENCY}"),
         "fr": ("Votre espace candidat chez {AGENCY}",
                "Bonjour {FIRST_NAME},\n\n{AGENCY} vous a ouvert un espace candidat personnel. Vous pourrez y "
                "suivre vos candidatures, postuler à nos offres, tenir à jour votre profil et vos documents et "
                "lire nos messages.\n\nOuvrir votre espace (ce premier lien fonctionne une fois, pendant 7 jours) :"
                "\n{URL}\n\nEnsuite, connectez-vous sur {PORTAL_URL} avec cette adresse e-mail : nous vous "
                "envoyons un lien de connexion, sans mot de passe.\n\n{RECRUITER}\n{AGENCY}")}),
    Purpose(
        "magic_link", "Portal sign-in link", ("FIRST_NAME", "LAST_NAME", "AGENCY", "PORTAL_URL", "URL"), ("URL",),
        {"en": ("Your sign-in link for {AGENCY}",
                "Hello {FIRST_NAME},\n\nHere is your link to sign in to your candidate space. It works once, "
                "within 15 minutes:\n{URL}\n\nIf you did not ask for it, you can ignore this email.\n\n{AGENCY}"),
         "fr": ("Votre lien de connexion {AGENCY}",
                "Bonjour {FIRST_NAME},\n\nVoici votre lien pour vous connecter à votre espace candidat. Il "
                "fonctionne une fois, pendant 15 minutes :\n{URL}\n\nSi vous n'avez rien demandé, ignorez "
                "simplement cet e-mail.\n\n{AGENCY}")}),
)}

# --- temp staffing (temp-core) ---
_TEMP_PURPOSES = (
    Purpose(
        "shift_offered", "Shift offered", _CANDIDATE + ("JOB", "SHIFT_DATE", "SHIFT_TIME", "LOCATION", "URL"), ("URL",),
        {"en": ("{AGENCY}: a shift for you on {SHIFT_DATE}",
                "Hello {FIRST_NAME},\n\nWe have a shift for you:\n{JOB}\n{SHIFT_DATE}, {SHIFT_TIME}\n{LOCATION}\n\n"
                "Accept or decline it in your candidate space:\n{URL}\n\n{AGENCY}"),
         "fr": ("{AGENCY} : une mission pour vous le {SHIFT_DATE}",
                "Bonjour {FIRST_NAME},\n\nNous avons une vacation pour vous :\n{JOB}\n{SHIFT_DATE}, {SHIFT_TIME}\n"
                "{LOCATION}\n\nAcceptez-la ou refusez-la dans votre espace candidat :\n{URL}\n\n{AGENCY}")}),
    Purpose(
        "timesheet_reminder", "Timesheet reminder", _CANDIDATE + ("WEEK", "URL"), ("URL",),
        {"en": ("Reminder: your timesheet for the week of {WEEK}",
                "Hello {FIRST_NAME},\n\nWe have not received your timesheet for the week of {WEEK} yet. Please "
                "fill it in and submit it:\n{URL}\n\nThank you,\n{AGENCY}"),
         "fr": ("Rappel : votre relevé d'heures de la semaine du {WEEK}",
                "Bonjour {FIRST_NAME},\n\nNous n'avons pas encore reçu votre relevé d'heures de la semaine du "
                "{WEEK}. Merci de le remplir et de l'envoyer :\n{URL}\n\nMerci,\n{AGENCY}")}),
    Purpose(
        "timesheet_approval", "Timesheet approval request (client)",
        ("APPROVER", "CANDIDATE", "AGENCY", "PORTAL_URL", "CLIENT", "WEEK", "HOURS", "URL"), ("URL",),
        {"en": ("{AGENCY}: please approve {CANDIDATE}'s hours for the week of {WEEK}",
                "Hello {APPROVER},\n\n{CANDIDATE} has submitted {HOURS} hours worked for {CLIENT} in the week "
                "of {WEEK}.\n\nReview them and approve or reject them here (no account needed; the link works "
                "once):\n{URL}\n\nThank you,\n{AGENCY}"),
         "fr": ("{AGENCY} : merci de valider les heures de {CANDIDATE} (semaine du {WEEK})",
                "Bonjour {APPROVER},\n\n{CANDIDATE} a déclaré {HOURS} heures travaillées pour {CLIENT} la "
                "semaine du {WEEK}.\n\nVérifiez-les et validez-les ou refusez-les ici (sans compte ; le lien "
                "fonctionne une fois) :\n{URL}\n\nMerci,\n{AGENCY}")}),
    Purpose(
        "timesheet_rejected", "Timesheet rejected", _CANDIDATE + ("WEEK", "REASON", "URL"), ("URL",),
        {"en": ("Your timesheet for the week of {WEEK} needs a correction",
                "Hello {FIRST_NAME},\n\nYour timesheet for the week of {WEEK} was not approved:\n{REASON}\n\n"
                "Please correct it and submit it again:\n{URL}\n\n{AGENCY}"),
         "fr": ("Votre relevé d'heures de la semaine du {WEEK} est à corriger",
                "Bonjour {FIRST_NAME},\n\nVotre relevé d'heures de la semaine du {WEEK} n'a pas été validé :\n"
                "{REASON}\n\nMerci de le corriger et de l'envoyer à nouveau :\n{URL}\n\n{AGENCY}")}),
)
_TEMP_PURPOSES += (
    Purpose(
        "availability_check", "Availability check", _CANDIDATE + ("DAY", "HOURS", "JOB", "URL"), ("URL",),
        {"en": ("{AGENCY}: are you available on {DAY}?",
                "Hello {FIRST_NAME},\n\nCould you work on {DAY}, {HOURS}? {JOB}\n\nOne tap to answer (no sign-in "
                "needed; the link works once):\n{URL}\n\nThank you,\n{RECRUITER}\n{AGENCY}"),
         "fr": ("{AGENCY} : êtes-vous disponible le {DAY} ?",
                "Bonjour {FIRST_NAME},\n\nPourriez-vous travailler le {DAY}, {HOURS} ? {JOB}\n\nRépondez en un "
                "clic (sans connexion ; le lien fonctionne une fois) :\n{URL}\n\nMerci,\n{RECRUITER}\n{AGENCY}")}),
)
PURPOSES.update({p.key: p for p in _TEMP_PURPOSES})


@dataclass(frozen=True)
class TemplateText:
    purpose: str
    language: str
    subject: str
    body: str
    customised: bool
    updated_at: datetime | None = None


def purpose_of(key: str) -> Purpose:
    if key not in PURPOSES:
        raise NotFound("Email template")
    return PURPOSES[key]


def _language(value: str) -> str:
    if value not in LANGUAGES:
        raise NotFound("Language")
    return value


def _row(session: Session, agency_id: uuid.UUID, purpose: str, language: str) -> EmailTemplate | None:
    return session.exec(select(EmailTemplate).where(EmailTemplate.agency_id == agency_id,
                                                    EmailTemplate.purpose == purpose,
                                                    EmailTemplate.language == language)).first()


def get_template(session: Session, agency_id: uuid.UUID, purpose: str, language: str) -> TemplateText:
    spec, language = purpose_of(purpose), _language(language)
    row = _row(session, agency_id, purpose, language)
    if row is not None:
        return TemplateText(purpose, language, row.subject, row.body, True, row.updated_at)
    subject, body = spec.defaults[language]
    return TemplateText(purpose, language, subject, body, False)


def list_templates(session: Session, actor: Actor) -> list[TemplateText]:
    actor.require_admin()
    return [get_template(session, actor.agency_id, p, lang) for p in PURPOSES for lang in LANGUAGES]


def check(purpose: str, subject: str, body: str) -> dict[str, str]:
    """Field errors of a template text ({} when it can be saved)."""
    spec = purpose_of(purpose)
    errors: dict[str, str] = {}
    subject, body = (subject or "").strip(), (body or "").strip()
    if not subject:
        errors["subject"] = "The subject is required."
    elif len(subject) > MAX_SUBJECT or "\n" in subject:
        errors["subject"] = f"The subject is one line of at most {MAX_SUBJECT} characters."
    unknown = sorted({m for m in PLACEHOLDER.findall(subject + body)} - set(spec.placeholders))
    if not body:
        errors["body"] = "The body is required."
    elif len(body) > MAX_BODY:
        errors["body"] = f"The body has at most {MAX_BODY:,} characters."
    elif missing := [p for p in spec.required if "{" + p + "}" not in body]:
        errors["body"] = (f"The body must contain {', '.join('{' + p + '}' for p in missing)}: "
                          "that is where the candidate's personal link goes.")
    elif unknown:
        errors["body"] = (f"Unknown placeholder {', '.join('{' + u + '}' for u in unknown)}. "
                          f"Available: {', '.join('{' + p + '}' for p in spec.placeholders)}.")
    return errors


def save_template(session: Session, actor: Actor, purpose: str, language: str, subject: str,
                  body: str) -> TemplateText:
    actor.require_admin()
    language = _language(language)
    if errors := check(purpose, subject, body):
        raise ValidationError(errors)
    row = _row(session, actor.agency_id, purpose, language) or EmailTemplate(
        agency_id=actor.agency_id, purpose=purpose, language=language, subject="", body="")
    row.subject, row.body = subject.strip(), body.strip()
    row.updated_at, row.updated_by_id = utcnow(), actor.user_id
    session.add(row)
    session.flush()
    return get_template(session, actor.agency_id, purpose, language)


def reset_template(session: Session, actor: Actor, purpose: str, language: str) -> TemplateText:
    """Back to Candor's standard wording."""
    actor.require_admin()
    row = _row(session, actor.agency_id, purpose_of(purpose).key, _language(language))
    if row is not None:
        session.delete(row)
        session.flush()
    return get_template(session, actor.agency_id, purpose, language)


def render(text: str, values: dict[str, str]) -> str:
    """Replace the known {PLACEHOLDERS}; anything else is left as typed."""
    return PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group(0))), text)


def portal_url(agency: Agency) -> str:
    """Where the agency's candidates sign in to their portal."""
    return f"{get_settings().public_url}/portal/{agency.slug}"


def language_for(agency: Agency, candidate: Candidate | None) -> str:
    for choice in ((candidate.preferred_language if candidate else None), agency.default_language, "en"):
        if choice in LANGUAGES:
            return choice
    return "en"


def compose(session: Session, agency: Agency, candidate: Candidate | None, purpose: str,
            values: dict[str, str]) -> tuple[str, str]:
    """(subject, body) of this purpose's template for the candidate, in their language, filled in."""
    template = get_template(session, agency.id, purpose, language_for(agency, candidate))
    values = {"AGENCY": agency.name, "PORTAL_URL": portal_url(agency),
              **({"FIRST_NAME": candidate.first_name, "LAST_NAME": candidate.last_name} if candidate else {}),
              **values}
    return render(template.subject, values), render(template.body, values)


def preview(session: Session, actor: Actor, purpose: str, subject: str, body: str) -> tuple[str, str]:
    """The text as a sample candidate of the agency would receive it (a made-up one if there is none)."""
    actor.require_admin()
    purpose_of(purpose)
    agency = session.get(Agency, actor.agency_id)
    sample = session.exec(select(Candidate).where(Candidate.agency_id == actor.agency_id,
                                                  Candidate.anonymised_at.is_(None))
                          .order_by(Candidate.created_at)).first()
    values = {"AGENCY": agency.name, "RECRUITER": actor.name, "FIRST_NAME": sample.first_name if sample else "Alex",
              "LAST_NAME": sample.last_name if sample else "Martin",
              "URL": "https://candor.example/update/sample-link", "EXPIRY_DATE": "31 December",
              "PORTAL_URL": "https://candor.example/portal/sample"}
    return render(subject or "", values), render(body or "", values)
