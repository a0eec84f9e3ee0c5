// (3) The watch decoder over random chunk splits: whatever the byte boundaries (inside a
// line, inside a multi-byte UTF-8 character), it yields exactly the events sent.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeWatchStream, WatchDecodeError, type WatchEvent } from "../../client/src/index.js";

type Obj = { apiVersion: string; kind: string; metadata: { name: string; resourceVersion: string }; data: Record<string, string> };

const text = fc.string({ unit: "binary", maxLength: 20 }); // any code point, incl. astral ones (4 UTF-8 bytes)
const object: fc.Arbitrary<Obj> = fc.record({
  apiVersion: fc.constant("v1"),
  kind: fc.constant("ConfigMap"),
  metadata: fc.record({ name: text, resourceVersion: fc.integer({ min: 1, max: 1e9 }).map(String) }),
  data: fc.dictionary(text, text, { maxKeys: 4 }),
});
const event: fc.Arbitrary<WatchEvent<Obj>> = fc.oneof(
  fc.record({ type: fc.constantFrom("ADDED" as const, "MODIFIED" as const, "DELETED" as const), object }),
  fc.record({ type: fc.constant("BOOKMARK" as const), object: fc.record({ kind: fc.constant("ConfigMap"), apiVersion: fc.constant("v1"), metadata: fc.record({ resourceVersion: fc.integer({ min: 1 }).map(String) }) }) }),
  fc.record({ type: fc.constant("ERROR" as const), object: fc.record({ kind: fc.constant("Status" as const), apiVersion: fc.constant("v1" as const), metadata: fc.constant({}), code: fc.constantFrom(410, 500), message: text }) }),
);

/** The NDJSON bytes of events: optional blank lines between, optional final newline. */
function encode(events: WatchEvent<Obj>[], blankLines: boolean[], finalNewline: boolean): Uint8Array {
  const lines = events.map((e, i) => JSON.stringify(e) + (blankLines[i] ? "\n" : ""));
  return new TextEncoder().encode(lines.join("\n") + (finalNewline && lines.length > 0 ? "\n" : ""));
}

/** Cuts bytes at the given positions (taken modulo the length, deduplicated, sorted). */
function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => (bytes.length === 0 ? 0 : c % (bytes.length + 1))))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let last = 0;
  for (const p of [...points, bytes.length]) {
    chunks.push(bytes.subarray(last, p)); // empty chunks included on purpose
    last = p;
  }
  return chunks;
}

async function* iterate<T>(items: T[]): AsyncGenerator<T> {
  for (const item of items) {
    await Promise.resolve();
    yield item;
  }
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe("decodeWatchStream", () => {
  it("yields the events sent, for any split of the bytes into chunks", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(event, { maxLength: 12 }), fc.array(fc.boolean(), { maxLength: 12 }), fc.boolean(), fc.array(fc.nat(), { maxLength: 40 }), async (events, blanks, finalNewline, cuts) => {
        const chunks = split(encode(events, blanks, finalNewline), cuts);
        expect(await collect(decodeWatchStream<Obj>(iterate(chunks)))).toEqual(events);
      }),
      { numRuns: 300 },
    );
  });

  it("splits inside every multi-byte character, byte by byte", async () => {
    const events: WatchEvent<Obj>[] = [{ type: "ADDED", object: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "é中🚀", resourceVersion: "1" }, data: { "𝄞": "ß" } } }];
    const bytes = encode(events, [false], true);
    const oneByOne = [...bytes].map((b) => Uint8Array.of(b));
    expect(await collect(decodeWatchStream<Obj>(iterate(oneByOne)))).toEqual(events);
  });

  it("rejects a line that is not a watch event, with the line", async () => {
    const bad = new TextEncoder().encode('{"type":"ADDED","object":{}}\n{"type":"ADDED","obj');
    const error = await collect(decodeWatchStream(iterate([bad]))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatchDecodeError);
    expect((error as WatchDecodeError).line).toBe('{"type":"ADDED","obj');
    await expect(collect(decodeWatchStream(iterate(['{"type":"NOPE","object":{}}\n'])))).rejects.toThrow(/unknown event type/);
    await expect(collect(decodeWatchStream(iterate(['{"type":"BOOKMARK","object":{"metadata":{}}}\n'])))).rejects.toThrow(/BOOKMARK without/);
  });
});
