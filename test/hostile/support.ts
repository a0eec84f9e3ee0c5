// Helpers of the hostile-input tests and the fuzzer: running the generator (as a child
// process or in-process through the CLI's main), hashing folders, a small slice of a real
// spec to mutate, a batched tsc run and a scan of the emitted JavaScript.
import { execFile, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve as resolvePath } from "node:path";
import ts from "typescript";
import { REPO_ROOT } from "../../generator/load/pinned-specs.js";
import type { Schema, SwaggerDocument } from "../../generator/spec-types.js";

export const BIN = join(REPO_ROOT, "generator/runner/bin.mjs");
export const TSC = join(REPO_ROOT, "node_modules/.bin/tsc");
export const SHARED_SPECS = join(REPO_ROOT, "../shared/specs");

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `k8s-openapi-ts-${prefix}-`));
}

// ---------------------------------------------------------------------------------------
// Folders: a digest of every path, file type and byte, to prove "byte-identical".

/** relative path → "dir" | "link:<target>" | sha256 of the bytes. */
export function treeEntries(root: string): Map<string, string> {
  const entries = new Map<string, string>();
  if (!existsSync(root)) return entries;
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const rel = relative(root, path);
      const stat = lstatSync(path);
      if (stat.isDirectory()) {
        entries.set(rel, "dir");
        walk(path);
      } else if (stat.isSymbolicLink()) entries.set(rel, "link");
      else entries.set(rel, createHash("sha256").update(readFileSync(path)).digest("hex"));
    }
  };
  walk(root);
  return entries;
}

export function treeHash(root: string): string {
  const hash = createHash("sha256");
  for (const [path, value] of treeEntries(root)) hash.update(`${path}\0${value}\n`);
  return hash.digest("hex");
}

/** A readable difference between two trees (for assertion messages). */
export function treeDiff(before: Map<string, string>, after: Map<string, string>): string[] {
  const diff: string[] = [];
  for (const [path, value] of before) if (after.get(path) !== value) diff.push(`${after.has(path) ? "changed" : "removed"}: ${path}`);
  for (const path of after.keys()) if (!before.has(path)) diff.push(`added: ${path}`);
  return diff;
}

/** A small "previous generation" to check that failed runs leave it alone. */
export function writePreviousPackage(dir: string): void {
  mkdirSync(join(dir, "core/v1"), { recursive: true });
  writeFileSync(join(dir, "package.json"), '{ "name": "previous", "version": "1.0.0", "generator": { "name": "k8s-openapi-ts" } }\n');
  writeFileSync(join(dir, "core/v1/index.d.ts"), "export interface Previous { a: string }\n");
}

// ---------------------------------------------------------------------------------------
// Running the generator.

export interface RunResult {
  code: number | null;
  signal?: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The real command line, in a child process. */
export function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: REPO_ROOT, env: { ...process.env, ...options.env }, timeout: options.timeoutMs ?? 60_000, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : null) : 0;
        resolve({ code, signal: error?.signal ?? null, stdout, stderr });
      },
    );
  });
}

/** The CLI's main() in this process (same code path, no process start-up): exit code and printed text. */
export async function runMain(args: string[]): Promise<RunResult> {
  const { main } = await import("../../generator/runner/cli.js");
  const out: string[] = [];
  const err: string[] = [];
  const saved = { log: console.log, warn: console.warn, error: console.error };
  console.log = (...a: unknown[]) => void out.push(a.join(" "));
  console.warn = (...a: unknown[]) => void err.push(a.join(" "));
  console.error = (...a: unknown[]) => void err.push(a.join(" "));
  try {
    const code = await main(["node", "k8s-openapi-ts", ...args]);
    return { code, stdout: out.join("\n"), stderr: err.join("\n") };
  } finally {
    Object.assign(console, saved);
  }
}

/** A spawned process (for the kill tests), with its output collected. */
export function startCli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  return { child, exited, output: () => output };
}

