"""The text of a new scenario: valid as written, every placeholder marked ``# REPLACE:``.

Sourced operational defaults (turnout times, crews, bed occupancy, surge discharge, decon
throughput) are those of the bundled scenarios, with the same citations. Sizes of fictional
hospitals, fleets and populations are placeholders the author replaces with their own figures.
Places are laid out on rings around the incident site at the local origin.
"""
from __future__ import annotations

import datetime as dt
import json
import math

from ..agentlib import AgentLibrary
from .answers import Answers
from .plan import msel_block, objectives_block
from .profiles import PROFILES, Profile, hospital_stock, release_block

REPLACE_MARK = "# REPLACE:"
"""The comment that marks every placeholder value of a new scenario."""


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _ring(index: int, count: int, radii_m: tuple[int, int], offset_deg: float) -> tuple[int, int]:
    """Point `index` of `count` spread round the origin, alternating between two distances (m)."""
    angle = math.radians(offset_deg + 360.0 * index / count)
    radius = radii_m[index % 2]
    return round(radius * math.sin(angle), -1), round(radius * math.cos(angle), -1)


def scenario_text(answers: Answers, library: AgentLibrary, today: dt.date) -> str:
    """The whole YAML text of a new scenario."""
    profile = PROFILES[answers.threat]
    agent = library.get(answers.agent)
    parts = [
        _header(answers, agent.name, today),
        _metadata(answers, agent.name, profile),
        _geography(answers, profile),
        _weather(answers.threat),
        "releases:\n" + release_block(answers.threat, answers.agent),
        _population(profile),
        _responders(answers.stations, profile),
        _hospitals(answers, profile, _antidote_words(agent)),
        _countermeasures(answers.threat),
        "objectives:\n" + objectives_block(answers.threat),
        "msel:\n" + msel_block(answers.threat, answers.agent, _station_ids(answers.stations)[-1]),
    ]
    return "\n".join(p for p in parts if p)


def _antidote_words(agent: object) -> tuple[str, ...]:
    names = [getattr(a, "name", "") for a in getattr(agent, "antidotes", [])]
    return tuple(word.lower() for name in names for word in name.replace(",", " ").split())


def _header(answers: Answers, agent_name: str, today: dt.date) -> str:
    return f"""\
# cbrnsim scenario: {answers.threat} ({agent_name}), {answers.place}.
# Started with `cbrnsim new` on {today.isoformat()}.
#
# EXERCISE GRADE: the models are simplified and sourced, not for operational hazard prediction.
#
# This file is valid and runs as written. Every value marked '{REPLACE_MARK}' is a placeholder:
# replace it with your own figure (the comment says where to find it), then delete the mark.
# Values without the mark carry their source in a comment or a `source:` field.
# Check:   cbrnsim validate THIS.yaml [--explain]
# Preview: cbrnsim hazard THIS.yaml --png footprint.png
# Run:     cbrnsim run THIS.yaml
# Guide:   docs/authoring.md and docs/scenario-format.md
schema_version: 1
"""


def _metadata(answers: Answers, agent_name: str, profile: Profile) -> str:
    title = f"Exercise — {agent_name} incident, {answers.place}"
    return f"""\
metadata:
  title: {_q(title)}   {REPLACE_MARK} your exercise name
  handling_marking: "EXERCISE — FOR TRAINING ONLY"
  summary: >-
    {REPLACE_MARK} two or three sentences for a newcomer: what happens, where and when, and
    what the players must do.
  exercise_type: tabletop
  scenario_version: "0.1"
  organisers: ["Organising agency"]   {REPLACE_MARK} who designs and runs the exercise
  start: "{answers.start.isoformat(timespec='minutes')}"   # local time of STARTEX (T+00:00), no offset
  time_zone: {_q(answers.tz)}
  duration_min: {profile.duration_min}   # {profile.duration_comment}
"""


def _geography(answers: Answers, profile: Profile) -> str:
    w = profile.half_width_m
    return f"""\
geography:
  area_name: {_q(answers.place)}
  # Local frame: origin at the incident site; x east, y north, metres. Every place must lie inside.
  bounds: {{x_min_m: -{w}, x_max_m: {w}, y_min_m: -{w}, y_max_m: {w}}}
  # Add origin_lat_deg / origin_lon_deg (both) to export maps as GeoJSON on real coordinates.
"""


