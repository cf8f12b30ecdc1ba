"""Chemical threat zones: distance and footprint of each AEGL tier, or the in-enclosure level.

Outdoor releases (ground-level concentration, receptors at z = 0):

- Continuous (duration > 0): steady Gaussian plume (cbrnsim.hazard.dispersion) at the rate
  amount / duration, shortened for finite duration by the Palazzi et al. (1982) factor
  erf(u·T / (2·sqrt(2)·sigma_x)) with sigma_x = sigma_y (Palazzi, De Faveri, Fumarola &
  Ferraiolo, "Diffusion from a steady source of short duration", Atmos. Environ. 16:2785,
  1982). The peak concentration is compared with the AEGL for an exposure as long as the
  release (NRC AEGL tables, interpolated as cbrnsim.hazard.toxicology does; held outside
  10 min–8 h).
- Instantaneous (duration 0): Gaussian puff with sigma_x = sigma_y. A puff passes in a few
  minutes, shorter than the shortest AEGL duration (10 min), so it is compared through its
  toxic load: a Gaussian pulse of peak C and time spread s_t carries C^n·s_t·sqrt(2π/n), i.e.
  C held for tau = s_t·sqrt(2π/n). For tau < 10 min the 10-minute-equivalent concentration
  C·(tau/10)^(1/n) is compared with the 10-min AEGL — the same C^n·t scaling the AEGL
  documents use between their durations (NRC 2001, AEGL Standing Operating Procedures §2.7;
  ten Berge et al. 1986, J. Hazard. Mater. 13:301).
- Dense gas (vapour heavier than air and the Britter–McQuaid criterion met): the centreline
  follows the Britter–McQuaid correlations: the crosswind spread is never below passive and
  the cloud is flattened to make up the ground-level centreline, mass conserved
  (cbrnsim.hazard.densegas.dense_spread_factors). A liquefied gas is released at its boiling
  point (flashing). Gravity slumping (the wider near-source cloud) and terrain steering are
  not modelled.

Enclosed releases (a metro car): a well-mixed box, dC/dt = G/V − λC (mass balance of a
ventilated space; e.g. AIHA, *Mathematical Models for Estimating Occupational Exposure to
Chemicals*, 2nd ed. 2009, well-mixed room model). Venting to the outside is out of scope.
"""
from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from ..agentlib import ChemicalAgent
from ..engine.exposure_enclosed import EnclosureAir, source_term
from ..hazard.densegas import DenseGasRelease, cloud_correlation, dense_spread_factors, plume_correlation
from ..hazard.dispersion import centreline_concentration, erf, plume_concentration, sigmas
from ..hazard.toxicology import aegl_concentration_mg_m3, lethality, mg_m3_to_ppm
from ..scenario import Release, WeatherObservation
from .picture import HazardPicture, weather_speed_m_s
from .plumes import PlumeField
from .zones import EnclosedExposure, EnclosedTier, TierSpec

AEGL_MEANING: dict[int, str] = {
    3: "life-threatening health effects or death",
    2: "irreversible or other serious, long-lasting effects, or impaired ability to escape",
    1: "notable discomfort, irritation; not disabling, reversible",
}
"""AEGL tier definitions (NRC 2001, Standing Operating Procedures for AEGLs, §1.1, paraphrased)."""

SHORTEST_AEGL_MIN = 10.0
"""Shortest AEGL exposure duration (NRC 2001 SOP §2.2)."""


def airborne_mass_g(release: Release) -> float:
    """Mass of agent that becomes airborne (g)."""
    return (release.quantity_kg or 0.0) * release.airborne_fraction * 1000.0


def exposure_min(release: Release) -> float:
    """Exposure duration used to pick the AEGL: the release duration, at least 10 min."""
    return max(release.duration_min, SHORTEST_AEGL_MIN)


def aegl_specs(agent: ChemicalAgent, minutes: float, note: str = "") -> tuple[TierSpec, ...]:
    """AEGL-3/2/1 at an exposure duration, in the unit the AEGL table uses; NR tiers left out."""
    specs = []
    for tier in (3, 2, 1):
        mg_m3 = float(aegl_concentration_mg_m3(agent, tier, minutes))
        if not math.isfinite(mg_m3):
            continue  # not recommended (NR) in the AEGL table
        in_ppm = agent.aegl.unit == "ppm"
        value = float(mg_m3_to_ppm(mg_m3, agent.molecular_weight_g_mol.value)) if in_ppm else mg_m3
        row = getattr(agent.aegl, f"aegl_{tier}")
        specs.append(TierSpec(
            level=tier, label=f"AEGL-{tier}", group="toxic vapour", threshold=value,
            unit="ppm" if in_ppm else "mg/m³",
            meaning=f"{AEGL_MEANING[tier]} ({minutes:g}-min AEGL{note})", source=row.source))
    return tuple(specs)


