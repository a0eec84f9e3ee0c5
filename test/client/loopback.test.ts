// (2) The client, driven through its public API, against a loopback server that behaves
// like the API server (test/client/fake-apiserver.ts).
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  allNamespaces,
  cluster,
  fetchTransport,
  GoneError,
  KubeApiError,
  KubeClient,
  KubeTimeoutError,
  namespaced,
  reflector,
  Store,
  watcher,
  type ClusterDescriptor,
  type KubeObject,
  type NamespacedDescriptor,
  type ObjectMetaLike,
  type WatchEvent,
  type WatcherEvent,
  USER_AGENT,
} from "../../client/src/index.js";
import { TEST_PACKAGES } from "../helpers.js";
import { FakeApiServer, type KindInfo } from "./fake-apiserver.js";

interface ConfigMap extends KubeObject {
  apiVersion: "v1";
  kind: "ConfigMap";
  metadata: ObjectMetaLike;
  data?: Record<string, string> | null;
}
interface Namespace extends KubeObject {
  apiVersion: "v1";
  kind: "Namespace";
  metadata: ObjectMetaLike;
  status?: { phase?: string } | null;
}
interface Deployment extends KubeObject {
  apiVersion: "apps/v1";
  kind: "Deployment";
  metadata: ObjectMetaLike;
  spec?: { replicas?: number | null; selector: { matchLabels?: Record<string, string> } };
  status?: { readyReplicas?: number | null } | null;
}

async function constants(module: string): Promise<Record<string, unknown>> {
  return (await import(pathToFileURL(join(TEST_PACKAGES, "v1.36", module, "index.mjs")).href)) as Record<string, unknown>;
}

let server: FakeApiServer;
let client: KubeClient;
let baseUrl: string;
let ConfigMapK: NamespacedDescriptor<ConfigMap>;
let NamespaceK: ClusterDescriptor<Namespace>;
let DeploymentK: NamespacedDescriptor<Deployment>;

const cm = (name: string, data: Record<string, string> = {}, labels?: Record<string, string>): ConfigMap => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, ...(labels ? { labels } : {}) }, data });

