"""A bare Material page built from the site's own theme settings, as a yardstick.

A tiny MkDocs project in a temporary folder: one page, the ``theme`` block of
``mkdocs.yml`` (font off, palette, features, logo icon) without the project's
``custom_dir`` and favicon, the same ``search`` plugin, and no hooks, no extra
JavaScript or CSS. What the article scores beyond this page is the project's
own doing.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

import yaml

PAGE = """# A bare page

This page is built with the same theme settings as the guide, and nothing else:
no custom templates, no hooks, no extra scripts or styles.

## Why it is here

It is the yardstick for the guide's article pages. Whatever an article costs
beyond this page in paint time, bytes or blocking time is the guide's own doing.

Easy runs should feel easy: you can talk in full sentences, and you finish
wanting a little more. Most of a runner's week is made of them.
"""


class _Loader(yaml.SafeLoader):
    """Reads mkdocs.yml, taking ``!ENV [NAME, default]`` as its default."""


_Loader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1]
                        if isinstance(node, yaml.SequenceNode) else None)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/name:", lambda loader, suffix, node: None)


def theme_settings(mkdocs_yml: Path) -> dict:
    theme = dict(yaml.load(mkdocs_yml.read_text(encoding="utf-8"), Loader=_Loader)["theme"])
    theme.pop("custom_dir", None)
    theme.pop("favicon", None)
    return theme


def build(mkdocs_bin: Path, mkdocs_yml: Path, site_url: str) -> tuple[Path, tempfile.TemporaryDirectory]:
    """Build the bare site; returns (site folder, the temp dir to clean up later)."""
    tmp = tempfile.TemporaryDirectory(prefix="bench-bare-")
    root = Path(tmp.name)
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text(PAGE, encoding="utf-8")
    config = {"site_name": "Bare Material", "site_url": site_url, "theme": theme_settings(mkdocs_yml),
              "plugins": ["search"], "nav": [{"Home": "index.md"}]}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([str(mkdocs_bin), "build", "--strict", "--quiet", "-f", str(root / "mkdocs.yml"),
                           "-d", str(root / "site")], capture_output=True, text=True, timeout=120, env=env)
    if proc.returncode != 0:
        tmp.cleanup()
        raise RuntimeError(f"bare reference build failed: {proc.stderr.strip()[-600:]}")
    return root / "site", tmp
