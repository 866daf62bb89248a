// Asks the engine, in a page and in a module worker, for the platform features the
// coming features use; sets window.__probe = {feature: true | false | "error text"}.
// Each probe uses the feature once (a round trip where there is one), so "true"
// means it works here, not only that the name exists.

async function roundTrip(format) {
  const text = "train smart ".repeat(50);
  const packed = new Blob([text]).stream().pipeThrough(new CompressionStream(format));
  const back = packed.pipeThrough(new DecompressionStream(format));
  return (await new Response(back).text()) === text;
}

async function attempt(fn) {
  try {
    return Boolean(await fn());
  } catch (err) {
    return `${err.name}: ${err.message}`;
  }
}

const file = (name) => new File(['{"weeks": []}'], name, { type: "application/json" });

const page = {
  compression_deflate_raw: () => roundTrip("deflate-raw"),
  web_share: () => typeof navigator.share === "function",
  can_share_files: () => typeof navigator.canShare === "function" && navigator.canShare({ files: [file("a.json")] }),
  broadcast_channel: async () => {
    const a = new BroadcastChannel("probe");
    const b = new BroadcastChannel("probe");
    const got = new Promise((resolve) => { b.onmessage = (e) => resolve(e.data === "hi"); });
    a.postMessage("hi");
    const ok = await Promise.race([got, new Promise((resolve) => setTimeout(() => resolve(false), 2000))]);
    a.close();
    b.close();
    return ok;
  },
  storage_persist: () => Boolean(navigator.storage) && typeof navigator.storage.persist === "function",
  file_input_many_files: () => {
    const input = Object.assign(document.createElement("input"), { type: "file", multiple: true });
    const dt = new DataTransfer();
    for (const name of ["a.json", "b.fit", "c.gpx"]) dt.items.add(file(name));
    input.files = dt.files;
    return input.files.length === 3;
  },
};

function inWorker() {
  return new Promise((resolve) => {
    const worker = new Worker("/__smoke__/probe-worker.mjs", { type: "module" });
    worker.onmessage = (e) => resolve(e.data);
    worker.onerror = (e) => resolve({ module_worker: `error: ${e.message}` });
  });
}

const out = {};
for (const [name, fn] of Object.entries(page)) out[name] = await attempt(fn);
Object.assign(out, await inWorker());
window.__probe = out;
