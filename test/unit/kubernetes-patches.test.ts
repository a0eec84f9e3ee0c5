// scripts/kubernetes-patches.ts (run by .github/workflows/regenerate.yml): the newest patch tag
// of a minor among the Go module proxy's versions, and a tag pin moved in specs/kubernetes.json
// without touching any other entry or the file's layout.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PINS_FILE, readPins } from "../../generator/load/pinned-specs.js";
import { movePin, patchTags } from "../../scripts/kubernetes-patches.js";

describe("scripts/kubernetes-patches.ts", () => {
  it("lists a minor's release tags newest first, without pre-releases or other minors", () => {
    const versions = ["v1.37.0", "v1.37.10", "v1.37.2", "v1.38.0-beta.0", "v1.37.11-rc.0", "v1.3.7", "v1.370.1", "v0.37.1"];
    expect(patchTags(versions, "1.37")).toEqual(["v1.37.10", "v1.37.2", "v1.37.0"]);
    expect(patchTags(versions, "1.36")).toEqual([]);
  });

  it("moves the 1.37 tag pin: tag, url, sha256, commitDate and goModule.version change, nothing else", () => {
    const text = readFileSync(PINS_FILE, "utf8");
    const pins = readPins();
    const pin = pins.find((p) => p.goModule)!;
    const sha = "0".repeat(64);
    const next = `v${pin.version}.99`;
    const moved = movePin(text, pin, next, sha, "2027-01-02");
    const after = (JSON.parse(moved) as { versions: typeof pins }).versions;
    expect(after.find((p) => p.version === pin.version)).toEqual({
      ...pin,
      tag: next,
      url: pin.url.replace(`/${pin.tag}/`, `/${next}/`),
      sha256: sha,
      commitDate: "2027-01-02",
      goModule: { ...pin.goModule, version: next },
    });
    expect(after.filter((p) => p.version !== pin.version)).toEqual(pins.filter((p) => p.version !== pin.version));
    // Only the changed lines differ: the layout (goModule on one line) is kept.
    const changed = moved.split("\n").filter((line, i) => line !== text.split("\n")[i]);
    expect(changed.length).toBe(5);
    expect(moved.split("\n").length).toBe(text.split("\n").length);
  });
});
