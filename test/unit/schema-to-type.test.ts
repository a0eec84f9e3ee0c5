// One schema shape at a time, in isolation.
import { describe, expect, it } from "vitest";
import type { Schema } from "../../generator/spec-types.js";
import { arrayType, enumType, objectType, propertyMembers, schemaToType, union, type TypeContext } from "../../generator/emit/schema-to-type.js";

const ctx: TypeContext = {
  ref: (name) => name.split(".").pop()!,
  isResource: (name) => name.endsWith(".Pod"),
  helper: (name) => `meta_v1.${name}`,
};
const t = (schema: Schema) => schemaToType(schema, ctx);

describe("schema shapes", () => {
  it("primitives", () => {
    expect(t({ type: "string" })).toBe("string");
    expect(t({ type: "string", format: "byte" })).toBe("string");
    expect(t({ type: "string", format: "date-time" })).toBe("string");
    expect(t({ type: "integer", format: "int64" })).toBe("number");
    expect(t({ type: "number", format: "double" })).toBe("number");
    expect(t({ type: "boolean" })).toBe("boolean");
    expect(t({})).toBe("unknown");
  });
  it("$ref, and a resource kind referred to from another type is Embedded", () => {
    expect(t({ $ref: "#/definitions/io.k8s.api.core.v1.PodSpec" })).toBe("PodSpec");
    expect(t({ $ref: "#/definitions/io.k8s.api.core.v1.Pod" })).toBe("meta_v1.Embedded<Pod>");
  });
  it("arrays, parenthesised when the item is a union", () => {
    expect(arrayType({ type: "array", items: { type: "string" } }, ctx)).toBe("string[]");
    expect(arrayType({ type: "array", items: { "x-kubernetes-int-or-string": true } }, ctx)).toBe("(number | string)[]");
    expect(arrayType({ type: "array" }, ctx)).toBe("unknown[]");
  });
  it("maps accept null values (Go decodes them to the zero value)", () => {
    expect(objectType({ type: "object", additionalProperties: { type: "string" } }, ctx)).toBe("{ [key: string]: string | null }");
  });
  it("an object with no shape is open", () => {
    expect(objectType({ type: "object" }, ctx)).toBe("{ [key: string]: unknown }");
  });
  it("properties: required ones plain, optional ones `?` and nullable", () => {
    const members = propertyMembers({ properties: { a: { type: "string" }, "b-c": { type: "integer" } }, required: ["a"] }, ctx);
    expect(members).toEqual(["a: string;", '"b-c"?: number | null;']);
  });
  it("descriptions become JSDoc on properties, with @deprecated", () => {
    const [member] = propertyMembers({ properties: { a: { type: "string", description: "Old field. Deprecated: use b." } } }, ctx);
    expect(member).toContain("/**\n * Old field. Deprecated: use b.\n * @deprecated Deprecated: use b.\n */\na?: string | null;");
  });
  it("enums become literal unions", () => {
    expect(enumType(["A", "B", 3, null])).toBe('"A" | "B" | 3 | null');
    expect(t({ type: "string", enum: ["Always", "Never"] })).toBe('"Always" | "Never"');
  });
  it("CRD keywords: int-or-string, nullable, preserve-unknown-fields, embedded-resource, allOf/oneOf", () => {
    expect(t({ "x-kubernetes-int-or-string": true, anyOf: [{ type: "integer" }, { type: "string" }] })).toBe("number | string");
    expect(t({ type: "string", nullable: true })).toBe("string | null");
    expect(t({ type: "object", "x-kubernetes-preserve-unknown-fields": true })).toBe("{\n[key: string]: unknown;\n}");
    expect(t({ type: "object", properties: { a: { type: "string" } }, "x-kubernetes-preserve-unknown-fields": true })).toBe("{\na?: string | null;\n[key: string]: unknown;\n}");
    expect(t({ type: "object", "x-kubernetes-embedded-resource": true, "x-kubernetes-preserve-unknown-fields": true })).toBe(
      "{\napiVersion?: string;\nkind?: string;\nmetadata?: meta_v1.ObjectMeta;\n[key: string]: unknown;\n}",
    );
    expect(t({ oneOf: [{ type: "string" }, { type: "integer" }] })).toBe("string | number");
    expect(t({ allOf: [{ $ref: "#/definitions/a.A" }, { $ref: "#/definitions/a.B" }] })).toBe("A & B");
  });
  it("union folds duplicates and absorbs into unknown", () => {
    expect(union(["string", "string", "null"])).toBe("string | null");
    expect(union(["unknown", "null"])).toBe("unknown");
  });
});
