"""/admin/email-templates: the agency's wording of the standard emails, edited beside a live preview."""

import reflex as rx

from app.components.forms import labelled
from app.components.layout import workspace
from app.components.linked_text import linked_text
from app.services.email_templates import PURPOSES
from app.states.admin_email_templates import AdminEmailTemplatesState as S, Placeholder, TemplateStatus

# Remembers whether the subject or the body had the focus last: that is where a placeholder goes.
TRACK_FOCUS_JS = """
if (!window.__candorTplTracking) {
  window.__candorTplTracking = true;
  document.addEventListener('focusin', (e) => {
    if (e.target && (e.target.id === 'template-subject' || e.target.id === 'template-body')) {
      window.__candorTplTarget = e.target.id;
    }
  });
}
"""
# Types the placeholder at the cursor the way a keystroke would, so the editor's own change event sends it.
INSERT_JS = """
(() => {
  const el = document.getElementById(window.__candorTplTarget || 'template-body');
  if (!el) return;
  const text = '%s';
  const start = el.selectionStart ?? el.value.length, end = el.selectionEnd ?? el.value.length;
  const proto = el.tagName === 'TEXTAREA' ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, el.value.slice(0, start) + text + el.value.slice(end));
  el.dispatchEvent(new Event('input', {bubbles: true}));
  el.focus();
  el.setSelectionRange(start + text.length, start + text.length);
})()
"""


def _insert(name) -> rx.event.EventSpec:
    head, tail = INSERT_JS.split("%s")
    return rx.call_script(head + name + tail)


def _placeholder(p: Placeholder) -> rx.Component:
    return rx.button(
        p.name, rx.cond(p.required, rx.text("required", size="1", weight="regular")),
        type="button", size="1", variant=rx.cond(p.required, "solid", "soft"), class_name="placeholder-chip",
        title=rx.cond(p.required, "Required: must stay in the body", "Insert at the cursor"),
        on_click=_insert(p.name), font_family="ui-monospace, monospace",
    )


def _language_tab(item: TemplateStatus) -> rx.Component:
    """A pencil marks the languages with the agency's own wording, a dot those with unsaved text."""
    return rx.segmented_control.item(
        rx.hstack(
            rx.text(item.label),
            rx.cond(item.customised, rx.icon("pencil", size=11, aria_hidden="true")),
            rx.cond(item.unsaved | ((item.language == S.language) & S.dirty),
                    rx.box(width="6px", height="6px", border_radius="50%", background=rx.color("amber", 9))),
            spacing="1", align="center",
        ),
        value=item.language,
    )


def _status() -> rx.Component:
    return rx.hstack(
        rx.cond(S.customised,
                rx.badge(rx.icon("pencil", size=12), "Customised",
                         rx.cond(S.updated_at != "", " · changed " + S.updated_at, ""),
                         color_scheme="indigo", id="template-status"),
                rx.badge("Standard wording", color_scheme="gray", id="template-status")),
        rx.cond(S.dirty, rx.badge("Unsaved changes", color_scheme="amber", id="template-unsaved")),
        spacing="2", wrap="wrap",
    )


def _reset_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(rx.button(rx.icon("rotate-ccw", size=14), "Reset to standard wording",
                                          variant="soft", color_scheme="gray", id="reset-template", type="button")),
        rx.alert_dialog.content(
            rx.alert_dialog.title("Reset to the standard wording?"),
            rx.alert_dialog.description(
                "Your agency's version of this email, in this language, is deleted and Candor's standard text "
                "is used again. Unsaved changes are lost too.", size="2"),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(rx.button("Reset", color_scheme="red", on_click=S.reset_to_standard,
                                                 id="confirm-reset")),
                justify="end", spacing="3", margin_top="1rem",
            ),
        ),
    )


def _picker() -> rx.Component:
    return rx.flex(
        rx.box(labelled("Email", rx.el.select(*[rx.el.option(p.label, value=p.key) for p in PURPOSES.values()],
                                              value=S.purpose, on_change=S.select_purpose, id="template-purpose",
                                              class_name="native-select"), "template-purpose", "")),
        rx.vstack(
            rx.text("Language", size="2", weight="medium", as_="div"),
            rx.segmented_control.root(rx.foreach(S.languages, _language_tab), value=S.language,
                                      on_change=S.select_language, id="template-language",
                                      aria_label="Language"),
            spacing="1",
        ),
        gap="1.5rem", wrap="wrap", align="end", margin_bottom="1rem",
    )


def _editor() -> rx.Component:
    return rx.card(
        rx.vstack(
            _status(),
            labelled("Subject", rx.input(value=S.subject, on_change=S.set_subject, id="template-subject",
                                         width="100%", max_length=400), "template-subject",
                     S.errors.get("subject", "")),
            labelled("Body", rx.text_area(value=S.body, on_change=S.set_body, id="template-body", rows="16",
                                          width="100%", resize="vertical",
                                          style={"font_family": "ui-monospace, monospace", "font_size": "13px"}),
                     "template-body", S.errors.get("body", "")),
            rx.vstack(
                rx.text("Placeholders: click one to insert it at the cursor.", size="2",
                        color=rx.color("gray", 11)),
                rx.flex(rx.foreach(S.placeholders, _placeholder), gap="0.4rem", wrap="wrap",
                        id="template-placeholders"),
                spacing="2", width="100%",
            ),
            rx.flex(
                rx.button(rx.icon("save", size=14), "Save", on_click=S.save, id="save-template", type="button"),
                rx.cond(S.dirty, rx.button("Discard changes", variant="soft", color_scheme="gray",
                                           on_click=S.discard, id="discard-template", type="button")),
                rx.spacer(),
                rx.cond(S.customised, _reset_dialog()),
                gap="0.5rem", wrap="wrap", width="100%",
            ),
            spacing="4", width="100%",
            on_mount=rx.call_script(TRACK_FOCUS_JS),
        ),
        width="100%",
    )


def _preview() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(rx.icon("eye", size=16, aria_hidden="true"),
                      rx.heading("Preview", size="3", as_="h2"),
                      rx.text("with a sample candidate", size="2", color=rx.color("gray", 11)),
                      align="center", spacing="2"),
            rx.box(
                rx.text("Subject", size="1", color=rx.color("gray", 10)),
                rx.text(S.preview_subject, weight="bold", id="preview-subject"),
                width="100%",
            ),
            rx.separator(size="4"),
            linked_text(S.preview_body, clickable=False, id="preview-body", width="100%"),
            spacing="3", width="100%",
        ),
        width="100%",
        aria_live="polite",
    )


def admin_email_templates_page() -> rx.Component:
    return workspace(
        rx.text("The emails Candor sends on your agency's behalf. Each one has a subject and a body per language; "
                "candidates receive the one in their preferred language.", margin_bottom="1rem", max_width="48rem"),
        _picker(),
        rx.grid(_editor(), _preview(), columns=rx.breakpoints(initial="1", lg="2"), gap="1rem", width="100%"),
        title="Email templates",
    )
