// Broken documents and unusable output folders: each is a clear message naming the file and
// the JSON pointer (and line:column for JSON syntax errors), exit code 1, no stack trace,
// and the output folder byte-identical afterwards. A representative few run the real
// command line in a child process; the rest call the CLI's main() in-process (same code).
import { execFile, execFileSync, spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { jsonPointer } from "../../generator/errors.js";
import { REPO_ROOT } from "../../generator/load/pinned-specs.js";
import type { Schema, SwaggerDocument } from "../../generator/spec-types.js";
import { BIN, runCli, runMain, specSlice, tempDir, treeHash, typecheckPackages, writePreviousPackage, type RunResult } from "./support.js";

const work = tempDir("bad-input");
let counter = 0;

/** Writes `text` as a spec, runs `generate` over a folder holding a previous package, checks the folder is untouched. */
async function generate(text: string | object, how: "child" | "main" = "main", name = "spec.json") {
  const dir = join(work, `case-${++counter}`);
  const out = join(dir, "out", "pkg");
  mkdirSync(out, { recursive: true });
  writePreviousPackage(out);
  const spec = join(dir, name);
  writeFileSync(spec, typeof text === "string" ? text : JSON.stringify(text, null, 2));
  const before = treeHash(join(dir, "out"));
  const args = ["generate", "--spec", spec, "--out", out, "--name", "@bad/input"];
  const result = how === "child" ? await runCli(args) : await runMain(args);
  return { result, spec, out, unchanged: treeHash(join(dir, "out")) === before };
}

/** A clean failure: exit 1, one message naming the file (and pointer), no stack trace. */
function expectClearError(result: RunResult, spec: string, pointer: string | undefined, ...words: (string | RegExp)[]) {
  expect(result.code, result.stderr).toBe(1);
  const where = pointer === undefined ? spec : `${spec}`;
  expect(result.stderr).toMatch(new RegExp(`^k8s-openapi-ts: ${escapeRe(where)}`));
  if (pointer !== undefined) expect(result.stderr).toContain(` at ${pointer === "" ? "/" : pointer}:`);
  expect(result.stderr).not.toMatch(/internal error|^\s+at .+:\d+:\d+\)?$/m);
  for (const word of words) expect(result.stderr).toMatch(typeof word === "string" ? new RegExp(escapeRe(word)) : word);
}

