"""Shared by the portal's browser tests: an agency of the test's own, and a candidate signed in the way a person
does it (the recruiter opens the portal, the candidate follows the emailed link and presses Continue)."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Page
from sqlmodel import Session, select

from app.models import Agency, Candidate, OutboxMessage, PortalStatus, User
from app.services import agencies, portal_auth
from app.services.candidates import create_candidate
from tests.factories import actor_for, make_user

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


class PortalAgency:
    """An agency with a recruiter and an admin of its own, so no test depends on the demo data or another test."""

    def __init__(self, engine, color: str = "#0f766e", name: str = "Harbour Staffing"):
        suffix = uuid.uuid4().hex[:8]
        with Session(engine) as s:
            agency = agencies.create_agency(s, name=f"{name} {suffix}", slug=f"harbour-{suffix}",
                                            primary_color=color, logo_url="/logos/northwind.svg")
            s.commit()
            self.id, self.name, self.slug = agency.id, agency.name, agency.slug
            recruiter = make_user(s, agency, "recruiter", email=f"rec-{suffix}@harbour.example.com")
            admin = make_user(s, agency, "admin", email=f"adm-{suffix}@harbour.example.com")
            self.recruiter, self.admin = actor_for(recruiter), actor_for(admin)
        self.engine = engine

    def candidate(self, first_name: str = "Ann", last_name: str = "Lee", **extra) -> uuid.UUID:
        """A candidate owned by the recruiter (who is then told of what they do in the portal)."""
        with Session(self.engine) as s:
            candidate = create_candidate(s, self.recruiter, first_name=first_name, last_name=last_name,
                                         email=f"{first_name.lower()}.{uuid.uuid4().hex[:6]}@example.com",
                                         phone="+442079460958", skills=["Excel"])
            candidate.owner_id = self.recruiter.user_id
            for name, value in extra.items():
                setattr(candidate, name, value)
            s.add(candidate)
            s.commit()
            return candidate.id


def _invitation_path(db, candidate_id) -> str:
    """Open (or re-send) the candidate's portal as a recruiter of their agency; the link the email carries."""
    with Session(db) as s:
        candidate = s.get(Candidate, candidate_id)
        user = s.exec(select(User).where(User.agency_id == candidate.agency_id, User.is_active.is_(True),
                                         User.role.in_(("recruiter", "admin"))).order_by(User.role.desc())).first()
        if candidate.portal_status == PortalStatus.CLOSED.value:
            portal_auth.open_portal(s, actor_for(user), candidate_id)
        else:
            portal_auth.resend_access(s, actor_for(user), candidate_id)
        s.commit()
        body = s.exec(select(OutboxMessage.body_text).where(OutboxMessage.candidate_id == candidate_id,
                                                            OutboxMessage.purpose == "portal_invitation")
                      .order_by(OutboxMessage.created_at.desc())).first()
    # The host in the email is this test process's CANDOR_PUBLIC_URL, not the server's: keep the path.
    return re.search(r"/portal-auth/\S+", body).group(0)


def sign_in_candidate(page: Page, db, candidate_id) -> str:
    """Sign the candidate in in this page's browser context; returns their agency's slug."""
    with Session(db) as s:
        slug = s.exec(select(Agency.slug).join(Candidate, Candidate.agency_id == Agency.id)
                      .where(Candidate.id == candidate_id)).one()
    page.goto(_invitation_path(db, candidate_id))
    with page.expect_response(lambda r: "/portal-auth/" in r.url and r.request.method == "POST"):
        page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(rf"/portal/{re.escape(slug)}/?(\?.*)?$"))
    assert any(c["name"] == portal_auth.COOKIE_NAME for c in page.context.cookies())
    return slug


def portal_cookie(page: Page) -> str:
    return next(c["value"] for c in page.context.cookies() if c["name"] == portal_auth.COOKIE_NAME)
