"""The report as a PDF (A4), laid out with ReportLab's Platypus.

ReportLab is pure Python on PyPI (BSD licence, maintained by ReportLab Inc. since 2000) and needs
no network or system library. Platypus flows text, tables and images across pages, repeats table
headings after a page break and lets every page carry the handling marking and a page number,
which is what an AAR/IP needs. Text is set in DejaVu Sans, embedded from matplotlib's own font
folder, so that every character of a scenario (—, ≥, ², non-Latin names) prints.

Every text passes through ``_text`` (XML-escaped) before ReportLab's paragraph markup parser sees
it, so scenario text can never inject markup.
"""
from __future__ import annotations

import io
from datetime import datetime, timezone
from pathlib import Path
from xml.sax.saxutils import escape

import matplotlib
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate, Flowable, Frame, Image, KeepTogether, ListFlowable, ListItem, NextPageTemplate, PageBreak,
    PageTemplate, Paragraph as RLParagraph, Spacer, Table as RLTable, TableStyle,
)

from .model import Block, Bullets, Cover, FigureRef, KeyValues, Paragraph, Report, Section, Table

_FONT, _FONT_BOLD, _FONT_ITALIC = "DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique"
_HEAD = colors.HexColor("#1f3a5f")
_BAND = colors.HexColor("#7a1f1f")
_RULE = colors.HexColor("#c9cfd6")
_RATING_COLOURS = {"P": "#d7ecd9", "S": "#fff2c6", "M": "#fbd9b5", "U": "#f4c2c2"}
_MARGIN = 18 * mm


def _register_fonts() -> None:
    if _FONT in pdfmetrics.getRegisteredFontNames():
        return
    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    for name in (_FONT, _FONT_BOLD, _FONT_ITALIC):
        pdfmetrics.registerFont(TTFont(name, str(folder / f"{name}.ttf")))
    pdfmetrics.registerFontFamily(_FONT, normal=_FONT, bold=_FONT_BOLD, italic=_FONT_ITALIC, boldItalic=_FONT_BOLD)


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=_FONT, fontSize=9.5, leading=13, spaceAfter=5)
    return {
        "body": base,
        "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=10, spaceAfter=0),
        "head": ParagraphStyle("headcell", parent=base, fontName=_FONT_BOLD, fontSize=8, leading=10, spaceAfter=0),
        "h1": ParagraphStyle("h1", parent=base, fontName=_FONT_BOLD, fontSize=16, leading=20, textColor=_HEAD,
                             spaceBefore=4, spaceAfter=8),
        "h2": ParagraphStyle("h2", parent=base, fontName=_FONT_BOLD, fontSize=12, leading=15, textColor=_HEAD,
                             spaceBefore=10, spaceAfter=5),
        "caption": ParagraphStyle("caption", parent=base, fontSize=8, leading=10, textColor=colors.HexColor("#5a6470")),
        "note": ParagraphStyle("note", parent=base, backColor=colors.HexColor("#f1f5fa"), borderPadding=5,
                               leftIndent=5, rightIndent=5, spaceBefore=4, spaceAfter=9),
        "warning": ParagraphStyle("warning", parent=base, backColor=colors.HexColor("#fbf0f0"), borderPadding=5,
                                  leftIndent=5, rightIndent=5, spaceBefore=4, spaceAfter=9),
        "cover_doc": ParagraphStyle("cover_doc", parent=base, fontSize=12, leading=16, textColor=colors.HexColor("#5a6470"),
                                    alignment=TA_CENTER),
        "cover_title": ParagraphStyle("cover_title", parent=base, fontName=_FONT_BOLD, fontSize=22, leading=28,
                                      textColor=_HEAD, alignment=TA_CENTER, spaceAfter=16),
    }


def _text(value: str) -> str:
    return escape(" ".join(str(value).split()))


