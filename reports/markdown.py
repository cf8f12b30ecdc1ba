"""The report as Markdown (``aar.md``) with its figures as ``figures/<key>.png``, linked relatively.

Every text is escaped so that it renders as the same text in any CommonMark renderer: the
characters that start emphasis, code, links, tables or raw HTML are backslash-escaped or turned
into entities, and line breaks inside a text are folded to spaces (a scenario text can never
start a heading or end a table row).
"""
from __future__ import annotations

import re

from .model import Block, Bullets, Cover, FigureRef, KeyValues, Paragraph, Report, Section, Table

FIGURE_DIR = "figures"
"""Folder, next to aar.md, that holds the figures."""

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_LINE_START_SPECIAL = re.compile(r"^(\s*)([#>+=-])")
_ORDERED_LIST_START = re.compile(r"^(\s*\d+)([.)])")


def escape_md(text: str) -> str:
    """Plain text made safe to place anywhere in a Markdown line (also in a table cell)."""
    flat = " ".join(str(text).split())
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    flat = _INLINE_SPECIAL.sub(r"\\\1", flat)
    flat = _LINE_START_SPECIAL.sub(lambda m: m.group(1) + "\\" + m.group(2), flat)
    # A backslash escapes punctuation only, so '1.' is neutralised as '1\.', not '\1.'.
    return _ORDERED_LIST_START.sub(lambda m: m.group(1) + "\\" + m.group(2), flat)


def render_markdown(report: Report) -> str:
    """The whole report as Markdown text; figures are linked as ``figures/<key>.png``."""
    marking = f"**{escape_md(report.cover.marking)}**"
    lines = [marking, "", *_cover(report.cover), "", "## Contents", ""]
    lines += [f"{i}. [{escape_md(s.title)}](#{s.id})" for i, s in enumerate(report.sections, start=1)]
    for section in report.sections:
        lines += ["", *_section(report, section, level=2)]
    lines += ["", "---", "", marking, ""]
    return "\n".join(lines)


def _cover(cover: Cover) -> list[str]:
    lines = [f"# {escape_md(cover.title)}", "", f"*{escape_md(cover.document)}*", ""]
    lines += _key_values((("Exercise dates", cover.dates), ("Sponsor", cover.sponsor), *cover.lines))
    if cover.notice:
        lines += ["", f"> **{escape_md(cover.notice)}**"]
    return lines


def _section(report: Report, section: Section, level: int) -> list[str]:
    # An explicit anchor, because renderers differ in how they derive one from the heading.
    lines = [f'<a id="{section.id}"></a>', "", f"{'#' * level} {escape_md(section.title)}"]
    for block in section.blocks:
        lines += ["", *_block(report, block)]
    for sub in section.subsections:
        lines += ["", *_section(report, sub, level + 1)]
    return lines


def _block(report: Report, block: Block) -> list[str]:
    if isinstance(block, Paragraph):
        text = escape_md(block.text)
        if block.tone == "plain":
            return [text]
        return [f"> **{'Note' if block.tone == 'note' else 'Warning'}:** {text}"]
    if isinstance(block, Bullets):
        return [f"- {escape_md(item)}" for item in block.items]
    if isinstance(block, KeyValues):
        return _key_values(block.pairs)
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, FigureRef):
        figure = report.figure(block.key)
        return [f"![{escape_md(figure.title)}]({FIGURE_DIR}/{figure.filename})", "",
                f"*Figure: {escape_md(figure.title)}.* {escape_md(figure.caption)}"]
    raise TypeError(f"unknown block {type(block).__name__}")


def _key_values(pairs: tuple[tuple[str, str], ...]) -> list[str]:
    lines = ["| | |", "|---|---|"]
    lines += [f"| **{escape_md(label)}** | {escape_md(value) or ' '} |" for label, value in pairs]
    return lines


def _table(table: Table) -> list[str]:
    lines = [f"*{escape_md(table.caption)}*", ""] if table.caption else []
    lines.append("| " + " | ".join(escape_md(h) for h in table.headers) + " |")
    lines.append("|" + "---|" * len(table.headers))
    lines += ["| " + " | ".join(escape_md(cell) or " " for cell in row) + " |" for row in table.rows]
    return lines
