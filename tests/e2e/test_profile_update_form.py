"""A candidate opens their profile-update link on a phone: branded, pre-filled form; errors next to the fields;
one submit updates everything once, live for the recruiter; the link then dies, and asking for a new one works.

Each test makes its own agency in the server's database (its own colour, logo, form settings), so nothing
here depends on the demo data or on another test's settings.
"""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from app.models import (AccessToken, ActivityEvent, Candidate, Document, Notification, OutboxMessage,
                        ProfileUpdateRequest)
from app.models.base import utcnow
from app.services import agencies, custom_attributes, profile_form, profile_requests
from app.services.candidates import create_candidate
from tests import docfiles
from app.states.profile_update_form import ProfileUpdateFormState
from tests.e2e.conftest import login
from tests.e2e.forging import ForgedClient, db, run, var  # noqa: F401  (db is a fixture)
from tests.factories import PASSWORD, actor_for, make_user

pytestmark = pytest.mark.e2e

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
TEAL = "#0f766e"
SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "profile-update-form"


class HarbourAgency:
    def __init__(self, engine, color: str = TEAL):
        suffix = uuid.uuid4().hex[:8]
        with Session(engine) as s:
            agency = agencies.create_agency(s, name=f"Harbour Staffing {suffix}", slug=f"harbour-{suffix}",
                                            primary_color=color, logo_url="/logos/northwind.svg")
            s.commit()
            self.id, self.name = agency.id, agency.name
            recruiter = make_user(s, agency, "recruiter", email=f"rec-{suffix}@harbour.example.com")
            admin = make_user(s, agency, "admin", email=f"adm-{suffix}@harbour.example.com")
            self.recruiter, self.admin = actor_for(recruiter), actor_for(admin)
        self.engine = engine

    def candidate(self, **extra) -> uuid.UUID:
        with Session(self.engine) as s:
            candidate = create_candidate(s, self.recruiter, first_name="Ann", last_name="Lee",
                                         email=f"ann.{uuid.uuid4().hex[:6]}@example.com", phone="+442079460958",
                                         skills=["Excel"])
            for name, value in extra.items():
                setattr(candidate, name, value)
            s.add(candidate)
            s.commit()
            return candidate.id

    def request(self, candidate_id) -> str:
        """Ask the candidate for an update as the recruiter; the link's path as the email carries it (the host
        is this test process's CANDOR_PUBLIC_URL, not the server's)."""
        with Session(self.engine) as s:
            request = profile_requests.request_update(s, self.recruiter, candidate_id)
            s.commit()
            body = s.exec(select(OutboxMessage.body_text).where(OutboxMessage.subject_id == request.id)).one()
        return re.search(r"/update/\S+", body).group(0)

    def settings(self, **changes) -> None:
        with Session(self.engine) as s:
            current = profile_form.get_settings(s, self.admin)
            args = {"texts": current.texts, "fields": {}, "default_languages": current.default_languages,
                    "levels": current.levels, "link_max_age_days": current.link_max_age_days,
                    "reminder_days": current.reminder_days} | changes
            profile_form.save_settings(s, self.admin, **args)
            s.commit()


def _phone(new_page) -> Page:
    return new_page(**PHONE)


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _language_row(page: Page, language: str):
    return page.locator(f'.pf-lang-row[data-language="{language}"]')


