"""SCIM's small languages, on plain dicts: filters (RFC 7644 3.4.2.2), PATCH operations (3.5.2)
and attribute selection (3.9). Attribute names are case-insensitive throughout, as the RFC says."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from enablement.scim.errors import ScimError

MULTI_VALUED = {"emails", "members", "groups"}
CANONICAL = {name.lower(): name for name in (
    "id", "externalId", "userName", "name", "displayName", "emails", "active", "groups",
    "members", "meta", "formatted", "familyName", "givenName", "value", "type", "primary",
    "display", "$ref", "schemas", "created", "lastModified", "resourceType", "location")}
MAX_FILTER = 1000
_TOKEN = re.compile(r'\s*(\(|\)|\[|\]|"(?:[^"\\]|\\.)*"|[^\s()\[\]]+)')
_PATH = re.compile(r"^([A-Za-z$][\w$-]*)(?:\[(.*)\])?(?:\.([A-Za-z$][\w$-]*))?$", re.S)
PATCH_SCHEMA_NAME = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
OPERATORS = {"eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le", "pr"}

Predicate = Callable[[dict], bool]


def canonical(name: str) -> str:
    return CANONICAL.get(name.lower(), name)


def strip_schema(path: str, schema: str) -> str:
    """`urn:…:User:userName` → `userName` (the core schema's own attributes may be named so)."""
    if path.lower().startswith(schema.lower() + ":"):
        return path[len(schema) + 1:]
    return path


# ---------------------------------------------------------------- filters


def parse_filter(text: str, schema: str = "") -> Predicate:
    """A predicate over a resource dict, or a 400 invalidFilter saying what can't be read."""
    if len(text) > MAX_FILTER:
        raise ScimError(400, f"Filters are at most {MAX_FILTER} characters.", "invalidFilter")
    tokens = [t for t in _TOKEN.findall(text) if t]
    if not tokens:
        raise ScimError(400, "The filter is empty.", "invalidFilter")
    parser = _FilterParser(tokens, schema)
    try:
        predicate = parser.expression()
    except RecursionError:  # hundreds of nested parentheses
        raise ScimError(400, "The filter nests too deeply.", "invalidFilter") from None
    if parser.position != len(tokens):
        raise ScimError(400, f"Unexpected {tokens[parser.position]!r} in the filter.",
                        "invalidFilter")
    return predicate


class _FilterParser:
    def __init__(self, tokens: list[str], schema: str):
        self.tokens = tokens
        self.position = 0
        self.schema = schema

    def _peek(self) -> str | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def _take(self) -> str:
        token = self._peek()
        if token is None:
            raise ScimError(400, "The filter ends too early.", "invalidFilter")
        self.position += 1
        return token

    def expression(self) -> Predicate:
        left = self.conjunction()
        while (self._peek() or "").lower() == "or":
            self._take()
            right = self.conjunction()
            left = (lambda a, b: lambda r: a(r) or b(r))(left, right)
        return left

    def conjunction(self) -> Predicate:
        left = self.term()
        while (self._peek() or "").lower() == "and":
            self._take()
            right = self.term()
            left = (lambda a, b: lambda r: a(r) and b(r))(left, right)
        return left

    def term(self) -> Predicate:
        token = self._take()
        if token.lower() == "not":
            if self._take() != "(":
                raise ScimError(400, "Write not(...).", "invalidFilter")
            inner = self.expression()
            self._expect(")")
            return lambda r: not inner(r)
        if token == "(":  # noqa: S105  # nosec B105 - a filter token, not a secret
            inner = self.expression()
            self._expect(")")
            return inner
        attribute = strip_schema(token, self.schema)
        if self._peek() == "[":  # emails[type eq "work"] within a filter
            self._take()
            inner = self.expression()
            self._expect("]")
            return lambda r: any(isinstance(item, dict) and inner(item)
                                 for item in _as_list(r.get(canonical(attribute))))
        operator = self._take().lower()
        if operator not in OPERATORS:
            raise ScimError(400, f"Unknown operator {operator!r}.", "invalidFilter")
        if operator == "pr":
            return lambda r: any(v not in (None, "", [], {}) for v in _values(r, attribute))
        expected = _literal(self._take())
        return lambda r: any(_compare(operator, v, expected) for v in _values(r, attribute))

    def _expect(self, token: str) -> None:
        if self._take() != token:
            raise ScimError(400, f"Expected {token!r} in the filter.", "invalidFilter")


def _literal(token: str):
    try:
        return json.loads(token)
    except ValueError:
        raise ScimError(400, f"{token!r} is not a value; quote strings.", "invalidFilter") from None


def _as_list(value) -> list:
    return value if isinstance(value, list) else [] if value is None else [value]


def _values(resource: dict, attribute: str) -> list:
    """Every value at `attribute` (a.b reaches into complex and multi-valued attributes)."""
    top, _, sub = attribute.partition(".")
    found = []
    for value in _as_list(resource.get(canonical(top))):
        if sub:
            if isinstance(value, dict):
                found.append(value.get(canonical(sub)))
        elif isinstance(value, dict) and "value" in value:
            found.append(value["value"])  # emails eq "x" means emails.value eq "x"
        else:
            found.append(value)
    return found


def _compare(operator: str, actual, expected) -> bool:
    if isinstance(actual, str) and isinstance(expected, str):
        actual, expected = actual.lower(), expected.lower()
    elif isinstance(actual, bool) or isinstance(expected, bool) or actual is None:
        return operator == "eq" and actual == expected or operator == "ne" and actual != expected
    try:
        return {
            "eq": lambda: actual == expected, "ne": lambda: actual != expected,
            "co": lambda: str(expected) in str(actual),
            "sw": lambda: str(actual).startswith(str(expected)),
            "ew": lambda: str(actual).endswith(str(expected)),
            "gt": lambda: actual > expected, "ge": lambda: actual >= expected,
            "lt": lambda: actual < expected, "le": lambda: actual <= expected,
        }[operator]()
    except TypeError:
        return False


# ---------------------------------------------------------------- PATCH


def apply_patch(resource: dict, body: dict, schema: str) -> dict:
    """The resource after the PatchOp `body`'s operations, applied in order to a copy."""
    if PATCH_SCHEMA_NAME not in [s for s in body.get("schemas") or [] if isinstance(s, str)]:
        raise ScimError(400, f"A PATCH body names the schema {PATCH_SCHEMA_NAME}.", "invalidSyntax")
    operations = body.get("Operations")
    if not isinstance(operations, list) or not operations or len(operations) > 100:
        raise ScimError(400, "Send 1 to 100 Operations.", "invalidSyntax")
    document = json.loads(json.dumps(resource))
    for operation in operations:
        if not isinstance(operation, dict):
            raise ScimError(400, "Each operation is an object.", "invalidSyntax")
        op = str(operation.get("op", "")).lower()
        if op not in ("add", "replace", "remove"):
            raise ScimError(400, "op is add, replace or remove.", "invalidSyntax")
        path = operation.get("path")
        value = operation.get("value")
        if path in (None, ""):
            if op == "remove":
                raise ScimError(400, "remove needs a path.", "noTarget")
            if not isinstance(value, dict):
                raise ScimError(400, "Without a path, value is an object of attributes.",
                                "invalidValue")
            for name, item in value.items():
                _apply(document, op, strip_schema(name, schema), item, schema)
        elif isinstance(path, str):
            _apply(document, op, strip_schema(path, schema), value, schema)
        else:
            raise ScimError(400, "path is a string.", "invalidPath")
    return document


def _apply(document: dict, op: str, path: str, value, schema: str) -> None:
    match = _PATH.match(path.strip())
    if not match:
        raise ScimError(400, f"Can't read the path {path!r}.", "invalidPath")
    attribute, selector, sub = canonical(match[1]), match[2], match[3] and canonical(match[3])
    if attribute in ("id", "meta", "schemas", "groups"):
        raise ScimError(400, f"{attribute} can't be changed.", "mutability")
    if attribute == "active" and op == "remove":
        # A user is active or not; there is no third state to fall back to.
        raise ScimError(400, "Replace active with false to deactivate; it can't be removed.",
                        "mutability")
    if selector is not None:
        _apply_selected(document, op, attribute, parse_filter(selector, schema), selector, sub,
                        value)
    elif sub:
        if op == "remove":
            if isinstance(document.get(attribute), dict):
                document[attribute].pop(sub, None)
            return
        container = document.get(attribute)
        if attribute in MULTI_VALUED:
            for item in _as_list(container):
                if isinstance(item, dict):
                    item[sub] = value
            return
        document[attribute] = {**(container if isinstance(container, dict) else {}), sub: value}
    elif op == "remove":
        document.pop(attribute, None)
    elif attribute in MULTI_VALUED and op == "add":
        existing = _as_list(document.get(attribute))
        known = {json.dumps(item, sort_keys=True) for item in existing}
        document[attribute] = existing + [item for item in _as_list(value)
                                          if json.dumps(item, sort_keys=True) not in known]
    elif op == "add" and isinstance(value, dict) and isinstance(document.get(attribute), dict):
        document[attribute] = {**document[attribute], **value}
    else:
        document[attribute] = value


def _apply_selected(document, op, attribute, predicate, selector, sub, value) -> None:
    items = _as_list(document.get(attribute))
    chosen = [item for item in items if isinstance(item, dict) and predicate(item)]
    if op == "remove":
        if sub:
            for item in chosen:
                item.pop(sub, None)
        else:
            document[attribute] = [item for item in items if item not in chosen]
        return
    if not chosen:
        # Entra ID replaces emails[type eq "work"].value on users that have none yet.
        simple = re.fullmatch(r'\s*(\w+)\s+eq\s+("(?:[^"\\]|\\.)*")\s*', selector, re.I)
        if simple is None:
            raise ScimError(400, f"Nothing matches {attribute}[{selector}].", "noTarget")
        item = {canonical(simple[1]): json.loads(simple[2])}
        items.append(item)
        chosen = [item]
        document[attribute] = items
    for item in chosen:
        if sub:
            item[sub] = value
        elif isinstance(value, dict):
            item.update(value)


# ---------------------------------------------------------------- attribute selection


def select_attributes(resource: dict, attributes: str | None, excluded: str | None) -> dict:
    """The resource with only `attributes` (comma-separated), or without `excluded`; `id` and
    `schemas` always stay."""
    if attributes:
        wanted: dict[str, set[str]] = {}
        for name in attributes.split(","):
            top, _, sub = name.strip().partition(".")
            wanted.setdefault(canonical(top), set()).update({canonical(sub)} if sub else set())
        kept = {}
        for key, value in resource.items():
            if key in ("id", "schemas"):
                kept[key] = value
            elif key in wanted:
                subs = wanted[key]
                kept[key] = {k: v for k, v in value.items() if k in subs} if subs and \
                    isinstance(value, dict) else value
        return kept
    if excluded:
        drop = {canonical(name.strip()) for name in excluded.split(",")} - {"id", "schemas"}
        return {key: value for key, value in resource.items() if key not in drop}
    return resource
