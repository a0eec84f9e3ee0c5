// The fuzz worker thread: runs cases posted by harness.ts one at a time (TypeScript through
// tsx, as generator/runner/generate-worker.mjs does). The main thread terminates it when a case hangs.
import { parentPort } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
const { runCase } = await import("./run-case.ts");
parentPort.on("message", async ({ id, spec, out }) => {
  parentPort.postMessage({ id, ...(await runCase(spec, out)) });
});
parentPort.postMessage({ ready: true });
