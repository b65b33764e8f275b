"""/portal/[portal_slug]/privacy ("My data"): consent and its history, download everything, ask for deletion."""

from __future__ import annotations

import reflex as rx

from app.components.portal_layout import portal_page
from app.components.portal_self import confirm_dialog, loading, page_heading, section, status_line
from app.states.portal_privacy import Decision
from app.states.portal_privacy import PortalPrivacyState as S


def _busy_icon(action: str, icon: str) -> rx.Component:
    return rx.cond(S.busy == action, rx.spinner(size="2"), rx.icon(icon, size=18, aria_hidden="true"))


def _consent_buttons() -> rx.Component:
    agree = rx.button(rx.cond(S.busy != "", rx.spinner(size="2"), rx.icon("check", size=18, aria_hidden="true")),
                      S.give_label, size="3", id="ps-consent-agree", class_name="ps-brand-button",
                      disabled=S.busy != "", on_click=S.consent("agree"))
    withdraw = confirm_dialog(
        trigger=rx.button(_busy_icon("withdrawn", "x"), S.t["consent.withdraw"], size="3", variant="outline",
                          color_scheme="red", id="ps-consent-withdraw", disabled=S.busy != ""),
        title=S.t["consent.withdraw_title"], text=S.agency_texts["consent.withdraw_text"],
        confirm_label=S.t["consent.withdraw_confirm"], cancel_label=S.t["cancel"],
        on_confirm=S.consent("withdrawn"), open_var=S.withdraw_open, on_open_change=S.set_withdraw_open,
        dialog_id="ps-withdraw-dialog",
    )
    return rx.box(agree, rx.cond(S.consent_state == "active", withdraw), class_name="ps-buttons")


def _decision(d: Decision) -> rx.Component:
    return rx.el.li(
        rx.box(
            rx.el.span(d.title, class_name="ps-decision-title"),
            rx.el.span(d.when, rx.cond(d.until != "", " · " + d.until, ""), class_name="ps-decision-when"),
            class_name="ps-decision-head",
        ),
        rx.el.details(rx.el.summary(S.t["history.wording"]), rx.el.blockquote(d.wording, class_name="ps-quote")),
        class_name="ps-decision", data_action=d.action,
    )


def _consent() -> rx.Component:
    return section(
        S.t["consent.title"],
        rx.el.p(rx.match(S.consent_state, ("active", rx.icon("shield-check", size=20, aria_hidden="true")),
                         rx.icon("shield-off", size=20, aria_hidden="true")),
                rx.el.span(S.consent_status), class_name="ps-consent-status", data_state=S.consent_state,
                id="ps-consent-status"),
        rx.el.h3(S.t["consent.wording"], class_name="ps-subtitle"),
        rx.el.blockquote(S.wording, class_name="ps-quote", id="ps-consent-wording"),
        _consent_buttons(),
        rx.el.h3(S.t["history.title"], class_name="ps-subtitle"),
        rx.cond(S.decisions.length() > 0,
                rx.el.ol(rx.foreach(S.decisions, _decision), class_name="ps-decisions", id="ps-decisions"),
                rx.el.p(S.t["history.empty"], class_name="pf-hint", id="ps-decisions-empty")),
        section_id="ps-consent",
    )


# Fetched, not submitted: a form POST (a navigation) would make Reflex drop the page's socket (beforeunload).
# The note says the file is on its way until the browser has it; a failure says so.
EXPORT_SCRIPT = """(async () => {
  const button = document.getElementById('ps-export');
  const note = document.getElementById('ps-export-note');
  const failed = document.getElementById('ps-export-failed');
  if (!button || button.disabled) return;
  button.disabled = true; note.hidden = false; failed.hidden = true;
  try {
    const answer = await fetch(button.dataset.url, {method: 'POST', credentials: 'same-origin'});
    if (answer.status === 401) { window.location.assign(button.dataset.signIn); return; }
    if (!answer.ok) throw new Error(String(answer.status));
    const link = document.createElement('a');
    link.href = URL.createObjectURL(await answer.blob());
    link.download = 'my-data.zip';
    document.body.appendChild(link); link.click(); link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 60000);
  } catch (error) {
    failed.hidden = false;
  } finally {
    button.disabled = false; note.hidden = true;
  }
})()"""


def _export() -> rx.Component:
    return section(
        S.t["export.title"],
        rx.el.p(S.agency_texts["export.text"], class_name="pb-intro"),
        rx.el.button(rx.icon("download", size=18, aria_hidden="true"), S.t["export.button"], type="button",
                     id="ps-export", class_name="ps-button-outline", data_url=S.export_url,
                     data_sign_in="/portal/" + S.slug, on_click=rx.call_script(EXPORT_SCRIPT)),
        rx.box(
            rx.el.p(rx.spinner(size="1"), S.t["export.preparing"], id="ps-export-note", hidden=True,
                    class_name="pf-hint ps-note"),
            rx.el.p(rx.icon("circle-alert", size=16, aria_hidden="true"), S.t["export.failed"],
                    id="ps-export-failed", hidden=True, class_name="pf-error ps-note"),
            role="status",
        ),
        section_id="ps-export-section",
    )


def _deletion() -> rx.Component:
    ask = confirm_dialog(
        trigger=rx.button(_busy_icon("deletion", "trash-2"), S.t["delete.button"], size="3", variant="outline",
                          color_scheme="red", id="ps-delete", disabled=S.busy != ""),
        title=S.t["delete.dialog_title"], text=S.t["delete.dialog_text"], confirm_label=S.t["delete.confirm"],
        cancel_label=S.t["cancel"], on_confirm=S.request_deletion, open_var=S.delete_open,
        on_open_change=S.set_delete_open, dialog_id="ps-delete-dialog",
    )
    return section(
        S.t["delete.title"],
        rx.el.p(S.agency_texts["delete.text"], class_name="pb-intro"),
        rx.cond(S.deletion_pending != "",
                rx.el.p(rx.icon("clock", size=18, aria_hidden="true"), rx.el.span(S.deletion_pending),
                        class_name="pb-notice ps-pending", id="ps-delete-pending"),
                ask),
        section_id="ps-delete-section",
    )


def portal_privacy_page() -> rx.Component:
    return portal_page(
        rx.cond(
            S.loaded,
            rx.box(
                rx.box(page_heading(S.t["privacy.title"], S.agency_texts["privacy.intro"], "ps-privacy-title"),
                       status_line(S.outcome, S.outcome_tone), class_name="ps-page-head"),
                _consent(), _export(), _deletion(),
                class_name="ps-stack",
            ),
            loading(S.t["privacy.loading"]),
        ),
        active="privacy",
    )