/** Waits until `check` holds, polling. */
async function until(check: () => boolean, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

beforeAll(async () => {
  const core = await constants("core/v1");
  const apps = await constants("apps/v1");
  ConfigMapK = core.ConfigMap as NamespacedDescriptor<ConfigMap>;
  NamespaceK = core.Namespace as ClusterDescriptor<Namespace>;
  DeploymentK = apps.Deployment as NamespacedDescriptor<Deployment>;
  server = new FakeApiServer([ConfigMapK, NamespaceK, DeploymentK] as unknown as KindInfo[]);
  baseUrl = await server.start();
  client = new KubeClient({ baseUrl, token: "sekret", timeoutMs: 3000 });
});
afterAll(async () => {
  await server.stop();
});

describe("requests against the loopback API server", () => {
  it("creates, reads, lists, replaces, patches and deletes a namespaced kind", async () => {
    const cms = namespaced(ConfigMapK, "team-a");
    const created = await client.request(cms.create(cm("one", { a: "1" }, { app: "web" })));
    expect(created.metadata.namespace).toBe("team-a");
    expect(created.metadata.resourceVersion).toMatch(/^\d+$/);
    expect(server.requests.at(-1)).toMatchObject({ method: "POST", url: "/api/v1/namespaces/team-a/configmaps", authorization: "Bearer sekret", userAgent: USER_AGENT, contentType: "application/json" });

    const again = await client.request(cms.create(cm("one"))).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(KubeApiError);
    expect(again).toMatchObject({ code: 409, reason: "AlreadyExists", details: { name: "one", kind: "configmaps" } });

    const got = await client.request(cms.get("one"));
    expect(got.data).toEqual({ a: "1" });

    // Replace with the current resourceVersion succeeds, with a stale one conflicts.
    const replaced = await client.request(cms.replace("one", { ...got, data: { a: "2" } }));
    expect(replaced.data).toEqual({ a: "2" });
    expect(Number(replaced.metadata.resourceVersion)).toBeGreaterThan(Number(got.metadata.resourceVersion));
    expect(() => cms.replace("two", got)).toThrow(/does not match the name in the path/);
    const stale = await client.request(cms.replace("one", { ...got, data: { a: "3" } })).catch((e: unknown) => e);
    expect(stale).toMatchObject({ name: "KubeApiError", code: 409, reason: "Conflict" });

    // The four patch kinds, each with its content type.
    await client.request(cms.patch("one", { type: "merge", patch: { data: { b: "merge" } } }));
    await client.request(cms.patch("one", { type: "strategic", patch: { data: { c: "strategic" } } }));
    await client.request(cms.patch("one", { type: "json", patch: [{ op: "remove", path: "/data/a" }] }));
    const applied = await client.request(cms.patch("one", { type: "apply", fieldManager: "tester", force: true, patch: { metadata: { name: "one" }, data: { d: "apply" } } }));
    expect(applied.data).toEqual({ b: "merge", c: "strategic", d: "apply" });
    expect(server.requests.slice(-4).map((r) => r.contentType)).toEqual([
      "application/merge-patch+json",
      "application/strategic-merge-patch+json",
      "application/json-patch+json",
      "application/apply-patch+yaml",
    ]);
    expect(server.requests.at(-1)!.url).toBe("/api/v1/namespaces/team-a/configmaps/one?fieldManager=tester&force=true");

    // dryRun persists nothing.
    await client.request(cms.patch("one", { type: "merge", patch: { data: { e: "dry" } } }, { dryRun: true }));
    expect((await client.request(cms.get("one"))).data).not.toHaveProperty("e");

    // Delete with a wrong precondition conflicts; then deletes; then 404 with details.
    const pre = await client.request(cms.delete("one", { preconditions: { resourceVersion: "1" } })).catch((e: unknown) => e);
    expect(pre).toMatchObject({ code: 409 });
    await client.request(cms.delete("one", { propagationPolicy: "Foreground" }));
    const missing = await client.request(cms.get("one")).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(KubeApiError);
    expect(missing).toMatchObject({ code: 404, reason: "NotFound", details: { name: "one" } });
  });

  it("lists with selectors and pages with limit/continue; fills in apiVersion and kind of items", async () => {
    const cms = namespaced(ConfigMapK, "paging");
    for (let i = 0; i < 7; i++) await client.request(cms.create(cm(`cm-${i}`, {}, { app: i % 2 ? "odd" : "even", tier: "x" })));
    const page1 = await client.request(cms.list({ limit: 3 }));
    expect(page1.items.map((o) => o.metadata.name)).toEqual(["cm-0", "cm-1", "cm-2"]);
    expect(page1.items[0]).toMatchObject({ apiVersion: "v1", kind: "ConfigMap" });
    expect(page1.kind).toBe("ConfigMapList");
    const page2 = await client.request(cms.list({ limit: 3, continue: page1.metadata!.continue! }));
    const page3 = await client.request(cms.list({ limit: 3, continue: page2.metadata!.continue! }));
    expect([...page2.items, ...page3.items].map((o) => o.metadata.name)).toEqual(["cm-3", "cm-4", "cm-5", "cm-6"]);
    expect(page3.metadata?.continue).toBeUndefined();
    const odd = await client.request(cms.list({ labelSelector: "app=odd,tier=x" }));
    expect(odd.items.map((o) => o.metadata.name)).toEqual(["cm-1", "cm-3", "cm-5"]);
    expect(server.requests.at(-1)!.url).toBe("/api/v1/namespaces/paging/configmaps?labelSelector=app%3Dodd%2Ctier%3Dx");
    const byField = await client.request(allNamespaces(ConfigMapK).list({ fieldSelector: "metadata.name=cm-4" }));
    expect(byField.items.map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual(["paging/cm-4"]);
    // An expired continue token (its snapshot compacted away) is a typed 410.
    await client.request(namespaced(ConfigMapK, "elsewhere").create(cm("newer")));
    server.compact();
    const expired = await client.request(cms.list({ limit: 3, continue: page1.metadata!.continue! })).catch((e: unknown) => e);
    expect(expired).toBeInstanceOf(GoneError);
    expect(expired).toMatchObject({ code: 410, reason: "Expired" });
    // deletecollection by selector.
    const gone = await client.request(cms.deleteCollection({ labelSelector: "app=even" }));
    expect("items" in gone && gone.items.map((o) => o.metadata.name)).toEqual(["cm-0", "cm-2", "cm-4", "cm-6"]);
    expect((await client.request(cms.list())).items).toHaveLength(3);
  });

  it("encodes names in the path", async () => {
    const cms = namespaced(ConfigMapK, "enc");
    const name = "we ird/na?me#ü";
    await client.request(cms.create(cm(name)));
    expect(server.requests.at(-1)!.url).toBe("/api/v1/namespaces/enc/configmaps");
    const got = await client.request(cms.get(name));
    expect(got.metadata.name).toBe(name);
    expect(server.requests.at(-1)!.url).toBe("/api/v1/namespaces/enc/configmaps/we%20ird%2Fna%3Fme%23%C3%BC");
  });

  it("serves cluster-scoped kinds without a namespace, and the status subresource", async () => {
    const namespaces = cluster(NamespaceK);
    await client.request(namespaces.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "prod" } }));
    expect(server.requests.at(-1)!.url).toBe("/api/v1/namespaces");
    const withStatus = await client.request(namespaces.patchStatus("prod", { type: "merge", patch: { status: { phase: "Active" } } }));
    expect(withStatus.status).toEqual({ phase: "Active" });
    expect(server.requests.at(-1)!.url).toBe("/api/v1/namespaces/prod/status");
    expect((await client.request(namespaces.getStatus("prod"))).status?.phase).toBe("Active");
    const list = await client.request(namespaces.list());
    expect(list.items.map((n) => n.metadata.name)).toContain("prod");
  });

  it("reads and writes the scale subresource; replaces status only through /status", async () => {
    const deployments = namespaced(DeploymentK, "apps");
    await client.request(deployments.create({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web" }, spec: { replicas: 1, selector: { matchLabels: { app: "web" } } } }));
    const scale = await client.request(deployments.getScale("web"));
    expect(scale).toMatchObject({ apiVersion: "autoscaling/v1", kind: "Scale", spec: { replicas: 1 } });
    const patched = await client.request(deployments.patchScale("web", { type: "merge", patch: { spec: { replicas: 4 } } }));
    expect(patched.spec?.replicas).toBe(4);
    await client.request(deployments.replaceScale("web", { ...patched, spec: { replicas: 5 } }));
    expect((await client.request(deployments.get("web"))).spec?.replicas).toBe(5);
    const current = await client.request(deployments.get("web"));
    const afterStatus = await client.request(deployments.replaceStatus("web", { ...current, spec: { replicas: 99, selector: {} }, status: { readyReplicas: 5 } }));
    expect(afterStatus.status).toEqual({ readyReplicas: 5 });
    expect(afterStatus.spec?.replicas).toBe(5);
  });

  it("maps failures without a Status body, and retries nothing", async () => {
    server.failWith = { status: 503, body: "upstream connect error" };
    const before = server.requests.length;
    try {
      const error = await client.request(namespaced(ConfigMapK, "x").list()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KubeApiError);
      expect(error).toMatchObject({ code: 503, reason: "ServiceUnavailable", message: "upstream connect error" });
    } finally {
      server.failWith = undefined;
    }
    expect(server.requests.length - before).toBe(1);
  });

  it("times out (typed) and sends the request once", async () => {
    const impatient = new KubeClient({ baseUrl, timeoutMs: 200 });
    server.hang = true;
    const before = server.requests.length;
    try {
      const error = await impatient.request(namespaced(ConfigMapK, "x").get("y")).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KubeTimeoutError);
    } finally {
      server.hang = false;
    }
    expect(server.requests.length - before).toBe(1);
  });

  it("keeps a base URL path prefix and takes the token from a function", async () => {
    let calls = 0;
    const prefixed = new KubeClient({ baseUrl: `${baseUrl}/`, token: () => `t${++calls}` });
    await client.request(namespaced(ConfigMapK, "tok").create(cm("x")));
    await prefixed.request(namespaced(ConfigMapK, "tok").get("x"));
    await prefixed.request(namespaced(ConfigMapK, "tok").get("x"));
    expect(server.requests.slice(-2).map((r) => r.authorization)).toEqual(["Bearer t1", "Bearer t2"]);
  });
});

describe("watch", () => {
  it("streams ADDED/MODIFIED/DELETED and BOOKMARK from a resourceVersion, until the server closes it", async () => {
    const cms = namespaced(ConfigMapK, "watch-a");
    const list = await client.request(cms.list());
    const events: WatchEvent<ConfigMap>[] = [];
    const done = (async () => {
      for await (const event of client.watch(cms.watch({ resourceVersion: list.metadata!.resourceVersion!, allowWatchBookmarks: true, timeoutSeconds: 3 }))) events.push(event);
    })();
    const started = Date.now();
    await client.request(cms.create(cm("w", { v: "ünïcødé ✓ 🚀" })));
    await client.request(cms.patch("w", { type: "merge", patch: { data: { v: "2" } } }));
    await client.request(cms.delete("w"));
    await client.request(namespaced(ConfigMapK, "other-ns").create(cm("not-mine")));
    await until(() => events.length === 3, "three events"); // replayed from the resourceVersion if the watch opened late
    await until(() => (server.sendBookmarks(), events.some((e) => e.type === "BOOKMARK")), "a bookmark");
    await done; // the server ends the watch after timeoutSeconds
    expect(Date.now() - started).toBeGreaterThanOrEqual(2500);
    expect(events.slice(0, 4).map((e) => e.type)).toEqual(["ADDED", "MODIFIED", "DELETED", "BOOKMARK"]);
    expect(events.slice(3).every((e) => e.type === "BOOKMARK")).toBe(true);
    expect(events[0]).toMatchObject({ object: { kind: "ConfigMap", metadata: { name: "w" }, data: { v: "ünïcødé ✓ 🚀" } } });
    expect(events[3]!.object.metadata.resourceVersion).toBe(server.resourceVersion);
  });

  it("raises GoneError for a compacted resourceVersion (ERROR event)", async () => {
    const cms = namespaced(ConfigMapK, "watch-b");
    const old = server.resourceVersion;
    await client.request(cms.create(cm("x")));
    server.compact();
    const consume = async (): Promise<unknown> => {
      for await (const _ of client.watch(cms.watch({ resourceVersion: old }))) void _;
      return "ended";
    };
    const error = await consume().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GoneError);
    expect(error).toMatchObject({ code: 410, reason: "Expired" });
  });

  it("raises GoneError for a 410 response", async () => {
    server.failWith = { status: 410, body: JSON.stringify({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", code: 410, reason: "Gone", message: "gone" }) };
    try {
      const iterator = client.watch(namespaced(ConfigMapK, "x").watch());
      const error = await iterator.next().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GoneError);
    } finally {
      server.failWith = undefined;
    }
  });

  it("closes the connection when the consumer stops", async () => {
    const cms = namespaced(ConfigMapK, "watch-c");
    await client.request(cms.create(cm("first")));
    for await (const event of client.watch(cms.watch())) {
      expect(event).toMatchObject({ type: "ADDED", object: { metadata: { name: "first" } } });
      break;
    }
    await until(() => server.openWatches === 0, "the server to see the watch closed");
  });
});

describe("watcher and reflector store", () => {
  it("lists, watches, re-watches after the server closes, follows bookmarks, re-lists on 410, and converges", async () => {
    const ns = "watcher";
    const cms = namespaced(ConfigMapK, ns);
    for (let i = 0; i < 5; i++) await client.request(cms.create(cm(`pre-${i}`, { i: String(i) })));
    const store = new Store<ConfigMap>();
    const seen: WatcherEvent<ConfigMap>[] = [];
    const versions: { rv: string; source: string }[] = [];
    const stop = new AbortController();
    const run = (async () => {
      for await (const event of reflector(store, watcher(client, cms, { pageSize: 2, timeoutSeconds: 1, signal: stop.signal, onResourceVersion: (rv, source) => versions.push({ rv, source }) }))) seen.push(event);
    })();
    await store.ready;
    expect(store.list().map((o) => o.metadata.name)).toEqual(["pre-0", "pre-1", "pre-2", "pre-3", "pre-4"]);
    expect(store.get("pre-3", ns)?.data).toEqual({ i: "3" });
    expect(seen.slice(0, 1)).toEqual([{ type: "Init" }]);
    expect(server.requests.filter((r) => r.url.startsWith(`/api/v1/namespaces/${ns}/configmaps?limit=2`)).length).toBe(3); // 5 items, pages of 2

    // Live changes.
    await client.request(cms.create(cm("live")));
    await client.request(cms.delete("pre-0"));
    await until(() => store.get("live", ns) !== undefined && store.get("pre-0", ns) === undefined, "live changes in the store");

    // The server closes the watch (timeoutSeconds=1): the watcher re-watches from its resourceVersion.
    const watchesBefore = server.requests.filter((r) => r.url.includes("watch=true")).length;
    await until(() => server.requests.filter((r) => r.url.includes("watch=true")).length > watchesBefore, "a re-watch");
    const rewatch = server.requests.filter((r) => r.url.includes("watch=true")).at(-1)!;
    expect(rewatch.url).toContain("allowWatchBookmarks=true");
    expect(rewatch.url).toMatch(/resourceVersion=\d+/);
    await client.request(cms.patch("live", { type: "merge", patch: { data: { after: "rewatch" } } }));
    await until(() => store.get("live", ns)?.data?.after === "rewatch", "change after re-watch");

    // A bookmark moves the resourceVersion forward.
    await client.request(namespaced(ConfigMapK, "elsewhere").create(cm("unrelated")));
    await until(() => (server.sendBookmarks(), versions.some((v) => v.source === "bookmark" && v.rv === server.resourceVersion)), "the bookmark");

    // Changes the watcher cannot see, then compaction: the next watch gets 410 and re-lists.
    server.pauseDelivery = true;
    const initsBefore = seen.filter((e) => e.type === "Init").length;
    await client.request(cms.delete("pre-1"));
    await client.request(cms.create(cm("while-away")));
    await client.request(cms.patch("pre-2", { type: "merge", patch: { data: { i: "changed" } } }));
    server.compact();
    server.closeWatches();
    server.pauseDelivery = false;
    await until(() => seen.filter((e) => e.type === "Init").length > initsBefore && seen.at(-1)?.type === "InitDone", "a re-list");
    const expected = server.list(ConfigMapK as unknown as KindInfo, ns).map((o) => o.metadata.name);
    expect(store.list().map((o) => o.metadata.name)).toEqual(expected);
    expect(store.get("pre-1", ns)).toBeUndefined();
    expect(store.get("while-away", ns)).toBeDefined();
    expect(store.get("pre-2", ns)?.data).toEqual({ i: "changed" });

    // And keeps following afterwards.
    await client.request(cms.create(cm("after-relist")));
    await until(() => store.get("after-relist", ns) !== undefined, "change after re-list");
    stop.abort();
    await run;
  });

  it("re-lists from the start when a continue token expires while paging", async () => {
    const ns = "paging-410";
    const cms = namespaced(ConfigMapK, ns);
    for (let i = 0; i < 5; i++) await client.request(cms.create(cm(`p-${i}`)));
    // A transport (public API) that compacts the server just before the first continue request.
    const base = fetchTransport();
    let compacted = false;
    const tricky = new KubeClient({
      baseUrl,
      transport: async (request) => {
        if (!compacted && request.url.searchParams.has("continue")) {
          compacted = true;
          server.put(ConfigMapK as unknown as KindInfo, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "late", namespace: ns } });
          server.compact();
        }
        return base(request);
      },
    });
    const store = new Store<ConfigMap>();
    const seen: WatcherEvent<ConfigMap>[] = [];
    const stop = new AbortController();
    const run = (async () => {
      for await (const event of reflector(store, watcher(tricky, cms, { pageSize: 2, signal: stop.signal }))) seen.push(event);
    })();
    await store.ready;
    await until(() => seen.at(-1)?.type === "InitDone", "the consumer to see InitDone");
    expect(seen.map((e) => e.type)).toEqual(["Init", "InitApply", "InitApply", "Init", ...Array<string>(6).fill("InitApply"), "InitDone"]);
    expect(store.list().map((o) => o.metadata.name)).toEqual(["late", "p-0", "p-1", "p-2", "p-3", "p-4"]);
    stop.abort();
    await run;
  });

  it("never loses a change: random changes, closes and compactions, the store ends equal to the server", async () => {
    const ns = "chaos";
    const cms = namespaced(ConfigMapK, ns);
    const store = new Store<ConfigMap>();
    const stop = new AbortController();
    const run = (async () => {
      for await (const _ of reflector(store, watcher(client, cms, { pageSize: 3, timeoutSeconds: 2, signal: stop.signal }))) void _;
    })();
    await store.ready;
    let seed = 42;
    const rand = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let step = 0; step < 60; step++) {
      const name = `o-${rand(8)}`;
      const exists = server.list(ConfigMapK as unknown as KindInfo, ns).some((o) => o.metadata.name === name);
      const r = rand(10);
      if (r < 4) {
        if (exists) await client.request(cms.patch(name, { type: "merge", patch: { data: { step: String(step) } } }));
        else await client.request(cms.create(cm(name, { step: String(step) })));
      } else if (r < 6) {
        if (exists) await client.request(cms.delete(name));
      } else if (r < 7) server.closeWatches();
      else if (r < 8) {
        server.pauseDelivery = true;
        await client.request(cms.create(cm(`p-${step}`)));
        server.compact();
        server.closeWatches();
        server.pauseDelivery = false;
      } else if (r < 9) server.sendBookmarks();
      if (step % 10 === 0) await new Promise((r2) => setTimeout(r2, 20));
    }
    const expected = (): string => JSON.stringify(server.list(ConfigMapK as unknown as KindInfo, ns).map((o) => [o.metadata.name, o.metadata.resourceVersion]));
    await until(() => JSON.stringify(store.list().map((o) => [o.metadata.name, o.metadata.resourceVersion])) === expected(), "store == server");
    stop.abort();
    await run;
  });
});
