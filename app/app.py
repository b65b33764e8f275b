"""The Candor Reflex app: pages, their guards, and the HTTP routes in front."""

import reflex as rx

from app.tasks import email_delivery
from app.api.server import create_api
from app.pages.admin_api_keys import admin_api_keys_page
from app.pages.admin_attributes import admin_attributes_page
from app.pages.admin_email_templates import admin_email_templates_page
from app.pages.admin_outbox import admin_outbox_page
from app.pages.admin_profile_form import admin_profile_form_page
from app.pages.admin_stages import admin_stages_page
from app.pages.admin_users import admin_users_page
from app.pages.admin_webhooks import admin_webhooks_page
from app.pages.candidate_profile import candidate_profile_page
from app.pages.candidate_documents import candidate_documents_page
from app.pages.dashboard import dashboard_page
from app.pages.job_board import job_board_page
from app.pages.login import forbidden_page, login_page
from app.pages.portal_documents import portal_documents_page
from app.pages.portal_privacy import portal_privacy_page
from app.pages.portal_profile import portal_profile_page
from app.pages.profile_updates import profile_updates_page
from app.pages.profile_update_form import profile_update_page
from app.pages.workspace import candidates_page, jobs_page
from app.states.admin_api_keys import AdminApiKeysState
from app.states.admin_attributes import AdminAttributesState
from app.states.admin_email_templates import AdminEmailTemplatesState
from app.states.admin_outbox import AdminOutboxState
from app.states.admin_profile_form import AdminProfileFormState
from app.states.admin_stages import AdminStagesState
from app.states.admin_users import AdminUsersState
from app.states.admin_webhooks import AdminWebhooksState
from app.states.candidate_portal import CandidatePortalState
from app.states.candidate_profile import CandidateProfileState
from app.states.candidate_list import CandidateListState
from app.states.dashboard import DashboardState
from app.states.job_board import JobBoardState
from app.states.documents import DocumentsState
from app.states.jobs import JobsState
from app.states.login import LoginState
from app.states.profile_requests import CandidateRequestsState, RequestListState
from app.states.portal_documents import PortalDocumentsState
from app.states.portal_privacy import PortalPrivacyState
from app.states.portal_profile import PortalProfileState
from app.states.portal_session import PortalSessionState
from app.states.profile_update_form import ProfileUpdateFormState
from app.states.session import SessionBinding, SessionState
from app.tasks.webhook_delivery import deliver_webhooks_forever

app = rx.App(
    stylesheets=["/candor.css", "/public_form.css"],
    head_components=[rx.el.link(rel="icon", href="/favicon.svg", type="image/svg+xml")],
    html_lang="en",
    api_transformer=create_api(),
)
app.add_middleware(SessionBinding(), index=0)
app.register_lifespan_task(email_delivery.run_forever)
app.register_lifespan_task(deliver_webhooks_forever)

app.add_page(login_page, route="/login", title="Sign in · Candor", on_load=LoginState.load)
app.add_page(forbidden_page, route="/forbidden", title="No access · Candor")
app.add_page(dashboard_page, route="/", title="Dashboard · Candor", on_load=[SessionState.guard, DashboardState.load])
app.add_page(candidates_page, route="/candidates", title="Candidates · Candor",
             on_load=[SessionState.guard, CandidateListState.load])
app.add_page(jobs_page, route="/jobs", title="Jobs · Candor", on_load=[SessionState.guard, JobsState.load])
app.add_page(admin_users_page, route="/admin/users", title="Users · Candor",
             on_load=[SessionState.guard, AdminUsersState.load])
app.add_page(candidate_profile_page, route="/candidates/[candidate_id]", title="Candidate · Candor",
             on_load=[SessionState.guard, CandidateProfileState.load, DocumentsState.load,
                      CandidateRequestsState.load, CandidatePortalState.load])
app.add_page(admin_attributes_page, route="/admin/attributes", title="Attributes · Candor",
             on_load=[SessionState.guard, AdminAttributesState.load])
app.add_page(job_board_page, route="/jobs/[job_id]", title="Job · Candor",
             on_load=[SessionState.guard, JobBoardState.load])
app.add_page(admin_stages_page, route="/admin/stages", title="Pipeline stages · Candor",
             on_load=[SessionState.guard, AdminStagesState.load])
app.add_page(candidate_documents_page, route="/candidates/[candidate_id]/documents", title="Documents · Candor",
             on_load=[SessionState.guard, DocumentsState.load])
app.add_page(profile_updates_page, route="/profile-updates", title="Profile updates · Candor",
             on_load=[SessionState.guard, RequestListState.load])
app.add_page(admin_api_keys_page, route="/admin/api-keys", title="API keys · Candor",
             on_load=[SessionState.guard, AdminApiKeysState.load])
app.add_page(admin_webhooks_page, route="/admin/webhooks", title="Webhooks · Candor",
             on_load=[SessionState.guard, AdminWebhooksState.load])
app.add_page(admin_email_templates_page, route="/admin/email-templates", title="Email templates · Candor",
             on_load=[SessionState.guard, AdminEmailTemplatesState.load])
app.add_page(admin_profile_form_page, route="/admin/profile-form", title="Profile update form · Candor",
             on_load=[SessionState.guard, AdminProfileFormState.load])
app.add_page(admin_outbox_page, route="/admin/outbox", title="Outbox · Candor",
             on_load=[SessionState.guard, AdminOutboxState.load])
# Public: a candidate opens it from an email; the link is the only key (no login, no workspace).
app.add_page(profile_update_page, route="/update/[token]", title=ProfileUpdateFormState.document_title,
             on_load=ProfileUpdateFormState.load,
             meta=[{"name": "robots", "content": "noindex, nofollow"}, {"name": "referrer", "content": "no-referrer"}])

