"""The OpenAPI document is the API's contract: valid OpenAPI 3.1, and an independent fuzzer
(Schemathesis) that reads only the document finds nothing the live API does differently: no
server error, no undocumented status code or content type, no response off its schema."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate
from sqlalchemy import select

from enablement.assets import services as asset_services
from enablement.auth import services as auth_services
from enablement.demo.news import load_demo_news
from enablement.extensions import db
from enablement.feedback import services as feedback
from enablement.models import AssetStatus, User
from enablement.notifications.services import notify
from enablement.requests import services as requests
from enablement.search import synonyms
from enablement.search.outbox import drain
from enablement.wins import services as wins
from tests import filefactory
from tests.conftest import FAST_HASH, KIND_DEFAULTS, PASSWORD, asset_fields
from tests.hubprocs import Hub

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
CHECKS = ("not_a_server_error", "status_code_conformance", "content_type_conformance",
          "response_schema_conformance", "response_headers_conformance")
EXAMPLES_PER_OPERATION = 15
SEED = 20261202
# Developers sharing a machine give the server a port of their own range.
PORT = int(os.environ.get("HUB_CONTRACT_PORT", "0")) or None


def test_the_document_is_valid_openapi_3_1(client):
    document = client.get("/api/v1/openapi.json").get_json()
    validate(document)  # raises, naming the first problem, if it isn't


def _seed(hub: Hub) -> dict[str, str]:
    """One of each thing a route can act on, and an API token each for marketing and an admin."""
    owner = db.session.scalar(select(User).where(User.email == hub.marketer_email))
    admin = auth_services.create_user("ada@example.com", "Ada Admin", "admin", PASSWORD)
    rep = db.session.scalar(select(User).where(User.email == hub.rep_email))
    published = []
    for kind in KIND_DEFAULTS:
        for status in (AssetStatus.PUBLISHED, AssetStatus.DRAFT):
            asset = asset_services.create_asset(owner, kind, asset_fields(kind))
            if kind == "white_paper":
                asset_services.attach_file(
                    owner, asset, io.BytesIO(filefactory.make_pdf(f"Guide {status}")),
                    "guide.pdf", hub.env["UPLOAD_DIR"], 10 * 1024 * 1024)
            if status == AssetStatus.PUBLISHED:
                asset_services.change_status(owner, asset, status)
                published.append(asset)
    for user in (rep, owner, admin):
        asked = requests.create_request(user, f"A case study for {user.name}", "construction",
                                        "case_study")
        requests.add_comment(owner, asked, "On it.")
        feedback.give_feedback(user, published[0], True, "Used it on a call.")
        wins.record_win(user, {"account": f"Acme {user.id}", "market": "construction",
                               "amount": "12000", "asset_ids": [published[0].id]})
        notify(user.id, "Your request is planned.", f"/requests/{asked.id}")
        notify(user.id, f"“{published[1].title}” is published.", f"/assets/{published[1].id}")
    synonyms.add_synonyms(owner, "ROI, return on investment")
    load_demo_news()
    tokens = {"marketing": auth_services.create_token(owner, "contract"),
              "admin": auth_services.create_token(admin, "contract")}
    db.session.commit()
    drain()
    return tokens


@pytest.fixture(scope="module")
def served_hub(tmp_path_factory):
    """A hub with content, served by gunicorn on 127.0.0.1 as in production (hubprocs.py)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(auth_services, "generate_password_hash", FAST_HASH)
        hub = Hub(tmp_path_factory.mktemp("contract"), drain_in_web=True)
        with hub.app.app_context():
            tokens = _seed(hub)
            db.session.remove()
            db.engine.dispose()
    web = hub.start_web(workers=1, port=PORT)
    yield web.base, tokens, hub.root
    hub.close()
    if any("Traceback" in log.read_text() for log in (hub.root / "logs").glob("*.log")):
        hub.print_errors()


def _schemathesis(base: str, token: str, root: Path, name: str, *options: str) -> str:
    """Run Schemathesis on the served document; its report (failures first) if it found any."""
    command = [
        str(SCHEMATHESIS), "run", f"{base}/api/v1/openapi.json",
        "--max-examples", str(EXAMPLES_PER_OPERATION), "--seed", str(SEED),
        "--generation-deterministic", "--workers", "1",
        "--header", f"Authorization: Bearer {token}",
        "--suppress-health-check", "all", "--no-color", "--output-sanitize", "true",
        "--request-timeout", "30", "--max-failures", "50", *options,
    ]
    result = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=600,
                            env={**os.environ, "SCHEMATHESIS_HOOKS": ""}, check=False)
    output = result.stdout + result.stderr
    (root / f"schemathesis-{name}.txt").write_text(output)
    shown = output.find("=== WARNINGS") if "=== WARNINGS" in output else output.rfind("=== SUM")
    print(output[shown:] if shown >= 0 else output[-3000:])
    return output[-30000:] if result.returncode else ""


@pytest.mark.contract
@pytest.mark.parametrize("role", ["marketing", "admin"])
def test_schemathesis_finds_nothing(served_hub, role):
    base, tokens, root = served_hub
    found = _schemathesis(base, tokens[role], root, role, "--checks", ",".join(CHECKS),
                          "--phases", "examples,coverage,fuzzing")
    assert found == ""


@pytest.mark.contract
def test_every_asset_the_document_allows_is_created(served_hub):
    """The strongest reading of the asset schemas: whatever body they allow for a kind, with
    or without publishing, the hub accepts (201), none refused for a rule the document doesn't
    state."""
    base, tokens, root = served_hub
    found = _schemathesis(base, tokens["marketing"], root, "assets-accepted",
                          "--include-name", "POST /assets",
                          "--mode", "positive", "--phases", "examples,coverage,fuzzing",
                          "--checks", ",".join((*CHECKS, "positive_data_acceptance")))
    assert found == ""


def test_a_win_conflict_matches_its_documented_shape(client, create_user, create_asset):
    """The fuzzer rarely sends one deal twice with other details: this 409 is checked here."""
    user = create_user("marketing")
    token = auth_services.create_token(user)
    db.session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    deal = {"account": "Acme", "amount": 1000, "external_id": "crm-1"}
    assert client.post("/api/v1/wins", headers=headers, json=deal).status_code == 201
    response = client.post("/api/v1/wins", headers=headers, json={**deal, "amount": 2000})
    assert response.status_code == 409
    document = client.get("/api/v1/openapi.json").get_json()
    schema = document["paths"]["/wins"]["post"]["responses"]["409"]["content"][
        "application/json"]["schema"]
    validator = OAS31Validator({**schema, "components": document["components"]})
    validator.validate(response.get_json())
    error = client.post("/api/v1/wins", headers=headers, json={"account": ""})
    OAS31Validator({"$ref": "#/components/schemas/Error",
                    "components": document["components"]}).validate(error.get_json())
