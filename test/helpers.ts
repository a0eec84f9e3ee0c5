// Shared helpers of the test suite.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT, findPin, readLocalSpec, readPins } from "../generator/load/pinned-specs.js";
import type { SwaggerDocument } from "../generator/spec-types.js";

export const TEST_PACKAGES = join(REPO_ROOT, ".cache/test-packages");
export const SHARED = join(REPO_ROOT, "../shared");
export const VERSIONS = readPins().map((p) => p.version);

const specCache = new Map<string, SwaggerDocument>();
/**
 * The pinned spec of a version, read in place and verified where the generator finds it on
 * this machine (cache, shared mirror, Go module cache); the test setup's generate-all has
 * fetched any that was missing.
 */
export function readSpec(version: string): SwaggerDocument {
  let doc = specCache.get(version);
  if (!doc) {
    const found = readLocalSpec(findPin(version));
    if (!("bytes" in found)) throw new Error(`the pinned ${version} spec is not on this machine; looked in: ${found.looked.join("; ")}`);
    doc = JSON.parse(found.bytes.toString("utf8")) as SwaggerDocument;
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
