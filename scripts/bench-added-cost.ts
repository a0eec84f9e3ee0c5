// What our types ADD to a user's compile (issue 16, item 1; part of `npm run bench`; alone:
// `node --import tsx scripts/bench-added-cost.ts [--repeats N] [--packages <dir>]`).
//
// A small program's `tsc` run is mostly TypeScript's own lib files, which hides what a types
// package adds. So every program is measured next to an EMPTY program with the same compiler
// options, and what is reported is the difference, as the checker counts it
// (`tsc --noEmit --extendedDiagnostics`):
//
//   consumers   "22 kinds": the benchmark's consumer (scripts/bench-consumer.ts), written
//               against ours (1.30) and kubernetes-types 1.30.0;
//               "every kind": generated from the package's resources.json, every resource
//               kind of 1.30 that kubernetes-types also has (mapped by apiVersion/kind to its
//               layout, kubernetes-types/<group>/<version>.d.ts, the core group as core/v1):
//               each kind imported, a function taking it and returning its apiVersion and kind,
//               a typed array of it, and one function over the union of all of them.
//   options     the consumers' (strict, moduleResolution bundler, module esnext, target
//               es2022, lib es2022, types []), skipLibCheck off and on
//   compilers   TypeScript 5.9 (node_modules/typescript) and TypeScript 7 (node_modules/typescript7,
//               its native executable run directly)
//
// Symbols, Types and Instantiations are exact (the checker's own counts; checked to repeat
// run after run). "Check time", "Total time" (CPU time as tsc measures it) and "Memory used"
// swing with the machine's load: each is the median over N rounds (default 5) of the program's
// figure minus the empty program's figure from the same round (programs run round-robin, so a
// change in load hits all alike). Prints a table and writes JSON to .cache/bench-added-cost.json.
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { defaultMirror, REPO_ROOT } from "../generator/load/pinned-specs.js";
import { CONSUMER_COMPILER_OPTIONS, CONSUMER_VERSION, KINDS, consumerSource, typeScriptCompilers, type Compiler } from "./bench-consumer.js";
import { median, run, type Row } from "./bench-support.js";
import { parseExtendedDiagnostics } from "./extended-diagnostics.js";
import type { ResourceEntry } from "../test/helpers.js";

export const DEFAULT_REPEATS = 5;
const OUT_JSON = join(REPO_ROOT, ".cache/bench-added-cost.json");
const KUBERNETES_TYPES = join(REPO_ROOT, "node_modules/kubernetes-types");

type Lib = "ours" | "kubernetes-types";
const LIBS: Lib[] = ["ours", "kubernetes-types"];
/** Exact counts (the target of issue 16 is ≤ 1.0× kubernetes-types for each). */
const COUNTS = ["Symbols", "Types", "Instantiations"] as const;
/** Figures that vary with the load: medians of per-round differences. */
const TIMED = ["Check time", "Total time", "Memory used"] as const;
type Metric = (typeof COUNTS)[number] | (typeof TIMED)[number];

/** A kind of ours and where kubernetes-types declares it. */
interface KindPair {
  kind: string;
  apiVersion: string;
  ours: { module: string; name: string };
  kubernetesTypes: { module: string; name: string } | null;
  entry: ResourceEntry;
}

/** kubernetes-types' module for an apiVersion: <group's first label>/<version>, the core group as core/v1. */
function kubernetesTypesModule(entry: ResourceEntry): string[] {
  const group = entry.group === "" ? "core" : entry.group === "internal.apiserver.k8s.io" ? "apiserverinternal" : entry.group.split(".")[0]!;
  // Our own module path follows the same Go package names: a second guess (meta/v1's Status, APIGroup …).
  return [`${group}/${entry.version}`, entry.importPath];
}

/** Every resource kind of our package, paired with kubernetes-types' declaration where it has one. */
export function pairKinds(resources: ResourceEntry[], ktRoot = KUBERNETES_TYPES): KindPair[] {
  const declared = new Map<string, string>();
  const exportsOf = (module: string) => {
    if (!declared.has(module)) {
      const file = join(ktRoot, `${module}.d.ts`);
      declared.set(module, existsSync(file) ? readFileSync(file, "utf8") : "");
    }
    return declared.get(module)!;
  };
  return resources.map((entry) => {
    const module = kubernetesTypesModule(entry).find((m) => new RegExp(`^export (?:interface|type) ${entry.kind}\\b`, "m").test(exportsOf(m)));
    return { kind: entry.kind, apiVersion: entry.apiVersion, ours: { module: entry.importPath, name: entry.exportName }, kubernetesTypes: module ? { module, name: entry.kind } : null, entry };
  });
}

