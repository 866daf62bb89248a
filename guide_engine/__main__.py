"""Command line: ``python -m guide_engine``.

Usage::

    python -m guide_engine REQUEST.json      # a whole request {"type": ..., "data": ...}
    python -m guide_engine -                 # the same, read from standard input
    python -m guide_engine quiz ANSWERS.json # shorthand: the file holds the request's data
    python -m guide_engine review WEEK.json
    python -m guide_engine activities FILE...  # watch and app files, a Strava export zip
    python -m guide_engine version

The response is printed as JSON. Exit status: 0 for a result, 1 for an error
response (the JSON says which field), 2 for a usage problem.
"""

from __future__ import annotations

import argparse
import json
import sys

from .api import REQUEST_TYPES, handle


def _read(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    with open(path, encoding="utf-8") as fh:
        return fh.read()


def activities_data(paths: list[str]) -> dict:
    """The ``activities`` request's data for files on this computer, in its local time zone."""
    import os

    from .activities.timezone import local_transitions

    files = [{"name": os.path.basename(p), "path": os.path.abspath(p)} for p in paths]
    return {"files": files, "tz": local_transitions()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m guide_engine", description=__doc__.split("\n\n")[0],
                                     epilog=f"Request types: {', '.join(REQUEST_TYPES)}.")
    parser.add_argument("first", help="a request file, '-' for standard input, or a request type")
    parser.add_argument("data", nargs="*", help="with a request type: a file holding the request's data ('-' for stdin); "
                        "with activities: the activity files")
    args = parser.parse_args(argv)

    try:
        if args.first == "activities":
            request = {"v": 1, "id": 1, "type": "activities", "data": activities_data(args.data)}
        elif args.first in REQUEST_TYPES:
            if len(args.data) > 1:
                parser.error(f"{args.first} takes one data file")
            data = json.loads(_read(args.data[0])) if args.data else {}
            request = {"v": 1, "id": 1, "type": args.first, "data": data}
        elif args.data:
            parser.error(f"unknown request type {args.first!r}; expected one of {', '.join(REQUEST_TYPES)}")
        else:
            request = json.loads(_read(args.first))
    except OSError as exc:
        print(f"guide_engine: cannot read {exc.filename}: {exc.strerror}", file=sys.stderr)
        return 2
    except (ValueError, RecursionError) as exc:
        print(f"guide_engine: the input is not valid JSON: {exc}", file=sys.stderr)
        return 2

    response = handle(request)
    json.dump(response, sys.stdout, indent=2, sort_keys=True, ensure_ascii=True)
    sys.stdout.write("\n")
    return 0 if response["type"] == "result" else 1


if __name__ == "__main__":
    sys.exit(main())
