"""Import litellm on first use, configured to work offline.

litellm takes seconds to import, so nothing imports it at module level; the
CLI only pays for it when an LLM is actually called. Before the import, the
``LITELLM_LOCAL_*`` switches make it read its bundled model cost map and
Anthropic header table instead of fetching them from GitHub.
"""

from __future__ import annotations

import logging
import os
from functools import cache
from types import ModuleType

_OFFLINE_SWITCHES = {
    "LITELLM_LOCAL_MODEL_COST_MAP": "True",
    "LITELLM_LOCAL_ANTHROPIC_BETA_HEADERS": "True",
}
_LITELLM_LOGGERS = ("LiteLLM", "LiteLLM Router", "LiteLLM Proxy")


@cache
def load_litellm() -> ModuleType:
    """The litellm module, imported once with network fetches, telemetry and its own logging off.

    litellm logs every failed attempt itself; the provider reports failures
    through our logger instead, so litellm's loggers only pass critical lines.
    """
    for name, value in _OFFLINE_SWITCHES.items():
        os.environ.setdefault(name, value)
    import litellm

    litellm.telemetry = False
    litellm.suppress_debug_info = True
    for name in _LITELLM_LOGGERS:
        logging.getLogger(name).setLevel(logging.CRITICAL)
    return litellm
