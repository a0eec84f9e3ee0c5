// Start-up of the installed generator (issue 12: `--help` under 0.3 s; part of `npm run bench`;
// alone: `node --import tsx scripts/bench-startup.ts [--repeats N]`).
//
// The generator is packed as a publisher packs it (test/packaging/support.ts packGenerator),
// installed offline into an empty project, and `k8s-openapi-ts --help` is run N times
// (default 15), round-robin with a bare `node -e 0` and with the repository's own command
// (its sources, through the cached esbuild bundle) so that a change in the machine's load hits
// all three alike. Reported: median wall and CPU seconds of each, and what the installed
// command adds over bare node. Table on stdout, JSON in .cache/bench-startup.json.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { REPO_ROOT } from "../generator/load/pinned-specs.js";
import { installTarballs, packGenerator } from "./packaging.js";
import { median, run, type Row } from "./bench-support.js";

export const DEFAULT_REPEATS = 15;
const OUT_JSON = join(REPO_ROOT, ".cache/bench-startup.json");
const TARGET_SECONDS = 0.3;

interface Sample {
  wall: number[];
  cpu: number[];
}

export async function benchStartup(options: { repeats?: number } = {}): Promise<{ rows: Row[]; report: Record<string, unknown> }> {
  const repeats = options.repeats ?? DEFAULT_REPEATS;
  const root = mkdtempSync(join(tmpdir(), "k8s-openapi-ts-bench-startup-"));
  try {
    const pack = await packGenerator(root);
    const install = await installTarballs(root, [pack.tarball]);
    if (install.result.code !== 0) throw new Error(`npm install --offline of the generator failed:\n${install.result.stderr}`);
    const project = install.project;
    const commands = {
      "bare node (node -e 0)": [process.execPath, ["-e", "0"]],
      "installed k8s-openapi-ts --help": [join(project, "node_modules/.bin/k8s-openapi-ts"), ["--help"]],
      "repository's command --help (sources, cached bundle)": [process.execPath, [join(REPO_ROOT, "generator/runner/bin.mjs"), "--help"]],
    } as const;
    const samples = new Map<string, Sample>(Object.keys(commands).map((k) => [k, { wall: [], cpu: [] }]));
    await run(process.execPath, [join(REPO_ROOT, "generator/runner/bin.mjs"), "--version"]); // builds the bundle once, unmeasured
    for (let round = 0; round < repeats; round++) {
      for (const [label, [command, args]] of Object.entries(commands)) {
        const result = await run(command, [...args], { cwd: project });
        if (result.code !== 0) throw new Error(`${label} failed: ${result.stderr}`);
        samples.get(label)!.wall.push(result.seconds);
        if (result.cpuSeconds !== null) samples.get(label)!.cpu.push(result.cpuSeconds);
      }
    }
    const medians = Object.fromEntries([...samples].map(([label, s]) => [label, { wallSeconds: median(s.wall), cpuSeconds: s.cpu.length ? median(s.cpu) : null }]));
    const bare = medians["bare node (node -e 0)"]!;
    const installed = medians["installed k8s-openapi-ts --help"]!;
    const fromSources = medians["repository's command --help (sources, cached bundle)"]!;
    const rows: Row[] = [
      { metric: "installed generator, --help, wall (median)", ours: `${installed.wallSeconds.toFixed(3)} s`, peer: `${bare.wallSeconds.toFixed(3)} s (bare node)`, ratio: (installed.wallSeconds / bare.wallSeconds).toFixed(2), target: `< ${TARGET_SECONDS} s`, met: installed.wallSeconds < TARGET_SECONDS ? "yes" : "no" },
      { metric: "installed generator, --help, CPU (median)", ours: `${installed.cpuSeconds?.toFixed(3) ?? "?"} s`, peer: `${bare.cpuSeconds?.toFixed(3) ?? "?"} s (bare node)`, ratio: installed.cpuSeconds && bare.cpuSeconds ? (installed.cpuSeconds / bare.cpuSeconds).toFixed(2) : "", target: "", met: "" },
      { metric: "repository's command, --help, wall (median)", ours: `${fromSources.wallSeconds.toFixed(3)} s`, peer: `${installed.wallSeconds.toFixed(3)} s (installed)`, ratio: (fromSources.wallSeconds / installed.wallSeconds).toFixed(2), target: "", met: "" },
    ];
    const report = { repeats, loadAverageAtEnd: loadavg(), tarballBytes: pack.size, unpackedBytes: pack.unpackedSize, medians, samples: Object.fromEntries(samples) };
    mkdirSync(join(REPO_ROOT, ".cache"), { recursive: true });
    writeFileSync(OUT_JSON, `${JSON.stringify(report, null, 2)}\n`);
    return { rows, report };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(resolve(process.argv[1] ?? "")).href) {
  const at = process.argv.indexOf("--repeats");
  const { rows } = await benchStartup(at > 0 ? { repeats: Number(process.argv[at + 1]) } : {});
  for (const row of rows) console.log(`${row.metric}: ${row.ours} vs ${row.peer}, ratio ${row.ratio}${row.target ? `, target ${row.target}: ${row.met}` : ""}`);
  console.log(`written: ${OUT_JSON}`);
}
