/**
 * Watch over HTTP: newline-delimited WatchEvents in one chunked response,
 * written as each event leaves the sim loop. Mirrors
 * staging/src/k8s.io/apiserver/pkg/endpoints/handlers/watch.go
 * (serveWatch: a 200 with headers flushed at once, one JSON object per
 * event, the stream closed after `timeoutSeconds`) and response.go for
 * Tables in a watch (one row per event; column definitions only in the
 * first). A resourceVersion older than the apiserver's window ends the
 * stream with an ERROR event carrying the 410 Expired Status. The watch
 * stops when the client goes away.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { KindInfo, KindName, KubeObject, WatchEvent, WatchHandle } from "@kubesim/api";
import { objectTarget } from "../http/negotiate.js";
import { cleanStatus } from "../http/status.js";
import type { ResourceRequest } from "../http/request-info.js";
import { includeObjectOf, partialObjectMetadata, toTable } from "../table.js";
import { watchOptionsOf } from "./options.js";
import type { RestContext } from "./resource.js";

export interface WatchContext extends RestContext {
  /** Runs `fn` on the sim loop (the pacer's run). */
  run<T>(fn: () => T): T;
  /** A wall-time timer; returns its cancel function. */
  setWallTimer(ms: number, fn: () => void): () => void;
}

/**
 * The JSON line of a plain-object event, kept per stored object: every
 * watcher of a kind receives the same frozen object, so a thousand watchers
 * serialise it once rather than a thousand times.
 */
const objectLines = new WeakMap<object, { readonly type: string; readonly line: string }>();

function objectEventLine(event: WatchEvent<KubeObject>): string {
  const hit = objectLines.get(event.object);
  if (hit !== undefined && hit.type === event.type) return hit.line;
  const line = JSON.stringify(event) + "\n";
  if (Object.isFrozen(event.object)) objectLines.set(event.object, { type: event.type, line });
  return line;
}

/** Called when the stream ends, for the request log. */
export type WatchEnd = (events: number, why: "timeout" | "client" | "error" | "server") => void;

/**
 * Starts a watch and streams it into `res`. Errors found before the first
 * event (a bad selector) are thrown, so the caller answers them as a Status.
 */
export function serveWatch(
  ctx: WatchContext,
  req: IncomingMessage,
  res: ServerResponse,
  info: ResourceRequest,
  kind: KindInfo,
  query: URLSearchParams,
  onEnd: WatchEnd,
): void {
  const target = objectTarget(req.headers.accept);
  const namespace = kind.kind === "Namespace" ? "" : info.namespace;
  const { options, timeoutSeconds } = watchOptionsOf(
    query,
    kind.namespaced ? namespace : "",
    info.name,
  );
  const includeObject =
    target.as === "table" ? includeObjectOf(query.get("includeObject")) : "Metadata";
  let events = 0;
  let ended = false;
  const started: { handle?: WatchHandle } = {};
  let cancelTimer: (() => void) | undefined;
  const end = (why: "timeout" | "client" | "error" | "server") => {
    if (ended) return;
    ended = true;
    cancelTimer?.();
    started.handle?.stop();
    if (!res.writableEnded && !res.destroyed) res.end();
    onEnd(events, why);
  };
  const encode = (event: WatchEvent<KubeObject>): object => {
    if (event.type === "ERROR") return { type: "ERROR", object: cleanStatus(event.object) };
    if (event.type === "BOOKMARK" || target.as === "object") return event;
    if (target.as === "partial")
      return { type: event.type, object: partialObjectMetadata(event.object, target.version) };
    return {
      type: event.type,
      object: toTable(kind.kind as KindName, [event.object], ctx.now(), {
        version: target.version,
        includeObject,
        withColumns: events === 0,
        listMeta:
          event.object.metadata?.resourceVersion === undefined
            ? {}
            : { resourceVersion: event.object.metadata.resourceVersion },
      }),
    };
  };
  const handler = (event: WatchEvent<KubeObject>) => {
    if (ended) return;
    const line =
      target.as === "object" && event.type !== "ERROR" && event.type !== "BOOKMARK"
        ? objectEventLine(event)
        : JSON.stringify(encode(event)) + "\n";
    events++;
    res.write(line);
    if (event.type === "ERROR") end("error");
  };
  const handle = ctx.run(() => {
    const h = ctx.client.watch(kind.kind as KindName, options, handler);
    started.handle = h;
    // Headers go out before the first event is delivered (later in this instant).
    res.writeHead(200, {
      "Content-Type": "application/json",
      "Cache-Control": "no-cache, private",
      "Transfer-Encoding": "chunked",
    });
    res.flushHeaders();
    return h;
  });
  if (ended) {
    handle.stop();
    return;
  }
  res.socket?.setNoDelay(true);
  // The response closes early only when the client goes away (IncomingMessage
  // emits "close" as soon as a GET has been read, so it is not the signal).
  res.on("close", () => end("client"));
  if (timeoutSeconds !== undefined)
    cancelTimer = ctx.setWallTimer(timeoutSeconds * 1000, () => end("timeout"));
}
