// The programmatic API (the package's `import { generate, generateFromCrds } from
// "k8s-openapi-ts"`), for build scripts; the CLI's `generate` and `crd` commands are thin
// wrappers around it. Each call writes one package folder the way the CLI does: checked
// writable and replaceable first, staged, then put in place whole — a failure leaves the
// folder as it was and throws a GeneratorError naming the file (and JSON pointer).
import { basename, dirname, resolve } from "node:path";
import { GeneratorError } from "../errors.js";
import { readSource } from "../load/read-document.js";
import { sha256 } from "../load/pinned-specs.js";
import { generatePackage, type GenerateResult } from "../pipeline.js";
import { checkReplaceable, checkWritable, writePackages } from "../write/write-output.js";

/** Where a cluster's `/openapi/v2` is read from: a kubeconfig context, found as kubectl finds it. */
export interface ClusterSource {
  /** The kubeconfig file (default: `$KUBECONFIG`, which may list several files, else `~/.kube/config`). */
  kubeconfig?: string;
  /** The context (default: the kubeconfig's current-context). */
  context?: string;
  /** Allow a context whose cluster sets `insecure-skip-tls-verify: true` (refused otherwise). */
  insecureSkipTlsVerify?: boolean;
}

export interface GenerateOptions {
  /** The OpenAPI v2 (Swagger 2.0) JSON document: a file path or an http(s) URL. Give this or `fromCluster`. */
  spec?: string;
  /** Read the document from a cluster instead (`true`: the default kubeconfig and context). */
  fromCluster?: true | ClusterSource;
  /** The package folder to create or replace (only a folder this generator wrote is replaced). */
  out: string;
  /** The npm package name, e.g. `@my-org/cluster-types`. */
  name: string;
  /** The Kubernetes minor the document comes from, e.g. "1.36" (recorded in the package version). */
  kubernetes?: string;
  /** Give up on a download or a cluster request after this many seconds (default 60). */
  timeoutSeconds?: number;
}

export interface GenerateSummary {
  name: string;
  /** The package folder, absolute. */
  out: string;
  definitions: number;
  /** Resource kinds (with constants and a metadata accessor). */
  kinds: number;
  files: number;
  warnings: string[];
}

export interface GenerateFromCrdsOptions {
  /** CustomResourceDefinition manifests: YAML or JSON files, or folders searched recursively. */
  crds: string[];
  out: string;
  name: string;
  /** The pinned Kubernetes minor whose package (`@k8s-openapi-ts/k8s-<minor>`) provides ObjectMeta & co, e.g. "1.36". */
  kubernetes: string;
}

export interface CrdSummary extends GenerateSummary {
  /** CustomResourceDefinitions read. */
  crds: number;
  /** Their served versions (one kind each). */
  servedVersions: number;
  /** What was skipped or noted (unserved versions, …). */
  notes: string[];
}

const DEFAULT_TIMEOUT_SECONDS = 60;

/** Generates one package from an OpenAPI v2 document or from a cluster's `/openapi/v2`. */
export async function generate(options: GenerateOptions): Promise<GenerateSummary> {
  if ((options.spec === undefined) === (options.fromCluster === undefined)) {
    throw new GeneratorError(options.spec === undefined ? "give a spec (file or URL) or fromCluster" : "give either a spec or fromCluster, not both");
  }
  const timeoutMs = (options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
  const warnings: string[] = [];
  const { summary } = await writeOne(options, warnings, async () => {
    const source = options.spec !== undefined ? await readSpec(options.spec, timeoutMs) : await readCluster(options.fromCluster === true ? {} : options.fromCluster!, timeoutMs, warnings);
    return generatePackage({
      bytes: source.bytes,
      file: source.file,
      name: options.name,
      ...(options.kubernetes ? { kubernetesVersion: options.kubernetes.replace(/^v/, "") } : {}),
      sourceDescription: source.description,
      sha256: sha256(source.bytes),
    });
  });
  return summary;
}

/** Generates one package from CustomResourceDefinition manifests, on top of a pinned Kubernetes package. */
export async function generateFromCrds(options: GenerateFromCrdsOptions): Promise<CrdSummary> {
  const { generateCrdPackage } = await import("../crd/generate-crd.js");
  const { summary, result } = await writeOne(options, [], () => generateCrdPackage({ inputs: options.crds, name: options.name, kubernetes: options.kubernetes.replace(/^v/, "") }));
  return { ...summary, crds: result.crds.length, servedVersions: result.crds.flatMap((c) => c.versions.filter((v) => v.served)).length, notes: result.notes };
}

/** The document's bytes and how the package describes where they came from. */
interface Source {
  bytes: Buffer;
  file: string;
  description: string;
}

async function readSpec(spec: string, timeoutMs: number): Promise<Source> {
  return { bytes: await readSource(spec, timeoutMs), file: spec, description: `the OpenAPI v2 document ${basename(spec)}` };
}

async function readCluster(cluster: ClusterSource, timeoutMs: number, warnings: string[]): Promise<Source> {
  const { readClusterDocument } = await import("../load/from-cluster.js");
  const read = await readClusterDocument({ kubeconfig: cluster.kubeconfig, context: cluster.context, insecureSkipTlsVerify: cluster.insecureSkipTlsVerify, timeoutMs });
  if (read.insecure) warnings.push(`TLS verification was skipped for ${read.url} (the kubeconfig's context "${read.context}" sets insecure-skip-tls-verify, allowed by --insecure-skip-tls-verify)`);
  return { bytes: read.bytes, file: read.url, description: `the OpenAPI v2 document served at ${read.url}` };
}

/** Checks the output folder first (so a mistyped --out fails before any work), generates, writes. */
async function writeOne<R extends GenerateResult>(target: { out: string; name: string }, warnings: string[], produce: () => Promise<R>): Promise<{ summary: GenerateSummary; result: R }> {
  const out = resolve(target.out);
  await checkWritable(out);
  // The package is staged beside its parent folder (writePackages' root): recover leftovers there.
  await checkWritable(dirname(out));
  checkReplaceable(out); // never replace a folder that is not a generated package (a mistyped --out .)
  const result = await produce();
  await writePackages(dirname(out), new Map([[basename(out), result.files]]));
  const summary = { name: target.name, out, definitions: result.model.definitions.size, kinds: result.model.resources.length, files: result.files.size, warnings: [...warnings, ...result.warnings] };
  return { summary, result };
}
