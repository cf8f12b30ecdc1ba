"""Exercise-grade hazard models for cbrnsim, one module per family.

- ``dispersion`` (with ``puff``, ``densegas`` and ``meteo``): Gaussian plume and puff
  transport of an airborne agent, Pasquill–Gifford stability with Briggs or ISC3 sigmas,
  dense-gas correction after Britter & McQuaid (1988).
- ``toxicology``: chemical dose–response (toxic load, probits, AEGL / LCt50 thresholds).
- ``radiological``: inhalation and groundshine dose, RDD blast.
- ``nuclear``: blast, thermal and prompt radiation by scaling; fallout dose rate.
- ``biological``: infection dose–response, incubation, transmission.

These are EXERCISE-GRADE models for training and planning discussions. They are not
validated for operational hazard prediction and must not be used to make protective-action
decisions in a real incident.
"""
