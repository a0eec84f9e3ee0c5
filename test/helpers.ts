// Shared helpers of the test suite.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CACHE_ENV, MIRROR_ENV, REPO_ROOT, findPin, readLocalSpec, readPins, sha256, type FetchedSpec, type PinnedSpec } from "../generator/load/pinned-specs.js";
import type { SwaggerDocument } from "../generator/spec-types.js";

export const TEST_PACKAGES = join(REPO_ROOT, ".cache/test-packages");
export const SHARED = join(REPO_ROOT, "../shared");
export const VERSIONS = readPins().map((p) => p.version);

// The suite is hermetic about specs: it reads them from the shared mirror beside the repo
// (../shared/specs) and from a spec cache folder under the repo's .cache/ — never from
// $HOME/.cache or $XDG_CACHE_HOME, never from a folder named by $K8S_OPENAPI_TS_MIRROR, and
// never by an HTTP download. The one other source is the k8s.io/kubernetes Go module (the Go
// module cache, filled by `go mod download` from the Go module proxy when it lacks the
// module): the project's declared offline source for pins the mirror does not hold (1.37 on,
// `goModule` in specs/kubernetes.json; docs/kubernetes-versions.md).
export const SPEC_MIRROR = join(SHARED, "specs");
export const SPEC_CACHE = join(REPO_ROOT, ".cache/specs");

/** The environment the suite runs the generator with: the spec cache under .cache/, no mirror variable. */
export function hermeticEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, [CACHE_ENV]: SPEC_CACHE };
  delete env[MIRROR_ENV];
  return env;
}

export interface SpecSources {
  mirror: string;
  cacheDir: string;
  env: NodeJS.ProcessEnv;
}

export const HERMETIC_SOURCES: SpecSources = { mirror: SPEC_MIRROR, cacheDir: SPEC_CACHE, env: hermeticEnv() };

/**
 * The bytes of a pinned spec from the suite's own sources (no network), checked here against
 * the pin's sha256 whatever the loader did.
 */
export function readPinnedSpec(pin: PinnedSpec, sources: SpecSources = HERMETIC_SOURCES): FetchedSpec {
  const found = readLocalSpec(pin, sources);
  if (!("bytes" in found)) {
    throw new Error(`the pinned ${pin.version} spec is not on this machine (the suite never downloads it); looked in: ${found.looked.join("; ")}`);
  }
  const actual = sha256(found.bytes);
  if (actual !== pin.sha256) throw new Error(`sha256 mismatch for the pinned ${pin.version} spec read from ${found.origin}: expected ${pin.sha256}, got ${actual}`);
  return found;
}

const specCache = new Map<string, SwaggerDocument>();
/**
 * The pinned spec of a version, read in place from the suite's sources (HERMETIC_SOURCES:
 * the shared mirror, .cache/specs, the Go module cache) and sha256-verified.
 */
export function readSpec(version: string): SwaggerDocument {
  let doc = specCache.get(version);
  if (!doc) {
    doc = JSON.parse(readPinnedSpec(findPin(version)).bytes.toString("utf8")) as SwaggerDocument;
    specCache.set(version, doc);
  }
  return structuredClone(doc);
}

export interface ResourceEntry {
  definition: string;
  importPath: string;
  exportName: string;
  apiVersion: string;
  group: string;
  version: string;
  kind: string;
  urlPathSegment: string;
  scope: "namespaced" | "cluster" | "subresource";
  listKind: string | null;
  verbs: string[];
  patchTypes: ("json" | "merge" | "strategic" | "apply")[];
  subresources: { name: string; verbs: string[]; patchTypes: ("json" | "merge" | "strategic" | "apply")[]; kind?: { apiVersion: string; kind: string } }[];
  /** The deprecation sentence of the kind, or null. */
  deprecated: string | null;
}

export function readResources(version: string): ResourceEntry[] {
  return JSON.parse(readFileSync(join(TEST_PACKAGES, `v${version}`, "resources.json"), "utf8")) as ResourceEntry[];
}
