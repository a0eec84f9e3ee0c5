// A watcher as in kube-runtime: list, then watch from the list's resourceVersion, follow
// bookmarks, restart when the server closes the watch, re-list on 410 Gone. And a
// reflector store that a reader can query.
import type { KubeClient } from "./client.js";
import { GoneError } from "./errors.js";
import type { ListWatchRequests } from "./request.js";
import type { KubeObject, WatchEvent } from "./types.js";

/**
 * What a watcher emits. A (re-)list is framed by `Init` … `InitDone`: the objects in
 * between (`InitApply`) are the complete state at `InitDone.resourceVersion`, replacing
 * everything seen before — anything not among them was deleted meanwhile. After that,
 * `Apply` (added or modified) and `Delete` follow the watch.
 */
export type WatcherEvent<K> =
  | { type: "Init" }
  | { type: "InitApply"; object: K }
  | { type: "InitDone"; resourceVersion: string }
  | { type: "Apply"; object: K }
  | { type: "Delete"; object: K };

export interface WatcherOptions {
  labelSelector?: string | undefined;
  fieldSelector?: string | undefined;
  /** Page size of the list (limit/continue). Default 500. */
  pageSize?: number | undefined;
  /** timeoutSeconds of each watch request; the server closes the watch then and the watcher re-watches. Default 290. */
  timeoutSeconds?: number | undefined;
  /** Stops the watcher (the iteration ends quietly). */
  signal?: AbortSignal | undefined;
  /** Called with every resourceVersion the watcher moves to (list, event, bookmark): for tests and metrics. */
  onResourceVersion?: ((resourceVersion: string, source: "list" | "event" | "bookmark") => void) | undefined;
}

function resourceVersionOf(object: KubeObject): string | undefined {
  return object.metadata?.resourceVersion ?? undefined;
}

/**
 * Lists and watches the kind of `requests` (a namespace's or cluster's
 * {@link ResourceRequests}, or {@link AllNamespacesRequests}). Errors other than 410 end
 * the iteration with the error: no silent retry; the caller decides on backoff.
 */
export async function* watcher<K extends KubeObject>(client: KubeClient, requests: ListWatchRequests<K>, options: WatcherOptions = {}): AsyncGenerator<WatcherEvent<K>, void, undefined> {
  const { labelSelector, fieldSelector, signal } = options;
  const selectors = { ...(labelSelector === undefined ? {} : { labelSelector }), ...(fieldSelector === undefined ? {} : { fieldSelector }) };
  const pageSize = options.pageSize ?? 500;
  const timeoutSeconds = options.timeoutSeconds ?? 290;
  const call = signal ? { signal } : {};
  try {
    relist: while (!signal?.aborted) {
      // --- list, page by page; an expired continue token (410) restarts the list.
      yield { type: "Init" };
      let resourceVersion: string | undefined;
      let cont: string | undefined;
      do {
        let page;
        try {
          page = await client.request(requests.list({ ...selectors, limit: pageSize, ...(cont === undefined ? {} : { continue: cont }) }), call);
        } catch (error) {
          if (error instanceof GoneError && cont !== undefined) continue relist;
          throw error;
        }
        for (const object of page.items) yield { type: "InitApply", object };
        cont = page.metadata?.continue || undefined;
        resourceVersion = page.metadata?.resourceVersion ?? undefined;
      } while (cont !== undefined);
      if (resourceVersion === undefined) throw new Error(`list of ${requests.descriptor.KIND} returned no resourceVersion`);
      let current: string = resourceVersion;
      options.onResourceVersion?.(current, "list");
      yield { type: "InitDone", resourceVersion: current };

      // --- watch from there; re-watch when the server closes the stream.
      while (!signal?.aborted) {
        try {
          const stream: AsyncIterable<WatchEvent<K>> = client.watch(requests.watch({ ...selectors, resourceVersion: current, allowWatchBookmarks: true, timeoutSeconds }), call);
          for await (const event of stream) {
            if (event.type === "BOOKMARK") {
              current = event.object.metadata.resourceVersion;
              options.onResourceVersion?.(current, "bookmark");
              continue;
            }
            if (event.type === "ERROR") continue; // the client throws these; kept for exhaustiveness
            current = resourceVersionOf(event.object) ?? current;
            options.onResourceVersion?.(current, "event");
            yield event.type === "DELETED" ? { type: "Delete", object: event.object } : { type: "Apply", object: event.object };
          }
        } catch (error) {
          if (error instanceof GoneError) continue relist;
          throw error;
        }
      }
    }
  } catch (error) {
    if (signal?.aborted) return;
    throw error;
  }
}

function keyOf(object: KubeObject): string {
  const name = object.metadata?.name;
  if (!name) throw new TypeError(`${object.kind} without metadata.name`);
  return `${object.metadata?.namespace ?? ""}/${name}`;
}

/** The state a watcher has seen, queryable at any time. Feed it with {@link reflector}. */
export class Store<K extends KubeObject> {
  private objects = new Map<string, K>();
  private building: Map<string, K> | undefined;
  private resolveReady!: () => void;
  /** Resolves at the first `InitDone`: from then on the store holds a complete state. */
  readonly ready: Promise<void> = new Promise((resolve) => (this.resolveReady = resolve));
  /** resourceVersion of the last list the store was built from. */
  listResourceVersion: string | undefined;

  apply(event: WatcherEvent<K>): void {
    switch (event.type) {
      case "Init":
        this.building = new Map();
        break;
      case "InitApply":
        (this.building ?? this.objects).set(keyOf(event.object), event.object);
        break;
      case "InitDone":
        if (this.building) this.objects = this.building;
        this.building = undefined;
        this.listResourceVersion = event.resourceVersion;
        this.resolveReady();
        break;
      case "Apply":
        this.objects.set(keyOf(event.object), event.object);
        break;
      case "Delete":
        this.objects.delete(keyOf(event.object));
        break;
    }
  }

  /** An object by name (and namespace, for namespaced kinds). */
  get(name: string, namespace?: string): K | undefined {
    return this.objects.get(`${namespace ?? ""}/${name}`);
  }

  /** Every object, sorted by namespace and name. */
  list(): K[] {
    return [...this.objects.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, object]) => object);
  }

  get size(): number {
    return this.objects.size;
  }
}

/** Passes a watcher's events through, applying each to `store` first. */
export async function* reflector<K extends KubeObject>(store: Store<K>, events: AsyncIterable<WatcherEvent<K>>): AsyncGenerator<WatcherEvent<K>, void, undefined> {
  for await (const event of events) {
    store.apply(event);
    yield event;
  }
}
