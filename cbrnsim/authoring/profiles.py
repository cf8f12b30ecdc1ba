"""What differs between the four threat classes in a new scenario: the release, the scale of the
map, the duration, the objectives, the starter MSEL, hospital stock and countermeasure sites.

Every value here is either sourced in the comment written next to it, or a placeholder the
comment tells the author to replace (``# REPLACE:``) and where to find the figure. Texts are
YAML fragments indented for their place in the file (see :mod:`cbrnsim.authoring.skeleton`).
"""
from __future__ import annotations

from dataclasses import dataclass

_CI_TO_BQ = 3.7e10
"""1 curie = 3.7e10 Bq (definition of the curie)."""

RDD_SOURCE_CI: dict[str, tuple[float, str]] = {
    "cs-137": (3000, "blood irradiator, 2,000–7,000 Ci, typically 3,000"),
    "co-60": (3000, "teletherapy source, 1,000–15,000 Ci"),
    "ir-192": (1000, "industrial radiography source, up to 1,500 Ci"),
    "sr-90": (20000, "radioisotope thermoelectric generator, 20,000–250,000 Ci"),
    "am-241": (20, "well-logging source, 15–30 Ci"),
}
"""A realistic sealed source per nuclide (Ci, with the source type), from Table 1 of Rump et al.
2021, 'Estimation of radiation-induced health hazards from a dirty bomb attack with radiocesium',
Military Medical Research 8:65 ("Radioactive sources of concern for the construction of dirty bombs")."""

_RDD_TABLE = "Rump et al. 2021, Mil Med Res 8:65, Table 1"

CHEMICAL_QUANTITY_KG: dict[str, tuple[float, str]] = {
    "sarin": (1.8, "Tokyo 1995: three trains with two ~0.3 kg sarin bags each (0.9 L x 1.09 kg/L x ~30 % purity; "
                   "Okumura et al. 1998, Acad Emerg Med 5:613; density FM 3-11.9 (2005) Table II-1)"),
    "chlorine": (54000, "Graniteville 2005 rail tank car, about 60 US tons (NTSB RAR-05/04)"),
}
"""Quantities with a historical source; other chemical agents get a marked placeholder."""


@dataclass(frozen=True)
class Profile:
    """The parts of a new scenario that depend on the threat class."""

    duration_min: int
    """Exercise length (min)."""
    duration_comment: str
    """Why that length."""
    half_width_m: int
    """Half-width of the square map (m)."""
    hospital_ring_m: tuple[int, int]
    """Hospitals lie at these two alternating distances from the release (m)."""
    station_ring_m: tuple[int, int]
    """Stations lie at these two alternating distances from the release (m)."""
    district_half_m: int
    """Half-width of the square population zone around the site (m)."""
    district_count: int
    """People in that zone (placeholder)."""
    burn_beds: int
    """Burn beds per hospital (placeholder)."""


PROFILES: dict[str, Profile] = {
    "chemical": Profile(480, "eight hours: the walk-in surge, the worried-well wave and the first admissions",
                        15000, (3500, 5500), (1500, 3000), 2000, 20000, 0),
    "biological": Profile(4320, "72 hours: an anthrax incubation runs into days (median about 4 days after a "
                                "moderate dose; see docs/models-biological.md), so the exercise covers detection "
                                "and the prophylaxis campaign; run longer for the clinical wave",
                          15000, (3500, 5500), (1500, 3000), 3000, 40000, 0),
    "radiological": Profile(600, "ten hours: blast casualties, screening and decontamination, relocation decisions",
                            15000, (3500, 5500), (1500, 3000), 2000, 20000, 2),
    "nuclear": Profile(1440, "24 hours: the first day of a nuclear detonation response (Planning Guidance for "
                             "Response to a Nuclear Detonation, 2nd ed. 2010, focuses on the first 24–72 h)",
                       60000, (14000, 22000), (9000, 16000), 6000, 150000, 6),
}
"""One profile per threat class."""


def release_block(threat: str, agent: str) -> str:
    """The ``releases:`` list (one release at the origin), with sources or REPLACE notes."""
    head = (f"  - id: R1\n"
            f"    name: \"Release at the incident site\"   # REPLACE: a short label for maps and logs\n"
            f"    agent: {agent}\n"
            f"    geometry: point\n"
            f"    location: {{x_m: 0, y_m: 0}}   # the local origin is the incident site\n")
    return head + {"chemical": _chemical_release, "biological": _biological_release,
                   "radiological": _radiological_release, "nuclear": _nuclear_release}[threat](agent)


