"""The report as data: a cover, sections of typed blocks, and figures — built once, rendered three ways.

Every string in these values is plain text, exactly as it came from the scenario, a controller
or the analysis. Escaping is the renderers' job (HTML entities, Markdown backslashes, ReportLab
markup), so no text is ever trusted to be markup and nothing is escaped twice.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Union

Tone = Literal["plain", "note", "warning"]
"""How a paragraph is set off: normal text, a boxed note, or a warning."""


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of plain text."""

    text: str
    """The text (plain, unescaped)."""
    tone: Tone = "plain"
    """Normal text, a boxed note or a warning."""


@dataclass(frozen=True)
class Bullets:
    """A bulleted list."""

    items: tuple[str, ...]
    """One plain-text item per bullet."""


@dataclass(frozen=True)
class KeyValues:
    """Label–value pairs, shown as a two-column table without a header."""

    pairs: tuple[tuple[str, str], ...]
    """(label, value) pairs in order."""


@dataclass(frozen=True)
class Table:
    """A table with a header row."""

    headers: tuple[str, ...]
    """Column headings."""
    rows: tuple[tuple[str, ...], ...]
    """Cells, row by row, each as long as ``headers``."""
    caption: str = ""
    """Caption above the table."""
    widths: tuple[float, ...] = ()
    """Relative column widths for the PDF (empty: equal)."""
    rating_columns: tuple[int, ...] = ()
    """Indexes of columns holding P/S/M/U ratings, which renderers colour."""

    def __post_init__(self) -> None:
        for row in self.rows:
            if len(row) != len(self.headers):
                raise ValueError(f"table row has {len(row)} cells for {len(self.headers)} headings: {row!r}")


@dataclass(frozen=True)
class FigureRef:
    """A place where a figure of the report is shown."""

    key: str
    """The ``Figure.key`` it shows."""


Block = Union[Paragraph, Bullets, KeyValues, Table, FigureRef]
"""Anything a section can hold."""


@dataclass(frozen=True)
class Section:
    """A numbered part of the report with its blocks and sub-sections."""

    id: str
    """Stable anchor id (ASCII letters, digits and hyphens), e.g. 'executive-summary'."""
    title: str
    """Heading text."""
    blocks: tuple[Block, ...] = ()
    """Content before any sub-section."""
    subsections: tuple[Section, ...] = ()
    """Nested sections (one level is used)."""
    page_break_before: bool = True
    """Whether the PDF starts this section on a new page."""
    landscape: bool = False
    """Whether the PDF sets this section on landscape pages (wide tables)."""


@dataclass(frozen=True)
class Figure:
    """One figure: a PNG made by matplotlib, with its caption."""

    key: str
    """Short ASCII id; also the PNG's file stem in ``figures/``."""
    title: str
    """Figure title."""
    caption: str
    """What it shows and how to read it."""
    png: bytes
    """The image, PNG-encoded."""
    width_px: int
    """Pixel width."""
    height_px: int
    """Pixel height."""

    @property
    def filename(self) -> str:
        """The PNG's file name in the ``figures/`` folder of the Markdown report."""
        return f"{self.key}.png"


@dataclass(frozen=True)
class Cover:
    """What the cover page says."""

    title: str
    """Exercise name."""
    document: str
    """Document name, e.g. 'After-Action Report / Improvement Plan'."""
    marking: str
    """Handling marking, printed at the top and bottom of every page."""
    dates: str
    """Exercise date(s) in words."""
    sponsor: str
    """Sponsoring organisation."""
    lines: tuple[tuple[str, str], ...] = ()
    """Further label–value lines (organisers, run, seed, generated at)."""
    notice: str = ""
    """The exercise-grade notice printed on the cover."""


@dataclass(frozen=True)
class Report:
    """A whole after-action report."""

    cover: Cover
    """The cover page."""
    sections: tuple[Section, ...]
    """Body sections and appendices, in order."""
    figures: tuple[Figure, ...] = field(default=())
    """Every figure, referenced by ``FigureRef`` blocks."""

    def figure(self, key: str) -> Figure:
        """The figure with this key (KeyError otherwise)."""
        for figure in self.figures:
            if figure.key == key:
                return figure
        raise KeyError(f"no figure {key!r}")

    def all_sections(self) -> list[Section]:
        """Every section and sub-section, depth first."""
        found: list[Section] = []
        for section in self.sections:
            found.append(section)
            found.extend(section.subsections)
        return found
