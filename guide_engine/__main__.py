"""Command line: ``python -m guide_engine``.

Usage::

    python -m guide_engine REQUEST.json      # a whole request {"type": ..., "data": ...}
    python -m guide_engine -                 # the same, read from standard input
    python -m guide_engine < REQUEST.json    # no argument: standard input too
    python -m guide_engine quiz ANSWERS.json # shorthand: the file holds the request's data
    python -m guide_engine review WEEK.json
    python -m guide_engine activities FILE...  # watch and app files, a Strava export zip
    python -m guide_engine version

The response is printed as JSON. Input that is not JSON gets the same structured
``json`` error the browser's worker gets; a UTF-8 byte-order mark is accepted.
Exit status: 0 for a result, 1 for an error response (the JSON says which field),
2 for a usage problem (an unknown request type, a file that cannot be read).
"""

from __future__ import annotations

import argparse
import json
import sys

from .api import MAX_DEPTH, REQUEST_TYPES, dumps, handle, handle_json, nesting_depth
from .errors import EngineError


def _read(path: str) -> str:
    if path == "-":
        text = sys.stdin.buffer.read().decode("utf-8", "replace")
    else:
        with open(path, encoding="utf-8", errors="replace") as fh:
            text = fh.read()
    return text.removeprefix("\ufeff")  # a byte-order mark, as some editors on Windows write


def activities_data(paths: list[str]) -> dict:
    """The ``activities`` request's data for files on this computer, in its local time zone."""
    import os

    from .activities.timezone import local_transitions

    files = [{"name": os.path.basename(p), "path": os.path.abspath(p)} for p in paths]
    return {"files": files, "tz": local_transitions()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m guide_engine", description=__doc__.split("\n\n")[0],
                                     epilog=f"Request types: {', '.join(REQUEST_TYPES)}.")
    parser.add_argument("first", nargs="?", default="-",
                        help="a request file, '-' or nothing for standard input, or a request type")
    parser.add_argument("data", nargs="*", help="with a request type: a file holding the request's data ('-' for stdin); "
                        "with activities: the activity files")
    args = parser.parse_args(argv)

    try:
        if args.first == "activities":
            response = handle({"v": 1, "id": 1, "type": "activities", "data": activities_data(args.data)})
        elif args.first in REQUEST_TYPES:
            if len(args.data) > 1:
                parser.error(f"{args.first} takes one data file")
            text = _read(args.data[0]) if args.data else "{}"
            try:
                if nesting_depth(text) > MAX_DEPTH:  # checked before parsing, as handle_json does
                    raise EngineError("too_deep", f"The request nests more than {MAX_DEPTH} levels deep.", "data")
                try:
                    data = json.loads(text)
                except (ValueError, RecursionError) as exc:  # the worker's structured answer, not a traceback
                    raise EngineError("json", f"The request is not valid JSON ({exc}).", "data") from None
            except EngineError as error:
                response = {"v": 1, "id": 1, "type": "error", "error": error.as_dict()}
            else:
                response = handle({"v": 1, "id": 1, "type": args.first, "data": data})
        elif args.data:
            parser.error(f"unknown request type {args.first!r}; expected one of {', '.join(REQUEST_TYPES)}")
        else:
            response = json.loads(handle_json(_read(args.first)))
    except OSError as exc:
        print(f"guide_engine: cannot read {exc.filename}: {exc.strerror}", file=sys.stderr)
        return 2

    print(json.dumps(json.loads(dumps(response)), indent=2, sort_keys=True, ensure_ascii=True))
    return 0 if response["type"] == "result" else 1


if __name__ == "__main__":
    sys.exit(main())