class _Heading(RLParagraph):
    """A heading that adds itself to the PDF outline (bookmarks) when drawn."""

    def __init__(self, text: str, style: ParagraphStyle, key: str, level: int) -> None:
        super().__init__(_text(text), style)
        self._outline = (text, key, level)

    def draw(self) -> None:
        super().draw()
        title, key, level = self._outline
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(title, key, level=level, closed=level > 0)


class _ReportDoc(BaseDocTemplate):
    def __init__(self, target: io.BytesIO, report: Report) -> None:
        super().__init__(target, pagesize=A4, leftMargin=_MARGIN, rightMargin=_MARGIN, topMargin=_MARGIN + 4 * mm,
                         bottomMargin=_MARGIN + 2 * mm, title=report.cover.title,
                         subject=report.cover.document, author=report.cover.sponsor or "cbrnsim",
                         creator="cbrnsim reports")
        self._marking = report.cover.marking
        self._short_title = report.cover.title
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        wide_width, wide_height = landscape(A4)
        self.landscape_width = wide_width - self.leftMargin - self.rightMargin
        """Text width of a landscape page (pt)."""
        wide = Frame(self.leftMargin, self.bottomMargin, self.landscape_width,
                     wide_height - self.topMargin - self.bottomMargin, id="wide")
        self.addPageTemplates([PageTemplate("cover", [frame], onPage=self._decorate_cover),
                               PageTemplate("body", [frame], onPage=self._decorate),
                               PageTemplate("landscape", [wide], onPage=self._decorate, pagesize=landscape(A4))])

    def _marking_bands(self, canvas) -> None:  # noqa: ANN001 - ReportLab's canvas type is untyped
        width, height = canvas._pagesize
        canvas.setFillColor(_BAND)
        canvas.setFont(_FONT_BOLD, 8.5)
        canvas.drawCentredString(width / 2, height - 11 * mm, self._marking)
        canvas.drawCentredString(width / 2, 8 * mm, self._marking)

    def _decorate_cover(self, canvas, doc) -> None:  # noqa: ANN001
        canvas.saveState()
        self._marking_bands(canvas)
        canvas.restoreState()

    def _decorate(self, canvas, doc) -> None:  # noqa: ANN001
        canvas.saveState()
        self._marking_bands(canvas)
        width, _ = canvas._pagesize
        canvas.setFillColor(colors.HexColor("#5a6470"))
        canvas.setFont(_FONT, 7.5)
        canvas.drawString(_MARGIN, 13 * mm, self._short_title[:110])
        canvas.drawRightString(width - _MARGIN, 13 * mm, f"Page {doc.page}")
        canvas.setStrokeColor(_RULE)
        canvas.line(_MARGIN, 16 * mm, width - _MARGIN, 16 * mm)
        canvas.restoreState()


def render_pdf(report: Report) -> bytes:
    """The whole report as PDF bytes."""
    _register_fonts()
    styles = _styles()
    buffer = io.BytesIO()
    doc = _ReportDoc(buffer, report)
    story: list[Flowable] = [*_cover(report.cover, styles, doc.width), NextPageTemplate("body"), PageBreak()]
    story += _contents(report, styles)
    previous_wide = False
    for section in report.sections:
        if section.landscape != previous_wide or section.page_break_before:
            story += [NextPageTemplate("landscape" if section.landscape else "body"), PageBreak()]
        width = doc.landscape_width if section.landscape else doc.width
        story += _section(report, section, styles, width, level=0)
        previous_wide = section.landscape
    doc.build(story)
    return buffer.getvalue()


def _cover(cover: Cover, styles: dict[str, ParagraphStyle], width: float) -> list[Flowable]:
    rows = [("Exercise dates", cover.dates), ("Sponsor", cover.sponsor), *cover.lines]
    flow: list[Flowable] = [Spacer(1, 45 * mm), RLParagraph(_text(cover.document), styles["cover_doc"]),
                            Spacer(1, 6 * mm), RLParagraph(_text(cover.title), styles["cover_title"]),
                            Spacer(1, 10 * mm), _key_value_table(tuple(rows), styles, width)]
    if cover.notice:
        flow += [Spacer(1, 10 * mm), RLParagraph(_text(cover.notice), styles["warning"])]
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    flow += [Spacer(1, 6 * mm), RLParagraph(_text(f"PDF produced {stamp} by cbrnsim."), styles["caption"])]
    return flow


