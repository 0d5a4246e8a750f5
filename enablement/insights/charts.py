"""Charts drawn on the server as inline SVG: no chart library, no script, no inline styles.

Each chart carries a <title> and <desc> it is labelled by, and hover titles on its marks; the page
shows the same numbers as a table next to it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif"'
INK = "#1d2a3a"
MUTED = "#5a6678"
GRID = "#dfe4ec"
HEAT = ("#dbe7fb", "#b3cdf5", "#7fa8e8", "#4a7fd1", "#2456a6")  # few → many
EMPTY_FILL, EMPTY_STROKE, EMPTY_INK = "#fdecea", "#c0392b", "#a12a1f"
LABEL_CHARS = 30  # longer row labels are cut, with the full name in the table


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    colour: str


def _svg(chart_id: str, width: int, height: int, title: str, desc: str, body: list[str],
         css: str) -> Markup:
    # Every text that comes from data is escaped where the body is built; numbers are ours.
    return Markup(  # noqa: S704  # nosec B704 - data texts escaped where the body is built
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {css}" role="img" '
        f'viewBox="0 0 {width} {height}" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'{FONT}><title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>{"".join(body)}</svg>'
    )


def axis_step(top: float, ticks: int = 4) -> int:
    """A round whole step (1, 2, 2.5 or 5 × 10ⁿ) so that `ticks` steps reach `top`."""
    raw = max(top / ticks, 1)
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * power
        if raw <= step and step == int(step):
            return int(step)
    return int(10 * power)


def stacked_bars(chart_id: str, title: str, desc: str, labels: Sequence[str],
                 rows: Sequence[dict], series: Sequence[Series], empty_text: str, *,
                 compact: bool = False) -> Markup:
    """Stacked bars, one per row (a day or a week), one colour per series, with a legend.

    `compact` draws it for a phone: narrower, with fewer labels, so the text stays readable.
    """
    width, height, max_labels = (360, 240, 4) if compact else (640, 280, 8)
    left, right, top, bottom = 40, 10, 40, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = [sum(row[s.key] for s in series) for row in rows]
    y_step = axis_step(max(totals, default=0))
    y_max = y_step * 4
    body = _legend(series, left, 10)
    for step in range(5):  # grid and y axis
        y = top + plot_h - plot_h * step / 4
        body.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
                    f'stroke="{GRID}" stroke-width="1"/>'
                    f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="12" fill="{MUTED}" '
                    f'text-anchor="end">{y_step * step:,}</text>')
    slot = plot_w / max(len(rows), 1)
    bar = max(min(slot * 0.72, 48), 1.5)
    every = max(1, math.ceil(len(rows) / max_labels))
    for index, (label, row) in enumerate(zip(labels, rows, strict=True)):
        x = left + slot * index + (slot - bar) / 2
        y = top + plot_h
        for s in series:
            if not row[s.key]:
                continue
            h = plot_h * row[s.key] / y_max
            y -= h
            body.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                        f'fill="{s.colour}"><title>{escape(label)}: {row[s.key]} '
                        f'{escape(s.label.lower())}</title></rect>')
        if index % every == 0:
            body.append(f'<text x="{x + bar / 2:.1f}" y="{height - bottom + 18}" font-size="12" '
                        f'fill="{MUTED}" text-anchor="middle">{escape(label)}</text>')
    body.append(f'<line x1="{left}" x2="{width - right}" y1="{top + plot_h}" '
                f'y2="{top + plot_h}" stroke="{MUTED}" stroke-width="1"/>')
    if not any(totals):
        body.append(f'<text x="{left + plot_w / 2}" y="{top + plot_h / 2}" font-size="14" '
                    f'fill="{MUTED}" text-anchor="middle">{escape(empty_text)}</text>')
    return _svg(chart_id, width, height, title, desc, body,
                "chart-bars chart-compact" if compact else "chart-bars chart-wide")


def _legend(series: Sequence[Series], x: float, y: float) -> list[str]:
    """A swatch and a name per series, in a row from (x, y)."""
    marks = []
    for s in series:
        marks.append(f'<rect x="{x}" y="{y}" width="12" height="12" rx="2" fill="{s.colour}"/>'
                     f'<text x="{x + 17}" y="{y + 10.5}" font-size="13" fill="{INK}">'
                     f'{escape(s.label)}</text>')
        x += 26 + 8 * len(s.label)
    return marks


def _row_label(label: str, compact: bool, *, above: float, right: float, middle: float) -> str:
    """A row's name, cut to LABEL_CHARS (the table has it whole): above the row on a phone
    (at y `above`), else ending at x `right`, level with the row's `middle`."""
    name = escape(label if len(label) <= LABEL_CHARS else label[:LABEL_CHARS - 1] + "…")
    if compact:
        return (f'<text x="4" y="{above}" font-size="13" font-weight="600" fill="{INK}">'
                f'{name}</text>')
    return (f'<text x="{right}" y="{middle:.1f}" font-size="13" fill="{INK}" '
            f'text-anchor="end">{name}</text>')


