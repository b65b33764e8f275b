"""A candidate's documents: a self-contained panel (embed it in a tab; DocumentsState.load must run on_load)."""

from __future__ import annotations

import reflex as rx

from app.components.forms import labelled
from app.components.layout import empty_state
from app.states.documents import UPLOAD_ID, DocumentGroup, DocumentRow, DocumentsState, UploadProblem

CATEGORY_CHOICES = [("cv", "CV"), ("certificate", "Certificate"), ("id", "ID document"), ("other", "Other")]
ACCEPT_TEXT = "PDF, Word, Excel, PNG, JPEG, GIF, WebP or plain text · up to 10 MB each"


def _plain_link(child: rx.Component, **props) -> rx.Component:
    """A link the browser follows itself: the file routes are served by the backend, not the client-side router."""
    return rx.el.a(child, reload_document=True, style={"display": "inline-flex"}, **props)


def _upload_zone() -> rx.Component:
    return rx.vstack(
        labelled("Category for new documents",
                 rx.el.select(*[rx.el.option(label, value=value) for value, label in CATEGORY_CHOICES],
                              id="document-category", value=DocumentsState.category,
                              on_change=DocumentsState.set_category, class_name="native-select"),
                 "document-category", ""),
        rx.upload(
            rx.vstack(
                rx.icon("upload", size=28, color=rx.color("accent", 10), aria_hidden="true"),
                rx.text("Drop files here or ", rx.el.u("choose files"), weight="medium"),
                rx.text(ACCEPT_TEXT, size="1", color=rx.color("gray", 11)),
                align="center", spacing="1",
            ),
            id=UPLOAD_ID,
            multiple=True,
            disabled=DocumentsState.uploading,
            on_drop=[DocumentsState.upload_started,
                     DocumentsState.upload(rx.upload_files(upload_id=UPLOAD_ID,
                                                           on_upload_progress=DocumentsState.upload_progress))],
            border=f"2px dashed {rx.color('gray', 7)}",
            border_radius="12px",
            padding="1.25rem",
            width="100%",
            cursor="pointer",
            drag_active_style={"border_color": rx.color("accent", 9), "background": rx.color("accent", 2)},
            aria_label="Upload documents: drop files here or press Enter to choose files",
            role="button",
            tab_index=0,
            data_testid="document-dropzone",
        ),
        rx.cond(
            DocumentsState.uploading,
            rx.vstack(
                rx.text("Uploading… ", DocumentsState.progress, "%", size="2", id="upload-status",
                        aria_live="polite"),
                rx.progress(value=DocumentsState.progress, max=100, width="100%"),
                width="100%", spacing="1",
            ),
        ),
        rx.foreach(DocumentsState.problems, _problem),
        width="100%", spacing="2", id="document-upload",
    )


def _problem(problem: UploadProblem) -> rx.Component:
    return rx.callout.root(
        rx.callout.icon(rx.icon("triangle-alert", size=16)),
        rx.callout.text(problem.message),
        color_scheme="red", size="1", role="alert", width="100%", class_name="upload-problem",
        data_filename=problem.filename,
    )


def _confirm_delete(row: DocumentRow) -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(
            rx.icon_button(rx.icon("trash-2", size=16), size="2", variant="ghost", color_scheme="red",
                           aria_label="Delete " + row.filename, title="Delete")),
        rx.alert_dialog.content(
            rx.alert_dialog.title("Delete this document?"),
            rx.alert_dialog.description(
                rx.text(rx.text.strong(row.filename), " will be removed for everyone in your agency. "
                        "This cannot be undone."), size="2"),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(rx.button("Delete", color_scheme="red", class_name="confirm-delete",
                                                 on_click=DocumentsState.delete(row.id))),
                justify="end", spacing="3", margin_top="1rem",
            ),
        ),
    )


def _file_icon(row: DocumentRow) -> rx.Component:
    return rx.match(row.kind, ("pdf", rx.icon("file-text", size=20, aria_hidden="true")),
                    ("image", rx.icon("image", size=20, aria_hidden="true")),
                    rx.icon("file", size=20, aria_hidden="true"))


def _row(row: DocumentRow) -> rx.Component:
    return rx.hstack(
        _file_icon(row),
        rx.vstack(
            rx.el.button(row.filename, type="button", class_name="document-name",
                         on_click=DocumentsState.open_preview(row.id),
                         style={"all": "unset", "cursor": "pointer", "font_weight": "500",
                                "color": rx.color("accent", 11), "overflow_wrap": "anywhere"}),
            rx.text(row.size, " · ", row.uploaded_at, " · ", row.uploaded_by, size="1", color=rx.color("gray", 11)),
            spacing="0", min_width="0", flex="1",
        ),
        rx.icon_button(rx.icon("eye", size=16), size="2", variant="ghost", aria_label="Preview " + row.filename,
                       title="Preview", on_click=DocumentsState.open_preview(row.id)),
        _plain_link(rx.icon_button(rx.icon("download", size=16), size="2", variant="ghost", tab_index=-1,
                                   title="Download"),
                    href=row.download_url, download=row.filename, aria_label="Download " + row.filename),
        rx.cond(DocumentsState.can_upload, _confirm_delete(row)),
        align="center", spacing="3", width="100%", padding="0.5rem 0.75rem",
        border_bottom=f"1px solid {rx.color('gray', 4)}", class_name="document-row", data_id=row.id,
    )


