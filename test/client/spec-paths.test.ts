// (1) The client never invents a URL: for every resource kind of every generated version,
// every request the builder can form has a path that exists in that version's spec, with
// that HTTP method, an operation of the expected action and kind, and only query
// parameters (and body, and content type) the operation declares. Requests the kind's
// constants do not allow must be refused before any I/O.
import { describe, expect, it } from "vitest";
import { readSpec, VERSIONS } from "../helpers.js";
import { loadKinds } from "./load-constants.js";
import { checkRequest, formRequests } from "./spec-check.js";

describe("every request the builder forms exists in the version's spec", () => {
  for (const version of VERSIONS) {
    it(`Kubernetes ${version}`, async () => {
      const doc = readSpec(version);
      const kinds = await loadKinds(version);
      expect(kinds.length).toBeGreaterThan(70);
      let requests = 0;
      let refusals = 0;
      const problems: string[] = [];
      const kindsWithRequests = new Set<string>();
      for (const { entry, descriptor } of kinds) {
        // The runtime constants are the resources.json facts.
        expect({ seg: descriptor.URL_PATH_SEGMENT, scope: descriptor.SCOPE, verbs: [...descriptor.VERBS], kind: descriptor.KIND, listKind: descriptor.LIST_KIND ?? null }).toEqual({
          seg: entry.urlPathSegment,
          scope: entry.scope,
          verbs: entry.verbs,
          kind: entry.kind,
          listKind: entry.listKind,
        });
        const { formed, refused } = formRequests(descriptor);
        requests += formed.length;
        refusals += refused.length;
        if (formed.length > 0) kindsWithRequests.add(`${entry.importPath} ${entry.kind}`);
        // Every verb the constants declare (but connect) yields at least one request.
        for (const verb of entry.verbs.filter((v) => v !== "connect")) {
          if (!formed.some((f) => f.expect.verb === verb && !f.expect.gvk)) problems.push(`${entry.kind}: verb ${verb} formed no request`);
        }
        for (const f of formed) problems.push(...checkRequest(doc, descriptor, f).map((p) => `${entry.importPath} ${entry.kind}: ${p}`));
      }
      expect(problems).toEqual([]);
      const usable = kinds.filter((k) => k.entry.scope !== "subresource" && k.entry.verbs.some((v) => v !== "connect")).length;
      expect(kindsWithRequests.size).toBe(usable);
      expect(requests).toBeGreaterThan(900);
      console.info(`${version}: ${kinds.length} kinds, ${kindsWithRequests.size} with requests, ${requests} requests checked against the spec, ${refusals} refused`);
    });
  }
});
