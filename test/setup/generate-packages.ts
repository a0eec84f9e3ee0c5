// Generates every pinned version into .cache/test-packages (never into generated-types/),
// through the real CLI, so tests read packages exactly as users get them. The CLI's own
// output cache (generator/runner/output-cache.ts) makes this a ~0.2 s no-op when nothing changed.
//
// Hermetic (test/helpers.ts, HERMETIC_SOURCES): specs come from the ../shared/specs mirror
// (`--mirror`), a spec cache folder under .cache/ ($K8S_OPENAPI_TS_CACHE) and, for pins the
// mirror lacks (1.37 on), the k8s.io/kubernetes Go module; `--no-download` forbids every
// download, so a machine without the mirror gets a clear error instead. $K8S_OPENAPI_TS_MIRROR
// is dropped, and the test processes inherit the same environment.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { findInGoModuleCache, goModDownload } from "../../generator/load/go-module.js";
import { CACHE_ENV, MIRROR_ENV, REPO_ROOT, readPins } from "../../generator/load/pinned-specs.js";
import { SPEC_CACHE, SPEC_MIRROR, TEST_PACKAGES, hermeticEnv } from "../helpers.js";

/** The set-up's generate-all command line and environment. */
export function setupCommand(base: NodeJS.ProcessEnv = process.env, mirror = SPEC_MIRROR): { args: string[]; env: NodeJS.ProcessEnv } {
  return {
    args: [join(REPO_ROOT, "generator/runner/bin.mjs"), "generate-all", "--out", TEST_PACKAGES, "--mirror", mirror, "--no-download"],
    env: hermeticEnv(base),
  };
}

/** Stops the run when the mirror is missing: the suite never downloads the pinned specs. */
export function requireMirror(mirror = SPEC_MIRROR): void {
  if (!existsSync(mirror)) {
    throw new Error(
      `test set-up: the pinned-spec mirror ${mirror} (../shared/specs beside the repo) is missing; ` +
        "the suite reads specs only from it, from .cache/specs and from the Go module cache, and never downloads them",
    );
  }
}

/**
 * Pins the mirror does not hold come from the k8s.io/kubernetes Go module — the project's
 * declared offline source for them, and the one fetch the set-up allows: `go mod download`
 * through the Go module proxy when the Go module cache lacks the module (never a plain HTTP
 * download of the pinned address). The CLI then reads it from the module cache.
 */
async function ensureGoModules(env: NodeJS.ProcessEnv): Promise<void> {
  for (const pin of readPins()) {
    if (!pin.goModule || existsSync(join(SPEC_MIRROR, pin.mirrorFile)) || "file" in findInGoModuleCache(pin.goModule, env)) continue;
    const fetched = await goModDownload(pin.goModule, env);
    if ("failed" in fetched) throw new Error(`test set-up: Kubernetes ${pin.version} is neither in ${SPEC_MIRROR} nor in the Go module cache, and ${fetched.failed}`);
  }
}

export default async function setup(): Promise<void> {
  requireMirror();
  // The test processes (forks of this one) read specs and run the generator with this environment too.
  process.env[CACHE_ENV] = SPEC_CACHE;
  delete process.env[MIRROR_ENV];
  const { args, env } = setupCommand();
  await ensureGoModules(env);
  execFileSync(process.execPath, args, { env, stdio: ["ignore", "inherit", "inherit"] });
}
