// The weekly tool's page: its entry module, loaded just before assets/guide.mjs (guide_site/pages.py).
// The tool is imported up front so that it mounts before the theme's bundle runs.
import { provide } from "../guide.mjs";
import { mountChecklist } from "./checklist.mjs";

provide("checklist", mountChecklist);
