// (1) The client never invents a URL: for every resource kind of every generated version,
// every request the builder can form has a path that exists in that version's spec, with
// that HTTP method, an operation of the expected action and kind, and only query
// parameters (and body, and content type) the operation declares. Requests the kind's
// constants do not allow must be refused before any I/O. And the reverse: every operation the
// spec serves for a kind (its own paths, its status and scale) is a request the builder forms.
import { describe, expect, it } from "vitest";
import { readSpec, VERSIONS } from "../helpers.js";
import { loadKinds } from "./load-constants.js";
import { servedFor, servedOperations as allOperations, taggedKinds } from "../support/served.js";
import { checkRequest, formRequests, template } from "./spec-check.js";

const SERVED_OPERATIONS: Record<string, number> = {
  "1.28": 589, "1.29": 599, "1.30": 649, "1.31": 648, "1.32": 646, "1.33": 717, "1.34": 732, "1.35": 736, "1.36": 781, "1.37": 843,
};

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
      const ops = allOperations(doc);
      const tagged = taggedKinds(ops);
      let servedOperations = 0;
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
        // And the other way: every operation the spec serves for the kind (read from the
        // operations tagged with its GVK, not from the constants) is reachable through the
        // builder — on its own paths, and on the status and scale subresources the builder has.
        const gvk = tagged.get(`${entry.group}/${entry.version}/${entry.kind}`);
        if (gvk && entry.scope !== "subresource") {
          const served = servedFor(doc, ops, gvk);
          if (typeof served === "string") {
            problems.push(`${entry.apiVersion} ${entry.kind}: ${served}`);
            continue;
          }
          const reached = new Set(formed.map((f) => `${f.request.method.toLowerCase()} ${template(f.request.path)}`));
          const wanted = [
            // `…/watch/…` paths are the deprecated form of `?watch=true` on the list path, which the builder uses.
            ...served.own.filter((op) => !op.path.includes("/watch/")),
            ...ops.filter((op) => /\/\{name\}\/(status|scale)$/.test(op.path) && served.own.some((o) => op.path.startsWith(`${o.path.replace(/\/\{name\}$/, "")}/{name}/`) && o.path.endsWith("/{name}"))),
          ];
          servedOperations += wanted.length;
          for (const op of wanted) if (!reached.has(`${op.method} ${op.path}`)) problems.push(`${entry.apiVersion} ${entry.kind}: the spec serves ${op.method.toUpperCase()} ${op.path} (${op.action}), the builder forms no request for it`);
          for (const verb of served.verbs.filter((v) => v !== "connect")) {
            if (!formed.some((f) => f.expect.verb === verb && !f.expect.gvk)) problems.push(`${entry.apiVersion} ${entry.kind}: the spec serves ${verb}, the builder forms no request for it`);
          }
        }
        for (const f of formed) problems.push(...checkRequest(doc, descriptor, f).map((p) => `${entry.importPath} ${entry.kind}: ${p}`));
      }
      expect(problems).toEqual([]);
      const usable = kinds.filter((k) => k.entry.scope !== "subresource" && k.entry.verbs.some((v) => v !== "connect")).length;
      expect(kindsWithRequests.size).toBe(usable);
      expect(requests).toBeGreaterThan(900);
      // Facts of the pinned specs: the operations on the kinds' own paths (less /watch/) and on
      // their status and scale subresources, counted from the documents in specs/kubernetes.json.
      expect(servedOperations).toBe(SERVED_OPERATIONS[version]);
      console.info(`${version}: ${kinds.length} kinds, ${kindsWithRequests.size} with requests, ${requests} requests checked against the spec, ${refusals} refused`);
    });
  }
});
