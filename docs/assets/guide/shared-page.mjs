// The page that opens a shared week: its entry module, loaded just before assets/guide.mjs (guide_site/pages.py).
// The tool is imported up front so that it mounts before the theme's bundle runs.
import { provide } from "../guide.mjs";
import { mountShared } from "./shared.mjs";

provide("shared", mountShared);
