"""The report as one self-contained HTML file: inline CSS, figures as data: URIs, nothing fetched.

Every text is escaped with ``html.escape`` (quotes included) at the point it is written, so a
scenario title ``<script>alert(1)</script>`` shows as text. The page carries no script at all,
and a Content-Security-Policy meta tag forbids loading anything from outside the file.
"""
from __future__ import annotations

import base64
from html import escape

from .model import Block, Bullets, Cover, FigureRef, KeyValues, Paragraph, Report, Section, Table

_CSS = """
:root { --ink:#1b1f24; --muted:#5a6470; --rule:#c9cfd6; --band:#7a1f1f; --head:#1f3a5f; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; color: var(--ink); margin: 0;
       line-height: 1.45; font-size: 15px; background: #fff; }
.marking { background: var(--band); color: #fff; text-align: center; font-weight: bold; padding: 4px 8px;
           letter-spacing: .04em; font-size: 13px; }
main { max-width: 1040px; margin: 0 auto; padding: 0 28px 40px; }
.cover { border-bottom: 3px solid var(--head); padding: 36px 0 24px; margin-bottom: 8px; }
.cover .document { color: var(--muted); text-transform: uppercase; letter-spacing: .08em; font-size: 13px; }
.cover h1 { font-size: 30px; margin: 6px 0 12px; color: var(--head); }
h2 { color: var(--head); border-bottom: 2px solid var(--head); padding-bottom: 3px; margin-top: 40px; }
h3 { color: var(--head); margin-top: 26px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 13.5px; }
th, td { border: 1px solid var(--rule); padding: 4px 7px; vertical-align: top; text-align: left; }
th { background: #e8edf3; }
table.kv th { width: 28%; background: #f3f5f8; font-weight: 600; }
caption { caption-side: top; text-align: left; font-weight: 600; color: var(--muted); padding: 4px 0; }
td.rating { font-weight: bold; text-align: center; }
td.rating-P { background: #d7ecd9; } td.rating-S { background: #fff2c6; }
td.rating-M { background: #fbd9b5; } td.rating-U { background: #f4c2c2; }
.note { border-left: 4px solid var(--head); background: #f1f5fa; padding: 8px 12px; }
.warning { border-left: 4px solid var(--band); background: #fbf0f0; padding: 8px 12px; }
figure { margin: 16px 0 24px; } figure img { max-width: 100%; height: auto; border: 1px solid var(--rule); }
figcaption { color: var(--muted); font-size: 13px; margin-top: 4px; }
nav.toc ol { columns: 2; } nav.toc a { color: var(--head); }
@media print { .marking { position: static; } h2 { break-before: page; } figure, table { break-inside: avoid; } }
"""


def render_html(report: Report) -> str:
    """The whole report as an HTML document (text)."""
    marking = f'<div class="marking">{escape(report.cover.marking)}</div>'
    body = [marking, "<main>", _cover(report.cover), _toc(report)]
    body += [_section(report, section, level=2) for section in report.sections]
    body += ["</main>", marking]
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        # Nothing may be fetched: images only from data: URIs, no scripts, styles only inline.
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; img-src data:; '
        'style-src \'unsafe-inline\'">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(report.cover.document)} — {escape(report.cover.title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        *body,
        "</body>",
        "</html>",
        "",
    ])


def _cover(cover: Cover) -> str:
    rows = [("Exercise dates", cover.dates), ("Sponsor", cover.sponsor), *cover.lines]
    parts = ['<header class="cover">', f'<div class="document">{escape(cover.document)}</div>',
             f"<h1>{escape(cover.title)}</h1>", _key_values(tuple(rows))]
    if cover.notice:
        parts.append(f'<p class="warning">{escape(cover.notice)}</p>')
    parts.append("</header>")
    return "\n".join(parts)


def _toc(report: Report) -> str:
    items = "".join(f'<li><a href="#{escape(section.id)}">{escape(section.title)}</a></li>'
                    for section in report.sections)
    return f'<nav class="toc"><h2 id="contents">Contents</h2><ol>{items}</ol></nav>'


def _section(report: Report, section: Section, level: int) -> str:
    parts = [f'<section id="{escape(section.id)}">',
             f"<h{level}>{escape(section.title)}</h{level}>"]
    parts += [_block(report, block) for block in section.blocks]
    parts += [_section(report, sub, level + 1) for sub in section.subsections]
    parts.append("</section>")
    return "\n".join(parts)


def _block(report: Report, block: Block) -> str:
    if isinstance(block, Paragraph):
        css = "" if block.tone == "plain" else f' class="{block.tone}"'
        return f"<p{css}>{escape(block.text)}</p>"
    if isinstance(block, Bullets):
        return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in block.items) + "</ul>"
    if isinstance(block, KeyValues):
        return _key_values(block.pairs)
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, FigureRef):
        return _figure(report, block.key)
    raise TypeError(f"unknown block {type(block).__name__}")


def _key_values(pairs: tuple[tuple[str, str], ...]) -> str:
    rows = "".join(f"<tr><th scope=\"row\">{escape(label)}</th><td>{escape(value)}</td></tr>"
                   for label, value in pairs)
    return f'<table class="kv">{rows}</table>'


def _table(table: Table) -> str:
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in table.headers)
    caption = f"<caption>{escape(table.caption)}</caption>" if table.caption else ""
    rows = []
    for row in table.rows:
        cells = []
        for index, cell in enumerate(row):
            if index in table.rating_columns and cell[:1] in ("P", "S", "M", "U"):
                cells.append(f'<td class="rating rating-{cell[:1]}">{escape(cell)}</td>')
            elif index in table.rating_columns and cell:
                cells.append(f'<td class="rating">{escape(cell)}</td>')
            else:
                cells.append(f"<td>{escape(cell)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _figure(report: Report, key: str) -> str:
    figure = report.figure(key)
    data = base64.b64encode(figure.png).decode("ascii")
    return (f'<figure id="figure-{escape(figure.key)}">'
            f'<img src="data:image/png;base64,{data}" width="{figure.width_px}" height="{figure.height_px}" '
            f'alt="{escape(figure.title)}">'
            f"<figcaption><strong>{escape(figure.title)}.</strong> {escape(figure.caption)}</figcaption></figure>")
