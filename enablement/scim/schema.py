"""What /scim/v2 tells a provider about itself (RFC 7643 sections 5-7): the features it supports,
its two resource types and the attributes of each. Only attributes the hub keeps are listed, so a
provider (and scim2-tester) never sends one that would be silently dropped."""

from __future__ import annotations

from enablement.routing import absolute_url

USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group"
LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"
SPC_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"
RESOURCE_TYPE_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ResourceType"
SCHEMA_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema"
MAX_RESULTS = 200


def attribute(name, description, *, type_="string", multi=False, required=False,
              mutability="readWrite", returned="default", uniqueness="none", case_exact=False,
              sub=None, reference_types=None) -> dict:
    spec = {"name": name, "type": type_, "multiValued": multi, "description": description,
            "required": required, "caseExact": case_exact, "mutability": mutability,
            "returned": returned, "uniqueness": uniqueness}
    if sub is not None:
        spec["subAttributes"] = sub
    if reference_types is not None:
        spec["referenceTypes"] = reference_types
    return spec


USER_ATTRIBUTES = [
    attribute("userName", "The provider's unique name for the user, usually their email.",
              required=True, uniqueness="server"),
    attribute("name", "The user's name.", type_="complex", sub=[
        attribute("formatted", "The full name."),
        attribute("familyName", "Family name."),
        attribute("givenName", "Given name."),
    ]),
    attribute("displayName", "The name the hub shows."),
    attribute("emails", "Email addresses; the primary one (or the first) is the hub's sign-in "
                        "email.", type_="complex", multi=True, required=True, sub=[
        attribute("value", "The address.", required=True),
        attribute("type", "work, home or other."),
        attribute("primary", "The address the hub uses.", type_="boolean"),
    ]),
    attribute("active", "false: the user can't sign in; sessions and API tokens end at once.",
              type_="boolean"),
    attribute("groups", "The groups the user is in (change them through Groups).",
              type_="complex", multi=True, mutability="readOnly", sub=[
                  attribute("value", "The group's id.", mutability="readOnly"),
                  attribute("$ref", "The group's URI.", type_="reference",
                            mutability="readOnly", reference_types=["Group"]),
                  attribute("display", "The group's name.", mutability="readOnly"),
              ]),
]

GROUP_ATTRIBUTES = [
    attribute("displayName", "The group's name: rep, marketing or admin (or a name "
                             "OIDC_ROLE_MAP maps to one) gives its members that role.",
              required=True, uniqueness="server"),
    attribute("members", "The group's users.", type_="complex", multi=True, sub=[
        attribute("value", "The user's id.", mutability="immutable"),
        attribute("$ref", "The user's URI.", type_="reference", mutability="immutable",
                  reference_types=["User"]),
    ]),
]


def _meta(resource_type: str, path: str) -> dict:
    return {"resourceType": resource_type, "location": absolute_url(f"/scim/v2/{path}")}


def schemas() -> list[dict]:
    return [
        {"schemas": [SCHEMA_SCHEMA], "id": USER_SCHEMA, "name": "User",
         "description": "A person who uses the hub.", "attributes": USER_ATTRIBUTES,
         "meta": _meta("Schema", f"Schemas/{USER_SCHEMA}")},
        {"schemas": [SCHEMA_SCHEMA], "id": GROUP_SCHEMA, "name": "Group",
         "description": "A group of users; some groups give a role.",
         "attributes": GROUP_ATTRIBUTES, "meta": _meta("Schema", f"Schemas/{GROUP_SCHEMA}")},
    ]


def resource_types() -> list[dict]:
    return [
        {"schemas": [RESOURCE_TYPE_SCHEMA], "id": "User", "name": "User", "endpoint": "/Users",
         "description": "Hub users", "schema": USER_SCHEMA,
         "meta": _meta("ResourceType", "ResourceTypes/User")},
        {"schemas": [RESOURCE_TYPE_SCHEMA], "id": "Group", "name": "Group",
         "endpoint": "/Groups", "description": "Groups, some of which give a role",
         "schema": GROUP_SCHEMA, "meta": _meta("ResourceType", "ResourceTypes/Group")},
    ]


def service_provider_config() -> dict:
    return {
        "schemas": [SPC_SCHEMA],
        "documentationUri": absolute_url("/api/v1/openapi.json"),
        "patch": {"supported": True},
        "bulk": {"supported": False, "maxOperations": 0, "maxPayloadSize": 0},
        "filter": {"supported": True, "maxResults": MAX_RESULTS},
        "changePassword": {"supported": False},
        "sort": {"supported": False},
        "etag": {"supported": False},
        "authenticationSchemes": [{
            "type": "oauthbearertoken", "name": "Bearer token",
            "description": "A token from `flask --app app scim token create`.", "primary": True,
        }],
        "meta": _meta("ServiceProviderConfig", "ServiceProviderConfig"),
    }
