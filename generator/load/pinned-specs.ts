// Pinned Kubernetes specs (specs/kubernetes.json): where each version's document comes
// from and the sha256 it must have. Sources are tried in order — the local cache, a
// mirror folder, the Go module cache (pins with a `goModule`), `go mod download`, the
// public address — and the hash is checked whichever one answered.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { GeneratorError } from "../errors.js";
import { PACKAGE_ROOT, packageFile } from "../package-root.js";
import { findInGoModuleCache, goModDownload, type GoModuleSource } from "./go-module.js";
import { download, DOWNLOAD_TIMEOUT_MS } from "./read-document.js";

export interface PinnedSpec {
  /** Kubernetes minor, e.g. "1.36". */
  version: string;
  branch: string;
  /** The release tag the document was taken from, when it is a tag's rather than a branch's. */
  tag?: string;
  url: string;
  sha256: string;
  sourceRepository: string;
  /** Absent when the source is a tag (`tag`). */
  sourceCommit?: string;
  sourcePath: string;
  commitDate: string;
  /** File name of this version in a mirror folder. */
  mirrorFile: string;
  /** The same file inside a Go module (k8s.io/kubernetes) that the Go module cache or proxy has. */
  goModule?: GoModuleSource;
}

/** The repository (or the installed package): see package-root.ts. */
export const REPO_ROOT = PACKAGE_ROOT;
export const PINS_FILE = packageFile("specs", "kubernetes.json");
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
  /** Set to false to never download (tests): neither `go mod download` nor the address. */
  allowDownload?: boolean;
  /** The environment go is found and run with (tests); default process.env. */
  env?: NodeJS.ProcessEnv;
}

export interface FetchedSpec {
  bytes: Buffer;
  /** Where the bytes came from: a file path or the URL. */
  origin: string;
}

/**
 * The verified bytes of a pinned spec found on this machine, without touching the network
 * (the cache, the mirror folder, the Go module cache), or every place that was looked in.
 */
export function readLocalSpec(pin: PinnedSpec, options: Pick<SpecSourceOptions, "mirror" | "cacheDir" | "env"> = {}): FetchedSpec | { looked: string[] } {
  const cached = join(options.cacheDir ?? defaultCacheDir(), `${pin.sha256}.json`);
  if (existsSync(cached)) {
    const bytes = readFileSync(cached);
    // A cache entry that no longer matches is passed over silently: the sources are tried.
    if (sha256(bytes) === pin.sha256) return { bytes, origin: cached };
  }
  const looked = [`${cached} (cache)`];
  const mirror = options.mirror ?? defaultMirror();
  const mirrorFile = mirror ? join(mirror, pin.mirrorFile) : undefined;
  if (mirrorFile && existsSync(mirrorFile)) return readVerified(pin, mirrorFile);
  looked.push(mirrorFile ? `${mirrorFile} (mirror)` : "no mirror folder");
  if (pin.goModule) {
    const found = findInGoModuleCache(pin.goModule, options.env);
    if ("file" in found) return readVerified(pin, found.file);
    looked.push(found.looked);
  }
  return { looked };
}

/** Returns the verified bytes of a pinned spec. */
export async function fetchPinnedSpec(pin: PinnedSpec, options: SpecSourceOptions = {}): Promise<FetchedSpec> {
  const local = readLocalSpec(pin, options);
  if ("bytes" in local) return local;
  const { looked } = local;
  if (options.allowDownload === false) {
    throw new GeneratorError(`Kubernetes ${pin.version}: no mirror file and downloads are off`, { file: pin.url }, notFoundHint(looked));
  }
  if (pin.goModule) {
    const fromGo = await goModDownload(pin.goModule, options.env);
    if ("dir" in fromGo) return readVerified(pin, join(fromGo.dir, pin.goModule.file));
    looked.push(fromGo.failed);
  }
  const bytes = await download(pin.url, options.timeoutMs ?? DOWNLOAD_TIMEOUT_MS, notFoundHint(looked));
  verify(pin, bytes, pin.url);
  await cacheDownload(options.cacheDir ?? defaultCacheDir(), pin.sha256, bytes);
  return { bytes, origin: pin.url };
}

function readVerified(pin: PinnedSpec, file: string): FetchedSpec {
  const bytes = readFileSync(file);
  verify(pin, bytes, file);
  return { bytes, origin: file };
}

async function cacheDownload(cacheDir: string, hash: string, bytes: Buffer): Promise<void> {
  const cached = join(cacheDir, `${hash}.json`);
  await mkdir(cacheDir, { recursive: true }).catch(() => undefined);
  const temp = `${cached}.${process.pid}.tmp`;
  await writeFile(temp, bytes)
    .then(() => rename(temp, cached))
    .catch(() => undefined); // a cache that cannot be written only costs a download next time
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

function notFoundHint(looked: string[]): string {
  return `looked in: ${looked.join("; ")}. Give a folder holding the pinned files (v1.XX.swagger.json) with --mirror DIR or ${MIRROR_ENV}=DIR to work offline`;
}
