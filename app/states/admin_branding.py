"""/admin/branding: how the agency's candidate portal looks (logo, colour, title, welcome, support, language)."""

from __future__ import annotations

import reflex as rx

from app.db import session_scope
from app.services import agencies, branding, portal_staff
from app.services.errors import ServiceError, ValidationError
from app.states.session import SessionState

FIELDS = ("primary_color", "portal_title", "welcome_text", "support_email", "support_phone", "default_language",
          "time_zone")
TIME_ZONES = portal_staff.time_zones()


class AdminBrandingState(SessionState):
    values: dict[str, str] = {name: "" for name in FIELDS}
    errors: dict[str, str] = {}
    logo_url: str = ""
    logo_error: str = ""
    slug: str = ""
    brand_name: str = ""
    uploading: bool = False

    @rx.event
    def load(self):
        actor, _ = self._admin()
        if actor is None:
            return
        with session_scope() as session:
            form = portal_staff.get_branding(session, actor)
            agency = agencies.get_agency(session, actor.agency_id)
        self.slug, self.brand_name = agency.slug, agency.name
        self.values = {name: str(getattr(form, name) or "") for name in FIELDS}
        self.logo_url, self.errors, self.logo_error, self.uploading = form.logo_url, {}, "", False

    @rx.event
    def set_field(self, name: str, value: str):
        """Typing: keep the value; the colour is checked at once, so the reason shows beside it."""
        name = str(name)
        if name not in FIELDS:
            return
        self.values = {**self.values, name: str(value)[:2100]}
        if name == "primary_color":
            errors = {k: v for k, v in self.errors.items() if k != name}
            try:
                portal_staff.check_color(self.values[name])
            except ValueError as exc:
                errors[name] = str(exc)
            self.errors = errors

    @rx.var
    def preview_style(self) -> dict[str, str]:
        return branding.css_vars(self.values.get("primary_color", ""))

    @rx.var
    def preview_title(self) -> str:
        return self.values.get("portal_title", "") or f"{self.brand_name} candidate space"

    @rx.event
    def save(self):
        actor, denied = self._admin()
        if actor is None:
            return denied
        try:
            with session_scope() as session:
                form = portal_staff.save_branding(session, actor, dict(self.values))
        except ValidationError as exc:
            self.errors = exc.errors  # shown beside each field; everything typed stays
            return
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        self.values = {name: str(getattr(form, name) or "") for name in FIELDS}
        self.errors = {}
        self.agency_color = form.primary_color
        return rx.toast.success("Branding saved.")

    @rx.event
    def upload_started(self):
        self.uploading, self.logo_error = True, ""

    @rx.event
    async def upload_logo(self, files: list[rx.UploadFile]):
        actor, denied = self._admin()
        self.uploading = False
        if actor is None:
            return denied
        if not files:
            return
        file = files[0]
        data = file.file.read(portal_staff.MAX_LOGO + 1)
        try:
            with session_scope() as session:
                url = portal_staff.store_logo(session, actor, file.name or "logo", data)
        except ValidationError as exc:
            self.logo_error = " ".join(exc.errors.values())
            return
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        self.logo_url, self.logo_error, self.agency_logo = url, "", url
        return rx.toast.success("Logo uploaded.")
