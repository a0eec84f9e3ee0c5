// The fuzzer: fast-check mutations of a slice of a real spec (drop, duplicate and retype
// definitions and properties, break refs, inject hostile strings, replace any node, drop a
// definition only the helper types refer to), run through the real CLI code in a worker
// thread with a per-case time limit, and the rules
// every outcome must keep:
//   exit 0 → the package is written, only inside its folder (its types are checked in
//            batches by checkTypes: one tsc run for many packages);
//   exit 1 → one clear message (no "internal error", no stack trace) and the output folder
//            byte-identical to before;
//   exit 2 (internal error) is a crash; no answer within the limit is a hang.
// Used by fuzz.test.ts (a short budget) and scripts/fuzz.ts (a long run).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import fc from "fast-check";
import { HELPER_MODULE_NEEDS } from "../../../generator/special-cases.js";
import type { SwaggerDocument } from "../../../generator/spec-types.js";
import { HOSTILE_STRINGS } from "../hostile-names.js";
import { checkPackageJs, specSlice, treeEntries, treeDiff, typecheckPackages, writePreviousPackage } from "../support.js";

// ---------------------------------------------------------------------------------------
// Mutations

export type Mutation =
  | { op: "dropDefinition"; at: number }
  | { op: "duplicateDefinition"; at: number; name: string }
  | { op: "retypeDefinition"; at: number; value: unknown }
  | { op: "dropProperty"; at: number; prop: number }
  | { op: "duplicateProperty"; at: number; prop: number; name: string }
  | { op: "retypeProperty"; at: number; prop: number; value: unknown }
  | { op: "breakRef"; at: number; ref: string }
  | { op: "injectString"; at: number; text: string; key: boolean }
  | { op: "replaceNode"; at: number; value: unknown }
  | { op: "deleteNode"; at: number }
  | { op: "dropHelperDefinition"; at: number };

const hostileString = fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.string({ maxLength: 12 }), fc.string({ unit: "grapheme", maxLength: 8 }));

/** Schemas a careless or hostile document might hold where a schema belongs. */
const oddSchema: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom<unknown>(
    { type: "string" },
    { type: "integer", format: "int64" },
    { type: "array" },
    { type: "array", items: [] },
    { type: "array", items: [{ type: "string" }, { type: "number" }] },
    { type: "object", additionalProperties: false },
    { type: "object", additionalProperties: true },
    { type: "object", additionalProperties: { $ref: "#/definitions/io.k8s.api.core.v1.Pod" } },
    { type: "object", properties: {} },
    { enum: [] },
    { enum: [null, 1, "a", true, { x: 1 }, [1]] },
    { type: "string", enum: ["*/", "`", "\u2028", ""] },
    { allOf: [] },
    { allOf: [{ $ref: "#/definitions/io.k8s.api.core.v1.PodSpec" }, { type: "object", properties: { x: { type: "string" } } }] },
    { oneOf: [{ type: "string" }, { type: "integer" }] },
    { anyOf: [] },
    { not: { type: "string" } },
    { type: ["string", "null"] },
    { type: "null" },
    { type: "file" },
    { "x-kubernetes-int-or-string": true },
    { "x-kubernetes-preserve-unknown-fields": true },
    { "x-kubernetes-embedded-resource": true, type: "object" },
    { $ref: "#/definitions/io.k8s.api.core.v1.Pod" },
    { $ref: "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" },
    { type: "object", required: ["missing"] },
    { type: "string", default: { "*/": "`" } },
    { type: "string", description: 42 },
    {},
    null,
    "string",
    42,
    [],
    true,
  ) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

