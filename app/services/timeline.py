"""Timeline entries in human words. Pure functions: no database, easy to test."""

from __future__ import annotations

FIELD_LABELS = {
    "first_name": "first name", "last_name": "last name", "email": "email", "phone": "phone",
    "status": "status", "gender": "gender", "rating": "rating", "gdpr_expiry": "GDPR expiry",
    "skills": "skills", "owner": "owner", "meta": "metadata", "cv_text": "CV",
}
EMPTY = "—"


def _value(value) -> str:
    if value in (None, "", []):
        return EMPTY
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def describe_change(change: dict) -> str:
    label = change.get("label") or FIELD_LABELS.get(change.get("field", ""), change.get("field", "a field"))
    if "old" not in change and "new" not in change:  # anonymised: only the field name is kept
        return label
    return f"{label}: {_value(change.get('old'))} → {_value(change.get('new'))}"


def describe(kind: str, payload: dict, who: str, name: str = "the candidate") -> str:
    """One sentence: who did what, e.g. "Rick Recruiter moved Ann to Interview for Data Analyst"."""
    p = payload or {}
    job = p.get("job", "a job")
    match kind:
        case "candidate.created":
            return f"{who} added {name}"
        case "candidate.updated":
            changes = "; ".join(describe_change(c) for c in p.get("changes", []))
            return f"{who} changed {changes}" if changes else f"{who} edited the profile"
        case "candidate.flagged":
            return f"{who} flagged {name} as a top candidate"
        case "candidate.unflagged":
            return f"{who} removed the top-candidate flag"
        case "candidate.tag_added":
            return f"{who} tagged {name} “{p.get('tag', '')}”"
        case "candidate.tag_removed":
            return f"{who} removed the tag “{p.get('tag', '')}”"
        case "candidate.owner_changed":
            owner = p.get("owner")
            return f"{who} made {owner} the owner of {name}" if owner else f"{who} removed the owner of {name}"
        case "candidate.anonymised":
            return f"{who} anonymised this candidate"
        case "application.created":
            return f"{who} assigned {name} to {job}" + (f" ({p['to']})" if p.get("to") else "")
        case "application.removed":
            return f"{who} removed {name} from {job}"
        case "application.stage_changed":
            if p.get("reason"):
                return f"{who} rejected {name} for {job}: {p['reason']}"
            return f"{who} moved {name} to {p.get('to', 'another stage')} for {job}"
        case "comment.added":
            return f"{who} commented: “{p['excerpt']}”" if p.get("excerpt") else f"{who} commented"
        case "document.uploaded" | "document.added":
            return f"{who} uploaded {p.get('filename', 'a document')}"
        case "document.deleted":
            return f"{who} deleted {p.get('filename', 'a document')}"
        case "email.sent":
            return f"{who} emailed {name}" + (f": {p['subject']}" if p.get("subject") else "")
        case "email.received":
            return f"{name} sent an email" + (f": {p['subject']}" if p.get("subject") else "")
        case "profile_update.requested":
            return f"{who} asked {name} to update their profile" + (f" ({p['email']})" if p.get("email") else "")
        case "profile_update.not_sent":
            return f"{who} could not ask {name} to update their profile: {p.get('reason', 'no email address')}"
        case "profile_update.resent":
            return f"{who} sent the profile-update request again"
        case "profile_update.cancelled":
            return f"{who} cancelled the profile-update request"
        case "profile_update.reminded":
            return f"{who} reminded {name} to update their profile"
        case "profile_update.opened":
            return f"{who} opened the profile-update form"
        case "profile_update.renewal_asked":
            return f"{who} asked for a new profile-update link"
        case "profile_update.submitted":
            changes = "; ".join(describe_change(c) for c in p.get("changes", []))
            text = f"{who} updated their profile" + (f": {changes}" if changes else " (no changes)")
            return text + (f"; new CV {p['cv']}" if p.get("cv") else "")
        case "portal.opened":
            return f"{who} opened the candidate portal for {name}" + (f" (invitation to {p['email']})"
                                                                      if p.get("email") else "")
        case "portal.access_resent":
            return f"{who} sent {name} a new portal access link"
        case "portal.closed":
            return f"{who} closed the candidate portal of {name}"
        case "portal.first_visit":
            return f"{name} opened their candidate portal for the first time"
        case "portal.signed_in":
            return f"{name} signed in to the candidate portal"
        case "portal.replied":
            return f"{name} replied in the portal" + (f": {p['subject']}" if p.get("subject") else "")
        case "consent.given" | "consent.renewed":
            verb = "gave" if kind == "consent.given" else "renewed"
            return f"{name} {verb} GDPR consent" + (f" until {p['until']}" if p.get("until") else "")
        case "consent.withdrawn":
            return f"{name} withdrew GDPR consent"
        case "portal.deletion_requested":
            return f"{name} asked for their data to be deleted"
        case "portal.deletion_declined":
            return f"{who} declined the deletion request" + (f": {p['reason']}" if p.get("reason") else "")
        case "portal.data_exported":
            return f"{name} downloaded their data from the portal"
        case "job.created":
            return f"{who} created the job {p.get('title', '')}"
        case "api_key.created":
            return f"{who} created the API key “{p.get('name', '')}” ({p.get('prefix', '')})"
        case "api_key.revoked":
            return f"{who} revoked the API key “{p.get('name', '')}” ({p.get('prefix', '')})"
        case "webhook.created":
            return f"{who} added the webhook {p.get('url', '')}"
        case "webhook.deleted":
            return f"{who} removed the webhook {p.get('url', '')}"
        case "webhook.paused" | "webhook.resumed":
            return f"{who} {kind.split('.')[1]} the webhook {p.get('url', '')}"
        case "user.created":
            return f"{who} added the user {p.get('email', '')}"
        case "user.role_changed":
            return f"{who} changed a user's role from {p.get('from', '?')} to {p.get('to', '?')}"
        case "user.deactivated":
            return f"{who} deactivated {p.get('email', 'a user')}"
        case "user.activated":
            return f"{who} reactivated {p.get('email', 'a user')}"
        case "placement.created":
            return f"{who} placed {name} at {p.get('client', 'a client')} for {job} ({p.get('start')} to {p.get('end')})"
        case "shift.offered":
            return f"{who} offered {name} the shift {p.get('shift', '')} ({job})"
        case "shift.accepted" | "shift.declined":
            return f"{who} {kind.split('.')[1]} the shift {p.get('shift', '')} ({job})"
        case "timesheet.submitted" | "timesheet.resubmitted" | "timesheet.approved":
            verb = {"timesheet.submitted": "submitted", "timesheet.resubmitted": "submitted again",
                    "timesheet.approved": "approved"}[kind]
            extra = f" ({p['hours']} h)" if p.get("hours") else ""
            return f"{who} {verb} the timesheet for the week of {p.get('week', '')}{extra}"
        case "availability.asked":
            unsent = "" if p.get("sent", True) else " (not sent: no email address)"
            return f"{who} asked {name} if they are available {_period(p)}{unsent}"
        case "availability.answered":
            answer = "available" if p.get("available") else "not available"
            note = f": {p['note']}" if p.get("note") else ""
            return f"{who} answered {answer} {_period(p)}{note}"
        case "timesheet.rejected":
            return f"{who} rejected the timesheet for the week of {p.get('week', '')}: {p.get('reason', '')}"
    return f"{who} {kind.replace('.', ' ').replace('_', ' ')}"


