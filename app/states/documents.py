"""The documents panel of a candidate: upload (click or drop), list by category, preview, download, delete.

Uploads arrive through Reflex's /_upload endpoint as Starlette temporary files (memory, then the
system temp dir); the handler reads them and hands the bytes to the service, which stores them under
CANDOR_DATA_DIR/files. Nothing is ever written to rx.get_upload_dir(), which Reflex serves publicly.
"""

from __future__ import annotations

import dataclasses

import reflex as rx

from app.db import session_scope
from app.services import documents
from app.services.errors import NotFound, ServiceError, ValidationError
from app.states import live
from app.states.session import SessionState

UPLOAD_ID = "candidate-documents"


@dataclasses.dataclass
class DocumentRow:
    id: str
    filename: str
    category: str
    kind: str  # pdf, image, text or other: how the preview shows it
    size: str
    uploaded_at: str
    uploaded_by: str
    url: str
    download_url: str


@dataclasses.dataclass
class DocumentGroup:
    category: str
    label: str
    rows: list[DocumentRow]


@dataclasses.dataclass
class UploadProblem:
    filename: str
    message: str


def _kind(content_type: str) -> str:
    if content_type == documents.PDF:
        return "pdf"
    if content_type in documents.IMAGES:
        return "image"
    return "text" if content_type == documents.TEXT else "other"


def _row(entry: documents.Entry) -> DocumentRow:
    doc = entry.document
    return DocumentRow(id=str(doc.id), filename=doc.filename, category=doc.category, kind=_kind(doc.content_type),
                       size=documents.human_size(doc.size), uploaded_at=doc.created_at.strftime("%d %b %Y %H:%M"),
                       uploaded_by=entry.uploaded_by, url=f"/files/documents/{doc.id}",
                       download_url=f"/files/documents/{doc.id}/download")


_EMPTY = DocumentRow(id="", filename="", category="", kind="", size="", uploaded_at="", uploaded_by="", url="",
                     download_url="")


@live.live
class DocumentsState(SessionState):
    cand_id: str = ""  # not "candidate_id": Reflex adds that name to rx.State for the dynamic route
    candidate_name: str = ""
    groups: list[DocumentGroup] = []
    total: int = 0
    can_upload: bool = False
    missing: bool = False
    loaded: bool = False
    category: str = "cv"
    uploading: bool = False
    progress: int = 0
    problems: list[UploadProblem] = []
    # Drops started / finished: the start event and the upload itself may reach the server in either order.
    _drops_started: int = 0
    _drops_done: int = 0
    preview_open: bool = False
    preview: DocumentRow = _EMPTY

    @rx.var
    def zip_url(self) -> str:
        return f"/files/candidates/{self.cand_id}/documents.zip"

    @rx.event
    async def load(self):
        # The [candidate_id] route arg: Reflex adds it to rx.State as a var that every state inherits.
        self.cand_id = str(getattr(self, "candidate_id", "") or "")
        self.problems, self.preview_open, self.uploading, self.loaded = [], False, False, False
        actor = self._reload()
        if actor is not None and not self.missing:
            await live.follow(self, live.record_topic("candidate", self.cand_id))

    def _live_refresh(self):
        self._reload()

    def _reload(self):
        actor = self._actor()
        if actor is None:
            return None
        try:
            with session_scope() as session:
                self.candidate_name = documents.candidate_name(session, actor, self.cand_id)
                grouped = documents.list_grouped(session, actor, self.cand_id)
        except NotFound:
            self.missing, self.groups, self.total, self.candidate_name = True, [], 0, ""
            self.loaded = True
            return actor
        self.missing = False
        self.groups = [DocumentGroup(category=c, label=documents.CATEGORY_LABELS[c], rows=[_row(e) for e in entries])
                       for c, entries in grouped]
        self.total = sum(len(g.rows) for g in self.groups)
        self.can_upload = actor.can_write
        if self.preview_open and not any(r.id == self.preview.id for g in self.groups for r in g.rows):
            self.preview_open = False  # someone deleted it meanwhile
        self.loaded = True
        return actor

    @rx.event
    def set_category(self, value: str):
        if value in documents.CATEGORIES:
            self.category = value

    @rx.event
    def upload_started(self):
        actor = self._actor()
        if actor is None:
            return self._to_login()
        self._drops_started += 1
        if self._drops_started > self._drops_done:
            self.uploading, self.progress, self.problems = True, 0, []

    @rx.event
    def upload_progress(self, progress: dict):
        if not isinstance(progress, dict):
            return
        try:
            self.progress = max(0, min(100, round(float(progress.get("progress", 0)) * 100)))
        except (TypeError, ValueError):
            pass

    @rx.event
    async def upload(self, files: list[rx.UploadFile]):
        actor = self._actor()
        if actor is None:
            return self._to_login()
        saved, problems = 0, []
        for file in files:
            name = file.name or "document"
            data = file.file.read(documents.MAX_BYTES + 1)  # one byte more is enough to refuse it
            try:
                with session_scope() as session:
                    documents.save(session, actor, self.cand_id, name, data, self.category)
                saved += 1
            except ValidationError as exc:
                problems.append(UploadProblem(filename=name, message=" ".join(exc.errors.values())))
            except ServiceError as exc:
                problems.append(UploadProblem(filename=name, message=exc.message))
        self._drops_done += 1
        self.problems, self.progress = problems, 0
        self.uploading = self._drops_started > self._drops_done
        self._reload()
        if saved:
            await live.publish(live.agency_topic(actor.agency_id), live.record_topic("candidate", self.cand_id),
                               origin=self)
            return rx.toast.success(f"{saved} document{'s' if saved != 1 else ''} uploaded.")

    @rx.event
    def open_preview(self, document_id: str):
        actor = self._actor()
        if actor is None:
            return self._to_login()
        row = next((r for g in self.groups for r in g.rows if r.id == str(document_id)), None)
        if row is not None:
            self.preview, self.preview_open = row, True

    @rx.event
    def set_preview_open(self, value: bool):
        self.preview_open = bool(value) and self.preview.id != ""

    @rx.event
    async def delete(self, document_id: str):
        actor = self._actor()
        if actor is None:
            return self._to_login()
        try:
            with session_scope() as session:
                document = documents.delete(session, actor, str(document_id))
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        self._reload()
        await live.publish(live.agency_topic(actor.agency_id), live.record_topic("candidate", self.cand_id),
                           origin=self)
        return rx.toast.success(f"{document.filename} deleted.")
