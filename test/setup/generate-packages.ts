// Generates every pinned version into .cache/test-packages (never into generated-types/),
// through the real CLI, so tests read packages exactly as users get them. The CLI's own
// output cache (generator/runner/output-cache.ts) makes this a ~0.2 s no-op when nothing changed.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { REPO_ROOT } from "../../generator/load/pinned-specs.js";
import { TEST_PACKAGES } from "../helpers.js";

export default function setup(): void {
  execFileSync(process.execPath, [join(REPO_ROOT, "generator/runner/bin.mjs"), "generate-all", "--out", TEST_PACKAGES], {
    stdio: ["ignore", "inherit", "inherit"],
  });
}
