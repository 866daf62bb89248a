// The worker half of probe.mjs: what the engine's module worker could use.

async function attempt(fn) {
  try {
    return Boolean(await fn());
  } catch (err) {
    return `${err.name}: ${err.message}`;
  }
}

const probes = {
  module_worker: () => true,
  worker_cache_storage: async () => {
    const cache = await caches.open("probe");
    await cache.put("/__smoke__/probe-entry", new Response("x"));
    const ok = (await (await cache.match("/__smoke__/probe-entry")).text()) === "x";
    await caches.delete("probe");
    return ok;
  },
  worker_file_reader_sync: () => new FileReaderSync().readAsText(new Blob(["abc"])) === "abc",
  worker_compression_deflate_raw: async () => {
    const packed = new Blob(["abc".repeat(20)]).stream().pipeThrough(new CompressionStream("deflate-raw"));
    return (await new Response(packed.pipeThrough(new DecompressionStream("deflate-raw"))).text()) === "abc".repeat(20);
  },
};

const out = {};
for (const [name, fn] of Object.entries(probes)) out[name] = await attempt(fn);
self.postMessage(out);