def _weather(threat: str) -> str:
    terrain = "urban"
    return f"""\
weather:
  - time_min: 0
    wind_speed_m_s: 3.0    {REPLACE_MARK} the forecast or climatology for your date and hour (met office)
    wind_from_deg: 270     {REPLACE_MARK} direction the wind blows FROM, degrees from north
    stability: D           {REPLACE_MARK} Pasquill class from wind speed and cloud/sunshine (Turner 1970, Table 1); D = neutral
    terrain: {terrain}         # urban or rural Briggs (1973) dispersion coefficients
    temperature_c: 15      {REPLACE_MARK} air temperature (°C)
    note: "Placeholder weather from cbrnsim new."
"""


def _population(profile: Profile) -> str:
    d = profile.district_half_m
    return f"""\
population:
  # {REPLACE_MARK} counts and shapes: use census or daytime-population figures of your area.
  - id: site
    name: "Incident site"
    kind: mixed
    centre: {{x_m: 0, y_m: 0}}
    radius_m: 300
    count: 2000            {REPLACE_MARK} people present at STARTEX
    indoor_fraction: 0.5   {REPLACE_MARK} share indoors at STARTEX (0–1)
    source: "REPLACE: placeholder from cbrnsim new."
  - id: district
    name: "Surrounding district"
    kind: residential
    polygon:
      - {{x_m: -{d}, y_m: -{d}}}
      - {{x_m: {d}, y_m: -{d}}}
      - {{x_m: {d}, y_m: {d}}}
      - {{x_m: -{d}, y_m: {d}}}
    count: {profile.district_count}          {REPLACE_MARK} residents and workers present at STARTEX
    indoor_fraction: 0.8   {REPLACE_MARK} share indoors at STARTEX (0–1)
    source: "REPLACE: placeholder from cbrnsim new."
"""


def _station_ids(count: int) -> list[str]:
    return ["fire-1"] + [f"amb-{i}" for i in range(1, count)]


_AMBULANCE = """\
      ambulance:
        count: {count}               {mark} ambulances on shift at this station
        crew: 2                # double-crewed emergency ambulance, the European norm
        # Straight-line effective speed: urban lights-and-sirens road speeds of ~40–50 km/h
        # (Pappinen & Nordquist 2022, Nurs Rep 12:50) divided by a road-circuity factor of ~1.3.
        speed_km_h: 35
        turnout_min: 1.0       # NFPA 1710 (2020) §4.1.2.1: EMS turnout 60 s
        patients_per_unit: 1   # one stretcher patient per ambulance
        handover_min: 20       # planning assumption (ED handover in a surge; no single published value)
        source: "Count: REPLACE (placeholder). Crew/turnout: NFPA 1710 (2020); speed: see comment."
"""

_FIRE_BASE = """\
      fire_rescue:
        count: 3               {mark} appliances on shift
        crew: 4                # NFPA 1710 (2020) §5.2.3.1.1: engine companies of at least four
        speed_km_h: 35         # as ambulances
        turnout_min: 1.33      # NFPA 1710 (2020) §4.1.2.1: fire turnout 80 s
        extraction_people_per_h: 6   # planning assumption (as the bundled scenarios): stretcher carries in PPE
        gross_decon: true
        source: "Count: REPLACE (placeholder); crew and turnout NFPA 1710 (2020)."
      hazmat:
        count: 1
        crew: 6                # planning assumption: entry team of 2 + backup 2 + decon 2
        speed_km_h: 35
        turnout_min: 3
        setup_min: 15          {mark} your HAZMAT unit's drill time (PPE, briefing, entry control)
        identification_min: 20 {mark} your detectors' time to a presumptive identification
        extraction_people_per_h: 4
        source: "Planning assumptions as in the bundled scenarios; replace with your HAZMAT unit's drill times."
      decon:
        count: 1
        crew: 10
        speed_km_h: 30
        turnout_min: 5
        setup_min: 20
        ambulatory_people_per_h: 120
        non_ambulatory_people_per_h: 12
        source: >-
          Planning values of the order discussed in the US Army ECBC Guidelines for Mass Casualty
          Decontamination During a HAZMAT/WMD Incident (2013, ECBC-SP-036) and PRISM (2015); the
          exact figures were not verified against those documents: replace with your unit's drill data.
"""


def _responders(count: int, profile: Profile) -> str:
    lines = ["responders:",
             "  call_processing_min: 1.0   # NFPA 1221 (2019) §7.4.2: alarm processing within 60 s for 90 % of calls",
             "  source: \"Fleet sizes: REPLACE (placeholders from cbrnsim new); timings as cited per pool.\"",
             "  stations:"]
    for index, station_id in enumerate(_station_ids(count)):
        x, y = _ring(index, count, profile.station_ring_m, 20.0)
        name = "Fire station 1 (HAZMAT and decontamination base)" if index == 0 else f"Ambulance station {index}"
        lines += [f"    - id: {station_id}",
                  f"      name: {_q(name)}   {REPLACE_MARK} the station's name",
                  f"      location: {{x_m: {x:g}, y_m: {y:g}}}   {REPLACE_MARK} where it is (m from the incident site)"]
        if index == 0:
            lines.append(_FIRE_BASE.format(mark=REPLACE_MARK).rstrip("\n"))
        if index > 0 or count == 1:
            lines.append(_AMBULANCE.format(count=6, mark=REPLACE_MARK).rstrip("\n"))
    return "\n".join(lines) + "\n"


