/**
 * Containers. Mirrors kubernetes/pkg/apis/core/validation (validateContainers,
 * validateInitContainers, validateContainerCommon, validateContainerPorts,
 * ValidateVolumeMounts, validatePullPolicy, checkHostPortConflicts,
 * validateContainerOnlyForPod).
 *
 * Guarantees, at upstream's paths:
 * - `spec.containers: Required value` when there is none;
 * - a name that is a DNS label, unique across containers and init containers
 *   (`spec.containers[1].name: Duplicate value: "web"`);
 * - `spec.containers[0].image: Required value`;
 * - ports: containerPort required and 1-65535, hostPort 1-65535 when set,
 *   names IANA_SVC_NAME and unique in the container, protocol TCP/UDP/SCTP;
 *   host ports unique across containers;
 * - volumeMounts name an existing volume (`Not found`), have a unique mountPath;
 * - imagePullPolicy Always/IfNotPresent/Never, terminationMessagePolicy File/FallbackToLogsOnError;
 * - probes and lifecycle hooks (probe.ts), env (env.ts), resources (resources.ts);
 * - init containers may carry probes and hooks only with restartPolicy Always (sidecars).
 */
import type { FieldError } from "../errors.js";
import { fieldError } from "../errors.js";
import { isDNS1123Label, isValidPortName } from "../names.js";
import { validateEnv, validateEnvFrom } from "./env.js";
import { isValidPortNum } from "./formats.js";
import type { Obj } from "./json.js";
import { items, num, obj, optStr, str } from "./json.js";
import { child, index } from "./path.js";
import { validateLifecycle, validateProbe } from "./probe.js";
import { validateResourceRequirements } from "./resources.js";
import { validateLocalDescendingPath } from "./volumes.js";

const protocols = ["SCTP", "TCP", "UDP"];

