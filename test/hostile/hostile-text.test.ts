// Hostile text in a spec (descriptions, property names, definition names, kinds): the
// package is still valid TypeScript, declares only types and constants, and is written
// only inside the output folder.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { jsonPointer } from "../../generator/errors.js";
import type { Schema } from "../../generator/spec-types.js";
import { HOSTILE_DEFINITION_NAMES, HOSTILE_DESCRIPTIONS, addResource, hostileObject } from "./hostile-names.js";
import { checkDtsShape, checkPackageJs, runMain, specSlice, tempDir, treeEntries, treeDiff, typecheckPackages } from "./support.js";

const work = tempDir("hostile-text");
const out = join(work, "out", "pkg");
let before: Map<string, string>;
let result: Awaited<ReturnType<typeof runMain>>;

function hostileSpec() {
  const doc = specSlice("1.36", 30);
  const hostile = hostileObject();
  HOSTILE_DEFINITION_NAMES.forEach((name, i) => {
    doc.definitions[name] = { type: "object", description: HOSTILE_DESCRIPTIONS[i % HOSTILE_DESCRIPTIONS.length], properties: { a: { type: "string" } } };
    // Referred to from Hostile, so the names are also spelled across modules.
    hostile.properties![`ref${i}`] = { $ref: `#${jsonPointer("definitions", name)}` };
  });
  doc.definitions["io.k8s.api.core.v1.Hostile"] = hostile;
  addResource(doc, "io.evil.v1.__proto__", { group: "evil.example.com", version: "v1", kind: "__proto__" }, "protos");
  addResource(doc, "io.evil.v1.metadata", { group: "evil.example.com", version: "v1", kind: "metadata" }, "metadatas");
  addResource(doc, "io.evil.v1.constructor", { group: "evil.example.com", version: "v1", kind: "constructor" }, "constructors");
  addResource(doc, "io.k8s.api.ResourceTypes.Thing", { group: "things.example.com", version: "v1", kind: "Thing" }, "things");
  addResource(doc, "io.evil.v1.Escape", { group: "../..", version: "v1", kind: "Escape */ <script>" }, "escapes");
  // A cycle through a hostile name.
  (doc.definitions["../../etc"]!.properties as Record<string, Schema>).self = { $ref: `#${jsonPointer("definitions", "../../etc")}` };
  return doc;
}

beforeAll(async () => {
  writeFileSync(join(work, "spec.json"), JSON.stringify(hostileSpec(), null, 1));
  before = treeEntries(work);
  result = await runMain(["generate", "--spec", join(work, "spec.json"), "--out", out, "--name", "@hostile/pkg"]);
}, 120_000);

describe("a spec full of hostile text", () => {
  it("generates", () => {
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
  });

  it("writes only inside the output folder", () => {
    const after = treeEntries(work);
    const outside = treeDiff(before, after).filter((line) => !line.includes(relative(work, out)) && line !== "added: out");
    expect(outside).toEqual([]);
    for (const path of treeEntries(out).keys()) expect(path.split("/")).not.toContain("..");
  });

  it("is valid TypeScript (strict tsc), including for a consumer that uses the odd property names", async () => {
    const consumer = join(work, "consumer.ts");
    const core = relative(work, join(out, "core/v1/index.js"));
    writeFileSync(
      consumer,
      [
        `import type { Hostile, Pod } from "./${core}";`,
        `export const empty: Hostile = { "-": "required" };`,
        `export const odd: Hostile = { "-": "x", "x-kubernetes-preserve-unknown-fields": "a", $ref: "b", "0abc": "c", "a.b": "d", "": "e", constructor: "f", toString: "g", ["__proto__"]: { a: "h" } };`,
        `export const read = (h: Hostile): string | null | undefined => (h["__proto__"] ? h["__proto__"].a : h["a.b"]);`,
        `export const pod: Pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "p" } };`,
        `// @ts-expect-error: a wrong type for a hostile key is still an error`,
        `export const wrong: Hostile = { "-": 1 };`,
      ].join("\n"),
    );
    const errors = await typecheckPackages([out], [consumer]);
    expect(Object.fromEntries(errors)).toEqual({ [out]: [] });
  });

  it("declares only types and constants (.d.ts statements, .js/.mjs shapes)", () => {
    expect(checkDtsShape(out)).toEqual([]);
    expect(checkPackageJs(out)).toEqual([]);
  });

  it("loads with require and import, and every export is a frozen object of constants", () => {
    const files = [...treeEntries(out).keys()].filter((p) => /\.m?js$/.test(p)).map((p) => join(out, p));
    const script = `
      const { createRequire } = require("node:module");
      const { pathToFileURL } = require("node:url");
      const req = require;
      (async () => {
        const report = {};
        for (const file of ${JSON.stringify(files)}) {
          const mod = file.endsWith(".mjs") ? await import(pathToFileURL(file).href) : req(file);
          report[file] = Object.getOwnPropertyNames(mod).filter((k) => k !== "__esModule" && k !== "default").map((k) => [k, typeof mod[k], Object.isFrozen(mod[k])]);
          if (Object.getPrototypeOf(mod) !== null && Object.getPrototypeOf(mod) !== Object.prototype) report[file].push(["prototype changed"]);
        }
        console.log(JSON.stringify(report));
      })().catch((e) => { console.error(String(e)); process.exit(1); });`;
    const report = JSON.parse(execFileSync(process.execPath, ["-e", script], { encoding: "utf8" })) as Record<string, unknown[][]>;
    const evil = report[join(out, "evil.example.com/v1/index.js")]!;
    expect(evil.map((e) => e[0]).sort()).toEqual(["__proto___", "constructor_", "metadata"]);
    for (const [file, exports] of Object.entries(report)) {
      for (const entry of exports) expect([file, ...entry]).toEqual([file, entry[0], "object", true]);
    }
  });

  it("keeps hostile descriptions inside comments and names the odd properties as quoted keys", () => {
    const dts = readFileSync(join(out, "core/v1/index.d.ts"), "utf8");
    expect(dts).not.toMatch(/^\s*export (declare )?const (pwned|injected|a|b)\b/m);
    expect(dts).toContain('"x-kubernetes-preserve-unknown-fields"?: string | null');
    // In a type, __proto__ is an ordinary property (prettier writes it unquoted); its JSDoc says how to set it.
    expect(dts).toMatch(/^\s*"?__proto__"?\?: \{/m);
    expect(dts).toContain('Write it as `["__proto__"]: value`');
    expect(dts).toContain('""?: string | null');
    expect(dts).toMatch(/constructor\?: string \| null \| \{\}\["constructor"\]/);
  });
});

describe("a spec file whose name holds a line break and code", () => {
  it("keeps the name inside the header comment", async () => {
    const dir = tempDir("hostile-name");
    const spec = join(dir, "a\nexport const pwned = 1;\u2028\r x.json");
    writeFileSync(spec, JSON.stringify(specSlice("1.36", 10)));
    const pkg = join(dir, "out", "pkg");
    const run = await runMain(["generate", "--spec", spec, "--out", pkg, "--name", "@hostile/name"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(checkDtsShape(pkg)).toEqual([]);
    expect(readFileSync(join(pkg, "index.d.ts"), "utf8").split("\n")[0]).toMatch(/^\/\/ Generated by k8s-openapi-ts from .*pwned.*\. Do not edit\.$/);
  });
});
