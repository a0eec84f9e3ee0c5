// Custom resources: the client knows no kind by name, so the constants the CRD generator
// writes (from CustomResourceDefinition manifests, via a cluster-style /openapi/v2
// document) work exactly as the built-in ones. Every request the builder can form is
// checked against that document's paths, and a custom kind is driven against the
// loopback server.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KubeClient, namespaced, type AnyDescriptor, type KubeObject, type NamespacedDescriptor, type ObjectMetaLike, type WatchEvent } from "../../client/src/index.js";
import { buildCrdDocument, generateCrdPackage } from "../../generator/crd/generate-crd.js";
import { REPO_ROOT } from "../../generator/load/pinned-specs.js";
import type { SwaggerDocument } from "../../generator/spec-types.js";
import { writePackages } from "../../generator/write/write-output.js";
import type { ResourceEntry } from "../helpers.js";
import { FakeApiServer, type KindInfo } from "./fake-apiserver.js";
import { checkRequest, formRequests } from "./spec-check.js";

const GATEWAY_API = join(REPO_ROOT, "../shared/corpus/crds/gateway-api/config/crd/standard");
// The fixture CRD (every schema feature, status and scale, two versions) and two small real ones.
const INPUTS = [join(REPO_ROOT, "test/fixtures/crd"), join(GATEWAY_API, "gateway.networking.k8s.io_gatewayclasses.yaml"), join(GATEWAY_API, "gateway.networking.k8s.io_referencegrants.yaml")];
const STRATEGIC = "application/strategic-merge-patch+json";

let dir: string;
let document: SwaggerDocument;
let kinds: { entry: ResourceEntry; descriptor: AnyDescriptor }[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "k8s-client-crds-"));
  document = (await buildCrdDocument(INPUTS)).document;
  const generated = await generateCrdPackage({ inputs: INPUTS, name: "@test/crds", kubernetes: "1.36" });
  await writePackages(dir, new Map([["crds", generated.files]]));
  const entries = JSON.parse(readFileSync(join(dir, "crds/resources.json"), "utf8")) as ResourceEntry[];
  kinds = [];
  for (const entry of entries) {
    const module = (await import(pathToFileURL(join(dir, "crds", entry.importPath, "index.mjs")).href)) as Record<string, AnyDescriptor>;
    kinds.push({ entry, descriptor: module[entry.exportName]! });
  }
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("custom resources", () => {
  it("every request the builder forms has its path, method, action, kind and Content-Type in the CRD document", () => {
    expect(kinds.map((k) => `${k.entry.apiVersion} ${k.entry.kind} ${k.entry.scope}`)).toEqual(
      expect.arrayContaining(["example.com/v1 Widget namespaced", "example.com/v1 Gadget cluster", "gateway.networking.k8s.io/v1 GatewayClass cluster", "gateway.networking.k8s.io/v1beta1 ReferenceGrant namespaced"]),
    );
    const problems: string[] = [];
    let requests = 0;
    for (const { entry, descriptor } of kinds) {
      const { formed } = formRequests(descriptor);
      requests += formed.length;
      for (const f of formed) {
        // The CRD generator's document declares no operation parameters (a cluster's
        // /openapi/v2 does), so query parameters and bodies are not checked here.
        for (const problem of checkRequest(document, descriptor, f, false)) problems.push(`${entry.apiVersion} ${entry.kind}: ${problem}`);
      }
    }
    expect(problems).toEqual([]);
    expect(requests).toBeGreaterThan(50);
  });

  it("refuses a strategic merge patch for every custom kind, before any I/O (the API server accepts none)", () => {
    let refusals = 0;
    for (const { entry, descriptor } of kinds) {
      expect(entry.patchTypes, `${entry.apiVersion} ${entry.kind}`).toEqual(["json", "merge", "apply"]);
      expect([...descriptor.PATCH_TYPES!], `${entry.apiVersion} ${entry.kind}`).toEqual(["json", "merge", "apply"]);
      for (const sub of entry.subresources) expect(sub.patchTypes, `${entry.kind}/${sub.name}`).toEqual(["json", "merge", "apply"]);
      const { formed, refused } = formRequests(descriptor);
      expect(formed.filter((f) => f.request.headers["Content-Type"] === STRATEGIC)).toEqual([]);
      expect(refused.filter((label) => label.endsWith(" strategic")).sort()).toEqual(["patch strategic", "patchScale strategic", "patchStatus strategic"]);
      // The other patch types are formed: on the kind, and on each subresource it has.
      const merges = formed.filter((f) => f.request.headers["Content-Type"] === "application/merge-patch+json").map((f) => f.request.path.split("/").pop());
      expect(merges.length, `${entry.apiVersion} ${entry.kind}`).toBe(1 + entry.subresources.length);
      refusals += 1 + entry.subresources.length;
      if (descriptor.SCOPE === "namespaced") {
        const widgets = namespaced(descriptor, "ns");
        expect(() => widgets.patch("x", { type: "strategic", patch: {} })).toThrow(/does not accept a "strategic" patch \(PATCH_TYPES: json, merge, apply\)/);
      }
    }
    expect(refusals).toBeGreaterThan(4);
  });

  it("drives a custom kind (status and scale included) against the loopback server", async () => {
    interface Widget extends KubeObject {
      apiVersion: "example.com/v1";
      kind: "Widget";
      metadata: ObjectMetaLike;
      spec: { replicas?: number; size?: string };
      status?: { replicas?: number; phase?: string };
    }
    const Widget = kinds.find((k) => k.entry.apiVersion === "example.com/v1" && k.entry.kind === "Widget")!.descriptor as NamespacedDescriptor<Widget>;
    const server = new FakeApiServer([Widget as unknown as KindInfo]);
    const client = new KubeClient({ baseUrl: await server.start() });
    try {
      const widgets = namespaced(Widget, "shop");
      const list = await client.request(widgets.list());
      expect(list).toMatchObject({ apiVersion: "example.com/v1", kind: "WidgetList", items: [] });
      const events: WatchEvent<Widget>[] = [];
      const watching = (async () => {
        for await (const event of client.watch(widgets.watch({ resourceVersion: list.metadata!.resourceVersion!, timeoutSeconds: 1 }))) events.push(event);
      })();
      await client.request(widgets.create({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w1" }, spec: { replicas: 1, size: "S" } }));
      expect(server.requests.at(-1)!.url).toBe("/apis/example.com/v1/namespaces/shop/widgets");
      await client.request(widgets.patch("w1", { type: "apply", fieldManager: "test", patch: { spec: { size: "M" } } }));
      await client.request(widgets.patchStatus("w1", { type: "merge", patch: { status: { phase: "Ready" } } }));
      await client.request(widgets.patchScale("w1", { type: "json", patch: [{ op: "replace", path: "/spec/replicas", value: 3 }] }));
      const got = await client.request(widgets.get("w1"));
      expect(got).toMatchObject({ kind: "Widget", spec: { replicas: 3, size: "M" }, status: { phase: "Ready" } });
      await watching;
      expect(events.map((e) => e.type)).toEqual(["ADDED", "MODIFIED", "MODIFIED", "MODIFIED"]);
    } finally {
      await server.stop();
    }
  });
});
