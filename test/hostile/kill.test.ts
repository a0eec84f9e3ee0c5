// SIGKILL at random moments: the output folder is byte-identical to before (or, when the
// kill came after the last rename, to the complete new generation) — never half old, half
// new — once the next run has started (its first step recovers what a killed run left).
import { spawn } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, writeFileSync, appendFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../generator/load/pinned-specs.js";
import { checkWritable } from "../../generator/write/write-output.js";
import { startCli, tempDir, treeEntries, treeDiff } from "./support.js";

const TEST_PACKAGES = join(REPO_ROOT, ".cache/test-packages");
const random = (min: number, max: number) => min + Math.random() * (max - min);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Entries without the output cache's stamps (`.v1.XX.stamp.json`, a cache beside the packages, not part of them). */
function packagesOf(entries: Map<string, string>): Map<string, string> {
  return new Map([...entries].filter(([path]) => !/^\.[^/]*\.stamp\.json(\.tmp.*)?$/.test(path)));
}

function same(a: Map<string, string>, b: Map<string, string>): boolean {
  return treeDiff(a, b).length === 0;
}

/** Leftovers of killed runs beside the output folder. */
function leftovers(out: string): string[] {
  return readdirSync(dirname(out)).filter((e) => e.startsWith(`.${basename(out)}.staging-`));
}

/** Waits until a staging folder appears beside `out` (or the process exits); true when it appeared. */
async function stagingAppears(out: string, exited: Promise<unknown>): Promise<boolean> {
  let done = false;
  void exited.then(() => (done = true));
  while (!done) {
    if (leftovers(out).length > 0) return true;
    await sleep(2);
  }
  return false;
}

