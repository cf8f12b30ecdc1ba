"""Public-health countermeasure sites: points of dispensing (PODs) and community reception centres.

PODs hand out post-exposure prophylaxis (antibiotics, vaccine) to the population after a
biological release; community reception centres (CRCs) screen people for radioactive
contamination, decontaminate them and register them after a radiological release. Both are
run by the care model as finite-throughput resources. Throughputs are operational planning
figures: every site must say where its figures come from in ``source``.
"""
from __future__ import annotations

from pydantic import Field, model_validator

from .common import Identifier, Point, ScenarioModel, SourceText


class PointOfDispensing(ScenarioModel):
    """A site dispensing prophylaxis to the public (a school gym, a sports hall)."""

    id: Identifier = Field(description="Unique id of the POD (text).")
    name: str = Field(min_length=1, description="Name shown to players (text).")
    location: Point = Field(description="Where the POD is (m, local frame).")
    zones: tuple[Identifier, ...] = Field(
        default=(), description="Ids of the population zones the POD serves (text each); empty = every zone.")
    open_after_min: float = Field(
        default=720.0, ge=0, le=30 * 24 * 60, allow_inf_nan=False,
        description="From the agent being identified (the decision to dispense follows identification) to "
                    "this POD serving its first person (min). Default 720: the 12 h within which the US "
                    "Strategic National Stockpile's push packages are to arrive (CDC SNS), a planning figure "
                    "for set-up with material on hand.")
    people_per_h: float = Field(
        gt=0, le=20_000, allow_inf_nan=False,
        description="People served per hour once open (persons/h). Published exercise throughputs: 150/h "
                    "(2.5 per minute) in the District of Columbia SNS exercise, raised to 240-300/h by "
                    "re-design (Giovachino et al. 2005, J Public Health Manag Pract 11:282); 1,060 regimens/h "
                    "at a head-of-household POD in Philadelphia (Agocs et al. 2007, Biosecur Bioterror 5:255).")
    staff: int = Field(default=0, ge=0, le=10_000, description="Staff per shift (persons); 0 = not stated.")
    drug: str = Field(default="doxycycline_100mg",
                      description="Stock item dispensed, as named in stockpile deliveries, e.g. 'ciprofloxacin_500mg' (text).")
    source: SourceText


class ReceptionCentre(ScenarioModel):
    """A community reception centre for radiological screening and decontamination."""

    id: Identifier = Field(description="Unique id of the centre (text).")
    name: str = Field(min_length=1, description="Name shown to players (text).")
    location: Point = Field(description="Where the centre is (m, local frame).")
    open_after_min: float = Field(
        default=240.0, ge=0, le=30 * 24 * 60, allow_inf_nan=False,
        description="From the agent being identified to the first person screened (min). Default "
                    "240: planning assumption (staff call-out, portal monitors and shower set-up take hours; "
                    "CDC, Population Monitoring in Radiation Emergencies, 2nd ed. 2014, sets no figure).")
    people_per_h: float = Field(
        gt=0, le=10_000, allow_inf_nan=False,
        description="People screened for external contamination per hour (persons/h). Exercise time-motion data: "
                    "Finklea, Salame-Alfie & Ansari 2022, Disaster Med Public Health Prep (CDC, 11 CRC exercises), "
                    "found screening times from 19 % below to 267 % above planning estimates: state the figure's basis.")
    decon_showers_per_h: float = Field(
        default=0.0, ge=0, le=5_000, allow_inf_nan=False,
        description="People decontaminated (showered) per hour (persons/h); 0 = no showers on site.")
    source: SourceText


class Countermeasures(ScenarioModel):
    """Points of dispensing and reception centres available to the response."""

    points_of_dispensing: tuple[PointOfDispensing, ...] = Field(
        default=(), description="Prophylaxis dispensing sites (PODs).")
    reception_centres: tuple[ReceptionCentre, ...] = Field(
        default=(), description="Community reception centres for radiological screening.")

    @model_validator(mode="after")
    def _unique_ids(self) -> Countermeasures:
        ids = [p.id for p in self.points_of_dispensing] + [c.id for c in self.reception_centres]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"countermeasure site ids must be unique; repeated: {', '.join(duplicates)}")
        return self
