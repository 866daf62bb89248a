// The safety rules where they matter: as soon as a session's pain reaches a rule of the
// week's review (the pain rows of checklist.json, rendered into the page at build time),
// its alert shows beside the pain fields, before anything is saved.

import { siteUrl } from "./config.mjs";
import { fill, h } from "./dom.mjs";

const OPS = { ">": (a, b) => a > b, ">=": (a, b) => a >= b, "<": (a, b) => a < b, "<=": (a, b) => a <= b };

export function painRules(root) {
  return [...root.querySelectorAll("[data-pain-rules]")].flatMap((t) => [...t.content.querySelectorAll("[data-rule]")])
    .map((el) => ({ ...el.dataset, when: el.dataset.when.split(";").map((c) => c.trim().split(" ")) }));
}

/** The first rule (most severe first, one per group) that this row's pain answers meet. */
export function alertFor(rules, { pain, flags }) {
  const facts = { max_pain: pain, urgent_flags: flags.filter((f) => f.severity === "urgent").length,
    stop_flags: flags.filter((f) => f.severity === "stop").length };
  return rules.find((r) => r.when.every(([metric, op, value]) => OPS[op](facts[metric] ?? 0, Number(value))));
}

export function showPainAlert(li, rules) {
  const box = li.querySelector("[data-pain-alert]");
  const pain = Number(li.querySelector("[name=pain]").value) || 0;
  const flags = [...li.querySelectorAll("[name=pain_flags]")].filter((i) => i.checked)
    .map((i) => ({ severity: i.dataset.severity, label: i.closest("label").textContent.trim().toLowerCase() }));
  const rule = alertFor(rules, { pain, flags });
  box.hidden = !rule;
  if (!rule) return fill(box);
  const text = rule.text.replace("{max_pain}", String(pain))
    .replace("{pain_flag_labels}", flags.filter((f) => f.severity === "stop").map((f) => f.label).join(", "));
  box.dataset.severity = rule.severity;
  fill(box, h("p", { class: "guide-pain-alert__title" }, rule.title), h("p", {}, text, " ", h("a", { href: siteUrl(rule.link) }, "When to stop and get help")));
}
