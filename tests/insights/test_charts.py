"""The SVG charts: labelled, one mark per value, round axis steps, empty cells outlined, and no
inline script or style."""

from __future__ import annotations

import re

import pytest

from enablement.insights import charts


def _no_inline_code(svg: str) -> None:
    assert "<script" not in svg and " style=" not in svg and not re.search(r"\son\w+=", svg)


def test_bar_chart_is_labelled_svg_with_one_bar_segment_per_value():
    rows = [{"views": 3, "copies": 1, "downloads": 0}, {"views": 0, "copies": 0, "downloads": 0},
            {"views": 10, "copies": 0, "downloads": 2}]
    series = [charts.Series("views", "Views", "#2456a6"),
              charts.Series("copies", "Copies", "#0f7a5c"),
              charts.Series("downloads", "Downloads <&>", "#c77700")]
    svg = str(charts.stacked_bars("u", "Usage <per day>", "desc", ["Jun 1", "Jun 2", "Jun 3"],
                                  rows, series, "nothing"))
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert 'aria-labelledby="u-title u-desc"' in svg
    assert '<title id="u-title">Usage &lt;per day&gt;</title>' in svg
    assert "Downloads &lt;&amp;&gt;" in svg
    assert svg.count("<rect") == 3 + 4  # legend swatches + non-zero values
    assert "Jun 3: 10 views" in svg
    assert "nothing" not in svg
    _no_inline_code(svg)
    empty = str(charts.stacked_bars("e", "t", "d", ["a"], [dict.fromkeys(
        ("views", "copies", "downloads"), 0)], series, "No use", compact=True))
    assert "No use" in empty and "chart-compact" in empty


@pytest.mark.parametrize(("top", "step"), [(0, 1), (3, 1), (4, 1), (5, 2), (9, 5), (290, 100),
                                           (400, 100), (1001, 500)])
def test_axis_steps_are_round(top, step):
    assert charts.axis_step(top) == step
    assert charts.axis_step(top) * 4 >= top


@pytest.mark.parametrize("compact", [False, True])
def test_heat_map_outlines_empty_cells(compact):
    svg = str(charts.heat_map(
        "c", "Coverage", "desc", [("a", "Alpha & Co"), ("b", "B" * 40)],
        [("x", "Case study"), ("y", "Email template")],
        {"a": {"x": 4, "y": 0}, "b": {"x": 1, "y": 2}}, compact=compact))
    assert '<title id="c-title">Coverage</title>' in svg and 'role="img"' in svg
    assert svg.count('class="heat-cell heat-empty"') == 1
    assert svg.count('stroke-dasharray') == 1
    assert "Alpha &amp; Co, Email template: 0 published" in svg
    assert "B" * 29 + "…" in svg  # long names are cut in the chart (the table has them whole)
    _no_inline_code(svg)


@pytest.mark.parametrize("compact", [False, True])
def test_paired_bars_draw_one_bar_per_value_on_one_scale(compact):
    series = [charts.Series("shared", "Times shared", "#7fa8e8"),
              charts.Series("opened", "Opened by buyers", "#2456a6")]
    rows = [("Harbor & Pine <case study>", {"shared": 4, "opened": 8}),
            ("Q" * 40, {"shared": 2, "opened": 0})]
    svg = str(charts.paired_bars("b", "Buyers", "desc", rows, series, compact=compact))
    assert '<title id="b-title">Buyers</title>' in svg and 'role="img"' in svg
    assert "Harbor &amp; Pine &lt;case study&gt;: 8 opened by buyers" in svg
    assert "Q" * 29 + "…" in svg
    widths = [float(w) for w in re.findall(r'width="([\d.]+)" height="12" rx="2" '
                                           r'fill="#\w+"><title>', svg)]
    assert len(widths) == 4  # one bar per value (an unopened asset draws a zero-width bar)
    assert widths[1] == pytest.approx(2 * widths[0])  # 8 is twice 4
    assert widths[0] == pytest.approx(2 * widths[2]) and widths[3] == 0
    assert ("chart-compact" in svg) is compact
    _no_inline_code(svg)
