"""Imports every model module so that the metadata (and Alembic) sees the whole schema."""
from casework.api.models import IdempotencyKey, RateWindow  # noqa: F401
from casework.attachments.models import Attachment  # noqa: F401
from casework.auth.models import ApiToken, RoleGrant, User  # noqa: F401
from casework.cases.models import (  # noqa: F401
    Case,
    CaseAction,
    CaseCategory,
    CaseEvent,
    CaseFeedback,
    CaseNumberCounter,
)
from casework.cases.import_drafts import ImportDraft  # noqa: F401
from casework.cases.submissions import FormSubmission  # noqa: F401
from casework.deadlines.models import DeadlineRuleChange, DeadlineRuleOverride  # noqa: F401
from casework.followup.models import FollowUp, ReopenRequest  # noqa: F401
from casework.legal.models import DataBreachDetails, LexMariaDetails, LexSarahDetails  # noqa: F401
from casework.logchecks.models import LogCheck  # noqa: F401
from casework.organisation.models import OrgNode  # noqa: F401
from casework.outbox.models import OutgoingMail  # noqa: F401
from casework.public.models import PublicSubmission  # noqa: F401
from casework.reminders.models import Notification  # noqa: F401
from casework.replies.models import ReplyText  # noqa: F401
from casework.reports.notes import ReportNote  # noqa: F401
from casework.retention.models import (  # noqa: F401
    LegalHold,
    RetentionLogEntry,
    RetentionRuleChange,
    RetentionRuleOverride,
)
from casework.reports.snapshot_models import ReportSnapshot  # noqa: F401
from casework.trail.models import AuditEvent  # noqa: F401
