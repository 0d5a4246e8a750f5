"""Reading the words out of an attachment, in a process of its own with hard limits.

A small file can be a big bill: a 97 KB Word file that unpacks to 20 MB of paragraphs took 24 s
and 400 MB to read in the web worker, and a 7.6 KB PDF whose 30 pages share one 1 MB content
stream took 6 s (400 s at 2,000 pages). So the parsers never run in the web process. Each upload
is read by a fresh Python (`python -I` this file) that first limits itself:

- CPU time (RLIMIT_CPU): the kernel stops it after `cpu_seconds`;
- memory (RLIMIT_AS): allocations past `memory_bytes` fail;
- output (RLIMIT_FSIZE on the file it writes its answer to): it cannot write more than the text cap;
- no core files when the kernel stops it.

The parent also kills it after `wall_seconds`, whatever it is doing. Within those limits the
reader keeps budgets of its own (pages, paragraphs and other parts, characters, and a share of
its CPU time), and when one runs out it stops and hands back what it has read so far, marked
partial. When a limit stops it instead, the upload is kept without text and marked
`not_extracted`: a hostile file costs a few seconds, never a web worker, and nothing is lost.

Only damaged and password-protected files are refused (AttachmentError): nobody could open them.

This file imports only the standard library at the top, and the parsers inside the child, so
the child starts in about 0.1-0.3 s without loading the hub.
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import json
import logging
import os
import re
import resource
import signal
import subprocess  # nosec B404 - runs our own interpreter on this file, never a shell
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

MIB = 1024 * 1024

COMPLETE = "complete"  # every word was read
PARTIAL = "partial"  # a budget ran out; the words read until then were kept
NOT_EXTRACTED = "not_extracted"  # a limit stopped the reader, or it failed: no words


@dataclass(frozen=True)
class Limits:
    """What reading one attachment may cost, and how much of it is read."""

    cpu_seconds: int = 5  # hard: the kernel stops the reader
    reading_seconds: float = 3.0  # soft: of CPU time, after which the reader stops and keeps text
    wall_seconds: float = 15.0  # hard: the parent kills the reader (start-up included)
    memory_bytes: int = 512 * MIB  # hard: the reader's address space (about 80 MB at start)
    max_chars: int = 500_000  # characters of text kept
    max_parts: int = 200_000  # paragraphs, table cells, shapes and pages read
    max_pdf_pages: int = 2_000
    max_unpacked_bytes: int = 200 * MIB  # an Office file unpacking to more is refused
    max_zip_entries: int = 10_000

    @property
    def output_bytes(self) -> int:
        # The answer is JSON: at most 4 bytes per character of text, plus a little framing.
        return 4 * self.max_chars + 64 * 1024


LIMITS = Limits()

KIND_LABELS = {"pdf": "a PDF", "docx": "a Word document", "pptx": "a PowerPoint presentation"}
_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f]")
_EXIT_MEMORY = 3  # the reader ran out of its memory allowance
_STDERR_BYTES = 64 * 1024  # enough for a traceback in the log

logger = logging.getLogger(__name__)


class AttachmentError(Exception):
    """A user-facing reason the upload was refused (message is shown to the user)."""


@dataclass(frozen=True)
class Extracted:
    """The words of an attachment, how completely they were read, and (in the log) why not."""

    text: str
    status: str  # COMPLETE, PARTIAL or NOT_EXTRACTED
    problem: str | None = None
    # Where each page (a PDF's page, a deck's slide) starts in `text`, page 1 first; None for
    # documents without pages (Word) or when no text was read.
    page_starts: list[int] | None = None


# ---------------------------------------------------------------- the web process's side


def extract_text(path: str | os.PathLike[str], kind: str, limits: Limits | None = None
                 ) -> Extracted:
    """Read the words of an attachment in a separate, limited process.

    Refuses (AttachmentError) files that are locked, damaged, or would unpack to far more than
    any real document; a file that hits a limit comes back NOT_EXTRACTED rather than refused.
    """
    limits = limits or LIMITS
    command = [sys.executable, "-I", os.path.abspath(__file__), kind, os.path.abspath(path),
               json.dumps(dataclasses.asdict(limits))]
    started = time.monotonic()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(  # noqa: S603  # nosec B603 - our interpreter, a fixed argv
            command, stdin=subprocess.DEVNULL, stdout=out, stderr=err, close_fds=True)
        try:
            process.wait(timeout=limits.wall_seconds)
        except subprocess.TimeoutExpired:
            pass
        finally:  # also when this worker is interrupted: no reader outlives its request
            if process.poll() is None:
                process.kill()
                process.wait()
        elapsed = time.monotonic() - started
        out.seek(0)
        answer = out.read(limits.output_bytes + 1)
        err.seek(0)
        errors = err.read(_STDERR_BYTES).decode("utf-8", "replace")
    problem = _problem(process.returncode, elapsed, limits)
    if problem is None:
        try:
            result = json.loads(answer)
        except ValueError:
            problem = "the reader's answer was cut short or unreadable"
        else:
            if "refused" in result:
                raise AttachmentError(result["refused"])
            return Extracted(result["text"], COMPLETE if result["complete"] else PARTIAL,
                             result.get("stopped"), _page_starts(result.get("pages"),
                                                                 len(result["text"])))
    logger.warning("attachments: text of %s not extracted: %s (%.1f s)%s", kind, problem,
                   elapsed, f"\n{errors}" if errors else "")
    return Extracted("", NOT_EXTRACTED, problem)


def _page_starts(pages, length: int) -> list[int] | None:
    """The reader's page starts, if they are what they claim: ascending offsets into the text."""
    if not isinstance(pages, list) or not pages or not all(
            isinstance(start, int) and 0 <= start <= length for start in pages):
        return None
    return pages if pages == sorted(pages) else None


