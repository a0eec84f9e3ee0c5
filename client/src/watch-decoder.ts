// Newline-delimited JSON watch streams: chunks may split a line, or a UTF-8 character,
// anywhere. Yields typed events as an async iterable.
import { WatchDecodeError } from "./errors.js";
import type { WatchEvent } from "./types.js";

const EVENT_TYPES = new Set(["ADDED", "MODIFIED", "DELETED", "BOOKMARK", "ERROR"]);

function parseEvent<K>(line: string): WatchEvent<K> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new WatchDecodeError(`watch stream: invalid JSON line (${(error as Error).message})`, line);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new WatchDecodeError("watch stream: a line is not a JSON object", line);
  const { type, object } = value as { type?: unknown; object?: unknown };
  if (typeof type !== "string" || !EVENT_TYPES.has(type)) throw new WatchDecodeError(`watch stream: unknown event type ${JSON.stringify(type)}`, line);
  if (typeof object !== "object" || object === null) throw new WatchDecodeError("watch stream: event without an object", line);
  if (type === "BOOKMARK" && typeof (object as { metadata?: { resourceVersion?: unknown } }).metadata?.resourceVersion !== "string") {
    throw new WatchDecodeError("watch stream: BOOKMARK without metadata.resourceVersion", line);
  }
  return value as WatchEvent<K>;
}

/**
 * Decodes a watch response body. Blank lines are skipped; a final line without a newline
 * is decoded at the end of the stream. Invalid UTF-8 becomes U+FFFD, invalid JSON a
 * {@link WatchDecodeError}.
 */
export async function* decodeWatchStream<K>(chunks: AsyncIterable<Uint8Array | string>): AsyncGenerator<WatchEvent<K>, void, undefined> {
  const decoder = new TextDecoder("utf-8");
  let buffer = "";
  for await (const chunk of chunks) {
    buffer += typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
    let newline: number;
    while ((newline = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (line !== "") yield parseEvent<K>(line);
    }
  }
  buffer += decoder.decode();
  const rest = buffer.trim();
  if (rest !== "") yield parseEvent<K>(rest);
}
