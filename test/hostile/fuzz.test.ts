// Property-based fuzzing (fast-check), short budget: mutated slices of the real 1.36 spec
// either generate a package that type-checks (one batched tsc run at the end) or are
// refused with one clear message and the output folder untouched — never an internal
// error, never a hang. `npx tsx scripts/fuzz.ts --runs N` is the long run.
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { CaseRunner, applyMutations, baseSpec, checkTypes, mutationsArb, runFuzzCase, type Mutation } from "./fuzz/fuzz.js";
import { tempDir } from "./support.js";

const RUNS = Number(process.env.K8S_OPENAPI_TS_FUZZ_RUNS ?? 30);
// The seed is logged; K8S_OPENAPI_TS_FUZZ_SEED=<seed> replays a run.
const SEED = process.env.K8S_OPENAPI_TS_FUZZ_SEED ? Number(process.env.K8S_OPENAPI_TS_FUZZ_SEED) : Math.floor(Math.random() * 0x7fffffff);
// A run that refuses (nearly) everything proves nothing about the generated packages. Most
// mutations are refused (4 to 10 of the first 30 cases generated, in the seeds tried), so
// after RUNS cases the run goes on until MIN_GENERATED cases have generated (and then
// type-check), and fails if MAX_RUNS cases give fewer.
const MIN_GENERATED = Number(process.env.K8S_OPENAPI_TS_FUZZ_MIN_GENERATED ?? 8);
const MAX_RUNS = Math.max(RUNS, 20 * MIN_GENERATED);
const runner = new CaseRunner();
afterAll(() => runner.close());

describe("fuzzed specs", () => {
  it(`at least ${RUNS} mutated specs, ${MIN_GENERATED} of them generated: a package that type-checks, or a clear refusal with the output untouched`, async () => {
    expect(Number.isInteger(RUNS) && RUNS >= 10, `K8S_OPENAPI_TS_FUZZ_RUNS=${RUNS}: at least 10 runs`).toBe(true);
    expect(Number.isInteger(MIN_GENERATED) && MIN_GENERATED >= 1, `K8S_OPENAPI_TS_FUZZ_MIN_GENERATED=${MIN_GENERATED}: at least 1`).toBe(true);
    expect(Number.isSafeInteger(SEED), `K8S_OPENAPI_TS_FUZZ_SEED must be an integer`).toBe(true);
    console.log(`fuzz: seed ${SEED} (replay with K8S_OPENAPI_TS_FUZZ_SEED=${SEED}), at least ${RUNS} cases, until ${MIN_GENERATED} generated (at most ${MAX_RUNS})`);
    const root = tempDir("fuzz-ci");
    const generated: { out: string; spec: string }[] = [];
    const verdicts: Record<string, number> = {};
    let n = 0;
    await fc.assert(
      fc.asyncProperty(mutationsArb(), async (mutations) => {
        if (n >= RUNS && generated.length >= MIN_GENERATED) return; // enough: the remaining runs are skipped
        const verdict = await runFuzzCase(runner, join(root, `case-${n++}`), mutations, 20_000);
        verdicts[verdict.kind] = (verdicts[verdict.kind] ?? 0) + 1;
        if (verdict.kind === "generated") generated.push(verdict);
        expect(verdict.kind === "generated" || verdict.kind === "refused", JSON.stringify(verdict).slice(0, 2000)).toBe(true);
      }),
      { numRuns: MAX_RUNS, seed: SEED, endOnFailure: true },
    );
    console.log(`fuzz: seed ${SEED}: ${JSON.stringify(verdicts)}`);
    expect(n, `seed ${SEED}: at least ${RUNS} cases were run`).toBeGreaterThanOrEqual(RUNS);
    expect(generated.length, `seed ${SEED}: ${JSON.stringify(verdicts)} in ${n} cases; at least ${MIN_GENERATED} must generate`).toBeGreaterThanOrEqual(MIN_GENERATED);
    expect(await checkTypes(generated)).toEqual([]);
  }, 180_000);
});

describe("fuzz cases that once broke the rules (issue 14)", () => {
  const root = tempDir("fuzz-known");
  const LIST_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta";
  const OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

  it("seed 20261202, case 6748 (ObjectMeta retyped to a $ref to itself: `type ObjectMeta = ObjectMeta`) is refused, naming the loop", async () => {
    const mutations: Mutation[] = [{ op: "retypeDefinition", at: 862088725, value: { $ref: `#/definitions/${OBJECT_META}` } }];
    const verdict = await runFuzzCase(runner, join(root, "case-6748"), mutations);
    expect(verdict.kind, JSON.stringify(verdict)).toBe("refused");
    expect(verdict.kind === "refused" && verdict.message).toContain(`at /definitions/${OBJECT_META}/$ref: pure $ref definitions refer to each other in a loop`);
  });

  it("dropHelperDefinition removes ListMeta and every $ref to it; the package is refused, naming ListMeta (List in meta/v1 needs it)", async () => {
    const mutations: Mutation[] = [{ op: "dropHelperDefinition", at: 0 }];
    const doc = applyMutations(baseSpec(), mutations);
    expect(Object.hasOwn(doc.definitions, LIST_META)).toBe(false);
    expect(JSON.stringify(doc)).not.toContain(LIST_META);
    expect(Object.hasOwn(baseSpec().definitions, LIST_META)).toBe(true);
    const verdict = await runFuzzCase(runner, join(root, "drop-helper"), mutations);
    expect(verdict.kind, JSON.stringify(verdict)).toBe("refused");
    expect(verdict.kind === "refused" && verdict.message).toContain(`the document does not define "${LIST_META}", which the generator's helper types in meta/v1 (List) refer to`);
  }, 60_000);
});
