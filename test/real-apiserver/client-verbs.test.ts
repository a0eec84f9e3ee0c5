// 4c. The client, every verb, for real: for every kind of the generated 1.36 package that a
// bare API server lets you create (test/real-apiserver/minimal-objects.ts builds the object),
// with the client and the package's constants only: create, get, list paged with
// limit/continue, replace, every patch type of PATCH_TYPES, the status and scale subresources
// where SUBRESOURCES has them, delete, deletecollection, dry-run (nothing persists) and
// fieldValidation=Strict (an unknown field is a typed Status error). Which operations each kind
// gets is derived from its constants; the last test checks the exact counts against the package.
// Watches are in client-watch.test.ts; docs/real-apiserver-client.md has the figures.
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  cluster,
  KubeApiError,
  type KubeClient,
  type KubeObject,
  type KubeRequest,
  namespaced,
  type AnyDescriptor,
  type ClusterDescriptor,
  type NamespacedDescriptor,
  type PatchType,
  type ResourceRequests,
  type Scale,
  type Status,
} from "../../client/src/index.js";
import { readResources, readSpec, type ResourceEntry } from "../helpers.js";
import { loadKinds } from "../client/load-constants.js";
import { startApiServer, type LiveServer } from "./harness.js";
import { FILLERS, kindId, MinimalObjects, planOf, SPECIAL_CASES, type FillContext } from "./minimal-objects.js";
import { describeWithApiServer } from "./support.js";

const MINOR = "1.36";
/** Objects per kind: enough for a list of three pages with limit=1. */
const PER_KIND = 3;
const FIELD_MANAGER = "k8s-openapi-ts-verbs";

type Requests = ResourceRequests<KubeObject>;
type Meta = { name: string; namespace?: string; uid: string; resourceVersion: string; annotations?: Record<string, string>; labels?: Record<string, string>; deletionTimestamp?: string; finalizers?: string[] };
const meta = (object: unknown): Meta => (object as { metadata: Meta }).metadata;

/** The operations a kind's test performs, derived from its constants alone. */
function expectedOperations(entry: ResourceEntry): string[] {
  const plan = planOf(entry);
  if (!plan || plan.kind === "skipped") return [];
  if (plan.kind === "create-only") return ["strict", "dry-run create", "create"];
  const ops = ["strict", "dry-run create", "create", "get", "list paged"];
  if (entry.verbs.includes("update")) ops.push("replace", "replace conflict");
  if (entry.verbs.includes("patch")) for (const type of entry.patchTypes) ops.push(`patch ${type}`);
  const sub = entry.subresources.map((s) => s.name);
  if (sub.includes("status")) ops.push("status get", "status replace", ...entry.patchTypes.map((t) => `status patch ${t}`));
  if (sub.includes("scale")) ops.push("scale get", "scale replace", ...entry.patchTypes.map((t) => `scale patch ${t}`));
  ops.push("dry-run delete", "delete");
  if (entry.verbs.includes("deletecollection")) ops.push("dry-run deletecollection", "deletecollection");
  return ops;
}

const entries = readResources(MINOR);
const plans = entries.map((entry) => ({ entry, plan: planOf(entry) }));

