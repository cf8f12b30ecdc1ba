"""Receiving hospitals: spaces and beds, how full they already are, surge plan, decon, stock."""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from .common import Fraction, Identifier, Point, ScenarioModel, SourceText

HospitalStatus = Literal["open", "diverting", "closed", "contaminated"]
"""'diverting' takes walk-ins but no ambulances; 'contaminated' has lost its ED until cleaned."""

BED_TYPES: tuple[str, ...] = ("ed_spaces", "ward_beds", "icu_beds", "burn_beds", "ventilators")
"""The bed (and ventilator) types every hospital counts, in order."""

Doses = Annotated[int, Field(ge=0, le=100_000_000)]
"""A stock level (doses)."""


class BedCounts(ScenarioModel):
    """A count per bed type (spaces, beds or ventilators)."""

    ed_spaces: int = Field(default=0, ge=0, le=10_000, description="Emergency-department treatment spaces (spaces).")
    ward_beds: int = Field(default=0, ge=0, le=50_000, description="General (acute) ward beds (beds).")
    icu_beds: int = Field(default=0, ge=0, le=5_000, description="Adult intensive-care beds (beds).")
    burn_beds: int = Field(default=0, ge=0, le=1_000, description="Burn-unit beds (beds).")
    ventilators: int = Field(default=0, ge=0, le=5_000, description="Mechanical ventilators (devices).")


class BedChanges(ScenarioModel):
    """A change per bed type; negative takes beds away (beds)."""

    ed_spaces: int = Field(default=0, ge=-10_000, le=10_000, description="Change in ED spaces (spaces, ±).")
    ward_beds: int = Field(default=0, ge=-50_000, le=50_000, description="Change in ward beds (beds, ±).")
    icu_beds: int = Field(default=0, ge=-5_000, le=5_000, description="Change in ICU beds (beds, ±).")
    burn_beds: int = Field(default=0, ge=-1_000, le=1_000, description="Change in burn beds (beds, ±).")
    ventilators: int = Field(default=0, ge=-5_000, le=5_000, description="Change in ventilators (devices, ±).")


class SurgePlan(ScenarioModel):
    """Beds freed once the hospital declares a major incident (early discharge, cancelled electives)."""

    activation_min: float = Field(default=30.0, ge=0, le=24 * 60, allow_inf_nan=False,
                                  description="From the first casualty arrival to the plan taking effect (min).")
    ward_discharge_fraction: Fraction = Field(
        default=0.0, description="Share of the baseline ward inpatients discharged early (0–1).")
    icu_discharge_fraction: Fraction = Field(
        default=0.0, description="Share of the baseline ICU patients stepped down to ward (0–1).")
    discharge_over_h: float = Field(default=6.0, gt=0, le=72, allow_inf_nan=False,
                                    description="Hours over which the discharged beds come free, evenly (h).")
    extra_ed_spaces: int = Field(default=0, ge=0, le=1_000,
                                 description="ED spaces added by opening overflow areas (spaces).")
    extra_icu_beds: int = Field(default=0, ge=0, le=1_000,
                                description="ICU beds added by converting theatres and recovery (beds).")
    source: SourceText


class Hospital(ScenarioModel):
    """A receiving hospital."""

    id: Identifier = Field(description="Unique hospital id (text).")
    name: str = Field(min_length=1, description="Name shown to players (text).")
    location: Point = Field(description="Where the emergency department is (m, local frame).")
    trauma_level: Literal[1, 2, 3, 4] | None = Field(
        default=None, description="Trauma-centre level, 1 (highest) to 4; omit for none (ACS levels).")
    capacity: BedCounts = Field(description="Staffed spaces, beds and ventilators (counts).")
    baseline_occupied: BedCounts = Field(
        default_factory=BedCounts,
        description="Already in use at STARTEX, per type (counts); must not exceed capacity.")
    surge: SurgePlan = Field(default_factory=SurgePlan, description="The hospital's surge (major-incident) plan.")
    decon_people_per_h: float = Field(default=0.0, ge=0, le=1000, allow_inf_nan=False,
                                      description="Walk-in decontamination throughput at the ED door (persons/h); 0 = none.")
    decon_setup_min: float = Field(default=30.0, ge=0, le=480, allow_inf_nan=False,
                                   description="From alert to the hospital decon line working (min).")
    stock: dict[str, Doses] = Field(
        default_factory=dict,
        description="Antidotes and prophylaxis on hand, name -> doses, e.g. {atropine_2mg: 400} (doses).")
    status: HospitalStatus = Field(default="open", description="Status at STARTEX.")
    source: SourceText

    def free_at_start(self) -> BedCounts:
        """Capacity minus baseline occupancy, per type."""
        return BedCounts(**{t: getattr(self.capacity, t) - getattr(self.baseline_occupied, t) for t in BED_TYPES})

    def occupancy_fraction(self, bed_type: str) -> float:
        """Baseline occupancy of one type as a share of its capacity (0 when there is none)."""
        cap = getattr(self.capacity, bed_type)
        return getattr(self.baseline_occupied, bed_type) / cap if cap else 0.0
