// The command line: `k8s-openapi-ts generate-all` (the main job) and
// `k8s-openapi-ts generate (--spec <file|url> | --from-cluster) --out <dir> --name <npm-name>`.
// Each command's code is imported when it runs, so `--help` loads only commander (start-up).
import { resolve } from "node:path";
import { Command, InvalidArgumentError } from "commander";
import { GeneratorError } from "../errors.js";
import { GENERATOR_VERSION, PACKAGE_ROOT, RUNNING_FROM_DIST } from "../package-root.js";
import type { GenerateAllOptions } from "./generate-all.js";

/** generate-all's output: the repository's generated-types/, or ./generated-types for an installed package. */
export const DEFAULT_OUT = RUNNING_FROM_DIST ? resolve("generated-types") : resolve(PACKAGE_ROOT, "generated-types");

interface GenerateFlags {
  spec?: string;
  fromCluster?: boolean;
  kubeconfig?: string;
  context?: string;
  insecureSkipTlsVerify?: boolean;
  out: string;
  name: string;
  kubernetes?: string;
  timeout: number;
}

const CLUSTER_FLAGS = ["kubeconfig", "context", "insecureSkipTlsVerify"] as const;

/** Exactly one of --spec and --from-cluster; the kubeconfig flags only with the latter. */
function checkSourceFlags(options: GenerateFlags): void {
  if (options.spec !== undefined && options.fromCluster) throw new GeneratorError("give either --spec or --from-cluster, not both");
  if (options.spec === undefined && !options.fromCluster) throw new GeneratorError("give --spec <file|url> or --from-cluster");
  const stray = options.fromCluster ? [] : CLUSTER_FLAGS.filter((flag) => options[flag] !== undefined);
  if (stray.length > 0) throw new GeneratorError(`--${stray.map(kebab).join(", --")} ${stray.length === 1 ? "applies" : "apply"} only with --from-cluster`);
}

function kebab(flag: string): string {
  return flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

async function generateOne(options: GenerateFlags) {
  const started = performance.now();
  checkSourceFlags(options);
  const { generate } = await import("./api.js");
  const result = await generate({
    ...(options.fromCluster ? { fromCluster: { kubeconfig: options.kubeconfig, context: options.context, insecureSkipTlsVerify: options.insecureSkipTlsVerify } } : { spec: options.spec }),
    out: options.out,
    name: options.name,
    kubernetes: options.kubernetes,
    timeoutSeconds: options.timeout,
  });
  for (const w of result.warnings) console.warn(`warning: ${w}`);
  console.log(`${options.name}: ${result.definitions} definitions, ${result.kinds} resource kinds, ${result.files} files in ${elapsed(started)} s → ${result.out}`);
}

async function generateFromCrdFiles(paths: string[], options: { out: string; name: string; kubernetes: string }) {
  const started = performance.now();
  const { generateFromCrds } = await import("./api.js");
  const result = await generateFromCrds({ crds: paths, out: options.out, name: options.name, kubernetes: options.kubernetes });
  for (const note of result.notes) console.warn(`note: ${note}`);
  for (const w of result.warnings) console.warn(`warning: ${w}`);
  console.log(`${options.name}: ${result.crds} CRDs, ${result.servedVersions} served versions, ${result.kinds} resource kinds, ${result.files} files in ${elapsed(started)} s → ${result.out}`);
}

function elapsed(started: number): string {
  return ((performance.now() - started) / 1000).toFixed(1);
}

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("expected a positive number of seconds");
  return n;
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a positive whole number");
  return n;
}

function minor(value: string): string {
  if (!/^v?\d+\.\d+$/.test(value)) throw new InvalidArgumentError('expected a Kubernetes minor such as "1.36"');
  return value.replace(/^v/, "");
}

