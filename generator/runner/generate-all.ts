// `k8s-openapi-ts generate-all`: every pinned Kubernetes version (and the stable package)
// into one output root, in parallel on all cores, skipping packages whose stamp says their
// inputs are unchanged (output-cache.ts).
//
// Parallelism: the main thread runs jobs itself and starts one worker thread per further
// core (generate-worker.mjs); jobs go to whichever is free. Results are keyed by folder, so
// the written output does not depend on which thread finished first.
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
// Only types at load time: the pipeline (prettier, ajv…) loads when there is work to do, so
// an up-to-date run stays cheap.
import type { Job, JobError, JobResult } from "./generate-job.js";
import { defaultMirror, findPin, readPins } from "../load/pinned-specs.js";
import { generatorHash, inputsHash, isFresh, removeStamp, writeStamp } from "./output-cache.js";
import { checkWritable, writePackages } from "../write/write-output.js";

export interface GenerateAllOptions {
  versions?: string;
  out: string;
  mirror?: string;
  download: boolean;
  timeout: number;
  /** Regenerate even when the stamps say the output is up to date. */
  force?: boolean;
  /** Threads to generate on (default: the number of cores). */
  jobs?: number;
  /** No progress lines (benchmarks). */
  quiet?: boolean;
}

export interface GenerateAllSummary {
  generated: string[];
  upToDate: string[];
  seconds: number;
  results: Omit<JobResult, "files">[];
}

export async function generateAll(options: GenerateAllOptions): Promise<GenerateAllSummary> {
  const started = performance.now();
  const log = options.quiet ? () => undefined : (line: string) => console.log(line);
  const pins = readPins();
  const versions = options.versions ? options.versions.split(",").map((v) => findPin(v.trim(), pins)) : pins;
  const out = resolve(options.out);
  await checkWritable(out);
  const mirror = defaultMirror(options.mirror);
  const jobs: Job[] = versions.map((pin) => ({
    kind: "pinned",
    folder: `v${pin.version}`,
    pin,
    ...(pins.indexOf(pin) > 0 ? { previous: pins[pins.indexOf(pin) - 1]! } : {}),
    ...(mirror ? { mirror } : {}),
    allowDownload: options.download,
    timeoutMs: options.timeout * 1000,
  }));
  // The types-only stable entry (@k8s-openapi-ts/stable), the same for every version.
  jobs.push({ kind: "stable", folder: "stable" });

  const generator = generatorHash();
  const inputs = new Map(jobs.map((job) => [job.folder, inputsHash(jobKey(job), generator)]));
  const todo: Job[] = [];
  const upToDate: string[] = [];
  for (const job of jobs) {
    if (!options.force && (await isFresh(out, job.folder, inputs.get(job.folder)!))) upToDate.push(job.folder);
    else todo.push(job);
  }
  if (upToDate.length > 0) log(`up to date (inputs unchanged; --force regenerates): ${upToDate.join(", ")}`);

  const results = await runPool(todo, options.jobs ?? availableParallelism(), (r) => {
    if (r.folder === "stable") return;
    log(`${r.folder}: ${r.definitions} definitions, ${r.kinds} resource kinds, ${r.files.length} files, ${r.seconds.toFixed(2)} s`);
    for (const w of r.warnings) console.warn(`  warning: ${w}`);
  });

  if (todo.length > 0) {
    // In job order, whatever order the threads finished in.
    const packages = new Map(todo.map((job) => [job.folder, new Map(results.get(job.folder)!.files)]));
    for (const folder of packages.keys()) await removeStamp(out, folder);
    await writePackages(out, packages);
    for (const [folder, files] of packages) await writeStamp(out, folder, inputs.get(folder)!, files);
  }
  const done = todo.map((job) => results.get(job.folder)!);
  const seconds = (performance.now() - started) / 1000;
  const pinned = done.filter((r) => r.folder !== "stable");
  log(
    `${pinned.length} packages generated (${pinned.reduce((n, r) => n + r.definitions, 0)} definitions, ${pinned.reduce((n, r) => n + r.kinds, 0)} resource kinds), ` +
      `${upToDate.length} up to date, in ${seconds.toFixed(1)} s → ${out}`,
  );
  return {
    generated: todo.map((job) => job.folder),
    upToDate,
    seconds,
    results: done.map(({ files: _files, ...rest }) => rest),
  };
}

/** The worker's entry: beside the bundle the CLI was loaded from (dev-bundle.mjs), else the tsx shim. */
function workerEntry(): URL {
  const bundle = (globalThis as { __k8sOpenapiTsBundleDir?: string }).__k8sOpenapiTsBundleDir;
  return bundle ? pathToFileURL(join(bundle, "generate-worker.mjs")) : new URL("./generate-worker.mjs", import.meta.url);
}

