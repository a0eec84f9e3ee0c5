// The rewrite a cluster applies to CRD schemas before publishing /openapi/v2: one test per rule,
// each showing what the rule removes and what it leaves alone.
import { describe, expect, it } from "vitest";
import { openApiV2View, v2Node, v2Schema } from "../../generator/crd/openapi-v2-view.js";
import type { SwaggerDocument } from "../../generator/spec-types.js";

describe("openapi-v2-view: the server's rewrite of one schema node", () => {
  it("drops the junctors allOf, oneOf, anyOf and not, and keeps the rest of the node", () => {
    const node = { type: "object", oneOf: [{ required: ["a"] }], anyOf: [{ required: ["b"] }], allOf: [{}], not: {}, description: "d" };
    expect(v2Node(node)).toEqual({ type: "object", description: "d" });
  });

  it("drops defaults", () => {
    expect(v2Node({ type: "integer", default: 3, minimum: 1 })).toEqual({ type: "integer", minimum: 1 });
  });

  it("removes nullable properties from required, and required itself when none is left", () => {
    const node = { type: "object", required: ["a", "b"], properties: { a: { type: "string", nullable: true }, b: { type: "string" } } };
    expect(v2Node(node).required).toEqual(["b"]);
    const allNullable = { type: "object", required: ["a"], properties: { a: { type: "string", nullable: true } } };
    expect(v2Node(allNullable)).not.toHaveProperty("required");
  });

  it("drops required when the additional properties may be null", () => {
    const node = { type: "object", required: ["a"], properties: { a: { type: "string" } }, additionalProperties: { type: "string", nullable: true } };
    expect(v2Node(node)).not.toHaveProperty("required");
  });

  it("makes a nullable node untyped and childless", () => {
    const node = { type: "object", nullable: true, properties: { a: { type: "string" } }, description: "kept" };
    expect(v2Node(node)).toEqual({ description: "kept" });
    expect(v2Node({ type: "array", nullable: true, items: { type: "string" } })).toEqual({});
  });

  it("drops the children of a node that preserves unknown fields, and its type when it is an object", () => {
    const object = { type: "object", "x-kubernetes-preserve-unknown-fields": true, properties: { a: { type: "string" } } };
    expect(v2Node(object)).toEqual({ "x-kubernetes-preserve-unknown-fields": true });
    const array = { type: "array", "x-kubernetes-preserve-unknown-fields": true, items: { type: "string" } };
    // An array left without items loses its type too: kubectl cannot check an array of nothing.
    expect(v2Node(array)).toEqual({ "x-kubernetes-preserve-unknown-fields": true });
  });

  it("keeps a node that none of the rules concern exactly as it was", () => {
    const node = { type: "object", required: ["a"], properties: { a: { type: "string", enum: ["x"] } }, "x-kubernetes-list-type": "map" };
    expect(v2Node(node)).toEqual(node);
  });

  it("does not change its input", () => {
    const node = { type: "string", nullable: true, default: "x" };
    v2Node(node);
    expect(node).toEqual({ type: "string", nullable: true, default: "x" });
  });
});

describe("openapi-v2-view: whole schemas and documents", () => {
  it("rewrites properties, items and additionalProperties at every depth", () => {
    const schema = {
      type: "object",
      properties: {
        list: { type: "array", items: { type: "object", properties: { x: { type: "string", default: "d", nullable: true } } } },
        map: { type: "object", additionalProperties: { type: "object", oneOf: [{ required: ["y"] }], properties: { y: { type: "string" } } } },
      },
    };
    expect(v2Schema(schema)).toEqual({
      type: "object",
      properties: {
        list: { type: "array", items: { type: "object", properties: { x: {} } } },
        map: { type: "object", additionalProperties: { type: "object", properties: { y: { type: "string" } } } },
      },
    });
  });

  it("rewrites every definition of a document and keeps its paths", () => {
    const document = {
      swagger: "2.0",
      info: { title: "t", version: "v" },
      paths: { "/x": {} },
      definitions: { "a.b.C": { type: "object", properties: { s: { type: "string", default: "z" } } } },
    } as unknown as SwaggerDocument;
    const view = openApiV2View(document);
    expect(view.paths).toBe(document.paths);
    expect(view.definitions["a.b.C"]).toEqual({ type: "object", properties: { s: { type: "string" } } });
    expect((document.definitions["a.b.C"] as { properties: { s: { default?: string } } }).properties.s.default).toBe("z");
  });
});
