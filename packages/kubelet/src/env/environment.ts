/**
 * A container's environment, as the kubelet builds it at every container start. Mirrors
 * kubernetes pkg/kubelet/kubelet_pods.go (makeEnvironmentVariables); the errors abort the start
 * and become the container's `CreateContainerConfigError` message and a Warning `Failed` event
 * `Error: <message>` (pkg/kubelet/kuberuntime/kuberuntime_container.go).
 *
 * Resolution, as upstream:
 * 1. `envFrom`, in order: every key of the ConfigMap (`data`) or Secret (`data`, base64-decoded),
 *    with the entry's `prefix`; later entries override earlier ones. A missing object fails
 *    (`configmap "x" not found`) unless `optional`.
 * 2. `env`, in order, overriding `envFrom`: `value` with `$(VAR)` expanded against the variables
 *    defined so far and then the service variables; or `valueFrom` (configMapKeyRef,
 *    secretKeyRef, fieldRef, resourceFieldRef). An optional ref to a missing object or key
 *    defines nothing (an `envFrom` value of the same name stays).
 * 3. The service variables that no `env`/`envFrom` variable overrides.
 *
 * Order: upstream returns the variables in Go map order (random per start). kubesim returns them
 * in a fixed order instead: each `envFrom`/`env` variable at the position of its last
 * definition (so `env` variables follow in declaration order, after the `envFrom` ones, whose
 * keys come in key order), then the service variables.
 *
 * Names: since RelaxedEnvironmentVariableValidation (on by default 1.32, GA 1.34) the kubelet
 * no longer checks `envFrom` keys and emits no `InvalidEnvironmentVariableNames` event. Pass
 * `envVarNameValidation: "strict"` to get the older kubelets' behaviour: keys that are not
 * C-like names (`[-._a-zA-Z][-._a-zA-Z0-9]*`) are skipped, with one Warning event per source.
 */
import type {
  ConfigMap,
  Container,
  EnvVar as ApiEnvVar,
  Pod,
  Secret,
} from "kubernetes-types/core/v1";
import { decodeBase64, isEnvVarName } from "@kubesim/api";
import { expand, mappingFuncFor } from "./expansion.js";
import type { PodAddresses } from "./fieldpath.js";
import { podFieldSelectorRuntimeValue } from "./fieldpath.js";
import type { ResourceList } from "./resource.js";
import { containerResourceRuntimeValue } from "./resource.js";
import type { EnvVar } from "./envvars.js";

/** An event the kubelet records on the pod while building the environment. */
export interface EnvironmentWarning {
  readonly type: "Warning";
  readonly reason: "InvalidEnvironmentVariableNames";
  readonly message: string;
}

export type EnvironmentResult =
  | { readonly env: readonly EnvVar[]; readonly warnings: readonly EnvironmentWarning[] }
  | { readonly error: string };

/** What the kubelet knows besides the pod: its informer caches, its node, the pod's IPs. */
export interface EnvironmentContext extends PodAddresses {
  /** The ConfigMap `namespace/name` from the kubelet's cache, or undefined when there is none. */
  readonly configMap: (namespace: string, name: string) => ConfigMap | undefined;
  /** The Secret as the API holds it (`data` values in base64), or undefined. */
  readonly secret: (namespace: string, name: string) => Secret | undefined;
  /** The node's allocatable (`cpu`, `memory`, `ephemeral-storage`): the limits of a container without. */
  readonly nodeAllocatable?: ResourceList;
  /** The service variables the pod sees, in order (serviceEnvVarMap). Empty when omitted. */
  readonly serviceEnv?: ReadonlyMap<string, string>;
  /** "relaxed" (default, 1.30+ kubelets: no check) or "strict" (older kubelets: skip + warn). */
  readonly envVarNameValidation?: "relaxed" | "strict";
}

/** The NotFound errors of the kubelet's configmap/secret managers. */
const notFound = (resource: "configmap" | "secret", name: string): string =>
  `${resource} "${name}" not found`;

/** A Secret value: the base64 of `data` decoded, its bytes read as UTF-8. */
function secretValue(encoded: string): string {
  const decoded = decodeBase64(encoded);
  // The apiserver only stores valid base64; anything else is kept as it is.
  return decoded.ok ? new TextDecoder().decode(decoded.bytes) : encoded;
}

function sortedEntries(data: Readonly<Record<string, string>> | undefined): [string, string][] {
  if (data === undefined) return [];
  return Object.keys(data)
    .sort()
    .map((k) => [k, data[k]!]);
}

