import ts from "typescript";
import { describe, expect, it } from "vitest";
import { escapeCommentText, jsdoc } from "../../generator/emit/jsdoc.js";
import { locateDefinition, moduleAlias, propertyKey, safeSegment, toIdentifier } from "../../generator/model/names.js";

describe("definition name → module and export", () => {
  it.each([
    ["io.k8s.api.core.v1.Pod", "core/v1", "Pod"],
    ["io.k8s.api.apps.v1.Deployment", "apps/v1", "Deployment"],
    ["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "meta/v1", "ObjectMeta"],
    ["io.k8s.apimachinery.pkg.api.resource.Quantity", "api/resource", "Quantity"],
    ["io.k8s.apimachinery.pkg.util.intstr.IntOrString", "util/intstr", "IntOrString"],
    ["io.k8s.apimachinery.pkg.runtime.RawExtension", "runtime", "RawExtension"],
    ["io.k8s.apimachinery.pkg.version.Info", "version", "Info"],
    ["io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition", "apiextensions/v1", "CustomResourceDefinition"],
    ["io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIService", "apiregistration/v1", "APIService"],
  ])("%s → %s %s", (name, module, exportName) => {
    expect(locateDefinition(name)).toEqual({ module, exportName });
  });
  it("custom resources go to <group>/<version> with the group's dots kept", () => {
    expect(locateDefinition("io.cert-manager.v1.Certificate", { group: "cert-manager.io", version: "v1", kind: "Certificate" })).toEqual({ module: "cert-manager.io/v1", exportName: "Certificate" });
  });
  it("hostile names cannot leave the package folder or break identifiers", () => {
    expect(safeSegment("..")).toBe("_..");
    expect(safeSegment("a/b\\c")).toBe("a_b_c");
    expect(locateDefinition("../../etc", { group: "../x", version: "v1", kind: "K" }).module).toBe("_.._x/v1");
    expect(toIdentifier("class")).toBe("class_");
    expect(toIdentifier("0abc")).toBe("_0abc");
    expect(toIdentifier("a-b")).toBe("a_b");
    expect(moduleAlias("cert-manager.io/v1")).toBe("cert_manager_io_v1");
    expect(propertyKey("x-kubernetes-preserve-unknown-fields")).toBe('"x-kubernetes-preserve-unknown-fields"');
    expect(propertyKey("$ref")).toBe("$ref");
    expect(propertyKey("")).toBe('""');
  });
});

describe("JSDoc", () => {
  it("cannot be closed or turned into tags by the description", () => {
    expect(escapeCommentText("a */ b")).toBe("a *\\/ b");
    expect(escapeCommentText("x\r\ny\u2028z\rw")).toBe("x\ny\nz\nw");
    expect(escapeCommentText("@internal trick")).toBe("\\@internal trick");
    expect(jsdoc("one\ntwo", { deprecated: "Deprecated: gone." })).toBe("/**\n * one\n * two\n * @deprecated Deprecated: gone.\n */\n");
    expect(jsdoc(undefined)).toBe("");
  });

  it("escapes every `@` that TypeScript would read as a tag (after any whitespace, not only at a line start), in descriptions and tag texts", () => {
    expect(escapeCommentText("mail me @deprecated now, user@example.com, (@x)")).toBe("mail me \\@deprecated now, user@example.com, (@x)");
    const text = jsdoc("A type. @deprecated not really", { deprecated: "Deprecated: use B.\n@see C @internal", default: "a @b" });
    const source = ts.createSourceFile("x.d.ts", `${text}export interface A {}`, ts.ScriptTarget.Latest, true);
    const tags = ts.getJSDocTags(source.statements[0]!).map((t) => [t.tagName.text, ts.getTextOfJSDocComment(t.comment)]);
    expect(tags).toEqual([
      ["default", '"a \\@b"'],
      ["deprecated", "Deprecated: use B. \\@see C \\@internal"],
    ]);
  });
});