def _group(group: DocumentGroup) -> rx.Component:
    return rx.box(
        rx.hstack(rx.heading(group.label, size="3", as_="h3"), rx.badge(group.rows.length(), variant="soft"),
                  align="center", spacing="2", margin_bottom="0.25rem"),
        rx.cond(group.rows.length() > 0,
                rx.box(rx.foreach(group.rows, _row), border=f"1px solid {rx.color('gray', 5)}",
                       border_radius="8px", width="100%"),
                rx.text("Nothing here yet.", size="2", color=rx.color("gray", 10))),
        width="100%", data_category=group.category, class_name="document-group",
    )


def _preview_body() -> rx.Component:
    row = DocumentsState.preview
    return rx.match(
        row.kind,
        ("pdf", rx.el.iframe(src=row.url, title="Preview of " + row.filename, id="document-preview-frame",
                             style={"width": "100%", "height": "70vh", "border": "0"})),
        ("image", rx.center(rx.image(src=row.url, alt=row.filename, id="document-preview-image",
                                     max_width="100%", max_height="70vh"))),
        ("text", rx.el.iframe(src=row.url, title="Preview of " + row.filename, id="document-preview-frame",
                              style={"width": "100%", "height": "50vh", "border": f"1px solid {rx.color('gray', 5)}"})),
        rx.center(rx.text("There is no preview for this type of file; download it to open it."), padding="3rem"),
    )


def _preview_dialog() -> rx.Component:
    row = DocumentsState.preview
    return rx.dialog.root(
        rx.dialog.content(
            rx.hstack(
                rx.dialog.title(row.filename, margin="0", size="4"),
                rx.spacer(),
                rx.dialog.close(rx.icon_button(rx.icon("x", size=16), variant="ghost", aria_label="Close preview")),
                align="center", width="100%",
            ),
            rx.dialog.description(row.size, " · uploaded ", row.uploaded_at, " by ", row.uploaded_by, size="2",
                                  margin_bottom="0.75rem", color=rx.color("gray", 11)),
            _preview_body(),
            rx.hstack(
                _plain_link(rx.button(rx.icon("external-link", size=16), "Open in new tab", variant="soft",
                                      tab_index=-1), href=row.url, target="_blank", rel="noopener"),
                _plain_link(rx.button(rx.icon("download", size=16), "Download", tab_index=-1),
                            href=row.download_url, download=row.filename, id="preview-download"),
                justify="end", spacing="3", margin_top="0.75rem",
            ),
            max_width="min(960px, 95vw)", id="document-preview",
        ),
        open=DocumentsState.preview_open,
        on_open_change=DocumentsState.set_preview_open,
    )


def _list() -> rx.Component:
    return rx.cond(
        DocumentsState.total > 0,
        rx.vstack(rx.foreach(DocumentsState.groups, _group), spacing="4", width="100%"),
        rx.box(empty_state("folder-open", "No documents yet",
                           rx.cond(DocumentsState.can_upload, "Upload the candidate's CV, certificates or ID above.",
                                   "Nobody has uploaded a document for this candidate yet.")), width="100%"),
    )


def documents_panel() -> rx.Component:
    return rx.cond(
        ~DocumentsState.loaded,
        rx.center(rx.spinner(size="3"), padding="3rem"),
        rx.cond(
            DocumentsState.missing,
            empty_state("file-x", "Candidate not found", "This candidate does not exist or is not in your agency."),
            rx.vstack(
                rx.hstack(
                    rx.text(DocumentsState.total, rx.cond(DocumentsState.total == 1, " document", " documents"),
                            color=rx.color("gray", 11), id="document-count"),
                    rx.spacer(),
                    rx.cond(DocumentsState.total > 0,
                            _plain_link(rx.button(rx.icon("archive", size=16), "Download all (zip)", variant="soft",
                                                  tab_index=-1),
                                        href=DocumentsState.zip_url, id="download-all")),
                    width="100%", align="center",
                ),
                rx.cond(DocumentsState.can_upload, _upload_zone()),
                _list(),
                _preview_dialog(),
                spacing="4", width="100%", id="documents-panel",
            ),
        ),
    )
