"""Inject forms read from the scenario models: every type has one, and pydantic's errors land on the field."""
from __future__ import annotations

import pytest
from pydantic import ValidationError

from cbrnsim.scenario import EFFECT_TYPES, INJECT_TYPES
from tui_support import tiny_scenario
from tui.forms import (
    FormInputError, effect_model, errors_by_field, form_data, inject_form, inject_model, issues_by_field,
    scenario_choices,
)


@pytest.fixture(scope="module")
def provider(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return scenario_choices(tiny_scenario(tmp_path_factory.mktemp("forms")), ["sarin", "chlorine"])


@pytest.mark.parametrize("inject_type", INJECT_TYPES)
def test_every_inject_type_has_a_form_with_its_own_fields_first(provider, inject_type: str) -> None:  # type: ignore[no-untyped-def]
    specs = inject_form(inject_type, provider)
    paths = [spec.path[0] for spec in specs]
    assert "type" not in paths and "number" not in paths
    assert [s.kind for s in specs].count("time") == 1
    own = set(inject_model(inject_type).model_fields) - set(inject_model("message").model_fields)
    own -= {"effect", "type"}  # a decision's effect is chosen on its own screen
    before_time = set(paths[: [s.kind for s in specs].index("time")])
    assert before_time == own


def test_kinds_and_choices_come_from_the_models_and_the_scenario(provider) -> None:  # type: ignore[no-untyped-def]
    specs = {spec.dotted: spec for spec in inject_form("hospital_status", provider)}
    assert specs["hospital"].kind == "choice" and "kuh" in specs["hospital"].choices and specs["hospital"].required
    assert specs["status"].choices == ("open", "diverting", "closed", "contaminated")
    assert specs["bed_changes.icu_beds"].kind == "int"
    zones = {s.dotted: s for s in inject_form("protective_action", provider)}["zones"]
    assert zones.kind == "multi" and "centraal" in zones.choices
    release = {s.dotted: s for s in inject_form("release", provider)}
    assert release["release.agent"].choices == ("sarin", "chlorine")
    assert release["release.path"].kind == "yaml"
    assert release["release.enclosure.volume_m3"].optional_group == ("release", "enclosure")


def test_blank_time_means_now_and_blank_fields_keep_defaults(provider) -> None:  # type: ignore[no-untyped-def]
    specs = inject_form("wind_change", provider)
    data = form_data(specs, {("wind_speed_m_s",): "4", ("wind_from_deg",): "300", ("stability",): None},
                     inject_type="wind_change", now_min=42.0)
    assert data == {"type": "wind_change", "wind_speed_m_s": "4", "wind_from_deg": "300", "time_min": 42.0}
    inject = inject_model("wind_change").model_validate(data)
    assert (inject.time_min, inject.wind_speed_m_s, inject.method) == (42.0, 4.0, "in_person")


def test_errors_are_keyed_by_the_field_they_belong_to(provider) -> None:  # type: ignore[no-untyped-def]
    specs = inject_form("wind_change", provider)
    data = form_data(specs, {("wind_speed_m_s",): "fast", ("wind_from_deg",): "400"}, inject_type="wind_change",
                     now_min=0.0)
    with pytest.raises(ValidationError) as caught:
        inject_model("wind_change").model_validate(data)
    errors = errors_by_field(caught.value, specs)
    assert "valid number" in errors["wind_speed_m_s"] and "less than 360" in errors["wind_from_deg"]


def test_a_whole_model_error_goes_to_the_form_with_its_path(provider) -> None:  # type: ignore[no-untyped-def]
    specs = inject_form("release", provider)
    data = form_data(specs, {("release", "id"): "R9", ("release", "agent"): "sarin", ("release", "quantity_kg"): "1"},
                     inject_type="release", now_min=0.0)
    with pytest.raises(ValidationError) as caught:
        inject_model("release").model_validate(data)
    errors = errors_by_field(caught.value, specs)
    assert "release: " in errors[""] and "location" in errors[""]


def test_bad_yaml_is_reported_on_its_field(provider) -> None:  # type: ignore[no-untyped-def]
    specs = inject_form("stockpile_delivery", provider)
    with pytest.raises(FormInputError) as caught:
        form_data(specs, {("items",): "atropine: [1"}, inject_type="stockpile_delivery", now_min=0.0)
    assert caught.value.field == "items"


def test_cross_reference_issues_are_keyed_by_field(provider) -> None:  # type: ignore[no-untyped-def]
    specs = inject_form("hospital_status", provider)
    out = issues_by_field(["hospital: no hospital 'nowhere'", "something else entirely"], specs)
    assert out["hospital"] == "no hospital 'nowhere'" and "something else" in out[""]


@pytest.mark.parametrize("effect_type", EFFECT_TYPES)
def test_every_effect_type_has_a_model(effect_type: str) -> None:
    assert effect_model(effect_type).model_fields["type"].default == effect_type


def test_unknown_types_say_what_is_known() -> None:
    with pytest.raises(KeyError, match="wind_change"):
        inject_model("weather")
