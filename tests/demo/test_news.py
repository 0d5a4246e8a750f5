"""The demo news file: read whole, and a broken story is named by its position and field."""

import pytest
import yaml

from enablement.demo.files import DemoContentError
from enablement.demo.news import NEWS_FILE, read_demo_news


def test_the_news_file_holds_a_weeks_stories_for_every_demo_feed():
    news = read_demo_news()
    assert len(news.feeds) == 7 and len(news.items) == 35
    assert {item["feed"] for item in news.items} == set(news.feeds)
    assert len([item for item in news.items if item["hours"] < 7 * 24]) >= 28
    assert sum(1 for item in news.items if item.get("pinned")) == 2
    assert sum(1 for item in news.items if item.get("talking_points")) == 6


@pytest.mark.parametrize("change, field, message", [
    ({"feed": "demo-moon"}, "feed", "One of the keys under `feeds:`."),
    ({"title": None}, "title", "Required."),
    ({"title": "x" * 501}, "title", "Text of 1 to 500 characters."),
    ({"hours": -1}, "hours", "Hours before loading that it was published, e.g. 26."),
    ({"categories": "Safety"}, "categories", "A list of at most 20 names"),
    ({"talking_points": "x" * 5001}, "talking_points", "Markdown of at most 5,000 characters."),
    ({"pinned": "yes please"}, "pinned", "true or false."),
    ({"colour": "red"}, "colour", "Unknown field."),
], ids=["feed", "no-title", "long-title", "hours", "categories", "talking-points", "pinned",
        "unknown"])
def test_a_broken_story_is_named_with_its_field(tmp_path, change, field, message):
    data = yaml.safe_load(NEWS_FILE.read_text())
    story = data["items"][2]
    for key, value in change.items():
        if value is None:
            del story[key]
        else:
            story[key] = value
    path = tmp_path / "news.yml"
    path.write_text(yaml.safe_dump(data))

    with pytest.raises(DemoContentError) as caught:
        read_demo_news(path)
    [(name, got_field, got_message)] = caught.value.problems
    assert (name, got_field) == (str(path), f"items[2].{field}")
    assert got_message.startswith(message)
    assert f"news.yml: items[2].{field}: " in str(caught.value)
