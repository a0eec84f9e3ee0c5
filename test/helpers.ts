// Shared helpers of the test suite.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT, readPins } from "../generator/load/pinned-specs.js";
import type { SwaggerDocument } from "../generator/spec-types.js";

export const TEST_PACKAGES = join(REPO_ROOT, ".cache/test-packages");
export const SHARED = join(REPO_ROOT, "../shared");
export const VERSIONS = readPins().map((p) => p.version);

const specCache = new Map<string, SwaggerDocument>();
/** The pinned spec of a version, read in place from the shared mirror. */
export function readSpec(version: string): SwaggerDocument {
  let doc = specCache.get(version);
  if (!doc) {
    doc = JSON.parse(readFileSync(join(SHARED, "specs", `v${version}.swagger.json`), "utf8")) as SwaggerDocument;
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
}

export function readResources(version: string): ResourceEntry[] {
  return JSON.parse(readFileSync(join(TEST_PACKAGES, `v${version}`, "resources.json"), "utf8")) as ResourceEntry[];
}
