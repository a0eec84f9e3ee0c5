// Installs CustomResourceDefinitions into a live API server with the generic client and the
// 1.36 package's constants, and waits until the server serves them: Established, and
// published in /openapi/v2 (the document is rebuilt asynchronously after a CRD changes).
import { readManifests } from "../../generator/crd/read-manifests.js";
import type { SwaggerDocument } from "../../generator/spec-types.js";
import { cluster, type AnyDescriptor, type ClusterDescriptor, type KubeObject } from "../../client/src/index.js";
import { loadKinds } from "../client/load-constants.js";
import { getRaw, type LiveServer } from "./harness.js";

interface CrdVersion {
  name: string;
  served: boolean;
  deprecated?: boolean;
}
export interface CrdObject extends KubeObject {
  metadata: { name: string };
  spec: { group: string; names: { kind: string; listKind?: string }; versions: CrdVersion[] };
  status?: { conditions?: { type: string; status: string; message?: string }[] };
}

const isCrd = (value: unknown): value is CrdObject =>
  typeof value === "object" && value !== null && (value as KubeObject).apiVersion === "apiextensions.k8s.io/v1" && (value as KubeObject).kind === "CustomResourceDefinition";

/** The CRDs of manifest files or folders, read as the generator reads them. */
export async function readCrds(inputs: string[]): Promise<CrdObject[]> {
  const { documents } = await readManifests(inputs);
  return documents.map((d) => d.value).filter(isCrd);
}

/** Definition names /openapi/v2 gives a CRD's served versions: reversed group, version, kind. */
export function publishedDefinitionNames(crd: CrdObject): string[] {
  const group = crd.spec.group.split(".").reverse().join(".");
  return crd.spec.versions.filter((v) => v.served).map((v) => `${group}.${v.name}.${crd.spec.names.kind}`);
}

async function crdDescriptor(minor: string): Promise<ClusterDescriptor<CrdObject>> {
  const kinds = await loadKinds(minor);
  const found = kinds.find((k) => k.entry.apiVersion === "apiextensions.k8s.io/v1" && k.entry.kind === "CustomResourceDefinition");
  if (!found) throw new Error(`the ${minor} package has no apiextensions.k8s.io/v1 CustomResourceDefinition`);
  return found.descriptor as AnyDescriptor as unknown as ClusterDescriptor<CrdObject>;
}

async function poll<T>(what: string, timeoutMs: number, attempt: () => Promise<T | undefined>, intervalMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await attempt();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * Creates every CRD (the package minor's constants give the URL), waits until each is
 * Established and until /openapi/v2 has a definition for each served version; returns that document.
 */
export async function installCrds(server: LiveServer, crds: CrdObject[], timeoutMs = 120_000): Promise<SwaggerDocument> {
  const client = server.admin();
  const requests = cluster(await crdDescriptor(server.minor));
  for (const crd of crds) await client.request(requests.create(crd));
  for (const crd of crds) {
    await poll(`CRD ${crd.metadata.name} to be Established`, timeoutMs, async () => {
      const current = await client.request(requests.get(crd.metadata.name));
      const conditions = current.status?.conditions ?? [];
      const refused = conditions.find((c) => c.type === "NamesAccepted" && c.status === "False");
      if (refused) throw new Error(`CRD ${crd.metadata.name}: names not accepted: ${refused.message ?? ""}`);
      return conditions.some((c) => c.type === "Established" && c.status === "True") ? true : undefined;
    });
  }
  const expected = crds.flatMap(publishedDefinitionNames);
  return poll(`/openapi/v2 to publish ${expected.length} CRD definitions`, timeoutMs, async () => {
    const document = JSON.parse(await getRaw(server, "/openapi/v2")) as SwaggerDocument;
    return expected.every((name) => name in document.definitions) ? document : undefined;
    // The document is megabytes: fetching and parsing it 4 times a second slowed the server's own rebuild of it.
  }, 2_000);
}
