// Loads the runtime constants of every resource kind of a generated test package.
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { AnyDescriptor } from "../../client/src/index.js";
import { readResources, TEST_PACKAGES, type ResourceEntry } from "../helpers.js";

export interface LoadedKind {
  entry: ResourceEntry;
  descriptor: AnyDescriptor;
}

export async function loadKinds(version: string): Promise<LoadedKind[]> {
  const modules = new Map<string, Record<string, unknown>>();
  const kinds: LoadedKind[] = [];
  for (const entry of readResources(version)) {
    let module = modules.get(entry.importPath);
    if (!module) {
      module = (await import(pathToFileURL(join(TEST_PACKAGES, `v${version}`, entry.importPath, "index.mjs")).href)) as Record<string, unknown>;
      modules.set(entry.importPath, module);
    }
    const descriptor = module[entry.exportName];
    if (typeof descriptor !== "object" || descriptor === null) throw new Error(`${version} ${entry.importPath} ${entry.exportName}: no runtime constant`);
    kinds.push({ entry, descriptor: descriptor as AnyDescriptor });
  }
  return kinds;
}
