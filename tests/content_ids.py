"""The engine's content as the tests see it: read straight from guide_engine/data, so
a test's expectations come from the data files, not from the engine's own loader."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHECKLIST = json.loads((ROOT / "guide_engine" / "data" / "checklist.json").read_text(encoding="utf-8"))
QUIZ = json.loads((ROOT / "guide_engine" / "data" / "quiz.json").read_text(encoding="utf-8"))

KINDS = [k["id"] for k in CHECKLIST["kinds"]]
INTENTS = [i["id"] for i in CHECKLIST["intents"]]
FLAGS = [f["id"] for f in CHECKLIST["pain_flags"]]
FEELINGS = [f["id"] for f in CHECKLIST["feelings"]]
ITEMS = [i["id"] for i in CHECKLIST["items"]]
ANSWERS = [a["id"] for a in CHECKLIST["answers"]]
START_DAYS = CHECKLIST["start_days"]
LIMITS = CHECKLIST["limits"]
