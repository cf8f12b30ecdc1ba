"""Inputs for a list of ``FieldSpec`` (see ``tui.forms``): label, input, help and error per field."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Collapsible, Input, Label, Select, SelectionList, Static, Switch

from ..forms import FieldSpec, Path


def _input_for(spec: FieldSpec, now_label: str) -> Widget:
    if spec.kind == "choice":
        options = [(choice, choice) for choice in spec.choices]
        value: Any = spec.default if spec.default in spec.choices else Select.NULL
        return Select(options, value=value, allow_blank=not spec.required or value is Select.NULL,
                      prompt="(choose)" if spec.required else "(keep / none)", id=spec.key, compact=True)
    if spec.kind == "multi":
        return SelectionList[str](*[(choice, choice) for choice in spec.choices], id=spec.key, compact=True)
    if spec.kind == "bool":
        return Switch(value=spec.default == "True", id=spec.key)
    placeholder = {"time": f"now ({now_label}) — or T+hh:mm for later",
                   "yaml": "e.g. [{x_m: 0, y_m: 0}, {x_m: 500, y_m: 200}]  or  atropine_1mg: 200"}.get(spec.kind, "")
    if spec.default and not placeholder:
        placeholder = f"{spec.default} (default)"
    return Input(placeholder=placeholder, id=spec.key, compact=True)


def _field(spec: FieldSpec, now_label: str) -> Vertical:
    star = " *" if spec.required else ""
    return Vertical(
        Label(f"{spec.label}{star}", classes="field-label"),
        _input_for(spec, now_label),
        Static(spec.help, classes="field-help"),
        Static("", id=f"{spec.key}-error", classes="field-error"),
        classes="field",
    )


class FormFields(Vertical):
    """The inputs of a form; HSEEP detail fields folded away."""

    def __init__(self, specs: Sequence[FieldSpec], now_label: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.specs = list(specs)
        """The fields shown, in order."""
        self._now_label = now_label

    def compose(self) -> ComposeResult:
        for spec in self.specs:
            if not spec.detail:
                yield _field(spec, self._now_label)
        details = [spec for spec in self.specs if spec.detail]
        if details:
            yield Collapsible(*[_field(spec, self._now_label) for spec in details],
                              title="More HSEEP fields (capabilities, controller, evaluator notes)", collapsed=True)
        yield Static("", id="form-error", classes="field-error")

    def focus_first(self) -> None:
        """Put the cursor in the first input (so the form works from the keyboard at once)."""
        if self.specs:
            self.query_one(f"#{self.specs[0].key}").focus()

    def values(self) -> dict[Path, Any]:
        """What has been entered, by field path (blank inputs as '' or None)."""
        out: dict[Path, Any] = {}
        for spec in self.specs:
            widget = self.query_one(f"#{spec.key}")
            if isinstance(widget, Input):
                out[spec.path] = widget.value
            elif isinstance(widget, Select):
                out[spec.path] = None if widget.value is Select.NULL else widget.value
            elif isinstance(widget, SelectionList):
                out[spec.path] = list(widget.selected)
            elif isinstance(widget, Switch):
                out[spec.path] = widget.value
        return out

    def set_value(self, path: Path, value: Any) -> None:
        """Fill one input (used by tests and to prefill)."""
        spec = next(s for s in self.specs if s.path == path)
        widget = self.query_one(f"#{spec.key}")
        if isinstance(widget, Input):
            widget.value = str(value)
        elif isinstance(widget, Select):
            widget.value = value
        elif isinstance(widget, SelectionList):
            widget.deselect_all()
            for item in value:
                widget.select(item)
        elif isinstance(widget, Switch):
            widget.value = bool(value)

    def show_errors(self, errors: Mapping[str, str]) -> None:
        """Put each message beside its field ('' -> under the form); clear the others."""
        for spec in self.specs:
            self.query_one(f"#{spec.key}-error", Static).update(errors.get(spec.dotted, ""))
        self.query_one("#form-error", Static).update(errors.get("", ""))
        first = next((s for s in self.specs if s.dotted in errors), None)
        if first is not None:
            self.query_one(f"#{first.key}").focus()
