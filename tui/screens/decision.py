"""Record a player decision, with the model effect it has (if any): evacuate, request mutual aid…

The decision is journaled as a ``decision`` inject; when it has an effect (chosen from the model
effects of the scenario format), the engine applies that effect, now or at the time given.
"""
from __future__ import annotations

from collections.abc import Sequence

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Select, Static

from cbrnsim.exercise import InjectError
from cbrnsim.exercise.injects import check_inject
from cbrnsim.scenario import EFFECT_TYPES, DecisionInject, Scenario, format_time_min

from ..forms import (
    FieldSpec, FormInputError, effect_model, errors_by_field, form_data, inject_form, issues_by_field,
    model_field_specs, scenario_choices,
)
from ..widgets.form_fields import FormFields
from .inject_form import NewInject
from .journal_form import JournalFormScreen

NO_EFFECT = "none"


class DecisionScreen(JournalFormScreen[NewInject | None]):
    """The decision form; the effect's fields appear when an effect type is chosen."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "submit", "Journal")]
    SUBMIT_ID = "decision-submit"

    def __init__(self, scenario: Scenario, agent_ids: Sequence[str], now_min: float) -> None:
        super().__init__()
        self._scenario = scenario
        self._now_min = now_min
        self._provider = scenario_choices(scenario, agent_ids)
        self._specs = [s for s in inject_form("decision", self._provider) if s.path[0] not in ("to", "method")]
        self._effect_specs: list[FieldSpec] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(f"Player decision at {format_time_min(self._now_min)}", classes="dialog-title")
            yield Static("What did the players decide? Choose a model effect if the decision changes the "
                         "simulation (e.g. protective_action to evacuate, units_arrive for mutual aid). "
                         "Ctrl+S journals it · Escape cancels", classes="dialog-help")
            with VerticalScroll(classes="form-scroll"):
                yield FormFields(self._specs, format_time_min(self._now_min), id="decision-form")
                yield Static("Model effect", classes="field-label")
                yield Select([(NO_EFFECT + " (recorded only)", NO_EFFECT)] + [(t, t) for t in EFFECT_TYPES],
                             value=NO_EFFECT, allow_blank=False, id="effect-type", compact=True)
                yield Vertical(id="effect-fields")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Journal decision (Ctrl+S)", variant="success", id="decision-submit")
                yield Button("Cancel (Esc)", id="decision-cancel")

    @on(Select.Changed, "#effect-type")
    async def _effect_chosen(self, event: Select.Changed) -> None:
        holder = self.query_one("#effect-fields", Vertical)
        await holder.remove_children()
        effect_type = str(event.value)
        self._effect_specs = [] if effect_type == NO_EFFECT else model_field_specs(
            effect_model(effect_type), self._provider, prefix=("effect",))
        if self._effect_specs:
            await holder.mount(FormFields(self._effect_specs, format_time_min(self._now_min), id="effect-form"))

    @property
    def effect_type(self) -> str:
        """The chosen effect type, or 'none'."""
        return str(self.query_one("#effect-type", Select).value)

    def validated(self) -> NewInject | None:
        """The decision inject, or None with the errors shown."""
        main = self.query_one("#decision-form", FormFields)
        values = main.values()
        now = not str(values.get(("time_min",), "") or "").strip()
        effect_form = self.query("#effect-form").first(FormFields) if self._effect_specs else None
        specs = self._specs + self._effect_specs
        try:
            data = form_data(self._specs, values, inject_type="decision", now_min=self._now_min)
            if effect_form is not None:
                effect = form_data(self._effect_specs, effect_form.values(), inject_type=self.effect_type,
                                   now_min=self._now_min)
                data["effect"] = {**effect.get("effect", {}), "type": self.effect_type}
            inject = DecisionInject.model_validate(data)
            check_inject(self._scenario, inject)
        except FormInputError as error:
            self._show({error.field: error.message}, main, effect_form)
            return None
        except ValidationError as error:
            self._show(errors_by_field(error, specs), main, effect_form)
            return None
        except InjectError as error:
            self._show(issues_by_field(error.issues, specs), main, effect_form)
            return None
        return NewInject(inject, now)

    def _show(self, errors: dict[str, str], main: FormFields, effect_form: FormFields | None) -> None:
        main.show_errors(errors)
        if effect_form is not None:
            effect_form.show_errors({k: v for k, v in errors.items() if k.startswith("effect")})

    def on_mount(self) -> None:
        self.query_one("#decision-form", FormFields).focus_first()