const refTarget = fc.oneof(
  fc.constantFrom(
    "#/definitions/io.k8s.api.core.v1.NoSuch",
    "#/definitions/",
    "#/definitions",
    "#/parameters/body-2Y1dVQaQ",
    "#/definitions/io.k8s.api.core.v1.Pod/properties/spec",
    "#/definitions/io.k8s.api.core.v1.Pod",
    "#/definitions/io.k8s.api.core.v1.PodList",
    "#/definitions/%ZZ",
    "#/definitions/..~1..~1etc",
    "http://127.0.0.1:1/x.json#/definitions/Pod",
    "other.json#/x",
    "#",
    "",
  ),
  hostileString.map((s) => `#/definitions/${s}`),
);

export function mutationArb(): fc.Arbitrary<Mutation> {
  const at = fc.nat();
  // Weighted towards changes a generator must survive (odd types, names, text) over ones
  // that only the validator sees (structure torn apart).
  return fc.oneof(
    { weight: 1, arbitrary: fc.record({ op: fc.constant("dropDefinition" as const), at }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant("duplicateDefinition" as const), at, name: hostileString }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant("retypeDefinition" as const), at, value: oddSchema }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant("dropProperty" as const), at, prop: fc.nat() }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant("duplicateProperty" as const), at, prop: fc.nat(), name: hostileString }) },
    { weight: 4, arbitrary: fc.record({ op: fc.constant("retypeProperty" as const), at, prop: fc.nat(), value: oddSchema }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant("breakRef" as const), at, ref: refTarget }) },
    { weight: 4, arbitrary: fc.record({ op: fc.constant("injectString" as const), at, text: hostileString, key: fc.boolean() }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant("replaceNode" as const), at, value: oddSchema }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant("deleteNode" as const), at }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant("dropHelperDefinition" as const), at }) },
  );
}

/** 1–6 mutations per spec. */
export const mutationsArb = (): fc.Arbitrary<Mutation[]> => fc.array(mutationArb(), { minLength: 1, maxLength: 6 });

type Container = Record<string, unknown> | unknown[];
interface Site {
  parent: Container;
  key: string | number;
}

/** Every (parent, key) pair in the tree, in a stable order; `filter` picks some. */
function sites(root: unknown, filter: (value: unknown, key: string | number, parent: Container) => boolean = () => true): Site[] {
  const found: Site[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== "object") continue;
    const entries: [string | number, unknown][] = Array.isArray(node) ? node.map((v, i) => [i, v]) : Object.entries(node);
    for (const [key, value] of entries) {
      if (filter(value, key, node as Container)) found.push({ parent: node as Container, key });
      stack.push(value);
    }
  }
  return found;
}