def aegl_mg_m3(agent: ChemicalAgent, specs: tuple[TierSpec, ...], minutes: NDArray[np.float64] | float
               ) -> NDArray[np.float64]:
    """AEGL values (mg/m³) of the given tiers at exposure durations, shape (tiers, ...)."""
    return np.stack([np.asarray(aegl_concentration_mg_m3(agent, s.level, minutes), dtype=float) for s in specs])


def dense_release(agent: ChemicalAgent, weather: WeatherObservation) -> DenseGasRelease | None:
    """Dense-gas properties for a vapour heavier than air, else None.

    A gas whose boiling point is below the air temperature is taken to flash from the liquid
    and leave the source at its boiling point (the chlorine-tank-car case).
    """
    if agent.vapour_density_rel_air.value <= 1.0:
        return None
    ambient_k = weather.temperature_c + 273.15
    release_k = min(agent.boiling_point_c.value + 273.15, ambient_k)
    return DenseGasRelease(molecular_weight_g_mol=agent.molecular_weight_g_mol.value,
                           release_temperature_k=release_k, ambient_temperature_k=ambient_k)


def _continuous_field(release: Release, agent: ChemicalAgent, weather: WeatherObservation,
                      share: float, specs: tuple[TierSpec, ...]) -> tuple[PlumeField, bool]:
    u = weather_speed_m_s(weather)
    stability, terrain, height = weather.stability, weather.terrain, release.height_m
    duration_s = release.duration_min * 60.0
    rate_g_s = airborne_mass_g(release) * share / duration_s
    dense = dense_release(agent, weather)
    is_dense = dense is not None and plume_correlation(rate_g_s / 1000.0, u, dense).dense
    levels = aegl_mg_m3(agent, specs, exposure_min(release))[:, None]

    def spread(x: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        if not is_dense:
            return np.ones_like(x), np.ones_like(x)
        return dense_spread_factors(x, u, stability, dense, rate_kg_s=rate_g_s / 1000.0, terrain=terrain)

    def sigma_y(x: NDArray[np.float64]) -> NDArray[np.float64]:
        return sigmas(x, stability, terrain)[0] * spread(x)[0]

    def centre(x: NDArray[np.float64]) -> NDArray[np.float64]:
        # a dense release is at ground level, where flattening sigma_z by f_z raises C by 1/f_z
        steady = plume_concentration(rate_g_s, u, x, 0.0, 0.0, height, stability, terrain) / np.prod(spread(x), axis=0)
        finite = erf(u * duration_s / (2.0 * math.sqrt(2.0) * sigma_y(x)))
        return (steady * finite * 1000.0)[None, :] / levels

    return PlumeField(specs, centre, sigma_y), is_dense


def _puff_field(release: Release, agent: ChemicalAgent, weather: WeatherObservation,
                share: float, specs: tuple[TierSpec, ...]) -> tuple[PlumeField, bool]:
    u = weather_speed_m_s(weather)
    stability, terrain, height = weather.stability, weather.terrain, release.height_m
    mass_g = airborne_mass_g(release) * share
    n = agent.toxic_load_exponent_n.value
    dense = dense_release(agent, weather)
    is_dense = dense is not None and cloud_correlation(mass_g / 1000.0, u, dense).dense

    def spread(x: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        if not is_dense:
            return np.ones_like(x), np.ones_like(x)
        return dense_spread_factors(x, u, stability, dense, mass_kg=mass_g / 1000.0, terrain=terrain)

    def sigma_y(x: NDArray[np.float64]) -> NDArray[np.float64]:
        return sigmas(x, stability, terrain)[0] * np.sqrt(spread(x)[0])

    def centre(x: NDArray[np.float64]) -> NDArray[np.float64]:
        peak_mg_m3 = 1000.0 * centreline_concentration(
            x, u, stability, mass_g=mass_g, release_height_m=height, terrain=terrain) / np.prod(spread(x), axis=0)
        pulse_min = sigma_y(x) / u * math.sqrt(2.0 * math.pi / n) / 60.0
        equivalent = peak_mg_m3 * np.minimum(pulse_min / SHORTEST_AEGL_MIN, 1.0) ** (1.0 / n)
        return equivalent[None, :] / aegl_mg_m3(agent, specs, np.maximum(pulse_min, SHORTEST_AEGL_MIN))

    return PlumeField(specs, centre, sigma_y), is_dense


def enclosed_exposure(release: Release, agent: ChemicalAgent) -> EnclosedExposure:
    """Well-mixed concentration in the enclosure against the AEGL tiers, as the engine computes it.

    The source term and the air of the enclosure are the engine's own
    (:func:`cbrnsim.engine.exposure_enclosed.source_term`, :class:`EnclosureAir`): a puff or a
    timed release, or a spilt liquid evaporating from its pool, diluted by ventilation and by
    the doors at each stop. The window is the time the last occupants stay (their last stop),
    at least 10 min (the shortest AEGL duration). The room air is shown; occupants beside a
    pool breathe richer air (the engine's near field).
    """
    box = release.enclosure
    assert box is not None
    puff_mg, rate_mg_min, source_min = source_term(agent, release)
    air = EnclosureAir(box, puff_mg, rate_mg_min, source_min)
    minutes = max(box.stop_interval_min * len(box.exit_shares), SHORTEST_AEGL_MIN)
    tau = np.linspace(0.0, minutes, 601)
    concentration = air.concentration_mg_m3(tau)
    dosage = float(np.trapezoid(concentration, tau))
    peak, mean = float(concentration.max()), dosage / minutes
    specs = aegl_specs(agent, minutes)
    levels = aegl_mg_m3(agent, specs, minutes)
    tiers = tuple(EnclosedTier(spec, float(mean / level), bool(mean > level)) for spec, level in zip(specs, levels))
    return EnclosedExposure(volume_m3=box.volume_m3, air_changes_per_h=box.air_changes_per_h, occupants=box.occupants,
                            exposure_min=minutes, peak_mg_m3=peak, mean_mg_m3=mean,
                            dosage_mg_min_m3=dosage, tiers=tiers,
                            lethality_untreated=float(lethality(agent, mean, minutes)))


def chemical_picture(release: Release, agent: ChemicalAgent, weather: WeatherObservation) -> HazardPicture:
    """AEGL threat zones of a chemical release (or its in-enclosure exposure)."""
    if release.enclosure is not None:
        return HazardPicture(
            model="well-mixed enclosure (box model) against AEGL tiers",
            enclosed=enclosed_exposure(release, agent),
            notes=("Enclosed release: the enclosure's room air over the time its last occupants stay "
                   "(its last stop, at least 10 min); those beside a spilt pool breathe richer air, and "
                   "most leave earlier (the engine follows each occupant). Venting to the outside "
                   "(stations, tunnels, street level) is out of scope of this command.",))
    instantaneous = release.is_instantaneous
    specs = (aegl_specs(agent, SHORTEST_AEGL_MIN, ", 10-min-equivalent toxic load") if instantaneous
             else aegl_specs(agent, exposure_min(release)))
    builder = _puff_field if instantaneous else _continuous_field
    _, is_dense = builder(release, agent, weather, 1.0, specs)
    kind = "instantaneous Gaussian puff" if instantaneous else \
        f"Gaussian plume, {release.duration_min:g}-min release (Palazzi short-duration factor)"
    model = kind + (" with Britter–McQuaid dense-gas centreline" if is_dense else "")
    notes = [f"Airborne mass {airborne_mass_g(release) / 1000:g} kg; ground-level concentrations; "
             f"AEGL for a {SHORTEST_AEGL_MIN if instantaneous else exposure_min(release):g}-min exposure."]
    if is_dense:
        notes.append("Dense gas: Britter–McQuaid ground-level centreline, crosswind width at least passive; "
                     "the wider slumped cloud near the source, upwind spread and flow along low ground are not "
                     "modelled.")
    elif dense_release(agent, weather) is not None:
        notes.append("Vapour heavier than air but below the Britter–McQuaid density criterion: treated as passive.")
    return HazardPicture(model=model, plume=lambda share: builder(release, agent, weather, share, specs)[0],
                         notes=tuple(notes))
