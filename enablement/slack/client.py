"""Calls to Slack's Web API (SLACK_API_URL, so tests can use a local fake) and answers posted to a
slash command's response URL, with deadlines and a cap on what is read back."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import requests
from flask import current_app

from enablement.outbound import TooLarge, read_capped

TIMEOUT = (3.0, 5.0)  # connect, read: Slack answers in well under a second
MAX_ANSWER = 1024 * 1024


class SlackError(Exception):
    """Slack said no (its `error`), or could not be reached."""


def call(method: str, payload: dict, *, as_json: bool = False) -> dict:
    """Call a Web API method with the bot token; Slack's answer, or SlackError."""
    token = current_app.config.get("SLACK_BOT_TOKEN")
    if not token:
        raise SlackError("SLACK_BOT_TOKEN is not set")
    url = current_app.config["SLACK_API_URL"].rstrip("/") + "/" + method
    headers = {"Authorization": f"Bearer {token}"}
    try:
        if as_json:
            response = requests.post(url, json=payload, headers=headers, timeout=TIMEOUT,
                                     stream=True)
        else:
            response = requests.post(url, data=payload, headers=headers, timeout=TIMEOUT,
                                     stream=True)
        with response:
            answer = json.loads(read_capped(response, MAX_ANSWER) or b"{}")
    except (requests.RequestException, TooLarge, ValueError) as error:
        raise SlackError(f"{method}: {type(error).__name__}") from error
    if not isinstance(answer, dict) or not answer.get("ok"):
        raise SlackError(f"{method}: {answer.get('error') if isinstance(answer, dict) else '?'}")
    return answer


def response_url_allowed(url: str) -> bool:
    """Slash command answers go back to Slack only: https://hooks.slack.com/…, or the host of
    SLACK_API_URL when it points elsewhere (a test's fake Slack)."""
    parts = urlsplit(url or "")
    if parts.scheme == "https" and parts.hostname == "hooks.slack.com":
        return True
    api = urlsplit(current_app.config["SLACK_API_URL"])
    return api.hostname != "slack.com" and parts.scheme == api.scheme and \
        parts.netloc == api.netloc


def respond(url: str, message: dict) -> bool:
    """Post an answer to a slash command's response URL; False when it didn't arrive."""
    if not response_url_allowed(url):
        current_app.logger.warning("slack: refused to answer to %s", url[:200])
        return False
    try:
        with requests.post(url, json=message, timeout=TIMEOUT, stream=True) as response:
            return 200 <= response.status_code < 300
    except requests.RequestException as error:
        current_app.logger.warning("slack: answering the command failed: %r", error)
        return False