def _period(p: dict) -> str:
    """An availability check's days and hours: "on 2026-12-07, 08:00–12:00", "from ... to ..., all day"."""
    first = p.get("first_day") or p.get("day", "")
    last = p.get("last_day") or first
    hours = f"{p['start']}–{p.get('end', '')}" if p.get("start") else "all day"
    return (f"on {first}" if first == last else f"from {first} to {last}") + f", {hours}"


def icon_for(kind: str) -> str:
    return {"candidate.updated": "pencil", "candidate.flagged": "flag", "candidate.unflagged": "flag-off",
            "candidate.tag_added": "tag", "candidate.tag_removed": "tag", "comment.added": "message-square",
            "application.created": "briefcase", "application.removed": "briefcase", "application.stage_changed": "arrow-right-left",
            "candidate.anonymised": "eye-off", "email.sent": "mail", "email.received": "mail",
            "portal.opened": "door-open", "portal.access_resent": "send", "portal.closed": "door-closed",
            "portal.first_visit": "log-in", "portal.signed_in": "log-in", "portal.replied": "reply",
            "consent.given": "shield-check", "consent.renewed": "shield-check", "consent.withdrawn": "shield-off",
            "portal.deletion_requested": "trash-2", "portal.deletion_declined": "shield-x",
            "portal.data_exported": "download"}.get(
        kind, "file-text" if kind.startswith("document.") else "mail" if kind.startswith("profile_update.")
        else "circle-dot")