describeWithApiServer(MINOR, `Kubernetes ${MINOR}: the client, every verb, against a live server (4c)`, () => {
  let server: LiveServer;
  let client: KubeClient;
  let descriptors: Map<string, AnyDescriptor>;
  const objects = new MinimalObjects(readSpec(MINOR));
  /** Operations done (and checked) per kind. */
  const done = new Map<string, string[]>();
  /** Kinds whose deleted objects stayed (finalizers no controller of a bare server removes), and what the test did. */
  const finalized = new Map<string, string>();

  beforeAll(async () => {
    server = startApiServer(MINOR);
    client = server.admin();
    descriptors = new Map((await loadKinds(MINOR)).map(({ entry, descriptor }) => [kindId(entry), descriptor]));
  });
  afterAll(() => server?.stop());

  const NamespaceKind = () => descriptors.get("v1 Namespace") as ClusterDescriptor;
  const requestsOf = (entry: ResourceEntry, namespace: string | undefined): Requests => {
    const descriptor = descriptors.get(kindId(entry))!;
    return (descriptor.SCOPE === "namespaced" ? namespaced(descriptor as NamespacedDescriptor, namespace!) : cluster(descriptor as ClusterDescriptor)) as unknown as Requests;
  };
  const notFound = async (request: KubeRequest<unknown, "object">) => {
    const error = await client.request(request).then(
      () => undefined,
      (e: unknown) => e,
    );
    return error instanceof KubeApiError && error.code === 404 && error.reason === "NotFound";
  };

  it(`plans every kind of the ${MINOR} package from its constants`, () => {
    const creatable = entries.filter((e) => e.scope !== "subresource" && e.verbs.includes("create"));
    const count = (kind: string) => plans.filter((p) => p.plan?.kind === kind).length;
    const skipped = plans.filter((p) => p.plan?.kind === "skipped").map((p) => `${kindId(p.entry)}: ${(p.plan as { reason: string }).reason}`);
    const notCreatable = plans.filter((p) => !p.plan).map((p) => `${kindId(p.entry)} (${p.entry.scope === "subresource" ? "a subresource's body" : p.entry.verbs.length ? `VERBS ${p.entry.verbs.join(",")}` : "no verbs: discovery"})`);
    console.log(
      `4c plan for ${MINOR}: ${entries.length} kinds; ${creatable.length} creatable — ${count("full")} with their full verb set, ${count("create-only")} create-only, ${count("skipped")} skipped\n` +
        `  skipped: ${skipped.length ? skipped.join("\n  skipped: ") : "none"}\n  not creatable at all (${notCreatable.length}): ${notCreatable.join(", ")}`,
    );
    expect(count("full") + count("create-only") + count("skipped")).toBe(creatable.length);
    expect(creatable.length).toBeGreaterThan(0);
    // Every skip and special case names a kind the package has.
    for (const id of Object.keys(SPECIAL_CASES)) expect(entries.map(kindId)).toContain(id);
  });

  it("needs every special case: without it the server rejects the object", async () => {
    await client.request(cluster(NamespaceKind()).create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "verbs-special-cases" } }));
    const verdicts: string[] = [];
    for (const id of Object.keys(SPECIAL_CASES)) {
      const kindIndex = entries.findIndex((e) => kindId(e) === id);
      const entry = entries[kindIndex]!;
      if (planOf(entry)?.kind === "skipped") continue;
      const namespace = entry.scope === "namespaced" ? "verbs-special-cases" : undefined;
      const object = objects.build(objects.context(entry, kindIndex, 7, namespace));
      // The object as every other kind has it: an ordinary name, labels, no prerequisite.
      const plain = { ...object, metadata: { name: `${entry.kind.toLowerCase()}-plain`, ...(namespace ? { namespace } : {}), labels: { plain: "yes" } } };
      const error = await client.request(requestsOf(entry, namespace).create(plain)).catch((e: unknown) => e);
      expect(error, id).toBeInstanceOf(KubeApiError);
      expect([404, 422], id).toContain((error as KubeApiError).code);
      verdicts.push(`${id}: ${(error as KubeApiError).code} ${(error as KubeApiError).message.slice(0, 120)}`);
    }
    console.log(`special cases, each rejected without its rule:\n  ${verdicts.join("\n  ")}`);
    expect(verdicts.length).toBe(Object.values(SPECIAL_CASES).filter((c) => !c.skip).length);
  });

  plans.forEach(({ entry, plan }, kindIndex) => {
    if (!plan) return;
    const id = kindId(entry);
    if (plan.kind === "skipped") {
      it.skip(`${id} — skipped: ${plan.reason}`, () => {});
      return;
    }
    it(`${id}: ${expectedOperations(entry).join(", ")}`, async () => {
      const ops: string[] = [];
      done.set(id, ops);
      const slug = `${entry.kind}-${entry.version}`.toLowerCase();
      let namespace: string | undefined;
      if (entry.scope === "namespaced") {
        namespace = `verbs-${kindIndex}-${slug}`;
        await client.request(cluster(NamespaceKind()).create({ apiVersion: "v1", kind: "Namespace", metadata: { name: namespace } }));
      }
      const requests = requestsOf(entry, namespace);
      const contexts: FillContext[] = Array.from({ length: plan.kind === "full" ? PER_KIND : 1 }, (_, i) => objects.context(entry, kindIndex, i, namespace));
      const [first] = contexts as [FillContext];
      const name = first.name;
      for (const needed of objects.prerequisites(first)) {
        const neededEntry = entries.find((e) => e.apiVersion === needed.apiVersion && e.kind === needed.kind)!;
        await client.request(requestsOf(neededEntry, namespace).create(needed));
      }

      // fieldValidation=Strict: an unknown field is a 400 Status, thrown as a typed error.
      const withUnknown = { ...objects.build(first), unknownFieldOf4c: 1 } as KubeObject;
      const strict = await client.request(requests.create(withUnknown, { fieldValidation: "Strict" })).catch((e: unknown) => e);
      expect(strict).toBeInstanceOf(KubeApiError);
      expect(strict).toMatchObject({ code: 400, reason: "BadRequest", status: { kind: "Status", status: "Failure" } });
      expect((strict as KubeApiError).message).toContain('unknown field "unknownFieldOf4c"');
      ops.push("strict");

      // dryRun=All: the server answers with the object, and nothing exists afterwards.
      const dry = await client.request(requests.create(objects.build(first), { dryRun: true }));
      expect((dry as KubeObject).kind === entry.kind || (dry as unknown as Status).status === "Success").toBe(true);
      if (plan.kind === "full") {
        expect(meta(dry).name).toBe(name);
        expect(await notFound(requests.get(name))).toBe(true);
      }
      ops.push("dry-run create");

      const created = [];
      for (const ctx of contexts) created.push(await client.request(requests.create(objects.build(ctx))));
      if (plan.kind === "create-only") {
        // A review answers with itself and its verdict; Binding with a Success Status.
        const answer = created[0] as unknown as { kind: string; status?: unknown };
        expect(answer.kind === entry.kind ? answer.status !== undefined : (answer as unknown as Status).status === "Success").toBe(true);
        ops.push("create");
        return;
      }
      for (const object of created) {
        expect(object).toMatchObject({ apiVersion: entry.apiVersion, kind: entry.kind });
        expect(meta(object).uid).toMatch(/^[0-9a-f-]{36}$/);
      }
      const uid = meta(created[0]).uid;
      ops.push("create");

      const got = await client.request(requests.get(name));
      expect(got).toMatchObject({ apiVersion: entry.apiVersion, kind: entry.kind, metadata: { name, uid, labels: first.labels } });
      ops.push("get");

      // list, one item per page, following continue; items get apiVersion and kind.
      const selector = Object.entries(first.labels).map(([k, v]) => `${k}=${v}`).join(",");
      const seen: string[] = [];
      let pages = 0;
      let cont: string | undefined;
      do {
        const page = await client.request(requests.list({ labelSelector: selector, limit: 1, ...(cont ? { continue: cont } : {}) }));
        pages++;
        expect(page.kind).toBe(descriptors.get(id)!.LIST_KIND);
        expect(page.items.length).toBeLessThanOrEqual(1);
        for (const item of page.items) {
          expect(item).toMatchObject({ apiVersion: entry.apiVersion, kind: entry.kind });
          seen.push(meta(item).name);
        }
        cont = page.metadata?.continue || undefined;
      } while (cont !== undefined && pages < 20);
      expect(seen.sort()).toEqual(contexts.map((c) => c.name).sort());
      expect(pages).toBeGreaterThanOrEqual(PER_KIND);
      ops.push("list paged");

      // replace (PUT) with the current resourceVersion; the stale one is a 409 Conflict.
      // Controllers may write the object between our read and our write (the CRD's
      // Established condition), so the write re-reads and retries on a Conflict, as
      // client-go's RetryOnConflict does; the stale write afterwards must still be refused.
      if (entry.verbs.includes("update")) {
        let sent = got;
        const replaced = await retryOnConflict(async () => {
          const fresh = await client.request(requests.get(name));
          sent = { ...fresh, metadata: { ...meta(fresh), annotations: { ...meta(fresh).annotations, "k8s-openapi-ts/replaced": "yes" } } } as KubeObject;
          return client.request(requests.replace(name, sent));
        });
        expect(meta(replaced).annotations?.["k8s-openapi-ts/replaced"]).toBe("yes");
        expect(meta(replaced).resourceVersion).not.toBe(meta(sent).resourceVersion);
        ops.push("replace");
        const conflict = await client.request(requests.replace(name, sent)).catch((e: unknown) => e);
        expect(conflict).toBeInstanceOf(KubeApiError);
        expect(conflict).toMatchObject({ code: 409, reason: "Conflict" });
        ops.push("replace conflict");
      }

      // every patch type of PATCH_TYPES, each setting an annotation of its own.
      if (entry.verbs.includes("patch")) {
        for (const type of entry.patchTypes) {
          const key = `k8s-openapi-ts/patch-${type}`;
          const patched = await client.request(requests.patch(name, metadataPatch(type, key, name, namespace)));
          expect(meta(patched).annotations?.[key]).toBe("yes");
          expect(meta(await client.request(requests.get(name))).annotations?.[key]).toBe("yes");
          ops.push(`patch ${type}`);
        }
      }

      const subresources = entry.subresources.map((s) => s.name);
      if (subresources.includes("status")) {
        const status = await client.request(requests.getStatus(name));
        expect(status).toMatchObject({ apiVersion: entry.apiVersion, kind: entry.kind, metadata: { name, uid } });
        ops.push("status get");
        const replaced = await retryOnConflict(async () => client.request(requests.replaceStatus(name, await client.request(requests.getStatus(name)))));
        expect(meta(replaced).uid).toBe(uid);
        ops.push("status replace");
        for (const type of entry.patchTypes) {
          // json: a `test` of the uid, which fails (422) unless the patch reaches this object's status.
          const patch =
            type === "json"
              ? { type, patch: [{ op: "test" as const, path: "/metadata/uid", value: uid }] }
              : type === "apply"
                ? { type, patch: { metadata: { name, ...(namespace ? { namespace } : {}) } }, fieldManager: FIELD_MANAGER }
                : { type, patch: {} };
          const patched = await client.request(requests.patchStatus(name, patch as never));
          expect(meta(patched).uid).toBe(uid);
          ops.push(`status patch ${type}`);
        }
      }

      if (subresources.includes("scale")) {
        const scale = await client.request(requests.getScale(name));
        expect(scale).toMatchObject({ apiVersion: "autoscaling/v1", kind: "Scale", metadata: { name } });
        let replicas = scale.spec?.replicas ?? 0;
        const expectReplicas = async (n: number) => {
          expect((await client.request(requests.getScale(name))).spec?.replicas).toBe(n);
          expect((await client.request(requests.get(name)) as unknown as { spec: { replicas: number } }).spec.replicas).toBe(n);
        };
        const replacedScale = await client.request(requests.replaceScale(name, { ...scale, spec: { replicas: ++replicas } } as Scale));
        expect(replacedScale.spec?.replicas).toBe(replicas);
        await expectReplicas(replicas);
        ops.push("scale get", "scale replace");
        for (const type of entry.patchTypes) {
          replicas++;
          const patch =
            type === "json"
              ? { type, patch: [{ op: "replace" as const, path: "/spec/replicas", value: replicas }] }
              : type === "apply"
                ? { type, patch: { metadata: { name, ...(namespace ? { namespace } : {}) }, spec: { replicas } }, fieldManager: FIELD_MANAGER, force: true }
                : { type, patch: { spec: { replicas } } };
          await client.request(requests.patchScale(name, patch as never));
          await expectReplicas(replicas);
          ops.push(`scale patch ${type}`);
        }
      }

      // delete with dryRun=All: the object is still there, untouched.
      await client.request(requests.delete(name, { dryRun: true }));
      const still = await client.request(requests.get(name));
      expect(meta(still).uid).toBe(uid);
      expect(meta(still).deletionTimestamp).toBeUndefined();
      ops.push("dry-run delete");

      const gone = async (objectName: string) => {
        if (await waitNotFound(() => notFound(requests.get(objectName)), 2_000)) return;
        // Finalizers that a controller of a full cluster would remove (none runs here).
        const left = await client.request(requests.get(objectName));
        expect(meta(left).deletionTimestamp).toBeDefined();
        const specFinalizers = (left as { spec?: { finalizers?: string[] } }).spec?.finalizers;
        if (specFinalizers?.length && entry.subresources.some((s) => s.name === "finalize")) {
          finalized.set(id, `spec.finalizers ${JSON.stringify(specFinalizers)} (removed through the finalize subresource, then deleted again)`);
          await client.request({ method: "PUT", path: `${requests.get(objectName).path}/finalize`, query: {}, headers: { Accept: "application/json", "Content-Type": "application/json" }, body: { ...left, spec: { finalizers: [] } }, response: "object" });
          await client.request(requests.delete(objectName)).catch(() => undefined);
        } else {
          expect(meta(left).finalizers?.length).toBeGreaterThan(0);
          finalized.set(id, `metadata.finalizers ${JSON.stringify(meta(left).finalizers)} (removed by a merge patch)`);
          await client.request(requests.patch(objectName, { type: "merge", patch: { metadata: { finalizers: null } } } as never));
        }
        expect(await waitNotFound(() => notFound(requests.get(objectName)), 10_000)).toBe(true);
      };

      const deleted = await client.request(requests.delete(name));
      expect((deleted as KubeObject).kind === entry.kind ? meta(deleted).uid === uid : (deleted as Status).status === "Success").toBe(true);
      await gone(name);
      ops.push("delete");

      const rest = contexts.slice(1).map((c) => c.name);
      const listNames = async () => (await client.request(requests.list({ labelSelector: selector }))).items.map((i) => meta(i).name).sort();
      if (entry.verbs.includes("deletecollection")) {
        await client.request(requests.deleteCollection({ labelSelector: selector, dryRun: true }));
        expect(await listNames()).toEqual(rest.sort());
        for (const n of rest) expect(meta(await client.request(requests.get(n))).deletionTimestamp).toBeUndefined();
        ops.push("dry-run deletecollection");
        await client.request(requests.deleteCollection({ labelSelector: selector }));
        for (const n of rest) await gone(n);
        expect(await listNames()).toEqual([]);
        ops.push("deletecollection");
      } else {
        for (const n of rest) {
          await client.request(requests.delete(n));
          await gone(n);
        }
        expect(await listNames()).toEqual([]);
      }
    });
  });

  it("did every operation the constants call for, on every creatable kind: the exact counts of the package", () => {
    const expected = new Map<string, number>();
    const actual = new Map<string, number>();
    const add = (map: Map<string, number>, op: string) => map.set(op, (map.get(op) ?? 0) + 1);
    for (const { entry } of plans) for (const op of expectedOperations(entry)) add(expected, op);
    for (const ops of done.values()) for (const op of ops) add(actual, op);
    const table = [...expected.keys()].map((op) => `  ${op.padEnd(26)} ${String(actual.get(op) ?? 0).padStart(3)} / ${expected.get(op)}`);
    const full = plans.filter((p) => p.plan?.kind === "full").length;
    const createOnly = plans.filter((p) => p.plan?.kind === "create-only").length;
    console.log(
      `4c ${MINOR}: operations done / called for by the constants (${full} full kinds, ${createOnly} create-only):\n${table.join("\n")}\n` +
        `  deleted objects that stayed until their finalizers were removed (no controller-manager here):\n    ${[...finalized].map(([k, v]) => `${k}: ${v}`).join("\n    ")}\n` +
        `  fillers used: ${objects.used.size} of ${Object.keys(FILLERS).length}`,
    );
    expect(Object.fromEntries(actual)).toEqual(Object.fromEntries(expected));
    // Exact counts derived from the constants, not typed in: e.g. every patch type of every full kind.
    const fullEntries = plans.filter((p) => p.plan?.kind === "full").map((p) => p.entry);
    expect(actual.get("create")).toBe(full + createOnly);
    expect(actual.get("patch apply")).toBe(fullEntries.filter((e) => e.verbs.includes("patch") && e.patchTypes.includes("apply")).length);
    expect(actual.get("status get")).toBe(fullEntries.filter((e) => e.subresources.some((s) => s.name === "status")).length);
    expect(actual.get("scale get")).toBe(fullEntries.filter((e) => e.subresources.some((s) => s.name === "scale")).length);
    // No filler is dead weight.
    expect(Object.keys(FILLERS).filter((k) => !objects.used.has(k))).toEqual([]);
  });
});

function metadataPatch(type: PatchType, key: string, name: string, namespace: string | undefined) {
  switch (type) {
    case "json":
      return { type, patch: [{ op: "add" as const, path: `/metadata/annotations/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`, value: "yes" }] };
    case "merge":
    case "strategic":
      return { type, patch: { metadata: { annotations: { [key]: "yes" } } } };
    case "apply":
      return { type, patch: { metadata: { name, ...(namespace ? { namespace } : {}), annotations: { [key]: "yes" } } }, fieldManager: FIELD_MANAGER };
  }
}

/** Runs a read-modify-write again while the server answers 409 Conflict (at most 5 times). */
async function retryOnConflict<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (!(error instanceof KubeApiError && error.code === 409) || attempt === 5) throw error;
    }
  }
}

async function waitNotFound(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 200));
  }
}
