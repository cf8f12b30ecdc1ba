"""The map drawn as terminal cells: a half-block raster with glyphs on top.

Each terminal cell holds two square-ish pixels (``▀`` with a foreground and a background
colour), so a 100 × 30 cell map is a 100 × 60 pixel raster. The raster carries the areas —
population zones tinted by land use, then the plume tiers (AEGL-1 yellow, AEGL-2 orange,
AEGL-3 red), then road closures — and single-cell glyphs mark the points: releases ``✱``,
hospitals ``H``, stations ``▲``, units on the move by kind letter. A wind arrow sits in the top
right corner and a scale bar in the bottom left.

Pure numpy and rich: no Textual here, so the drawing is tested without an app.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray
from rich.color import Color
from rich.segment import Segment
from rich.style import Style

RGB = tuple[int, int, int]

BACKGROUND: RGB = (24, 28, 34)
"""Map background (no zone)."""

ZONE_COLOURS: dict[str, RGB] = {
    "transit": (70, 52, 96), "commercial": (38, 58, 92), "residential": (36, 72, 52),
    "industrial": (80, 66, 40), "institutional": (48, 78, 86), "event": (88, 48, 72),
    "mixed": (56, 60, 70), "rural": (44, 66, 38),
}
"""Dim tints per population-zone kind, so plume colours stay readable on top."""

TIER_COLOURS: dict[int, RGB] = {1: (215, 200, 40), 2: (240, 135, 20), 3: (215, 30, 30)}
"""AEGL-1 yellow, AEGL-2 orange, AEGL-3 red (the usual threat-zone colours, as in ALOHA)."""

CLOSURE_COLOUR: RGB = (190, 60, 200)
"""Outline of a road closure."""

HOSPITAL_STATUS_BG: dict[str, str] = {"open": "#1f5fbf", "diverting": "#b8860b", "closed": "#8b1a1a",
                                      "contaminated": "#8b008b"}
"""Background of a hospital glyph by status."""

UNIT_LETTERS: dict[str, str] = {"ambulance": "a", "hazmat": "z", "decon": "d", "fire_rescue": "f",
                                "medical_team": "m"}
"""Glyph of a unit on the move, by kind."""

_ARROWS = "↑↗→↘↓↙←↖"


@dataclass(frozen=True, slots=True)
class Marker:
    """A point drawn as one glyph (plus an optional label to its right)."""

    x_m: float
    """Easting (m)."""
    y_m: float
    """Northing (m)."""
    glyph: str
    """One character."""
    style: str
    """rich style of the glyph."""
    label: str = ""
    """Short text written after the glyph when there is room."""


@dataclass(frozen=True, slots=True)
class ZoneShape:
    """A population zone: polygon corners, or a circle."""

    kind: str
    """Land use (ZONE_COLOURS key)."""
    polygon: tuple[tuple[float, float], ...] = ()
    """Corners (m), or empty for a circle."""
    centre: tuple[float, float] | None = None
    """Circle centre (m)."""
    radius_m: float = 0.0
    """Circle radius (m)."""


@dataclass(frozen=True, slots=True)
class TierGrid:
    """Hazard tiers (0 none, 1–3 AEGL-1/2/3) on a regular grid: ``tiers[iy, ix]`` at (x_m[ix], y_m[iy])."""

    x_m: NDArray[np.float64]
    """Cell-centre eastings, ascending (m)."""
    y_m: NDArray[np.float64]
    """Cell-centre northings, ascending (m)."""
    tiers: NDArray[np.int_]
    """Tier per cell, 0–3."""


@dataclass(frozen=True, slots=True)
class MapScene:
    """Everything the map shows at one moment."""

    x_min_m: float
    """West edge of the map (m)."""
    x_max_m: float
    """East edge (m)."""
    y_min_m: float
    """South edge (m)."""
    y_max_m: float
    """North edge (m)."""
    zones: tuple[ZoneShape, ...] = ()
    """Population zones, drawn first."""
    hazard: TierGrid | None = None
    """Plume tiers, drawn over the zones."""
    closures: tuple[tuple[float, float, float], ...] = ()
    """Road closures as (x_m, y_m, radius_m) circles."""
    markers: tuple[Marker, ...] = ()
    """Points, drawn in order (later ones win a shared cell)."""
    wind_from_deg: float | None = None
    """Direction the wind blows from (° clockwise from north), or None."""
    wind_speed_m_s: float | None = None
    """Wind speed (m/s)."""
    lines: tuple[tuple[tuple[float, float], ...], ...] = field(default=())
    """Polylines (release paths), drawn as dim dots under the markers."""


@dataclass(frozen=True, slots=True)
class Frame:
    """How metres map to pixels for a given size: square pixels, map centred."""

    x0_m: float
    """Easting of the left edge of pixel column 0 (m)."""
    y_top_m: float
    """Northing of the top edge of pixel row 0 (m)."""
    m_per_px: float
    """Metres per pixel, both directions."""
    width_px: int
    """Raster width (pixels = cells)."""
    height_px: int
    """Raster height (pixels = 2 × cells)."""

    def pixel(self, x_m: float, y_m: float) -> tuple[int, int]:
        """(column, row) of the pixel containing a point (may lie outside the raster)."""
        return int(math.floor((x_m - self.x0_m) / self.m_per_px)), int(math.floor((self.y_top_m - y_m) / self.m_per_px))

    def cell(self, x_m: float, y_m: float) -> tuple[int, int]:
        """(column, row) of the terminal cell containing a point."""
        col, row = self.pixel(x_m, y_m)
        return col, row // 2


def fit_frame(scene: MapScene, width: int, height: int) -> Frame:
    """The frame showing the whole map in ``width`` × ``height`` cells."""
    width_px, height_px = max(width, 1), max(2 * height, 2)
    span_x, span_y = scene.x_max_m - scene.x_min_m, scene.y_max_m - scene.y_min_m
    m_per_px = max(span_x / width_px, span_y / height_px)
    centre_x, centre_y = (scene.x_min_m + scene.x_max_m) / 2, (scene.y_min_m + scene.y_max_m) / 2
    return Frame(centre_x - m_per_px * width_px / 2, centre_y + m_per_px * height_px / 2, m_per_px,
                 width_px, height_px)


def _pixel_centres(frame: Frame) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    xs = frame.x0_m + (np.arange(frame.width_px) + 0.5) * frame.m_per_px
    ys = frame.y_top_m - (np.arange(frame.height_px) + 0.5) * frame.m_per_px
    return np.meshgrid(xs, ys)


def polygon_mask(px: NDArray[np.float64], py: NDArray[np.float64],
                 corners: Sequence[tuple[float, float]]) -> NDArray[np.bool_]:
    """Which points lie inside a polygon (even-odd ray casting, vectorised over the points)."""
    inside = np.zeros(px.shape, dtype=bool)
    n = len(corners)
    for i in range(n):
        (xi, yi), (xj, yj) = corners[i], corners[i - 1]
        if yi == yj:
            continue
        straddles = (yi > py) != (yj > py)
        x_cross = (xj - xi) * (py - yi) / (yj - yi) + xi
        inside ^= straddles & (px < x_cross)
    return inside


def _tier_raster(grid: TierGrid, px: NDArray[np.float64], py: NDArray[np.float64]) -> NDArray[np.int_]:
    """Nearest grid cell's tier at each pixel; 0 outside the grid."""
    def index(axis: NDArray[np.float64], values: NDArray[np.float64]) -> tuple[NDArray[np.int_], NDArray[np.bool_]]:
        step = (axis[-1] - axis[0]) / max(len(axis) - 1, 1)
        i = np.rint((values - axis[0]) / step).astype(int) if step > 0 else np.zeros(values.shape, dtype=int)
        ok = (i >= 0) & (i < len(axis))
        return np.clip(i, 0, len(axis) - 1), ok
    ix, ok_x = index(grid.x_m, px)
    iy, ok_y = index(grid.y_m, py)
    return np.where(ok_x & ok_y, grid.tiers[iy, ix], 0)


