// Share links: a share document's text, compressed (deflate-raw) and written in base64url
// into the fragment of a link to the shared-weeks page. A browser never sends the fragment
// (the part after "#") to any host, so the weeks reach the coach and nobody else.
//
//   #s1.CHECK.DATA     s1: this link format; CHECK: the engine's 8-character check of the
//                      text (guide_engine/share.py); DATA: the compressed text, base64url
//
// Reading a link is bounded at every step: the fragment's length first, then the bytes
// the decompressor may produce, so a long or crafted link cannot fill the memory.

import { siteUrl } from "./config.mjs";

export const LINK_FORMAT = "s1";
export const SHARE_PAGE = "tools/shared-weeks/";
/** The longest link the checklist offers (the whole URL); longer shares go as a file. */
export const MAX_LINK_CHARS = 4000;
/** The longest fragment the shared-weeks page reads: room above MAX_LINK_CHARS, far below 100 kB. */
export const MAX_FRAGMENT_CHARS = 8000;
/** The most bytes a link may unpack to. A real share of twelve weeks is about 20 kB. */
export const MAX_SHARE_BYTES = 256 * 1024;
/** The largest share file the page reads (the engine's own limit is 4,000,000 characters). */
export const MAX_SHARE_FILE_BYTES = 4 * 1000 * 1000;

/** A refusal with a message for the reader; `code` says which (cut, long, newer, large, damaged). */
export class LinkError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

const MESSAGES = {
  cut: "This link is not a whole share link: it may have been cut short or changed on the way. Nothing was opened. Ask for the link again, or for the file.",
  damaged: "This link is damaged or was cut short, so it cannot be read. Nothing was opened. Ask for the link again, or for the file.",
  newer: "This link was made by a newer version of this site, so it was not opened. Reload the page to update, then open the link again.",
  large: `This link unpacks to more than ${MAX_SHARE_BYTES / 1024} kB, more than any share holds, so it was not opened.`,
};

function toBase64Url(bytes) {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text) {
  if (text.length % 4 === 1) throw new LinkError("cut", MESSAGES.cut); // no base64 text has this length
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function compress(text) {
  const stream = new Blob([new TextEncoder().encode(text)]).stream().pipeThrough(new CompressionStream("deflate-raw"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Decompress, refusing (and stopping the decompressor) past `limit` bytes out. */
async function decompress(bytes, limit) {
  const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw")).getReader();
  const chunks = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > limit) {
        reader.cancel().catch(() => {});
        throw new LinkError("large", MESSAGES.large);
      }
      chunks.push(value);
    }
  } catch (err) {
    if (err instanceof LinkError) throw err;
    throw new LinkError("damaged", MESSAGES.damaged); // cut short, or not deflate data at all
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) { out.set(chunk, at); at += chunk.length; }
  return out;
}

/** The link to the shared-weeks page for a share's text and check (from the engine). */
export async function makeLink(text, check) {
  return `${siteUrl(SHARE_PAGE)}#${LINK_FORMAT}.${check}.${toBase64Url(await compress(text))}`;
}

/**
 * Read a fragment (with or without its "#"): resolves `{text, check}` for the engine to
 * open, `null` for an empty fragment; rejects with LinkError and a message to show.
 */
export async function readFragment(fragment) {
  const hash = fragment.replace(/^#/, "");
  if (!hash) return null;
  if (hash.length > MAX_FRAGMENT_CHARS) {
    throw new LinkError("long", `This link is ${hash.length.toLocaleString("en")} characters long; a share link has at most ${MAX_FRAGMENT_CHARS.toLocaleString("en")}, so it was not opened. Ask for the file instead.`);
  }
  const parts = hash.split(".");
  if (/^s\d+$/.test(parts[0]) && parts[0] !== LINK_FORMAT) throw new LinkError("newer", MESSAGES.newer);
  if (parts.length !== 3 || parts[0] !== LINK_FORMAT || !/^[A-Za-z0-9_-]{8}$/.test(parts[1]) || !/^[A-Za-z0-9_-]+$/.test(parts[2])) {
    throw new LinkError("cut", MESSAGES.cut);
  }
  const bytes = await decompress(fromBase64Url(parts[2]), MAX_SHARE_BYTES);
  let text;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new LinkError("damaged", MESSAGES.damaged);
  }
  return { text, check: parts[1] };
}