// ---------------------------------------------------------------------------------------
// A slice of a real spec: the first `size` definitions reached from core/v1 Pod (plus a
// cyclic one), the Pod paths, and every parameter. References leaving the slice become
// open objects so the slice is a valid document on its own.

const ROOTS = [
  "io.k8s.api.core.v1.Pod",
  "io.k8s.api.core.v1.PodList",
  "io.k8s.apimachinery.pkg.apis.meta.v1.Status",
  "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps",
];

const specCache = new Map<string, SwaggerDocument>();
export function readSharedSpec(version: string): SwaggerDocument {
  let doc = specCache.get(version);
  if (!doc) {
    doc = JSON.parse(readFileSync(join(SHARED_SPECS, `v${version}.swagger.json`), "utf8")) as SwaggerDocument;
    specCache.set(version, doc);
  }
  return structuredClone(doc);
}

function refsOf(node: unknown, found: string[] = []): string[] {
  if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string" && value.startsWith("#/definitions/")) found.push(value.slice("#/definitions/".length));
      else refsOf(value, found);
    }
  }
  return found;
}

function cutRefs(node: unknown, keep: Set<string>): unknown {
  if (Array.isArray(node)) return node.map((n) => cutRefs(n, keep));
  if (!node || typeof node !== "object") return node;
  const record = node as Record<string, unknown>;
  if (typeof record.$ref === "string" && record.$ref.startsWith("#/definitions/") && !keep.has(record.$ref.slice(14))) {
    return { type: "object", ...(typeof record.description === "string" ? { description: record.description } : {}) };
  }
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, cutRefs(v, keep)]));
}

export function specSlice(version = "1.36", size = 30): SwaggerDocument {
  const full = readSharedSpec(version);
  const keep = new Set<string>();
  const queue = [...ROOTS];
  while (queue.length > 0 && keep.size < size) {
    const name = queue.shift()!;
    if (keep.has(name) || !full.definitions[name]) continue;
    keep.add(name);
    queue.push(...refsOf(full.definitions[name]));
  }
  const definitions: Record<string, Schema> = {};
  for (const name of [...keep].sort()) definitions[name] = cutRefs(full.definitions[name], keep) as Schema;
  const paths: SwaggerDocument["paths"] = {};
  for (const path of ["/api/v1/namespaces/{namespace}/pods", "/api/v1/namespaces/{namespace}/pods/{name}", "/api/v1/namespaces/{namespace}/pods/{name}/status"]) {
    paths[path] = cutRefs(full.paths[path], keep) as SwaggerDocument["paths"][string];
  }
  const parameters = cutRefs(full.parameters, keep) as SwaggerDocument["parameters"];
  return { swagger: "2.0", info: { title: "slice", version: "v1.36.0" }, paths, definitions, parameters } as SwaggerDocument;
}

// ---------------------------------------------------------------------------------------
// Checking output: one tsc run over many packages, and the shape of the emitted JavaScript.

/** Compiled in every typecheckPackages run: a run that does not report its deliberate error did not check anything. */
const CONTROL_TEXT = 'export const control: number = "not a number";\n';

/**
 * Type-checks the .d.ts/.d.mts files of every package folder (and any extra consumer files)
 * in one strict tsc run. Returns the error lines per package folder (empty when clean), and
 * "(other)" for errors elsewhere. Rejects when the run says nothing usable: tsc did not start,
 * exited non-zero with no located error, reported an error without a location (a config
 * error), did not report the deliberate error of its control file, or a package folder has no
 * declaration file (nothing of it would be checked).
 */
