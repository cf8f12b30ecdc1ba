"""Validation against real incidents: published outcomes beside the simulated ones.

EXERCISE GRADE. Two incidents are re-created as scenarios under ``scenarios/validation/``
(Tokyo subway sarin attack, 20 March 1995; Graniteville chlorine release, 6 January 2005). For each,
``FIGURES`` lists the published outcomes with their source, the band the simulated mean must fall
in, and why that band. ``replicate`` runs the scenario over many seeds (in a process pool);
``summarise`` gives the mean and the 2.5-97.5 % range over replications; ``verdict`` says whether
the mean is inside the band. docs/validation.md holds the table this module prints:

    python -m cbrnsim.validation -n 100
"""
from __future__ import annotations

import argparse
import math
import os
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .data import scenarios_dir
from .engine.cohorts import AWAY
from .exercise import Exercise

VALIDATION_DIR = scenarios_dir() / "validation"
"""Where the incident scenarios live, in a checkout or an installed wheel (a subfolder: the
bundled-library tests glob scenarios/*.yaml)."""


@dataclass(frozen=True)
class Figure:
    """One published outcome and the band the simulated mean must fall in."""

    key: str
    """Name of the simulated measure (a key of ``measure``'s result)."""
    label: str
    """What it is, for the table."""
    published: str
    """The published figure as written in the source."""
    source: str
    """Document and place of the published figure."""
    low: float
    """Lowest simulated mean accepted."""
    high: float
    """Highest simulated mean accepted."""
    why: str
    """Why this band."""
    unit: str = ""
    """Unit of the measure ('' for counts of people)."""


@dataclass(frozen=True)
class Incident:
    """A re-created incident: its scenario file and the figures it is judged on."""

    id: str
    """Scenario file stem under scenarios/validation/."""
    title: str
    """Name of the incident."""
    hospital: str
    """Hospital id whose own figures are published (St Luke's), or '' if none."""
    figures: tuple[Figure, ...]
    """The published outcomes."""

    @property
    def path(self) -> Path:
        """The scenario file."""
        return VALIDATION_DIR / f"{self.id}.yaml"


TOKYO = Incident("tokyo-1995", "Tokyo subway sarin attack, 20 March 1995", "st-lukes", (
    Figure("care_seekers", "people who sought care (casualties + worried well at hospitals)",
           "about 5,500 (5,510)", "Okumura et al. 1998, Acad Emerg Med 5:613, Part 1",
           5510 / 1.5, 5510 * 1.5,
           "A factor of 1.5 either way: the exposed count hinges on planning values (car loads, platform "
           "crowds; the engine boards no new passengers) and 'sought care' mixes physically affected and "
           "worried well, whose default ratio (SBCCOM 2000) is planning guidance, not a measurement."),
    Figure("st_lukes_visits", "patients seen at St Luke's International Hospital on the day",
           "640 (641)", "Ohbu et al. 1997, South Med J 90:587, abstract",
           640 / 2, 640 * 2,
           "A factor of 2: ~280 receiving facilities are represented by 8 hospitals and walk-ins go to the "
           "nearest one, so one hospital's share is coarser than the total."),
    Figure("st_lukes_admitted_pct", "share of St Luke's patients admitted",
           "about 17 % (111 of 641)", "Ohbu et al. 1997, abstract (106 hospitalised + 5 in arrest)",
           10.0, 30.0,
           "10-30 %: the share depends on the mix of moderate casualties and care-seekers sent home, both "
           "uncertain by a factor of about 1.5.", "%"),
    Figure("st_lukes_arrest", "arrived at St Luke's in cardiopulmonary or respiratory arrest",
           "5 (2 died, 3 recovered)", "Ohbu et al. 1997, abstract",
           2.0, 10.0,
           "2-10: a small count; the model must at least produce such arrivals. Measured as lethal-"
           "without-care casualties reaching St Luke's alive."),
    Figure("deaths", "deaths", "12 (a 13th later)", "Okumura et al. 1998 Part 1; Ohbu et al. 1997",
           6.0, 24.0,
           "A factor of 2: deaths come from the few people beside the pools (the near-field share is a "
           "planning value) and a count of 12 has a Poisson spread of about ±7 at 95 %."),
    Figure("deaths_prehospital", "deaths before reaching hospital",
           "2 ('two died in station yards'; ten in hospitals, a few hours to 3 months later)",
           "Yanagisawa, Morita & Nakajima 2006, J Neurol Sci 249:76, abstract", 1.0, 4.0,
           "A factor of 2, as deaths; where people die says whether the lethal tier's decline leaves time "
           "to be carried to hospital."),
    Figure("ems_transported", "patients carried to hospital by the fire department",
           "688", "Okumura et al. 1998 Part 1",
           688 / 2, 688 * 2,
           "A factor of 2: who waits for EMS follows the self-evacuation share (0.85, from this same "
           "figure) and the responders' reach."),
    Figure("identified_after_release_min", "agent known to hospitals, after the release",
           "2-3 h (sarin information ~10:00, police announcement ~11:00)",
           "S. Ishimatsu, Yomiuri Shimbun, 4 March 2025; Shirakawa et al. 1997, Prehosp Disaster Med 12:S24",
           90.0, 210.0, "90-210 min: the published window widened by half an hour either way.", "min"),
))