/** The every-kind consumer for one library: the same program for both, over the kinds both have. */
export function everyKindSource(lib: Lib, pairs: KindPair[], version = CONSUMER_VERSION): string {
  const both = pairs.filter((p) => p.kubernetesTypes);
  const lines = [`// Every resource kind of ${version} that both libraries have (${both.length}), typed with ${lib}.`];
  const byModule = new Map<string, string[]>();
  both.forEach((p, i) => {
    const { module, name } = lib === "ours" ? p.ours : p.kubernetesTypes!;
    const from = lib === "ours" ? `@k8s-openapi-ts/k8s-${version}/${module}` : `kubernetes-types/${module}`;
    byModule.set(from, [...(byModule.get(from) ?? []), `${name} as T${i}`]);
  });
  for (const [from, names] of byModule) lines.push(`import type { ${names.join(", ")} } from "${from}";`);
  both.forEach((p, i) => {
    lines.push(`// ${p.apiVersion} ${p.kind}`);
    lines.push(`export function use${i}(o: T${i}) { return [o.apiVersion, o.kind] as const; }`);
    lines.push(`export const list${i}: T${i}[] = [];`);
  });
  lines.push(`export type Any = ${both.map((_, i) => `T${i}`).join(" | ")};`);
  lines.push(`export function kindOf(o: Any): string | undefined { return o.kind; }`);
  return `${lines.join("\n")}\n`;
}

interface Program {
  consumer: "empty" | "22 kinds" | "every kind";
  lib: Lib | null;
  file: string;
}

interface OneRun {
  code: number;
  stats: Record<string, number>;
  errors: number;
}

export interface AddedCell {
  /** Added over the empty program: counts exact, the timed figures medians of per-round differences (seconds, MB). */
  added: Record<Metric, number>;
  /** The program's own figures, medians (seconds, MB). */
  absolute: Record<Metric, number>;
  /** Counts that differed between runs (should be none). */
  countsVaried: string[];
  exitCode: number;
  errors: number;
}

export interface AddedCostReport {
  started: string;
  finished: string;
  repeats: number;
  machine: { cores: number; cpu: string | null; node: string; loadAverageAtStart: number[]; loadAverageAtEnd: number[] };
  version: string;
  compilerOptions: typeof CONSUMER_COMPILER_OPTIONS;
  consumers: { "22 kinds": { kinds: number; groups: number }; "every kind": { kindsInOurs: number; kindsInBoth: number; onlyOurs: string[]; foundByOurModulePath: string[] } };
  compilers: Record<string, { version: string } | { unavailable: string }>;
  /** results[compiler][skipLibCheck on|off] */
  results: Record<string, Record<string, { empty: Record<Metric, number>; consumers: Record<string, Record<Lib, AddedCell> & { ratio: Record<Metric, number | null> }> }>>;
}

const mbOf = (stats: Record<string, number>) => (stats["Memory used"] ?? NaN) / 1000;
const metricOf = (stats: Record<string, number>, m: Metric) => (m === "Memory used" ? mbOf(stats) : (stats[m] ?? NaN));

/** Runs the programs `repeats` times round-robin with one compiler and one skipLibCheck setting. */
async function measure(compiler: Compiler, dir: string, programs: Program[], skipLibCheck: boolean, repeats: number): Promise<OneRun[][]> {
  const runs: OneRun[][] = programs.map(() => []);
  for (let r = 0; r < repeats; r++) {
    for (const [i, program] of programs.entries()) {
      const tsconfig = join(dir, `tsconfig.${program.file.replace(/\.ts$/, "")}.${skipLibCheck ? "skip" : "full"}.json`);
      writeFileSync(tsconfig, JSON.stringify({ compilerOptions: { ...CONSUMER_COMPILER_OPTIONS, skipLibCheck }, files: [program.file] }));
      const result = await run(compiler.command, [...compiler.pre, "-p", tsconfig, "--extendedDiagnostics"], { cwd: dir });
      const stats = parseExtendedDiagnostics(result.stdout);
      if (!("Symbols" in stats)) throw new Error(`${compiler.name}: no --extendedDiagnostics statistics for ${program.file} (exit ${result.code}):\n${result.stdout.slice(0, 2000)}\n${result.stderr.slice(0, 2000)}`);
      const errors = (result.stdout.match(/error TS\d+/g) ?? []).length;
      if (program.consumer === "empty" && result.code !== 0) throw new Error(`${compiler.name}: the empty program does not compile:\n${result.stdout.slice(0, 2000)}`);
      runs[i]!.push({ code: result.code, stats, errors });
    }
  }
  return runs;
}

