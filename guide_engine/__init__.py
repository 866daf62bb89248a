"""guide_engine: the pure-Python engine behind the Train Smart guide.

It scores the self-check quiz and reviews a training week. It uses the standard
library only, so the same code runs in CPython (tests, build, CLI) and in the
browser through Pyodide (a Web Worker). Its one entry point is :func:`handle`,
which takes a JSON-able request and returns a JSON-able response.
"""

from .api import ENGINE_VERSION, PROTOCOL_VERSION, handle

__all__ = ["ENGINE_VERSION", "PROTOCOL_VERSION", "handle"]
__version__ = ENGINE_VERSION
