// Request bodies through both transports reach the server whole, for every method that
// carries one. node:http(s) sends neither Content-Length nor chunked encoding on its own for
// DELETE (nor GET/OPTIONS), so a body written with req.end() arrived as an empty body: the
// DeleteOptions of a delete — dryRun among them — were dropped, and a dry-run delete of a
// real API server really deleted (found by test/real-apiserver/client-verbs.test.ts).
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchTransport, nodeHttpTransport, type Transport } from "../../client/src/index.js";

interface Received {
  method: string;
  contentLength: string | undefined;
  transferEncoding: string | undefined;
  body: string;
}

let server: Server;
let base: URL;
const received: Received[] = [];

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ method: req.method!, contentLength: req.headers["content-length"], transferEncoding: req.headers["transfer-encoding"], body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(200, { "Content-Type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function send(transport: Transport, method: string, body: string): Promise<Received> {
  const before = received.length;
  const response = await transport({ url: new URL("/x", base), method, headers: { "Content-Type": "application/json" }, body, signal: new AbortController().signal });
  for await (const _ of response.body) void _;
  expect(response.status).toBe(200);
  expect(received.length).toBe(before + 1);
  return received.at(-1)!;
}

// Multi-byte characters: Content-Length counts bytes, not UTF-16 code units.
const BODY = JSON.stringify({ apiVersion: "v1", kind: "DeleteOptions", dryRun: ["All"], note: "größe ✓ 😀" });

describe.each([
  ["nodeHttpTransport", () => nodeHttpTransport()],
  ["fetchTransport", () => fetchTransport()],
])("%s sends every body with its length", (_name, make) => {
  for (const method of ["DELETE", "POST", "PUT", "PATCH"]) {
    it(`${method}`, async () => {
      const got = await send(make(), method, BODY);
      expect(got.method).toBe(method);
      expect(got.body).toBe(BODY);
      expect(got.transferEncoding).toBeUndefined();
      expect(got.contentLength).toBe(String(Buffer.byteLength(BODY)));
      expect(Number(got.contentLength)).toBeGreaterThan(BODY.length); // the multi-byte characters count
    });
  }
});
