// One unit of `generate-all` work — a pinned version, or the stable package — run either on
// the main thread or in a worker (generate-worker.mjs). Jobs are plain data in and out so
// they cross the thread boundary; a GeneratorError is carried as data and rebuilt.
import { GeneratorError, type ErrorLocation } from "../errors.js";
import { pinnedPackageName, stablePackageFiles } from "../emit/package-files.js";
import { formatFiles } from "../format/format-files.js";
import { fetchPinnedSpec, type PinnedSpec } from "../load/pinned-specs.js";
import { pinnedModel } from "../pinned-models.js";
import { generatePackage } from "../pipeline.js";

export type Job =
  | { kind: "pinned"; folder: string; pin: PinnedSpec; previous?: PinnedSpec; mirror?: string; allowDownload: boolean; timeoutMs: number }
  | { kind: "stable"; folder: string };

export interface JobResult {
  folder: string;
  files: [string, string][];
  definitions: number;
  kinds: number;
  warnings: string[];
  /** CPU time of the whole process while the job ran (all threads: only meaningful with --jobs 1). */
  cpuSeconds: number;
  seconds: number;
}

export type JobError =
  | { generator: true; message: string; location?: ErrorLocation; hint?: string }
  | { generator: false; message: string; stack?: string };

export async function runJob(job: Job): Promise<JobResult> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  let files: Map<string, string>;
  let definitions = 0;
  let kinds = 0;
  let warnings: string[] = [];
  if (job.kind === "stable") {
    files = await formatFiles(stablePackageFiles());
  } else {
    const { pin, previous } = job;
    const sourceOptions = { ...(job.mirror ? { mirror: job.mirror } : {}), allowDownload: job.allowDownload, timeoutMs: job.timeoutMs };
    const fetched = await fetchPinnedSpec(pin, sourceOptions);
    // CHANGES.md: the diff from the previous pinned minor (its model is cached for this thread).
    const changes = { version: pin.version, ...(previous ? { previous: { version: previous.version, model: await pinnedModel(previous.version, sourceOptions) } } : {}) };
    const result = await generatePackage({
      bytes: fetched.bytes,
      file: fetched.origin,
      name: pinnedPackageName(pin.version),
      pinnedVersion: pin.version,
      sourceDescription: `the Kubernetes ${pin.version} OpenAPI v2 document (${pin.tag ?? pin.branch}, ${pin.url})`,
      sha256: pin.sha256,
      changes,
    });
    files = result.files;
    definitions = result.model.definitions.size;
    kinds = result.model.resources.length;
    warnings = result.warnings;
  }
  const used = process.cpuUsage(cpu);
  return {
    folder: job.folder,
    files: [...files],
    definitions,
    kinds,
    warnings,
    cpuSeconds: (used.user + used.system) / 1e6,
    seconds: (performance.now() - started) / 1000,
  };
}

export function toJobError(error: unknown): JobError {
  if (error instanceof GeneratorError) {
    return { generator: true, message: error.message, ...(error.location ? { location: error.location } : {}), ...(error.hint ? { hint: error.hint } : {}) };
  }
  return { generator: false, message: (error as Error)?.message ?? String(error), ...((error as Error)?.stack ? { stack: (error as Error).stack } : {}) };
}

export function fromJobError(error: JobError): Error {
  if (error.generator) return new GeneratorError(error.message, error.location, error.hint);
  const rebuilt = new Error(error.message);
  if (error.stack) rebuilt.stack = error.stack;
  return rebuilt;
}
