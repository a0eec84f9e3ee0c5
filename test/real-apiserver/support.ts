// Shared steps of the real-API-server tests: running the generator's CLI, and reading a
// generated package's kinds and declarations for comparison.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe } from "vitest";
import { REPO_ROOT } from "../../generator/load/pinned-specs.js";
import type { ResourceEntry } from "../helpers.js";
import { declarationTexts, lockPackage, readTree } from "../../scripts/regenerate.js";
import { availability, harnessMinors } from "./harness.js";

/** `describe` for a suite that needs a real API server of `minor`; says why when it cannot run. */
export function describeWithApiServer(minor: string, name: string, body: () => void): void {
  const { minors, skipReason } = availability();
  const notBuilt = harnessMinors().includes(minor) ? `K8S_OPENAPI_TS_APISERVER_MINORS=${process.env.K8S_OPENAPI_TS_APISERVER_MINORS ?? ""} leaves Kubernetes ${minor} out` : `no harness module for Kubernetes ${minor} in test/apiserver/`;
  const reason = skipReason ?? (minors.includes(minor) ? undefined : notBuilt);
  if (reason) {
    console.warn(`real-API-server suite "${name}": SKIPPED — ${reason}`);
    describe.skip(name, body);
  } else describe(name, body);
}

/** Runs the generator's command line; its output when it succeeds, an error with its stderr otherwise. */
export function cli(args: string[], env: NodeJS.ProcessEnv = process.env): string {
  return execFileSync(process.execPath, [join(REPO_ROOT, "generator/runner/bin.mjs"), ...args], { encoding: "utf8", env, stdio: ["ignore", "pipe", "pipe"] });
}

export function readResourcesOf(packageDir: string): ResourceEntry[] {
  return JSON.parse(readFileSync(join(packageDir, "resources.json"), "utf8")) as ResourceEntry[];
}

export const kindKey = (r: Pick<ResourceEntry, "apiVersion" | "kind">) => `${r.apiVersion} ${r.kind}`;

/** Declaration hashes of a package by `<module>.<name>` (JSDoc included), as the lock keeps them. */
export function declarations(packageDir: string): Map<string, string> {
  return new Map(Object.entries(lockPackage(packageDir).definitions));
}

/** The types a package declares by `<module>.<name>`, comments left out: what a compile sees. */
export function typeDeclarations(packageDir: string): Map<string, string> {
  const types = new Map<string, string>();
  for (const [path, bytes] of readTree(packageDir)) {
    if (!path.endsWith("index.d.ts")) continue;
    const module = path === "index.d.ts" ? "." : path.slice(0, -"/index.d.ts".length);
    for (const [name, text] of declarationTexts(path, bytes.toString("utf8"), false)) types.set(`${module}.${name}`, text);
  }
  return types;
}

/** Keys of `b` not in `a`, keys of `a` not in `b`, and keys in both whose values differ. */
export function compareMaps<V>(a: Map<string, V>, b: Map<string, V>, equal: (x: V, y: V) => boolean = (x, y) => x === y) {
  const onlyA = [...a.keys()].filter((k) => !b.has(k)).sort();
  const onlyB = [...b.keys()].filter((k) => !a.has(k)).sort();
  const differ = [...a.keys()].filter((k) => b.has(k) && !equal(a.get(k)!, b.get(k)!)).sort();
  return { onlyA, onlyB, differ };
}
