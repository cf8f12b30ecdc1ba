"""Nuclear threat zones: blast, burn and prompt-dose radii, and the fallout zones downwind.

All radii come from cbrnsim.hazard.nuclear (cube-root scaling, Glasstone & Dolan 1977 and the
DNA/Brode blast fits; see docs/models-radnuc.md). Tiers:

- blast: 20, 5 and 1 psi peak overpressure — the reference levels the Planning Guidance for
  Response to a Nuclear Detonation (2nd ed. 2010, ch. 1–2) uses to describe its damage zones
  (the one-line meanings below paraphrase it and Glasstone & Dolan 1977 ch. V);
- burns: 50 % incidence of 3rd-, 2nd- and 1st-degree burns on bare skin (thresholds and their
  source in agents/ind.yaml);
- prompt radiation: 8, 4 and 1 Gy free-field, unshielded — the lethal, severe and mild acute
  radiation syndrome bounds of agents/ind.yaml (IAEA/WHO Safety Reports Series No. 2, 1998);
- fallout (surface burst only): the dangerous fallout zone (≥ 10 R/h) and the hot zone
  (≥ 0.01 R/h) of the Planning Guidance, drawn on the highest dose rate each place sees: the
  fallout-pattern rate at the moment the fallout arrives, D(H+1)·t_arrival^-1.2 (cbrnsim.hazard.
  nuc_fallout; the rate only falls after arrival). That is the greatest extent each zone ever
  has; the zone on the ground at a given hour is smaller. An air burst at the optimum height gives no significant
  local fallout (Glasstone & Dolan 1977, ch. IX) and none is drawn.
"""
from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from ..agentlib.nuclear import NuclearAgent
from ..hazard.nuc_fallout import arrival_time_h, fallout_dose_rate_gy_h
from ..hazard.nuclear import burn_radius_m, overpressure_radius_m, prompt_dose_gy
from ..scenario import Release, WeatherObservation
from .picture import Circles, HazardPicture, weather_speed_m_s
from .plumes import PlumeField
from .zones import TierSpec

PLANNING_GUIDANCE = "Planning Guidance for Response to a Nuclear Detonation, 2nd ed. (2010), ch. 1-2"
"""The document the blast levels and fallout zones come from."""

BLAST_LEVELS: tuple[tuple[float, int, str], ...] = (
    (20.0, 3, "heavily built structures severely damaged or destroyed; few survivors outdoors"),
    (5.0, 2, "most residential buildings collapse; serious injuries common"),
    (1.0, 1, "windows broken; injuries from flying glass and debris"),
)
"""Peak overpressure tiers (psi), with what they mean (Planning Guidance 2010, ch. 1-2)."""

FALLOUT_FAR_M = 1_000_000.0
"""Farthest downwind distance searched for fallout zones (the idealized pattern reaches hundreds of km at megaton yields)."""

FALLOUT_UPWIND_M = 5_000.0
"""Upwind distance the fallout polygons are drawn from (the fallout pattern deposits a little upwind; 5 km cuts off the ~12 mi upwind lobe of 1 Mt)."""

_CROSSWIND_PROBE_M = 1_000.0
"""Crosswind offset used to read the width of the Gaussian crosswind profile of the fallout pattern."""


def _burst_name(release: Release) -> str:
    return "airburst" if release.burst == "air" else "surface"


def _prompt_radius_m(yield_kt: float, dose_gy: float) -> float:
    """Distance at which the prompt dose falls to dose_gy (dose decreases monotonically)."""
    r = np.geomspace(10.0, 20_000.0, 5000)
    dose = prompt_dose_gy(yield_kt, r)
    return float(np.exp(np.interp(np.log(dose_gy), np.log(dose[::-1]), np.log(r[::-1]))))


