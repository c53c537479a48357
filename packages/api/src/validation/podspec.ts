/**
 * PodSpec and PodTemplateSpec. Mirrors kubernetes/pkg/apis/core/validation
 * (ValidatePodSpec, ValidatePodTemplateSpec, validateRestartPolicy,
 * validateDNSPolicy, ValidateTolerations, validatePodDNSConfig,
 * validateImagePullSecrets, validateReadinessGates, validateSchedulingGates,
 * ValidateHostAliases, validatePodHostNetworkDeps).
 *
 * Guarantees (paths relative to the spec's path, e.g. `spec` or `spec.template.spec`):
 * - terminationGracePeriodSeconds, restartPolicy and dnsPolicy present and
 *   supported (defaulting fills them);
 * - volumes, containers and init containers as in volumes.ts / container.ts;
 * - nodeSelector is a label map; serviceAccountName, nodeName and
 *   priorityClassName are DNS subdomains; hostname and subdomain DNS labels;
 * - activeDeadlineSeconds in 1..2147483647; tolerations well formed;
 * - a pod template may not have ephemeral containers.
 * Not reproduced: affinity, topology spread, security contexts beyond the
 * basics, OS-specific rules, resource claims, pod-level resources.
 */
import type { FieldError } from "../errors.js";
import { fieldError } from "../errors.js";
import { validateLabelName, validateLabels } from "../labels/index.js";
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  nameIsDNSSubdomain,
} from "../names.js";
import { validateContainers, validateInitContainers } from "./container.js";
import { inclusiveRangeError } from "./formats.js";
import { isValidIP } from "./ip.js";
import type { Obj } from "./json.js";
import { items, num, obj, optNum, str, stringMap, strings } from "./json.js";
import { memoByIdentityAndPath } from "./memo.js";
import { validateAnnotations } from "./meta.js";
import { child, index } from "./path.js";
import { validateVolumes } from "./volumes.js";

const MAX_INT32 = 2147483647;

