"""``python -m guide_site SITE_DIR``: finish a built site; ``--check``: check the content only.

Exit status: 0 done, 1 the build step failed (the message says why), 2 usage problem.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from . import BuildError, check, finish


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m guide_site", description=(
        "Finish a site built by MkDocs or Zensical: the Python runtime, the wheels, the lock file, "
        "the build's facts in every page, the Content-Security-Policy and the offline manifest."))
    parser.add_argument("site_dir", nargs="?", type=Path, help="the built site's folder")
    parser.add_argument("--check", action="store_true", help="only check the engine's content and the build's inputs")
    parser.add_argument("--no-csp", action="store_true", help="leave the Content-Security-Policy out (development servers)")
    args = parser.parse_args(argv)
    if args.check == (args.site_dir is not None):
        parser.error("give either SITE_DIR or --check")
    started = time.monotonic()
    try:
        if args.check:
            check()
            print("guide_site: content and build inputs are valid")
        else:
            facts = finish(args.site_dir, with_csp=not args.no_csp)
            print(f"guide_site: finished {args.site_dir} (engine {facts['engine']}, build {facts['build']}) "
                  f"in {time.monotonic() - started:.1f} s")
    except BuildError as exc:
        print(f"guide_site: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
