// Generates every pinned version once per test run into .cache/test-packages (never into
// generated-types/), through the real CLI, so tests read packages exactly as users get them.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { REPO_ROOT } from "../../generator/load/pinned-specs.js";

export const TEST_PACKAGES = join(REPO_ROOT, ".cache/test-packages");

export default function setup(): void {
  execFileSync(process.execPath, [join(REPO_ROOT, "generator/bin.mjs"), "generate-all", "--out", TEST_PACKAGES], {
    stdio: ["ignore", "inherit", "inherit"],
  });
}
