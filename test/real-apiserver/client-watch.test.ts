// 4c. Watches, for real: bookmarks, resuming from a resourceVersion, 410 Gone after an etcd
// compaction (and the watcher's re-list), and a seeded run of random changes that ends with the
// reflector's store equal to the server's list. ConfigMaps are watched straight from etcd
// (--watch-cache-sizes=configmaps#0), so a compacted revision is gone for good and the server
// answers 410 at once; Secrets keep the watch cache, which is what sends bookmarks.
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  cluster,
  GoneError,
  KubeApiError,
  type KubeClient,
  type KubeObject,
  namespaced,
  reflector,
  Store,
  watcher,
  type ClusterDescriptor,
  type NamespacedDescriptor,
  type ObjectMetaLike,
  type WatchEvent,
  type WatcherEvent,
} from "../../client/src/index.js";
import { loadKinds } from "../client/load-constants.js";
import { startApiServer, type LiveServer } from "./harness.js";
import { describeWithApiServer } from "./support.js";

const MINOR = "1.36";
const SEED = 0x4c4c;
const CHANGES = 80;

interface ConfigMap extends KubeObject {
  apiVersion: "v1";
  kind: "ConfigMap";
  metadata: ObjectMetaLike;
  data?: Record<string, string> | null;
}
interface Secret extends KubeObject {
  apiVersion: "v1";
  kind: "Secret";
  metadata: ObjectMetaLike;
  stringData?: Record<string, string>;
}

