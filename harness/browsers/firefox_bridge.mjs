// Firefox for the smoke suite: puppeteer-core (npm) drives Debian's firefox-esr over
// WebDriver BiDi, with no geckodriver (Debian has none, and nothing may be downloaded).
// harness/browsers/firefox.py starts this script and sends it one JSON request a line on
// stdin: {"id", "op", "args"}; it answers one line each on stdout: {"id", "value"} or
// {"id", "error"}. The ops are the page primitives of harness/browsers/page.py.
//
//   node firefox_bridge.mjs FIREFOX_PATH BASE_URL

import { createInterface } from "node:readline";
import puppeteer from "puppeteer-core";

const [executablePath, baseUrl] = process.argv.slice(2);
const TIMEOUT_MS = 120000;

const browser = await puppeteer.launch({
  browser: "firefox",
  executablePath,
  headless: true,
  // Firefox prefetches <link rel="next"> pages; that traffic is not the page's own.
  extraPrefsFirefox: { "network.prefetch-next": false },
});
const page = await browser.newPage();
page.setDefaultTimeout(TIMEOUT_MS);
page.setDefaultNavigationTimeout(TIMEOUT_MS);
await page.setViewport({ width: 390, height: 844, deviceScaleFactor: 2, isMobile: true, hasTouch: true });

const problems = [];
page.on("console", (m) => { if (m.type() === "error") problems.push(`console error: ${m.text()}`); });
page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
page.on("request", (r) => {
  const url = r.url();
  if (!url.startsWith(baseUrl) && !/^(data|blob|about):/.test(url)) problems.push(`request to another host: ${url}`);
});

const ops = {
  version: () => browser.version(),
  navigate: ({ url }) => page.goto(url, { waitUntil: "load" }).then(() => null),
  reload: () => page.reload({ waitUntil: "load" }).then(() => null),
  // The function source and its argument become one expression, evaluated by the driver
  // (not by eval() in the page, which the site's CSP forbids).
  evaluate: ({ fn, arg }) => page.evaluate(`(${fn})(${JSON.stringify(arg ?? null)})`),
  click: ({ selector }) => page.click(selector),
  type: async ({ selector, text }) => {
    await page.$eval(selector, (el) => { el.value = ""; });
    await page.type(selector, text);
  },
  // BiDi's input.setFiles: the input's files are set and input and change fire, as from the picker.
  upload: async ({ selector, paths }) => {
    const input = await page.$(selector);
    await input.uploadFile(...paths);
  },
  url: () => page.url(),
  problems: () => problems.splice(0),
  close: async () => {
    await browser.close();
    setImmediate(() => process.exit(0));
  },
};

const send = (msg) => process.stdout.write(`${JSON.stringify(msg)}\n`);
send({ id: 0, value: "started" });
for await (const line of createInterface({ input: process.stdin })) {
  const { id, op, args } = JSON.parse(line);
  try {
    const value = await ops[op](args || {});
    send({ id, value: value === undefined ? null : value });
  } catch (err) {
    send({ id, error: `${err.name}: ${err.message}` });
  }
}
await browser.close(); // stdin closed: the test process is gone