GRANITEVILLE = Incident("graniteville-2005", "Graniteville chlorine release, 6 January 2005", "", (
    Figure("deaths", "deaths", "9", "NTSB RAR-05/04, abstract; Wenck et al. 2007, Public Health Rep 122:784",
           4.5, 18.0,
           "A factor of 2: nearly all deaths are mill workers and the train crew within ~200 m; the wind "
           "direction and the mill's layout are planning values."),
    Figure("deaths_prehospital", "deaths before reaching care", "8",
           "Van Sickle et al. 2009, Am J Emerg Med 27:1 (as reported by RWJF, 29 Dec 2008: 'eight people "
           "died at the scene')", 4.0, 16.0, "A factor of 2, as deaths."),
    Figure("ed_visits", "people who sought care at hospitals (ED visits, admitted included)",
           "554 (NTSB); 525 outpatients + 72 hospitalised (Wenck)",
           "NTSB RAR-05/04, abstract; Wenck et al. 2007, abstract", 554 / 1.5, 597 * 1.5,
           "A factor of 1.5 around the two published counts: the town's doses hinge on indoor air "
           "exchange and on the planning-value wind."),
    Figure("admissions", "admitted to hospital", "72-75",
           "Wenck et al. 2007, abstract (72 in nine hospitals); NTSB RAR-05/04 (75)", 72 / 1.5, 75 * 1.5,
           "A factor of 1.5: admission follows the severity tiers, whose chlorine thresholds are "
           "poison-centre ranges (agents/chlorine.yaml)."),
    Figure("icu_share_pct", "share of admissions to intensive care", "about 35 %",
           "issue 8 brief, after Van Sickle et al. 2009 (the count was not checked against the paper)",
           20.0, 50.0, "20-50 %: a share of a small count (about 25 of 72).", "%"),
    Figure("evacuated", "people evacuated", "5,400 within one mile", "NTSB RAR-05/04, abstract",
           5400 * 0.9, 5400 * 1.02,
           "An input check, not a prediction: the scenario orders the evacuation of the one-mile zone "
           "(5,400 people) with full compliance; the dead are not evacuated."),
))

INCIDENTS: dict[str, Incident] = {i.id: i for i in (TOKYO, GRANITEVILLE)}
"""Every validation incident by id."""


# ---- measures ---------------------------------------------------------------------------------
def _first_release_min(model: Any) -> float:
    return min(r.start_min for r in model.scenario.releases)


def measure(exercise: Exercise, hospital: str = "") -> dict[str, float]:
    """Every simulated figure of a finished run (see ``Figure.key``)."""
    m = exercise.model
    summary = exercise.summary()
    casualties = list(m.casualties.values())
    arrived = [c for c in casualties if c.hospital_arrival_min is not None]
    admissions = summary["admissions"]
    identified = m.identified_min
    cohorts = m.exposure.cohorts
    values: dict[str, float] = {
        "deaths": float(summary["deaths"]),
        "deaths_prehospital": float(summary["deaths_prehospital"]),
        "care_seekers": float(summary["hospital_arrivals"] + summary["worried_well"]),
        "ed_visits": float(summary["hospital_arrivals"] + summary["worried_well"]),
        "admissions": float(admissions),
        "icu_share_pct": 100.0 * summary["icu_admissions"] / admissions if admissions else math.nan,
        # Scene-triaged casualties who reached hospital came by ambulance; walk-ins are triaged on arrival.
        "ems_transported": float(sum(1 for c in arrived if c.triaged_min is not None
                                     and c.triaged_min < c.hospital_arrival_min)),
        "identified_after_release_min": (identified if identified is not None else m.env.now)
        - _first_release_min(m),
        "evacuated": float(cohorts.sizes()[cohorts.mode == AWAY].sum()),
    }
    if hospital:
        h = m.hospital_by_id[hospital]
        visits = h.arrivals + h.worried_well_arrivals
        values[f"{hospital.replace('-', '_')}_visits"] = float(visits)
        values[f"{hospital.replace('-', '_')}_admitted_pct"] = 100.0 * h.admissions / visits if visits else math.nan
        values[f"{hospital.replace('-', '_')}_arrest"] = float(sum(
            1 for c in arrived if c.hospital_id == hospital and c.arrest_min is not None))
    return values