/** The tree of `root` with each of `folders` of the test packages (the setup's complete generation) in place, as treeEntries lists it. */
function withPackages(root: Map<string, string>, folders: string[]): Map<string, string> {
  const tree = new Map([...root].filter(([path]) => !folders.some((f) => path === f || path.startsWith(`${f}/`))));
  for (const folder of folders) {
    tree.set(folder, "dir");
    for (const [path, hash] of treeEntries(join(TEST_PACKAGES, folder))) tree.set(`${folder}/${path}`, hash);
  }
  return new Map([...tree].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

describe("a generate-all run killed with SIGKILL", () => {
  it("leaves the output folder byte-identical, at several random moments; the next run recovers", async () => {
    const work = tempDir("kill");
    const out = join(work, "generated-types");
    // A previous generation: the test packages of 1.35 and 1.36, edited so a new run differs from it.
    mkdirSync(out);
    for (const v of ["v1.35", "v1.36"]) cpSync(join(TEST_PACKAGES, v), join(out, v), { recursive: true });
    appendFileSync(join(out, "v1.35/README.md"), "\nprevious generation\n");
    writeFileSync(join(out, "v1.36/PREVIOUS"), "previous generation\n");
    writeFileSync(join(out, "README.md"), "not a package; must survive\n");
    const previous = packagesOf(treeEntries(out));
    // The whole new generation: what the setup generated for 1.35, 1.36 and stable, beside the untouched README.md.
    const next = withPackages(previous, ["stable", "v1.35", "v1.36"]);
    const generations = (tree: Map<string, string>): string | undefined => (same(tree, previous) ? "old" : same(tree, next) ? "new" : undefined);
    let current = previous;
    const moments: string[] = [];
    let midWrite = 0;

    // Kills at random times while specs load and generate, one right as the staging folder
    // appears, one a random few milliseconds later (writing or renaming).
    const plans: (() => { label: string; wait: (out: string, exited: Promise<unknown>) => Promise<void> })[] = [
      () => {
        const ms = random(300, 2500);
        return { label: `after ${ms.toFixed(0)} ms`, wait: async () => void (await sleep(ms)) };
      },
      () => {
        const ms = random(800, 2400);
        return { label: `after ${ms.toFixed(0)} ms`, wait: async () => void (await sleep(ms)) };
      },
      () => ({ label: "as staging began", wait: async (o, exited) => void (await stagingAppears(o, exited)) }),
      () => {
        const ms = random(0, 30);
        return { label: `${ms.toFixed(0)} ms after staging began`, wait: async (o, exited) => void ((await stagingAppears(o, exited)) && (await sleep(ms))) };
      },
    ];
    for (const plan of plans) {
      const { label, wait } = plan();
      const run = startCli(["generate-all", "--versions", "1.35,1.36", "--out", out, "--no-download", "--force"]);
      await wait(out, run.exited);
      run.child.kill("SIGKILL");
      const { code, signal } = await run.exited;
      // What the killed run left, before any recovery.
      const staged = leftovers(out).length > 0;
      const raw = packagesOf(treeEntries(out));
      if (signal === "SIGKILL" && staged) midWrite++;
      moments.push(`${label}: ${signal ?? `exit ${code}`}${staged ? ", mid-write" : ""}`);
      // Without a staging folder left behind, nothing was half done: the folder is already one generation.
      if (!staged) expect(generations(raw), `${label}: no staging folder left, yet the folder is neither generation: ${treeDiff(current, raw).slice(0, 5).join(", ")}`).toBeDefined();
      // The next run's first step (checkWritable → recoverInterrupted) puts things right.
      await checkWritable(out);
      const recovered = packagesOf(treeEntries(out));
      expect(leftovers(out), label).toEqual([]);
      const is = generations(recovered);
      expect(is, `${label}: recovered a folder that is neither the old nor the whole new generation: ${treeDiff(current, recovered).slice(0, 5).join(", ")} / vs new: ${treeDiff(next, recovered).slice(0, 5).join(", ")}`).toBeDefined();
      // Only a run that finished every rename (or ended before the kill, as a fast machine may) may have changed it.
      if (is === "new" && signal !== "SIGKILL") expect(code, label).toBe(0);
      current = recovered;
    }
    console.log(`killed: ${moments.join("; ")}`);
    // At least one kill landed after staging began (else the test proved nothing about writes).
    expect(midWrite, moments.join("; ")).toBeGreaterThanOrEqual(1);

    // The following complete run recovers and produces exactly the whole new generation.
    const final = startCli(["generate-all", "--versions", "1.35,1.36", "--out", out, "--no-download"]);
    const { code } = await final.exited;
    expect(code, final.output()).toBe(0);
    expect(leftovers(out)).toEqual([]);
    expect(treeDiff(next, packagesOf(treeEntries(out)))).toEqual([]);
  }, 180_000);
});

describe("writePackages killed with SIGKILL at random moments while writing and renaming", () => {
  it("never leaves a mix of old and new packages once recovered", async () => {
    const work = tempDir("kill-write");
    const out = join(work, "out");
    mkdirSync(out);
    const child = join(REPO_ROOT, "test/hostile/fixtures/write-child.ts");
    // One process (node --import tsx), so SIGKILL reaches the writer itself (the tsx CLI would fork it).
    const tsx = ["--import", "tsx"];
    const run = (variant: string) => {
      const proc = spawn(process.execPath, [...tsx, child, TEST_PACKAGES, out, variant], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
      let text = "";
      const ready = new Promise<void>((resolve) => proc.stdout.on("data", (d: Buffer) => ((text += d.toString()), text.includes("ready") && resolve())));
      const exited = new Promise<number | null>((resolve) => proc.on("exit", (c) => resolve(c)));
      return { proc, ready, exited, text: () => text };
    };
    // Complete writes of both variants (B into a reference folder), timed.
    const first = run("A");
    expect(await first.exited).toBe(0);
    const duration = Number(/done (\d+)/.exec(first.text())![1]);
    const refRoot = join(work, "reference");
    mkdirSync(refRoot);
    const runB = spawn(process.execPath, [...tsx, child, TEST_PACKAGES, refRoot, "B"], { cwd: REPO_ROOT, stdio: "ignore" });
    expect(await new Promise((resolve) => runB.on("exit", resolve))).toBe(0);
    const states: Record<string, Map<string, string>> = { A: treeEntries(out), B: treeEntries(refRoot) };
    let current = "A";
    const outcomes: string[] = [];
    let midWrite = 0;
    for (let i = 0; i < 6; i++) {
      const variant = current === "A" ? "B" : "A";
      const r = run(variant);
      await r.ready;
      const ms = random(0, duration * 1.2);
      await sleep(ms);
      r.proc.kill("SIGKILL");
      await r.exited;
      const staged = leftovers(out).length > 0;
      if (staged) midWrite++;
      await checkWritable(out);
      const now = treeEntries(out);
      const is = Object.entries(states).find(([, state]) => same(state, now))?.[0];
      expect(is, `kill after ${ms.toFixed(0)} ms: neither the old nor the new generation: ${treeDiff(states[current]!, now).slice(0, 4).join(", ")}`).toBeDefined();
      expect(leftovers(out)).toEqual([]);
      outcomes.push(`${ms.toFixed(0)} ms → ${is === variant ? "new" : "old"}${staged ? " (mid-write)" : ""}`);
      current = is!;
    }
    console.log(`write ${duration} ms; kills: ${outcomes.join(", ")}`);
    // Kills fall in [0, 1.2 × the write's duration]: at least one of the six must land while a staging folder exists.
    expect(midWrite, outcomes.join(", ")).toBeGreaterThanOrEqual(1);
  }, 90_000);
});

describe("recovery of each state a killed commit can leave", () => {
  /** A pid that is certainly not running (a child that has exited). */
  async function deadPid(): Promise<number> {
    const proc = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
    await new Promise((resolve) => proc.on("exit", resolve));
    return proc.pid!;
  }

  async function scenario(build: (paths: { out: string; staging: string }) => void) {
    const work = tempDir("recover");
    const out = join(work, "out");
    const staging = join(work, `.out.staging-${await deadPid()}`);
    mkdirSync(out);
    mkdirSync(staging);
    build({ out, staging });
    await checkWritable(out);
    expect(leftovers(out)).toEqual([]);
    return treeEntries(out);
  }
  const pkg = (dir: string, text: string) => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "index.d.ts"), text);
  };
  const journal = (staging: string, packages: { name: string; hadOld: boolean }[]) =>
    writeFileSync(join(staging, ".journal.json"), JSON.stringify({ root: "", packages }));
  const contents = (tree: Map<string, string>) => [...tree.keys()].sort();

  it("killed between renames (one package new, one old, one new package moved in): everything rolled back", async () => {
    const tree = await scenario(({ out, staging }) => {
      journal(staging, [{ name: "a", hadOld: true }, { name: "b", hadOld: true }, { name: "c", hadOld: false }]);
      pkg(join(out, "a"), "new a");
      pkg(join(staging, ".old-a"), "old a");
      pkg(join(staging, ".old-b"), "old b"); // b moved aside, new b not yet moved in
      pkg(join(staging, "b"), "new b");
      pkg(join(staging, "c"), "new c");
    });
    expect(contents(tree)).toEqual(["a", "a/index.d.ts", "b", "b/index.d.ts"]);
    expect(tree.get("a/index.d.ts")).toBe(treeEntries(tempWith("old a")).get("x"));
  });

  it("killed after a new package (without an old version) moved in: it is removed again", async () => {
    const tree = await scenario(({ out, staging }) => {
      journal(staging, [{ name: "c", hadOld: false }]);
      pkg(join(out, "c"), "new c");
    });
    expect(contents(tree)).toEqual([]);
  });

  it("killed after the COMMITTED marker: the new generation stays", async () => {
    const tree = await scenario(({ out, staging }) => {
      journal(staging, [{ name: "a", hadOld: true }]);
      writeFileSync(join(staging, ".committed"), "");
      pkg(join(out, "a"), "new a");
      pkg(join(staging, ".old-a"), "old a");
    });
    expect(tree.get("a/index.d.ts")).toBe(treeEntries(tempWith("new a")).get("x"));
  });

  it("killed while writing (no journal yet): the staging folder is only deleted", async () => {
    const tree = await scenario(({ out, staging }) => {
      pkg(join(out, "a"), "old a");
      pkg(join(staging, "a"), "half-written new a");
    });
    expect(tree.get("a/index.d.ts")).toBe(treeEntries(tempWith("old a")).get("x"));
  });
});

function tempWith(text: string): string {
  const dir = tempDir("file");
  writeFileSync(join(dir, "x"), text);
  return dir;
}
