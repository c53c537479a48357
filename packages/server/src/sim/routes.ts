/**
 * /sim/v1: what the Kubernetes API does not cover, for `kubesim ctl` and
 * anyone with curl and the token: the clock (status, pause, resume, speed,
 * advance), waiting (until), faults, traffic, the trace and timeline, and
 * the state (save and load). JSON in and out; failures are Kubernetes
 * Status objects, 4xx for bad input (never a 5xx, never a half-applied
 * change). handler.ts routes here after authentication.
 *
 *   GET    /sim/v1/status             the clock
 *   POST   /sim/v1/pause              speed 0
 *   POST   /sim/v1/resume             the speed before the pause
 *   PUT    /sim/v1/speed              {"speed": 10}
 *   POST   /sim/v1/advance            {"duration": "5m"}
 *   POST   /sim/v1/until              {"rollout": "my-api", "timeout": "10m"}
 *   POST   /sim/v1/faults             {"stopNode": "node-2"}
 *   POST   /sim/v1/traffic            {"target": "my-api", "rate": 50}
 *   GET    /sim/v1/traffic[/NAME]     results
 *   DELETE /sim/v1/traffic/NAME       stop
 *   GET    /sim/v1/trace              ?type=write|event|fault&tail=N
 *   GET    /sim/v1/timeline           ?namespace=NS&tail=N
 *   GET    /sim/v1/state              save: a v1 List
 *   PUT    /sim/v1/state              load it back
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { ApiError, isApiError, notFound } from "@kubesim/api";
import type { Cluster } from "kubesim";
import { readBody } from "../http/body.js";
import { mediaType, parseData } from "../http/decode.js";
import { writeError, writeJson } from "../http/status.js";
import type { RealTimePacer } from "../pacer.js";
import { methodNotAllowed, notFoundResource } from "../rest/resource.js";
import { advance, pause, resume, setSpeed, SIM_API_VERSION, status } from "./clock.js";
import { createSimContext, type SimContext } from "./context.js";
import { faultNode, injectFault, isNoMatchingPodError } from "./fault.js";
import { parseFault } from "./shapes.js";
import { loadState, saveState } from "./snapshot.js";
import { timeline, traceList } from "./trace.js";
import { parseTrafficRequest, startTraffic, trafficStartedLine, trafficStatus } from "./traffic.js";
import { checkUntil, runUntil } from "./wait.js";

export const SIM_PREFIX = "/sim/v1";

/** Whether a path is the sim API's. */
export function isSimPath(path: string): boolean {
  return path === "/sim" || path === SIM_PREFIX || path.startsWith(`${SIM_PREFIX}/`);
}

/** Handles one /sim/v1 request; `done` logs it (with the Status reason on failure). */
export type SimHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  request: {
    readonly method: string;
    readonly path: string;
    readonly query: URLSearchParams;
    done(extra?: Record<string, unknown>): void;
  },
) => void;

export interface SimHandlerOptions {
  readonly cluster: Cluster;
  readonly pacer: RealTimePacer;
  readonly maxBodyBytes: number;
  /** Wall milliseconds between two checks of an `until` while time runs (default 100). */
  readonly pollMillis?: number;
}

type Answer = { readonly code: number; readonly body: unknown };
type Route = (
  ctx: SimContext,
  body: unknown,
  query: URLSearchParams,
  onCancel: (cancel: () => void) => void,
) => Answer | Promise<Answer>;

const ok = (body: unknown, code = 200): Answer => ({ code, body });

/** The errors of the sim operations as Status: state conflicts are 409, not 500. */
export function simError(e: unknown): unknown {
  if (isApiError(e)) return e;
  if (isNoMatchingPodError(e)) return new ApiError("NotFound", e.message);
  // Faults and nodes refuse what the cluster's state does not allow with a plain Error
  // ("node "node-1" is already partitioned"); a TypeError and the like stay bugs.
  if (e instanceof Error && e.constructor === Error) return new ApiError("Conflict", e.message);
  return e;
}

function checkNode(cluster: Cluster, node: string | undefined): void {
  if (node !== undefined && !cluster.nodes.names().includes(node))
    throw notFound({ group: "", resource: "nodes" }, node);
}

