"""All tables. Importing this package registers them on SQLModel.metadata (alembic relies on it)."""

from app.models.activity import ActivityEvent
from app.models.agency import Agency
from app.models.api import ApiKey, ApiRateWindow, ApiScope
from app.models.email import MessageStatus, OutboxMessage
from app.models.candidate import Candidate, CandidateStatus, Gender, PortalStatus
from app.models.profile_update import (ACTIVE_REQUEST_STATUSES, AccessToken, EmailTemplate,
                                         ProfileFormSettings, ProfileUpdateRequest, RequestStatus)
from app.models.portal import CandidateMessage, CandidateSession, ConsentAction, ConsentRecord
from app.models.job import Application, EmploymentType, Job, JobStatus, PipelineStage, StageKind
from app.models.temp import (ApprovalLink, AvailabilityCheck, AvailabilityException, AvailabilitySlot, OfferStatus,
                             Placement, Shift, ShiftOffer, Timesheet, TimesheetEntry, TimesheetStatus)
from app.models.tag import CandidateTag, Tag
from app.models.user import LoginFailure, LoginTicket, Role, StaffSession, User
from app.models.webhook import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from app.models.workspace import (AttributeType, BulkJob, BulkJobStatus, Comment, CustomAttribute, Document,
                                  DocumentCategory, Notification, Task)

__all__ = [
    "ApprovalLink", "AvailabilityCheck", "AvailabilityException", "AvailabilitySlot", "OfferStatus", "Placement",
    "Shift", "ShiftOffer",
    "Timesheet", "TimesheetEntry", "TimesheetStatus",
    "CandidateMessage", "CandidateSession", "ConsentAction", "ConsentRecord",
    "ACTIVE_REQUEST_STATUSES", "AccessToken", "EmailTemplate", "ProfileFormSettings", "ProfileUpdateRequest",
    "RequestStatus",
    "ApiKey", "ApiRateWindow", "ApiScope", "DeliveryStatus", "WebhookDelivery", "WebhookEndpoint",
    "MessageStatus", "OutboxMessage",
    "AttributeType", "BulkJob", "BulkJobStatus", "Comment", "CustomAttribute", "Document", "DocumentCategory",
    "Notification", "PortalStatus", "Task",
    "ActivityEvent", "Agency", "Application", "Candidate", "CandidateStatus", "CandidateTag",
    "EmploymentType", "Gender", "Job", "JobStatus", "LoginFailure", "LoginTicket", "PipelineStage",
    "Role", "StaffSession", "StageKind", "Tag", "User",
]