# --- candidate portal: self-service pages (portal-self) ---
PORTAL_META = [{"name": "robots", "content": "noindex, nofollow"}, {"name": "referrer", "content": "no-referrer"}]
app.add_page(portal_profile_page, route="/portal/[portal_slug]/profile", title=PortalProfileState.page_title,
             on_load=[PortalSessionState.guard, PortalProfileState.load], meta=PORTAL_META)
app.add_page(portal_documents_page, route="/portal/[portal_slug]/documents", title=PortalDocumentsState.page_title,
             on_load=[PortalSessionState.guard, PortalDocumentsState.load], meta=PORTAL_META)
app.add_page(portal_privacy_page, route="/portal/[portal_slug]/privacy", title=PortalPrivacyState.page_title,
             on_load=[PortalSessionState.guard, PortalPrivacyState.load], meta=PORTAL_META)

# --- temp-core ---
from app.pages.portal_temp import portal_availability_page, portal_shifts_page, portal_timesheets_page  # noqa: E402
from app.pages.temp_staffing import (availability_check_page, candidate_availability_page,  # noqa: E402
                                     job_staffing_page, timesheet_approval_page, timesheets_page)
from app.states.portal_temp import PortalAvailabilityState, PortalShiftsState, PortalTimesheetsState  # noqa: E402
from app.states.temp_staffing import (AvailabilityCheckState, CandidateAvailabilityState,  # noqa: E402
                                      JobStaffingState, TimesheetApprovalState, TimesheetQueueState)

app.add_page(portal_timesheets_page, route="/portal/[portal_slug]/timesheets", title=PortalTimesheetsState.page_title,
             on_load=[PortalSessionState.guard, PortalTimesheetsState.load], meta=PORTAL_META)
app.add_page(portal_availability_page, route="/portal/[portal_slug]/availability",
             title=PortalAvailabilityState.page_title,
             on_load=[PortalSessionState.guard, PortalAvailabilityState.load], meta=PORTAL_META)
app.add_page(portal_shifts_page, route="/portal/[portal_slug]/shifts", title=PortalShiftsState.page_title,
             on_load=[PortalSessionState.guard, PortalShiftsState.load], meta=PORTAL_META)
app.add_page(timesheets_page, route="/timesheets", title="Timesheets · Candor",
             on_load=[SessionState.guard, TimesheetQueueState.load])
app.add_page(job_staffing_page, route="/jobs/[job_id]/shifts", title="Placements and shifts · Candor",
             on_load=[SessionState.guard, JobStaffingState.load])
app.add_page(candidate_availability_page, route="/candidates/[candidate_id]/availability",
             title="Availability · Candor", on_load=[SessionState.guard, CandidateAvailabilityState.load])
# Public: the client's approver opens it from an email; the link is the only key.
app.add_page(timesheet_approval_page, route="/timesheet-approval/[token]", title="Timesheet approval",
             on_load=TimesheetApprovalState.load, meta=PORTAL_META)
app.add_page(availability_check_page, route="/availability-check/[token]", title="Are you available?",
             on_load=AvailabilityCheckState.load, meta=PORTAL_META)

# --- portal-staff ---
from app.pages.admin_branding import admin_branding_page  # noqa: E402
from app.states.admin_branding import AdminBrandingState  # noqa: E402

app.add_page(admin_branding_page, route="/admin/branding", title="Portal branding · Candor",
             on_load=[SessionState.guard, AdminBrandingState.load])

# --- portal-shell ---
from app.pages.portal_shell import portal_applications_page, portal_jobs_page, portal_messages_page  # noqa: E402
from app.pages.portal_sign_in import portal_sign_in_page  # noqa: E402
from app.states.portal_applications import PortalApplicationsState  # noqa: E402
from app.states.portal_jobs import PortalJobsState  # noqa: E402
from app.states.portal_messages import PortalMessagesState  # noqa: E402
from app.states.portal_sign_in import PortalSignInState  # noqa: E402

app.add_page(portal_sign_in_page, route="/portal/[portal_slug]", title=PortalSignInState.page_title,
             on_load=PortalSignInState.load, meta=PORTAL_META)
app.add_page(portal_applications_page, route="/portal/[portal_slug]/applications",
             title=PortalApplicationsState.page_title,
             on_load=[PortalSessionState.guard, PortalApplicationsState.load], meta=PORTAL_META)
app.add_page(portal_jobs_page, route="/portal/[portal_slug]/jobs", title=PortalJobsState.page_title,
             on_load=[PortalSessionState.guard, PortalJobsState.load], meta=PORTAL_META)
app.add_page(portal_messages_page, route="/portal/[portal_slug]/messages", title=PortalMessagesState.page_title,
             on_load=[PortalSessionState.guard, PortalMessagesState.load], meta=PORTAL_META)

# --- prod-bench ---
# Production: JSON logs with secrets redacted (CANDOR_LOG_FORMAT=json); the exported frontend served by the
# backend itself when CANDOR_SERVE_FRONTEND=1 (scripts/prod.sh), after Reflex's own routes.
from app.api.frontend import serve_frontend  # noqa: E402
from app.logging_setup import configure_logging  # noqa: E402

configure_logging()
app.api_transformer = [app.api_transformer, serve_frontend]

# --- temp-gaps ---
from app.pages.temp_staffing import availability_checks_page  # noqa: E402
from app.states.temp_staffing import AvailabilityChecksState  # noqa: E402

app.add_page(availability_checks_page, route="/availability-checks", title="Availability checks · Candor",
             on_load=[SessionState.guard, AvailabilityChecksState.load])
