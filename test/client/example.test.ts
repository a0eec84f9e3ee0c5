// The README example (client/examples/list-watch.ts), run as a user would run it — with
// tsx, the generated 1.36 package and the client installed — against the loopback server.
import { copyFileSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../generator/load/pinned-specs.js";
import { tempProject } from "./install-temp.js";
import { expectListWatchOutput, runListWatchExample } from "./run-list-watch-example.js";

const EXAMPLE = join(REPO_ROOT, "client/examples/list-watch.ts");

describe("README example", () => {
  it("is the file the README shows", () => {
    const example = readFileSync(EXAMPLE, "utf8").trimEnd();
    expect(readFileSync(join(REPO_ROOT, "client/README.md"), "utf8")).toContain(example);
    expect(example.split("\n").length).toBeLessThanOrEqual(32);
  });

  it("lists and watches pods against the loopback server", async () => {
    const dir = tempProject("k8s-client-example-");
    try {
      copyFileSync(EXAMPLE, join(dir, "list-watch.ts"));
      expectListWatchOutput(await runListWatchExample(join(REPO_ROOT, "node_modules/.bin/tsx"), ["list-watch.ts"], dir));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
