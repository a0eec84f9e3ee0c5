// generate-all on several threads: when several versions fail, the error reported is the
// first failing version's in pin order (not whichever thread finished first), it is a
// GeneratorError naming the file, and the output folder is left untouched.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { GeneratorError } from "../../generator/errors.js";
import { generateAll } from "../../generator/runner/generate-all.js";
import { CACHE_ENV } from "../../generator/load/pinned-specs.js";

const temp = mkdtempSync(join(tmpdir(), "k8s-openapi-ts-gen-errors-"));
const savedCache = process.env[CACHE_ENV];
afterAll(() => {
  rmSync(temp, { recursive: true, force: true });
  if (savedCache === undefined) delete process.env[CACHE_ENV];
  else process.env[CACHE_ENV] = savedCache;
});

describe("generate-all errors", () => {
  it("reports the first failing version in pin order, whatever the thread timing", async () => {
    const mirror = join(temp, "mirror");
    mkdirSync(mirror);
    for (const v of ["1.34", "1.35", "1.36"]) writeFileSync(join(mirror, `v${v}.swagger.json`), `{"not": "the pinned ${v} document"}`);
    process.env[CACHE_ENV] = join(temp, "empty-cache");
    const out = join(temp, "out");
    for (let attempt = 0; attempt < 2; attempt++) {
      const error = await generateAll({ versions: "1.34,1.35,1.36", out, mirror, download: false, timeout: 60, quiet: true, jobs: 2, force: true }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(GeneratorError);
      expect((error as GeneratorError).message).toContain("sha256 mismatch for Kubernetes 1.34");
      expect((error as GeneratorError).location?.file).toBe(join(mirror, "v1.34.swagger.json"));
    }
    expect(existsSync(out) ? readdirSync(out).filter((e) => !e.startsWith(".")) : []).toEqual([]);
  });
});
