"""Reading the demo company's data files under content/, and the error that names a bad one."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

CONTENT = Path(__file__).parent / "content"

# An opening `---` line, the YAML, a closing `---` line, then the Markdown body as written.
FRONT_MATTER = re.compile(r"---[ \t]*\n(.*?)^---[ \t]*(?:\n|\Z)(.*)", re.DOTALL | re.MULTILINE)


class DemoContentError(Exception):
    """Demo data files that don't hold what the loader needs; each problem names the file
    (relative to content/) and the field, so whoever edited it knows where to look."""

    def __init__(self, problems: Iterable[tuple[str, str, str]]):
        self.problems = list(problems)
        lines = [f"  {name}: {field}: {message}" for name, field, message in self.problems]
        super().__init__("The demo content has problems:\n" + "\n".join(lines))


def relative(path: Path) -> str:
    try:
        return path.relative_to(CONTENT).as_posix()
    except ValueError:
        return str(path)


def parse_yaml(text: str, path: Path, first_line: int = 1) -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + first_line}" if mark else "YAML"
        problem = getattr(error, "problem", None) or str(error)
        raise DemoContentError([(relative(path), where, problem)]) from error


def read_yaml(path: Path) -> Any:
    return parse_yaml(path.read_text(encoding="utf-8"), path)


def read_front_matter(path: Path) -> tuple[dict, str]:
    """The YAML front matter of a Markdown file, and the Markdown after it."""
    match = FRONT_MATTER.match(path.read_text(encoding="utf-8"))
    if match is None:
        raise DemoContentError([(relative(path), "front matter",
                                 "Start with a `---` line, then the fields, then another `---`.")])
    front = parse_yaml(match.group(1), path, first_line=2)
    if not isinstance(front, dict):
        raise DemoContentError([(relative(path), "front matter",
                                 "The front matter maps field names to values.")])
    return front, match.group(2)