def test_candidate_updates_their_profile_on_a_phone_and_the_link_dies(db, new_page):
    harbour = HarbourAgency(db)
    cid = harbour.candidate(city="Leeds", languages=[{"language": "English", "level": "Native"}])
    link = harbour.request(cid)

    recruiter = new_page(**DESKTOP)
    login(recruiter, harbour.recruiter.email, password=PASSWORD, start=f"/login?next=%2Fcandidates%2F{cid}")
    expect(recruiter.locator("#candidate-name")).to_have_text("Ann Lee")

    page = _phone(new_page)
    page.goto(link)
    # Branded, no workspace around it, pre-filled with what the agency has on file.
    expect(page.locator("#pu-title")).to_have_text("Update your profile")
    expect(page.locator("#agency-brand-name")).to_have_text(harbour.name)
    expect(page.locator(".pb-header")).to_have_css("background-color", "rgb(15, 118, 110)")
    expect(page.locator(".pb-logo")).to_be_visible()
    expect(page.locator("#main-nav")).to_have_count(0)
    expect(page).to_have_title(f"Update your profile · {harbour.name}")
    expect(page.locator("#pu-first_name")).to_have_value("Ann")
    expect(page.locator("#pu-phone")).to_have_value("+442079460958")
    expect(page.locator("#pu-city")).to_have_value("Leeds")
    expect(page.locator("#pu-skills")).to_have_value("Excel")
    expect(_language_row(page, "English").locator("select")).to_have_value("Native")
    expect(page.locator("label[for=pu-email]")).to_have_text("Email *")
    expect(page.locator("#pu-email")).to_have_attribute("aria-required", "true")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing sticks out sideways
    _shot(page, "phone-form")

    page.fill("#pu-last_name", "Lee-Smith")
    page.fill("#pu-email", "not-an-email")
    page.fill("#pu-phone", "020 7946 0000")
    page.fill("#pu-city", "York")
    page.fill("#pu-desired_position", "Data analyst")
    page.check("#pu-employment_types-permanent")
    page.locator("#pu-submit").click()

    error = page.locator("#pu-email-error")
    expect(error).to_contain_text("valid email")
    expect(page.locator("#pu-email")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#pu-email")).to_have_attribute("aria-describedby", "pu-email-error")
    expect(page.locator("#pu-email")).to_be_focused()
    expect(page.locator("#pu-error-summary")).to_contain_text("valid email")
    for field, typed in (("#pu-last_name", "Lee-Smith"), ("#pu-phone", "020 7946 0000"), ("#pu-city", "York"),
                         ("#pu-desired_position", "Data analyst")):
        expect(page.locator(field)).to_have_value(typed)  # nothing typed is lost
    expect(page.locator("#pu-employment_types-permanent")).to_be_checked()
    _shot(page, "phone-error")
    with Session(db) as s:
        assert s.get(Candidate, cid).last_name == "Lee"  # a refused form changes nothing

    page.fill("#pu-email", "ann.smith@example.com")
    page.locator("#pu-add-language").click()
    new_row = page.locator(".pf-lang-row").last
    expect(new_row.locator("input")).to_be_focused()
    new_row.locator("input").fill("French")
    new_row.locator("select").select_option("Fluent")
    page.locator("[data-testid=cv-dropzone] input[type=file]").set_input_files(
        {"name": "Ann CV.pdf", "mimeType": "application/pdf", "buffer": docfiles.pdf()})
    expect(page.locator("#pu-cv-chosen")).to_contain_text("Ann CV.pdf")
    page.locator("#pu-submit").dblclick()  # an impatient double tap applies once

    expect(page.locator("#pu-success")).to_contain_text("Thank you!")
    expect(page.locator("#pu-success-text")).to_have_text("Your profile is up to date. You can close this page.")
    _shot(page, "phone-success")
    # The recruiter who has the profile open sees the change without reloading.
    expect(recruiter.locator("#candidate-name")).to_have_text("Ann Lee-Smith", timeout=10_000)

    with Session(db) as s:
        ann = s.get(Candidate, cid)
        assert (ann.last_name, ann.email, ann.phone, ann.city) == ("Lee-Smith", "ann.smith@example.com",
                                                                    "+442079460000", "York")
        assert ann.desired_position == "Data analyst" and ann.employment_types == ["permanent"]
        assert ann.languages == [{"language": "English", "level": "Native"}, {"language": "French", "level": "Fluent"}]
        cv = s.exec(select(Document).where(Document.candidate_id == cid)).one()
        assert (cv.filename, cv.category) == ("Ann CV.pdf", "cv")
        entries = s.exec(select(ActivityEvent).where(ActivityEvent.subject_id == cid,
                                                     ActivityEvent.kind == "profile_update.submitted")).all()
        assert len(entries) == 1
        changed = {c["field"]: (c["old"], c["new"]) for c in entries[0].payload["changes"]}
        assert changed["last_name"] == ("Lee", "Lee-Smith") and changed["city"] == ("Leeds", "York")
        assert changed["phone"] == ("+442079460958", "+442079460000")
        assert changed["languages"] == ("English (Native)", "English (Native), French (Fluent)")
        assert entries[0].payload["cv"] == "Ann CV.pdf"

    page.reload()  # the candidate's own tab keeps thanking them (a reconnect runs the same on_load)
    expect(page.locator("#pu-success")).to_be_visible()
    page = page.context.new_page()  # the link from the email again, in a new tab: it is single-use
    page.goto(link)
    expect(page.locator("#pu-dead")).to_have_attribute("data-reason", "used")
    expect(page.locator("#pu-dead h1")).to_have_text("This link has already been used")
    expect(page.locator("#pu-first_name")).to_have_count(0)
    page.locator("#pu-ask").click()
    expect(page.locator("#pu-asked")).to_contain_text("has been told")
    with Session(db) as s:
        notes = s.exec(select(Notification.title).where(Notification.user_id == harbour.recruiter.user_id)).all()
    assert "Ann Lee-Smith asks for a new profile-update link" in notes


def test_an_expired_link_explains_itself_and_an_unknown_one_reveals_nothing(db, new_page):
    harbour = HarbourAgency(db, color="#fde047")  # a pale yellow: labels on it must turn dark
    cid = harbour.candidate()
    link = harbour.request(cid)
    past = utcnow() - timedelta(minutes=1)
    with Session(db) as s:
        request = s.exec(select(ProfileUpdateRequest).where(ProfileUpdateRequest.candidate_id == cid)).one()
        token = s.exec(select(AccessToken).where(AccessToken.subject_id == request.id)).one()
        request.expires_at = token.expires_at = past
        s.add_all([request, token])
        s.commit()
        request_id = request.id

    page = _phone(new_page)
    page.goto(link)
    expect(page.locator("#pu-dead")).to_have_attribute("data-reason", "expired")
    expect(page.locator("#pu-dead h1")).to_have_text("This link has expired")
    expect(page.locator("#agency-brand-name")).to_have_text(harbour.name)
    expect(page.locator("#pu-ask")).to_have_text("Ask for a new link")
    expect(page.locator("#pu-ask")).to_have_css("color", "rgb(17, 24, 39)")  # dark text on the pale button
    with Session(db) as s:
        assert s.get(ProfileUpdateRequest, request_id).status == "expired"  # kept although the page failed
    _shot(page, "phone-expired")
    page.locator("#pu-ask").click()
    expect(page.locator("#pu-asked")).to_contain_text(f"{harbour.name} has been told")
    with Session(db) as s:
        notes = s.exec(select(Notification.title).where(Notification.user_id == harbour.recruiter.user_id)).all()
    assert notes == ["Ann Lee asks for a new profile-update link"]

    stranger = _phone(new_page)
    stranger.goto("/update/" + "A" * 43)
    expect(stranger.locator("#pu-dead")).to_have_attribute("data-reason", "unknown")
    expect(stranger.locator("#pu-dead h1")).to_have_text("This link is not valid")
    expect(stranger.locator("#pu-ask")).to_have_count(0)
    expect(stranger.locator("#agency-brand-name")).to_have_count(0)
    expect(stranger.get_by_text(harbour.name)).to_have_count(0)


def test_the_form_follows_the_admins_settings(db, new_page):
    harbour = HarbourAgency(db)
    with Session(db) as s:
        attribute = custom_attributes.create_attribute(s, harbour.admin, label="Shift preference", type="choice",
                                                       choices=["Early", "Late", "Nights"])
        s.commit()
        custom_key = f"custom:{attribute.key}"
    harbour.settings(
        texts={"page_title": "Keep your details current", "intro": "Two minutes, promise.",
               "submit_label": "Send to Harbour", "success_title": "All done"},
        fields={"phone": {"visible": False},
                "desired_position": {"visible": True, "required": True, "label": "Dream job"},
                custom_key: {"visible": True, "required": True},
                "salary_expectation": {"visible": False}},
        default_languages=["English", "Dutch"], levels=["Some", "Good", "Native"])
    cid = harbour.candidate(languages=[{"language": "English", "level": "Native"}])
    link = harbour.request(cid)

    page = new_page(**DESKTOP)
    page.goto(link)
    expect(page.locator("#pu-title")).to_have_text("Keep your details current")
    expect(page.locator("#pu-intro")).to_have_text("Two minutes, promise.")
    expect(page.locator("#pu-phone")).to_have_count(0)
    expect(page.locator("#pu-salary_expectation")).to_have_count(0)
    expect(page.locator("label[for=pu-desired_position]")).to_have_text("Dream job *")
    expect(page.locator("#pu-desired_position")).to_have_attribute("aria-required", "true")
    expect(page.locator("label[for=pu-city]")).to_have_text("City")  # address stays optional
    dutch = _language_row(page, "Dutch")
    expect(dutch).to_contain_text("Dutch")
    expect(dutch.locator("button")).to_have_count(0)  # a default language cannot be removed
    expect(dutch.locator("select option")).to_have_text(["Choose…", "Some", "Good", "Native"])
    _shot(page, "desktop-settings")

    page.locator("[data-testid=cv-dropzone] input[type=file]").set_input_files(
        {"name": "cv.pdf", "mimeType": "application/pdf", "buffer": docfiles.exe()})
    expect(page.locator("#pu-cv-error")).to_contain_text("cv.pdf was refused")
    expect(page.locator("#pu-cv-refused")).to_contain_text("Not attached: cv.pdf")
    page.locator("#pu-submit").click()
    expect(page.locator("#pu-desired_position-error")).to_have_text("Dream job is required.")
    level = dutch.locator("select")
    expect(level).to_have_attribute("aria-invalid", "true")
    expect(dutch.locator(".pf-error")).to_have_text("Choose your level in Dutch.")
    custom = page.locator(f"#pu-custom-{attribute.key}")
    expect(custom).to_have_attribute("aria-invalid", "true")
    expect(page.locator(f"#pu-custom-{attribute.key}-error")).to_have_text("Shift preference is required.")
    expect(page.locator("#pu-error-summary li")).to_have_count(4)  # the refused file is not silently dropped
    expect(page.locator("#pu-cv-error")).to_contain_text("cv.pdf was refused")
    expect(page.locator("#pu-desired_position")).to_be_focused()  # the first problem, in form order
    _shot(page, "desktop-settings-errors")
    page.locator("#pu-cv-refused-remove").click()
    expect(page.locator("#pu-cv-error")).to_have_count(0)
    expect(page.locator("#pu-cv-choose")).to_be_focused()

    page.fill("#pu-desired_position", "Harbour pilot")
    level.select_option("Good")
    custom.select_option("Nights")
    page.get_by_role("button", name="Send to Harbour").click()
    expect(page.locator("#pu-success h1")).to_have_text("All done")
    with Session(db) as s:
        ann = s.get(Candidate, cid)
        assert ann.desired_position == "Harbour pilot" and ann.phone == "+442079460958"  # hidden: untouched
        assert ann.languages == [{"language": "English", "level": "Native"}, {"language": "Dutch", "level": "Good"}]
        assert ann.custom_fields == {attribute.key: "Nights"}
        assert s.exec(select(Document).where(Document.candidate_id == cid)).all() == []


def _route(path: str) -> dict:
    """router_data as the compiled frontend sends it on /update/[token]."""
    return {"pathname": path, "asPath": path, "query": {"token": path.rsplit("/", 1)[-1]}}


def test_forged_events_neither_use_nor_reveal_a_link(server, db):
    """Every handler is callable from any socket: without a live link none of them does anything."""
    harbour = HarbourAgency(db)
    cid = harbour.candidate()
    link = harbour.request(cid)
    with Session(db) as s:
        request_id = s.exec(select(ProfileUpdateRequest.id).where(ProfileUpdateRequest.candidate_id == cid)).one()
    st = ProfileUpdateFormState
    answers = {"first_name": "Forged", "last_name": "Lee", "email": "forged@example.com"}
    handlers = [("submit", {"form": answers}), ("add_language", {}), ("remove_language", {"row_id": "l1"}),
                ("add_experience", {}), ("remove_experience", {"row_id": "e1"}), ("clear_cv", {}),
                ("cv_upload_started", {}), ("ask_for_new_link", {})]

    async def scenario():
        # A tab on a made-up link (without ever loading it): the generic dead page, nothing about any agency,
        # nothing to ask, nothing done.
        made_up = _route("/update/" + "B" * 43)
        async with await ForgedClient.open(server.url, None) as c:
            for handler, payload in handlers:
                await c.emit(st, handler, router_data=made_up, **payload)
            await c.emit(st, "load", router_data=made_up)
            await c.emit(st, "ask_for_new_link", router_data=made_up)
            snap = await c.snapshot()
            assert var(snap, st, "languages") == []
            assert (var(snap, st, "phase"), var(snap, st, "dead_reason"), var(snap, st, "can_ask")) == \
                ("dead", "unknown", False)
            assert (var(snap, st, "agency_name"), var(snap, st, "asked")) == ("", "")
            assert harbour.name not in c.text
        # The real link: the page's state holds neither the token nor any id; junk answers are refused
        # cleanly; once the recruiter cancels the request, a submit from the open form only shows the dead page.
        async with await ForgedClient.open(server.url, None) as c:
            await c.emit(st, "load", router_data=_route(link))
            snap = await c.snapshot()
            assert var(snap, st, "phase") == "form" and var(snap, st, "values")["first_name"] == "Ann"
            mine = str(snap[st.get_full_name()])
            token = link.rsplit("/", 1)[-1]
            for secret in (token, str(request_id), str(cid), str(harbour.id)):
                assert secret not in mine
            assert str(request_id) not in c.text and str(cid) not in c.text
            for junk in (["not", "a", "form"], {"first_name": ["x"], "experiences": "x", "languages": 3}):
                await c.emit(st, "submit", router_data=_route(link), form=junk)
            await c.emit(st, "remove_language", router_data=_route(link), row_id={"x": 1})
            snap = await c.snapshot()
            assert var(snap, st, "errors")["first_name"] == "First name is required."
            assert "An error occurred." not in c.text  # no handler raised
            with Session(db) as s:
                profile_requests.cancel(s, harbour.recruiter, request_id)
                s.commit()
            await c.emit(st, "submit", router_data=_route(link), form=answers)
            snap = await c.snapshot()
            assert (var(snap, st, "phase"), var(snap, st, "dead_reason")) == ("dead", "cancelled")

    run(scenario())
    with Session(db) as s:
        ann = s.get(Candidate, cid)
        assert (ann.first_name, ann.profile_updated_at) == ("Ann", None)
        assert s.get(ProfileUpdateRequest, request_id).status == "cancelled"


def test_a_tab_whose_state_was_lost_still_sends_what_its_page_shows(server, db):
    """A server restart or an hour idle loses the tab's state on the server, not the page: the link in the
    address bar opens it again, and the rows come from the submitted form, added ones included."""
    harbour = HarbourAgency(db)
    harbour.settings(default_languages=["English"])
    cid = harbour.candidate(languages=[{"language": "English", "level": "Native"}])
    link = harbour.request(cid)
    form = {"first_name": "Ann", "last_name": "Lee", "email": "ann.lee@example.com", "lang.l1.level": "Fluent",
            "lang.l7.language": "German", "lang.l7.level": "Basic", "exp.e9.title": "Chef", "exp.e9.start": "2020-01",
            "exp.e9.company": "", "exp.e9.end": "", "exp.e9.description": ""}

    async def scenario():
        async with await ForgedClient.open(server.url, None) as c:  # a fresh tab state: never loaded
            await c.emit(ProfileUpdateFormState, "submit", router_data=_route(link), form=form)
            assert var(await c.snapshot(), ProfileUpdateFormState, "phase") == "done"
            # A reconnect runs the page's on_load again: the thank-you page must not turn into "already used".
            await c.emit(ProfileUpdateFormState, "load", router_data=_route(link))
            return await c.snapshot()

    snap = run(scenario())
    assert var(snap, ProfileUpdateFormState, "phase") == "done"
    with Session(db) as s:
        ann = s.get(Candidate, cid)
        assert ann.languages == [{"language": "English", "level": "Fluent"}, {"language": "German", "level": "Basic"}]
        assert [(e["title"], e["start"]) for e in ann.experiences] == [("Chef", "2020-01")]