def nuclear_circles(release: Release, agent: NuclearAgent) -> tuple[Circles, ...]:
    """Blast, burn and prompt-radiation rings of a nuclear detonation."""
    yield_kt = float(release.yield_kt or 0.0)
    burst = _burst_name(release)
    blast = Circles(
        tuple(TierSpec(level, f"{psi:g} psi", "blast", psi, "psi", meaning, PLANNING_GUIDANCE)
              for psi, level, meaning in BLAST_LEVELS),
        tuple(float(overpressure_radius_m(yield_kt, psi, burst)) for psi, _, _ in BLAST_LEVELS))
    burns = agent.thermal.burns
    thresholds = {3: burns.third_degree_cal_cm2, 2: burns.second_degree_cal_cm2, 1: burns.first_degree_cal_cm2}
    thermal = Circles(
        tuple(TierSpec(degree, f"{('1st', '2nd', '3rd')[degree - 1]}-degree burns", "thermal",
                       float(np.interp(np.log10(yield_kt), np.log10(burns.yields_kt), thresholds[degree])),
                       "cal/cm²", "50 % of people with bare skin facing the fireball", burns.source)
              for degree in (3, 2, 1)),
        tuple(float(burn_radius_m(yield_kt, degree, burst)) for degree in (3, 2, 1)))
    ars = agent.ars
    doses = ((ars.lethal_from_gy, 3, "nearly always lethal acute radiation syndrome"),
             (ars.severe_from_gy, 2, "severe acute radiation syndrome"),
             (ars.mild_from_gy, 1, "acute radiation syndrome begins"))
    prompt = Circles(
        tuple(TierSpec(level, f"{d.value:g} Gy", "prompt radiation", d.value, "Gy", meaning, d.source)
              for d, level, meaning in doses),
        tuple(_prompt_radius_m(yield_kt, d.value) for d, _, _ in doses))
    return blast, thermal, prompt


def fallout_field(release: Release, agent: NuclearAgent, weather: WeatherObservation) -> PlumeField:
    """Ratio of the peak fallout dose rate (at arrival) to the DF and hot-zone boundaries."""
    fallout = agent.fallout
    yield_kt = float(release.yield_kt or 0.0)
    u = weather_speed_m_s(weather)
    specs = (
        TierSpec(3, "dangerous fallout zone", "fallout", fallout.dangerous_fallout_zone_r_h.value, "R/h (peak)",
                 "acutely harmful dose rates: shelter in the best available shelter, no movement",
                 fallout.dangerous_fallout_zone_r_h.source),
        TierSpec(1, "hot zone", "fallout", fallout.hot_zone_r_h.value, "R/h (peak)",
                 "above background: responders limit time; public shelter then follow instructions",
                 fallout.hot_zone_r_h.source),
    )
    levels = np.array([s.threshold for s in specs])[:, None]

    def peak_r_h(x: NDArray[np.float64], y_m: float) -> NDArray[np.float64]:
        rate_gy_h = fallout_dose_rate_gy_h(yield_kt, x, y_m, u, arrival_time_h(x, u))
        return rate_gy_h / fallout.gy_per_roentgen.value

    def centre(x: NDArray[np.float64]) -> NDArray[np.float64]:
        return peak_r_h(x, 0.0)[None, :] / levels

    def sigma_y(x: NDArray[np.float64]) -> NDArray[np.float64]:
        # the crosswind profile is Gaussian at each x: two samples give its width exactly
        on_axis = peak_r_h(x, 0.0)
        off_axis = peak_r_h(x, _CROSSWIND_PROBE_M)
        with np.errstate(divide="ignore", invalid="ignore"):
            log_ratio = np.log(np.maximum(on_axis, 1e-300) / np.maximum(off_axis, 1e-300))
            return np.nan_to_num(_CROSSWIND_PROBE_M / np.sqrt(2.0 * np.maximum(log_ratio, 1e-12)))

    return PlumeField(specs, centre, sigma_y, max_distance_m=FALLOUT_FAR_M, upwind_m=FALLOUT_UPWIND_M)


def nuclear_picture(release: Release, agent: NuclearAgent, weather: WeatherObservation) -> HazardPicture:
    """Radii and fallout zones of a nuclear detonation."""
    burst = _burst_name(release)
    notes = ["Sea level, flat open terrain, no shielding by buildings; 20 km visibility for burns.",
             "Prompt-dose fit valid about 300–2500 m for fission yields up to ~20 kt (cbrnsim.hazard.nuclear)."]
    if burst == "surface":
        notes.append("Fallout drawn with the 10 m wind; real fallout follows the winds aloft and is patchy. "
                     "Zones are drawn at the peak dose rate of each place (at fallout arrival): their greatest "
                     "extent. They shrink as the activity decays (t^-1.2).")
        plume = lambda share: fallout_field(release, agent, weather)  # noqa: E731 — a point burst has no share
    else:
        notes.append("Air burst: no significant local fallout (Glasstone & Dolan 1977, ch. IX); none drawn.")
        plume = None
    return HazardPicture(model=f"{release.yield_kt:g} kt {burst} burst: cube-root scaled blast, thermal, prompt "
                               "radiation" + (", G&D idealized fallout" if plume else ""),
                         plume=plume, circles=nuclear_circles(release, agent), notes=tuple(notes))
