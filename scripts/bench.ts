// `npm run bench`: generation speed and the cost our types put on users' compilers, side
// by side with what users would pick instead, in one run. Every figure is a median over
// BENCH_REPEATS runs (default 3) and is compared as a ratio within this run: the machine is
// shared and noisy, so absolute seconds are only indicative.
//
//   generation    `generate-all` cold (--force) and with unchanged inputs (cache hit), peak RSS;
//                 one version through the CLI vs swagger2openapi + openapi-typescript 7 on the
//                 same spec (both one-shot processes, as users run them); every version warm
//                 in one process (per-version medians)
//   consumers     one program typing 22 kinds across 11 groups with each library (ours,
//                 kubernetes-types 1.30.0, @kubernetes/client-node 2.0.1 models, all 1.30),
//                 `tsc --noEmit` with skipLibCheck on and off, TypeScript 5.9 and 7
//   size          installed bytes per package; minified esbuild bundle of a consumer that
//                 uses one kind's constants
//   check         `k8s-openapi-ts check` on 1,000 corpus documents (scripts/bench-check.ts)
//   added cost    what our types add to a compile over an empty program (symbols, types,
//                 instantiations exact; check/total time and memory as medians), vs
//                 kubernetes-types, for the consumer above and one using every kind
//                 (scripts/bench-added-cost.ts; its own rounds: BENCH_ADDED_COST_REPEATS, default 5)
//
// Prints a table (ours, peer, ratio, target, met?) and writes everything as JSON to
// bench-results/ (bench-<time>.json and latest.json). Scratch files go to .cache/bench/.
import { cpSync, mkdirSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { join } from "node:path";
import { defaultMirror, fetchPinnedSpec, findPin, readPins, REPO_ROOT } from "../generator/load/pinned-specs.js";
import { benchAddedCost, DEFAULT_REPEATS as ADDED_COST_REPEATS } from "./bench-added-cost.js";
import { benchStartup } from "./bench-startup.js";
import { benchCheck } from "./bench-check.js";
import { CONSUMER_COMPILER_OPTIONS, CONSUMER_VERSION, KINDS, consumerSource, typeScriptCompilers, type Library } from "./bench-consumer.js";
import { median, run, type Row, type Run } from "./bench-support.js";

const REPEATS = Math.max(1, Number(process.env.BENCH_REPEATS ?? 3));
const WORK = join(REPO_ROOT, ".cache/bench");
const RESULTS = join(REPO_ROOT, "bench-results");
/** How many versions `generate-all` makes: every pin of specs/kubernetes.json. */
const PINNED = readPins().length;




interface Measured {
  seconds: number;
  rssMB: number | null;
  cpuSeconds: number | null;
  runs: { seconds: number; rssMB: number | null; cpuSeconds: number | null }[];
  code: number;
  /** What each run printed (not in the JSON). */
  stdouts?: string[];
  errors?: string;
}

interface Task {
  label: string;
  command: string;
  args: string[];
  cwd?: string;
  allowFailure?: boolean;
}

/** Sub-second runs (TypeScript 7 on a small program) need more repeats for a steady median. */
const FAST_REPEATS = REPEATS * 5;

function summarise(task: Task, runs: Run[]): Measured {
  const rss = runs.map((r) => r.rssMB).filter((v): v is number => v !== null);
  const cpu = runs.map((r) => r.cpuSeconds).filter((v): v is number => v !== null);
  const last = runs[runs.length - 1]!;
  const errorCount = (last.stdout.match(/error TS\d+/g) ?? []).length;
  process.stderr.write(`  ${task.label}: ${median(runs.map((r) => r.seconds)).toFixed(2)} s${cpu.length ? ` (cpu ${median(cpu).toFixed(2)} s)` : ""}${rss.length ? `, ${median(rss).toFixed(0)} MB` : ""}${last.code ? `, exit ${last.code}${errorCount ? ` (${errorCount} errors)` : ""}` : ""}\n`);
  return {
    seconds: median(runs.map((r) => r.seconds)),
    rssMB: rss.length ? median(rss) : null,
    cpuSeconds: cpu.length ? median(cpu) : null,
    runs: runs.map((r) => ({ seconds: r.seconds, rssMB: r.rssMB, cpuSeconds: r.cpuSeconds })),
    code: last.code,
    stdouts: runs.map((r) => r.stdout),
    ...(last.code ? { errors: `${errorCount} errors; first: ${(/error TS\d+[^\n]*/.exec(last.stdout) ?? [last.stderr.slice(0, 200)])[0]}` } : {}),
  };
}

/**
 * Runs the tasks REPEATS times, round-robin (A B C A B C …), so a change in the machine's
 * load during the bench hits every task alike and their ratios stay fair.
 */
async function interleaved(tasks: Task[], repeats = REPEATS): Promise<Measured[]> {
  const runs: Run[][] = tasks.map(() => []);
  for (let i = 0; i < repeats; i++) {
    for (const [t, task] of tasks.entries()) {
      const r = await run(task.command, task.args, task.cwd ? { cwd: task.cwd } : {});
      if (r.code !== 0 && !task.allowFailure) throw new Error(`${task.label} failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
      runs[t]!.push(r);
    }
  }
  return tasks.map((task, t) => summarise(task, runs[t]!));
}

async function repeat(label: string, command: string, args: string[], options: { cwd?: string; allowFailure?: boolean } = {}): Promise<Measured> {
  return (await interleaved([{ label, command, args, ...options }]))[0]!;
}

/** Disk usage (allocated blocks, folders included), as `du` counts it: small files cost a whole block each. */
function diskBytes(dir: string): number {
  let total = statSync(dir).blocks * 512;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += diskBytes(path);
    else if (entry.isFile()) total += statSync(path).blocks * 512;
  }
  return total;
}

/** Sum of file sizes: what npm reports as a package's unpacked size. */
function dirBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += dirBytes(path);
    else if (entry.isFile()) total += statSync(path).size;
  }
  return total;
}

// ---------------------------------------------------------------------------------------
// Generation

/**
 * A private copy of the generator (sources, pins, lock file; node_modules linked) to run
 * from, so edits made to the working tree while the bench runs cannot change what is
 * measured half-way (they would also invalidate the output cache between runs).
 */
function snapshot(): { root: string; bin: string; mirror: string | undefined } {
  const root = join(WORK, "repo");
  for (const entry of ["generator", "specs", "package.json", "package-lock.json"]) cpSync(join(REPO_ROOT, entry), join(root, entry), { recursive: true });
  symlinkSync(join(REPO_ROOT, "node_modules"), join(root, "node_modules"), "dir");
  return { root, bin: join(root, "generator/runner/bin.mjs"), mirror: defaultMirror() };
}

async function benchGeneration() {
  process.stderr.write("generation\n");
  const repo = snapshot();
  const BIN = repo.bin;
  const out = join(WORK, "gen");
  const node = process.execPath;
  const all = ["generate-all", "--out", out, "--no-download", ...(repo.mirror ? ["--mirror", repo.mirror] : [])];
  // The first start builds the CLI bundle (dev-bundle.mjs): once per source change, not measured.
  await run(node, [BIN, "--version"]);
  const cold = await repeat(`generate-all, ${PINNED} versions, cold (--force)`, node, [BIN, ...all, "--force"]);
  const cached = await repeat("generate-all, unchanged inputs (cache hit)", node, [BIN, ...all]);
  const coldOneThread = await repeat("generate-all, cold, --jobs 1", node, [BIN, ...all, "--force", "--jobs", "1"]);
  // Per version, cold: the seconds generate-all reports for each version in the --jobs 1 runs
  // (load, validate, normalise, model, emit, format; the write is shared). Cache hit: one
  // `generate-all --versions 1.XX` process per version, whole.
  const coldPerVersion: Record<string, number> = {};
  const perVersion = new Map<string, number[]>();
  for (const out of coldOneThread.stdouts ?? []) {
    for (const m of out.matchAll(/^v(\d+\.\d+): .*?, ([\d.]+) s$/gm)) perVersion.set(m[1]!, [...(perVersion.get(m[1]!) ?? []), Number(m[2])]);
  }
  for (const [v, xs] of perVersion) coldPerVersion[v] = median(xs);
  process.stderr.write(`  cold per version (--jobs 1): ${Object.entries(coldPerVersion).map(([v, x]) => `${v} ${x.toFixed(2)} s`).join(", ")}\n`);
  const cachedPerVersionRuns = await interleaved(
    Object.keys(coldPerVersion).map((v) => ({ label: `generate-all --versions ${v}, cache hit`, command: node, args: [BIN, ...all, "--versions", v] })),
  );
  const cachedPerVersion = Object.fromEntries(Object.keys(coldPerVersion).map((v, i) => [v, cachedPerVersionRuns[i]!.seconds]));

  // One version, one-shot processes: our CLI vs swagger2openapi + openapi-typescript.
  const pin = findPin(CONSUMER_VERSION);
  const mirror = defaultMirror();
  const fetched = await fetchPinnedSpec(pin, { ...(mirror ? { mirror } : {}), allowDownload: false });
  const spec = join(WORK, `v${pin.version}.swagger.json`);
  writeFileSync(spec, fetched.bytes);
  const oatsScript = join(WORK, "openapi-typescript.mjs");
  writeFileSync(
    oatsScript,
    `import { readFileSync, writeFileSync } from "node:fs";
import openapiTS, { astToString } from "openapi-typescript";
import swagger2openapi from "swagger2openapi";
const { openapi } = await swagger2openapi.convertObj(JSON.parse(readFileSync(process.argv[2], "utf8")), { patch: true, warnOnly: true });
writeFileSync(process.argv[3], astToString(await openapiTS(openapi)));
`,
  );
  const [ours, oats] = (await interleaved([
    { label: `ours: generate ${pin.version} (CLI, formatted, written)`, command: node, args: [BIN, "generate", "--spec", spec, "--out", join(WORK, "one", `v${pin.version}`), "--name", "bench", "--kubernetes", pin.version] },
    { label: `openapi-typescript 7: swagger2openapi + openapi-typescript ${pin.version} (written)`, command: node, args: [oatsScript, spec, join(WORK, "openapi-typescript.d.ts")] },
  ])) as [Measured, Measured];

  // Every version warm in one process: the pipeline alone (no process start, no write).
  const warmScript = join(WORK, "warm.ts");
  writeFileSync(
    warmScript,
    `import { readPins, fetchPinnedSpec, defaultMirror } from ${JSON.stringify(join(repo.root, "generator/load/pinned-specs.ts"))};
import { generatePackage } from ${JSON.stringify(join(repo.root, "generator/pipeline.ts"))};
const mirror = defaultMirror(${JSON.stringify(repo.mirror ?? "")} || undefined);
const out: Record<string, number[]> = {};
for (let r = 0; r < ${REPEATS} + 1; r++) {
  for (const pin of readPins()) {
    const { bytes, origin } = await fetchPinnedSpec(pin, { ...(mirror ? { mirror } : {}), allowDownload: false });
    const t = performance.now();
    await generatePackage({ bytes, file: origin, name: "bench", pinnedVersion: pin.version, sourceDescription: "bench", sha256: pin.sha256 });
    if (r > 0) (out[pin.version] ??= []).push((performance.now() - t) / 1000); // round 0 warms up
  }
}
console.log(JSON.stringify(out));
`,
  );
  const warmRun = await run(node, ["--import", "tsx", warmScript]);
  if (warmRun.code !== 0) throw new Error(`warm per-version run failed:\n${warmRun.stderr}`);
  const warm = Object.fromEntries(Object.entries(JSON.parse(warmRun.stdout.trim().split("\n").pop()!) as Record<string, number[]>).map(([v, xs]) => [v, median(xs)]));
  process.stderr.write(`  warm per version (pipeline only): ${Object.entries(warm).map(([v, s]) => `${v} ${s.toFixed(2)} s`).join(", ")}\n`);
  return { cold, cached, coldOneThread, coldPerVersion, cachedPerVersion, oneVersion: { version: pin.version, ours, openapiTypescript: oats }, warmPerVersion: warm, out };
}

// ---------------------------------------------------------------------------------------
// Consumers

async function benchConsumers(genOut: string) {
  process.stderr.write("consumer type-check\n");
  const dir = join(WORK, "consumer");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "node_modules/@k8s-openapi-ts"), { recursive: true });
  symlinkSync(join(genOut, `v${CONSUMER_VERSION}`), join(dir, `node_modules/@k8s-openapi-ts/k8s-${CONSUMER_VERSION}`), "dir");
  const libs: Library[] = ["ours", "kubernetes-types", "client-node"];
  const compilers = await typeScriptCompilers();
  const results: Record<string, Record<string, Record<Library, Measured | { unavailable: string }>>> = {};
  for (const lib of libs) writeFileSync(join(dir, `${lib}.ts`), consumerSource(lib));
  for (const compiler of compilers) {
    results[compiler.name] = {};
    const version = await run(compiler.command, [...compiler.pre, "--version"]);
    for (const skipLibCheck of [true, false]) {
      const key = `skipLibCheck ${skipLibCheck ? "on" : "off"}`;
      results[compiler.name]![key] = {} as Record<Library, Measured>;
      if (version.code !== 0) {
        for (const lib of libs) results[compiler.name]![key]![lib] = { unavailable: `${compiler.name} does not run here: ${version.stderr.slice(0, 200)}` };
        continue;
      }
      const tasks: Task[] = [];
      for (const lib of libs) {
        const tsconfig = join(dir, `tsconfig.${lib}.${skipLibCheck ? "skip" : "full"}.json`);
        writeFileSync(
          tsconfig,
          JSON.stringify({
            compilerOptions: { ...CONSUMER_COMPILER_OPTIONS, skipLibCheck },
            files: [`${lib}.ts`],
          }),
        );
        tasks.push({ label: `${compiler.name}, ${key}, ${lib}`, command: compiler.command, args: [...compiler.pre, "-p", tsconfig], cwd: dir, allowFailure: true });
      }
      const measured = await interleaved(tasks, compiler.name === "TypeScript 7" ? FAST_REPEATS : REPEATS);
      libs.forEach((lib, i) => (results[compiler.name]![key]![lib] = measured[i]!));
    }
  }
  return { kinds: KINDS.length, groups: new Set(KINDS.map((k) => k[1])).size, results };
}

// ---------------------------------------------------------------------------------------
// Size

async function benchSize(genOut: string) {
  process.stderr.write("size\n");
  const installed: Record<string, number> = {};
  const disk: Record<string, number> = {};
  for (const entry of readdirSync(genOut).sort()) {
    if (!entry.startsWith(".") && statSync(join(genOut, entry)).isDirectory()) {
      installed[entry] = dirBytes(join(genOut, entry));
      disk[entry] = diskBytes(join(genOut, entry));
    }
  }
  const peers = {
    "kubernetes-types 1.30.0": dirBytes(join(REPO_ROOT, "node_modules/kubernetes-types")),
    "@kubernetes/client-node 2.0.1 (package folder, without its dependencies)": dirBytes(join(REPO_ROOT, "node_modules/@kubernetes/client-node")),
  };
  const peersDisk = {
    "kubernetes-types 1.30.0": diskBytes(join(REPO_ROOT, "node_modules/kubernetes-types")),
    "@kubernetes/client-node 2.0.1 (package folder, without its dependencies)": diskBytes(join(REPO_ROOT, "node_modules/@kubernetes/client-node")),
  };
  const esbuild = (await import("esbuild")) as typeof import("esbuild");
  const dir = join(WORK, "consumer");
  const bundle = async (contents: string, format: "esm" | "cjs") => {
    const result = await esbuild.build({
      stdin: { contents, resolveDir: dir, loader: "ts" },
      bundle: true,
      minify: true,
      write: false,
      format,
      platform: "node",
      logLevel: "silent",
    });
    return result.outputFiles[0]!.contents.byteLength;
  };
  const oneKind = `import { Pod } from "@k8s-openapi-ts/k8s-${CONSUMER_VERSION}/core/v1";\nconsole.log(Pod.URL_PATH_SEGMENT, Pod.SCOPE, Pod.API_VERSION);\n`;
  const baseline = `console.log("pods", "namespaced", "v1");\n`;
  const oneKindRequire = `const { Pod } = require("@k8s-openapi-ts/k8s-${CONSUMER_VERSION}/core/v1");\nconsole.log(Pod.URL_PATH_SEGMENT, Pod.SCOPE, Pod.API_VERSION);\n`;
  const bundleBytes = {
    esm: { oneKind: await bundle(oneKind, "esm"), baseline: await bundle(baseline, "esm") },
    // require() takes the CommonJS build: no tree shaking, the whole module's constants come along.
    cjs: { oneKind: await bundle(oneKindRequire, "cjs"), baseline: await bundle(baseline, "cjs") },
  };
  process.stderr.write(`  one kind's constants, minified: ESM +${bundleBytes.esm.oneKind - bundleBytes.esm.baseline} B, CJS +${bundleBytes.cjs.oneKind - bundleBytes.cjs.baseline} B\n`);
  return { installed, disk, peers, peersDisk, bundleBytes };
}

// ---------------------------------------------------------------------------------------
// Report


const s = (x: number) => `${x.toFixed(2)} s`;
const mb = (x: number | null) => (x === null ? "n/a" : `${x.toFixed(0)} MB`);
const yes = (ok: boolean) => (ok ? "yes" : "NO");

function table(rows: Row[]): string {
  const head: Row = { metric: "metric", ours: "ours", peer: "peer", ratio: "ratio", target: "target", met: "met?" };
  const cols = Object.keys(head) as (keyof Row)[];
  const width = Object.fromEntries(cols.map((c) => [c, Math.max(...[head, ...rows].map((r) => r[c].length))])) as Record<keyof Row, number>;
  const line = (r: Row) => `| ${cols.map((c) => r[c].padEnd(width[c])).join(" | ")} |`;
  return [line(head), `|${cols.map((c) => "-".repeat(width[c] + 2)).join("|")}|`, ...rows.map(line)].join("\n");
}

async function main() {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  const started = new Date();
  process.stderr.write(`bench: ${REPEATS} repeats, ${availableParallelism()} cores (${cpus()[0]?.model ?? "?"}), load average ${loadavg().map((l) => l.toFixed(1)).join(" ")}\n`);
  const generation = await benchGeneration();
  const consumers = await benchConsumers(generation.out);
  const size = await benchSize(generation.out);
  const check = await benchCheck(REPEATS);
  const addedCost = await benchAddedCost({ repeats: Math.max(1, Number(process.env.BENCH_ADDED_COST_REPEATS ?? ADDED_COST_REPEATS)), packages: generation.out });
  const startup = await benchStartup();

  const rows: Row[] = [];
  const g = generation;
  const oneRatio = g.oneVersion.ours.seconds / g.oneVersion.openapiTypescript.seconds;
  rows.push({ metric: `one version (${g.oneVersion.version}), CLI, formatted`, ours: s(g.oneVersion.ours.seconds), peer: `${s(g.oneVersion.openapiTypescript.seconds)} (openapi-typescript 7)`, ratio: oneRatio.toFixed(2), target: "≤ 0.5", met: yes(oneRatio <= 0.5) });
  const cpuOf = (m: Measured) => (m.cpuSeconds === null ? "n/a" : s(m.cpuSeconds));
  const cpuRatio = (a: Measured, b: Measured) => (a.cpuSeconds !== null && b.cpuSeconds ? (a.cpuSeconds / b.cpuSeconds).toFixed(2) : "n/a");
  rows.push({ metric: "one version, CPU time (user+sys)", ours: cpuOf(g.oneVersion.ours), peer: cpuOf(g.oneVersion.openapiTypescript), ratio: cpuRatio(g.oneVersion.ours, g.oneVersion.openapiTypescript), target: "(≤ 0.5)", met: "" });
  rows.push({ metric: "one version, peak RSS", ours: mb(g.oneVersion.ours.rssMB), peer: mb(g.oneVersion.openapiTypescript.rssMB), ratio: g.oneVersion.ours.rssMB && g.oneVersion.openapiTypescript.rssMB ? (g.oneVersion.ours.rssMB / g.oneVersion.openapiTypescript.rssMB).toFixed(2) : "n/a", target: "", met: "" });
  rows.push({ metric: `all ${PINNED}, cold (--force)`, ours: s(g.cold.seconds), peer: `${s(g.coldOneThread.seconds)} (ours, --jobs 1)`, ratio: (g.cold.seconds / g.coldOneThread.seconds).toFixed(2), target: "≤ 10 s", met: yes(g.cold.seconds <= 10) });
  rows.push({ metric: `all ${PINNED}, cold, CPU time (user+sys)`, ours: cpuOf(g.cold), peer: `${cpuOf(g.coldOneThread)} (--jobs 1)`, ratio: cpuRatio(g.cold, g.coldOneThread), target: "", met: "" });
  rows.push({ metric: `all ${PINNED}, unchanged inputs (cache hit)`, ours: s(g.cached.seconds), peer: "", ratio: (g.cached.seconds / g.cold.seconds).toFixed(2), target: "≤ 1 s", met: yes(g.cached.seconds <= 1) });
  rows.push({ metric: `all ${PINNED}, cold, peak RSS`, ours: mb(g.cold.rssMB), peer: `${mb(g.coldOneThread.rssMB)} (--jobs 1)`, ratio: "", target: "≤ 300 MB", met: g.cold.rssMB === null ? "n/a" : yes(g.cold.rssMB <= 300) });
  const coldVs = Object.values(g.coldPerVersion);
  if (coldVs.length) rows.push({ metric: "per version, cold (generate-all --jobs 1; the first also warms up)", ours: `${s(Math.min(...coldVs))}–${s(Math.max(...coldVs))}`, peer: "", ratio: "", target: "", met: "" });
  const hitVs = Object.values(g.cachedPerVersion);
  if (hitVs.length) rows.push({ metric: "per version, cache hit (whole process)", ours: `${s(Math.min(...hitVs))}–${s(Math.max(...hitVs))}`, peer: "", ratio: "", target: "", met: "" });
  const warm = Object.values(g.warmPerVersion);
  rows.push({ metric: "per version, warm (pipeline only)", ours: `${s(Math.min(...warm))}–${s(Math.max(...warm))}`, peer: "", ratio: "", target: "", met: "" });

  for (const [compiler, byMode] of Object.entries(consumers.results)) {
    for (const [mode, byLib] of Object.entries(byMode)) {
      const ours = byLib.ours;
      const kt = byLib["kubernetes-types"];
      const cn = byLib["client-node"];
      if ("unavailable" in ours || "unavailable" in kt) {
        rows.push({ metric: `tsc ${compiler}, ${mode}`, ours: "unavailable", peer: "", ratio: "", target: "≤ 1.0", met: "n/a" });
        continue;
      }
      const err = (m: Measured) => (m.code ? " (errors)" : "");
      const wallRatio = ours.seconds / kt.seconds;
      rows.push({ metric: `tsc ${compiler}, ${mode}: wall`, ours: s(ours.seconds) + err(ours), peer: `${s(kt.seconds)}${err(kt)} (kubernetes-types)`, ratio: wallRatio.toFixed(2), target: "≤ 1.0", met: yes(wallRatio <= 1) });
      if (ours.cpuSeconds !== null && kt.cpuSeconds) {
        rows.push({ metric: `tsc ${compiler}, ${mode}: CPU time`, ours: s(ours.cpuSeconds), peer: `${s(kt.cpuSeconds)} (kubernetes-types)`, ratio: (ours.cpuSeconds / kt.cpuSeconds).toFixed(2), target: "(≤ 1.0)", met: "" });
      }
      if (ours.rssMB !== null && kt.rssMB !== null) {
        const memRatio = ours.rssMB / kt.rssMB;
        rows.push({ metric: `tsc ${compiler}, ${mode}: peak memory`, ours: mb(ours.rssMB), peer: `${mb(kt.rssMB)} (kubernetes-types)`, ratio: memRatio.toFixed(2), target: "≤ 1.0", met: yes(memRatio <= 1) });
      }
      if (!("unavailable" in cn)) {
        rows.push({ metric: `tsc ${compiler}, ${mode}: client-node`, ours: "", peer: `${s(cn.seconds)}${err(cn)}, ${mb(cn.rssMB)}`, ratio: `${(cn.seconds / kt.seconds).toFixed(2)} / ${cn.rssMB && kt.rssMB ? (cn.rssMB / kt.rssMB).toFixed(2) : "n/a"}`, target: "(vs kubernetes-types)", met: "" });
      }
    }
  }

  const mib = (b: number) => `${(b / 1e6).toFixed(2)} MB`;
  const versions = Object.entries(size.installed).filter(([k]) => k.startsWith("v"));
  const largest = Math.max(...versions.map(([, b]) => b));
  const kt = size.peers["kubernetes-types 1.30.0"];
  // "installed size" is npm's unpacked size: the sum of the files' bytes.
  rows.push({ metric: `installed size, v${CONSUMER_VERSION}`, ours: mib(size.installed[`v${CONSUMER_VERSION}`] ?? 0), peer: `${mib(kt)} (kubernetes-types)`, ratio: ((size.installed[`v${CONSUMER_VERSION}`] ?? 0) / kt).toFixed(2), target: "≤ 1.5 MB", met: yes((size.installed[`v${CONSUMER_VERSION}`] ?? 0) <= 1.5e6) });
  rows.push({ metric: "installed size, largest version", ours: mib(largest), peer: "", ratio: "", target: "≤ 1.5 MB", met: yes(largest <= 1.5e6) });
  const diskLargest = Math.max(...Object.entries(size.disk).filter(([k]) => k.startsWith("v")).map(([, b]) => b));
  const ktDisk = size.peersDisk["kubernetes-types 1.30.0"];
  rows.push({ metric: "disk usage (du, 4 KB blocks), largest version", ours: mib(diskLargest), peer: `${mib(ktDisk)} (kubernetes-types)`, ratio: (diskLargest / ktDisk).toFixed(2), target: "(≤ 1.5 MB)", met: "" });
  const esmDelta = size.bundleBytes.esm.oneKind - size.bundleBytes.esm.baseline;
  rows.push({ metric: "one kind's constants, minified (ESM)", ours: `+${esmDelta} B`, peer: "no constants (kubernetes-types, client-node)", ratio: "", target: "≤ 1 KB", met: yes(esmDelta <= 1024) });
  rows.push({ metric: "one kind's constants, minified (require(), CJS build)", ours: `+${size.bundleBytes.cjs.oneKind - size.bundleBytes.cjs.baseline} B`, peer: "", ratio: "", target: "", met: "" });

  rows.push(...check.rows);
  rows.push(...addedCost.rows);
  rows.push(...startup.rows);

  const printed = table(rows);
  console.log(printed);
  mkdirSync(RESULTS, { recursive: true });
  const report = {
    started: started.toISOString(),
    finished: new Date().toISOString(),
    repeats: REPEATS,
    machine: { cores: availableParallelism(), cpu: cpus()[0]?.model ?? null, node: process.version, loadAverageAtEnd: loadavg() },
    note: "medians over repeats; compare ratios within one run, absolute seconds depend on the machine's load",
    table: rows,
    generation: { ...generation, out: undefined },
    consumers,
    size,
    check: check.result,
    addedCost: addedCost.report,
    startup: startup.report,
  };
  const stamp = started.toISOString().replace(/[:.]/g, "-");
  const json = `${JSON.stringify(report, (key, value: unknown) => (key === "stdouts" ? undefined : value), 2)}\n`;
  writeFileSync(join(RESULTS, `bench-${stamp}.json`), json);
  writeFileSync(join(RESULTS, "latest.json"), json);
  writeFileSync(join(RESULTS, "latest.md"), `${printed}\n`);
  process.stderr.write(`written: ${join(RESULTS, `bench-${stamp}.json`)} (and latest.json, latest.md)\n`);
}

await main();