function cell(runs: OneRun[], empty: OneRun[]): AddedCell {
  const added = {} as Record<Metric, number>;
  const absolute = {} as Record<Metric, number>;
  const countsVaried: string[] = [];
  for (const m of COUNTS) {
    const values = runs.map((r) => metricOf(r.stats, m));
    const base = empty.map((r) => metricOf(r.stats, m));
    if (new Set(values).size > 1) countsVaried.push(`${m}: ${[...new Set(values)].join(", ")}`);
    if (new Set(base).size > 1) countsVaried.push(`${m} (empty program): ${[...new Set(base)].join(", ")}`);
    absolute[m] = median(values);
    added[m] = median(values) - median(base);
  }
  for (const m of TIMED) {
    absolute[m] = median(runs.map((r) => metricOf(r.stats, m)));
    added[m] = median(runs.map((r, i) => metricOf(r.stats, m) - metricOf(empty[i]!.stats, m)));
  }
  const last = runs[runs.length - 1]!;
  return { added, absolute, countsVaried, exitCode: last.code, errors: last.errors };
}

/** Our package folder for CONSUMER_VERSION under `packages`, generated there if missing. */
async function ensurePackage(packages: string): Promise<string> {
  const dir = join(packages, `v${CONSUMER_VERSION}`);
  if (existsSync(join(dir, "resources.json"))) return dir;
  process.stderr.write(`added cost: ${dir} missing, generating ${CONSUMER_VERSION}\n`);
  const mirror = defaultMirror();
  const r = await run(process.execPath, [join(REPO_ROOT, "generator/runner/bin.mjs"), "generate-all", "--versions", CONSUMER_VERSION, "--out", packages, ...(mirror ? ["--mirror", mirror] : [])]);
  if (r.code !== 0) throw new Error(`generate-all --versions ${CONSUMER_VERSION} failed:\n${r.stderr}`);
  return dir;
}

