"""Standard-library modules that arrive with the readers' package, not with Python.

The site's trimmed standard library leaves out modules the engine never needs
until a reader imports files; the ``guide-engine-readers`` package brings them
into ``site-packages``. A whole package (``xml``, ``http``) or module (``csv``)
there is found as usual, but ``urllib.request`` belongs to ``urllib``, which the
trimmed library keeps: Python looks for its submodules only in that package's own
folder. :func:`ensure` adds the ``site-packages`` folder of such a package to its
search path. In CPython, which has them all, it changes nothing.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys

# Modules inside packages that the trimmed standard library keeps.
SPLIT = ("urllib.request",)


def ensure() -> None:
    """Make the readers' copies of :data:`SPLIT` modules importable, where Python lacks them."""
    for name in SPLIT:
        parent, _, child = name.rpartition(".")
        if importlib.util.find_spec(name) is not None:
            continue
        package = importlib.import_module(parent)
        for entry in sys.path:
            folder = os.path.join(entry, *parent.split("."))
            if os.path.isfile(os.path.join(folder, child + ".py")) and folder not in package.__path__:
                package.__path__.append(folder)
