// Scale: `npx tsx scripts/scale.ts [--sizes 1000,5000,20000] [--keep]`.
// Builds synthetic OpenAPI v2 documents shaped like what a large cluster with many CRDs
// serves — per custom kind a resource, its List, Spec and Status definitions, with nested
// objects, arrays, maps, enums and int-or-string, its paths (collection, item, status) — on
// top of the meta/v1 definitions of the real 1.36 spec, generates each in a child process
// (`generate`), and prints wall time and peak memory (RSS, from /usr/bin/time -v, or the
// child's own process.resourceUsage()), with the growth exponent between sizes (1.0 is linear).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../generator/load/pinned-specs.js";
import type { Schema, SwaggerDocument } from "../generator/spec-types.js";
import { readSharedSpec, tempDir } from "../test/hostile/support.js";

const sizesFlag = process.argv.indexOf("--sizes");
const SIZES = (sizesFlag >= 0 ? process.argv[sizesFlag + 1]! : "1000,5000,20000").split(",").map(Number);
const keep = process.argv.includes("--keep");
const META = "io.k8s.apimachinery.pkg.apis.meta.v1";
const KINDS_PER_GROUP = 10;

/** meta/v1 and what it refers to, from the real spec (every CRD package needs ObjectMeta, ListMeta, Status…). */
function baseDocument(): SwaggerDocument {
  const real = readSharedSpec("1.36");
  const keep = new Set<string>();
  const queue = [`${META}.ObjectMeta`, `${META}.ListMeta`, `${META}.Status`, `${META}.DeleteOptions`, `${META}.Patch`, `${META}.WatchEvent`, `${META}.Condition`];
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (keep.has(name) || !real.definitions[name]) continue;
    keep.add(name);
    JSON.stringify(real.definitions[name], (key, value) => {
      if (key === "$ref" && typeof value === "string") queue.push(value.replace("#/definitions/", ""));
      return value;
    });
  }
  const definitions: Record<string, Schema> = {};
  for (const name of [...keep].sort()) definitions[name] = real.definitions[name]!;
  return { swagger: "2.0", info: { title: "synthetic cluster", version: "v1.36.0" }, paths: {}, definitions };
}

const str = (description: string): Schema => ({ type: "string", description });

