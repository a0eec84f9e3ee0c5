// An application that installs Kubernetes 1.28 and 1.36 side by side, and a library written
// against the stable entry. Compiled for node16 ESM, node16 CommonJS and bundler resolution
// with skipLibCheck false, strict and exactOptionalPropertyTypes; then run.
import { PACKAGE_INFO as INFO_28 } from "@k8s-openapi-ts/k8s-1.28";
import { PACKAGE_INFO as INFO_36, type AnyResource, type ResourceOf } from "@k8s-openapi-ts/k8s-1.36";
import { Pod as Pod28, type PodList as PodList28 } from "@k8s-openapi-ts/k8s-1.28/core/v1";
import { Pod as Pod36, Service, type PodList as PodList36 } from "@k8s-openapi-ts/k8s-1.36/core/v1";
import { Deployment } from "@k8s-openapi-ts/k8s-1.36/apps/v1";
import type { WatchEvent } from "@k8s-openapi-ts/k8s-1.36/meta/v1";
import type { KubernetesObject as StableObject, ResourceDescriptor } from "@k8s-openapi-ts/k8s-1.28/stable";
import { collectionPath, describeObject, eventSummary, find, get, itemNames } from "./generic.js";

const pod28: Pod28 = { apiVersion: "v1", kind: "Pod", metadata: { name: "old", namespace: "a" }, spec: { containers: [{ name: "c", image: "nginx" }] } };
const pod36: Pod36 = { apiVersion: "v1", kind: "Pod", metadata: { name: "new", labels: { app: "web" } }, spec: { containers: [{ name: "c", image: "nginx" }] } };
const web: Deployment = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web" },
  spec: {
    selector: { matchLabels: { app: "web" } },
    template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "nginx", resources: { limits: { cpu: 0.5, memory: "64Mi" } } }] } },
  },
};
const sameType: ResourceOf<"apps/v1", "Deployment"> = web;
const anyResource: AnyResource = pod36;
const list28: PodList28 = { apiVersion: "v1", kind: "PodList", metadata: {}, items: [{ metadata: { name: "a" } }, pod28] };
const list36: PodList36 = { apiVersion: "v1", kind: "PodList", items: [pod36] };
const events: WatchEvent<Pod36>[] = [
  { type: "ADDED", object: pod36 },
  { type: "BOOKMARK", object: { metadata: { resourceVersion: "42" } } },
  { type: "ERROR", object: { apiVersion: "v1", kind: "Status", metadata: {}, status: "Failure", message: "too old", code: 410 } },
];

// Literal types of the constants.
const segment: "pods" = Pod36.URL_PATH_SEGMENT;
const scope: "namespaced" = Pod28.SCOPE;
const listKind: "PodList" = Pod28.LIST_KIND;
// Every version's constants and objects satisfy the stable interfaces.
const descriptors: ResourceDescriptor[] = [Pod28, Pod36, Deployment, Service];
const stableObjects: StableObject[] = [pod28, pod36, web, sameType, anyResource];
// The library's generic functions give back the application's own, version-specific types.
const found28: Pod28 | undefined = get(Pod28, stableObjects, "old");
const found36: Pod36 | undefined = find(Pod36, stableObjects, "new");
const labels = found36?.metadata.labels;

// Errors the compiler must report: each line below fails to compile without its directive.
function mustNotCompile(): void {
  // @ts-expect-error the kind of a Pod is "Pod"
  const wrongKind: Pod36 = { apiVersion: "v1", kind: "Service", metadata: {} };
  // @ts-expect-error exactOptionalPropertyTypes: an optional field is not `undefined`
  const explicitUndefined: Pod36 = { apiVersion: "v1", kind: "Pod", metadata: {}, spec: undefined };
  // @ts-expect-error excess property
  const excess: Pod36 = { apiVersion: "v1", kind: "Pod", metadata: {}, bogus: 1 };
  // @ts-expect-error the constants are readonly
  Pod36.KIND = "Other";
  // @ts-expect-error a Deployment found by the library is not a Pod
  const notAPod: Pod36 | undefined = get(Deployment, stableObjects, "web");
  // @ts-expect-error the library's object must match the constants' kind
  describeObject(Pod36, web);
  return void [wrongKind, explicitUndefined, excess, notAPod];
}

console.log(
  JSON.stringify({
    versions: [INFO_28.kubernetesVersion, INFO_36.kubernetesVersion],
    names: [INFO_28.name, INFO_36.name],
    constants: [Pod28.API_VERSION, Pod28.KIND, segment, scope, listKind, Pod36.LIST_KIND, Deployment.GROUP, Deployment.URL_PATH_SEGMENT],
    frozen: Object.isFrozen(Pod36) && Object.isFrozen(Pod36.VERBS),
    paths: descriptors.map((d) => collectionPath(d, "ns")),
    described: [describeObject(Pod28, pod28), describeObject(Pod36, pod36), describeObject(Deployment, web)],
    found: [found28?.metadata.name, found36?.metadata.name, labels?.["app"]],
    items: [...itemNames(list28), ...itemNames(list36)],
    events: events.map(eventSummary),
    metadata: Pod36.metadata(pod36).name,
    check: typeof mustNotCompile,
  }),
);