/** mulberry32: a small seeded PRNG, so a failing run can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describeWithApiServer(MINOR, `Kubernetes ${MINOR}: watches against a live server (4c)`, () => {
  let server: LiveServer;
  let client: KubeClient;
  let ConfigMapK: NamespacedDescriptor<ConfigMap>;
  let SecretK: NamespacedDescriptor<Secret>;

  const cm = (name: string, labels: Record<string, string> = {}, data: Record<string, string> = {}): ConfigMap => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, labels }, data });

  /** Compacts etcd up to `revision` through its gRPC gateway: older revisions are gone. */
  async function compact(revision: string): Promise<void> {
    const response = await fetch(`${server.etcdUrl}/v3/kv/compaction`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ revision, physical: true }) });
    expect(response.status).toBe(200);
  }
  async function newNamespace(name: string): Promise<void> {
    const kinds = await loadKinds(MINOR);
    const NamespaceK = kinds.find((k) => k.entry.apiVersion === "v1" && k.entry.kind === "Namespace")!.descriptor as ClusterDescriptor;
    await client.request(cluster(NamespaceK).create({ apiVersion: "v1", kind: "Namespace", metadata: { name } }));
  }

  beforeAll(async () => {
    server = startApiServer(MINOR, ["--watch-cache-sizes=configmaps#0"]);
    client = server.admin();
    const kinds = await loadKinds(MINOR);
    const find = (kind: string) => kinds.find((k) => k.entry.apiVersion === "v1" && k.entry.kind === kind)!.descriptor;
    ConfigMapK = find("ConfigMap") as NamespacedDescriptor<ConfigMap>;
    SecretK = find("Secret") as NamespacedDescriptor<Secret>;
  });
  afterAll(() => server?.stop());

  it("sends bookmarks when asked (allowWatchBookmarks), and none when not", async () => {
    await newNamespace("bookmarks");
    await newNamespace("elsewhere");
    const secrets = namespaced(SecretK, "bookmarks");
    const elsewhere = namespaced(SecretK, "elsewhere");
    await client.request(secrets.create({ apiVersion: "v1", kind: "Secret", metadata: { name: "s1" }, stringData: { k: "v" } }));
    const rv = (await client.request(secrets.list())).metadata!.resourceVersion!;
    // The watch cache sends a bookmark 2 s before the watch's timeout (and about every minute),
    // when it has seen a resourceVersion beyond the watch's: a Secret in another namespace,
    // which this watch does not show, moves it on.
    const collect = async (allowWatchBookmarks: boolean, other: string) => {
      const events: WatchEvent<Secret>[] = [];
      const change = new Promise((r) => setTimeout(r, 500)).then(() => client.request(elsewhere.create({ apiVersion: "v1", kind: "Secret", metadata: { name: other } })));
      for await (const event of client.watch(secrets.watch({ resourceVersion: rv, allowWatchBookmarks, timeoutSeconds: 5 }))) events.push(event);
      return { events, otherRv: BigInt((await change).metadata!.resourceVersion!) };
    };
    const withBookmarks = await collect(true, "other-1");
    const bookmarks = withBookmarks.events.filter((e) => e.type === "BOOKMARK");
    expect(withBookmarks.events.length).toBe(bookmarks.length); // nothing else happened in "bookmarks"
    expect(bookmarks.length).toBeGreaterThanOrEqual(1);
    for (const b of bookmarks) {
      expect(b.object.kind).toBe("Secret");
      expect(BigInt(b.object.metadata.resourceVersion)).toBeGreaterThanOrEqual(withBookmarks.otherRv);
    }
    expect((await collect(false, "other-2")).events).toEqual([]);
  });

  it("sends the initial state then a bookmark annotated initial-events-end (sendInitialEvents)", async () => {
    const secrets = namespaced(SecretK, "bookmarks");
    const events: WatchEvent<Secret>[] = [];
    for await (const event of client.watch(secrets.watch({ sendInitialEvents: true, resourceVersionMatch: "NotOlderThan", allowWatchBookmarks: true, timeoutSeconds: 10 }))) {
      events.push(event);
      if (event.type === "BOOKMARK") break;
    }
    expect(events.map((e) => e.type)).toEqual(["ADDED", "BOOKMARK"]);
    expect(events[0]!.object).toMatchObject({ kind: "Secret", metadata: { name: "s1" } });
    expect((events[1]!.object as { metadata: { annotations?: Record<string, string> } }).metadata.annotations?.["k8s.io/initial-events-end"]).toBe("true");
  });

  it("resumes from a resourceVersion: exactly the changes after it, in order", async () => {
    await newNamespace("resume");
    const cms = namespaced(ConfigMapK, "resume");
    await client.request(cms.create(cm("a")));
    const rv = (await client.request(cms.list())).metadata!.resourceVersion!;
    await client.request(cms.create(cm("b")));
    await client.request(cms.patch("a", { type: "merge", patch: { data: { x: "1" } } }));
    await client.request(cms.delete("b"));
    await client.request(cms.create(cm("c")));
    const read = async (from: string, count: number) => {
      const events: WatchEvent<ConfigMap>[] = [];
      for await (const event of client.watch(cms.watch({ resourceVersion: from, timeoutSeconds: 10 }))) {
        events.push(event);
        if (events.length === count) break;
      }
      return events.map((e) => `${e.type} ${(e.object as ConfigMap).metadata.name}`);
    };
    const all = await read(rv, 4);
    expect(all).toEqual(["ADDED b", "MODIFIED a", "DELETED b", "ADDED c"]);
    // …and from the resourceVersion of the second event, only the last two.
    const second: WatchEvent<ConfigMap>[] = [];
    for await (const event of client.watch(cms.watch({ resourceVersion: rv, timeoutSeconds: 10 }))) {
      second.push(event);
      if (second.length === 2) break;
    }
    const from = (second[1]!.object as ConfigMap).metadata.resourceVersion!;
    expect(await read(from, 2)).toEqual(["DELETED b", "ADDED c"]);
  });

  it("answers 410 Gone (reason Expired) to a watch from a compacted resourceVersion: a GoneError", async () => {
    await newNamespace("gone");
    const cms = namespaced(ConfigMapK, "gone");
    await client.request(cms.create(cm("first")));
    const old = (await client.request(cms.list())).metadata!.resourceVersion!;
    for (let i = 0; i < 3; i++) await client.request(cms.create(cm(`later-${i}`)));
    const latest = (await client.request(cms.list())).metadata!.resourceVersion!;
    expect(BigInt(latest)).toBeGreaterThan(BigInt(old) + 1n);
    // Before compaction, the old resourceVersion still works…
    for await (const event of client.watch(cms.watch({ resourceVersion: old, timeoutSeconds: 10 }))) {
      expect(event).toMatchObject({ type: "ADDED", object: { metadata: { name: "later-0" } } });
      break;
    }
    await compact(latest);
    const error = await (async () => {
      for await (const _ of client.watch(cms.watch({ resourceVersion: old, timeoutSeconds: 10 }))) void _;
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GoneError);
    expect(error).toBeInstanceOf(KubeApiError);
    expect(error).toMatchObject({ code: 410, reason: "Expired" });
  });

  it("the watcher re-lists after 410 Gone and its store equals the server's list again", async () => {
    await newNamespace("relist");
    const cms = namespaced(ConfigMapK, "relist");
    const other = namespaced(ConfigMapK, "gone");
    for (const name of ["x", "y"]) await client.request(cms.create(cm(name, { set: "watched" })));
    const store = new Store<ConfigMap>();
    const events: WatcherEvent<ConfigMap>[] = [];
    const sources: string[] = [];
    let current = "";
    const stop = new AbortController();
    // Short watches: the watcher re-watches from its last resourceVersion every second.
    const run = (async () => {
      for await (const event of reflector(store, watcher(client, cms, { labelSelector: "set=watched", timeoutSeconds: 1, signal: stop.signal, onResourceVersion: (rv, source) => ((current = rv), sources.push(source)) }))) events.push(event);
    })();
    await store.ready;
    const listsBefore = sources.filter((s) => s === "list").length;
    expect(listsBefore).toBe(1);
    // Changes the watcher does not see (another namespace) move etcd on; compacting there
    // leaves the watcher's resourceVersion behind, so its next watch gets 410 and it re-lists.
    const watchedAt = current;
    await client.request(cms.create(cm("z", { set: "watched" })));
    await until(() => store.get("z", "relist") !== undefined, "the watcher to see z");
    for (let i = 0; i < 3; i++) await client.request(other.create(cm(`unseen-${i}`)));
    await client.request(cms.delete("x"));
    const latest = (await client.request(other.list())).metadata!.resourceVersion!;
    await until(() => store.get("x", "relist") === undefined, "the watcher to see x deleted");
    // The watcher is now at the deletion's resourceVersion; unseen changes, then compaction past it.
    for (let i = 3; i < 6; i++) await client.request(other.create(cm(`unseen-${i}`)));
    await compact((await client.request(other.list())).metadata!.resourceVersion!);
    await until(() => sources.filter((s) => s === "list").length > listsBefore, "a re-list after 410 Gone", 20_000);
    stop.abort();
    await run;
    expect(events.filter((e) => e.type === "Init").length).toBeGreaterThanOrEqual(2);
    expect(BigInt(latest)).toBeGreaterThan(BigInt(watchedAt));
    const server = (await client.request(cms.list({ labelSelector: "set=watched" }))).items;
    expect(store.list().map((o) => [o.metadata.name, o.metadata.resourceVersion])).toEqual(server.map((o) => [o.metadata.name, o.metadata.resourceVersion]));
    expect(store.list().map((o) => o.metadata.name)).toEqual(["y", "z"]);
  });

  it(`a seeded run of ${CHANGES} random creates, updates and deletes ends with the reflector store equal to the server's list`, async () => {
    await newNamespace("seeded");
    const cms = namespaced(ConfigMapK, "seeded");
    const random = prng(SEED);
    const store = new Store<ConfigMap>();
    const stop = new AbortController();
    let lists = 0;
    const run = (async () => {
      for await (const _ of reflector(store, watcher(client, cms, { labelSelector: "run=seeded", pageSize: 3, timeoutSeconds: 2, signal: stop.signal, onResourceVersion: (_rv, source) => void (source === "list" && lists++) }))) void _;
    })();
    await store.ready;
    // The model: what the server must hold after the changes.
    const model = new Map<string, string>();
    const done = { create: 0, update: 0, delete: 0 };
    let next = 0;
    for (let i = 0; i < CHANGES; i++) {
      const names = [...model.keys()].sort();
      const r = random();
      const pick = () => names[Math.floor(random() * names.length)]!;
      if (names.length === 0 || r < 0.45) {
        const name = `cm-${next++}`;
        const value = String(Math.floor(random() * 1e6));
        await client.request(cms.create(cm(name, { run: "seeded" }, { v: value })));
        model.set(name, value);
        done.create++;
      } else if (r < 0.75) {
        const name = pick();
        const value = String(Math.floor(random() * 1e6));
        await client.request(cms.patch(name, { type: "merge", patch: { data: { v: value } } }));
        model.set(name, value);
        done.update++;
      } else {
        const name = pick();
        await client.request(cms.delete(name));
        model.delete(name);
        done.delete++;
      }
      // Halfway, changes the watcher does not see (no label) and a compaction past its
      // resourceVersion: its next watch gets 410 Gone and it re-lists, in the middle of the run.
      if (i === CHANGES / 2) {
        for (let j = 0; j < 3; j++) await client.request(cms.create(cm(`unlabelled-${j}`)));
        await compact((await client.request(cms.list())).metadata!.resourceVersion!);
        await until(() => lists >= 2, "a re-list after 410 Gone, halfway through", 20_000);
      }
    }
    expect(lists).toBe(2);
    expect(done.create + done.update + done.delete).toBe(CHANGES);
    const serverState = async () => (await client.request(cms.list({ labelSelector: "run=seeded" }))).items.map((o) => `${o.metadata.name}@${o.metadata.resourceVersion}=${o.data?.v}`);
    const storeState = () => store.list().map((o) => `${o.metadata.name}@${o.metadata.resourceVersion}=${o.data?.v}`);
    const final = await serverState();
    await until(async () => JSON.stringify(storeState()) === JSON.stringify(final), "the store to catch up with the server", 30_000).catch(() => undefined);
    stop.abort();
    await run;
    console.log(`seeded run (seed ${SEED}): ${done.create} creates, ${done.update} updates, ${done.delete} deletes; ${final.length} objects at the end; the watcher listed ${lists} times (once more after the 410 halfway)`);
    expect(storeState()).toEqual(final);
    expect(final.map((s) => s.replace(/@\d+=/, "="))).toEqual([...model].sort(([a], [b]) => (a < b ? -1 : 1)).map(([n, v]) => `${n}=${v}`));
  });
});
