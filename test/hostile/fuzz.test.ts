// Property-based fuzzing (fast-check), short budget: mutated slices of the real 1.36 spec
// either generate a package that type-checks (one batched tsc run at the end) or are
// refused with one clear message and the output folder untouched — never an internal
// error, never a hang. `npx tsx scripts/fuzz.ts --runs N` is the long run.
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { CaseRunner, checkTypes, mutationsArb, runFuzzCase } from "./fuzz/fuzz.js";
import { tempDir } from "./support.js";

const RUNS = Number(process.env.K8S_OPENAPI_TS_FUZZ_RUNS ?? 30);
const runner = new CaseRunner();
afterAll(() => runner.close());

describe("fuzzed specs", () => {
  it(`${RUNS} mutated specs: a package that type-checks, or a clear refusal with the output untouched`, async () => {
    const root = tempDir("fuzz-ci");
    const generated: { out: string; spec: string }[] = [];
    const verdicts: Record<string, number> = {};
    let n = 0;
    await fc.assert(
      fc.asyncProperty(mutationsArb(), async (mutations) => {
        const verdict = await runFuzzCase(runner, join(root, `case-${n++}`), mutations, 20_000);
        verdicts[verdict.kind] = (verdicts[verdict.kind] ?? 0) + 1;
        if (verdict.kind === "generated") generated.push(verdict);
        expect(verdict.kind === "generated" || verdict.kind === "refused", JSON.stringify(verdict).slice(0, 2000)).toBe(true);
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
    expect(await checkTypes(generated)).toEqual([]);
    console.log(`fuzz: ${JSON.stringify(verdicts)}`);
  }, 180_000);
});
