"""The map widget: draws a ``MapScene`` to its size, again only when the scene or the size changes."""
from __future__ import annotations

from rich.segment import Segment
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

from .map_canvas import CellGrid, MapScene, draw

LEGEND = ("[bold white on #1f5fbf]H[/] hospital (id; amber diverting, red closed, purple contaminated)  "
          "[bold on #3a3a3a]▲[/] station  [bold white on #af0000]✱[/] release  [#c8c8c8]·[/] release path  "
          "[#be3cc8]○[/] road closure  units: a ambulance z HAZMAT d decon f fire m medical "
          "([#ffd75f]en route[/] [#ff5f5f]on scene[/] [#5fd7ff]transporting[/] [#87ff87]at hospital[/])")


class MapCanvas(Widget):
    """The drawn map; fills its container."""

    DEFAULT_CSS = "MapCanvas { width: 1fr; height: 1fr; }"

    def __init__(self, scene: MapScene, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._scene = scene
        self._drawn: tuple[MapScene, Size, list[Strip]] | None = None
        self.redraws = 0
        """How many times the map was drawn (for tests: it must not redraw when nothing changed)."""

    @property
    def scene(self) -> MapScene:
        """The scene on screen."""
        return self._scene

    def show(self, scene: MapScene) -> None:
        """Show a new scene (drawn at the next refresh, only if it differs)."""
        if scene != self._scene:
            self._scene = scene
            self.refresh()

    def grid(self) -> CellGrid:
        """The map at the widget's current size (for tests and screenshots)."""
        return draw(self._scene, max(self.size.width, 1), max(self.size.height, 1))

    def _strips(self) -> list[Strip]:
        size = self.size
        if self._drawn is not None and self._drawn[0] is self._scene and self._drawn[1] == size:
            return self._drawn[2]
        grid = draw(self._scene, max(size.width, 1), max(size.height, 1))
        strips = [Strip(segments, size.width) for segments in grid.lines()]
        self._drawn = (self._scene, size, strips)
        self.redraws += 1
        return strips

    def render_line(self, y: int) -> Strip:
        strips = self._strips()
        if 0 <= y < len(strips):
            return strips[y]
        return Strip([Segment(" " * self.size.width)], self.size.width)


class MapPanel(Vertical):
    """The map with its legend lines under it."""

    def __init__(self, scene: MapScene, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._scene = scene
        self._legend_text = ""

    def compose(self) -> ComposeResult:
        yield MapCanvas(self._scene, id="map-canvas")
        yield Static("", id="plume-legend", markup=True)
        yield Static(LEGEND, id="map-legend", markup=True)

    @property
    def canvas(self) -> MapCanvas:
        """The drawn map."""
        return self.query_one(MapCanvas)

    def show(self, scene: MapScene, plume_legend: str) -> None:
        """New scene and plume legend."""
        self.canvas.show(scene)
        if plume_legend != self._legend_text:
            self._legend_text = plume_legend
            self.query_one("#plume-legend", Static).update(plume_legend)