def _problem(returncode: int, elapsed: float, limits: Limits) -> str | None:
    """Why the reader gave no answer, in words for the log; None when it answered."""
    if returncode == 0:
        return None
    if returncode == -signal.SIGKILL and elapsed >= limits.wall_seconds:
        return f"it took longer than {limits.wall_seconds:g} s"
    if returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        return f"it needed more than {limits.cpu_seconds} s of CPU time"
    if returncode == -signal.SIGXFSZ:
        return f"its text came to more than {limits.output_bytes:,} bytes"
    if returncode == _EXIT_MEMORY:
        return f"it needed more than {limits.memory_bytes // MIB} MB of memory"
    if returncode < 0:
        return f"the reader was stopped by signal {signal.Signals(-returncode).name}"
    return f"the reader failed (exit status {returncode})"


# ---------------------------------------------------------------- the reader process's side


def _limit_self(limits: Limits) -> None:
    """Limits the kernel enforces on this process from here on."""
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    # SIGXCPU at the soft limit, SIGKILL a second later if that signal is ignored.
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits.output_bytes, limits.output_bytes))


def read_text(path: str | os.PathLike[str], kind: str, limits: Limits,
              pages: list[int] | None = None) -> tuple[str, str | None]:
    """The text of the file and, when a budget stopped the reading early, which one; where each
    page or slide starts in that text is appended to `pages`.

    Runs in the reader process; MemoryError is left to the caller.
    """
    deadline = time.process_time() + limits.reading_seconds
    try:
        if kind == "pdf":
            parts = _pdf_text(path, limits)
        else:
            _check_unpacked_size(path, limits)
            if kind == "docx":
                import docx

                parts = _docx_text(docx.Document(path).iter_inner_content())
            else:
                import pptx

                parts = _pptx_text(pptx.Presentation(path))
        return normalise(parts, limits, deadline, pages)
    except (AttachmentError, MemoryError):
        raise
    except Exception as exc:  # any parser failure means the file is unusable to us
        if _near_memory_limit(limits):
            # lxml reports a failed allocation as an "unknown" syntax error: not damage.
            raise MemoryError from exc
        from pypdf.errors import DependencyError

        if isinstance(exc, DependencyError):  # AES needs the optional "cryptography" package
            raise AttachmentError(
                "This PDF is encrypted in a way we cannot open yet. "
                "Please save an unprotected copy and upload that instead."
            ) from exc
        raise AttachmentError(
            f"This file looks like {KIND_LABELS[kind]} but could not be read: it may be damaged."
        ) from exc


def _near_memory_limit(limits: Limits) -> bool:
    """Whether this process came within 10% of its address-space limit (Linux). Only the reader
    process has one; a process without it (tests reading a file directly) is never near it,
    however much address space its imports reserved."""
    in_force, _ = resource.getrlimit(resource.RLIMIT_AS)
    if in_force == resource.RLIM_INFINITY:
        return False
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            peak = next(int(line.split()[1]) * 1024 for line in status
                        if line.startswith("VmPeak:"))
    except (OSError, StopIteration, ValueError):
        return False
    return peak > 0.9 * min(in_force, limits.memory_bytes)


