// The CA decision: global fetch has no CA option, so a client given `ca` sends over
// node:https. Against an HTTPS loopback server with a self-signed certificate.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KubeApiError, KubeClient, namespaced, type KubeObject, type NamespacedDescriptor, type ObjectMetaLike } from "../../client/src/index.js";
import { TEST_PACKAGES } from "../helpers.js";
import { FakeApiServer, type KindInfo } from "./fake-apiserver.js";

interface Secret extends KubeObject {
  apiVersion: "v1";
  kind: "Secret";
  metadata: ObjectMetaLike;
  stringData?: Record<string, string>;
}

let dir: string;
let ca: string;
let server: FakeApiServer;
let baseUrl: string;
let SecretK: NamespacedDescriptor<Secret>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "k8s-client-tls-"));
  execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"), "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"], { stdio: "ignore" });
  ca = readFileSync(join(dir, "cert.pem"), "utf8");
  const core = (await import(pathToFileURL(join(TEST_PACKAGES, "v1.36/core/v1/index.mjs")).href)) as Record<string, unknown>;
  SecretK = core.Secret as NamespacedDescriptor<Secret>;
  server = new FakeApiServer([SecretK as unknown as KindInfo]);
  baseUrl = await server.start({ key: readFileSync(join(dir, "key.pem"), "utf8"), cert: ca });
});
afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("TLS with a cluster CA", () => {
  it("trusts the server with `ca` (node:https transport), for requests and watches", async () => {
    const client = new KubeClient({ baseUrl, ca, token: "tls-token", headers: { "User-Agent": "tls-test" } }); // extra headers must not replace the request's
    const secrets = namespaced(SecretK, "tls");
    await client.request(secrets.create({ apiVersion: "v1", kind: "Secret", metadata: { name: "s" }, stringData: { k: "v" } }));
    expect(server.requests.at(-1)!.authorization).toBe("Bearer tls-token");
    expect(server.requests.at(-1)!.userAgent).toBe("tls-test");
    expect((await client.request(secrets.list())).items.map((s) => s.metadata.name)).toEqual(["s"]);
    const missing = await client.request(secrets.get("nope")).catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: 404, reason: "NotFound" });
    for await (const event of client.watch(secrets.watch())) {
      expect(event).toMatchObject({ type: "ADDED", object: { kind: "Secret", metadata: { name: "s" } } });
      break;
    }
  });

  it("refuses the server without the CA (global fetch), and that is not an API error", async () => {
    const error = await new KubeClient({ baseUrl }).request(namespaced(SecretK, "tls").list()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(KubeApiError);
    expect(String((error as { cause?: unknown }).cause)).toMatch(/self[- ]signed|certificate/i);
  });
});
