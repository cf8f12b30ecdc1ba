"""The scenario file format, version 1: models, loading with located errors, JSON Schema.

    from cbrnsim.scenario import load_scenario
    scenario = load_scenario("scenarios/metro-sarin.yaml")   # or raises ScenarioError
    for issue in validate_file("my.yaml"): print(issue)      # FILE:LINE:COL: field.path: message
"""
from __future__ import annotations

from .behaviour import Behaviour
from .common import Area, Point, ScenarioModel, TimeMin, format_time_min, parse_time_min
from .effects import (
    EFFECT_TYPES, AgentIdentified, Effect, HospitalStatusChange, ProtectiveAction, PublicMessage, RoadClosure,
    SecondaryRelease, StockpileDelivery, UnitOutOfService, UnitsArrive, WindChange,
)
from .geography import Bounds, Geography
from .hospitals import BED_TYPES, BedChanges, BedCounts, Hospital, HospitalStatus, SurgePlan
from .injects import (
    INJECT_TYPES, AgentIdentifiedInject, DecisionInject, HospitalStatusInject, Inject, InjectFields,
    MessageInject, NoteInject, ProtectiveActionInject, PublicMessageInject, ReleaseInject, RoadClosureInject,
    StockpileDeliveryInject, UnitOutOfServiceInject, UnitsArriveInject, WindChangeInject, model_effect,
    parse_inject,
)
from .loader import ScenarioError, check_scenario, load_scenario, load_scenario_text, validate_file
from .metadata import DEFAULT_MARKING, Contact, Metadata
from .model import SCHEMA_VERSION, Scenario
from .msel import HSEEP_COLUMNS, in_delivery_order, msel_row
from .objectives import CORE_CAPABILITIES, METRICS, CoreCapability, MetricInfo, MetricName, Objective, Rating, Thresholds
from .population import PopulationZone
from .releases import Enclosure, Release, ReleaseSpec, Spill, scheduled_release
from .responders import (
    UNIT_KINDS, AmbulancePool, DeconPool, FireRescuePool, HazmatPool, MedicalTeamPool, Responders, Station, UnitKind,
)
from .schema import scenario_json_schema, scenario_json_schema_text
from .weather import StabilityClass, WeatherObservation, weather_at

__all__ = [
    "BED_TYPES", "CORE_CAPABILITIES", "DEFAULT_MARKING", "EFFECT_TYPES", "HSEEP_COLUMNS", "INJECT_TYPES", "METRICS",
    "SCHEMA_VERSION", "UNIT_KINDS",
    "AgentIdentified", "AgentIdentifiedInject", "AmbulancePool", "Area", "BedChanges", "BedCounts", "Behaviour",
    "Bounds", "Contact", "CoreCapability", "DecisionInject", "DeconPool", "Effect", "Enclosure", "FireRescuePool",
    "Geography", "HazmatPool", "Hospital", "HospitalStatus", "HospitalStatusChange", "HospitalStatusInject",
    "Inject", "InjectFields", "MedicalTeamPool", "MessageInject", "Metadata", "MetricInfo", "MetricName",
    "NoteInject", "Objective", "Point", "PopulationZone", "ProtectiveAction", "ProtectiveActionInject",
    "PublicMessage", "PublicMessageInject", "Rating", "Release", "ReleaseInject", "ReleaseSpec", "Responders",
    "RoadClosure", "RoadClosureInject", "Scenario", "ScenarioError", "ScenarioModel", "SecondaryRelease", "Spill",
    "StabilityClass", "Station", "StockpileDelivery", "StockpileDeliveryInject", "SurgePlan", "Thresholds",
    "TimeMin", "UnitKind", "UnitOutOfService", "UnitOutOfServiceInject", "UnitsArrive", "UnitsArriveInject",
    "WeatherObservation", "WindChange", "WindChangeInject",
    "check_scenario", "format_time_min", "in_delivery_order", "load_scenario", "load_scenario_text",
    "model_effect", "msel_row", "parse_inject", "parse_time_min", "scenario_json_schema", "scenario_json_schema_text",
    "scheduled_release",
    "validate_file", "weather_at",
]