_HOSPITAL_COMMENT = """\
  # Sizes are placeholders ({mark} staffed beds from each hospital's bed report). Baseline
  # occupancy: general/acute wards ~90 % and adult critical care ~80 % (NHS England bed
  # availability and occupancy KH03 and critical-care capacity returns, 2023–24); ED spaces and
  # ventilators at ~50 % are planning assumptions. Surge: 44 % of inpatients were found safe for
  # early discharge, most of it within 24–48 h (Kelen et al. 2009, Disaster Med Public Health
  # Prep 3(2 Suppl):S10); activation time and overflow spaces are planning assumptions.
"""


def _hospitals(answers: Answers, profile: Profile, antidote_words: tuple[str, ...]) -> str:
    ed, ward, icu, vent, burn = 30, 300, 12, 14, profile.burn_beds
    lines = ["hospitals:", _HOSPITAL_COMMENT.format(mark=REPLACE_MARK).rstrip("\n")]
    stock = hospital_stock(answers.threat, antidote_words)
    for index in range(answers.hospitals):
        x, y = _ring(index, answers.hospitals, profile.hospital_ring_m, 60.0)
        burn_cap = f", burn_beds: {burn}" if burn else ""
        burn_used = f", burn_beds: {round(burn * 0.8)}" if burn else ""
        lines.append(f"""\
  - id: h{index + 1}
    name: "Hospital {index + 1}"   {REPLACE_MARK} the hospital's name
    location: {{x_m: {x:g}, y_m: {y:g}}}   {REPLACE_MARK} where its emergency department is
    capacity: {{ed_spaces: {ed}, ward_beds: {ward}, icu_beds: {icu}{burn_cap}, ventilators: {vent}}}   {REPLACE_MARK} staffed beds
    baseline_occupied: {{ed_spaces: {ed // 2}, ward_beds: {round(ward * 0.9)}, icu_beds: {round(icu * 0.8)}{burn_used}, ventilators: {vent // 2}}}   # see the comment above
    surge: {{activation_min: 30, ward_discharge_fraction: 0.44, icu_discharge_fraction: 0.10, discharge_over_h: 24,
            extra_ed_spaces: 10, extra_icu_beds: 2,
            source: "Discharge share and pace: Kelen et al. 2009. Activation, overflow and ICU conversion: planning assumptions."}}
    decon_people_per_h: 20   {REPLACE_MARK} walk-in decontamination at the ED door (persons/h); 0 = none
    decon_setup_min: 30      {REPLACE_MARK} from alert to the hospital decon line working
    stock: {stock}
    source: "REPLACE: placeholder hospital from cbrnsim new (see the comment above)."\
""")
    return "\n".join(lines) + "\n"


def _countermeasures(threat: str) -> str:
    if threat == "biological":
        return f"""\
countermeasures:
  points_of_dispensing:
    - id: pod-1
      name: "Point of dispensing 1"   {REPLACE_MARK} the site (a school gym, a sports hall)
      location: {{x_m: 2500, y_m: 2500}}   {REPLACE_MARK} where it is
      open_after_min: 720     # 12 h: the US SNS push-package arrival time (CDC SNS), a planning figure
      people_per_h: 150       # District of Columbia SNS exercise (Giovachino et al. 2005, J Public Health Manag Pract 11:282)
      drug: doxycycline_100mg
      source: "Throughput: Giovachino et al. 2005; opening: CDC SNS 12-hour push package."
"""
    if threat == "radiological":
        return f"""\
countermeasures:
  reception_centres:
    - id: crc-1
      name: "Community reception centre 1"   {REPLACE_MARK} the site (a sports centre with showers)
      location: {{x_m: -4000, y_m: -3000}}   {REPLACE_MARK} where it is, upwind of the release
      open_after_min: 240     # planning assumption (CDC Population Monitoring in Radiation Emergencies, 2014, sets none)
      people_per_h: 100       {REPLACE_MARK} your screening throughput: exercise data vary widely (Finklea et al. 2022)
      decon_showers_per_h: 30   {REPLACE_MARK} people showered per hour
      source: "REPLACE: throughputs are placeholders; see Finklea, Salame-Alfie & Ansari 2022 (CDC CRC exercises)."
"""
    return ""
