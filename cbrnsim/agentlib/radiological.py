"""The radiological agent class: one radionuclide as it would be met in an RDD or a lost source.

Every number is a :class:`Sourced` value with the unit in the field name. Dose coefficients
are ICRP 72 adult members of the public (inhalation: 1 µm AMAD, by lung absorption type);
external coefficients are effective-dose rates from Federal Guidance Report 12, *including*
the short-lived progeny in equilibrium (e.g. Ba-137m for Cs-137), so that a model never has
to remember to add the daughter itself.
"""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import AgentBase, Frozen, Sourced

AbsorptionType = Literal["F", "M", "S"]
"""ICRP 66 lung absorption types: fast, moderate, slow."""


class Emission(Frozen):
    """One principal radiation emitted per decay (of the nuclide or its progeny)."""

    radiation: Literal["alpha", "beta-", "beta+", "gamma", "x-ray"] = Field(description="Kind of radiation.")
    emitter: str = Field(description="Nuclide that emits it, e.g. 'Ba-137m' for the 662 keV line of Cs-137.")
    energy_kev: float = Field(gt=0, description="Energy (mean energy for beta), keV.")
    yield_per_decay: float = Field(gt=0, le=2, description="Emissions per decay of the parent.")
    source: str = Field(min_length=3, description="Document and table the energy and yield come from.")


class Progeny(Frozen):
    """A short-lived daughter that is in secular equilibrium with the parent."""

    nuclide: str = Field(description="Daughter nuclide, e.g. 'Ba-137m'.")
    branching_fraction: Sourced[float] = Field(description="Fraction of parent decays that produce it.")


class InhalationCoefficients(Frozen):
    """Committed effective dose per unit intake by inhalation, by lung absorption type (Sv/Bq)."""

    type_f_sv_per_bq: Sourced[float] | None = Field(default=None, description="Type F (fast).")
    type_m_sv_per_bq: Sourced[float] | None = Field(default=None, description="Type M (moderate).")
    type_s_sv_per_bq: Sourced[float] | None = Field(default=None, description="Type S (slow).")
    default_type: Sourced[AbsorptionType] = Field(description="Recommended type when the compound is unknown.")

    def coefficient(self, absorption: AbsorptionType) -> Sourced[float]:
        """The coefficient for one absorption type; KeyError if the source gives none."""
        value = {"F": self.type_f_sv_per_bq, "M": self.type_m_sv_per_bq, "S": self.type_s_sv_per_bq}[absorption]
        if value is None:
            raise KeyError(f"no inhalation coefficient for absorption type {absorption}")
        return value


class TypicalSource(Frozen):
    """A kind of sealed source in which the nuclide is used, with a typical activity."""

    application: str = Field(description="Use, e.g. 'blood irradiator'.")
    activity_tbq: Sourced[float] = Field(description="Typical activity of one source, TBq.")
    iaea_category: Sourced[int] = Field(description="IAEA source category 1 (most dangerous) to 5.")


class RadiologicalAgent(AgentBase):
    """A radionuclide: decay data, dose coefficients and the sources it is found in."""

    category: Literal["radiological"] = Field(description="Agent class; selects this model.")
    nuclide: str = Field(description="Nuclide symbol as written in the tables, e.g. 'Cs-137'.")
    half_life_y: Sourced[float] = Field(description="Physical half-life, years.")
    decay_mode: Sourced[str] = Field(description="Decay mode(s), e.g. 'beta-'.")
    principal_emissions: list[Emission] = Field(description="Principal radiations per decay, progeny included.")
    progeny_in_equilibrium: list[Progeny] = Field(default_factory=list, description="Short-lived daughters included in the external coefficients.")
    inhalation: InhalationCoefficients = Field(description="ICRP 72 adult public inhalation coefficients, 1 µm AMAD.")
    ingestion_sv_per_bq: Sourced[float] = Field(description="ICRP 72 adult public ingestion coefficient, Sv/Bq.")
    groundshine_sv_h_per_bq_m2: Sourced[float] = Field(description="Effective dose rate 1 m above a contaminated plane, progeny included, (Sv/h)/(Bq/m²).")
    cloudshine_sv_h_per_bq_m3: Sourced[float] = Field(description="Effective dose rate immersed in a semi-infinite cloud, progeny included, (Sv/h)/(Bq/m³).")
    gamma_constant_msv_m2_per_gbq_h: Sourced[float] | None = Field(default=None, description="Dose rate at 1 m from a 1 GBq point source, mSv/h; None for pure beta emitters.")
    d_value_tbq: Sourced[float] = Field(description="IAEA dangerous quantity (D-value), TBq.")
    typical_sources: list[TypicalSource] = Field(default_factory=list, description="Sources found in industry and medicine.")