export function typecheckPackages(packages: string[], extraFiles: string[] = [], tsc = TSC): Promise<Map<string, string[]>> {
  const dir = tempDir("tsc");
  const control = join(dir, "control.ts");
  writeFileSync(control, CONTROL_TEXT);
  const files = [control, ...extraFiles];
  for (const pkg of packages) {
    const declarations = [...treeEntries(pkg)].filter(([rel, value]) => value !== "dir" && /\.d\.m?ts$/.test(rel)).map(([rel]) => join(pkg, rel));
    if (declarations.length === 0) return Promise.reject(new Error(`typecheckPackages: ${pkg} has no declaration file to check`));
    files.push(...declarations);
  }
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, skipLibCheck: false, target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", types: [], noErrorTruncation: false },
      files,
    }),
  );
  return new Promise((resolve, reject) => {
    execFile(tsc, ["-p", join(dir, "tsconfig.json"), "--pretty", "false"], { cwd: dir, maxBuffer: 64 << 20, timeout: 300_000 }, (error, stdout, stderr) => {
      const output = `${stdout}${stderr}`;
      const lines = output.split("\n").filter((l) => l.trim() !== "");
      const located = lines.filter((l) => /^.+?\(\d+,\d+\): /.test(l));
      if (error && located.length === 0) return reject(new Error(`tsc failed (${error.code ?? error.message}) and reported no located error:\n${output.slice(0, 2000) || error.message}`));
      const unlocated = lines.filter((l) => /\berror TS\d+: /.test(l) && !/^.+?\(\d+,\d+\): /.test(l));
      if (unlocated.length > 0) return reject(new Error(`tsc reported errors without a location:\n${unlocated.join("\n")}`));
      const byPackage = new Map<string, string[]>(packages.map((p) => [p, []]));
      const other: string[] = [];
      const controlErrors: string[] = [];
      let last: string[] = other;
      for (const line of lines) {
        // "<file>(line,col): error …", the file relative to tsc's working folder; indented lines continue the previous error.
        const file = /^(.+?)\(\d+,\d+\): /.exec(line)?.[1];
        if (!file) {
          last.push(line);
          continue;
        }
        const absolute = resolvePath(dir, file);
        const pkg = packages.find((p) => absolute.startsWith(p + "/"));
        last = absolute === control ? controlErrors : pkg ? byPackage.get(pkg)! : other;
        last.push(`${absolute}${line.slice(file.length)}`);
      }
      if (controlErrors.length !== 1 || !controlErrors[0]!.includes("error TS2322")) return reject(new Error(`tsc did not report the control file's deliberate error:\n${output.slice(0, 2000)}`));
      if (other.length > 0) byPackage.set("(other)", other);
      resolve(byPackage);
    });
  });
}

const ALLOWED_CONSTANT_KEYS = new Set(["API_VERSION", "GROUP", "KIND", "VERSION", "URL_PATH_SEGMENT", "SCOPE", "LIST_KIND", "VERBS", "PATCH_TYPES", "SUBRESOURCES", "metadata", "name", "kubernetesVersion"]);

/**
 * Checks that an emitted .js/.mjs file only declares constants: `exports.X = Object.freeze({…})`
 * or `export const X = Object.freeze({…})` whose members are string literals, frozen arrays
 * of string literals, or the metadata accessor `(object) => object.metadata`. Returns the
 * problems found (empty when the file is as expected).
 */
