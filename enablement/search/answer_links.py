"""Where an answer came from, in words and as a link: "White paper, page 7", opening that page.

A PDF's page link opens the file in the browser at the page (`#page=7`, which browsers' PDF
viewers follow); other attachments link to their download, everything else to its page.
"""

from __future__ import annotations

from flask import url_for

from enablement.assets.kinds import kind_label
from enablement.routing import absolute_url
from enablement.search.answers import Answer
from enablement.search.registry import SEARCHABLES

WHERE_LABELS = {"summary": "summary", "body": None, "talking_points": "talking points"}


def source(answer: Answer) -> str:
    """The answer's source as a rep reads it: kind, then page, slide or part ("White paper,
    page 7"); which attached file it is, the panel and the API say beside it."""
    label = "News" if answer.type == "news" else kind_label(answer.kind)
    if answer.where == "attachment":
        unit = "slide" if (answer.filename or "").endswith(".pptx") else "page"
        return f"{label}, {unit} {answer.page}" if answer.page else f"{label}, attached file"
    part = WHERE_LABELS.get(answer.where, answer.where.removeprefix("field:").replace("_", " "))
    return f"{label}, {part}" if part else label


def url(answer: Answer) -> str:
    """The page the answer opens: the PDF at its page, another attachment, or the document."""
    if answer.where == "attachment" and answer.type == "asset" and answer.attachment_id:
        ids = {"asset_id": answer.id, "attachment_id": answer.attachment_id}
        if (answer.filename or "").endswith(".pdf"):
            anchor = f"page={answer.page}" if answer.page else None
            return url_for("assets.view_attachment", **ids, _anchor=anchor)
        return url_for("assets.download", **ids)
    return SEARCHABLES[answer.type].url(answer.id)


def answer_json(answer: Answer) -> dict:
    """An answer as the API gives it; `passage` is HTML whose only markup is <mark>."""
    return {"type": answer.type, "id": answer.id, "kind": answer.kind, "title": answer.title,
            "passage": str(answer.passage), "page": answer.page, "source": source(answer),
            "filename": answer.filename, "url": absolute_url(url(answer))}
