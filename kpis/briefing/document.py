"""The briefing as one HTML document for A4 print: cover, status summary, a section per task, sources, method.

Charts are the plotly figures of kpis/charts drawn by plotly.js (kpis.briefing.images) as SVG and set inline in
the page: the PDF keeps them as vectors (target lines and bands included)."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

import plotly.io as pio

from kpis.briefing.content import STATUS_MARK, Briefing, Line
from kpis.charts import source_domains
from kpis.i18n import status_label, t
from kpis.theme import STATUS_STYLE

PRINT_FONT = "'DejaVu Sans', 'Noto Sans', sans-serif"
CHART_SIZE = (680, 380)

CSS = """
@page { size: A4; margin: 16mm 14mm 18mm 14mm; }
body { font-family: %(font)s; font-size: 10pt; color: #222; margin: 0; }
h1 { font-size: 22pt; margin: 0 0 6mm 0; }
h2 { font-size: 14pt; border-bottom: 1px solid #999; padding-bottom: 1mm; margin-top: 6mm; }
h3 { font-size: 11pt; margin: 4mm 0 1mm 0; }
.cover { page-break-after: always; padding-top: 40mm; }
.cover .scope { font-size: 16pt; margin-bottom: 4mm; }
.flag { background: #f3e8ff; border-left: 4px solid #7c3aed; padding: 2mm 3mm; margin: 2mm 0; }
table { border-collapse: collapse; width: 100%%; margin: 2mm 0; }
th, td { border: 1px solid #ccc; padding: 1mm 2mm; text-align: left; vertical-align: top; font-size: 9pt; }
th { background: #f0f0f0; }
.indicator { page-break-inside: avoid; margin-bottom: 4mm; }
.status { font-weight: bold; }
.chart { width: %(w)dpx; height: %(h)dpx; }
.small { font-size: 8pt; color: #555; }
section.tail { page-break-before: always; }
section.task h2 { page-break-after: avoid; }
""" % {"font": PRINT_FONT, "w": CHART_SIZE[0], "h": CHART_SIZE[1]}  # noqa: UP031 (CSS braces)


def esc(text: object) -> str:
    return html.escape(str(text))


def _status(line: Line, lang: str) -> str:
    return (
        f'<span class="status"><span style="color:{line.status_colour}">{esc(line.status_mark)}</span> '
        f"{esc(line.status_text)}</span>"
    )


def print_spec(fig) -> dict:
    """The figure's JSON sized and lettered for print (the page's fonts are not on a server)."""
    spec = json.loads(pio.to_json(fig, validate=False))
    layout = spec.setdefault("layout", {})
    layout.update(width=CHART_SIZE[0], height=CHART_SIZE[1])
    layout["font"] = {**layout.get("font", {}), "family": PRINT_FONT}
    return spec


def _svg_inline(svg: str) -> str:
    """An exported SVG as an element of the HTML page (the XML prolog left out)."""
    return re.sub(r"^\s*<\?xml[^>]*>\s*", "", svg)


def _indicator(line: Line, lang: str, chart: str) -> str:
    rows = [
        (t("actual", lang), f"{line.value}" + (f" ({line.year})" if line.year else "")),
        (t("target", lang), line.target),
        (t("attainment", lang), line.attainment),
        (t("status", lang), None),
        (t("brief_change", lang), line.delta),
        (t("brief_unit", lang), line.unit),
    ]
    cells = "".join(
        f"<tr><th>{esc(k)}</th><td>{_status(line, lang) if v is None else esc(v)}</td></tr>" for k, v in rows
    )
    flags = "".join(f'<div class="flag">⚠ {esc(f)}</div>' for f in line.flags)
    if line.illustrative and not any("illustr" in f.lower() or "minh họa" in f.lower() for f in line.flags):
        flags += f'<div class="flag">⚠ {esc(t("illustrative_badge", lang))}</div>'
    source = f'<div class="small">{esc(t("source_note", lang, sources=source_domains([line.source])))}</div>'
    return f'<div class="indicator"><h3>{esc(line.name)}</h3><table>{cells}</table>{flags}{source}<div class="chart">{_svg_inline(chart)}</div></div>'


def _markdown(text: str) -> str:
    """The catalogue's method text (bold and paragraphs only) as HTML."""
    out = []
    for para in text.split("\n\n"):
        para = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", esc(para))
        out.append(f"<p>{para}</p>")
    return "".join(out)


def html_document(b: Briefing, charts: Sequence[str] | None = None) -> Html:
    """The whole briefing as one self-contained HTML page; `charts`: each line's chart as SVG markup, in order
    (kpis.briefing.images of `print_spec`; None: empty frames)."""
    charts = list(charts) if charts is not None else [""] * len(b.lines)
    if len(charts) != len(b.lines):
        raise ValueError(f"{len(b.lines)} charts expected, not {len(charts)}")
    lang = b.lang
    versions = "".join(
        f"<tr><td>{esc(v.dataset)}</td><td>{v.number}</td><td>{v.version_id}</td><td>{esc(v.published_at)}</td></tr>"
        for v in b.versions
    )
    counts = "".join(
        f'<tr><td><span style="color:{STATUS_STYLE[s][2]}">{STATUS_MARK[s]}</span> {esc(status_label(s, lang))}</td>'
        f"<td>{n}</td></tr>"
        for s, n in b.counts.items()
    )
    flag = f'<div class="flag">⚠ {esc(t("illustrative_note", lang))}</div>' if b.illustrative else ""
    cover = (
        f'<div class="cover"><h1>{esc(b.title)}</h1><div class="scope">{esc(b.scope)} · {b.year}</div>'
        f"<p>{esc(t('brief_generated', lang, at=b.generated_at))}</p>{flag}"
        f"<h2>{esc(t('brief_versions', lang))}</h2><table><tr><th>{esc(t('brief_dataset', lang))}</th>"
        f"<th>{esc(t('version', lang))}</th><th>ID</th><th>{esc(t('col_published', lang))}</th></tr>{versions}"
        f"</table></div>"
    )
    summary = (
        f"<h2>{esc(t('brief_summary', lang, year=b.year))}</h2>"
        f"<table><tr><th>{esc(t('status', lang))}</th><th>{esc(t('brief_count', lang))}</th></tr>{counts}</table>"
    )
    n = 0
    sections = []
    for s in b.sections:
        parts = []
        for line in s.lines:
            parts.append(_indicator(line, lang, charts[n]))
            n += 1
        if not parts:
            parts.append(f'<p class="small">{esc(t("no_indicator_yet", lang))}</p>')
        sections.append(
            f'<section class="task"><h2>{esc(t("task", lang, n=s.number))}. {esc(s.name)}</h2>{"".join(parts)}</section>'
        )
    sources = sorted({src for line in b.lines for src in line.source.split(" | ") if src.strip()})
    tail = (
        f'<section class="tail"><h2>{esc(t("brief_sources", lang))}</h2><ul>'
        + "".join(f"<li class='small'>{esc(s)}</li>" for s in sources)
        + f"</ul><h2>{esc(t('method_title', lang))}</h2>{_markdown(t('method_text', lang))}</section>"
    )
    body = f"{cover}{summary}{''.join(sections)}{tail}"
    title = f"{b.title} · {b.scope} {b.year}"
    return Html(lang=lang, title=title, body=body)


@dataclass(frozen=True)
class Html:
    """The briefing's body; `page` is the whole self-contained document (charts inline as SVG, no script)."""

    lang: str
    title: str
    body: str

    @property
    def page(self) -> str:
        return (
            f'<!DOCTYPE html><html lang="{self.lang}"><head><meta charset="utf-8"><title>{esc(self.title)}</title>'
            f"<style>{CSS}</style></head><body>{self.body}</body></html>"
        )
