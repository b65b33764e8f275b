"""Private candidate documents: content checks, storage outside any public folder, scoped reads.

The bytes live under CANDOR_DATA_DIR/files/<agency_id>/<document_id>; the table keeps the metadata.
What a file *is* comes from its content (magic bytes), never from its name or the browser's claim.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

import filetype
from sqlalchemy import event
from sqlmodel import Session, select

from app.models import Candidate, Document, DocumentCategory, User
from app.services import activity
from app.services.actor import Actor
from app.services.candidates import as_uuid, get_candidate
from app.services.errors import NotFound, ValidationError
from app.settings import get_settings

MAX_BYTES = 10 * 1024 * 1024
CATEGORIES = [c.value for c in DocumentCategory]
CATEGORY_LABELS = {"cv": "CV", "certificate": "Certificates", "id": "ID documents", "other": "Other"}

PDF, TEXT = "application/pdf", "text/plain"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IMAGES = {"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif", "image/webp": ".webp"}
# The name a download gets must agree with its content, so a file is never opened by the wrong program.
SUFFIXES = {PDF: (".pdf",), DOCX: (".docx",), XLSX: (".xlsx",), TEXT: (".txt", ".text", ".md", ".csv", ".log"),
            "image/png": (".png",), "image/jpeg": (".jpg", ".jpeg"), "image/gif": (".gif",),
            "image/webp": (".webp",)}
ACCEPTED = "PDF, Word (.docx), Excel (.xlsx), PNG, JPEG, GIF, WebP or plain text"
_OOXML = {DOCX: "word/document.xml", XLSX: "xl/workbook.xml"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def files_root() -> Path:
    return get_settings().data_dir / "files"


def path_of(document: Document) -> Path:
    return files_root() / document.storage_key


# --- content checks ---------------------------------------------------------------------------

def sniff(data: bytes) -> str | None:
    """The MIME type of an accepted file, judged by its content; None when it is not one we accept."""
    kind = filetype.guess(data)
    if kind is not None:
        if kind.mime == PDF or kind.mime in IMAGES:
            return kind.mime
        if kind.mime in (DOCX, XLSX, "application/zip"):
            return _ooxml_type(data)
        return None
    return TEXT if _is_plain_text(data) else None


def _ooxml_type(data: bytes) -> str | None:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    return next((mime for mime, member in _OOXML.items() if member in names), None)


def _is_plain_text(data: bytes) -> bool:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    # Markup (HTML, SVG, XML) is refused: opened from a download it could run script.
    return not _CONTROL.search(text) and not text.lstrip("\ufeff \t\r\n").startswith("<")


def _describe(data: bytes) -> str:
    kind = filetype.guess(data)
    if kind is not None and kind.mime in ("application/x-msdownload", "application/x-executable"):
        return "a program (executable)"
    if kind is not None:
        return f"a .{kind.extension} file"
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<":
        return "HTML or other markup"
    return "not a recognised document"


def clean_filename(raw: str, content_type: str) -> str:
    """A display/download name: no path, no control characters, at most 200 characters, suffix matching the content."""
    name = unicodedata.normalize("NFC", str(raw or "")).replace("\\", "/").rsplit("/", 1)[-1]
    name = " ".join(_CONTROL.sub("", name).replace("\t", " ").replace("\n", " ").replace("\r", " ").split())
    name = name.strip(". ") or "document"
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    allowed = SUFFIXES.get(content_type, ())
    if allowed and "." + suffix.lower() not in allowed:
        stem, suffix = name, allowed[0][1:]
    stem = stem[: 200 - len(suffix) - 1] if suffix else stem[:200]
    return f"{stem}.{suffix}" if suffix else stem


def check_upload(filename: str, data: bytes, category: str) -> str:
    """The sniffed MIME type of an acceptable upload; ValidationError with a clear message otherwise."""
    if category not in CATEGORIES:
        raise ValidationError({"category": "Choose CV, certificate, ID or other."})
    shown = clean_filename(filename, "")
    if not data:
        raise ValidationError({"file": f"{shown} is empty."})
    if len(data) > MAX_BYTES:
        raise ValidationError({"file": f"{shown} is larger than {MAX_BYTES // (1024 * 1024)} MB."})
    content_type = sniff(data)
    if content_type is None:
        raise ValidationError({"file": f"{shown} was refused: only {ACCEPTED} files are accepted, "
                                       f"and its content is {_describe(data)}."})
    return content_type


# --- storage ----------------------------------------------------------------------------------

def _write_atomically(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _after(session: Session, outcome: str, fn) -> None:
    """Run fn once the transaction ends with `outcome` ("commit" or "rollback"), and never otherwise."""
    pending = session.info.get("candor_file_actions")
    if pending is None:
        pending = session.info["candor_file_actions"] = {"commit": [], "rollback": []}

        def settle(done: str):
            def listener(_session):
                actions, pending["commit"], pending["rollback"] = pending[done], [], []
                for action in actions:
                    action()
            return listener

        event.listen(session, "after_commit", settle("commit"))
        event.listen(session, "after_rollback", settle("rollback"))
    pending[outcome].append(fn)


# --- the service ------------------------------------------------------------------------------

def save(session: Session, actor: Actor, candidate_id, filename: str, data: bytes, category: str) -> Document:
    actor.require_write()
    candidate = get_candidate(session, actor, candidate_id)
    return store(session, candidate, filename, data, category, uploaded_by_id=actor.user_id, actor=actor)


def store(session: Session, candidate: Candidate, filename: str, data: bytes, category: str, *,
          uploaded_by_id=None, actor: Actor | None = None, actor_label: str | None = None,
          record: bool = True) -> Document:
    """Check and keep a file of this candidate (the caller has decided who may); timeline entry unless told not."""
    content_type = check_upload(filename, data, category)
    document = Document(agency_id=candidate.agency_id, candidate_id=candidate.id, category=category,
                        filename=clean_filename(filename, content_type), content_type=content_type,
                        size=len(data), sha256=hashlib.sha256(data).hexdigest(), storage_key="",
                        uploaded_by_id=uploaded_by_id)
    document.storage_key = f"{candidate.agency_id}/{document.id}"
    session.add(document)
    session.flush()
    target = path_of(document)
    _write_atomically(target, data)
    _after(session, "rollback", lambda: target.unlink(missing_ok=True))  # no orphan file without its row
    if record:
        activity.record(session, agency_id=candidate.agency_id, actor=actor, actor_label=actor_label,
                        subject_type="candidate", subject_id=candidate.id, kind="document.uploaded",
                        payload={"filename": document.filename, "category": category})
    return document


def get(session: Session, actor: Actor, document_id) -> Document:
    document = session.get(Document, as_uuid(document_id, "Document"))
    if document is None or document.agency_id != actor.agency_id:
        raise NotFound("Document")
    return document


def delete(session: Session, actor: Actor, document_id) -> Document:
    actor.require_write()
    document = get(session, actor, document_id)
    target = path_of(document)
    session.delete(document)
    activity.record(session, agency_id=actor.agency_id, actor=actor, subject_type="candidate",
                    subject_id=document.candidate_id, kind="document.deleted",
                    payload={"filename": document.filename, "category": document.category})
    _after(session, "commit", lambda: target.unlink(missing_ok=True))  # a rolled-back delete keeps its file
    return document


@dataclass
class Entry:
    document: Document
    uploaded_by: str


def list_documents(session: Session, actor: Actor, candidate_id) -> list[Entry]:
    candidate = get_candidate(session, actor, candidate_id)
    rows = session.exec(
        select(Document, User.name).outerjoin(User, User.id == Document.uploaded_by_id)
        .where(Document.agency_id == actor.agency_id, Document.candidate_id == candidate.id)
        .order_by(Document.created_at.desc())
    )
    return [Entry(document=doc, uploaded_by=name or "Unknown") for doc, name in rows]


def list_grouped(session: Session, actor: Actor, candidate_id) -> list[tuple[str, list[Entry]]]:
    """(category, newest first) for every category, in the order CV, certificate, ID, other."""
    entries = list_documents(session, actor, candidate_id)
    return [(c, [e for e in entries if e.document.category == c]) for c in CATEGORIES]


def zip_all(session: Session, actor: Actor, candidate_id) -> tuple[Path, str]:
    """A temporary zip of the candidate's documents (category/filename, made unique) and its download name.

    The caller deletes the file when it has been sent.
    """
    candidate = get_candidate(session, actor, candidate_id)
    fd, tmp = tempfile.mkstemp(prefix="candor-zip-", suffix=".zip")
    os.close(fd)
    used: set[str] = set()
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
            for entry in list_documents(session, actor, candidate.id):
                doc = entry.document
                if path_of(doc).is_file():  # a file lost on disk must not make the whole download fail
                    archive.write(path_of(doc), _unique(f"{doc.category}/{doc.filename}", used))
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp), clean_filename(f"{candidate.full_name} documents", "application/zip") + ".zip"


def _unique(name: str, used: set[str]) -> str:
    stem, dot, suffix = name.rpartition(".")
    if not dot or "/" in suffix:
        stem, dot, suffix = name, "", ""
    candidate, n = name, 1
    while candidate.lower() in used:
        n += 1
        candidate = f"{stem} ({n}){dot}{suffix}"
    used.add(candidate.lower())
    return candidate


def candidate_name(session: Session, actor: Actor, candidate_id) -> str:
    return get_candidate(session, actor, candidate_id).full_name


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"

