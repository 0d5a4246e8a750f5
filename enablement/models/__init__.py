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
from enablement.models.base import UTCDateTime, utcnow
from enablement.models.search import SearchOutbox
from enablement.models.users import ApiToken, LoginFailure, Role, User

__all__ = [
    "TAG_FACETS", "ApiToken", "Asset", "AssetKind", "AssetRevision", "AssetStatus", "AssetTag",
    "Attachment", "LoginFailure", "Role", "SearchOutbox", "UTCDateTime", "UsageEvent", "User",
    "utcnow",
]