/** Sets an own property (never the prototype, even for "__proto__"). */
function put(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function rename(parent: Record<string, unknown>, from: string, to: string): void {
  const entries = Object.entries(parent);
  for (const key of Object.keys(parent)) delete parent[key];
  for (const [key, value] of entries) put(parent, key === from ? to : key, value);
}

export function applyMutations(doc: SwaggerDocument, mutations: Mutation[]): SwaggerDocument {
  const defs = () => (doc.definitions && typeof doc.definitions === "object" ? (doc.definitions as Record<string, unknown>) : undefined);
  const pick = <T>(list: T[], at: number): T | undefined => (list.length > 0 ? list[at % list.length] : undefined);
  const propsOf = (at: number): Record<string, unknown> | undefined => {
    const d = defs();
    const name = d && pick(Object.keys(d), at);
    const props = name !== undefined ? (d![name] as { properties?: unknown } | null)?.properties : undefined;
    return props && typeof props === "object" && !Array.isArray(props) ? (props as Record<string, unknown>) : undefined;
  };
  for (const m of mutations) {
    const d = defs();
    switch (m.op) {
      case "dropDefinition": {
        const name = d && pick(Object.keys(d), m.at);
        if (name !== undefined) delete d![name];
        break;
      }
      case "duplicateDefinition": {
        const name = d && pick(Object.keys(d), m.at);
        if (name !== undefined) put(d!, m.name, structuredClone(d![name]));
        break;
      }
      case "retypeDefinition": {
        const name = d && pick(Object.keys(d), m.at);
        if (name !== undefined) put(d!, name, structuredClone(m.value));
        break;
      }
      case "dropProperty":
      case "duplicateProperty":
      case "retypeProperty": {
        const props = propsOf(m.at);
        const name = props && pick(Object.keys(props), m.prop);
        if (name === undefined) break;
        if (m.op === "dropProperty") delete props![name];
        else if (m.op === "duplicateProperty") put(props!, m.name, structuredClone(props![name]));
        else put(props!, name, structuredClone(m.value));
        break;
      }
      case "breakRef": {
        const site = pick(sites(doc, (v, k) => k === "$ref" && typeof v === "string"), m.at);
        if (site) (site.parent as Record<string, unknown>).$ref = m.ref;
        break;
      }
      case "injectString": {
        if (m.key) {
          const site = pick(sites(doc, (_v, k, p) => !Array.isArray(p) && typeof k === "string" && k !== "swagger" && k !== "definitions" && k !== "paths"), m.at);
          if (site && !Object.hasOwn(site.parent, m.text)) rename(site.parent as Record<string, unknown>, site.key as string, m.text);
        } else {
          const site = pick(sites(doc, (v) => typeof v === "string"), m.at);
          if (site) put(site.parent as Record<string, unknown>, String(site.key), m.text);
        }
        break;
      }
      case "replaceNode": {
        const site = pick(sites(doc), m.at);
        if (site) {
          if (Array.isArray(site.parent)) site.parent[site.key as number] = structuredClone(m.value);
          else put(site.parent, site.key as string, structuredClone(m.value));
        }
        break;
      }
      case "dropHelperDefinition": {
        // A definition only the generator's helper types refer to (ListMeta, for List): the
        // document's own references to it become open objects, then it goes. Lists are then
        // plain types, and nothing but the helpers needs it (issue 14).
        const name = pick(HELPER_MODULE_NEEDS, m.at)!;
        if (!d || !Object.hasOwn(d, name)) break;
        const ref = `#/definitions/${name}`;
        for (const site of sites(doc, (v) => v !== null && typeof v === "object" && (v as { $ref?: unknown }).$ref === ref)) {
          const description = (site.parent as Record<string, { description?: unknown }>)[site.key]!.description;
          const open = { type: "object", ...(typeof description === "string" ? { description } : {}) };
          if (Array.isArray(site.parent)) site.parent[site.key as number] = open;
          else put(site.parent, site.key as string, open);
        }
        delete d[name];
        break;
      }
      case "deleteNode": {
        const site = pick(sites(doc), m.at);
        if (site) {
          if (Array.isArray(site.parent)) site.parent.splice(site.key as number, 1);
          else delete site.parent[site.key as string];
        }
        break;
      }
    }
  }
  return doc;
}

// ---------------------------------------------------------------------------------------
// Running cases in a worker thread, with a time limit

interface Reply {
  id: number;
  code: number;
  stderr: string;
}

export class CaseRunner {
  private worker: Worker | undefined;
  private ready: Promise<void> | undefined;
  private nextId = 0;
  private pending = new Map<number, (reply: Reply) => void>();

  private start(): Promise<void> {
    if (this.ready) return this.ready;
    const worker = new Worker(new URL("./worker.mjs", import.meta.url));
    this.worker = worker;
    this.ready = new Promise<void>((resolve, reject) => {
      worker.on("message", (message: Reply | { ready: true }) => {
        if ("ready" in message) return resolve();
        this.pending.get(message.id)?.(message);
        this.pending.delete(message.id);
      });
      worker.on("error", (error) => {
        reject(error);
        for (const [id, done] of this.pending) done({ id, code: 2, stderr: `worker died: ${String(error)}` });
        this.pending.clear();
        this.worker = undefined;
        this.ready = undefined;
      });
    });
    return this.ready;
  }

  /** Runs one case; "hang" when it does not finish within `timeoutMs` (the worker is then replaced). */
  async run(spec: string, out: string, timeoutMs: number): Promise<Reply | "hang"> {
    await this.start();
    const id = this.nextId++;
    let timer: NodeJS.Timeout | undefined;
    const reply = await Promise.race([
      new Promise<Reply>((resolve) => {
        this.pending.set(id, resolve);
        this.worker!.postMessage({ id, spec, out });
      }),
      new Promise<"hang">((resolve) => (timer = setTimeout(() => resolve("hang"), timeoutMs))),
    ]);
    clearTimeout(timer);
    if (reply === "hang") {
      this.pending.delete(id);
      await this.close();
    }
    return reply;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.ready = undefined;
    await worker?.terminate();
  }
}

// ---------------------------------------------------------------------------------------
// One case, and its verdict

export type Verdict =
  | { kind: "generated"; out: string; spec: string }
  | { kind: "refused"; message: string }
  | { kind: "crash" | "hang" | "partial" | "unclear" | "leak" | "bad-js"; spec: string; detail: string };

let base: SwaggerDocument | undefined;
/** The slice every case starts from: ~30 definitions around core/v1 Pod, its paths, a cyclic schema. */
export function baseSpec(): SwaggerDocument {
  base ??= specSlice("1.36", 30);
  return structuredClone(base);
}

export async function runFuzzCase(runner: CaseRunner, dir: string, mutations: Mutation[], timeoutMs = 20_000): Promise<Verdict> {
  mkdirSync(dir, { recursive: true });
  const spec = join(dir, "spec.json");
  writeFileSync(spec, JSON.stringify(applyMutations(baseSpec(), mutations), null, 1));
  writeFileSync(join(dir, "mutations.json"), JSON.stringify(mutations, null, 1));
  const outRoot = join(dir, "out");
  const out = join(outRoot, "pkg");
  writePreviousPackage(out);
  const before = treeEntries(dir);
  const reply = await runner.run(spec, out, timeoutMs);
  if (reply === "hang") return { kind: "hang", spec, detail: `no answer within ${timeoutMs / 1000} s` };
  const after = treeEntries(dir);
  if (reply.code === 0) {
    const outside = treeDiff(before, after).filter((line) => !/ out\/pkg(\/|$)/.test(line));
    if (outside.length > 0) return { kind: "leak", spec, detail: outside.join(", ") };
    const js = checkPackageJs(out);
    if (js.length > 0) return { kind: "bad-js", spec, detail: js.slice(0, 3).join("; ") };
    return { kind: "generated", out, spec };
  }
  if (reply.code !== 1) return { kind: "crash", spec, detail: reply.stderr.slice(0, 2000) };
  const changed = treeDiff(before, after);
  if (changed.length > 0) return { kind: "partial", spec, detail: `${reply.stderr.slice(0, 300)} | ${changed.slice(0, 5).join(", ")}` };
  const clear =
    reply.stderr.startsWith(`k8s-openapi-ts: `) &&
    !/internal error|^\s+at .+:\d+:\d+\)?$|\b(TypeError|RangeError|ReferenceError)\b|Cannot read properties|is not a function|\[object Object\]/m.test(reply.stderr) &&
    reply.stderr.split("\n").length <= 12;
  if (!clear) return { kind: "unclear", spec, detail: reply.stderr.slice(0, 1000) };
  return { kind: "refused", message: reply.stderr };
}

/** Type-checks generated packages in batches (one tsc run each); returns "<spec>: <first error>" per failing package. */
export async function checkTypes(generated: { out: string; spec: string }[], batch = 40): Promise<string[]> {
  const failures: string[] = [];
  for (let i = 0; i < generated.length; i += batch) {
    const chunk = generated.slice(i, i + batch);
    const errors = await typecheckPackages(chunk.map((g) => g.out));
    for (const [pkg, lines] of errors) {
      if (lines.length === 0) continue;
      const spec = chunk.find((g) => g.out === pkg)?.spec ?? pkg;
      failures.push(`${spec}: ${lines.slice(0, 3).join(" / ")}`);
    }
  }
  return failures;
}
