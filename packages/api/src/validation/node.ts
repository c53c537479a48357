/**
 * Nodes. Mirrors kubernetes/pkg/apis/core/validation (ValidateNode,
 * ValidateNodeUpdate, validateNodeTaints, ValidateNodeResources).
 *
 * Guarantees: the name is a DNS subdomain; no namespace; taints have a
 * qualified key, a label value, an effect NoSchedule/PreferNoSchedule/NoExecute
 * and are unique per (key, effect) — reported under `metadata.taints`, the path
 * upstream uses; capacity and allocatable quantities are ≥ 0 (integers for
 * extended resources); podCIDRs are CIDRs, at most one per family, and once
 * set may not change (`spec.podCIDRs: Forbidden: node updates may not change
 * podCIDR except from "" to valid`); providerID may only be set once.
 */
import type { FieldError } from "../errors.js";
import { fieldError } from "../errors.js";
import { validateLabelName } from "../labels/index.js";
import { isValidLabelValue, nameIsDNSSubdomain } from "../names.js";
import { isValidCIDR } from "./ip.js";
import type { Obj } from "./json.js";
import { entries, items, obj, str, strings } from "./json.js";
import { metaOf, validateObjectMeta, validateObjectMetaUpdate } from "./meta.js";
import { child, index } from "./path.js";
import { quantityOrError, validateResourceQuantityValue } from "./resources.js";
import { semanticEqual } from "./semantic.js";

const effects = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

function validateTaints(taints: Obj[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  taints.forEach((t, i) => {
    const p = index(path, i);
    const k = str(t, "key");
    const value = str(t, "value");
    const effect = str(t, "effect");
    errs.push(...validateLabelName(k, child(p, "key")));
    const msgs = isValidLabelValue(value);
    if (msgs.length > 0) errs.push(fieldError.invalid(child(p, "value"), value, msgs.join(";")));
    if (effect === "") errs.push(fieldError.required(child(p, "effect")));
    else if (!effects.includes(effect))
      errs.push(fieldError.notSupported(child(p, "effect"), effect, effects));
    const id = `${effect}\u0000${k}`;
    if (seen.has(id)) {
      errs.push({
        ...fieldError.duplicate(p, t),
        detail: "taints must be unique by key and effect pair",
      });
      return;
    }
    seen.add(id);
  });
  return errs;
}

function validateNodeResources(node: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const status = obj(node, "status");
  for (const list of ["capacity", "allocatable"]) {
    for (const [name, raw] of entries(status, list)) {
      const p = child("status", list, name);
      const q = quantityOrError(raw);
      if (typeof q === "string") errs.push(fieldError.invalid(p, raw ?? null, q));
      else errs.push(...validateResourceQuantityValue(name, q, p));
    }
  }
  return errs;
}

function validatePodCIDRs(spec: Obj | undefined): FieldError[] {
  const cidrs = strings(spec, "podCIDRs");
  const errs: FieldError[] = [];
  cidrs.forEach((c, i) => errs.push(...isValidCIDR(index("spec.podCIDRs", i), c)));
  if (cidrs.length > 1 && errs.length === 0) {
    const families = cidrs.map((c) => (c.includes(":") ? 6 : 4));
    if (cidrs.length > 2 || families[0] === families[1]) {
      errs.push(
        fieldError.invalid(
          "spec.podCIDRs",
          cidrs,
          "may specify no more than one CIDR for each IP family",
        ),
      );
    }
    const seen = new Set<string>();
    cidrs.forEach((c, i) => {
      if (seen.has(c)) errs.push(fieldError.duplicate(index("spec.podCIDRs", i), c));
      seen.add(c);
    });
  }
  return errs;
}

export function validateNodeCreate(node: Obj): FieldError[] {
  const errs = validateObjectMeta(metaOf(node), false, nameIsDNSSubdomain);
  const spec = obj(node, "spec");
  errs.push(...validateTaints(items(spec, "taints"), "metadata.taints"));
  errs.push(...validateNodeResources(node));
  errs.push(...validatePodCIDRs(spec));
  return errs;
}

/** The node strategy's ValidateUpdate: ValidateNode on the new object, then ValidateNodeUpdate. */
export function validateNodeUpdate(node: Obj, old: Obj): FieldError[] {
  const errs = validateNodeCreate(node);
  errs.push(...validateObjectMetaUpdate(metaOf(node), metaOf(old)));
  errs.push(...validateNodeResources(node));
  const seen: Obj[] = [];
  items(obj(node, "status"), "addresses").forEach((a, i) => {
    if (seen.some((s) => semanticEqual(s, a)))
      errs.push(fieldError.duplicate(index("status.addresses", i), a));
    seen.push(a);
  });
  const spec = obj(node, "spec");
  const oldSpec = obj(old, "spec");
  const oldCIDRs = strings(oldSpec, "podCIDRs");
  const cidrs = strings(spec, "podCIDRs");
  const cidrMsg = 'node updates may not change podCIDR except from "" to valid';
  if (oldCIDRs.length > 0) {
    if (oldCIDRs.length !== cidrs.length) errs.push(fieldError.forbidden("spec.podCIDRs", cidrMsg));
    else
      oldCIDRs.forEach(
        (c, i) => c !== cidrs[i] && errs.push(fieldError.forbidden("spec.podCIDRs", cidrMsg)),
      );
  }
  const oldProvider = str(oldSpec, "providerID");
  if (oldProvider !== "" && oldProvider !== str(spec, "providerID")) {
    errs.push(
      fieldError.forbidden(
        "spec.providerID",
        'node updates may not change providerID except from "" to valid',
      ),
    );
  }
  errs.push(...validateTaints(items(spec, "taints"), "metadata.taints"));
  if (str(spec, "externalID") !== str(oldSpec, "externalID")) {
    errs.push(fieldError.forbidden("spec.externalID", "may not be updated"));
  }
  return errs;
}
