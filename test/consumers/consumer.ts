// A consumer of one generated package, compiled under `strict` for every version by
// test/packages/consumer.test.ts (which replaces the package name). Each @ts-expect-error
// line is an invariant the types must enforce: if it stopped being an error, tsc fails.
import { Binding, Namespace, Pod, type PodList } from "@k8s-openapi-ts/k8s-1.36/core/v1";
import { Deployment } from "@k8s-openapi-ts/k8s-1.36/apps/v1";
import type { WatchEvent } from "@k8s-openapi-ts/k8s-1.36/meta/v1";
import type { ResourceOf } from "@k8s-openapi-ts/k8s-1.36";

export const pod: Pod = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "web", labels: { app: "web" }, creationTimestamp: null },
  spec: {
    containers: [{ name: "web", image: "nginx", ports: [{ containerPort: 80 }], resources: { limits: { cpu: 0.5, memory: "64Mi" } } }],
  },
};

// Constants are literal types, so generic code can constrain on them at compile time.
export const kind: "Pod" = Pod.KIND;
export const plural: "pods" = Pod.URL_PATH_SEGMENT;
export const scope: "namespaced" = Pod.SCOPE;
export const listKind: "PodList" = Pod.LIST_KIND;
export const nsScope: "cluster" = Namespace.SCOPE;
export const deploymentApiVersion: "apps/v1" = Deployment.API_VERSION;
export const group: "apps" = Deployment.GROUP;
// Optional fields accept null (the API treats null as absent), so reads see `| null` too.
export const name: string | null | undefined = Pod.metadata(pod).name;

interface NamespacedKind {
  readonly SCOPE: "namespaced";
  readonly GROUP: string;
  readonly VERSION: string;
  readonly URL_PATH_SEGMENT: string;
}
export function collectionPath(kind: NamespacedKind, namespace: string): string {
  const root = kind.GROUP === "" ? `/api/${kind.VERSION}` : `/apis/${kind.GROUP}/${kind.VERSION}`;
  return `${root}/namespaces/${namespace}/${kind.URL_PATH_SEGMENT}`;
}
collectionPath(Pod, "default");
collectionPath(Deployment, "default");
// @ts-expect-error a cluster-scoped kind where a namespaced one is required
collectionPath(Namespace, "default");

export const deployment: ResourceOf<"apps/v1", "Deployment"> = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web" },
  spec: { selector: { matchLabels: { app: "web" } }, template: { spec: { containers: [{ name: "web" }] } }, strategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: "25%" } } },
};

export const list: PodList = { apiVersion: "v1", kind: "PodList", metadata: { resourceVersion: "1" }, items: [{ metadata: { name: "a" }, spec: { containers: [] } }] };

export function describeEvent(event: WatchEvent<Pod>): string {
  switch (event.type) {
    case "ADDED":
    case "MODIFIED":
    case "DELETED":
      return event.object.metadata.name ?? "";
    case "BOOKMARK":
      return event.object.metadata.resourceVersion;
    case "ERROR":
      return event.object.message ?? "";
  }
}

// @ts-expect-error a wrong kind literal
export const wrongKind: Pod = { apiVersion: "v1", kind: "Service", metadata: {} };
// @ts-expect-error a wrong apiVersion literal
export const wrongApiVersion: Deployment = { apiVersion: "apps/v1beta1", kind: "Deployment", metadata: {} };
// @ts-expect-error a missing required field (containers)
export const noContainers: Pod = { apiVersion: "v1", kind: "Pod", metadata: {}, spec: {} };
// @ts-expect-error an unknown field
export const unknownField: Pod = { apiVersion: "v1", kind: "Pod", metadata: {}, spec: { containers: [], hostname2: "x" } };
// @ts-expect-error metadata is required on a resource
export const noMetadata: Pod = { apiVersion: "v1", kind: "Pod" };
// A kind without a list (Binding: create only, in every pinned version) has no LIST_KIND;
// it has the other constants, and a kind with a list has one.
export const bindingKind: "Binding" = Binding.KIND;
// @ts-expect-error a kind without a list has no LIST_KIND
export const bindingListKind = Binding.LIST_KIND;
type HasListKind<K> = "LIST_KIND" extends keyof K ? true : false;
export const bindingHasNoListKind: HasListKind<typeof Binding> = false;
export const podHasListKind: HasListKind<typeof Pod> = true;
// @ts-expect-error a constant that does not exist (a typo'd URL_PATH_SEGMENT)
export const missingConstant = Pod.PLURAL;
// @ts-expect-error a string where IntOrString's number | string is fine but an object is not
export const badPort: Pod = { apiVersion: "v1", kind: "Pod", metadata: {}, spec: { containers: [{ name: "a", livenessProbe: { httpGet: { port: {} } } }] } };
