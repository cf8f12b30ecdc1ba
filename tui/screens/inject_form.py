"""New inject: choose a type, fill in its form (generated from the scenario model), journal it.

The form is validated by the inject's own pydantic model and then against the scenario (does
that hospital exist?) before anything is journaled; each message appears beside its field. A
blank "Effective at" means now; a later time schedules it (the clock applies it at that minute).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from cbrnsim.exercise import InjectError
from cbrnsim.exercise.injects import check_inject
from cbrnsim.scenario import INJECT_TYPES, Inject, Scenario, format_time_min

from ..forms import FormInputError, errors_by_field, form_data, inject_form, inject_model, issues_by_field, \
    scenario_choices
from ..widgets.form_fields import FormFields
from .journal_form import JournalFormScreen

LIVE_INJECT_TYPES: tuple[str, ...] = tuple(t for t in INJECT_TYPES if t not in ("decision", "note"))
"""Types offered by ``i``; decisions (``p``) and notes (``o``) have their own screens."""


def type_description(inject_type: str) -> str:
    """The first line of the inject class's docstring."""
    return (inject_model(inject_type).__doc__ or inject_type).strip().splitlines()[0]


@dataclass(frozen=True, slots=True)
class NewInject:
    """What the form returns."""

    inject: Inject
    """The validated inject."""
    now: bool
    """True when it takes effect now (its time is set to the clock when it is journaled)."""


class InjectTypeScreen(ModalScreen[str | None]):
    """Pick the inject type."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("New inject: which kind? (Enter to choose, Escape to cancel)", classes="dialog-title")
            yield OptionList(*[Option(f"{t:<20} {type_description(t)}", id=t) for t in LIVE_INJECT_TYPES],
                             id="inject-types")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class InjectFormScreen(JournalFormScreen[NewInject | None]):
    """The form of one inject type."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "submit", "Journal and apply")]
    SUBMIT_ID = "form-submit"

    def __init__(self, inject_type: str, scenario: Scenario, agent_ids: Sequence[str], now_min: float) -> None:
        super().__init__()
        self.inject_type = inject_type
        """The inject type of the form."""
        self._scenario = scenario
        self._now_min = now_min
        self._specs = inject_form(inject_type, scenario_choices(scenario, agent_ids))

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(f"New inject: {self.inject_type} — {type_description(self.inject_type)}",
                         classes="dialog-title")
            yield Static("* required · Tab to move · Ctrl+S journals and applies it · Escape cancels",
                         classes="dialog-help")
            with VerticalScroll(classes="form-scroll"):
                yield FormFields(self._specs, format_time_min(self._now_min), id="form")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Journal and apply (Ctrl+S)", variant="success", id="form-submit")
                yield Button("Cancel (Esc)", id="form-cancel")

    @property
    def fields(self) -> FormFields:
        """The inputs."""
        return self.query_one("#form", FormFields)

    def on_mount(self) -> None:
        self.fields.focus_first()


    def validated(self) -> NewInject | None:
        """The inject if the form is valid; otherwise None, with the errors shown beside the fields."""
        values = self.fields.values()
        now = not str(values.get(("time_min",), "") or "").strip()
        try:
            data = form_data(self._specs, values, inject_type=self.inject_type, now_min=self._now_min)
            inject = inject_model(self.inject_type).model_validate(data)
        except FormInputError as error:
            self.fields.show_errors({error.field: error.message})
            return None
        except ValidationError as error:
            self.fields.show_errors(errors_by_field(error, self._specs))
            return None
        if not now and inject.time_min < self._now_min:
            self.fields.show_errors({"time_min": f"that time has passed (now {format_time_min(self._now_min)}); "
                                                 "leave it blank for now"})
            return None
        try:
            check_inject(self._scenario, inject)
        except InjectError as error:
            self.fields.show_errors(issues_by_field(error.issues, self._specs))
            return None
        self.fields.show_errors({})
        return NewInject(inject, now)

