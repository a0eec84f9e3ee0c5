// List, then watch, any resource kind given only its constants. Run against a cluster:
//   K8S_API=https://127.0.0.1:6443 K8S_TOKEN=… K8S_CA=ca.crt npx tsx list-watch.ts [namespace]
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { Pod } from "@k8s-openapi-ts/k8s-1.36/core/v1";
import { allNamespaces, cluster, KubeClient, namespaced, reflector, Store, watcher, type AnyDescriptor, type KubeObject } from "@k8s-openapi-ts/client";

/** Generic over the kind: lists and watches it, prints every change, keeps a queryable store. */
export async function listAndWatch<K extends KubeObject>(client: KubeClient, kind: AnyDescriptor<K>, namespace?: string, signal?: AbortSignal): Promise<Store<K>> {
  if (kind.SCOPE === "subresource") throw new Error(`${kind.KIND} exists only as a subresource`);
  const requests = kind.SCOPE === "cluster" ? cluster(kind) : namespace ? namespaced(kind, namespace) : allNamespaces(kind);
  const store = new Store<K>();
  for await (const event of reflector(store, watcher(client, requests, signal ? { signal } : {}))) {
    if (event.type === "InitDone") console.log(`${store.size} ${kind.KIND} objects at resourceVersion ${event.resourceVersion}`);
    if (event.type === "Apply" || event.type === "Delete") {
      const { namespace: ns, name, resourceVersion } = event.object.metadata ?? {};
      console.log(`${event.type} ${kind.KIND} ${ns ? `${ns}/` : ""}${name} @${resourceVersion}`);
    }
  }
  return store;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { K8S_API = "https://127.0.0.1:6443", K8S_TOKEN, K8S_CA, K8S_WATCH_SECONDS } = process.env;
  const client = new KubeClient({ baseUrl: K8S_API, ...(K8S_TOKEN ? { token: K8S_TOKEN } : {}), ...(K8S_CA ? { ca: readFileSync(K8S_CA) } : {}) });
  const signal = K8S_WATCH_SECONDS ? AbortSignal.timeout(Number(K8S_WATCH_SECONDS) * 1000) : undefined;
  await listAndWatch(client, Pod, process.argv[2], signal); // any kind: Deployment, Node, a CRD's constants…
}
