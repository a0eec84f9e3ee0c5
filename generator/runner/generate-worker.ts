// A generate-all worker thread: runs the jobs (generate-job.ts) that generate-all.ts posts,
// one at a time in the order received (the main thread keeps a second job queued here so
// this thread never waits for it), and answers each with its result or its error as data.
import { parentPort } from "node:worker_threads";
import { runJob, toJobError, type Job } from "./generate-job.js";

const port = parentPort!;
let chain = Promise.resolve();
port.on("message", (job: Job) => {
  chain = chain.then(async () => {
    try {
      port.postMessage({ ok: true, result: await runJob(job) });
    } catch (error) {
      port.postMessage({ ok: false, folder: job.folder, error: toJobError(error) });
    }
  });
});
port.postMessage({ ready: true });