def run_one(incident_id: str, seed: int) -> dict[str, float]:
    """One replication to the scenario's end, MSEL delivered on time, run store in a temporary file."""
    incident = INCIDENTS[incident_id]
    with tempfile.TemporaryDirectory(prefix="cbrnsim-validation-") as folder:
        exercise = Exercise.from_file(incident.path, seed, out=os.path.join(folder, "run.db"),
                                      auto_deliver_msel=True)
        try:
            exercise.advance_to(exercise.scenario.end_min)
            return measure(exercise, incident.hospital)
        finally:
            exercise.close()


def replicate(incident_id: str, seeds: Sequence[int], workers: int | None = None,
              run: Callable[[str, int], dict[str, float]] = run_one) -> list[dict[str, float]]:
    """``run`` for every seed, in a process pool of ``workers`` (default: the CPU count)."""
    workers = workers or os.cpu_count() or 1
    if workers == 1:
        return [run(incident_id, s) for s in seeds]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(run, [incident_id] * len(seeds), seeds))


# ---- statistics and verdicts ------------------------------------------------------------------
@dataclass(frozen=True)
class Summary:
    """A simulated figure over replications."""

    mean: float
    """Mean over replications."""
    low: float
    """2.5th percentile over replications."""
    high: float
    """97.5th percentile over replications."""
    standard_error: float
    """Standard error of the mean."""
    n: int
    """Replications."""


def summarise(values: Sequence[float]) -> Summary:
    """Mean, 2.5-97.5 % range and standard error of the mean (NaN replications left out)."""
    x = np.asarray([v for v in values if not math.isnan(v)], dtype=float)
    if x.size == 0:
        return Summary(math.nan, math.nan, math.nan, math.nan, 0)
    se = float(x.std(ddof=1) / math.sqrt(x.size)) if x.size > 1 else math.inf
    return Summary(float(x.mean()), float(np.percentile(x, 2.5)), float(np.percentile(x, 97.5)), se, int(x.size))


def verdict(figure: Figure, summary: Summary) -> str:
    """'within' when the simulated mean is inside the figure's band, else 'too low' / 'too high'."""
    if math.isnan(summary.mean) or summary.mean < figure.low:
        return "too low"
    return "too high" if summary.mean > figure.high else "within"


def _fmt(value: float, unit: str) -> str:
    if math.isnan(value):
        return "—"
    return f"{value:,.1f}" if unit or abs(value) < 100 else f"{value:,.0f}"


def table(incident: Incident, runs: list[dict[str, float]]) -> str:
    """The Markdown table of one incident: published, simulated mean [2.5-97.5 %], band, verdict."""
    rows = ["| outcome | published (source) | simulated mean [95 % range] | accepted band | verdict |",
            "|---|---|---|---|---|"]
    for f in incident.figures:
        s = summarise([r[f.key] for r in runs])
        unit = f" {f.unit}" if f.unit else ""
        rows.append(f"| {f.label} | {f.published} ({f.source}) | {_fmt(s.mean, f.unit)}{unit} "
                    f"[{_fmt(s.low, f.unit)}–{_fmt(s.high, f.unit)}] | {_fmt(f.low, f.unit)}–{_fmt(f.high, f.unit)}"
                    f"{unit} | {verdict(f, s)} |")
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> None:
    """Print the validation tables: ``python -m cbrnsim.validation -n 100``."""
    parser = argparse.ArgumentParser(prog="python -m cbrnsim.validation", description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=100, help="replications per incident (seeds 1..n)")
    parser.add_argument("--workers", type=int, default=None, help="worker processes (default: CPU count)")
    args = parser.parse_args(argv)
    for incident in INCIDENTS.values():
        runs = replicate(incident.id, range(1, args.n + 1), args.workers)
        print(f"\n### {incident.title} ({args.n} replications)\n")
        print(table(incident, runs))


if __name__ == "__main__":
    main()
