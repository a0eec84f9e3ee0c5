// A library written only against @k8s-openapi-ts/stable: it never names a Kubernetes version,
// and must accept the objects and constants of whichever k8s-1.XX the application installed.
import type { KubernetesList, KubernetesObject, ObjectOf, ResourceDescriptor, WatchEvent } from "@k8s-openapi-ts/stable";

export function collectionPath(kind: ResourceDescriptor, namespace?: string): string {
  const root = kind.GROUP === "" ? `/api/${kind.VERSION}` : `/apis/${kind.GROUP}/${kind.VERSION}`;
  const ns = kind.SCOPE === "namespaced" && namespace !== undefined ? `/namespaces/${encodeURIComponent(namespace)}` : "";
  return `${root}${ns}/${kind.URL_PATH_SEGMENT}`;
}

export function describeObject<T extends KubernetesObject>(kind: ResourceDescriptor<T>, object: T): string {
  const name = kind.metadata?.(object)?.name ?? "?";
  return `${kind.KIND}/${name} (${kind.LIST_KIND ?? "no list"}, ${kind.VERBS.length} verbs)`;
}

/** Finds an object of the kind by name; the result has the application's own type. */
export function find<D extends ResourceDescriptor>(kind: D, objects: readonly KubernetesObject[], name: string): ObjectOf<D> | undefined {
  const hit = objects.find((o) => o.apiVersion === kind.API_VERSION && o.kind === kind.KIND && o.metadata?.name === name);
  return hit as ObjectOf<D> | undefined;
}

export function get<T extends KubernetesObject>(kind: ResourceDescriptor<T>, objects: readonly KubernetesObject[], name: string): T | undefined {
  return find(kind, objects, name) as T | undefined;
}

export function itemNames(list: KubernetesList): string[] {
  return list.items.map((item) => item.metadata?.name ?? "?");
}

export function eventSummary(event: WatchEvent): string {
  switch (event.type) {
    case "ADDED":
    case "MODIFIED":
    case "DELETED":
      return `${event.type} ${event.object.kind}/${event.object.metadata?.name ?? "?"}`;
    case "BOOKMARK":
      return `BOOKMARK ${event.object.metadata.resourceVersion}`;
    case "ERROR":
      return `ERROR ${event.object.message ?? ""}`;
  }
}
