// The long fuzz run: `npx tsx scripts/fuzz.ts --runs 500 [--seed N] [--timeout S] [--keep]`.
// Mutates a slice of the pinned 1.36 spec (test/hostile/fuzz/fuzz.ts), runs each through the
// generator in a worker thread with a time limit, type-checks every generated package in
// batched tsc runs, and prints the counts: specs tried, generated, refused with a clear
// message, crashes, hangs, partial outputs (and the other rule breaks). Exit 1 when any rule
// was broken; the failing specs are kept for reproduction (`generate --spec <file>`).
import { rmSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { CaseRunner, checkTypes, mutationsArb, runFuzzCase, type Verdict } from "../test/hostile/fuzz/fuzz.js";
import { tempDir } from "../test/hostile/support.js";

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const runs = flag("runs", 200);
const seed = flag("seed", Date.now() % 2 ** 31);
const timeoutMs = flag("timeout", 30) * 1000;
const keep = process.argv.includes("--keep");
const root = tempDir("fuzz");
const runner = new CaseRunner();
const counts: Record<Verdict["kind"] | "type-errors", number> = { generated: 0, refused: 0, crash: 0, hang: 0, partial: 0, unclear: 0, leak: 0, "bad-js": 0, "type-errors": 0 };
const problems: string[] = [];
const reasons = new Map<string, number>();
const generated: { out: string; spec: string }[] = [];
const started = performance.now();

console.log(`fuzzing ${runs} specs, seed ${seed}, ${timeoutMs / 1000} s per spec, in ${root}`);
const samples = fc.sample(mutationsArb(), { numRuns: runs, seed });
for (const [i, mutations] of samples.entries()) {
  const dir = join(root, `case-${i}`);
  const verdict = await runFuzzCase(runner, dir, mutations, timeoutMs);
  counts[verdict.kind]++;
  if (verdict.kind === "generated") generated.push(verdict);
  else if (verdict.kind !== "refused") problems.push(`${verdict.kind}: ${verdict.spec}: ${verdict.detail}`);
  else {
    // "k8s-openapi-ts: <file>[:l:c] at <pointer>: <message>" → the message's first words, for the summary.
    const reason = verdict.message.split("\n")[0]!.replace(/^k8s-openapi-ts: .*? (at \S+: |: )/, "").replace(/"[^"]*"/g, '"…"').slice(0, 60);
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
  if ((i + 1) % 50 === 0) console.log(`  ${i + 1}/${runs} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
}
await runner.close();

console.log(`type-checking ${generated.length} generated packages…`);
const typeErrors = await checkTypes(generated);
counts["type-errors"] = typeErrors.length;
problems.push(...typeErrors.map((e) => `type-errors: ${e}`));
if (!keep) for (const g of generated) if (!typeErrors.some((e) => e.startsWith(g.spec))) rmSync(join(g.out, "../.."), { recursive: true, force: true });

const seconds = (performance.now() - started) / 1000;
console.log(`
specs tried        ${runs}
generated          ${counts.generated} (all type-checked: ${counts["type-errors"] === 0 ? "yes" : `no, ${counts["type-errors"]} with errors`})
refused (clear)    ${counts.refused}
crashes            ${counts.crash}
hangs              ${counts.hang}
partial outputs    ${counts.partial}
unclear messages   ${counts.unclear}
writes outside     ${counts.leak}
unexpected JS      ${counts["bad-js"]}
time               ${seconds.toFixed(0)} s (${((seconds * 1000) / runs).toFixed(0)} ms per spec), seed ${seed}`);
console.log("most frequent refusals:");
for (const [reason, n] of [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`  ${String(n).padStart(5)}  ${reason}`);
for (const p of problems.slice(0, 20)) console.log(`  ${p.slice(0, 800)}`);
process.exitCode = problems.length > 0 ? 1 : 0;
