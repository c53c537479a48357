/**
 * The HTTP front of the API: authentication, the in-flight limit, the body
 * limit, then /version, OpenAPI (openapi/), discovery, health and the REST resources, each
 * request handled on the sim loop through the pacer. Mirrors the filter
 * chain of kube-apiserver (staging/src/k8s.io/apiserver/pkg/server/config.go
 * DefaultBuildHandlerChain: authentication, max-in-flight, then the
 * handlers; server/healthz for /healthz, /livez, /readyz).
 *
 * Bad input always gets a 4xx Status; a 500 only ever means a kubesim bug.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { ApiError, convertedKindForResource, kindForResource, tooManyRequests } from "@kubesim/api";
import { rfc3339 } from "kubesim";
import type { Logger } from "pino";
import { bearerMatches, isPublicPath, UNAUTHORIZED_STATUS } from "./auth.js";
import {
  aggregatedContentType,
  aggregatedDiscovery,
  aggregatedVersion,
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersions,
} from "./discovery.js";
import { readBody } from "./http/body.js";
import { requestInfo, type ResourceRequest } from "./http/request-info.js";
import { writeError, writeJson } from "./http/status.js";
import { openApiDocuments } from "./openapi/documents.js";
import { isOpenApiPath, serveOpenApi } from "./openapi/serve.js";
import type { RealTimePacer } from "./pacer.js";
import {
  handleRest,
  methodNotAllowed,
  notFoundResource,
  type RestContext,
} from "./rest/resource.js";
import { eventsV1Client } from "./rest/events-v1.js";
import { serveWatch } from "./rest/watch.js";
import type { StreamContext } from "./stream/context.js";
import { isPodStream, servePodStream } from "./stream/subresources.js";
import { isSimPath, type SimHandler } from "./sim/routes.js";
import type { VersionInfo } from "./version.js";

export interface HandlerContext {
  readonly rest: RestContext;
  readonly pacer: RealTimePacer;
  /** The bearer token every request needs; undefined serves anonymously (plain http). */
  readonly token: string | undefined;
  readonly version: VersionInfo;
  /** host:port, for APIVersions' serverAddressByClientCIDRs. */
  serverAddress(): string;
  readonly logger: Logger;
  /** kube-apiserver's --max-requests-inflight (400). */
  readonly maxInFlight: number;
  /** kube-apiserver's MaxRequestBodyBytes (3 MiB). */
  readonly maxBodyBytes: number;
  /** Events a watcher's buffers hold before it blocks (the cacher's chanSize, 100). */
  readonly watchChannelSize: number;
  /** How long a blocked watcher may go without progress before it is closed (wall ms, 100). */
  readonly watchDispatchTimeoutMs: number;
  /** pods/log, pods/exec, pods/attach. */
  readonly stream: StreamContext;
  /** /sim/v1 (sim/routes.ts), after authentication. */
  readonly sim?: SimHandler;
}

