// Pinned Kubernetes specs (specs/kubernetes.json): where each version's document comes
// from and the sha256 it must have. Sources are tried in order — the local cache, a
// mirror folder, the public address — and the hash is checked whichever one answered.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { GeneratorError } from "../errors.js";
import { download, DOWNLOAD_TIMEOUT_MS } from "./read-document.js";

export interface PinnedSpec {
  /** Kubernetes minor, e.g. "1.36". */
  version: string;
  branch: string;
  url: string;
  sha256: string;
  sourceRepository: string;
  sourceCommit: string;
  sourcePath: string;
  commitDate: string;
  /** File name of this version in a mirror folder. */
  mirrorFile: string;
}

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const PINS_FILE = join(REPO_ROOT, "specs/kubernetes.json");
export const MIRROR_ENV = "K8S_OPENAPI_TS_MIRROR";
export const CACHE_ENV = "K8S_OPENAPI_TS_CACHE";

export function readPins(file = PINS_FILE): PinnedSpec[] {
  return (JSON.parse(readFileSync(file, "utf8")) as { versions: PinnedSpec[] }).versions;
}

export function findPin(version: string, pins = readPins()): PinnedSpec {
  const pin = pins.find((p) => p.version === version.replace(/^v/, ""));
  if (!pin) throw new GeneratorError(`Kubernetes ${version} is not pinned; pinned: ${pins.map((p) => p.version).join(", ")}`, { file: PINS_FILE });
  return pin;
}

/** The mirror folder: the flag, else the environment variable, else ../shared/specs beside the repo when present. */
export function defaultMirror(flag?: string): string | undefined {
  if (flag) return resolve(flag);
  if (process.env[MIRROR_ENV]) return resolve(process.env[MIRROR_ENV]);
  const beside = resolve(REPO_ROOT, "../shared/specs");
  return existsSync(beside) ? beside : undefined;
}

export function defaultCacheDir(): string {
  return process.env[CACHE_ENV] ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "k8s-openapi-ts", "specs");
}

export function sha256(bytes: Buffer | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export interface SpecSourceOptions {
  mirror?: string;
  cacheDir?: string;
  timeoutMs?: number;
  /** Set to false to never download (tests). */
  allowDownload?: boolean;
}

export interface FetchedSpec {
  bytes: Buffer;
  /** Where the bytes came from: a file path or the URL. */
  origin: string;
}

/** Returns the verified bytes of a pinned spec. */
export async function fetchPinnedSpec(pin: PinnedSpec, options: SpecSourceOptions = {}): Promise<FetchedSpec> {
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const cached = join(cacheDir, `${pin.sha256}.json`);
  if (existsSync(cached)) {
    const bytes = await readFile(cached);
    // A cache entry that no longer matches is dropped silently and fetched again.
    if (sha256(bytes) === pin.sha256) return { bytes, origin: cached };
  }
  const mirror = options.mirror ?? defaultMirror();
  if (mirror && existsSync(join(mirror, pin.mirrorFile))) {
    const file = join(mirror, pin.mirrorFile);
    const bytes = await readFile(file);
    verify(pin, bytes, file);
    return { bytes, origin: file };
  }
  if (options.allowDownload === false) {
    throw new GeneratorError(`Kubernetes ${pin.version}: no mirror file and downloads are off`, { file: pin.url }, mirrorHint());
  }
  const bytes = await download(pin.url, options.timeoutMs ?? DOWNLOAD_TIMEOUT_MS, mirrorHint());
  verify(pin, bytes, pin.url);
  await mkdir(cacheDir, { recursive: true }).catch(() => undefined);
  const temp = `${cached}.${process.pid}.tmp`;
  await writeFile(temp, bytes)
    .then(() => rename(temp, cached))
    .catch(() => undefined); // a cache that cannot be written only costs a download next time
  return { bytes, origin: pin.url };
}

function verify(pin: PinnedSpec, bytes: Buffer, origin: string): void {
  const actual = sha256(bytes);
  if (actual !== pin.sha256) {
    throw new GeneratorError(
      `sha256 mismatch for Kubernetes ${pin.version}: expected ${pin.sha256}, got ${actual}`,
      { file: origin },
      "the file is not the pinned document; refusing to generate from it",
    );
  }
}

function mirrorHint(): string {
  return `give a folder holding the pinned files (v1.XX.swagger.json) with --mirror DIR or ${MIRROR_ENV}=DIR to work offline`;
}
