// The client names itself in every request's User-Agent, with its version: the constant is
// written in the source (the client loads no file at run time), so a release that bumps
// client/package.json must bump it too — this test is what notices.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { USER_AGENT } from "../../client/src/index.js";
import { REPO_ROOT } from "../../generator/load/pinned-specs.js";

it("USER_AGENT carries client/package.json's version", () => {
  const { version } = JSON.parse(readFileSync(join(REPO_ROOT, "client/package.json"), "utf8")) as { version: string };
  expect(USER_AGENT).toBe(`k8s-openapi-ts-client/${version}`);
});