def raster(scene: MapScene, frame: Frame) -> NDArray[np.uint8]:
    """The area layers as an RGB image, shape (height_px, width_px, 3)."""
    px, py = _pixel_centres(frame)
    image = np.empty((frame.height_px, frame.width_px, 3), dtype=np.uint8)
    image[:] = BACKGROUND
    outside = (px < scene.x_min_m) | (px > scene.x_max_m) | (py < scene.y_min_m) | (py > scene.y_max_m)
    image[outside] = (12, 14, 18)
    for zone in scene.zones:
        if zone.polygon:
            mask = polygon_mask(px, py, zone.polygon)
        elif zone.centre is not None:
            mask = np.hypot(px - zone.centre[0], py - zone.centre[1]) <= max(zone.radius_m, frame.m_per_px / 2)
        else:
            continue
        image[mask] = ZONE_COLOURS.get(zone.kind, ZONE_COLOURS["mixed"])
    if scene.hazard is not None:
        tiers = _tier_raster(scene.hazard, px, py)
        for tier, colour in TIER_COLOURS.items():
            image[tiers == tier] = colour
    for x_m, y_m, radius_m in scene.closures:
        distance = np.hypot(px - x_m, py - y_m)
        image[np.abs(distance - radius_m) <= frame.m_per_px * 0.75] = CLOSURE_COLOUR
    return image