/** What decides a job's output besides the generator itself (hashed into its stamp). */
export function jobKey(job: Job): string {
  return job.kind === "stable" ? "stable" : JSON.stringify({ folder: job.folder, pin: job.pin, previous: job.previous ?? null });
}

type WorkerReply = { ready: true } | { ok: true; result: JobResult } | { ok: false; folder: string; error: JobError };

/**
 * Runs the jobs on the main thread plus `threads - 1` workers. After a failure only the jobs
 * before it in job order start; the error thrown is that of the first failing job in job
 * order, so the message does not depend on thread timing.
 */
async function runPool(jobs: Job[], threads: number, onDone: (result: JobResult) => void): Promise<Map<string, JobResult>> {
  const results = new Map<string, JobResult>();
  if (jobs.length === 0) return results;
  const { fromJobError, runJob } = await import("./generate-job.js");
  const order = new Map(jobs.map((job, i) => [job.folder, i]));
  // Largest first (newer Kubernetes versions have more definitions; the stable package is
  // tiny), so the threads finish together; results and errors still follow job order.
  const weight = (job: Job) => (job.kind === "stable" ? -1 : Number(job.pin.version.split(".")[1] ?? 0));
  const queue = [...jobs].sort((a, b) => weight(b) - weight(a));
  const failures: { index: number; error: unknown }[] = [];
  const workers: Worker[] = [];
  const fail = (job: Job | undefined, error: unknown) => {
    // A worker lost without a job in hand costs only its share: the other threads take its jobs.
    if (!job) console.warn(`warning: a generate worker thread stopped (${(error as Error)?.message ?? String(error)}); continuing on fewer threads`);
    else failures.push({ index: order.get(job.folder)!, error });
  };
  // After a failure, only jobs before it (in job order) still run: the error reported is then
  // always that of the first failing job, whichever thread got there first.
  const take = () => {
    const limit = Math.min(jobs.length, ...failures.map((f) => f.index));
    const at = queue.findIndex((job) => order.get(job.folder)! < limit);
    return at < 0 ? undefined : queue.splice(at, 1)[0];
  };

  const finish = (result: JobResult) => {
    results.set(result.folder, result);
    onDone(result);
  };

  const mainLane = async () => {
    for (let job = take(); job; job = take()) {
      try {
        finish(await runJob(job));
      } catch (error) {
        fail(job, error);
      }
    }
  };

  // Each worker keeps QUEUED jobs in hand: the main thread is busy with its own job most of
  // the time, and a worker that had to wait for it to hand out the next one would idle.
  const QUEUED = 2;
  const workerLane = () =>
    new Promise<void>((resolveLane) => {
      // A smaller young generation than V8's default: ~15 MB less peak RSS, no measurable CPU cost.
      const worker = new Worker(workerEntry(), { resourceLimits: { maxYoungGenerationSizeMb: 16 } });
      workers.push(worker);
      const inHand: Job[] = [];
      let done = false;
      const end = (error?: unknown) => {
        if (done) return;
        if (error !== undefined) fail(inHand[0], error);
        done = true;
        inHand.length = 0;
        resolveLane();
      };
      const fill = () => {
        for (let job = inHand.length < QUEUED ? take() : undefined; job; job = inHand.length < QUEUED ? take() : undefined) {
          inHand.push(job);
          worker.postMessage(job);
        }
        if (inHand.length === 0) end();
      };
      const settle = (folder: string) => {
        const at = inHand.findIndex((job) => job.folder === folder);
        return at < 0 ? undefined : inHand.splice(at, 1)[0];
      };
      worker.on("message", (reply: WorkerReply) => {
        if ("ready" in reply) return fill();
        if (reply.ok) {
          settle(reply.result.folder);
          finish(reply.result);
        } else {
          fail(settle(reply.folder), fromJobError(reply.error));
        }
        fill();
      });
      worker.on("error", (error) => end(error));
      worker.on("exit", (code) => end(inHand.length > 0 ? new Error(`internal: a generate worker exited (code ${code}) while generating ${inHand[0]!.folder}`) : undefined));
    });

  const extra = Math.max(0, Math.min(Math.floor(threads) - 1, jobs.length - 1));
  try {
    await Promise.all([mainLane(), ...Array.from({ length: extra }, workerLane)]);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  if (failures.length > 0) throw failures.sort((a, b) => a.index - b.index)[0]!.error;
  return results;
}
