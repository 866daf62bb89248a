"""Hypothesis profiles for the boundary fuzz tests, chosen with env HYPOTHESIS_PROFILE.

* ``default``: 300 examples per property, the everyday run (``make test``);
* ``fuzz``: 10,000 examples per property and no deadline (``make fuzz``).

Registering ``default`` replaces Hypothesis's own default profile for the whole
pytest session; tests that pass their own ``@settings(max_examples=...)`` keep it.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("default", max_examples=300, deadline=None)
settings.register_profile("fuzz", max_examples=10_000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "default")
settings.load_profile(PROFILE)