/** makeEnvironmentVariables for `container` of `pod`. */
export function makeEnvironmentVariables(
  pod: Pod,
  container: Container,
  ctx: EnvironmentContext,
): EnvironmentResult {
  const namespace = pod.metadata?.namespace ?? "";
  const serviceEnv = ctx.serviceEnv ?? new Map<string, string>();
  const strict = ctx.envVarNameValidation === "strict";
  const tmpEnv = new Map<string, string>();
  const define = (name: string, value: string): void => {
    tmpEnv.delete(name);
    tmpEnv.set(name, value);
  };
  const warnings: EnvironmentWarning[] = [];

  // The kubelet reads each object once per start.
  const configMaps = new Map<string, ConfigMap | undefined>();
  const secrets = new Map<string, Secret | undefined>();
  const getConfigMap = (name: string): ConfigMap | undefined => {
    if (!configMaps.has(name)) configMaps.set(name, ctx.configMap(namespace, name));
    return configMaps.get(name);
  };
  const getSecret = (name: string): Secret | undefined => {
    if (!secrets.has(name)) secrets.set(name, ctx.secret(namespace, name));
    return secrets.get(name);
  };

  // 1. envFrom: env overrides these, so they go first.
  for (const envFrom of container.envFrom ?? []) {
    const prefix = envFrom.prefix ?? "";
    let source: "configMap" | "secret";
    let name: string;
    let entries: [string, string][];
    if (envFrom.configMapRef !== undefined) {
      source = "configMap";
      name = envFrom.configMapRef.name ?? "";
      const cm = getConfigMap(name);
      if (cm === undefined) {
        if (envFrom.configMapRef.optional === true) continue;
        return { error: notFound("configmap", name) };
      }
      entries = sortedEntries(cm.data);
    } else if (envFrom.secretRef !== undefined) {
      source = "secret";
      name = envFrom.secretRef.name ?? "";
      const secret = getSecret(name);
      if (secret === undefined) {
        if (envFrom.secretRef.optional === true) continue;
        return { error: notFound("secret", name) };
      }
      entries = sortedEntries(secret.data).map(([k, v]) => [k, secretValue(v)]);
    } else {
      continue;
    }
    const invalidKeys: string[] = [];
    for (const [key, value] of entries) {
      const k = prefix + key;
      if (strict && isEnvVarName(k).length > 0) {
        invalidKeys.push(k);
        continue;
      }
      define(k, value);
    }
    if (invalidKeys.length > 0) {
      invalidKeys.sort();
      warnings.push({
        type: "Warning",
        reason: "InvalidEnvironmentVariableNames",
        message: `Keys [${invalidKeys.join(", ")}] from the EnvFrom ${source} ${namespace}/${name} were skipped since they are considered invalid environment variable names.`,
      });
    }
  }

  // 2. env, in order; `$(VAR)` sees what is defined so far, then the service variables.
  const mapping = mappingFuncFor(tmpEnv, serviceEnv);
  for (const envVar of container.env ?? []) {
    const value = resolveEnvVar(envVar);
    if (value === undefined) continue;
    if (typeof value !== "string") return value;
    define(envVar.name, value);
  }

  // 3. The service variables nothing overrides.
  const env: EnvVar[] = [...tmpEnv].map(([name, value]) => ({ name, value }));
  for (const [name, value] of serviceEnv) {
    if (!tmpEnv.has(name)) env.push({ name, value });
  }
  return { env, warnings };

  /** The value of one `env` entry; undefined when an optional ref finds nothing. */
  function resolveEnvVar(envVar: ApiEnvVar): string | { readonly error: string } | undefined {
    const literal = envVar.value ?? "";
    if (literal !== "") return expand(literal, mapping);
    const from = envVar.valueFrom;
    if (from === undefined) return "";
    if (from.fieldRef !== undefined) {
      const r = podFieldSelectorRuntimeValue(from.fieldRef, pod, ctx);
      return "error" in r ? r : r.value;
    }
    if (from.resourceFieldRef !== undefined) {
      const allocatable = ctx.nodeAllocatable ?? {};
      const r = containerResourceRuntimeValue(from.resourceFieldRef, pod, container, allocatable);
      return "error" in r ? r : r.value;
    }
    if (from.configMapKeyRef !== undefined) {
      const { name = "", key, optional } = from.configMapKeyRef;
      const cm = getConfigMap(name);
      if (cm === undefined)
        return optional === true ? undefined : { error: notFound("configmap", name) };
      const v = cm.data?.[key];
      if (v !== undefined) return v;
      if (optional === true) return undefined;
      return { error: `couldn't find key ${key} in ConfigMap ${namespace}/${name}` };
    }
    if (from.secretKeyRef !== undefined) {
      const { name = "", key, optional } = from.secretKeyRef;
      const secret = getSecret(name);
      if (secret === undefined)
        return optional === true ? undefined : { error: notFound("secret", name) };
      const v = secret.data?.[key];
      if (v !== undefined) return secretValue(v);
      if (optional === true) return undefined;
      return { error: `couldn't find key ${key} in Secret ${namespace}/${name}` };
    }
    return "";
  }
}
