// A generate-all worker thread: runs the jobs (generate-job.ts) that generate-all.ts posts,
// one at a time, and answers each with its result or its error as data.
import { parentPort } from "node:worker_threads";
import { runJob, toJobError, type Job } from "./generate-job.js";

const port = parentPort!;
port.on("message", async (job: Job) => {
  try {
    port.postMessage({ ok: true, result: await runJob(job) });
  } catch (error) {
    port.postMessage({ ok: false, error: toJobError(error) });
  }
});
port.postMessage({ ready: true });
