"""guide_site: the Train Smart site's build steps, for MkDocs and Zensical alike.

Build-time code only: it lives beside ``guide_engine``, not in it, so the engine
wheel that readers' browsers download carries none of it. It is importable once
``make install`` has installed the project in editable mode (the editable install's
``.pth`` file puts the repository on ``sys.path`` of the venv's Python, which runs
``mkdocs`` and ``zensical``).

* ``guide_site.tool_forms``: the Markdown extension that renders the tool forms;
* ``python -m guide_site --check``: the content check, before either generator runs;
* ``python -m guide_site SITE_DIR``: finishes a built site (:func:`finish`);
* ``guide_site/mkdocs_hook.py``: the thin MkDocs hook that runs both around ``mkdocs``.
"""

from .errors import BuildError
from .steps import check, finish

__all__ = ["BuildError", "check", "finish"]
