"""Anonymous throttling: a burst rate and a sustained rate per client address.

Rates come from `REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]` (config/settings.py, set by
API_THROTTLE_BURST and API_THROTTLE_SUSTAINED), read on each request so that a settings
change takes effect at once. Counts live in the default cache: per process unless a shared
cache is configured. Past the rate the API answers 429 with `Retry-After` (seconds).
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle


class AtlasThrottle(AnonRateThrottle):
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class BurstThrottle(AtlasThrottle):
    scope = "anon-burst"


class SustainedThrottle(AtlasThrottle):
    scope = "anon-sustained"
