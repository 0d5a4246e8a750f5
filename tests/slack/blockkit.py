"""Slack's documented Block Kit limits (docs.slack.dev, Block Kit reference), checked apart from
the hub's own code: what a message breaks, as a list of problems."""

from __future__ import annotations

LIMITS = {
    "blocks": 50, "section_text": 3000, "header_text": 150, "button_text": 75,
    "button_url": 3000, "context_elements": 10, "actions_elements": 25, "text": 40000,
}


def problems(message: dict) -> list[str]:
    found = []
    blocks = message.get("blocks", [])
    if len(blocks) > LIMITS["blocks"]:
        found.append(f"{len(blocks)} blocks")
    if len(message.get("text", "")) > LIMITS["text"]:
        found.append("text too long")
    for block in blocks:
        kind = block["type"]
        if kind == "section":
            text = block["text"]
            if len(text["text"]) > LIMITS["section_text"] or not text["text"]:
                found.append(f"section text of {len(text['text'])}")
        elif kind == "header" and len(block["text"]["text"]) > LIMITS["header_text"]:
            found.append("header text")
        elif kind == "context":
            if len(block["elements"]) > LIMITS["context_elements"]:
                found.append("context elements")
        elif kind == "actions":
            if len(block["elements"]) > LIMITS["actions_elements"]:
                found.append("actions elements")
            for element in block["elements"]:
                if len(element["text"]["text"]) > LIMITS["button_text"]:
                    found.append(f"button text of {len(element['text']['text'])}")
                if len(element.get("url", "")) > LIMITS["button_url"]:
                    found.append("button url")
        elif kind not in ("divider",):
            found.append(f"unexpected block {kind}")
    return found
