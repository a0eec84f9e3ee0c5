// One fuzz case, inside a worker thread: the CLI's main() on a spec file, with what it prints
// captured. Exit code 0 = generated, 1 = a GeneratorError (clear message), 2 = internal error.
import { main } from "../../../generator/runner/cli.js";

export async function runCase(spec: string, out: string): Promise<{ code: number; stderr: string }> {
  const err: string[] = [];
  const saved = { log: console.log, warn: console.warn, error: console.error };
  console.log = () => undefined;
  console.warn = () => undefined;
  console.error = (...a: unknown[]) => void err.push(a.join(" "));
  try {
    const code = await main(["node", "k8s-openapi-ts", "generate", "--spec", spec, "--out", out, "--name", "@fuzz/pkg"]);
    return { code, stderr: err.join("\n") };
  } catch (error) {
    return { code: 2, stderr: `escaped main(): ${(error as Error).stack ?? String(error)}` };
  } finally {
    Object.assign(console, saved);
  }
}