def _chemical_release(agent: str) -> str:
    quantity, basis = CHEMICAL_QUANTITY_KG.get(agent, (10.0, ""))
    if basis:
        note = f"# REPLACE: the amount your scenario assumes. This default: {basis}."
    else:
        note = ("# REPLACE: the amount your scenario assumes (no default has a source for this agent): a "
                "container size from the dangerous-goods consist, or a device from the threat assessment.")
    return (f"    start_min: 5           # REPLACE: when the release begins (min after STARTEX)\n"
            f"    duration_min: 10       # REPLACE: how long it lasts; 0 = instantaneous puff\n"
            f"    height_m: 1            # REPLACE: effective release height (m)\n"
            f"    quantity_kg: {quantity:g}\n"
            f"    {note}\n"
            f"    airborne_fraction: 1.0   # REPLACE: share that becomes airborne (well below 1 for a liquid "
            f"spill that evaporates slowly; see docs/models-dispersion.md)\n"
            f"    source: \"REPLACE with the basis of the amount and timing (placeholder from cbrnsim new).\"\n")


def _biological_release(agent: str) -> str:
    return ("    start_min: 0\n"
            "    duration_min: 10       # REPLACE: spraying time of the device (min)\n"
            "    height_m: 2            # REPLACE: height of the sprayer outlet (m)\n"
            "    organisms: 1.0e+11\n"
            "    # REPLACE: viable organisms aerosolised. This value is a placeholder with no source: size it\n"
            "    # with `cbrnsim hazard` (infection-probability distances) and your threat assessment; the\n"
            "    # dose-response limits are in docs/models-biological.md.\n"
            "    source: \"REPLACE with the basis of the amount (placeholder from cbrnsim new).\"\n")


def _radiological_release(agent: str) -> str:
    curies, kind = RDD_SOURCE_CI.get(agent, (1000, "placeholder without a source"))
    return (f"    start_min: 5\n"
            f"    duration_min: 0        # an explosive dispersal is instantaneous\n"
            f"    height_m: 0\n"
            f"    activity_bq: {curies * _CI_TO_BQ:.3g}\n"
            f"    # REPLACE: activity dispersed. Default {curies:g} Ci x 3.7e10 Bq/Ci: a {kind} ({_RDD_TABLE}).\n"
            f"    airborne_fraction: 0.2   # REPLACE: share made respirable and airborne; placeholder with no\n"
            f"                             # source (it depends on the source form and the charge)\n"
            f"    explosive_kg_tnt: 10   # REPLACE: the charge your threat assessment assumes (kg TNT); placeholder\n"
            f"    source: \"Activity: {_RDD_TABLE} ({kind}). Charge and airborne share: REPLACE (placeholders).\"\n")


def _nuclear_release(agent: str) -> str:
    return ("    start_min: 5\n"
            "    duration_min: 0\n"
            "    height_m: 0\n"
            "    # 10 kt at ground level: National Planning Scenario 1, the basis of the Planning Guidance for\n"
            "    # Response to a Nuclear Detonation (1st ed. 2009; 2nd ed. 2010 focuses on 10 kt and smaller,\n"
            "    # surface bursts). REPLACE if your threat assessment differs.\n"
            "    yield_kt: 10\n"
            "    burst: surface\n"
            "    source: \"Planning Guidance for Response to a Nuclear Detonation, 2nd ed. (2010): 10 kt surface burst.\"\n")


def hospital_stock(threat: str, agent_antidote_words: tuple[str, ...]) -> str:
    """A flow mapping of stock for one hospital, with its comment, or '{}'."""
    words = " ".join(agent_antidote_words)
    if threat == "chemical" and "atropine" in words:
        return ("{atropine_1mg: 200, pralidoxime_1g: 30, diazepam_10mg: 60}"
                "   # REPLACE: doses on hand (hospital pharmacy); names must contain the drug word")
    if threat == "chemical" and "hydroxocobalamin" in words:
        return "{hydroxocobalamin_5g: 10}   # REPLACE: kits on hand (hospital pharmacy)"
    if threat == "chemical":
        return "{salbutamol_2_5mg_nebule: 200}   # REPLACE: nebules on hand (no antidote; supportive care)"
    if threat == "biological":
        return "{doxycycline_100mg: 2000, ciprofloxacin_500mg: 2000}   # REPLACE: doses on hand (hospital pharmacy)"
    return "{}   # REPLACE: add items (e.g. filgrastim, Prussian blue) if your hospitals hold them"
