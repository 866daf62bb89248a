"""Build step: the small front-end libraries the site serves itself.

:func:`apply` copies each library's browser module, with its licence beside it, from
``node_modules`` (pinned in package.json and package-lock.json, installed by ``npm ci``)
into ``site/assets/vendor/``. Nothing is fetched from a CDN, and nothing fetched is kept
in the repository. It runs before the CSP and the offline manifest (``steps.finish``),
so the service worker precaches the copies like any other asset.

* uqr (MIT): encodes a share link as a QR code, which ``assets/guide/qr.mjs`` draws as
  SVG; imported only when a code is drawn.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from .errors import BuildError

ROOT = Path(__file__).resolve().parents[1]
NODE_MODULES = ROOT / "node_modules"
# site path -> (npm package, file inside it)
FILES = {
    "assets/vendor/uqr.mjs": ("uqr", "dist/index.mjs"),
    "assets/vendor/uqr.LICENSE.txt": ("uqr", "LICENSE"),
}


def pinned_version(package: str) -> str:
    """The exact version package.json pins (a range would let a build pick up another)."""
    pins = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]
    return pins[package]


def apply(site: Path) -> None:
    """Copy the pinned libraries into ``site``; raises :class:`BuildError` when one is missing or another version."""
    for target, (package, name) in FILES.items():
        source = NODE_MODULES / package / name
        installed = NODE_MODULES / package / "package.json"
        if not source.is_file() or not installed.is_file():
            raise BuildError(f"node_modules/{package}/{name} is missing: run `npm ci` (make install does it).")
        version = json.loads(installed.read_text(encoding="utf-8"))["version"]
        if version != pinned_version(package):
            raise BuildError(f"node_modules/{package} is {version}, but package.json pins {pinned_version(package)}: "
                             "run `npm ci`.")
        (site / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, site / target)
