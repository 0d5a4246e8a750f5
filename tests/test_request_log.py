"""Every request leaves one structured log line with its status and time."""

import json
import logging


def test_each_request_logs_one_json_line(client, login_as, caplog):
    user = login_as("rep")
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="enablement.requests"):
        client.get("/assets/")
        client.get("/no-such-page")
    lines = [json.loads(r.getMessage()) for r in caplog.records
             if r.name == "enablement.requests"]
    assert [(line["method"], line["path"], line["status"]) for line in lines] == [
        ("GET", "/assets/", 200), ("GET", "/no-such-page", 404)]
    assert all(line["user"] == str(user.id) and line["ms"] > 0 for line in lines)
