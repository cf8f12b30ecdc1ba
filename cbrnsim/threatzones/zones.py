"""Value types of a threat-zone result: tiers, footprints, what lies inside them.

Everything here is a frozen dataclass in the scenario's local frame (metres, x east, y north).
The numbers are EXERCISE GRADE: a controller's pre-exercise picture of what a release would do,
not an operational hazard prediction.
"""
from __future__ import annotations

from dataclasses import dataclass, field

Ring = tuple[tuple[float, float], ...]
"""A closed, counter-clockwise polygon ring in local metres; first point == last point."""

LEVEL_NAMES: dict[int, str] = {3: "red", 2: "orange", 1: "yellow"}
"""Tier level to display colour, the ALOHA convention (red = most severe)."""

LEVEL_COLOURS: dict[int, str] = {3: "#d7191c", 2: "#fd8d3c", 1: "#fecc5c"}
"""Hex fill colours of the three levels (PNG and GeoJSON styling)."""


@dataclass(frozen=True)
class TierSpec:
    """What a tier means, before any geometry: a threshold with its unit and source."""

    level: int
    """3 (red, most severe), 2 (orange) or 1 (yellow)."""
    label: str
    """Short name shown in tables, e.g. 'AEGL-2', '10 mSv', '5 psi'."""
    group: str
    """Which effect the tier belongs to, e.g. 'toxic vapour', 'blast', 'fallout'."""
    threshold: float
    """The threshold value, in `unit`."""
    unit: str
    """Unit of the threshold, e.g. 'mg/m³', 'mSv (4 days)', 'psi'."""
    meaning: str
    """One line on what being inside means."""
    source: str
    """Document (and table) the threshold comes from."""


@dataclass(frozen=True)
class ZoneHit:
    """A population zone that a tier footprint reaches."""

    zone_id: str
    """Id of the population zone."""
    name: str
    """Name of the zone."""
    count: int
    """People in the whole zone at STARTEX (persons)."""
    people_inside: int
    """People estimated inside the footprint: count × share of the zone's area inside (uniform density)."""


@dataclass(frozen=True)
class TierFootprint:
    """One tier of one release: the threshold, how far it reaches, its footprint and what is inside."""

    spec: TierSpec
    """The threshold this footprint is drawn for."""
    distance_m: float
    """Farthest downwind distance (plumes) or radius (circles) at which the threshold is reached (m); 0 if never."""
    shape: str
    """'plume' (downwind footprint) or 'circle' (centred on the release point)."""
    rings: tuple[Ring, ...] = ()
    """Footprint polygons (outer rings only), local metres, closed and counter-clockwise."""
    capped: bool = False
    """True when the threshold is still exceeded at the largest distance searched."""
    area_km2: float = 0.0
    """Total area of the rings (km²)."""
    zones: tuple[ZoneHit, ...] = ()
    """Population zones the footprint reaches, with estimated people inside."""
    hospitals: tuple[str, ...] = ()
    """Ids of hospitals inside the footprint."""
    stations: tuple[str, ...] = ()
    """Ids of responder stations inside the footprint."""

    @property
    def people_inside(self) -> int:
        """Estimated people inside the footprint, all zones (persons)."""
        return sum(hit.people_inside for hit in self.zones)


@dataclass(frozen=True)
class EnclosedTier:
    """An enclosed release compared with one AEGL tier."""

    spec: TierSpec
    """The AEGL tier (threshold in mg/m³ at the exposure duration)."""
    ratio_to_mean: float
    """Time-weighted mean concentration over the exposure divided by the tier value."""
    exceeded: bool
    """Whether the mean concentration over the exposure exceeds the tier."""


@dataclass(frozen=True)
class EnclosedExposure:
    """A release inside an enclosed space (a metro car): well-mixed concentration against AEGL."""

    volume_m3: float
    """Air volume of the space."""
    air_changes_per_h: float
    """Ventilation rate."""
    occupants: int
    """People inside when the release starts."""
    exposure_min: float
    """Exposure duration the comparison uses (the release duration, at least 10 min)."""
    peak_mg_m3: float
    """Highest well-mixed concentration (at the end of the release)."""
    mean_mg_m3: float
    """Time-weighted mean concentration over the exposure."""
    dosage_mg_min_m3: float
    """Concentration integrated over the exposure (Ct)."""
    tiers: tuple[EnclosedTier, ...]
    """Each AEGL tier with the ratio of the mean concentration to it."""
    lethality_untreated: float
    """Probability of death without care at the mean concentration held for the exposure
    (the agent's probit, cbrnsim.hazard.toxicology.lethality)."""


@dataclass(frozen=True)
class WeatherUsed:
    """The weather a release's zones were computed with."""

    time_min: float
    """Scenario time whose weather was used."""
    wind_speed_m_s: float
    """10 m wind speed as given in the scenario (values < 1 m/s are used as 1 m/s)."""
    wind_from_deg: float
    """Direction the wind blows from (meteorological, degrees clockwise from north)."""
    stability: str
    """Pasquill–Gifford class."""
    terrain: str
    """'urban' or 'rural' sigmas."""
    temperature_c: float
    """Air temperature."""


@dataclass(frozen=True)
class ReleaseZones:
    """Everything computed for one release."""

    release_id: str
    """Id of the release in the scenario."""
    release_name: str
    """Label of the release."""
    agent_id: str
    """Agent id in the library."""
    agent_name: str
    """Agent display name."""
    category: str
    """'chemical', 'radiological', 'nuclear' or 'biological'."""
    amount: str
    """Human text of the amount released, e.g. '0.6 kg (airborne 0.06 kg)'."""
    origin_xy_m: tuple[float, float]
    """Reference point of the release (the point, or the first point of a path)."""
    path_xy_m: tuple[tuple[float, float], ...]
    """All points of the release geometry (one for a point release)."""
    weather: WeatherUsed
    """The weather the zones were computed with."""
    model: str
    """One line naming the model used, for the controller."""
    tiers: tuple[TierFootprint, ...] = ()
    """Outdoor tier footprints, most severe first within each group."""
    enclosed: EnclosedExposure | None = None
    """Set for a release inside an enclosure (then `tiers` is empty)."""
    notes: tuple[str, ...] = field(default=())
    """Validity warnings and assumptions the controller must know about."""

    def warnings(self) -> tuple[str, ...]:
        """Hospitals inside a tier of level 2 or higher (they may need to shelter or stop taking patients)."""
        found: list[str] = []
        for tier in self.tiers:
            if tier.spec.level >= 2:
                found += [f"hospital '{h}' lies inside the {tier.spec.label} zone ({tier.spec.group})"
                          for h in tier.hospitals]
        return tuple(dict.fromkeys(found))


@dataclass(frozen=True)
class ThreatZoneReport:
    """The threat zones of every release of a scenario."""

    title: str
    """Scenario title."""
    marking: str
    """Handling marking of the scenario."""
    at_min: float | None
    """Scenario time given with --at, or None (each release at its own start)."""
    has_origin: bool
    """Whether the scenario's frame is pinned to latitude/longitude."""
    releases: tuple[ReleaseZones, ...]
    """One entry per planned release, in scenario order."""


EXERCISE_GRADE = "EXERCISE GRADE — not for operational hazard prediction"
"""The label printed on every output of the threat-zone command."""
