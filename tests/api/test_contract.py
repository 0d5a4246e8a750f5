"""The OpenAPI document is the API's contract: valid OpenAPI 3.1, and an independent fuzzer
(Schemathesis) that reads only the document finds nothing the live API does differently: no
server error, no undocumented status code or content type, no response off its schema."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from openapi_spec_validator import validate
from werkzeug.serving import make_server

from enablement.assets import services as asset_services
from enablement.auth import services as auth_services
from enablement.extensions import db
from enablement.models import AssetStatus
from enablement.search.outbox import drain
from enablement.search.searchers import searchers
from tests import filefactory
from tests.conftest import KIND_DEFAULTS, PASSWORD, asset_fields, make_app
from tests.mailserver import free_port

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


def _seed(app) -> dict[str, str]:
    """One of each thing a route can act on, and an API token each for marketing and an admin."""
    owner = auth_services.create_user("maya@example.com", "Maya Marketing", "marketing",
                                      PASSWORD)
    admin = auth_services.create_user("ada@example.com", "Ada Admin", "admin", PASSWORD)
    auth_services.create_user("riley@example.com", "Riley Rep", "rep", PASSWORD)
    for kind in KIND_DEFAULTS:
        for status in (AssetStatus.PUBLISHED, AssetStatus.DRAFT):
            asset = asset_services.create_asset(owner, kind, asset_fields(kind))
            if kind == "white_paper":
                asset_services.attach_file(
                    owner, asset, io.BytesIO(filefactory.make_pdf(f"Guide {status}")),
                    "guide.pdf", app.config["UPLOAD_DIR"], 10 * 1024 * 1024)
            if status == AssetStatus.PUBLISHED:
                asset_services.change_status(owner, asset, status)
    tokens = {"marketing": auth_services.create_token(owner, "contract"),
              "admin": auth_services.create_token(admin, "contract")}
    db.session.commit()
    drain()
    return tokens


@pytest.fixture(scope="module")
def served_hub(tmp_path_factory):
    """A hub with content, served over HTTP on 127.0.0.1 by a real WSGI server."""
    root = tmp_path_factory.mktemp("contract")
    with pytest.MonkeyPatch.context() as patch:
        from tests.conftest import FAST_HASH
        patch.setattr(auth_services, "generate_password_hash", FAST_HASH)
        app = make_app(root, SERVER_NAME=None, PUBLIC_URL="http://127.0.0.1")
        with app.app_context():
            db.create_all()
            tokens = _seed(app)
            db.session.remove()
    # One thread serves every request (the fuzzer sends one at a time), so the search index's
    # searcher it keeps open is closed below rather than left to the garbage collector.
    server = make_server("127.0.0.1", PORT or free_port(), app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", tokens, root
    server.shutdown()
    thread.join()
    server.server_close()
    searchers.close_all()
    with app.app_context():
        db.engine.dispose()


@pytest.mark.parametrize("role", ["marketing", "admin"])
def test_schemathesis_finds_nothing(served_hub, role):
    base, tokens, root = served_hub
    command = [
        str(SCHEMATHESIS), "run", f"{base}/api/v1/openapi.json",
        "--checks", ",".join(CHECKS),
        "--max-examples", str(EXAMPLES_PER_OPERATION), "--seed", str(SEED),
        "--generation-deterministic",
        "--phases", "examples,coverage,fuzzing", "--workers", "1",
        "--header", f"Authorization: Bearer {tokens[role]}",
        "--suppress-health-check", "all", "--no-color", "--output-sanitize", "true",
        "--request-timeout", "30", "--max-failures", "50",
    ]
    result = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=600,
                            env={**os.environ, "SCHEMATHESIS_HOOKS": ""}, check=False)
    output = result.stdout + result.stderr
    summary = output[output.rfind("=== SUMMARY"):] if "SUMMARY" in output else output[-3000:]
    print(summary)
    assert result.returncode == 0, output[-30000:]
    assert shutil.which(str(SCHEMATHESIS))
