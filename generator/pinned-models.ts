// The model of each pinned Kubernetes version, built once per process through the shared
// stages (pipeline.ts): diff, check and the packages' CHANGES.md ask for the same versions
// again and again. The version list and the newest version come from specs/kubernetes.json.
import { fetchPinnedSpec, findPin, readPins, type SpecSourceOptions } from "./load/pinned-specs.js";
import { parseJson } from "./load/read-document.js";
import type { PackageModel } from "./model/build-model.js";
import { modelOf } from "./pipeline.js";
import type { SwaggerDocument } from "./spec-types.js";

const models = new Map<string, Promise<PackageModel>>();

export async function pinnedModel(version: string, options: SpecSourceOptions = {}): Promise<PackageModel> {
  const pin = findPin(version);
  let model = models.get(pin.version);
  if (!model) {
    // The bytes are the pinned ones (sha256 checked on every read), and every pinned document
    // passes validation whenever it is generated: validating it again would cost ~1 s here.
    model = fetchPinnedSpec(pin, options).then(async ({ bytes, origin }) => {
      const document = parseJson(bytes.toString("utf8"), origin) as SwaggerDocument;
      return (await modelOf({ document, file: origin, pinnedVersion: pin.version })).model;
    });
    models.set(pin.version, model);
    model.catch(() => models.delete(pin.version)); // a failed load is not remembered
  }
  return model;
}

/** The pinned minors, oldest first. */
export function pinnedVersions(): string[] {
  return readPins().map((p) => p.version);
}

/** The pinned minor before `version`, or undefined for the oldest. */
export function previousPinned(version: string): string | undefined {
  const versions = pinnedVersions();
  const at = versions.indexOf(version);
  return at > 0 ? versions[at - 1] : undefined;
}
