"""/portal/[portal_slug]/documents: send documents (click or drop, with progress), list and download one's own."""

from __future__ import annotations

import reflex as rx

from app.components.forms import label_file_input
from app.components.portal_layout import portal_page
from app.components.portal_self import empty, loading, page_heading, status_line
from app.services.documents import CATEGORIES
from app.states.portal_documents import UPLOAD_ID, MyDocument, Refusal
from app.states.portal_documents import PortalDocumentsState as S


def _category() -> rx.Component:
    return rx.box(
        rx.el.label(S.t["docs.category"], html_for="ps-doc-category", class_name="pf-label"),
        rx.el.select(*[rx.el.option(S.t[f"category.{c}"], value=c) for c in CATEGORIES],
                     id="ps-doc-category", value=S.category, on_change=S.set_category, class_name="pf-select"),
        class_name="pf-field",
    )


def _dropzone() -> rx.Component:
    return label_file_input(rx.upload.root(
        # A real button inside the drop zone: keyboard and screen readers get a button; a click on it bubbles to
        # the zone, which opens the file picker; files can still be dropped on the zone.
        rx.icon("upload", size=26, aria_hidden="true", class_name="ps-drop-icon"),
        rx.el.span(S.t["docs.drop"], class_name="ps-drop-text", aria_hidden="true"),
        rx.el.button(S.t["docs.choose"], type="button", id="ps-doc-choose", class_name="pf-upload-button",
                     disabled=S.uploading, aria_describedby="ps-doc-accepted"),
        rx.el.p(S.t["docs.accepted"], id="ps-doc-accepted", class_name="pf-hint ps-drop-hint"),
        id=UPLOAD_ID,
        multiple=True,
        no_keyboard=True,
        disabled=S.uploading,
        on_drop=[S.upload_started,
                 S.upload(rx.upload_files(upload_id=UPLOAD_ID, on_upload_progress=S.upload_progress))],
        class_name="ps-drop",
        data_testid="portal-dropzone",
    ), S.t["docs.choose"])


def _refusal(refusal: Refusal) -> rx.Component:
    return rx.el.li(rx.icon("file-x", size=18, aria_hidden="true"), rx.el.span(refusal.message),
                    class_name="ps-refusal", data_filename=refusal.filename)


def _upload_card() -> rx.Component:
    return rx.box(
        page_heading(S.t["docs.title"], S.intro, "ps-docs-title"),
        _category(),
        _dropzone(),
        rx.cond(S.uploading, rx.box(
            rx.el.p(S.progress_text, class_name="ps-progress-text"),
            rx.el.progress(value=S.progress, max=100, class_name="ps-progress", aria_label=S.progress_text),
            class_name="ps-uploading",
        )),
        status_line(S.outcome, "ok"),
        rx.box(rx.cond(S.refusals.length() > 0, rx.el.ul(rx.foreach(S.refusals, _refusal),
                                                         class_name="ps-refusals")),
               role="alert", id="ps-doc-refusals"),
        class_name="pb-card",
    )


def _row(row: MyDocument) -> rx.Component:
    return rx.el.li(
        rx.icon("file-text", size=22, aria_hidden="true", class_name="ps-doc-icon"),
        rx.box(
            rx.el.p(row.filename, class_name="ps-doc-name"),
            rx.el.p(row.category, " · ", row.size, " · ", row.added, class_name="ps-doc-meta"),
            class_name="ps-doc-text",
        ),
        # A plain link the browser follows itself: the file route is served by the backend, not the router.
        rx.el.a(rx.icon("download", size=18, aria_hidden="true"), rx.el.span(S.t["docs.download"]),
                href=row.url, download=row.filename, reload_document=True, class_name="ps-button-soft",
                aria_label=S.t["docs.download"] + " " + row.filename),
        class_name="ps-doc", data_id=row.id,
    )


def _list() -> rx.Component:
    return rx.el.section(
        rx.el.h2(S.t["docs.list_title"], class_name="ps-section-title", id="ps-docs-list-title"),
        rx.cond(S.rows.length() > 0,
                rx.el.ul(rx.foreach(S.rows, _row), class_name="ps-docs", id="ps-docs"),
                empty("folder-open", S.t["docs.empty_title"], S.t["docs.empty_text"], id="ps-docs-empty")),
        class_name="pb-card ps-section", aria_labelledby="ps-docs-list-title",
    )


def portal_documents_page() -> rx.Component:
    return portal_page(
        rx.cond(S.loaded, rx.box(_upload_card(), _list(), class_name="ps-stack"), loading(S.t["docs.loading"])),
        active="documents",
    )
