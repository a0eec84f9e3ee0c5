// The generate-all output cache (generator/runner/output-cache.ts): a package is skipped only when
// its stamp matches both the inputs and the bytes on disk; --force ignores stamps; and
// regenerating gives byte-identical output whichever thread generated which version.
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateAll } from "../../generator/runner/generate-all.js";
import { filesDigest, generatorHash, inputsHash, isFresh, stampPath, writeStamp } from "../../generator/runner/output-cache.js";

const temp = mkdtempSync(join(tmpdir(), "k8s-openapi-ts-cache-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string) => {
    for (const entry of readdirSync(d).sort()) {
      const path = join(d, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (!entry.endsWith(".stamp.json")) files.set(relative(dir, path), readFileSync(path, "utf8")); // stamps record mtimes
    }
  };
  walk(dir);
  return files;
}

describe("output cache stamps", () => {
  const files = new Map([
    ["index.d.ts", "export {};\n"],
    ["core/v1/index.d.ts", "export interface Pod {}\n"],
  ]);

  it("digests files independently of order", () => {
    expect(filesDigest(files)).toBe(filesDigest([...files].reverse()));
    expect(filesDigest(files)).not.toBe(filesDigest([["index.d.ts", "export {};\n"]]));
  });

  it("is fresh only with a matching stamp and untouched files", async () => {
    const out = join(temp, "stamps");
    const dir = join(out, "v1.99");
    for (const [path, text] of files) {
      const target = join(dir, path);
      await import("node:fs/promises").then((fs) => fs.mkdir(join(target, ".."), { recursive: true }));
      writeFileSync(target, text);
    }
    const inputs = inputsHash("job", "generator");
    expect(await isFresh(out, "v1.99", inputs)).toBe(false); // no stamp yet
    await writeStamp(out, "v1.99", inputs, files);
    expect(existsSync(stampPath(out, "v1.99"))).toBe(true);
    expect(stampPath(out, "v1.99").startsWith(dir)).toBe(false); // beside the package, not inside it
    expect(await isFresh(out, "v1.99", inputs)).toBe(true);
    expect(await isFresh(out, "v1.99", inputsHash("job", "other generator"))).toBe(false);
    expect(await isFresh(out, "v1.99", inputsHash("other job", "generator"))).toBe(false);
    writeFileSync(join(dir, "extra.txt"), "x");
    expect(await isFresh(out, "v1.99", inputs)).toBe(false);
    rmSync(join(dir, "extra.txt"));
    expect(await isFresh(out, "v1.99", inputs)).toBe(true);
    writeFileSync(join(dir, "index.d.ts"), "export {}; // edited\n");
    expect(await isFresh(out, "v1.99", inputs)).toBe(false);
    writeFileSync(stampPath(out, "v1.99"), "not json");
    expect(await isFresh(out, "v1.99", inputs)).toBe(false);
  });

  it("hashes the generator sources deterministically", () => {
    expect(generatorHash()).toMatch(/^[0-9a-f]{64}$/);
    expect(generatorHash()).toBe(generatorHash());
  });
});

describe("generate-all with the cache", () => {
  it("skips unchanged packages, regenerates with --force, and writes identical bytes", async () => {
    const out = join(temp, "out");
    const options = { versions: "1.35,1.36", out, download: false, timeout: 60, quiet: true, jobs: 2 };
    const first = await generateAll(options);
    expect(first.generated).toEqual(["v1.35", "v1.36", "stable"]);
    const before = snapshot(out);
    expect(existsSync(stampPath(out, "v1.36"))).toBe(true);
    expect(before.size).toBeGreaterThan(100);

    const second = await generateAll(options);
    expect(second.generated).toEqual([]);
    expect(second.upToDate).toEqual(["v1.35", "v1.36", "stable"]);

    // Touched but unchanged: the stats differ, the content digest still matches.
    const readme = join(out, "v1.35", "README.md");
    writeFileSync(readme, readFileSync(readme));
    expect((await generateAll(options)).generated).toEqual([]);

    writeFileSync(readme, "damaged\n");
    const third = await generateAll(options);
    expect(third.generated).toEqual(["v1.35"]);
    expect(snapshot(out)).toEqual(before);

    const forced = await generateAll({ ...options, force: true, jobs: 1 });
    expect(forced.generated).toEqual(["v1.35", "v1.36", "stable"]);
    expect(snapshot(out)).toEqual(before);
  });
});