const routes: Readonly<Record<string, Partial<Record<string, Route>>>> = {
  "": {
    GET: () =>
      ok({
        kind: "SimAPI",
        apiVersion: SIM_API_VERSION,
        paths: [
          "status",
          "pause",
          "resume",
          "speed",
          "advance",
          "until",
          "faults",
          "traffic",
          "trace",
          "timeline",
          "state",
        ].map((p) => `${SIM_PREFIX}/${p}`),
      }),
  },
  status: { GET: (ctx) => ok(status(ctx)) },
  pause: { POST: (ctx) => ok(pause(ctx)) },
  resume: { POST: (ctx) => ok(resume(ctx)) },
  speed: {
    PUT: (ctx, body) => ok(setSpeed(ctx, body)),
    POST: (ctx, body) => ok(setSpeed(ctx, body)),
  },
  advance: { POST: (ctx, body) => ok(advance(ctx, body)) },
  until: {
    POST: async (ctx, body, _q, onCancel) => ok(await runUntil(ctx, checkUntil(body), onCancel)),
  },
  faults: {
    POST: (ctx, body) => {
      const fault = parseFault(body);
      const message = ctx.pacer.run(() => {
        checkNode(ctx.cluster, faultNode(fault));
        return injectFault(ctx.cluster, fault);
      });
      return ok({ kind: "FaultResult", apiVersion: SIM_API_VERSION, fault, message }, 201);
    },
  },
  traffic: {
    POST: (ctx, body) => {
      const r = parseTrafficRequest(body);
      const entry = ctx.pacer.run(() => startTraffic(ctx.cluster, ctx.traffic, r));
      return ok({ ...trafficStatus(entry), message: trafficStartedLine(entry) }, 201);
    },
    GET: (ctx) =>
      ok(
        ctx.pacer.run(() => ({
          kind: "TrafficList",
          apiVersion: SIM_API_VERSION,
          items: ctx.traffic.list().map(trafficStatus),
        })),
      ),
  },
  trace: { GET: (ctx, _b, query) => ok(ctx.pacer.run(() => traceList(ctx, query))) },
  timeline: { GET: (ctx, _b, query) => ok(ctx.pacer.run(() => timeline(ctx, query))) },
  state: {
    GET: (ctx) => ok(ctx.pacer.run(() => saveState(ctx.cluster, ctx.builtIn))),
    PUT: (ctx, body) =>
      ok({
        apiVersion: SIM_API_VERSION,
        ...ctx.pacer.run(() => loadState(ctx.cluster, ctx.builtIn, body)),
      }),
  },
};

/** /sim/v1/traffic/NAME */
const trafficByName = (name: string): Partial<Record<string, Route>> => ({
  GET: (ctx) => ok(ctx.pacer.run(() => trafficStatus(ctx.traffic.get(name)))),
  DELETE: (ctx) =>
    ok(
      ctx.pacer.run(() => {
        const e = ctx.traffic.get(name);
        e.generator.stop();
        return trafficStatus(e);
      }),
    ),
});

function routeFor(path: string): Partial<Record<string, Route>> | undefined {
  const rest = path === "/sim" ? undefined : path.slice(SIM_PREFIX.length).replace(/^\/|\/$/g, "");
  if (rest === undefined) return undefined;
  const parts = rest === "" ? [""] : rest.split("/");
  if (parts.length === 2 && parts[0] === "traffic" && parts[1] !== "")
    return trafficByName(decodeURIComponent(parts[1]!));
  if (parts.length !== 1) return undefined;
  return Object.hasOwn(routes, parts[0]!) ? routes[parts[0]!] : undefined;
}

function parseBody(body: Buffer, contentType: string | undefined): unknown {
  if (body.length === 0) return {};
  const media = mediaType(contentType);
  return parseData(
    body,
    media === "application/yaml" ? media : "application/json",
    (m) =>
      new ApiError(
        "BadRequest",
        `the request body is not valid ${media === "application/yaml" ? "YAML" : "JSON"}: ${m}`,
      ),
  );
}

export function createSimHandler(o: SimHandlerOptions): SimHandler {
  const ctx = createSimContext(
    o.cluster,
    o.pacer,
    o.pollMillis === undefined ? {} : { pollMillis: o.pollMillis },
  );
  return (req, res, { method, path, query, done }) => {
    const fail = (e: unknown) => {
      const s = writeError(res, simError(e));
      done(s.code >= 500 ? { err: e } : { reason: s.reason });
    };
    const route = routeFor(path);
    const m = method === "HEAD" ? "GET" : method;
    const run = route?.[m];
    if (run === undefined) {
      req.resume();
      fail(route === undefined ? notFoundResource() : methodNotAllowed());
      return;
    }
    const answer = (body: unknown) => {
      const cancels: (() => void)[] = [];
      res.on("close", () => {
        for (const c of cancels) c();
      });
      Promise.resolve()
        .then(() => run(ctx, body, query, (c) => cancels.push(c)))
        .then((a) => {
          writeJson(res, a.code, a.body);
          done();
        })
        .catch(fail);
    };
    if (m === "GET" || m === "DELETE") {
      req.resume();
      answer(undefined);
      return;
    }
    void readBody(req, o.maxBodyBytes).then((r) => {
      if (!r.ok) {
        if (r.error instanceof ApiError) {
          if (!r.drained) res.setHeader("Connection", "close");
          fail(r.error);
        } else res.destroy();
        return;
      }
      try {
        answer(parseBody(r.body, req.headers["content-type"]));
      } catch (e) {
        fail(e);
      }
    });
  };
}
