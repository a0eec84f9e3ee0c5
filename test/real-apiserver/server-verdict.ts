// The API server's verdict on each corpus document: a create with dryRun=All and
// fieldValidation=Strict, made by the generic client from the kind's package constants
// (the 1.36 package for built-in kinds, the corpus CRD package for custom resources).
// Nothing is stored, except the namespaces the documents name, created for real first.
import { cluster, KubeApiError, namespaced, type AnyDescriptor, type ClusterDescriptor, type KubeClient, type KubeObject, type NamespacedDescriptor, type StatusCause } from "../../client/src/index.js";
import { loadKinds } from "../client/load-constants.js";
import type { CrdObject } from "./crd-install.js";
import type { CorpusDocument } from "./corpus-documents.js";

export interface ServerVerdict {
  accepts: boolean;
  /** HTTP status code of a refusal. */
  code?: number;
  /** Status.reason of a refusal: "Invalid", "BadRequest", "AlreadyExists", "NotFound", … */
  reason?: string;
  message?: string;
  causes?: StatusCause[];
}

/** Where a document goes: its kind's constants, and the namespace of a namespaced kind. */
export interface Target {
  descriptor: AnyDescriptor;
  namespace: string | undefined;
}

/**
 * The constants of every kind the server can be asked about: the 1.36 package's kinds, the
 * CRD package's kinds, and, for a version a corpus CRD declares but does not serve (so no
 * package has a type or constants for it), constants made from the CRD itself, so the server
 * is still asked and says what it says about that version.
 */
export async function descriptorIndex(crdPackageKinds: Map<string, AnyDescriptor>, crds: CrdObject[]): Promise<Map<string, AnyDescriptor>> {
  const index = new Map<string, AnyDescriptor>();
  for (const { entry, descriptor } of await loadKinds("1.36")) index.set(`${entry.apiVersion} ${entry.kind}`, descriptor);
  for (const [key, descriptor] of crdPackageKinds) index.set(key, descriptor);
  for (const crd of crds) {
    const spec = crd.spec as CrdObject["spec"] & { names: { plural: string }; scope: string };
    for (const version of spec.versions.filter((v) => !v.served)) {
      const key = `${spec.group}/${version.name} ${spec.names.kind}`;
      if (index.has(key)) continue;
      index.set(key, {
        API_VERSION: `${spec.group}/${version.name}`,
        GROUP: spec.group,
        VERSION: version.name,
        KIND: spec.names.kind,
        URL_PATH_SEGMENT: spec.names.plural,
        SCOPE: spec.scope === "Namespaced" ? "namespaced" : "cluster",
        VERBS: ["create"],
        SUBRESOURCES: [],
        PATCH_TYPES: [],
        metadata: (object: KubeObject) => object.metadata,
      } as unknown as AnyDescriptor);
    }
  }
  return index;
}

/** The kind's constants and the namespace a document is created in ("default" when it names none, as kubectl); none for a kind that cannot be created. */
export function targetOf(document: CorpusDocument, index: Map<string, AnyDescriptor>): Target | undefined {
  const descriptor = index.get(`${document.apiVersion} ${document.kind}`);
  if (!descriptor || descriptor.SCOPE === "subresource") return undefined;
  return { descriptor, namespace: descriptor.SCOPE === "namespaced" ? (document.namespace ?? "default") : undefined };
}

/** One dry-run create; a refusal is a verdict, any other failure (network, timeout) is thrown. */
export async function judge(client: KubeClient, document: CorpusDocument, target: Target): Promise<ServerVerdict> {
  const requests =
    target.namespace !== undefined
      ? namespaced(target.descriptor as NamespacedDescriptor<KubeObject>, target.namespace)
      : cluster(target.descriptor as ClusterDescriptor<KubeObject>);
  try {
    await client.request(requests.create(document.value as unknown as KubeObject, { dryRun: true, fieldValidation: "Strict" }));
    return { accepts: true };
  } catch (error) {
    if (!(error instanceof KubeApiError)) throw error;
    return { accepts: false, code: error.code, reason: error.reason, message: error.status.message ?? "", causes: error.details?.causes ?? [] };
  }
}

/** Judges documents with at most `parallel` requests in flight; verdicts in the documents' order. */
export async function judgeAll(client: KubeClient, jobs: { document: CorpusDocument; target: Target }[], parallel = 8): Promise<ServerVerdict[]> {
  const verdicts: ServerVerdict[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      verdicts[i] = await judge(client, jobs[i]!.document, jobs[i]!.target);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, jobs.length) }, worker));
  return verdicts;
}

/** Creates namespaces for real (an existing one is fine). */
export async function createNamespaces(client: KubeClient, index: Map<string, AnyDescriptor>, names: Iterable<string>): Promise<void> {
  const requests = cluster(index.get("v1 Namespace") as ClusterDescriptor<KubeObject>);
  for (const name of names) {
    try {
      await client.request(requests.create({ apiVersion: "v1", kind: "Namespace", metadata: { name } } as KubeObject));
    } catch (error) {
      if (!(error instanceof KubeApiError && error.reason === "AlreadyExists")) throw error;
    }
  }
}
