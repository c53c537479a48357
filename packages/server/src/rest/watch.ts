/**
 * Watch over HTTP: newline-delimited WatchEvents in one chunked response,
 * written as each event leaves the sim loop. Mirrors
 * staging/src/k8s.io/apiserver/pkg/endpoints/handlers/watch.go
 * (serveWatch: a 200 with headers flushed at once, one JSON object per
 * event, the stream closed after `timeoutSeconds`) and response.go for
 * Tables in a watch (one row per event; column definitions only in the
 * first). A resourceVersion older than the apiserver's window ends the
 * stream with an ERROR event carrying the 410 Expired Status. The watch
 * stops when the client goes away, and is closed when the client does not
 * keep up (watch-buffer.ts, the cacher's "Forcing ... watcher close due to
 * unresponsiveness"): the chunked stream ends after the last whole event
 * written, and the client watches again from the last resourceVersion it saw.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { KindInfo, KindName, KubeObject, WatchEvent, WatchHandle } from "@kubesim/api";
import type { Logger } from "pino";
import { objectTarget } from "../http/negotiate.js";
import { cleanStatus } from "../http/status.js";
import type { ResourceRequest } from "../http/request-info.js";
import { includeObjectOf, partialObjectMetadata, toTable } from "../table.js";
import { watchOptionsOf } from "./options.js";
import type { RestContext } from "./resource.js";
import { WatchBuffer, type Unresponsive, type WatchWallClock } from "./watch-buffer.js";

export interface WatchContext extends RestContext {
  /** Runs `fn` on the sim loop (the pacer's run). */
  run<T>(fn: () => T): T;
  /** The pacer's wall clock (timeouts, and the wait for a blocked watcher). */
  readonly wall: WatchWallClock;
  /** Events a watcher's buffers hold before it blocks (the cacher's chanSize). */
  readonly watchChannelSize: number;
  /** How long a blocked watcher may go without progress before it is closed (wall ms). */
  readonly watchDispatchTimeoutMs: number;
  readonly logger: Logger;
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

/** Why a watch stream ended: the request log's `ended`. */
export type WatchEndReason = "timeout" | "client" | "error" | "server" | "unresponsive";

/** Called when the stream ends, for the request log. */
export type WatchEnd = (events: number, why: WatchEndReason) => void;

/**
 * The cacher's names for a watcher: its GroupResource (`pods`,
 * `deployments.apps`) and identifier (`key: "/pods/default", labels: "",
 * fields: ""`), as "Forcing ... watcher close" prints them.
 */
export function watcherNames(
  info: ResourceRequest,
  namespace: string,
  query: URLSearchParams,
): { groupResource: string; identifier: string } {
  const groupResource = info.group === "" ? info.resource : `${info.resource}.${info.group}`;
  const key = [info.resource, namespace, info.name].filter((p) => p !== "").join("/");
  const labels = query.get("labelSelector") ?? "";
  const fields = [
    query.get("fieldSelector") ?? "",
    info.name === "" ? "" : `metadata.name=${info.name}`,
  ]
    .filter((f) => f !== "")
    .join(",");
  return {
    groupResource,
    identifier: `key: ${JSON.stringify(`/${key}`)}, labels: ${JSON.stringify(labels)}, fields: ${JSON.stringify(fields)}`,
  };
}

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
  const end = (why: WatchEndReason) => {
    if (ended) return;
    ended = true;
    cancelTimer?.();
    started.handle?.stop();
    if (why === "error") buffer.finish();
    else {
      buffer.stop();
      if (!res.writableEnded && !res.destroyed) res.end();
    }
    onEnd(events, why);
  };
  const unresponsive = (state: Unresponsive) => {
    const { groupResource, identifier } = watcherNames(info, namespace, query);
    ctx.logger.warn(
      {
        uri: req.url,
        input: state.input,
        result: state.result,
        unflushedBytes: state.unflushedBytes,
      },
      `Forcing ${groupResource} watcher close due to unresponsiveness: ${identifier}. len(c.input) = ${state.input}, len(c.result) = ${state.result}, graceful = false`,
    );
    if (!res.writableEnded && !res.destroyed) res.end();
    end("unresponsive");
  };
  const buffer = new WatchBuffer(
    res,
    { size: ctx.watchChannelSize, timeoutMs: ctx.watchDispatchTimeoutMs, wall: ctx.wall },
    unresponsive,
  );
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
    // Bookmarks are added without blocking, and dropped when the buffer is full (nonblockingAdd).
    if (event.type === "BOOKMARK" && buffer.full) return;
    const line =
      target.as === "object" && event.type !== "ERROR" && event.type !== "BOOKMARK"
        ? objectEventLine(event)
        : JSON.stringify(encode(event)) + "\n";
    events++;
    buffer.add(line);
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
    cancelTimer = ctx.wall.setTimer(timeoutSeconds * 1000, () => end("timeout"));
}
