// Builds @k8s-openapi-ts/client (client/dist: ESM and CJS with declarations) as `npm pack`
// does through its prepack script, because the tests install the client as users get it:
// the package's entries are the built files, not the TypeScript sources.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { REPO_ROOT } from "../../generator/load/pinned-specs.js";

export default function setup(): void {
  execFileSync(process.execPath, [join(REPO_ROOT, "client/scripts/build.mjs")], { stdio: ["ignore", "inherit", "inherit"] });
}
