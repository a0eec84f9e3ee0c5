// The workflow files (.github/workflows/) pass actionlint, run as `npm run lint:workflows`
// does: `go run github.com/rhysd/actionlint/cmd/actionlint@v1.7.12`, from the Go module proxy
// (a second or two once the module and its build are cached; the first run builds it). And
// the linter does look: a workflow with an undefined input and a bad runner label is refused.
// Without Go the suite is skipped and says so, like the real-API-server suite.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../generator/load/pinned-specs.js";
import { run } from "../../scripts/packaging.js";

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
const [command, ...args] = pkg.scripts["lint:workflows"]!.split(" ");
const hasGo = spawnSync("go", ["version"], { stdio: "ignore" }).status === 0;
if (!hasGo) console.warn("\nactionlint (workflow lint): SKIPPED — Go is not installed, so `go run github.com/rhysd/actionlint/cmd/actionlint@v1.7.12` cannot run\n");

describe.skipIf(!hasGo)("actionlint on .github/workflows", () => {
  it("npm run lint:workflows is actionlint v1.7.12 through go run", () => {
    expect(command).toBe("go");
    expect(args).toEqual(["run", "github.com/rhysd/actionlint/cmd/actionlint@v1.7.12", "-no-color"]);
  });

  it("finds no problem in ci.yml, regenerate.yml and release.yml", async () => {
    const result = await run(command!, [...args, "-verbose"], { cwd: REPO_ROOT });
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/Linting 3 files/);
    for (const file of ["ci.yml", "regenerate.yml", "release.yml"]) expect(result.stderr).toContain(`Linting .github/workflows/${file}`);
    expect(result.stderr).toMatch(/Found 0 errors in 3 files/);
    expect(result.code).toBe(0);
  }, 300_000);

  it("refuses a broken workflow (an undefined input, an unknown runner label)", async () => {
    const broken = ["on: workflow_dispatch", "jobs:", "  x:", "    runs-on: ubuntu-lates", "    steps:", "      - run: echo ${{ inputs.nope }}", ""].join("\n");
    const child = spawnSync(command!, [...args, "-oneline", "-stdin-filename", "broken.yml", "-"], { cwd: REPO_ROOT, input: broken, encoding: "utf8" });
    expect(child.status).toBe(1);
    expect(child.stdout).toMatch(/broken\.yml:4:\d+: label "ubuntu-lates" is unknown/);
    expect(child.stdout).toMatch(/broken\.yml:6:\d+: property "nope" is not defined/);
  }, 300_000);
});