/** ValidateTolerations. */
export function validateTolerations(tolerations: Obj[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  tolerations.forEach((t, i) => {
    const p = index(path, i);
    const k = str(t, "key");
    const operator = str(t, "operator");
    const effect = str(t, "effect");
    const value = str(t, "value");
    if (k !== "") errs.push(...validateLabelName(k, child(p, "key")));
    if (k === "" && operator !== "Exists") {
      errs.push(
        fieldError.invalid(
          child(p, "operator"),
          operator,
          'operator must be Exists when `key` is empty, which means "match all values and all keys"',
        ),
      );
    }
    if (optNum(t, "tolerationSeconds") !== undefined && effect !== "NoExecute") {
      errs.push(
        fieldError.invalid(
          child(p, "effect"),
          effect,
          "effect must be 'NoExecute' when `tolerationSeconds` is set",
        ),
      );
    }
    if (operator === "Equal" || operator === "") {
      const msgs = isValidLabelValue(value);
      if (msgs.length > 0)
        errs.push(fieldError.invalid(child(p, "operator"), value, msgs.join(";")));
    } else if (operator === "Exists") {
      if (value !== "")
        errs.push(
          fieldError.invalid(
            child(p, "operator"),
            value,
            "value must be empty when `operator` is 'Exists'",
          ),
        );
    } else {
      errs.push(fieldError.notSupported(child(p, "operator"), operator, ["Equal", "Exists"]));
    }
    if (effect !== "" && !["NoSchedule", "PreferNoSchedule", "NoExecute"].includes(effect)) {
      errs.push(
        fieldError.notSupported(child(p, "effect"), effect, [
          "NoSchedule",
          "PreferNoSchedule",
          "NoExecute",
        ]),
      );
    }
  });
  return errs;
}

function validateDNSConfig(spec: Obj, path: string): FieldError[] {
  const config = obj(spec, "dnsConfig");
  if (str(spec, "dnsPolicy") === "None") {
    if (config === undefined)
      return [fieldError.required(path, "must provide `dnsConfig` when `dnsPolicy` is None")];
    if (strings(config, "nameservers").length === 0) {
      return [
        fieldError.required(
          child(path, "nameservers"),
          "must provide at least one DNS nameserver when `dnsPolicy` is None",
        ),
      ];
    }
  }
  if (config === undefined) return [];
  const errs: FieldError[] = [];
  const nameservers = strings(config, "nameservers");
  if (nameservers.length > 3)
    errs.push(
      fieldError.invalid(
        child(path, "nameservers"),
        nameservers,
        "must not have more than 3 nameservers",
      ),
    );
  nameservers.forEach((ns, i) => errs.push(...isValidIP(index(child(path, "nameservers"), i), ns)));
  const searches = strings(config, "searches");
  if (searches.length > 32)
    errs.push(
      fieldError.invalid(
        child(path, "searches"),
        searches,
        "must not have more than 32 search paths",
      ),
    );
  if (searches.join(" ").length > 2048) {
    errs.push(
      fieldError.invalid(
        child(path, "searches"),
        searches,
        "must not have more than 2048 characters (including spaces) in the search list",
      ),
    );
  }
  items(config, "options").forEach((o, i) => {
    if (str(o, "name") === "")
      errs.push(fieldError.required(index(child(path, "options"), i), "must not be empty"));
  });
  return errs;
}

function nameErrors(value: string, path: string): FieldError[] {
  return value === ""
    ? []
    : nameIsDNSSubdomain(value, false).map((m) => fieldError.invalid(path, value, m));
}

export interface PodSpecOptions {
  /** The spec belongs to a Pod (not a template): hostNetwork host ports must equal container ports. */
  readonly resourceIsPod: boolean;
}

/** ValidatePodSpec. */
export function validatePodSpec(
  spec: Obj | undefined,
  path: string,
  opts: PodSpecOptions,
): FieldError[] {
  const s = spec ?? {};
  const errs: FieldError[] = [];
  const gracePeriod = optNum(s, "terminationGracePeriodSeconds");
  if (gracePeriod === undefined)
    errs.push(fieldError.required(child(path, "terminationGracePeriodSeconds")));
  const vols = validateVolumes(items(s, "volumes"), child(path, "volumes"));
  errs.push(...vols.errs);
  const containers = items(s, "containers");
  errs.push(...validateContainers(containers, vols.names, gracePeriod, child(path, "containers")));
  errs.push(
    ...validateInitContainers(
      items(s, "initContainers"),
      containers,
      vols.names,
      gracePeriod,
      child(path, "initContainers"),
    ),
  );
  if (s["hostNetwork"] === true) {
    containers.forEach((c, ci) => {
      items(c, "ports").forEach((port, pi) => {
        const hp = num(port, "hostPort");
        const cp = num(port, "containerPort");
        if ((opts.resourceIsPod || hp !== 0) && hp !== cp) {
          errs.push(
            fieldError.invalid(
              child(index(child(index(child(path, "containers"), ci), "ports"), pi), "hostPort"),
              hp,
              "must match `containerPort` when `hostNetwork` is true",
            ),
          );
        }
      });
    });
  }
  const restartPolicy = str(s, "restartPolicy");
  if (restartPolicy === "") errs.push(fieldError.required(child(path, "restartPolicy")));
  else if (!["Always", "OnFailure", "Never"].includes(restartPolicy)) {
    errs.push(
      fieldError.notSupported(child(path, "restartPolicy"), restartPolicy, [
        "Always",
        "OnFailure",
        "Never",
      ]),
    );
  }
  const dnsPolicies = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];
  const dnsPolicy = str(s, "dnsPolicy");
  if (dnsPolicy === "") errs.push(fieldError.required(child(path, "dnsPolicy")));
  else if (!dnsPolicies.includes(dnsPolicy))
    errs.push(fieldError.notSupported(child(path, "dnsPolicy"), dnsPolicy, dnsPolicies));
  errs.push(...validateLabels(stringMap(s, "nodeSelector"), child(path, "nodeSelector")));
  items(s, "imagePullSecrets").forEach((ref, i) => {
    if (Object.keys(ref).some((k) => k !== "name")) {
      errs.push(
        fieldError.invalid(index(child(path, "imagePullSecrets"), i), ref, "only name may be set"),
      );
    }
  });
  errs.push(...validateDNSConfig(s, child(path, "dnsConfig")));
  items(s, "readinessGates").forEach((g, i) => {
    const t = str(g, "conditionType");
    for (const m of isQualifiedName(t))
      errs.push(
        fieldError.invalid(child(index(child(path, "readinessGates"), i), "conditionType"), t, m),
      );
  });
  const gates = new Set<string>();
  items(s, "schedulingGates").forEach((g, i) => {
    const p = index(child(path, "schedulingGates"), i);
    const name = str(g, "name");
    for (const m of isQualifiedName(name)) errs.push(fieldError.invalid(p, name, m));
    if (gates.has(name)) errs.push(fieldError.duplicate(p, name));
    gates.add(name);
  });
  errs.push(...nameErrors(str(s, "serviceAccountName"), child(path, "serviceAccountName")));
  errs.push(...nameErrors(str(s, "nodeName"), child(path, "nodeName")));
  const ads = optNum(s, "activeDeadlineSeconds");
  if (ads !== undefined && (ads < 1 || ads > MAX_INT32)) {
    errs.push(
      fieldError.invalid(
        child(path, "activeDeadlineSeconds"),
        ads,
        inclusiveRangeError(1, MAX_INT32),
      ),
    );
  }
  for (const f of ["hostname", "subdomain"]) {
    const v = str(s, f);
    if (v !== "")
      for (const m of isDNS1123Label(v)) errs.push(fieldError.invalid(child(path, f), v, m));
  }
  errs.push(...validateTolerations(items(s, "tolerations"), child(path, "tolerations")));
  items(s, "hostAliases").forEach((a, i) => {
    const p = index(child(path, "hostAliases"), i);
    errs.push(...isValidIP(child(p, "ip"), str(a, "ip")));
    strings(a, "hostnames").forEach((h, j) => {
      for (const m of isDNS1123Subdomain(h))
        errs.push(fieldError.invalid(index(child(p, "hostnames"), j), h, m));
    });
  });
  errs.push(...nameErrors(str(s, "priorityClassName"), child(path, "priorityClassName")));
  return errs;
}