export async function benchAddedCost(options: { repeats?: number; packages?: string; work?: string } = {}): Promise<{ report: AddedCostReport; rows: Row[]; printed: string }> {
  const repeats = Math.max(1, options.repeats ?? DEFAULT_REPEATS);
  const started = new Date();
  const loadAverageAtStart = loadavg();
  const packageDir = await ensurePackage(options.packages ?? join(REPO_ROOT, ".cache/test-packages"));
  const dir = options.work ?? join(REPO_ROOT, ".cache/bench/added-cost");
  process.stderr.write(`added cost over an empty program: ${repeats} rounds, ${packageDir} vs kubernetes-types\n`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "node_modules/@k8s-openapi-ts"), { recursive: true });
  symlinkSync(resolve(packageDir), join(dir, `node_modules/@k8s-openapi-ts/k8s-${CONSUMER_VERSION}`), "dir");

  const resources = JSON.parse(readFileSync(join(packageDir, "resources.json"), "utf8")) as ResourceEntry[];
  const pairs = pairKinds(resources);
  const both = pairs.filter((p) => p.kubernetesTypes);
  const onlyOurs = pairs.filter((p) => !p.kubernetesTypes).map((p) => `${p.apiVersion} ${p.kind}`);
  process.stderr.write(`  every kind: ${both.length} of our ${pairs.length} kinds are in kubernetes-types 1.30.0 too (not: ${onlyOurs.join(", ") || "none"})\n`);

  const programs: Program[] = [{ consumer: "empty", lib: null, file: "empty.ts" }];
  writeFileSync(join(dir, "empty.ts"), "export {};\n");
  for (const lib of LIBS) {
    writeFileSync(join(dir, `${lib}-22.ts`), consumerSource(lib));
    programs.push({ consumer: "22 kinds", lib, file: `${lib}-22.ts` });
    writeFileSync(join(dir, `${lib}-every.ts`), everyKindSource(lib, pairs));
    programs.push({ consumer: "every kind", lib, file: `${lib}-every.ts` });
  }

  const compilers: AddedCostReport["compilers"] = {};
  const results: AddedCostReport["results"] = {};
  for (const compiler of await typeScriptCompilers()) {
    const version = await run(compiler.command, [...compiler.pre, "--version"]);
    if (version.code !== 0) {
      compilers[compiler.name] = { unavailable: `${compiler.name} does not run here: ${(version.stderr || version.stdout).slice(0, 200)}` };
      process.stderr.write(`  ${compiler.name}: not available, skipped\n`);
      continue;
    }
    compilers[compiler.name] = { version: version.stdout.trim() };
    results[compiler.name] = {};
    for (const skipLibCheck of [false, true]) {
      const key = `skipLibCheck ${skipLibCheck ? "on" : "off"}`;
      const runs = await measure(compiler, dir, programs, skipLibCheck, repeats);
      const empty = runs[0]!;
      const emptyMedians = Object.fromEntries([...COUNTS, ...TIMED].map((m) => [m, median(empty.map((r) => metricOf(r.stats, m)))])) as Record<Metric, number>;
      const consumers: Record<string, Record<Lib, AddedCell> & { ratio: Record<Metric, number | null> }> = {};
      for (const consumer of ["22 kinds", "every kind"] as const) {
        const cells = Object.fromEntries(LIBS.map((lib) => [lib, cell(runs[programs.findIndex((p) => p.consumer === consumer && p.lib === lib)]!, empty)])) as Record<Lib, AddedCell>;
        const ratio = Object.fromEntries([...COUNTS, ...TIMED].map((m) => [m, cells["kubernetes-types"].added[m] > 0 ? cells.ours.added[m] / cells["kubernetes-types"].added[m] : null])) as Record<Metric, number | null>;
        consumers[consumer] = { ...cells, ratio };
        for (const lib of LIBS) {
          const c = cells[lib];
          if (c.exitCode !== 0) process.stderr.write(`  WARNING ${compiler.name}, ${key}, ${consumer}, ${lib}: exit ${c.exitCode}, ${c.errors} errors\n`);
          if (c.countsVaried.length) process.stderr.write(`  NOTE ${compiler.name}, ${key}, ${consumer}, ${lib}: counts varied between runs: ${c.countsVaried.join("; ")}\n`);
        }
        process.stderr.write(`  ${compiler.name}, ${key}, ${consumer}: ratio ${COUNTS.map((m) => `${m} ${ratio[m]?.toFixed(2) ?? "n/a"}`).join(", ")}\n`);
      }
      results[compiler.name]![key] = { empty: emptyMedians, consumers };
    }
  }

  const report: AddedCostReport = {
    started: started.toISOString(),
    finished: new Date().toISOString(),
    repeats,
    machine: { cores: availableParallelism(), cpu: cpus()[0]?.model ?? null, node: process.version, loadAverageAtStart, loadAverageAtEnd: loadavg() },
    version: CONSUMER_VERSION,
    compilerOptions: CONSUMER_COMPILER_OPTIONS,
    consumers: { "22 kinds": { kinds: KINDS.length, groups: new Set(KINDS.map((k) => k[1])).size }, "every kind": { kindsInOurs: pairs.length, kindsInBoth: both.length, onlyOurs, foundByOurModulePath: both.filter((p) => p.kubernetesTypes!.module !== kubernetesTypesModule(p.entry)[0]).map((p) => `${p.apiVersion} ${p.kind} → kubernetes-types/${p.kubernetesTypes!.module}`) } },
    compilers,
    results,
  };
  mkdirSync(join(REPO_ROOT, ".cache"), { recursive: true });
  writeFileSync(OUT_JSON, `${JSON.stringify(report, null, 2)}\n`);
  const printed = addedCostTable(report);
  return { report, rows: addedCostRows(report), printed };
}

const fmt = (m: Metric, x: number) => (m === "Memory used" ? `${x.toFixed(1)} MB` : m.endsWith("time") ? `${x.toFixed(3)} s` : String(Math.round(x)));
const ratioText = (x: number | null) => (x === null ? "n/a" : x.toFixed(2));