function escapeRe(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const slice = (): SwaggerDocument => specSlice("1.36", 30);
const POD = "io.k8s.api.core.v1.Pod";

describe("documents that are not JSON", () => {
  it("not JSON at all (command line): line 1, column 1, pointer /", async () => {
    const { result, spec, unchanged } = await generate("<html><body>502 Bad Gateway</body></html>\n", "child");
    expectClearError(result, spec, "", `${spec}:1:1 at /`, "not valid JSON");
    expect(unchanged).toBe(true);
  });

  it("truncated JSON: the line and column where it ends, the pointer of the value being read, 'truncated'", async () => {
    const text = JSON.stringify(slice(), null, 2);
    const cut = text.slice(0, text.indexOf('"restartPolicy"') + 30);
    const { result, spec, unchanged } = await generate(cut);
    const lines = cut.split("\n");
    expectClearError(result, spec, undefined, `${spec}:${lines.length}:`, / at \/definitions\/io\.k8s\.api\.core\.v1\.[A-Za-z]+\/properties\/restartPolicy: not valid JSON: expected a closing quote/, "truncated");
    expect(unchanged).toBe(true);
  });

  it("a syntax error in the middle: exact line:column and pointer", async () => {
    const good = JSON.stringify(slice(), null, 2);
    const at = good.indexOf('"description"', good.indexOf('"io.k8s.api.core.v1.PodOS"'));
    const end = good.indexOf(",\n", at);
    const text = good.slice(0, end) + good.slice(end + 1); // drop one comma
    const line = good.slice(0, end).split("\n").length + 1;
    const { result, spec, unchanged } = await generate(text);
    expectClearError(result, spec, "/definitions/io.k8s.api.core.v1.PodOS", `${spec}:${line}:`, "expected ',' or '}'");
    expect(unchanged).toBe(true);
  });

  it("an empty file (command line)", async () => {
    const { result, spec, unchanged } = await generate("", "child");
    expectClearError(result, spec, "", "the document is empty");
    expect(unchanged).toBe(true);
  });

  it("a YAML document: hint to use the JSON document", async () => {
    const { result, spec, unchanged } = await generate('swagger: "2.0"\ninfo:\n  title: Kubernetes\ndefinitions: {}\n', "main", "spec.yaml");
    expectClearError(result, spec, "", `${spec}:1:1`, "looks like YAML", "kubectl get --raw /openapi/v2");
    expect(unchanged).toBe(true);
  });

  it("a JSON array, a string, null", async () => {
    for (const text of ["[]", '"swagger"', "null"]) {
      const { result, spec, unchanged } = await generate(text);
      expectClearError(result, spec, "", "expected a JSON object");
      expect(unchanged).toBe(true);
    }
  });

  it("absurd nesting is refused before anything recursive sees it", async () => {
    const n = 20_000;
    const deep = '{"type":"array","items":'.repeat(n) + '{"type":"string"}' + "}".repeat(n);
    const text = JSON.stringify(slice()).replace('"definitions":{', `"definitions":{"x.Deep":${deep},`);
    const { result, spec, unchanged } = await generate(text);
    expectClearError(result, spec, undefined, /at \/definitions\/x\.Deep\/items\/items\/.*nests deeper than 256 levels/);
    expect(unchanged).toBe(true);
  });

  it("endless input (/dev/zero) stops at the size limit instead of filling memory; /dev/null is empty", async () => {
    const zero = await runCli(["generate", "--spec", "/dev/zero", "--out", join(work, "zero-out"), "--name", "x"]);
    expectClearError(zero, "/dev/zero", undefined, "larger than 512 MB");
    const empty = await runMain(["generate", "--spec", "/dev/null", "--out", join(work, "null-out"), "--name", "x"]);
    expectClearError(empty, "/dev/null", "", "the document is empty");
  });

  it("a missing file names it", async () => {
    const result = await runMain(["generate", "--spec", join(work, "nope.json"), "--out", join(work, "nope-out"), "--name", "x"]);
    expectClearError(result, join(work, "nope.json"), undefined, "cannot read the file: ENOENT");
  });
});

describe("documents that are JSON but not a usable Swagger 2.0 document", () => {
  it("OpenAPI 3 (command line): says to fetch the v2 document with kubectl", async () => {
    const { result, spec, unchanged } = await generate({ openapi: "3.0.0", info: { title: "Kubernetes", version: "v1.36.0" }, paths: {}, components: { schemas: {} } }, "child");
    expectClearError(result, spec, "/openapi", "OpenAPI 3.0.0", "kubectl get --raw /openapi/v2");
    expect(unchanged).toBe(true);
  });

  it("fails the Swagger 2.0 schema: the pointer of the offending value", async () => {
    const doc = slice();
    (doc.definitions[POD]!.properties!.spec as Record<string, unknown>).type = 42;
    const { result, spec, unchanged } = await generate(doc);
    expectClearError(result, spec, undefined, /at \/definitions\/io\.k8s\.api\.core\.v1\.Pod\/properties\/spec(\/type)?: fails Swagger 2\.0 validation/);
    expect(unchanged).toBe(true);
  });

  it("fails a Swagger 2.0 rule (a path parameter that is not in the path): the path's pointer", async () => {
    const doc = slice();
    const path = "/api/v1/namespaces/{namespace}/pods/{name}";
    doc.paths[path]!.parameters!.push({ name: "extra", in: "path", required: true, type: "string" });
    const { result, spec, unchanged } = await generate(doc);
    expectClearError(result, spec, jsonPointer("paths", path), 'path parameter named "extra"');
    expect(unchanged).toBe(true);
  });

  it("a required property that does not exist: the pointer into `required`", async () => {
    const doc = slice();
    doc.definitions[POD]!.required = ["nope"];
    const { result, spec, unchanged } = await generate(doc);
    expectClearError(result, spec, jsonPointer("definitions", POD, "required", 0), '"nope" is listed as required');
    expect(unchanged).toBe(true);
  });

  it("a duplicate operationId: both places", async () => {
    const doc = slice();
    const paths = Object.values(doc.paths);
    paths[1]!.get!.operationId = paths[0]!.get!.operationId!;
    const { result, spec, unchanged } = await generate(doc);
    expectClearError(result, spec, undefined, /at \/paths\/.*\/get\/operationId: .*duplicate operationId .*first at \/paths\//);
    expect(unchanged).toBe(true);
  });

  it("a $ref to a missing definition: the pointer of the $ref", async () => {
    const doc = slice();
    doc.definitions[POD]!.properties!.spec = { $ref: "#/definitions/io.k8s.api.core.v1.NoSuchSpec" };
    const { result, spec, unchanged } = await generate(doc);
    expectClearError(result, spec, jsonPointer("definitions", POD, "properties", "spec", "$ref"), "does not exist");
    expect(unchanged).toBe(true);
  });

  it("a $ref that is not local", async () => {
    const doc = slice();
    doc.definitions[POD]!.properties!.spec = { $ref: "https://example.com/evil.json#/x" };
    const { result, spec, unchanged } = await generate(doc);
    expectClearError(result, spec, jsonPointer("definitions", POD, "properties", "spec", "$ref"), "is not a local reference");
    expect(unchanged).toBe(true);
  });

  it("an x-kubernetes-group-version-kind of the wrong shape", async () => {
    const doc = slice();
    (doc.definitions[POD] as Record<string, unknown>)["x-kubernetes-group-version-kind"] = [{ group: "", version: 1, kind: "Pod" }];
    const { result, spec, unchanged } = await generate(doc);
    expectClearError(result, spec, jsonPointer("definitions", POD, "x-kubernetes-group-version-kind"), "must be a list of");
    expect(unchanged).toBe(true);
  });

  it('a key named "toString" or "valueOf" where the schema validator compares values (found by the fuzzer)', async () => {
    const doc = slice();
    const path = "/api/v1/namespaces/{namespace}/pods/{name}";
    // The fuzzer's case: a parameter's "name" key renamed to "toString".
    const parameter = doc.paths[path]!.delete!.parameters![1] as Record<string, unknown>;
    const { name, ...rest } = parameter;
    doc.paths[path]!.delete!.parameters![1] = JSON.parse(JSON.stringify({ toString: name, ...rest }));
    const first = await generate(doc);
    expectClearError(first.result, first.spec, jsonPointer("paths", path, "delete", "parameters", 1, "toString"), 'a key named "toString" is not allowed here');
    expect(first.unchanged).toBe(true);
    const other = slice();
    other.definitions[POD]!.properties!.kind = { type: "object", enum: [{ valueOf: 1 }, { valueOf: 2 }] };
    const second = await generate(other);
    expectClearError(second.result, second.spec, jsonPointer("definitions", POD, "properties", "kind", "enum", 0, "valueOf"), 'a key named "valueOf"');
    expect(second.unchanged).toBe(true);
  });

  it("no definitions", async () => {
    const { result, spec, unchanged } = await generate({ swagger: "2.0", info: { title: "x", version: "1" }, paths: {}, definitions: {} });
    expectClearError(result, spec, "/definitions", "nothing to generate");
    expect(unchanged).toBe(true);
  });

  it("two definitions that map to the same module and export name", async () => {
    const doc = slice();
    doc.definitions["io.k8s.api.core.v1.Foo-Bar"] = { type: "object" };
    doc.definitions["io.k8s.api.core.v1.Foo_Bar"] = { type: "string" };
    const { result, spec, unchanged } = await generate(doc);
    expectClearError(result, spec, jsonPointer("definitions", "io.k8s.api.core.v1.Foo_Bar"), '"io.k8s.api.core.v1.Foo-Bar" and "io.k8s.api.core.v1.Foo_Bar" both map to the export Foo_Bar of module core/v1');
    expect(unchanged).toBe(true);
  });

  it("two definitions of the same apiVersion and kind (found by the fuzzer)", async () => {
    const doc = slice();
    doc.definitions["io.k8s.api.core.v1.PodCopy"] = structuredClone(doc.definitions[POD]!);
    const { result, spec, unchanged } = await generate(doc);
    expectClearError(result, spec, jsonPointer("definitions", "io.k8s.api.core.v1.PodCopy", "x-kubernetes-group-version-kind"), 'are both apiVersion "v1", kind "Pod"');
    expect(unchanged).toBe(true);
  });

  it("a definition that would take the name of a generated helper type", async () => {
    const doc = slice();
    doc.definitions["io.k8s.apimachinery.pkg.apis.meta.v1.Embedded"] = { type: "object" };
    const { result, spec, unchanged } = await generate(doc);
    expectClearError(result, spec, jsonPointer("definitions", "io.k8s.apimachinery.pkg.apis.meta.v1.Embedded"), "helper type Embedded");
    expect(unchanged).toBe(true);
  });
});

describe("valid documents whose package would not compile (issue 14): refused in the model stage", () => {
  const META = "io.k8s.apimachinery.pkg.apis.meta.v1";

  it("ObjectMeta and one resource kind with its path, no ListMeta: refused naming ListMeta (the List helper needs it)", async () => {
    const gvk = { group: "example.com", version: "v1", kind: "Widget" };
    const doc = {
      swagger: "2.0",
      info: { title: "small", version: "1" },
      paths: {
        "/apis/example.com/v1/namespaces/{namespace}/widgets/{name}": {
          parameters: ["namespace", "name"].map((name) => ({ name, in: "path", required: true, type: "string" })),
          get: { "x-kubernetes-action": "get", "x-kubernetes-group-version-kind": gvk, responses: { "200": { description: "OK", schema: { $ref: "#/definitions/com.example.v1.Widget" } } } },
        },
      },
      definitions: {
        [`${META}.ObjectMeta`]: { type: "object", properties: { name: { type: "string" } } },
        "com.example.v1.Widget": {
          type: "object",
          properties: { apiVersion: { type: "string" }, kind: { type: "string" }, metadata: { $ref: `#/definitions/${META}.ObjectMeta` } },
          "x-kubernetes-group-version-kind": [gvk],
        },
      },
    };
    const { result, spec, unchanged } = await generate(doc);
    expectClearError(result, spec, jsonPointer("definitions", `${META}.ObjectMeta`), `does not define "${META}.ListMeta"`, "hint: add the definition");
    expect(unchanged).toBe(true);
  });

  it("A → B → A through $ref alone: refused naming the loop, at the first $ref", async () => {
    const doc = slice();
    doc.definitions["io.example.v1.A"] = { $ref: "#/definitions/io.example.v1.B" };
    doc.definitions["io.example.v1.B"] = { $ref: "#/definitions/io.example.v1.A" };
    const { result, spec, unchanged } = await generate(doc);
    expectClearError(result, spec, "/definitions/io.example.v1.A/$ref", '"io.example.v1.A" → "io.example.v1.B" → "io.example.v1.A"');
    expect(unchanged).toBe(true);
  });
});

describe("legal but unusual documents", () => {
  it("cyclic definitions (JSONSchemaProps refers to itself; A → B → A) generate and type-check", async () => {
    const doc = slice();
    const a: Schema = { type: "object", properties: { b: { $ref: "#/definitions/io.example.v1.B" }, self: { $ref: "#/definitions/io.example.v1.A" } } };
    const b: Schema = { type: "object", properties: { a: { type: "array", items: { $ref: "#/definitions/io.example.v1.A" } } } };
    doc.definitions["io.example.v1.A"] = a;
    doc.definitions["io.example.v1.B"] = b;
    const { result, out } = await generate(doc);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const errors = await typecheckPackages([out]);
    expect(Object.fromEntries(errors)).toEqual({ [out]: [] });
  });
});

describe("output folders that cannot be written", () => {
  const spec = join(work, "ok.json");
  writeFileSync(spec, JSON.stringify(specSlice("1.36", 10)));

  it("below a regular file (command line)", async () => {
    const file = join(work, "a-file");
    writeFileSync(file, "not a folder\n");
    const out = join(file, "pkg");
    const result = await runCli(["generate", "--spec", spec, "--out", out, "--name", "x"]);
    expectClearError(result, out, undefined, `${file} is not a folder`);
  });

  it("the output folder is a regular file", async () => {
    const file = join(work, "b-file");
    writeFileSync(file, "keep me\n");
    const result = await runMain(["generate", "--spec", spec, "--out", file, "--name", "x"]);
    expectClearError(result, file, undefined, "is not a folder");
  });

  it("an existing folder that is not a generated package (a mistyped --out .) is not replaced", async () => {
    const project = join(work, "my-project");
    mkdirSync(join(project, "src"), { recursive: true });
    writeFileSync(join(project, "package.json"), '{ "name": "my-project" }\n');
    writeFileSync(join(project, "src/index.ts"), "export {};\n");
    const before = treeHash(project);
    const result = await runMain(["generate", "--spec", spec, "--out", project, "--name", "x"]);
    expectClearError(result, project, undefined, "is not a package made by k8s-openapi-ts", "refusing to replace it");
    expect(treeHash(project)).toBe(before);
    const root = await runMain(["generate", "--spec", spec, "--out", "/", "--name", "x"]);
    expectClearError(root, "/", undefined, "cannot be the file system root");
  });

  it("in a file system that refuses new folders, even to root (/proc)", async () => {
    const out = "/proc/k8s-openapi-ts-test/pkg";
    const result = await runMain(["generate", "--spec", spec, "--out", out, "--name", "x"]);
    expectClearError(result, out, undefined, /cannot write the output folder: E[A-Z]+ in \/proc/);
    const all = await runMain(["generate-all", "--versions", "1.36", "--out", "/proc/k8s-openapi-ts-test"]);
    expectClearError(all, "/proc/k8s-openapi-ts-test", undefined, "cannot write the output folder");
  });

  // Root passes every permission check, so as root (CI runs as root) the case runs the real
  // command line as the unprivileged user nobody (uid/gid 65534): the read-only folder must
  // stop the run with a clear error naming it, and stay unchanged.
  it("a folder without write permission: exit 1, a clear error naming the folder, the folder unchanged (as nobody when run as root)", async () => {
    const base = mkdtempSync(join(tmpdir(), "k8s-openapi-ts-read-only-"));
    try {
      chmodSync(base, 0o755); // mkdtemp makes 0700: nobody must reach the spec and the folder
      const okSpec = join(base, "ok.json");
      copyFileSync(spec, okSpec);
      chmodSync(okSpec, 0o644);
      const dir = join(base, "read-only");
      writePreviousPackage(join(dir, "previous"));
      const out = join(dir, "pkg");
      const before = treeHash(dir);
      chmodSync(dir, 0o555);
      const args = ["generate", "--spec", okSpec, "--out", out, "--name", "x"];
      const result = process.getuid?.() === 0 ? await runCliAsNobody(args, base) : await runMain(args);
      chmodSync(dir, 0o755);
      expect(result.code, result.stderr).not.toBe(0);
      // EACCES: the permission check refused it (root would have passed it).
      expectClearError(result, out, undefined, `cannot write the output folder: EACCES in ${dir}`);
      expect(existsSync(out)).toBe(false);
      expect(treeHash(dir)).toBe(before);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });
});

const NOBODY = 65534;

/** Whether uid/gid nobody can read `file` (and so traverse every folder above it). */
function nobodyCanRead(file: string): boolean {
  return spawnSync(process.execPath, ["-e", "require('fs').accessSync(process.argv[1], require('fs').constants.R_OK)", file], { uid: NOBODY, gid: NOBODY, stdio: "ignore" }).status === 0;
}

/**
 * The real command line run as nobody. It reads the repo's generator/ and node_modules/;
 * when the checkout is not readable by nobody (a folder above it is private), they are
 * hard-linked into `base` (the files keep their modes, the new folders are 0755) and run
 * from there.
 */
async function runCliAsNobody(args: string[], base: string): Promise<RunResult> {
  let bin = BIN;
  if (!nobodyCanRead(BIN) || !nobodyCanRead(join(REPO_ROOT, "node_modules/typescript/package.json"))) {
    const copy = join(base, "repo");
    mkdirSync(copy, { mode: 0o755 });
    for (const entry of ["generator", "node_modules", "package.json", "specs"]) {
      execFileSync("cp", ["-al", join(REPO_ROOT, entry), join(copy, entry)]);
    }
    bin = join(copy, "generator/runner/bin.mjs");
    if (!nobodyCanRead(bin)) throw new Error(`cannot run the read-only-folder case as nobody: neither ${REPO_ROOT} nor a hard-linked copy of it in ${copy} is readable by uid ${NOBODY}`);
  }
  return new Promise((resolve) =>
    execFile(
      process.execPath,
      [bin, ...args],
      { cwd: base, uid: NOBODY, gid: NOBODY, env: { ...process.env, HOME: base }, timeout: 100_000, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === "number" ? error.code : null) : 0, signal: error?.signal ?? null, stdout, stderr }),
    ),
  );
}