/** One custom kind: 4 definitions (Kind, KindList, KindSpec, KindStatus) and 3 paths. */
function addKind(doc: SwaggerDocument, g: number, k: number): void {
  const group = `group${g}.scale.example.com`;
  const version = k % 3 === 0 ? "v1beta1" : "v1";
  const kind = `Widget${k}`;
  const plural = `widget${k}s`;
  const prefix = `com.example.scale.group${g}.${version}`;
  const gvk = { group, version, kind };
  const name = `${prefix}.${kind}`;
  doc.definitions[`${prefix}.${kind}Spec`] = {
    type: "object",
    description: `${kind}Spec is the desired state of a ${kind}. It has nested objects, lists, maps and enums like real CRDs.`,
    required: ["replicas", "template"],
    properties: {
      replicas: { type: "integer", format: "int32", description: "Number of replicas." },
      paused: { type: "boolean" },
      strategy: { type: "string", enum: ["Recreate", "RollingUpdate", "OnDelete"] },
      maxSurge: { "x-kubernetes-int-or-string": true, description: "Absolute number or percentage." },
      selector: { type: "object", additionalProperties: { type: "string" } },
      template: {
        type: "object",
        properties: {
          labels: { type: "object", additionalProperties: { type: "string" } },
          containers: {
            type: "array",
            items: {
              type: "object",
              required: ["name"],
              properties: {
                name: str("Container name."),
                image: str("Image reference."),
                args: { type: "array", items: { type: "string" } },
                env: { type: "array", items: { type: "object", properties: { name: str("Name."), value: str("Value.") } } },
                resources: { type: "object", properties: { limits: { type: "object", additionalProperties: { "x-kubernetes-int-or-string": true } } } },
              },
            },
          },
        },
      },
      extra: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
    },
  };
  doc.definitions[`${prefix}.${kind}Status`] = {
    type: "object",
    properties: {
      observedGeneration: { type: "integer", format: "int64" },
      phase: { type: "string", enum: ["Pending", "Running", "Failed"] },
      conditions: { type: "array", items: { $ref: `#/definitions/${META}.Condition` }, "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["type"] },
    },
  };
  doc.definitions[name] = {
    type: "object",
    description: `${kind} is a custom resource of ${group}.`,
    "x-kubernetes-group-version-kind": [gvk],
    properties: {
      apiVersion: str("APIVersion defines the versioned schema of this representation of an object."),
      kind: str("Kind is a string value representing the REST resource this object represents."),
      metadata: { $ref: `#/definitions/${META}.ObjectMeta` },
      spec: { $ref: `#/definitions/${prefix}.${kind}Spec` },
      status: { $ref: `#/definitions/${prefix}.${kind}Status` },
    },
  };
  doc.definitions[`${name}List`] = {
    type: "object",
    "x-kubernetes-group-version-kind": [{ ...gvk, kind: `${kind}List` }],
    required: ["items"],
    properties: {
      apiVersion: { type: "string" },
      items: { type: "array", items: { $ref: `#/definitions/${name}` } },
      kind: { type: "string" },
      metadata: { $ref: `#/definitions/${META}.ListMeta` },
    },
  };
  const base = `/apis/${group}/${version}/namespaces/{namespace}/${plural}`;
  const ok = (ref: string) => ({ "200": { description: "OK", schema: { $ref: `#/definitions/${ref}` } } });
  const op = (action: string, id: string, ref: string) => ({ operationId: `${id}${kind}G${g}${version}`, responses: ok(ref), "x-kubernetes-action": action, "x-kubernetes-group-version-kind": gvk });
  const ns = { name: "namespace", in: "path", required: true, type: "string" };
  const nm = { name: "name", in: "path", required: true, type: "string" };
  doc.paths[base] = { parameters: [ns], get: op("list", "list", `${name}List`), post: op("post", "create", name) } as never;
  doc.paths[`${base}/{name}`] = { parameters: [nm, ns], get: op("get", "read", name), put: op("put", "replace", name), delete: op("delete", "delete", `${META}.Status`) } as never;
  doc.paths[`${base}/{name}/status`] = { parameters: [nm, ns], get: op("get", "readStatus", name), put: op("put", "replaceStatus", name) } as never;
}

function syntheticSpec(definitions: number): SwaggerDocument {
  const doc = baseDocument();
  const kinds = Math.max(1, Math.round((definitions - Object.keys(doc.definitions).length) / 4));
  for (let i = 0; i < kinds; i++) addKind(doc, Math.floor(i / KINDS_PER_GROUP), i % KINDS_PER_GROUP);
  return doc;
}

interface Measurement {
  target: number;
  definitions: number;
  files: number;
  seconds: number;
  /** user + system CPU seconds of the child: what contention on a shared machine does not inflate. */
  cpu: number;
  rssMb: number;
}

const HAS_TIME = existsSync("/usr/bin/time");

function measure(target: number, work: string): Measurement {
  const doc = syntheticSpec(target);
  const spec = join(work, `scale-${target}.json`);
  writeFileSync(spec, JSON.stringify(doc));
  const out = join(work, `out-${target}`, "pkg");
  const args = [join(REPO_ROOT, "generator/runner/bin.mjs"), "generate", "--spec", spec, "--out", out, "--name", "@scale/synthetic"];
  const started = performance.now();
  let rssKb: number;
  let cpu = Number.NaN;
  if (HAS_TIME) {
    const run = spawnSync("/usr/bin/time", ["-v", process.execPath, ...args], { encoding: "utf8", maxBuffer: 64 << 20 });
    if (run.status !== 0) throw new Error(`generate failed for ${target}: ${run.stderr.slice(-2000)}`);
    rssKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr)![1]);
    cpu = Number(/User time \(seconds\): ([\d.]+)/.exec(run.stderr)![1]) + Number(/System time \(seconds\): ([\d.]+)/.exec(run.stderr)![1]);
  } else {
    // The child reports its own peak RSS (process.resourceUsage().maxRSS, in kB) on exit.
    const hook = "process.on('exit', () => { const u = process.resourceUsage(); console.error('maxRSS ' + u.maxRSS + ' cpu ' + (u.userCPUTime + u.systemCPUTime) / 1e6); })";
    const stderr = execFileSync(process.execPath, ["--import", `data:text/javascript,${encodeURIComponent(hook)}`, ...args], { encoding: "utf8", stdio: ["ignore", "ignore", "pipe"] });
    rssKb = Number(/maxRSS (\d+)/.exec(stderr)![1]);
    cpu = Number(/ cpu ([\d.]+)/.exec(stderr)![1]);
  }
  const seconds = (performance.now() - started) / 1000;
  let files = 0;
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir)) statSync(join(dir, e)).isDirectory() ? walk(join(dir, e)) : files++;
  };
  walk(out);
  if (!keep) rmSync(join(work, `out-${target}`), { recursive: true, force: true });
  return { target, definitions: Object.keys(doc.definitions).length, files, seconds, cpu, rssMb: rssKb / 1024 };
}