/** Markdown table: consumer × compiler × skipLibCheck × metric, ours and kubernetes-types added, ratio. */
export function addedCostTable(report: AddedCostReport): string {
  const head = ["consumer", "compiler", "skipLibCheck", "added over empty program", "ours (1.30)", "kubernetes-types 1.30.0", "ours ÷ k-t"];
  const body: string[][] = [];
  for (const consumer of ["22 kinds", "every kind"] as const) {
    const label = consumer === "every kind" ? `every kind (${report.consumers["every kind"].kindsInBoth} of ${report.consumers["every kind"].kindsInOurs})` : `${KINDS.length} kinds`;
    for (const [compiler, byMode] of Object.entries(report.results)) {
      for (const [mode, r] of Object.entries(byMode)) {
        const c = r.consumers[consumer]!;
        const err = (lib: Lib) => (c[lib].exitCode ? ` (${c[lib].errors} errors)` : "");
        for (const m of [...COUNTS, ...TIMED]) {
          const exact = (COUNTS as readonly string[]).includes(m) && ![...c.ours.countsVaried, ...c["kubernetes-types"].countsVaried].some((v) => v.startsWith(m));
          body.push([label, compiler, mode.replace("skipLibCheck ", ""), (COUNTS as readonly string[]).includes(m) ? `${m}${exact ? "" : " (varied)"}` : `${m} (median)`, fmt(m, c.ours.added[m]) + err("ours"), fmt(m, c["kubernetes-types"].added[m]) + err("kubernetes-types"), ratioText(c.ratio[m])]);
        }
      }
    }
  }
  for (const [compiler, info] of Object.entries(report.compilers)) if ("unavailable" in info) body.push(["", compiler, "", `not available: ${info.unavailable}`, "", "", ""]);
  const width = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(width[i]!)).join(" | ")} |`;
  return [line(head), `|${width.map((w) => "-".repeat(w + 2)).join("|")}|`, ...body.map(line)].join("\n");
}

/** The rows for `npm run bench`'s table: the exact counts against the target, the timed figures as information. */
export function addedCostRows(report: AddedCostReport): Row[] {
  const rows: Row[] = [];
  for (const consumer of ["22 kinds", "every kind"] as const) {
    for (const [compiler, byMode] of Object.entries(report.results)) {
      for (const [mode, r] of Object.entries(byMode)) {
        const c = r.consumers[consumer]!;
        for (const m of [...COUNTS, ...TIMED]) {
          const ratio = c.ratio[m];
          const counted = (COUNTS as readonly string[]).includes(m);
          rows.push({
            metric: `added over empty, ${consumer}, ${compiler}, ${mode}: ${m}${counted ? "" : " (median)"}`,
            ours: fmt(m, c.ours.added[m]),
            peer: `${fmt(m, c["kubernetes-types"].added[m])} (kubernetes-types)`,
            ratio: ratioText(ratio),
            target: counted ? "≤ 1.0" : "(≤ 1.0)",
            met: counted ? (ratio === null ? "n/a" : ratio <= 1 ? "yes" : "NO") : "",
          });
        }
      }
    }
  }
  for (const [compiler, info] of Object.entries(report.compilers)) if ("unavailable" in info) rows.push({ metric: `added over empty, ${compiler}`, ours: "unavailable", peer: "", ratio: "", target: "", met: "n/a" });
  return rows;
}

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  if (i >= 0) return process.argv[i + 1];
  const eq = process.argv.find((a) => a.startsWith(`${name}=`));
  return eq?.slice(name.length + 1);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const repeats = flag("--repeats");
  if (repeats !== undefined && !(Number(repeats) >= 1)) throw new Error(`--repeats wants a number ≥ 1, got ${repeats}`);
  const packages = flag("--packages");
  const { report, printed } = await benchAddedCost({ ...(repeats ? { repeats: Math.floor(Number(repeats)) } : {}), ...(packages ? { packages: resolve(packages) } : {}) });
  console.log(`Added over an empty program, ${report.repeats} rounds (timed figures: medians of per-round differences), ${report.started}:`);
  console.log(printed);
  process.stderr.write(`written: ${OUT_JSON}\n`);
}