const METHODS_WITH_BODY = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function createHandler(
  ctx: HandlerContext,
): (req: IncomingMessage, res: ServerResponse) => void {
  let inFlight = 0;
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const method = (req.method ?? "GET").toUpperCase();
    const url = splitUrl(req.url ?? "/");
    const path = url.pathname;
    const log = (extra: Record<string, unknown> = {}) =>
      ctx.logger.info(
        {
          verb: method,
          uri: req.url,
          code: res.statusCode,
          userAgent: req.headers["user-agent"],
          ...(req.headers["kubectl-command"] === undefined
            ? {}
            : { command: req.headers["kubectl-command"] }),
          virtualTime: rfc3339(ctx.rest.now()),
          ...extra,
        },
        "request",
      );

    if (isPublicPath(path)) {
      res.writeHead(200, {
        "Content-Type": "text/plain; charset=utf-8",
        "X-Content-Type-Options": "nosniff",
      });
      res.end("ok");
      return;
    }
    if (ctx.token !== undefined && !bearerMatches(req.headers.authorization, ctx.token)) {
      req.resume();
      writeJson(res, 401, UNAUTHORIZED_STATUS);
      log();
      return;
    }
    if (ctx.sim !== undefined && isSimPath(path))
      return ctx.sim(req, res, { method, path, query: url.searchParams, done: log });
    const info = requestInfo(method, path, url.searchParams);
    const isWatch = info.kind === "resource" && info.verb === "watch";
    // kube-apiserver's long-running requests (watches, pods/log, exec, attach) are not counted in flight.
    const isStream = info.kind === "resource" && isPodStream(info);
    if (!isWatch && !isStream) {
      if (inFlight >= ctx.maxInFlight) {
        req.resume();
        writeError(res, tooManyRequests("Too many requests, please try again later.", 1));
        log();
        return;
      }
      inFlight++;
      res.on("close", () => inFlight--);
    }

    const fail = (e: unknown) => {
      if (res.headersSent) {
        // A stream already under way (a watch): end it rather than leave it open.
        ctx.logger.error({ err: e, uri: req.url }, "internal error");
        res.end();
        return;
      }
      const status = writeError(res, e);
      if (status.code >= 500) ctx.logger.error({ err: e, uri: req.url }, "internal error");
      log(status.code >= 500 ? {} : { reason: status.reason });
    };

    try {
      if (info.kind === "other") {
        if (path === "/version" || path === "/version/") {
          if (method !== "GET" && method !== "HEAD") throw methodNotAllowed();
          writeJson(res, 200, ctx.version);
          log();
          return;
        }
        if (isOpenApiPath(path)) {
          req.resume();
          const docs = openApiDocuments(ctx.version.gitVersion);
          serveOpenApi(req, res, path, url.searchParams, docs);
          log();
          return;
        }
        throw notFoundResource();
      }
      if (info.kind === "discovery") {
        if (method !== "GET" && method !== "HEAD") throw methodNotAllowed();
        const accept = req.headers.accept;
        const aggregated = aggregatedVersion(accept);
        let body: object | undefined;
        let contentType = "application/json";
        if (info.group === undefined) {
          const which = info.apiPrefix === "api" ? "core" : "named";
          if (aggregated !== undefined) {
            body = aggregatedDiscovery(which, aggregated);
            contentType = aggregatedContentType(aggregated);
          } else body = which === "core" ? apiVersions(ctx.serverAddress()) : apiGroupList();
        } else if (info.version === undefined) body = apiGroup(info.group);
        else body = apiResourceList(info.group, info.version);
        if (body === undefined) throw notFoundResource();
        writeJson(res, 200, body, {}, contentType);
        log();
        return;
      }
      const converted = convertedKindForResource(info.group, info.resource);
      const kind = converted ?? kindForResource(info.group, info.resource);
      if (kind === undefined || kind.version !== info.version) throw notFoundResource();
      // events.k8s.io/v1 Events: the core storage behind a converting client.
      const rest: RestContext =
        converted === undefined
          ? ctx.rest
          : { ...ctx.rest, client: eventsV1Client(ctx.rest.client) };
      if (isStream) {
        req.resume();
        servePodStream(ctx.stream, req, res, info, url.searchParams, (why) =>
          log({ stream: info.subresource, ended: why }),
        );
        return;
      }
      if (isWatch) {
        serveWatch(
          {
            ...rest,
            run: (fn) => ctx.pacer.run(fn),
            wall: ctx.pacer.wall,
            watchChannelSize: ctx.watchChannelSize,
            watchDispatchTimeoutMs: ctx.watchDispatchTimeoutMs,
            logger: ctx.logger,
          },
          req,
          res,
          info,
          kind,
          url.searchParams,
          (events, why) => log({ watch: true, events, ended: why }),
        );
        return;
      }
      if (!METHODS_WITH_BODY.has(method)) {
        req.resume();
        respond(ctx, rest, res, info, kind, url.searchParams, req.headers, undefined);
        log();
        return;
      }
      void readBody(req, ctx.maxBodyBytes).then((r) => {
        try {
          if (!r.ok) {
            if (r.error instanceof ApiError) {
              if (!r.drained) res.setHeader("Connection", "close");
              fail(r.error);
            } else res.destroy();
            return;
          }
          respond(ctx, rest, res, info, kind, url.searchParams, req.headers, r.body);
          log();
        } catch (e) {
          fail(e);
        }
      });
    } catch (e) {
      fail(e);
    }
  };
  return (req, res) => {
    try {
      handle(req, res);
    } catch (e) {
      // A bug, not bad input: answer 500 rather than leave the client hanging.
      ctx.logger.error({ err: e, uri: req.url }, "internal error");
      writeError(res, e);
    }
  };
}

function respond(
  ctx: HandlerContext,
  rest: RestContext,
  res: ServerResponse,
  info: ResourceRequest,
  kind: NonNullable<ReturnType<typeof kindForResource>>,
  query: URLSearchParams,
  headers: IncomingMessage["headers"],
  body: Buffer | undefined,
): void {
  const answer = ctx.pacer.run(() =>
    handleRest(rest, {
      info,
      kind,
      query,
      accept: headers.accept,
      contentType: headers["content-type"],
      body,
      userAgent: headers["user-agent"] ?? "",
    }),
  );
  writeJson(res, answer.code, answer.body, answer.headers ?? {}, answer.contentType);
}

/**
 * The path and query of a request target, split by hand: `new URL` would
 * read a target such as `//host/x` as a host name.
 */
export function splitUrl(target: string): { pathname: string; searchParams: URLSearchParams } {
  const q = target.indexOf("?");
  const raw = q < 0 ? target : target.slice(0, q);
  const hash = raw.indexOf("#");
  const pathname = (hash < 0 ? raw : raw.slice(0, hash)) || "/";
  let searchParams: URLSearchParams;
  try {
    searchParams = new URLSearchParams(q < 0 ? "" : target.slice(q + 1));
  } catch {
    searchParams = new URLSearchParams();
  }
  return { pathname: pathname.startsWith("/") ? pathname : `/${pathname}`, searchParams };
}
