// A temporary folder where the generated 1.36 package and the client are "installed"
// (symlinked into node_modules) as a user would have them.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../../generator/load/pinned-specs.js";
import { TEST_PACKAGES } from "../helpers.js";

export function tempProject(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const scope = join(dir, "node_modules/@k8s-openapi-ts");
  mkdirSync(scope, { recursive: true });
  symlinkSync(join(TEST_PACKAGES, "v1.36"), join(scope, "k8s-1.36"), "dir");
  symlinkSync(join(REPO_ROOT, "client"), join(scope, "client"), "dir");
  symlinkSync(join(REPO_ROOT, "node_modules/@types"), join(dir, "node_modules/@types"), "dir");
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  return dir;
}