export function buildProgram(): Command {
  const program = new Command("k8s-openapi-ts")
    .description("Generate TypeScript type packages, with resource constants, from Kubernetes OpenAPI v2 documents.")
    .version(GENERATOR_VERSION)
    .showHelpAfterError();

  program
    .command("generate-all")
    .description(`Generate one package per pinned Kubernetes version (specs/kubernetes.json) into ${"generated-types/"}.`)
    .option("--versions <list>", "comma-separated minors to generate, e.g. 1.30,1.36 (default: all pinned)")
    .option("--out <dir>", "output folder; each version goes to <dir>/v1.XX", DEFAULT_OUT)
    .option("--mirror <dir>", "folder holding the pinned files (v1.XX.swagger.json); default: $K8S_OPENAPI_TS_MIRROR, else ../shared/specs beside the repo when present")
    .option("--no-download", "never download; fail when a spec is neither cached nor in the mirror")
    .option("--timeout <seconds>", "give up on a download after this many seconds", seconds, 60)
    .option("--force", "regenerate every package, even those whose stamp (<out>/.v1.XX.stamp.json) says inputs are unchanged")
    .option("--jobs <n>", "threads to generate on (default: the number of cores)", positiveInteger)
    .action(async (options: GenerateAllOptions) => {
      await (await import("./generate-all.js")).generateAll(options);
    });

  program
    .command("generate")
    .description("Generate one package from any OpenAPI v2 document, or from the /openapi/v2 of a cluster (with its CRDs) reached through a kubeconfig (see docs/clusters.md).")
    .option("--spec <file|url>", "the OpenAPI v2 (Swagger 2.0) JSON document: a path or an http(s) URL")
    .option("--from-cluster", "read the document from the cluster of a kubeconfig context instead of --spec")
    .option("--kubeconfig <file>", "with --from-cluster: the kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)")
    .option("--context <name>", "with --from-cluster: the kubeconfig context (default: its current-context)")
    .option("--insecure-skip-tls-verify", "with --from-cluster: allow a cluster whose kubeconfig sets insecure-skip-tls-verify: true (refused otherwise)")
    .requiredOption("--out <dir>", "the package folder to create or replace")
    .requiredOption("--name <npm-name>", "the npm package name, e.g. @my-org/cluster-types")
    .option("--kubernetes <minor>", "the Kubernetes minor the document comes from (recorded in the package version)", minor)
    .option("--timeout <seconds>", "give up on a download after this many seconds", seconds, 60)
    .action(generateOne);

  program
    .command("crd")
    .description("Generate one package from CustomResourceDefinition manifests (YAML, read as kubectl reads it); ObjectMeta & co come from the Kubernetes package.")
    .argument("<paths...>", "YAML files or folders (searched recursively for .yaml, .yml and .json)")
    .requiredOption("--out <dir>", "the package folder to create or replace")
    .requiredOption("--name <npm-name>", "the npm package name, e.g. @my-org/cert-manager-types")
    .requiredOption("--kubernetes <minor>", "the pinned Kubernetes minor whose package (@k8s-openapi-ts/k8s-<minor>) provides ObjectMeta, e.g. 1.36", minor)
    .action(generateFromCrdFiles);

  program
    .command("check")
    .description("Check manifests against a pinned Kubernetes version: served, deprecated, and valid for its types (see docs/diff-and-check.md).")
    .argument("<paths...>", "YAML or JSON files or folders (searched recursively), or - for standard input")
    .requiredOption("--kubernetes <minor>", "the pinned Kubernetes minor to check against, e.g. 1.36", minor)
    .option("--crd <paths...>", "CustomResourceDefinition manifests: custom resources of their kinds are checked too")
    .option("--json", "print the report as JSON")
    .action(async (paths: string[], options: { kubernetes: string; crd?: string[]; json?: boolean }) => {
      outcome.code = await (await import("../check/check-command.js")).checkCommand(paths, options);
    });

  program
    .command("diff")
    .description("What changes between two Kubernetes versions: kinds, group-versions, fields, constants (see docs/diff-and-check.md).")
    .argument("<from>", "a pinned minor (1.28), a generated package folder, or an OpenAPI v2 document")
    .argument("<to>", "the same, for the other side")
    .option("--markdown", "print Markdown")
    .option("--json", "print JSON")
    .action(async (from: string, to: string, options: { markdown?: boolean; json?: boolean }) => {
      await (await import("../diff/diff-command.js")).diffCommand(from, to, options);
    });

  return program;
}

/** The exit code a command asks for (check: 1 when a document fails). */
const outcome = { code: 0 };

export async function main(argv: string[]): Promise<number> {
  try {
    outcome.code = 0;
    await buildProgram().parseAsync(argv);
    return outcome.code;
  } catch (error) {
    if (error instanceof GeneratorError) {
      console.error(`k8s-openapi-ts: ${error.format()}`);
      return 1;
    }
    console.error(`k8s-openapi-ts: internal error (please report): ${(error as Error).stack ?? String(error)}`);
    return 2;
  }
}
