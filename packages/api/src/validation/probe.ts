/**
 * Probes and lifecycle handlers. Mirrors kubernetes/pkg/apis/core/validation
 * (validateProbe, validateLivenessProbe, validateReadinessProbe,
 * validateStartupProbe, validateHandler, validateHTTPGetAction,
 * ValidatePortNumOrName, validateSleepAction, validateLifecycle).
 *
 * Guarantees:
 * - exactly one handler: a second one is `Forbidden: may not specify more than
 *   1 handler type`, none is `Required value: must specify a handler type`;
 * - exec needs a command; httpGet needs a path, a port (1-65535 or an
 *   IANA_SVC_NAME) and scheme HTTP or HTTPS; tcpSocket and grpc need a port;
 * - initialDelaySeconds, timeoutSeconds, periodSeconds, successThreshold and
 *   failureThreshold ≥ 0 (defaulting turns 0 into 1/10/1/3 before this runs);
 * - liveness and startup probes: `successThreshold: Invalid value: 2: must be 1`;
 * - readiness probes may not set terminationGracePeriodSeconds.
 */
import type { FieldError } from "../errors.js";
import { fieldError } from "../errors.js";
import { isValidPortName } from "../names.js";
import { isHTTPHeaderName, isValidPortNum } from "./formats.js";
import type { Obj } from "./json.js";
import { items, num, obj, optNum, str, strings } from "./json.js";
import { validateNonnegativeField } from "./meta.js";
import { child } from "./path.js";

/** ValidatePortNumOrName for an IntOrString port (a JSON number or string; absent reads as 0). */
export function validatePortNumOrName(port: unknown, path: string): FieldError[] {
  if (typeof port === "string")
    return isValidPortName(port).map((m) => fieldError.invalid(path, port, m));
  const n = typeof port === "number" ? port : 0;
  return isValidPortNum(n).map((m) => fieldError.invalid(path, n, m));
}

function validateHTTPGet(http: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (str(http, "path") === "") errs.push(fieldError.required(child(path, "path")));
  errs.push(...validatePortNumOrName(http["port"], child(path, "port")));
  const scheme = str(http, "scheme");
  if (scheme !== "HTTP" && scheme !== "HTTPS") {
    errs.push(fieldError.notSupported(child(path, "scheme"), scheme, ["HTTP", "HTTPS"]));
  }
  for (const header of items(http, "httpHeaders")) {
    const name = str(header, "name");
    for (const m of isHTTPHeaderName(name))
      errs.push(fieldError.invalid(child(path, "httpHeaders"), name, m));
  }
  return errs;
}

type HandlerKind = "exec" | "httpGet" | "tcpSocket" | "grpc" | "sleep";

/** validateHandler over the handler fields allowed here (probes: no sleep; hooks: no grpc). */
function validateHandler(
  h: Obj,
  allowed: readonly HandlerKind[],
  gracePeriod: number | undefined,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  let n = 0;
  for (const kind of allowed) {
    const v = obj(h, kind);
    if (v === undefined) continue;
    const p = child(path, kind);
    if (n > 0) {
      errs.push(fieldError.forbidden(p, "may not specify more than 1 handler type"));
      continue;
    }
    n++;
    switch (kind) {
      case "exec":
        if (strings(v, "command").length === 0) errs.push(fieldError.required(child(p, "command")));
        break;
      case "httpGet":
        errs.push(...validateHTTPGet(v, p));
        break;
      case "tcpSocket":
        errs.push(...validatePortNumOrName(v["port"], child(p, "port")));
        break;
      case "grpc":
        errs.push(...validatePortNumOrName(num(v, "port"), child(p, "port")));
        break;
      case "sleep": {
        const seconds = num(v, "seconds");
        if (gracePeriod !== undefined && (seconds < 0 || seconds > gracePeriod)) {
          errs.push(
            fieldError.invalid(
              p,
              seconds,
              `must be non-negative and less than terminationGracePeriodSeconds (${gracePeriod})`,
            ),
          );
        }
        break;
      }
    }
  }
  if (n === 0) errs.push(fieldError.required(path, "must specify a handler type"));
  return errs;
}

export type ProbeKind = "livenessProbe" | "readinessProbe" | "startupProbe";

/** validateLivenessProbe / validateReadinessProbe / validateStartupProbe. */
export function validateProbe(
  probe: Obj | undefined,
  kind: ProbeKind,
  gracePeriod: number | undefined,
  path: string,
): FieldError[] {
  if (probe === undefined) return [];
  const errs = validateHandler(probe, ["exec", "httpGet", "tcpSocket", "grpc"], gracePeriod, path);
  for (const f of [
    "initialDelaySeconds",
    "timeoutSeconds",
    "periodSeconds",
    "successThreshold",
    "failureThreshold",
  ]) {
    errs.push(...validateNonnegativeField(num(probe, f), child(path, f)));
  }
  const tgps = optNum(probe, "terminationGracePeriodSeconds");
  if (tgps !== undefined && tgps <= 0) {
    errs.push(
      fieldError.invalid(
        child(path, "terminationGracePeriodSeconds"),
        tgps,
        "must be greater than 0",
      ),
    );
  }
  if (kind === "readinessProbe" && tgps !== undefined) {
    errs.push(
      fieldError.invalid(
        child(path, "terminationGracePeriodSeconds"),
        tgps,
        "must not be set for readinessProbes",
      ),
    );
  }
  if (kind !== "readinessProbe" && num(probe, "successThreshold") !== 1) {
    errs.push(
      fieldError.invalid(
        child(path, "successThreshold"),
        num(probe, "successThreshold"),
        "must be 1",
      ),
    );
  }
  return errs;
}

/** validateLifecycle: postStart and preStop hooks. */
export function validateLifecycle(
  lifecycle: Obj,
  gracePeriod: number | undefined,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  for (const hook of ["postStart", "preStop"] as const) {
    const h = obj(lifecycle, hook);
    if (h !== undefined) {
      errs.push(
        ...validateHandler(
          h,
          ["exec", "httpGet", "tcpSocket", "sleep"],
          gracePeriod,
          child(path, hook),
        ),
      );
    }
  }
  return errs;
}