@dataclass(slots=True)
class CellGrid:
    """Terminal cells: a character and a rich style each."""

    chars: list[list[str]]
    """Rows of characters."""
    styles: list[list[Style]]
    """Rows of styles."""

    @property
    def width(self) -> int:
        """Cells per row."""
        return len(self.chars[0]) if self.chars else 0

    def put(self, col: int, row: int, text: str, style: Style) -> None:
        """Write text from a cell rightwards, clipped at the edges."""
        if not 0 <= row < len(self.chars):
            return
        for offset, char in enumerate(text):
            c = col + offset
            if 0 <= c < self.width:
                self.chars[row][c] = char
                self.styles[row][c] = style

    def lines(self) -> list[list[Segment]]:
        """Rows as rich segments (runs of equal style merged)."""
        out: list[list[Segment]] = []
        for chars, styles in zip(self.chars, self.styles):
            row: list[Segment] = []
            start = 0
            for i in range(1, len(chars) + 1):
                if i == len(chars) or styles[i] != styles[start]:
                    row.append(Segment("".join(chars[start:i]), styles[start]))
                    start = i
            out.append(row)
        return out

    def text(self) -> str:
        """The characters alone, one line per row (for tests)."""
        return "\n".join("".join(row) for row in self.chars)


def _cells_from_raster(image: NDArray[np.uint8]) -> CellGrid:
    cache: dict[tuple[RGB, RGB], Style] = {}
    chars: list[list[str]] = []
    styles: list[list[Style]] = []
    for row in range(image.shape[0] // 2):
        top, bottom = image[2 * row], image[2 * row + 1]
        row_chars, row_styles = [], []
        for col in range(image.shape[1]):
            t, b = tuple(int(v) for v in top[col]), tuple(int(v) for v in bottom[col])
            key = (t, b)
            style = cache.get(key)
            if style is None:
                style = Style(color=Color.from_rgb(*t), bgcolor=Color.from_rgb(*b))
                cache[key] = style
            row_chars.append("▀" if t != b else " ")
            row_styles.append(style)
        chars.append(row_chars)
        styles.append(row_styles)
    return CellGrid(chars, styles)


def _background_at(grid: CellGrid, col: int, row: int) -> Color | None:
    if 0 <= row < len(grid.styles) and 0 <= col < grid.width:
        return grid.styles[row][col].bgcolor
    return None


def _draw_lines(grid: CellGrid, frame: Frame, lines: Sequence[Sequence[tuple[float, float]]]) -> None:
    for line in lines:
        for (x0, y0), (x1, y1) in zip(line, line[1:]):
            steps = max(int(math.hypot(x1 - x0, y1 - y0) / (frame.m_per_px * 0.5)), 1)
            for k in range(steps + 1):
                col, row = frame.cell(x0 + (x1 - x0) * k / steps, y0 + (y1 - y0) * k / steps)
                bg = _background_at(grid, col, row)
                grid.put(col, row, "·", Style(color="#c8c8c8", bgcolor=bg))


def _draw_markers(grid: CellGrid, frame: Frame, markers: Sequence[Marker]) -> None:
    labelled: list[tuple[int, int, str, Style]] = []
    for marker in markers:
        col, row = frame.cell(marker.x_m, marker.y_m)
        style = Style.parse(marker.style)
        grid.put(col, row, marker.glyph, style)
        if marker.label:
            labelled.append((col + 1, row, marker.label, Style(color="#e8e8e8", bold=False)))
    for col, row, label, style in labelled:  # labels after glyphs, and never over a glyph
        free = 0
        while free < len(label) and 0 <= col + free < grid.width and grid.chars[row][col + free] in ("▀", " ", "·"):
            free += 1
        for offset in range(free):
            bg = _background_at(grid, col + offset, row)
            grid.put(col + offset, row, label[offset], style + Style(bgcolor=bg))


def wind_arrow(wind_from_deg: float) -> str:
    """The arrow pointing where the wind blows TO (it blows from ``wind_from_deg``)."""
    to_deg = (wind_from_deg + 180.0) % 360.0
    return _ARROWS[int(((to_deg + 22.5) % 360) // 45)]


def scale_bar_m(m_per_cell: float, max_cells: int) -> tuple[float, int]:
    """A round length (1, 2 or 5 × 10^k m) that fits in ``max_cells``, and its length in cells."""
    best_m, best_cells = m_per_cell, 1
    for exponent in range(0, 7):
        for lead in (1, 2, 5):
            length_m = lead * 10.0**exponent
            cells = int(round(length_m / m_per_cell))
            if 2 <= cells <= max_cells:
                best_m, best_cells = length_m, cells
    return best_m, best_cells


def _length_text(length_m: float) -> str:
    return f"{length_m / 1000:g} km" if length_m >= 1000 else f"{length_m:g} m"


def _draw_furniture(grid: CellGrid, frame: Frame, scene: MapScene) -> None:
    box = Style(color="#f0f0f0", bgcolor="#101418", bold=True)
    if scene.wind_from_deg is not None:
        speed = f" {scene.wind_speed_m_s:.1f} m/s" if scene.wind_speed_m_s is not None else ""
        text = f" wind {wind_arrow(scene.wind_from_deg)} from {scene.wind_from_deg:03.0f}°{speed} "
        grid.put(max(grid.width - len(text), 0), 0, text, box)
    grid.put(max(grid.width - 3, 0), 1, " N ", box)
    grid.put(max(grid.width - 3, 0), 2, " ↑ ", box)
    rows = len(grid.chars)
    length_m, cells = scale_bar_m(frame.m_per_px, max(min(grid.width // 4, 30), 2))
    bar = "├" + "─" * max(cells - 2, 0) + "┤"
    grid.put(1, rows - 1, f"{bar} {_length_text(length_m)} ", box)


def draw(scene: MapScene, width: int, height: int) -> CellGrid:
    """The whole map in ``width`` × ``height`` cells."""
    frame = fit_frame(scene, width, height)
    grid = _cells_from_raster(raster(scene, frame))
    _draw_lines(grid, frame, scene.lines)
    _draw_markers(grid, frame, scene.markers)
    _draw_furniture(grid, frame, scene)
    return grid
