// Builds (or finds cached) the kube-apiserver and etcd binaries of every harness module in
// test/apiserver/, once per test run, and tells the real-API-server suite whether it can run.
// Without Go the suite is skipped and says so; with Go, a failed build fails the run.
import { execFileSync, spawnSync } from "node:child_process";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { REPO_ROOT } from "../../generator/load/pinned-specs.js";
import { harnessMinors, type RealApiServerAvailability } from "../real-apiserver/harness.js";

declare module "vitest" {
  export interface ProvidedContext {
    realApiServer: RealApiServerAvailability;
  }
}

function decide(): RealApiServerAvailability {
  if (process.env.K8S_OPENAPI_TS_SKIP_APISERVER === "1") return { minors: [], skipReason: "K8S_OPENAPI_TS_SKIP_APISERVER=1 is set" };
  if (spawnSync("go", ["version"], { stdio: "ignore" }).status !== 0) return { minors: [], skipReason: "Go is not installed, so no kube-apiserver can be built" };
  const minors = harnessMinors()
    // K8S_OPENAPI_TS_APISERVER_MINORS=1.36 limits a run to some harness modules (suites of the others skip, saying so).
    .filter((minor) => !process.env.K8S_OPENAPI_TS_APISERVER_MINORS || process.env.K8S_OPENAPI_TS_APISERVER_MINORS.split(",").includes(minor));
  for (const minor of minors) {
    execFileSync("bash", [join(REPO_ROOT, "scripts/apiserver.sh"), "build", minor], { stdio: ["ignore", "ignore", "inherit"] });
  }
  return { minors };
}

export default function setup(project: TestProject): void {
  const result = decide();
  if (result.skipReason) console.warn(`\nreal-API-server suite: SKIPPED — ${result.skipReason}\n`);
  project.provide("realApiServer", result);
}
