"""Modules imported on first use: commands that never need the pipeline (``--version``,
``--help``, ``settings``) do not pay for scikit-learn, datasketch and friends.

Input: a module's name; output: the module, loaded by the standard library's LazyLoader when
one of its attributes is first read.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


def lazy_module(name: str) -> ModuleType:
    """a module's dotted name -> the module, executed only when first used (at once when
    it is imported already)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ImportError(f"no module named {name!r}")
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module
