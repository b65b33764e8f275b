"""/candidates/[candidate_id]/documents: the documents panel on a page of its own."""

import reflex as rx

from app.components.documents import documents_panel
from app.components.layout import workspace
from app.states.documents import DocumentsState


def candidate_documents_page() -> rx.Component:
    return workspace(
        rx.vstack(
            rx.link(rx.hstack(rx.icon("arrow-left", size=16, aria_hidden="true"),
                              rx.text("Back to ", DocumentsState.candidate_name), align="center", spacing="1"),
                    href="/candidates/" + DocumentsState.cand_id, id="back-to-candidate", size="2"),
            rx.heading(DocumentsState.candidate_name, size="5", as_="h2", id="candidate-name"),
            documents_panel(),
            spacing="3", width="100%", max_width="960px",
        ),
        title="Documents",
    )