def _contents(report: Report, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    items = [ListItem(RLParagraph(_text(section.title), styles["body"])) for section in report.sections]
    return [RLParagraph("Contents", styles["h1"]), ListFlowable(items, bulletType="1", bulletFontName=_FONT)]


def _section(report: Report, section: Section, styles: dict[str, ParagraphStyle], width: float,
             level: int) -> list[Flowable]:
    heading = _Heading(section.title, styles["h1" if level == 0 else "h2"], section.id, level)
    blocks = [flow for block in section.blocks for flow in _block(report, block, styles, width)]
    # Keep a heading with its first block so that no heading ends a page alone.
    flow: list[Flowable] = [KeepTogether([heading, *blocks[:1]]), *blocks[1:]]
    for sub in section.subsections:
        flow += _section(report, sub, styles, width, level + 1)
    return flow


def _block(report: Report, block: Block, styles: dict[str, ParagraphStyle], width: float) -> list[Flowable]:
    if isinstance(block, Paragraph):
        return [RLParagraph(_text(block.text), styles["body" if block.tone == "plain" else block.tone])]
    if isinstance(block, Bullets):
        items = [ListItem(RLParagraph(_text(item), styles["body"]), leftIndent=12) for item in block.items]
        return [ListFlowable(items, bulletType="bullet", start="•", leftIndent=12, bulletFontName=_FONT)]
    if isinstance(block, KeyValues):
        return [_key_value_table(block.pairs, styles, width), Spacer(1, 4)]
    if isinstance(block, Table):
        return _table(block, styles, width)
    if isinstance(block, FigureRef):
        return [_figure(report, block.key, styles, width)]
    raise TypeError(f"unknown block {type(block).__name__}")


def _key_value_table(pairs: tuple[tuple[str, str], ...], styles: dict[str, ParagraphStyle], width: float) -> RLTable:
    data = [[RLParagraph(_text(label), styles["head"]), RLParagraph(_text(value), styles["cell"])]
            for label, value in pairs]
    table = RLTable(data, colWidths=[0.3 * width, 0.7 * width])
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, _RULE), ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f3f5f8")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return table


def _table(block: Table, styles: dict[str, ParagraphStyle], width: float) -> list[Flowable]:
    weights = block.widths or (1.0,) * len(block.headers)
    col_widths = [width * w / sum(weights) for w in weights]
    data = [[RLParagraph(_text(h), styles["head"]) for h in block.headers]]
    data += [[RLParagraph(_text(cell), styles["cell"]) for cell in row] for row in block.rows]
    commands = [("GRID", (0, 0), (-1, -1), 0.4, _RULE), ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8edf3")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]
    for column in block.rating_columns:
        for row_index, row in enumerate(block.rows, start=1):
            colour = _RATING_COLOURS.get(row[column][:1])
            if colour:
                commands.append(("BACKGROUND", (column, row_index), (column, row_index), colors.HexColor(colour)))
    table = RLTable(data, colWidths=col_widths, repeatRows=1)
    table.setStyle(TableStyle(commands))
    flow: list[Flowable] = []
    if block.caption:
        flow.append(RLParagraph(_text(block.caption), styles["caption"]))
    return [*flow, table, Spacer(1, 8)]


def _figure(report: Report, key: str, styles: dict[str, ParagraphStyle], width: float) -> Flowable:
    figure = report.figure(key)
    scale = min(width / figure.width_px, (A4[1] * 0.55) / figure.height_px)
    image = Image(io.BytesIO(figure.png), width=figure.width_px * scale, height=figure.height_px * scale)
    caption = RLParagraph(f"<b>{_text(figure.title)}.</b> {_text(figure.caption)}", styles["caption"])
    return KeepTogether([image, Spacer(1, 2), caption, Spacer(1, 10)])
