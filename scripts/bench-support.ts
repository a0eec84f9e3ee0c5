// What the benchmark scripts share: running a command under GNU time (wall, CPU, peak RSS),
// medians, and the rows of the printed table.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { REPO_ROOT } from "../generator/load/pinned-specs.js";

export const TIME = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;

export interface Run {
  seconds: number;
  /** Peak resident set of the process (and its largest waited-for child), MB; null when unmeasurable. */
  rssMB: number | null;
  /** User + system CPU seconds (all threads), from GNU time; null when unmeasurable. */
  cpuSeconds: number | null;
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command; wall time from here, peak RSS from GNU time when present. */
export function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const [cmd, argv] = TIME ? [TIME, ["-f", "__BENCH_RSS_KB__ %M %U %S", command, ...args]] : [command, args];
    const started = performance.now();
    const child = spawn(cmd, argv, { cwd: options.cwd ?? REPO_ROOT, env: { ...process.env, ...options.env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d));
    child.stderr.on("data", (d: Buffer) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => {
      const seconds = (performance.now() - started) / 1000;
      const m = /__BENCH_RSS_KB__ (\d+) ([\d.]+) ([\d.]+)/.exec(stderr);
      resolve({ seconds, rssMB: m ? Number(m[1]) / 1024 : null, cpuSeconds: m ? Number(m[2]) + Number(m[3]) : null, code: code ?? -1, stdout, stderr: stderr.replace(/.*__BENCH_RSS_KB__.*\n?/, "") });
    });
  });
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface Row {
  metric: string;
  ours: string;
  peer: string;
  ratio: string;
  target: string;
  met: string;
}
