"""How people behave after a CBRN release: the defaults, each with its source.

A scenario may override any value under ``behaviour:``; it should then say why in ``source``.
The defaults describe an urban chemical incident; biological and radiological scenarios will
usually override the care-seeking delays.
"""
from __future__ import annotations

from pydantic import Field

from .common import Fraction, ScenarioModel, SourceText


class Behaviour(ScenarioModel):
    """Behavioural parameters of the public and of triage."""

    self_evacuation_share: Fraction = Field(
        default=0.85,
        description="Share of symptomatic casualties able to walk who reach a hospital on their own (taxi, car, "
                    "on foot) rather than by EMS (0–1). Default 0.85: in Tokyo 1995 the fire department "
                    "transported 688 of about 5,500 patients (≈12 %) (Okumura et al. 1998, Acad Emerg Med "
                    "5:613–617, Part 1); most casualties reach the nearest hospital first, before EMS patients "
                    "(Auf der Heide 2006, Ann Emerg Med 47:34–49, Assumptions 4–5).")
    worried_well_ratio: float = Field(
        default=5.0, ge=0, le=1000, allow_inf_nan=False,
        description="Care-seekers who need no treatment (mildly affected or unexposed, seen and sent home) per "
                    "casualty who needs it (moderate or worse) (ratio); each mild casualty is one of them, the "
                    "rest are the unexposed worried well. Default 5: 'expect a 5:1 ratio of unaffected to "
                    "affected casualties' (US Army SBCCOM, Guidelines for Mass Casualty Decontamination During "
                    "a Terrorist Chemical Agent Incident, Jan 2000 rev. Aug 2003, summary insert); St Luke's, "
                    "Tokyo 1995: 530 sent home per 111 admitted = 4.8 (Ohbu et al. 1997, South Med J 90:587, "
                    "abstract); Graniteville 2005: 525 outpatients per 72 hospitalised = 7.3 (Wenck et al. 2007, "
                    "Public Health Rep 122:784, abstract).")
    care_seeking_delay_median_min: float = Field(
        default=20.0, ge=0, le=7 * 24 * 60, allow_inf_nan=False,
        description="Median time from symptom onset to setting off for care (min), lognormal. Default 20: "
                    "planning assumption calibrated to Tokyo 1995, where releases at about 07:55–08:00 brought "
                    "the first patients to St Luke's International Hospital around 08:40 (S. Ishimatsu, "
                    "Yomiuri Shimbun interview, 4 March 2025) and the surge of 640 patients within hours.")
    care_seeking_delay_gsd: float = Field(
        default=2.0, ge=1, le=10, allow_inf_nan=False,
        description="Geometric standard deviation of that delay (×, ≥1). Default 2: planning assumption "
                    "(no published distribution found); gives a 5–95 % range of about 0.3× to 3× the median.")
    worried_well_delay_median_min: float = Field(
        default=120.0, ge=0, le=7 * 24 * 60, allow_inf_nan=False,
        description="Median time from the first release to a worried-well person setting off (min), lognormal "
                    "with care_seeking_delay_gsd. Default 120: planning assumption — the worried well follow "
                    "media reports; in Tokyo the agent was named on television at about 11:00, three hours "
                    "after the attack (Shirakawa et al., Prehosp Disaster Med 12 (1997) S24).")
    first_call_delay_min: float = Field(
        default=10.0, ge=0, le=24 * 60, allow_inf_nan=False,
        description="From the first release to the first emergency call (min). Default 10: planning assumption "
                    "— in Tokyo the trains ran on after the releases and the first calls reached the fire "
                    "department at about 08:09, 10–15 min after the releases (Okumura et al. 1998, Part 1).")
    overtriage_rate: Fraction = Field(
        default=0.05,
        description="Probability that a casualty who is not critically injured (truly delayed or minor) is tagged "
                    "immediate (0–1). Default 0.05: London, 7 July 2005 — 55 casualties given priority dispatch, "
                    "20 of them critically injured, so 35 of the ~700–755 others (Aylwin et al. 2006, Lancet "
                    "368:2219, abstract). That is a 64 % over-triage rate in Frykberg's sense (share of the "
                    "immediate tags not critical; mean 59 % over ten bombings, Frykberg 2002, J Trauma 53:201), "
                    "a share that depends on the mix and so is not used per casualty.")
    undertriage_rate: Fraction = Field(
        default=0.05,
        description="Share of truly immediate casualties triaged delayed or minor (0–1). Default 0.05: the "
                    "ceiling the American College of Surgeons Committee on Trauma accepts (Resources for "
                    "Optimal Care of the Injured Patient, 2014, ch. 3).")
    walking_speed_m_s: float = Field(
        default=1.07, gt=0, le=3, allow_inf_nan=False,
        description="Walking speed of people leaving an area on foot (m/s). Default 1.07 (3.5 ft/s): the "
                    "pedestrian walking speed of the US MUTCD 2009, §4E.06.")
    self_travel_speed_km_h: float = Field(
        default=15.0, gt=0, le=120, allow_inf_nan=False,
        description="Average speed of casualties travelling to hospital on their own (km/h). Default 15: "
                    "planning assumption for a mix of walking (≈3.9 km/h) and taxis and cars in city traffic.")
    source: SourceText
