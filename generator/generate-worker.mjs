// A generate-all worker thread: runs jobs (generate-job.ts) posted by generate-all.ts, one
// at a time, through tsx like bin.mjs (worker threads do not inherit its loader hooks).
import { parentPort } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
const { runJob, toJobError } = await import("./generate-job.ts");
parentPort.on("message", async (job) => {
  try {
    parentPort.postMessage({ ok: true, result: await runJob(job) });
  } catch (error) {
    parentPort.postMessage({ ok: false, error: toJobError(error) });
  }
});
parentPort.postMessage({ ready: true });
