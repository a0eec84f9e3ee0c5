// The CLI on a cluster-style document served over HTTP: the built-in definitions of 1.36
// plus a custom resource with its paths, as `kubectl get --raw /openapi/v2` returns them.
// The custom kind gets exactly the treatment of a built-in one.
import { execFile } from "node:child_process";
import { readFileSync, mkdtempSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../generator/load/pinned-specs.js";
import type { SwaggerDocument } from "../../generator/spec-types.js";
import { readSpec } from "../helpers.js";
import { makeProject, typecheck } from "../support/typecheck.js";

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const BIN = join(REPO_ROOT, "generator/runner/bin.mjs");

/** A namespaced custom kind `Widget` of example.com/v1 with status and scale subresources, as the API server publishes it. */
function clusterDocument(): SwaggerDocument {
  const doc = readSpec("1.36");
  const gvk = { group: "example.com", version: "v1", kind: "Widget" };
  const listGvk = { ...gvk, kind: "WidgetList" };
  doc.definitions["com.example.v1.Widget"] = {
    type: "object",
    description: "A widget.",
    "x-kubernetes-group-version-kind": [gvk],
    properties: {
      apiVersion: { type: "string" },
      kind: { type: "string" },
      metadata: { $ref: "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" },
      spec: { type: "object", required: ["size"], properties: { size: { type: "integer" }, color: { type: "string" } } },
      status: { type: "object", properties: { ready: { type: "boolean" } } },
    },
  };
  doc.definitions["com.example.v1.WidgetList"] = {
    type: "object",
    "x-kubernetes-group-version-kind": [listGvk],
    required: ["items"],
    properties: {
      apiVersion: { type: "string" },
      kind: { type: "string" },
      metadata: { $ref: "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta" },
      items: { type: "array", items: { $ref: "#/definitions/com.example.v1.Widget" } },
    },
  };
  const op = (action: string, k = gvk) => ({ "x-kubernetes-action": action, "x-kubernetes-group-version-kind": k, responses: { "200": { description: "OK" } } });
  const base = "/apis/example.com/v1";
  // What a cluster's PATCH operations of a custom resource accept: no strategic merge patch.
  const patch = () => ({ ...op("patch"), consumes: ["application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml", "application/apply-patch+cbor"] });
  const param = (name: string) => ({ name, in: "path", required: true, type: "string" });
  const ns = [param("namespace")];
  const nsName = [param("name"), param("namespace")];
  const scale = { group: "autoscaling", version: "v1", kind: "Scale" };
  doc.paths[`${base}/namespaces/{namespace}/widgets`] = { parameters: ns, get: op("list"), post: op("post"), delete: op("deletecollection") };
  doc.paths[`${base}/namespaces/{namespace}/widgets/{name}`] = { parameters: nsName, get: op("get"), put: op("put"), patch: patch(), delete: op("delete") };
  doc.paths[`${base}/namespaces/{namespace}/widgets/{name}/status`] = { parameters: nsName, get: op("get"), put: op("put"), patch: patch() };
  doc.paths[`${base}/namespaces/{namespace}/widgets/{name}/scale`] = { parameters: nsName, get: op("get", scale), put: op("put", scale) };
  doc.paths[`${base}/widgets`] = { get: op("list") };
  return doc;
}

describe("generate --spec <url> on a cluster document with a custom resource", () => {
  let server: Server;
  let url: string;
  const out = join(mkdtempSync(join(tmpdir(), "k8s-openapi-ts-cli-")), "cluster-types");

  beforeAll(async () => {
    const body = JSON.stringify(clusterDocument());
    server = createServer((_, res) => res.writeHead(200, { "content-type": "application/json" }).end(body));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address() as { port: number };
    url = `http://127.0.0.1:${address.port}/openapi/v2`;
    await run(process.execPath, [BIN, "generate", "--spec", url, "--out", out, "--name", "@acme/cluster-types", "--kubernetes", "1.36"]);
  }, 120_000);
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("gives the custom kind constants from its paths, like a built-in", () => {
    const { Widget } = require(join(out, "example.com/v1/index.js")) as { Widget: Record<string, unknown> };
    expect(Widget).toMatchObject({
      API_VERSION: "example.com/v1", GROUP: "example.com", KIND: "Widget", VERSION: "v1",
      URL_PATH_SEGMENT: "widgets", SCOPE: "namespaced", LIST_KIND: "WidgetList",
      VERBS: ["get", "list", "create", "update", "patch", "delete", "deletecollection"],
      PATCH_TYPES: ["json", "merge", "apply"],
      SUBRESOURCES: ["scale", "status"],
    });
    const resources = JSON.parse(readFileSync(join(out, "resources.json"), "utf8")) as { kind: string; subresources: unknown[] }[];
    expect(resources.find((r) => r.kind === "Widget")!.subresources).toEqual([
      { name: "scale", verbs: ["get", "update"], patchTypes: [], kind: { apiVersion: "autoscaling/v1", kind: "Scale" } },
      { name: "status", verbs: ["get", "update", "patch"], patchTypes: ["json", "merge", "apply"] },
    ]);
    const pkg = JSON.parse(readFileSync(join(out, "package.json"), "utf8")) as { name: string; exports: Record<string, unknown> };
    expect(pkg.name).toBe("@acme/cluster-types");
    expect(Object.keys(pkg.exports)).toEqual(expect.arrayContaining(["./example.com/v1", "./core/v1", "./meta/v1"]));
  });

  it("types the custom kind and keeps it in the apiVersion+kind map", () => {
    const project = makeProject({ "@acme/cluster-types": out });
    const diagnostics = typecheck(project, {
      "use.ts": [
        'import { Widget, type WidgetList } from "@acme/cluster-types/example.com/v1";',
        'import type { ResourceOf } from "@acme/cluster-types";',
        'export const w: ResourceOf<"example.com/v1", "Widget"> = { apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "a" }, spec: { size: 3 } };',
        'export const l: WidgetList = { apiVersion: "example.com/v1", kind: "WidgetList", items: [w] };',
        'export const plural: "widgets" = Widget.URL_PATH_SEGMENT;',
        '// @ts-expect-error size is required',
        'export const bad: Widget = { apiVersion: "example.com/v1", kind: "Widget", metadata: {}, spec: {} };',
      ].join("\n"),
    });
    expect(diagnostics.map((d) => d.message)).toEqual([]);
  });

  it("documents every flag in --help", async () => {
    const { stdout } = await run(process.execPath, [BIN, "generate", "--help"]);
    for (const flag of ["--spec", "--out", "--name", "--kubernetes", "--timeout"]) expect(stdout).toContain(flag);
    const all = await run(process.execPath, [BIN, "generate-all", "--help"]);
    for (const flag of ["--versions", "--out", "--mirror", "--no-download"]) expect(all.stdout).toContain(flag);
  });
});
