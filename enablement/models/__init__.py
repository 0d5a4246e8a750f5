"""All tables of the hub, one module per feature, importable from here."""

from enablement.models.assets import (
    TAG_FACETS,
    Asset,
    AssetKind,
    AssetRevision,
    AssetStatus,
    AssetTag,
    Attachment,
    UsageEvent,
)
from enablement.models.audit import AuditEvent
from enablement.models.base import UTCDateTime, utcnow
from enablement.models.identity import ScimGroup, ScimGroupMember, ScimToken, SsoState
from enablement.models.insights import (
    Feedback,
    LeadSource,
    MetricTarget,
    Notification,
    Reminder,
    Win,
    WinAsset,
)
from enablement.models.news import (
    FeedState,
    NewsFeed,
    NewsItem,
    NewsItemMarket,
    NewsTombstone,
)
from enablement.models.requests import (
    REQUEST_STATUS_LABELS,
    ContentRequest,
    RequestComment,
    RequestStatus,
)
from enablement.models.search import AnswerFeedback, SearchLog, SearchOutbox, Synonym
from enablement.models.shares import (
    Share,
    ShareAsset,
    ShareDownload,
    ShareDwell,
    ShareVisit,
    ShareVisitor,
)
from enablement.models.users import (
    ApiToken,
    KnownSource,
    LoginThrottle,
    Role,
    ShownOnceSecret,
    User,
)
from enablement.models.webhooks import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from enablement.models.weekly import SendStatus, WeeklyEmailSend, WeeklyEmailSubscription
from enablement.models.worker import WorkerHeartbeat

__all__ = [
    "TAG_FACETS", "ApiToken", "AuditEvent", "ScimToken", "SsoState", "ScimGroup",
    "ScimGroupMember", "Asset", "ContentRequest",
    "RequestStatus", "RequestComment",
    "REQUEST_STATUS_LABELS", "AssetKind", "AssetRevision", "AssetStatus", "AssetTag",
    "Attachment", "KnownSource", "LoginThrottle", "Role", "ShownOnceSecret",
    "AnswerFeedback", "SearchLog", "SearchOutbox", "Synonym", "UTCDateTime", "UsageEvent", "User",
    "utcnow", "Feedback", "LeadSource", "MetricTarget", "Notification", "Reminder", "Win",
    "WinAsset", "Share", "ShareAsset", "ShareDownload", "ShareDwell", "ShareVisit",
    "ShareVisitor",
    "FeedState", "NewsFeed", "NewsItem", "NewsItemMarket", "NewsTombstone", "WorkerHeartbeat",
    "SendStatus", "WeeklyEmailSend", "WeeklyEmailSubscription",
    "WebhookAttempt", "WebhookDelivery", "WebhookEndpoint",
]
