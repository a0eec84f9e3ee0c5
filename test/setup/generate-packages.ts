// Generates every pinned version once into .cache/test-packages (never into
// generated-types/), through the real CLI, so tests read packages exactly as users get
// them. Skipped when the generator's sources and the pins are unchanged since the last run.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { REPO_ROOT } from "../../generator/load/pinned-specs.js";

export const TEST_PACKAGES = join(REPO_ROOT, ".cache/test-packages");
const STAMP = join(REPO_ROOT, ".cache/test-packages.stamp");

function inputsHash(): string {
  const hash = createHash("sha256");
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else hash.update(relative(REPO_ROOT, path)).update(readFileSync(path));
    }
  };
  walk(join(REPO_ROOT, "generator"));
  walk(join(REPO_ROOT, "specs"));
  hash.update(readFileSync(join(REPO_ROOT, "package-lock.json")));
  return hash.digest("hex");
}

export default function setup(): void {
  const hash = inputsHash();
  if (existsSync(STAMP) && readFileSync(STAMP, "utf8") === hash && existsSync(join(TEST_PACKAGES, "v1.36/package.json"))) return;
  execFileSync(process.execPath, [join(REPO_ROOT, "generator/bin.mjs"), "generate-all", "--out", TEST_PACKAGES], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  writeFileSync(STAMP, hash);
}
