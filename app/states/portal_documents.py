"""/portal/[portal_slug]/documents: the signed-in candidate sends documents and downloads their own.

Uploads arrive through Reflex's /_upload endpoint as Starlette temporary files; the handler reads them and
hands the bytes to the service, which checks their content and keeps them under CANDOR_DATA_DIR/files.
Nothing is written to rx.get_upload_dir() (served publicly); downloads go through /portal-files/, which
checks the portal cookie again.
"""

from __future__ import annotations

import dataclasses

import reflex as rx

from app.db import session_scope
from app.services import documents, form_messages, portal, portal_text
from app.services.errors import ServiceError, ValidationError
from app.services.portal_auth import CandidateActor
from app.states import live
from app.states.portal_session import PortalSessionState

UPLOAD_ID = "portal-documents"
MAX_FILES = 10  # per drop: a phone sends one or two; more is a mistake or abuse


@dataclasses.dataclass
class MyDocument:
    id: str
    filename: str
    category: str
    size: str
    added: str
    url: str


@dataclasses.dataclass
class Refusal:
    filename: str
    message: str


@live.live
class PortalDocumentsState(PortalSessionState):
    loaded: bool = False
    rows: list[MyDocument] = []
    category: str = "cv"
    uploading: bool = False
    progress: int = 0
    refusals: list[Refusal] = []
    outcome: str = ""
    # Drops started / finished: the start event and the upload itself may reach the server in either order.
    _drops_started: int = 0
    _drops_done: int = 0

    @rx.var
    def page_title(self) -> str:
        return f"{self.t['docs.title']} · {self.agency_name}" if self.agency_name else self.t["docs.title"]

    @rx.var
    def intro(self) -> str:
        return self.t["docs.intro"].format(agency=self.agency_name)

    @rx.var
    def progress_text(self) -> str:
        return self.t["docs.uploading"].format(percent=self.progress)

    def _reload(self, who: CandidateActor) -> None:
        with session_scope() as session:
            found = portal.my_documents(session, who)
        self.rows = [MyDocument(d.id, d.filename, self.t.get(f"category.{d.category}", d.category), d.size,
                                self.t["docs.added"].format(date=portal_text.day(d.uploaded, self.lang)),
                                f"/portal-files/{who.agency_slug}/documents/{d.id}")
                     for d in found]
        self.loaded = True

    @rx.event
    async def load(self):
        who = self._who()
        if who is None:
            return  # the guard before us has sent the browser to the sign-in page
        self.refusals, self.outcome, self.uploading, self.progress = [], "", False, 0
        await self._read_and_follow(who)

    def _live_refresh(self):
        """A recruiter added or deleted one of the candidate's documents, or the candidate switched language."""
        self._reread()

    @rx.event
    def set_category(self, value: str):
        if value in documents.CATEGORIES:
            self.category = value

    @rx.event
    def upload_started(self):
        if self._who() is None:
            return
        self._drops_started += 1
        if self._drops_started > self._drops_done:
            self.uploading, self.progress, self.refusals, self.outcome = True, 0, [], ""

    @rx.event
    def upload_progress(self, progress: dict):
        if not isinstance(progress, dict):
            return
        try:
            self.progress = max(0, min(100, round(float(progress.get("progress", 0)) * 100)))
        except (TypeError, ValueError):
            pass

    def _finish_drop(self) -> None:
        self._drops_done += 1
        self.uploading = self._drops_started > self._drops_done
        self.progress = 0

    @rx.event
    async def upload(self, files: list[rx.UploadFile]):
        who = self._who()
        if who is None:
            self._finish_drop()
            yield rx.redirect(f"/portal/{self._route_slug()}", replace=True)
            return
        sent, refusals, told = [], [], set()
        for file in files[:MAX_FILES]:
            name = file.name or "document"
            data = file.file.read(documents.MAX_BYTES + 1)  # one byte more is enough to refuse it
            try:
                with session_scope() as session:
                    document, user_id = portal.upload_document(session, who, name, data, self.category)
                    sent.append(document.filename)
                told.add(user_id)
            except ValidationError as exc:
                refusals.append(Refusal(documents.clean_filename(name, ""), " ".join(
                    form_messages.translate(m, self.lang) for m in exc.errors.values())))
            except ServiceError:
                refusals.append(Refusal(documents.clean_filename(name, ""), self.t["failed"]))
        self._finish_drop()
        self.refusals = refusals
        self._reload(who)
        if len(sent) == 1:
            self.outcome = self.t["docs.sent_one"].format(name=sent[0], agency=self.agency_name)
        elif sent:
            self.outcome = self.t["docs.sent_many"].format(count=len(sent), agency=self.agency_name)
        if sent:
            topics = [live.record_topic("user", u) for u in told if u is not None]
            await live.publish(live.record_topic("candidate", who.candidate_id), live.agency_topic(who.agency_id),
                               *topics, origin=self)