const writeFlag = process.argv.indexOf("--write");
if (writeFlag >= 0) {
  // `--write N FILE`: only write the synthetic spec (for profiling: node --cpu-prof generator/runner/bin.mjs generate --spec FILE …).
  writeFileSync(process.argv[writeFlag + 2]!, JSON.stringify(syntheticSpec(Number(process.argv[writeFlag + 1]))));
  process.exit(0);
}
const work = tempDir("scale");
mkdirSync(work, { recursive: true });
console.log(`synthetic CRD-shaped specs in ${work}; peak RSS from ${HAS_TIME ? "/usr/bin/time -v" : "process.resourceUsage()"}`);
const rows: Measurement[] = [];
for (const size of SIZES) {
  const m = measure(size, work);
  rows.push(m);
  console.log(`  ${m.definitions} definitions: ${m.seconds.toFixed(1)} s wall, ${m.cpu.toFixed(1)} s CPU, ${m.rssMb.toFixed(0)} MB`);
}
const exponent = (a: number, b: number, na: number, nb: number) => Math.log(b / a) / Math.log(nb / na);
console.log("\n| definitions | files | wall time | CPU time | peak RSS | CPU ms per definition | CPU-time exponent | RSS exponent |");
console.log("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
rows.forEach((m, i) => {
  const prev = rows[i - 1];
  const te = prev ? exponent(prev.cpu, m.cpu, prev.definitions, m.definitions).toFixed(2) : "";
  const re = prev ? exponent(prev.rssMb, m.rssMb, prev.definitions, m.definitions).toFixed(2) : "";
  console.log(`| ${m.definitions} | ${m.files} | ${m.seconds.toFixed(1)} s | ${m.cpu.toFixed(1)} s | ${m.rssMb.toFixed(0)} MB | ${((m.cpu * 1000) / m.definitions).toFixed(2)} | ${te} | ${re} |`);
});
const first = rows[0]!;
const last = rows[rows.length - 1]!;
// Linear means each step's exponent stays near 1 or below (start-up and fixed memory pull the
// small sizes' exponents under 1); the largest step is the one that shows a quadratic term.
// CPU time, not wall time: on a shared machine the wall clock mostly measures the neighbours.
const steps = rows.slice(1).map((m, i) => ({
  time: exponent(rows[i]!.cpu, m.cpu, rows[i]!.definitions, m.definitions),
  rss: exponent(rows[i]!.rssMb, m.rssMb, rows[i]!.definitions, m.definitions),
}));
const worstTime = Math.max(...steps.map((s) => s.time));
const worstRss = Math.max(...steps.map((s) => s.rss));
console.log(
  `\nfrom ${first.definitions} to ${last.definitions} definitions (×${(last.definitions / first.definitions).toFixed(1)}): wall time ×${(last.seconds / first.seconds).toFixed(1)}, CPU time ×${(last.cpu / first.cpu).toFixed(1)}, ` +
    `peak RSS ×${(last.rssMb / first.rssMb).toFixed(1)}; largest step exponent: CPU time ${worstTime.toFixed(2)}, RSS ${worstRss.toFixed(2)} → ` +
    `${worstTime <= 1.15 && worstRss <= 1.15 ? "linear (≤ 1.15)" : "NOT linear: profile with node --cpu-prof generator/runner/bin.mjs generate --spec <scripts/scale.ts --write N FILE>"}`,
);