/**
 * ValidatePodTemplateSpec: labels at `<path>.labels` (sic, not metadata.labels), annotations, spec.
 * A function of the template and the path alone, so a deep-frozen template is
 * validated once (memo.ts): a Deployment or ReplicaSet update that leaves its
 * template alone (a scale, an annotation) hands over the stored one.
 */
export function validatePodTemplateSpec(template: Obj | undefined, path: string): FieldError[] {
  return template === undefined
    ? podTemplateSpecErrors(template, path)
    : memoPodTemplateSpecErrors(template, path);
}

const memoPodTemplateSpecErrors = memoByIdentityAndPath((template: Obj, path: string) =>
  podTemplateSpecErrors(template, path),
);

function podTemplateSpecErrors(template: Obj | undefined, path: string): FieldError[] {
  const t = template ?? {};
  const meta = obj(t, "metadata");
  const errs: FieldError[] = [];
  errs.push(...validateLabels(stringMap(meta, "labels"), child(path, "labels")));
  errs.push(...validateAnnotations(stringMap(meta, "annotations"), child(path, "annotations")));
  const spec = obj(t, "spec");
  errs.push(...validatePodSpec(spec, child(path, "spec"), { resourceIsPod: false }));
  if (items(spec, "ephemeralContainers").length > 0) {
    errs.push(
      fieldError.forbidden(
        child(path, "spec", "ephemeralContainers"),
        "ephemeral containers not allowed in pod template",
      ),
    );
  }
  return errs;
}
