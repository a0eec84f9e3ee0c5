// `check` speed (part of `npm run bench`; alone: `npx tsx scripts/bench-check.ts`). Target:
// 1,000 documents in under 2 s on this machine, measured end to end as a user runs it (one
// `k8s-openapi-ts check` process: start-up, reading the YAML, loading the version's model,
// checking). Inputs are built from the corpus: 1,000 built-in documents (the corpus manifests,
// repeated), and the same with the deprecated manifests mixed in, which makes check load
// every pinned version's model to say when each kind stopped being served.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { stringify } from "yaml";
import { makeChecker, readInputs } from "../generator/check/check-manifests.js";
import type { ManifestDocument } from "../generator/crd/read-manifests.js";
import { REPO_ROOT, readPins } from "../generator/load/pinned-specs.js";
import { median, run, type Row, type Run } from "./bench-support.js";

const CORPUS = join(REPO_ROOT, "../shared/corpus");
const WORK = join(REPO_ROOT, ".cache/bench");
const DOCUMENTS = 1000;
const TARGET_SECONDS = 2;

const runCli = (args: string[]) => run(process.execPath, [join(REPO_ROOT, "generator/runner/bin.mjs"), ...args]);

/** `count` documents cycling through `pool`, as one multi-document YAML file. */
function writeInput(name: string, pool: unknown[], count: number): string {
  const file = join(WORK, name);
  const docs = Array.from({ length: count }, (_, i) => stringify(pool[i % pool.length]));
  writeFileSync(file, docs.join("---\n"));
  return file;
}

export async function benchCheck(repeats: number) {
  mkdirSync(WORK, { recursive: true });
  const newest = readPins().at(-1)!.version;
  // Built-in documents of the corpus (custom resources are not checked without their CRDs).
  const manifests = await readInputs([join(CORPUS, "manifests")]);
  const report = await (await makeChecker({ kubernetes: newest }))(manifests);
  const builtIn = manifests.filter((d) => report.documents.some((r) => r.file === d.file && r.index === d.index && r.verdict !== "not-checked")).map((d: ManifestDocument) => d.value);
  const deprecated = (await readInputs([join(CORPUS, "manifests-deprecated")])).map((d) => d.value);
  const inputs = {
    builtIn: writeInput(`check-${DOCUMENTS}.yaml`, builtIn, DOCUMENTS),
    mixed: writeInput(`check-${DOCUMENTS}-with-deprecated.yaml`, [...deprecated, ...builtIn], DOCUMENTS),
  };

  // In one process: where the time goes once the command has started.
  let t = performance.now();
  const documents = await readInputs([inputs.builtIn]);
  const readSeconds = (performance.now() - t) / 1000;
  const checkOnce = await makeChecker({ kubernetes: newest }); // the model is cached: warm
  t = performance.now();
  const checked = await checkOnce(documents);
  const checkSeconds = (performance.now() - t) / 1000;

  // End to end, interleaved runs of the two inputs.
  const runs: Record<keyof typeof inputs, Run[]> = { builtIn: [], mixed: [] };
  for (let i = 0; i < repeats; i++) {
    for (const key of Object.keys(inputs) as (keyof typeof inputs)[]) {
      const r = await runCli(["check", "--kubernetes", newest, "--json", inputs[key]]);
      if (r.code > 1) throw new Error(`check failed (exit ${r.code})`);
      runs[key].push(r);
    }
  }
  const summary = (list: Run[]) => ({
    seconds: median(list.map((r) => r.seconds)),
    cpuSeconds: list.every((r) => r.cpuSeconds !== null) ? median(list.map((r) => r.cpuSeconds!)) : null,
    rssMB: list.every((r) => r.rssMB !== null) ? median(list.map((r) => r.rssMB!)) : null,
    runs: list.map(({ seconds, cpuSeconds, rssMB }) => ({ seconds, cpuSeconds, rssMB })),
    summary: (JSON.parse(list[0]!.stdout) as { summary: unknown }).summary,
  });
  const result = {
    kubernetes: newest,
    documents: DOCUMENTS,
    builtIn: summary(runs.builtIn),
    withDeprecated: summary(runs.mixed),
    inProcess: { readSeconds, checkSeconds, checkMicrosecondsPerDocument: (checkSeconds / checked.documents.length) * 1e6 },
  };
  const s = (x: number) => `${x.toFixed(2)} s`;
  const cpu = (m: { cpuSeconds: number | null }) => (m.cpuSeconds === null ? "n/a" : s(m.cpuSeconds));
  const rows: Row[] = [
    { metric: `check, ${DOCUMENTS} built-in documents (CLI, ${newest})`, ours: s(result.builtIn.seconds), peer: "", ratio: "", target: `< ${TARGET_SECONDS} s`, met: result.builtIn.seconds < TARGET_SECONDS ? "yes" : "NO" },
    { metric: "check, same, CPU time (user+sys) / peak RSS", ours: `${cpu(result.builtIn)} / ${result.builtIn.rssMB?.toFixed(0) ?? "n/a"} MB`, peer: "", ratio: "", target: "", met: "" },
    { metric: `check, ${DOCUMENTS} documents with the deprecated ones (loads every pinned model)`, ours: s(result.withDeprecated.seconds), peer: "", ratio: "", target: "", met: "" },
    { metric: "check, in one process: read + parse / check (warm model)", ours: `${s(readSeconds)} / ${s(checkSeconds)} (${result.inProcess.checkMicrosecondsPerDocument.toFixed(0)} µs per document)`, peer: "", ratio: "", target: "", met: "" },
  ];
  return { result, rows };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { result, rows } = await benchCheck(Math.max(1, Number(process.env.BENCH_REPEATS ?? 3)));
  for (const row of rows) console.log(`${row.metric}: ${row.ours}${row.target ? ` (target ${row.target}: ${row.met})` : ""}`);
  console.log(JSON.stringify(result.builtIn.summary));
}