def _check_unpacked_size(path: str | os.PathLike[str], limits: Limits) -> None:
    # zipfile inflates a deflated entry in bounded steps and never past its declared
    # size, so the directory's sizes bound what the parsers load into memory. Other
    # methods (bzip2, lzma) are inflated in one go, and Office never uses them.
    with zipfile.ZipFile(path) as archive:
        entries = archive.infolist()
    if any(e.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) for e in entries):
        raise ValueError("not an Office compression method")  # reported as damaged
    if len(entries) > limits.max_zip_entries or \
            sum(e.file_size for e in entries) > limits.max_unpacked_bytes:
        raise AttachmentError(
            f"This file unpacks to more than {limits.max_unpacked_bytes // MIB} MB or "
            f"{limits.max_zip_entries:,} parts, which is more than any real document needs."
        )


class _PageCap(str):
    """An empty part that tells `normalise` the page budget ran out."""


class _PageStart(str):
    """An empty part that tells `normalise` a new page (or slide) starts here."""


def _pdf_text(path: str | os.PathLike[str], limits: Limits) -> Iterator[str]:
    from pypdf import PdfReader

    reader = PdfReader(path)
    # Many PDFs are "encrypted" only to restrict editing and open with an empty password.
    if reader.is_encrypted and not reader.decrypt(""):
        raise AttachmentError(
            "This PDF is password-protected. Please remove the password and upload it again."
        )
    pages = reader.pages
    for page in itertools.islice(pages, limits.max_pdf_pages):
        yield _PageStart()
        yield page.extract_text()
    if len(pages) > limits.max_pdf_pages:
        yield _PageCap()


def _docx_text(blocks: Iterable[Any]) -> Iterator[str]:
    """Paragraphs and tables (whose cells may hold further tables), in document order."""
    for block in blocks:
        if hasattr(block, "rows"):
            for row in block.rows:
                for cell in row.cells:
                    yield from _docx_text(cell.iter_inner_content())
        else:
            yield block.text


def _pptx_text(deck: Any) -> Iterator[str]:
    for slide in deck.slides:
        yield _PageStart()
        yield from _shapes_text(slide.shapes)
        if slide.has_notes_slide and slide.notes_slide.notes_text_frame is not None:
            yield slide.notes_slide.notes_text_frame.text


def _shapes_text(shapes: Iterable[Any]) -> Iterator[str]:
    from pptx.shapes.group import GroupShape

    for shape in shapes:
        if isinstance(shape, GroupShape):
            yield from _shapes_text(shape.shapes)
        if shape.has_text_frame:
            yield shape.text_frame.text
        if shape.has_table:
            for row in shape.table.rows:
                for cell in row.cells:
                    yield cell.text


def normalise(parts: Iterable[str], limits: Limits, deadline: float | None = None,
              pages: list[int] | None = None) -> tuple[str, str | None]:
    """One line of text with single spaces, safe to store in any database, within the budgets.

    Stops pulling parts once a budget runs out (`deadline` is in process CPU time), so a long
    document is not read to the end; says which budget stopped it (None when all was read).
    Where each page starts (a _PageStart part) is appended to `pages` as an offset in the text.
    """
    if deadline is None:
        deadline = time.process_time() + limits.reading_seconds
    text, chars, stopped, count = [], 0, None, 0
    for part in parts:
        if isinstance(part, _PageCap):
            stopped = f"only the first {limits.max_pdf_pages:,} pages are read"
            break
        if isinstance(part, _PageStart):
            if pages is not None:
                pages.append(chars)
            continue
        count += 1
        # Stray control characters and lone surrogates from PDFs break database inserts.
        part = part.encode("utf-8", "replace").decode("utf-8")
        words = " ".join(_CONTROL_CHARS.sub(" ", part).split())
        if words:
            text.append(words)
            chars += len(words) + 1
            if chars > limits.max_chars:
                stopped = f"only the first {limits.max_chars:,} characters are kept"
                break
        if count >= limits.max_parts:
            stopped = f"only the first {limits.max_parts:,} paragraphs, cells or pages are read"
            break
        if time.process_time() > deadline:
            stopped = f"reading stopped after {limits.reading_seconds:g} s of CPU time"
            break
    joined = " ".join(text)[: limits.max_chars]
    if pages:
        pages[:] = [min(start, len(joined)) for start in pages]
    return joined, stopped


def _main(argv: list[str]) -> int:
    kind, path, raw_limits = argv
    limits = Limits(**json.loads(raw_limits))
    _limit_self(limits)
    pages: list[int] = []
    try:
        text, stopped = read_text(path, kind, limits, pages)
        answer: dict[str, Any] = {"text": text, "complete": stopped is None, "stopped": stopped,
                                  "pages": pages}
    except AttachmentError as error:
        answer = {"refused": str(error)}
    except MemoryError:
        return _EXIT_MEMORY
    with contextlib.suppress(MemoryError):
        sys.stdout.buffer.write(json.dumps(answer, ensure_ascii=False).encode())
        sys.stdout.flush()
        return 0
    return _EXIT_MEMORY


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