export function checkJsShape(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
  const problems: string[] = [];
  const bad = (node: ts.Node, why: string) => problems.push(`${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${why}: ${node.getText().slice(0, 80)}`);
  const isFreezeCall = (e: ts.Expression): e is ts.CallExpression =>
    ts.isCallExpression(e) && e.getText().startsWith("Object.freeze(") && e.arguments.length === 1;
  const isMetadataAccessor = (e: ts.Expression): boolean =>
    ts.isArrowFunction(e) && e.parameters.length === 1 && e.body.getText().replace(/\s/g, "") === `${e.parameters[0]!.name.getText()}.metadata`;
  const checkConstants = (e: ts.Expression) => {
    if (!isFreezeCall(e)) return bad(e, "not Object.freeze(…)");
    const obj = e.arguments[0]!;
    if (!ts.isObjectLiteralExpression(obj)) return bad(obj, "not an object literal");
    for (const p of obj.properties) {
      const name = p.name?.getText() ?? "";
      if (!ALLOWED_CONSTANT_KEYS.has(name)) bad(p, "unexpected member");
      if (ts.isShorthandPropertyAssignment(p)) {
        if (name !== "metadata") bad(p, "unexpected shorthand");
        continue;
      }
      if (!ts.isPropertyAssignment(p)) {
        bad(p, "not a plain property");
        continue;
      }
      const v = p.initializer;
      if (ts.isStringLiteral(v)) continue;
      if (isFreezeCall(v) && ts.isArrayLiteralExpression(v.arguments[0]!) && v.arguments[0].elements.every((x) => ts.isStringLiteral(x))) continue;
      if (name === "metadata" && (isMetadataAccessor(v) || (ts.isIdentifier(v) && v.text === "metadata"))) continue;
      bad(v, "unexpected value");
    }
  };
  for (const statement of source.statements) {
    const text = statement.getText();
    if (text === '"use strict";' || text === 'Object.defineProperty(exports, "__esModule", { value: true });' || text === "export {};") continue;
    if (ts.isVariableStatement(statement)) {
      const declarations = statement.declarationList.declarations;
      const exported = statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
      if (!(statement.declarationList.flags & ts.NodeFlags.Const)) bad(statement, "not const");
      for (const d of declarations) {
        if (!d.initializer) bad(d, "no initializer");
        else if (!exported && d.name.getText() === "metadata" && isMetadataAccessor(d.initializer)) continue;
        else if (exported) checkConstants(d.initializer);
        else bad(d, "unexpected declaration");
      }
      continue;
    }
    if (ts.isExpressionStatement(statement) && ts.isBinaryExpression(statement.expression) && statement.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const left = statement.expression.left;
      if (ts.isPropertyAccessExpression(left) && left.expression.getText() === "exports" && left.name.text !== "__proto__") {
        checkConstants(statement.expression.right);
        continue;
      }
    }
    bad(statement, "unexpected statement");
  }
  return problems;
}

/** Every .js/.mjs file of a package, checked with checkJsShape. */
export function checkPackageJs(pkg: string): string[] {
  const problems: string[] = [];
  for (const [rel, value] of treeEntries(pkg)) {
    if (value === "dir" || !/\.m?js$/.test(rel)) continue;
    problems.push(...checkJsShape(rel, readFileSync(join(pkg, rel), "utf8")));
  }
  return problems;
}

/** Checks that the .d.ts files only declare: type imports, interfaces, type aliases, `declare const`, re-exports. */
export function checkDtsShape(pkg: string): string[] {
  const problems: string[] = [];
  for (const [rel, value] of treeEntries(pkg)) {
    if (value === "dir" || !/\.d\.m?ts$/.test(rel)) continue;
    const source = ts.createSourceFile(rel, readFileSync(join(pkg, rel), "utf8"), ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
    if (source.referencedFiles.length || source.typeReferenceDirectives.length || source.libReferenceDirectives.length) problems.push(`${rel}: triple-slash directive`);
    for (const s of source.statements) {
      const ok =
        (ts.isImportDeclaration(s) && s.importClause?.isTypeOnly === true && ts.isStringLiteral(s.moduleSpecifier) && /^(\.\.?\/|@)/.test(s.moduleSpecifier.text)) ||
        ts.isInterfaceDeclaration(s) ||
        ts.isTypeAliasDeclaration(s) ||
        (ts.isVariableStatement(s) && s.modifiers?.some((m) => m.kind === ts.SyntaxKind.DeclareKeyword) === true) ||
        (ts.isExportDeclaration(s) && (!s.moduleSpecifier || (ts.isStringLiteral(s.moduleSpecifier) && s.moduleSpecifier.text.startsWith("./"))));
      if (!ok) problems.push(`${rel}: unexpected statement: ${s.getText().slice(0, 80)}`);
    }
  }
  return problems;
}
