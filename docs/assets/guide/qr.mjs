// A QR code of a share link, drawn on the device as SVG (black on white in every theme,
// so a camera reads it in dark mode too). The encoder is uqr (MIT, a port of Project
// Nayuki's QR Code generator), pinned in package.json and copied into the site by the
// build (overrides/hooks/vendor.py); it is imported the first time a code is drawn.

import { svg } from "./dom.mjs";

/** What the largest QR code (version 40, level L) holds in byte mode; longer links get none. */
export const QR_MAX_CHARS = 2953;
const QUIET_ZONE = 4; // modules of white around the code, as the standard asks

/** An <svg> of `text` as a QR code, or null when it is too long for one. */
export async function qrSvg(text, label) {
  if (text.length > QR_MAX_CHARS) return null;
  const { encode } = await import("../vendor/uqr.mjs");
  const qr = encode(text, { ecc: "L", boostEcc: true, border: QUIET_ZONE });
  // One path of horizontal runs: a few thousand segments instead of one rect per module.
  let d = "";
  qr.data.forEach((row, y) => {
    for (let x = 0; x < row.length;) {
      if (!row[x]) { x += 1; continue; }
      let end = x;
      while (end < row.length && row[end]) end += 1;
      d += `M${x} ${y}h${end - x}v1h${x - end}z`;
      x = end;
    }
  });
  return svg("svg", { class: "guide-qr", viewBox: `0 0 ${qr.size} ${qr.size}`, role: "img", "aria-label": label,
    "shape-rendering": "crispEdges", "data-qr-version": qr.version },
  svg("rect", { width: qr.size, height: qr.size, fill: "#fff" }),
  svg("path", { d, fill: "#000" }));
}
