// The generate-all output cache (generator/runner/output-cache.ts): a package is skipped only when
// its stamp matches both the inputs and the bytes on disk; --force ignores stamps; and
// regenerating gives byte-identical output whichever thread generated which version.
import { appendFileSync, cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateAll } from "../../generator/runner/generate-all.js";
import { REPO_ROOT } from "../../generator/load/pinned-specs.js";
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

  // Every test reads packages that the setup's generate-all skips when their stamps say the
  // inputs are unchanged; a generator hash blind to a source edit would keep stale packages.
  // So: a copy of the repo's generator/ and package-lock.json, edited file by file.
  it("changes the generator hash when a source, a template or the lock file changes, and only then", () => {
    const copy = join(temp, "repo-copy");
    cpSync(join(REPO_ROOT, "generator"), join(copy, "generator"), { recursive: true });
    cpSync(join(REPO_ROOT, "package-lock.json"), join(copy, "package-lock.json"));
    const original = generatorHash(REPO_ROOT);
    // The same files under another root: the same hash (paths are hashed relative to the root).
    expect(generatorHash(copy)).toBe(original);
    expect(generatorHash(copy)).toBe(original); // nothing changed: still the same

    const template = readdirSync(join(copy, "generator/emit"), { recursive: true, encoding: "utf8" }).find((f) => f.endsWith(".hbs"));
    const edits = ["generator/emit/schema-to-type.ts", "generator/special-cases.ts", "generator/load/pinned-specs.ts", ...(template ? [`generator/emit/${template}`] : []), "package-lock.json"];
    expect(edits.length).toBeGreaterThanOrEqual(5); // the template was found
    const seen = new Set([original]);
    for (const file of edits) {
      const path = join(copy, file);
      const bytes = readFileSync(path);
      appendFileSync(path, " "); // one byte more
      const edited = generatorHash(copy);
      expect(edited, `after editing ${file}`).toMatch(/^[0-9a-f]{64}$/);
      expect(edited, `after editing ${file}`).not.toBe(original);
      expect(seen.has(edited), `after editing ${file}`).toBe(false);
      seen.add(edited);
      // The package's stamp no longer matches: the output cache would regenerate it.
      expect(inputsHash("job", edited)).not.toBe(inputsHash("job", original));
      writeFileSync(path, bytes); // restored: the same hash again
      expect(generatorHash(copy), `after restoring ${file}`).toBe(original);
    }

    // A file added, and a file renamed with the same bytes, change it too.
    writeFileSync(join(copy, "generator/new-stage.ts"), "export {};\n");
    expect(generatorHash(copy)).not.toBe(original);
    rmSync(join(copy, "generator/new-stage.ts"));
    expect(generatorHash(copy)).toBe(original);
    const moved = join(copy, "generator/special-cases.ts");
    const movedBytes = readFileSync(moved);
    rmSync(moved);
    writeFileSync(join(copy, "generator/special-cases-renamed.ts"), movedBytes);
    expect(generatorHash(copy)).not.toBe(original);
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