function validateContainerPorts(ports: Obj[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  ports.forEach((port, i) => {
    const p = index(path, i);
    const name = str(port, "name");
    if (name !== "") {
      const msgs = isValidPortName(name);
      if (msgs.length > 0)
        for (const m of msgs) errs.push(fieldError.invalid(child(p, "name"), name, m));
      else if (names.has(name)) errs.push(fieldError.duplicate(child(p, "name"), name));
      else names.add(name);
    }
    const containerPort = num(port, "containerPort");
    if (containerPort === 0) errs.push(fieldError.required(child(p, "containerPort")));
    else
      for (const m of isValidPortNum(containerPort))
        errs.push(fieldError.invalid(child(p, "containerPort"), containerPort, m));
    const hostPort = num(port, "hostPort");
    if (hostPort !== 0)
      for (const m of isValidPortNum(hostPort))
        errs.push(fieldError.invalid(child(p, "hostPort"), hostPort, m));
    const protocol = str(port, "protocol");
    if (protocol === "") errs.push(fieldError.required(child(p, "protocol")));
    else if (!protocols.includes(protocol))
      errs.push(fieldError.notSupported(child(p, "protocol"), protocol, protocols));
  });
  return errs;
}

function validateVolumeMounts(
  mounts: Obj[],
  volumes: ReadonlySet<string>,
  privileged: boolean,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const mountPoints = new Set<string>();
  mounts.forEach((m, i) => {
    const p = index(path, i);
    const name = str(m, "name");
    const mountPath = str(m, "mountPath");
    if (name === "") errs.push(fieldError.required(child(p, "name")));
    if (!volumes.has(name)) errs.push(fieldError.notFound(child(p, "name"), name));
    if (mountPath === "") errs.push(fieldError.required(child(p, "mountPath")));
    if (mountPoints.has(mountPath))
      errs.push(fieldError.invalid(child(p, "mountPath"), mountPath, "must be unique"));
    mountPoints.add(mountPath);
    // Upstream passes the list's path, not the item's, for these two checks.
    const subPath = str(m, "subPath");
    const subPathExpr = str(m, "subPathExpr");
    if (subPath !== "") errs.push(...validateLocalDescendingPath(subPath, child(path, "subPath")));
    if (subPathExpr !== "") {
      if (subPath !== "") {
        errs.push(
          fieldError.invalid(
            child(p, "subPathExpr"),
            subPathExpr,
            "subPathExpr and subPath are mutually exclusive",
          ),
        );
      }
      errs.push(...validateLocalDescendingPath(subPathExpr, child(path, "subPathExpr")));
    }
    const propagation = optStr(m, "mountPropagation");
    if (propagation !== undefined) {
      const supported = ["Bidirectional", "HostToContainer", "None"];
      if (!supported.includes(propagation)) {
        errs.push(fieldError.notSupported(child(path, "mountPropagation"), propagation, supported));
      }
      if (propagation === "Bidirectional" && !privileged) {
        errs.push(
          fieldError.forbidden(
            child(path, "mountPropagation"),
            "Bidirectional mount propagation is available only to privileged containers",
          ),
        );
      }
    }
  });
  return errs;
}

/** validateContainerCommon: what every container (regular, init, ephemeral) must satisfy. */
function validateContainerCommon(c: Obj, volumes: ReadonlySet<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(c, "name");
  if (name === "") errs.push(fieldError.required(child(path, "name")));
  else
    for (const m of isDNS1123Label(name))
      errs.push(fieldError.invalid(child(path, "name"), name, m));
  if (str(c, "image") === "") errs.push(fieldError.required(child(path, "image")));
  const tmp = str(c, "terminationMessagePolicy");
  if (tmp === "") errs.push(fieldError.required(child(path, "terminationMessagePolicy")));
  else if (tmp !== "File" && tmp !== "FallbackToLogsOnError") {
    errs.push(
      fieldError.notSupported(child(path, "terminationMessagePolicy"), tmp, [
        "File",
        "FallbackToLogsOnError",
      ]),
    );
  }
  errs.push(...validateContainerPorts(items(c, "ports"), child(path, "ports")));
  errs.push(...validateEnv(items(c, "env"), child(path, "env")));
  errs.push(...validateEnvFrom(items(c, "envFrom"), child(path, "envFrom")));
  const privileged = obj(c, "securityContext")?.["privileged"] === true;
  errs.push(
    ...validateVolumeMounts(
      items(c, "volumeMounts"),
      volumes,
      privileged,
      child(path, "volumeMounts"),
    ),
  );
  const pull = str(c, "imagePullPolicy");
  if (pull === "") errs.push(fieldError.required(child(path, "imagePullPolicy")));
  else if (!["Always", "IfNotPresent", "Never"].includes(pull)) {
    errs.push(
      fieldError.notSupported(child(path, "imagePullPolicy"), pull, [
        "Always",
        "IfNotPresent",
        "Never",
      ]),
    );
  }
  errs.push(...validateResourceRequirements(obj(c, "resources"), child(path, "resources")));
  return errs;
}

/** checkHostPortConflicts: `protocol/hostIP/hostPort` must be unique. */
function checkHostPortConflicts(
  containers: readonly Obj[],
  path: string,
  indices: readonly number[],
): FieldError[] {
  const seen = new Set<string>();
  const errs: FieldError[] = [];
  containers.forEach((c, ci) => {
    items(c, "ports").forEach((port, pi) => {
      const hostPort = num(port, "hostPort");
      if (hostPort === 0) return;
      const k = `${str(port, "protocol")}/${str(port, "hostIP")}/${hostPort}`;
      if (seen.has(k))
        errs.push(
          fieldError.duplicate(
            child(index(child(index(path, indices[ci] ?? ci), "ports"), pi), "hostPort"),
            k,
          ),
        );
      else seen.add(k);
    });
  });
  return errs;
}

function probeAndHookErrors(c: Obj, gracePeriod: number | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const lifecycle = obj(c, "lifecycle");
  if (lifecycle !== undefined)
    errs.push(...validateLifecycle(lifecycle, gracePeriod, child(path, "lifecycle")));
  for (const kind of ["livenessProbe", "readinessProbe", "startupProbe"] as const) {
    errs.push(...validateProbe(obj(c, kind), kind, gracePeriod, child(path, kind)));
  }
  return errs;
}

/** validateContainers (spec.containers). */
export function validateContainers(
  containers: Obj[],
  volumes: ReadonlySet<string>,
  gracePeriod: number | undefined,
  path: string,
): FieldError[] {
  if (containers.length === 0) return [fieldError.required(path)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  containers.forEach((c, i) => {
    const p = index(path, i);
    errs.push(...validateContainerCommon(c, volumes, p));
    const name = str(c, "name");
    if (names.has(name)) errs.push(fieldError.duplicate(child(p, "name"), name));
    else names.add(name);
    errs.push(...probeAndHookErrors(c, gracePeriod, p));
    if (c["restartPolicy"] !== undefined) {
      errs.push(
        fieldError.forbidden(child(p, "restartPolicy"), "may not be set for non-init containers"),
      );
    }
  });
  errs.push(
    ...checkHostPortConflicts(
      containers,
      path,
      containers.map((_, i) => i),
    ),
  );
  return errs;
}

/** validateInitContainers (spec.initContainers); names must not clash with regular containers. */
export function validateInitContainers(
  inits: Obj[],
  containers: Obj[],
  volumes: ReadonlySet<string>,
  gracePeriod: number | undefined,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set(containers.map((c) => str(c, "name")));
  inits.forEach((c, i) => {
    const p = index(path, i);
    errs.push(...validateContainerCommon(c, volumes, p));
    const restartPolicy = optStr(c, "restartPolicy");
    if (restartPolicy !== undefined && restartPolicy !== "Always") {
      errs.push(fieldError.notSupported(child(p, "restartPolicy"), restartPolicy, ["Always"]));
    }
    const name = str(c, "name");
    if (names.has(name)) errs.push(fieldError.duplicate(child(p, "name"), name));
    else if (name !== "") names.add(name);
    // Upstream checks each init container alone and reports it at index 0 (its path quirk).
    errs.push(...checkHostPortConflicts([c], path, [0]));
    if (restartPolicy === "Always") errs.push(...probeAndHookErrors(c, gracePeriod, p));
    else {
      for (const f of ["lifecycle", "livenessProbe", "readinessProbe", "startupProbe"]) {
        if (c[f] !== undefined && c[f] !== null) {
          errs.push(
            fieldError.forbidden(
              child(p, f),
              "may not be set for init containers without restartPolicy=Always",
            ),
          );
        }
      }
    }
  });
  return errs;
}

/** validateContainerOnlyForPod: a Pod's (not a template's) images may not have surrounding spaces. */
export function validateContainersOnlyForPod(containers: Obj[], path: string): FieldError[] {
  return containers.flatMap((c, i) => {
    const image = str(c, "image");
    return image.trim() !== image
      ? [
          fieldError.invalid(
            child(index(path, i), "image"),
            image,
            "must not have leading or trailing whitespace",
          ),
        ]
      : [];
  });
}