def _lines(label: str, width: int) -> list[str]:
    """Split a label into at most two lines of about `width` characters."""
    words, lines = label.split(), [""]
    for word in words:
        if lines[-1] and len(lines[-1]) + 1 + len(word) > width and len(lines) < 2:
            lines.append(word)
        else:
            lines[-1] = f"{lines[-1]} {word}".strip()
    return lines


def _cell(x: float, y: float, w: float, h: float, count: int, top: int, tip: str) -> str:
    if count:
        level = min(len(HEAT) - 1, math.ceil(count / top * len(HEAT)) - 1)
        fill, ink, extra = HEAT[level], "#fff" if level >= 3 else INK, ""
    else:
        fill, ink = EMPTY_FILL, EMPTY_INK
        extra = f' stroke="{EMPTY_STROKE}" stroke-width="1.5" stroke-dasharray="4 3"'
    return (f'<g class="{"heat-cell" if count else "heat-cell heat-empty"}">'
            f'<title>{escape(tip)}</title>'
            f'<rect x="{x + 2}" y="{y + 2}" width="{w - 4}" height="{h - 4}" rx="4" '
            f'fill="{fill}"{extra}/>'
            f'<text x="{x + w / 2}" y="{y + h / 2 + 5:.1f}" font-size="14" font-weight="600" '
            f'fill="{ink}" text-anchor="middle">{count}</text></g>')


def heat_map(chart_id: str, title: str, desc: str, rows: Sequence[tuple[str, str]],
             columns: Sequence[tuple[str, str]], counts: dict[str, dict[str, int]], *,
             compact: bool = False) -> Markup:
    """A grid of counts shaded from light to dark; empty cells are outlined in red and say 0.

    Row labels sit left of their row, or (`compact`, for a phone) above it.
    """
    longest = max((len(label) for _, label in rows), default=0)
    if compact:
        label_w, cell_w, row_h, cell_h, head_h = 0, 74, 54, 34, 40
    else:
        label_w = min(max(8 * min(longest, LABEL_CHARS) + 18, 100), 8 * LABEL_CHARS + 18)
        cell_w, row_h, cell_h, head_h = 92, 36, 36, 46
    width = label_w + cell_w * len(columns) + 4
    height = head_h + row_h * len(rows) + 4
    top = max((counts[r][c] for r, _ in rows for c, _ in columns), default=0)
    body = []
    for j, (_, label) in enumerate(columns):
        cx = label_w + cell_w * j + cell_w / 2
        lines = _lines(label, 9 if compact else 12)
        for n, line in enumerate(lines):
            y = head_h - 10 - 16 * (len(lines) - 1 - n)
            body.append(f'<text x="{cx:.1f}" y="{y}" font-size="{12 if compact else 13}" '
                        f'font-weight="600" fill="{INK}" text-anchor="middle">'
                        f'{escape(line)}</text>')
    for i, (row_key, row_label) in enumerate(rows):
        y = head_h + row_h * i
        body.append(_row_label(row_label, compact, above=y + 14, right=label_w - 10,
                               middle=y + cell_h / 2 + 5))
        cell_y = y + row_h - cell_h
        for j, (col_key, col_label) in enumerate(columns):
            count = counts[row_key][col_key]
            body.append(_cell(label_w + cell_w * j, cell_y, cell_w, cell_h, count, top,
                              f"{row_label}, {col_label}: {count} published"))
    return _svg(chart_id, width, height, title, desc, body,
                "chart-heat chart-compact" if compact else "chart-heat chart-wide")


def paired_bars(chart_id: str, title: str, desc: str, rows: Sequence[tuple[str, dict]],
                series: Sequence[Series], *, compact: bool = False) -> Markup:
    """Horizontal bars side by side per row (an asset): one thin bar per series, on one scale,
    with the number at the bar's end. Row labels sit left of their bars, or (`compact`) above."""
    width = 360 if compact else 640
    label_w = 0 if compact else 8 * LABEL_CHARS + 18
    bar_h, gap = 12, 3
    label_h = 18 if compact else 0
    row_h = label_h + len(series) * (bar_h + gap) + 14
    top, right = 34, 36
    plot_w = width - label_w - right - 4
    height = top + row_h * len(rows) + 4
    peak = max((values[s.key] for _, values in rows for s in series), default=0) or 1
    body = _legend(series, 4, 8)
    for i, (label, values) in enumerate(rows):
        y = top + row_h * i
        body.append(_row_label(label, compact, above=y + 13, right=label_w - 10,
                               middle=y + len(series) * (bar_h + gap) / 2 + 4))
        for j, s in enumerate(series):
            value = values[s.key]
            bar_y = y + label_h + j * (bar_h + gap)
            length = max(plot_w * value / peak, 2 if value else 0)
            body.append(f'<rect x="{label_w + 4}" y="{bar_y}" width="{length:.1f}" '
                        f'height="{bar_h}" rx="2" fill="{s.colour}"><title>{escape(label)}: '
                        f'{value} {escape(s.label.lower())}</title></rect>'
                        f'<text x="{label_w + 8 + length:.1f}" y="{bar_y + bar_h - 1}" '
                        f'font-size="12" fill="{MUTED}">{value}</text>')
    return _svg(chart_id, width, height, title, desc, body,
                "chart-pairs chart-compact" if compact else "chart-pairs chart-wide")
