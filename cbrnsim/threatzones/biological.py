"""Biological threat zones: downwind distance to infection-probability contours.

The time-integrated concentration of organisms (org·s/m³) downwind of a release of N viable
organisms is the steady Gaussian plume of rate N (the time integral of a passing puff equals
the steady plume of rate = amount; Hanna, Briggs & Hosker 1982 §2); the same holds for a
timed release. Inhaled organisms = time-integrated concentration × breathing rate (ICRP 66,
light exercise, cbrnsim.hazard.physiology). The dose for each probability comes from the
agent's dose–response (cbrnsim.hazard.biological.infective_dose_organisms).

Contours: 50 %, 10 % and 1 % probability of infection for a person outdoors, unprotected, on
the spot for the whole passage. Not modelled: biological decay of the aerosol (important for
vegetative bacteria and viruses, negligible for anthrax spores), deposition, building
protection, re-aerosolisation. The probabilities are planning levels chosen by cbrnsim to
span "most exposed people infected" to "a few in a hundred", not published action levels.
"""
from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from ..agentlib.biological import BiologicalAgent
from ..hazard.biological import infective_dose_organisms
from ..hazard.dispersion import plume_concentration, sigmas
from ..hazard.physiology import breathing_rate_m3_min
from ..scenario import Release, WeatherObservation
from .picture import HazardPicture, weather_speed_m_s
from .plumes import PlumeField
from .zones import TierSpec

PROBABILITIES: tuple[tuple[float, int], ...] = ((0.5, 3), (0.1, 2), (0.01, 1))
"""Infection probabilities drawn, with their level (cbrnsim planning choice, see module doc)."""


def infection_specs(agent: BiologicalAgent) -> tuple[TierSpec, ...]:
    """One tier per probability: threshold = inhaled organisms giving that probability."""
    response = agent.dose_response
    source = f"{response.model} dose–response of agents/{agent.id}.yaml ({response.fitted_on})"
    return tuple(TierSpec(level, f"{p:.0%} infected", "infection", float(infective_dose_organisms(agent, p)),
                          f"{response.organism_unit} inhaled", f"{p:.0%} of unprotected people outdoors infected",
                          source)
                 for p, level in PROBABILITIES)


def infection_field(release: Release, agent: BiologicalAgent, weather: WeatherObservation,
                    share: float) -> PlumeField:
    """Ratio of the inhaled dose on the plume axis to each tier's dose."""
    u = weather_speed_m_s(weather)
    stability, terrain = weather.stability, weather.terrain
    organisms = (release.organisms or 0.0) * release.airborne_fraction * share
    specs = infection_specs(agent)
    doses = np.array([s.threshold for s in specs])[:, None]
    breathing_m3_s = breathing_rate_m3_min() / 60.0

    def centre(x: NDArray[np.float64]) -> NDArray[np.float64]:
        integrated = plume_concentration(organisms, u, x, 0.0, 0.0, release.height_m, stability, terrain)
        return (integrated * breathing_m3_s)[None, :] / doses

    def sigma_y(x: NDArray[np.float64]) -> NDArray[np.float64]:
        return sigmas(x, stability, terrain)[0]

    return PlumeField(specs, centre, sigma_y)


def biological_picture(release: Release, agent: BiologicalAgent, weather: WeatherObservation) -> HazardPicture:
    """Infection-probability zones of a biological release."""
    notes = ("People outdoors and unprotected for the whole passage; no aerosol decay, deposition or "
             "building protection. Symptoms follow after the incubation period: the zones show who needs "
             "prophylaxis, not who is ill today.",)
    return HazardPicture(model="Gaussian plume of viable organisms with the agent's dose–response",
                         plume=lambda share: infection_field(release, agent, weather, share), notes=notes)
