/**
 * Services. Mirrors kubernetes/pkg/apis/core/validation (ValidateService,
 * validateServicePort, validateServiceExternalTrafficPolicy,
 * validateServiceInternalTrafficFieldsValue, ValidateServiceClusterIPsRelatedFields,
 * ValidateServiceUpdate, validateUpgradeDowngradeClusterIPs,
 * validateUpgradeDowngradeIPFamilies).
 *
 * Guarantees:
 * - the name is a DNS-1035 label (`metadata.name: Invalid value: "1web": a DNS-1035 label ...`);
 * - `spec.ports: Required value` unless headless (clusterIP None) or ExternalName;
 * - each port: a DNS-label name, required and unique when there are several
 *   ports; port 1-65535; protocol TCP/UDP/SCTP; targetPort a port number or an
 *   IANA_SVC_NAME; (protocol, port) and (protocol, nodePort) pairs unique;
 * - type ClusterIP/NodePort/LoadBalancer/ExternalName
 *   (`spec.type: Unsupported value: "Foo": supported values: "ClusterIP", ...`);
 *   nodePort forbidden with ClusterIP; sessionAffinity None/ClientIP;
 * - clusterIP and clusterIPs agree and are valid IPs or "None";
 * - update: `spec.clusterIPs[0]: Invalid value: ["10.0.0.9"]: may not change once set`
 *   (run normalizeServiceClusterIPs first, as the registry does, so a changed
 *   spec.clusterIP shows up in clusterIPs), and likewise for ipFamilies.
 *
 * Note: kube-apiserver before 1.20 said `spec.clusterIP: Invalid value: "...":
 * field is immutable`; today's wording is the clusterIPs one above.
 */
import type { FieldError } from "../errors.js";
import { fieldError } from "../errors.js";
import { validateLabels } from "../labels/index.js";
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  nameIsDNS1035Label,
} from "../names.js";
import { isValidPortNum } from "./formats.js";
import { isValidCIDR, isValidIP, parseIP, to4, validateNonSpecialIP } from "./ip.js";
import type { Obj } from "./json.js";
import { items, num, obj, optNum, optStr, str, stringMap, strings } from "./json.js";
import { metaOf, validateObjectMeta, validateObjectMetaUpdate } from "./meta.js";
import { child, index } from "./path.js";
import { validatePortNumOrName } from "./probe.js";

const protocols = ["SCTP", "TCP", "UDP"];
const serviceTypes = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];
const MAX_CLIENT_IP_AFFINITY_SECONDS = 86400;

function isHeadless(spec: Obj): boolean {
  const ips = strings(spec, "clusterIPs");
  return ips.length === 1 && ips[0] === "None";
}

function externallyAccessible(spec: Obj): boolean {
  const type = str(spec, "type");
  return (
    type === "LoadBalancer" ||
    type === "NodePort" ||
    (type === "ClusterIP" && strings(spec, "externalIPs").length > 0)
  );
}

function validateServicePort(
  port: Obj,
  requireName: boolean,
  names: Set<string>,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(port, "name");
  if (requireName && name === "") errs.push(fieldError.required(child(path, "name")));
  else if (name !== "") {
    for (const m of isDNS1123Label(name))
      errs.push(fieldError.invalid(child(path, "name"), name, m));
    if (names.has(name)) errs.push(fieldError.duplicate(child(path, "name"), name));
    else names.add(name);
  }
  const p = num(port, "port");
  for (const m of isValidPortNum(p)) errs.push(fieldError.invalid(child(path, "port"), p, m));
  const protocol = str(port, "protocol");
  if (protocol === "") errs.push(fieldError.required(child(path, "protocol")));
  else if (!protocols.includes(protocol))
    errs.push(fieldError.notSupported(child(path, "protocol"), protocol, protocols));
  errs.push(...validatePortNumOrName(port["targetPort"], child(path, "targetPort")));
  const appProtocol = optStr(port, "appProtocol");
  if (appProtocol !== undefined) {
    for (const m of isQualifiedName(appProtocol))
      errs.push(fieldError.invalid(child(path, "appProtocol"), appProtocol, m));
  }
  return errs;
}

/** ValidateServiceClusterIPsRelatedFields. */
function validateClusterIPs(spec: Obj): FieldError[] {
  if (str(spec, "type") === "ExternalName") return [];
  const errs: FieldError[] = [];
  const clusterIP = str(spec, "clusterIP");
  const ips = strings(spec, "clusterIPs");
  const ipsPath = "spec.clusterIPs";
  if (clusterIP !== "") {
    if (ips.length === 0) errs.push(fieldError.required(ipsPath));
    else if (ips[0] !== clusterIP)
      errs.push(fieldError.invalid(ipsPath, ips, "first value must match `clusterIP`"));
  } else if (ips.length !== 0) {
    errs.push(fieldError.invalid(ipsPath, ips, "must be empty when `clusterIP` is not specified"));
  }
  const seen = new Set<string>();
  strings(spec, "ipFamilies").forEach((f, i) => {
    const p = index("spec.ipFamilies", i);
    if (f !== "IPv4" && f !== "IPv6") errs.push(fieldError.notSupported(p, f, ["IPv4", "IPv6"]));
    if (seen.has(f)) errs.push(fieldError.duplicate(p, f));
    seen.add(f);
  });
  const policy = optStr(spec, "ipFamilyPolicy");
  const policies = ["PreferDualStack", "RequireDualStack", "SingleStack"];
  if (policy !== undefined && !policies.includes(policy)) {
    errs.push(fieldError.notSupported("spec.ipFamilyPolicy", policy, policies));
  }
  let invalid = false;
  ips.forEach((ip, i) => {
    if (i === 0 && ip === "None") {
      if (ips.length > 1) {
        invalid = true;
        errs.push(fieldError.invalid(ipsPath, ips, "'None' must be the first and only value"));
      }
      return;
    }
    const e = isValidIP(index(ipsPath, i), ip);
    if (e.length > 0) invalid = true;
    errs.push(...e);
  });
  if (ips.length > 2) errs.push(fieldError.invalid(ipsPath, ips, "may only hold up to 2 values"));
  if (invalid) return errs;
  if (ips.length > 1) {
    const families = ips.map((ip) => (to4(parseIP(ip)!) !== undefined ? 4 : 6));
    if (new Set(families).size !== families.length) {
      errs.push(
        fieldError.invalid(ipsPath, ips, "may specify no more than one IP for each IP family"),
      );
    }
  }
  const families = strings(spec, "ipFamilies");
  if (!isHeadless(spec)) {
    ips.forEach((ip, i) => {
      const fam = families[i];
      if (fam === undefined) return;
      const v6 = to4(parseIP(ip)!) === undefined;
      if (fam === "IPv4" && v6) {
        errs.push(
          fieldError.invalid(
            index(ipsPath, i),
            ip,
            `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``,
          ),
        );
      }
      if (fam === "IPv6" && !v6) {
        errs.push(
          fieldError.invalid(
            index(ipsPath, i),
            ip,
            `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``,
          ),
        );
      }
    });
  }
  return errs;
}

function validateServiceSpec(
  spec: Obj,
  annotations: Record<string, string> | undefined,
): FieldError[] {
  const errs: FieldError[] = [];
  const type = str(spec, "type");
  const ports = items(spec, "ports");
  const headless = isHeadless(spec);
  if (ports.length === 0 && !headless && type !== "ExternalName")
    errs.push(fieldError.required("spec.ports"));
  const ips = strings(spec, "clusterIPs");
  if ((type === "LoadBalancer" || type === "NodePort") && headless) {
    errs.push(
      fieldError.invalid(
        "spec.clusterIPs[0]",
        ips[0],
        `may not be set to 'None' for ${type} services`,
      ),
    );
  }
  if (type === "ExternalName") {
    if (ips.length > 0)
      errs.push(
        fieldError.forbidden("spec.clusterIPs", "may not be set for ExternalName services"),
      );
    if (strings(spec, "ipFamilies").length > 0) {
      errs.push(
        fieldError.forbidden("spec.ipFamilies", "may not be set for ExternalName services"),
      );
    }
    if (optStr(spec, "ipFamilyPolicy") !== undefined) {
      errs.push(
        fieldError.forbidden("spec.ipFamilyPolicy", "may not be set for ExternalName services"),
      );
    }
    const cname = str(spec, "externalName").replace(/\.$/, "");
    if (cname === "") errs.push(fieldError.required("spec.externalName"));
    else
      for (const m of isDNS1123Subdomain(cname))
        errs.push(fieldError.invalid("spec.externalName", cname, m));
  }
  const names = new Set<string>();
  ports.forEach((p, i) =>
    errs.push(...validateServicePort(p, ports.length > 1, names, index("spec.ports", i))),
  );
  errs.push(...validateLabels(stringMap(spec, "selector"), "spec.selector"));
  const affinity = str(spec, "sessionAffinity");
  if (affinity === "") errs.push(fieldError.required("spec.sessionAffinity"));
  else if (affinity !== "ClientIP" && affinity !== "None") {
    errs.push(fieldError.notSupported("spec.sessionAffinity", affinity, ["ClientIP", "None"]));
  }
  const affinityConfig = obj(spec, "sessionAffinityConfig");
  if (affinity === "ClientIP") {
    const clientIP = obj(affinityConfig, "clientIP");
    const timeout = optNum(clientIP, "timeoutSeconds");
    const p = "spec.sessionAffinityConfig";
    if (affinityConfig === undefined)
      errs.push(fieldError.required(p, "when session affinity type is ClientIP"));
    else if (clientIP === undefined)
      errs.push(fieldError.required(`${p}.clientIP`, "when session affinity type is ClientIP"));
    else if (timeout === undefined) {
      errs.push(
        fieldError.required(
          `${p}.clientIP.timeoutSeconds`,
          "when session affinity type is ClientIP",
        ),
      );
    } else if (timeout <= 0 || timeout > MAX_CLIENT_IP_AFFINITY_SECONDS) {
      errs.push(
        fieldError.invalid(
          `${p}.clientIP.timeoutSeconds`,
          timeout,
          `must be greater than 0 and less than ${MAX_CLIENT_IP_AFFINITY_SECONDS}`,
        ),
      );
    }
  } else if (affinity === "None" && affinityConfig !== undefined) {
    errs.push(
      fieldError.forbidden(
        "spec.sessionAffinityConfig",
        "must not be set when session affinity is None",
      ),
    );
  }
  errs.push(...validateClusterIPs(spec));
  strings(spec, "externalIPs").forEach((ip, i) => {
    const p = index("spec.externalIPs", i);
    const e = isValidIP(p, ip);
    errs.push(...(e.length > 0 ? e : validateNonSpecialIP(ip, p)));
  });
  if (type === "") errs.push(fieldError.required("spec.type"));
  else if (!serviceTypes.includes(type))
    errs.push(fieldError.notSupported("spec.type", type, serviceTypes));
  if (type === "ClusterIP") {
    ports.forEach((p, i) => {
      if (num(p, "nodePort") !== 0) {
        errs.push(
          fieldError.forbidden(
            child(index("spec.ports", i), "nodePort"),
            "may not be used when `type` is 'ClusterIP'",
          ),
        );
      }
    });
  }
  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    const np = num(p, "nodePort");
    if (np === 0) return;
    const k = `${str(p, "protocol")}/${np}`;
    if (nodePorts.has(k))
      errs.push(fieldError.duplicate(child(index("spec.ports", i), "nodePort"), np));
    nodePorts.add(k);
  });
  const portKeys = new Set<string>();
  ports.forEach((p, i) => {
    const k = `${str(p, "protocol")}/${num(p, "port")}`;
    if (portKeys.has(k)) {
      errs.push(
        fieldError.duplicate(index("spec.ports", i), {
          port: num(p, "port"),
          protocol: str(p, "protocol"),
        }),
      );
    }
    portKeys.add(k);
  });
  const ranges = strings(spec, "loadBalancerSourceRanges");
  if (ranges.length > 0) {
    if (type !== "LoadBalancer") {
      errs.push(
        fieldError.forbidden(
          "spec.LoadBalancerSourceRanges",
          "may only be used when `type` is 'LoadBalancer'",
        ),
      );
    }
    ranges.forEach((r, i) =>
      errs.push(...isValidCIDR(index("spec.LoadBalancerSourceRanges", i), r.trim())),
    );
  } else if (
    annotations?.["service.beta.kubernetes.io/load-balancer-source-ranges"] !== undefined &&
    type !== "LoadBalancer"
  ) {
    errs.push(
      fieldError.forbidden(
        "metadata.annotations[service.beta.kubernetes.io/load-balancer-source-ranges]",
        "may only be used when `type` is 'LoadBalancer'",
      ),
    );
  }
  if (spec["allocateLoadBalancerNodePorts"] !== undefined && type !== "LoadBalancer") {
    errs.push(
      fieldError.forbidden(
        "spec.allocateLoadBalancerNodePorts",
        "may only be used when `type` is 'LoadBalancer'",
      ),
    );
  }
  if (type === "LoadBalancer" && spec["allocateLoadBalancerNodePorts"] === undefined) {
    // Upstream's path lacks the "spec." prefix here.
    errs.push(fieldError.required("allocateLoadBalancerNodePorts"));
  }
  const etp = str(spec, "externalTrafficPolicy");
  if (!externallyAccessible(spec)) {
    if (etp !== "") {
      errs.push(
        fieldError.invalid(
          "spec.externalTrafficPolicy",
          etp,
          "may only be set for externally-accessible services",
        ),
      );
    }
  } else if (etp === "") errs.push(fieldError.required("spec.externalTrafficPolicy"));
  else if (etp !== "Cluster" && etp !== "Local") {
    errs.push(fieldError.notSupported("spec.externalTrafficPolicy", etp, ["Cluster", "Local"]));
  }
  const needsHealthCheck = type === "LoadBalancer" && etp === "Local";
  const hcnp = num(spec, "healthCheckNodePort");
  if (!needsHealthCheck) {
    if (hcnp !== 0) {
      errs.push(
        fieldError.invalid(
          "spec.healthCheckNodePort",
          hcnp,
          "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
        ),
      );
    }
  } else if (hcnp === 0) errs.push(fieldError.required("spec.healthCheckNodePort"));
  else
    for (const m of isValidPortNum(hcnp))
      errs.push(fieldError.invalid("spec.healthCheckNodePort", hcnp, m));
  const itp = optStr(spec, "internalTrafficPolicy");
  if (
    itp === undefined &&
    (type === "NodePort" || type === "LoadBalancer" || type === "ClusterIP")
  ) {
    errs.push(fieldError.required("spec.internalTrafficPolicy"));
  }
  if (itp !== undefined && itp !== "Cluster" && itp !== "Local") {
    errs.push(fieldError.notSupported("spec.internalTrafficPolicy", itp, ["Cluster", "Local"]));
  }
  const td = optStr(spec, "trafficDistribution");
  if (td !== undefined && td !== "PreferClose") {
    errs.push(fieldError.notSupported("spec.trafficDistribution", td, ["PreferClose"]));
  }
  return errs;
}

export function validateServiceCreate(svc: Obj): FieldError[] {
  const meta = metaOf(svc);
  return [
    ...validateObjectMeta(meta, true, nameIsDNS1035Label),
    ...validateServiceSpec(obj(svc, "spec") ?? {}, stringMap(meta, "annotations")),
  ];
}

function validateUpgradeDowngradeClusterIPs(spec: Obj, oldSpec: Obj): FieldError[] {
  if (str(spec, "type") === "ExternalName" || str(oldSpec, "type") === "ExternalName") return [];
  if (isHeadless(spec) && isHeadless(oldSpec)) return [];
  const ips = strings(spec, "clusterIPs");
  const oldIPs = strings(oldSpec, "clusterIPs");
  const errs: FieldError[] = [];
  if (oldIPs.length === ips.length) {
    oldIPs.forEach((ip, i) => {
      if (ip !== ips[i])
        errs.push(fieldError.invalid(index("spec.clusterIPs", i), ips, "may not change once set"));
    });
  } else if (oldIPs.length > ips.length) {
    if (ips.length === 0)
      errs.push(
        fieldError.invalid("spec.clusterIPs[0]", ips, "primary clusterIP can not be unset"),
      );
    if (oldIPs.length > 0 && ips.length > 0 && ips[0] !== oldIPs[0]) {
      errs.push(fieldError.invalid("spec.clusterIPs[0]", ips, "may not change once set"));
    }
    if (ips.length === 1 && optStr(spec, "ipFamilyPolicy") !== "SingleStack") {
      errs.push(
        fieldError.invalid(
          "spec.ipFamilyPolicy",
          optStr(spec, "ipFamilyPolicy") ?? null,
          "must be set to 'SingleStack' when releasing the secondary clusterIP",
        ),
      );
    }
  } else if (oldIPs.length > 0 && ips[0] !== oldIPs[0]) {
    errs.push(fieldError.invalid("spec.clusterIPs[0]", ips, "may not change once set"));
  }
  return errs;
}

function validateUpgradeDowngradeIPFamilies(spec: Obj, oldSpec: Obj): FieldError[] {
  if (str(spec, "type") === "ExternalName" || str(oldSpec, "type") === "ExternalName") return [];
  if (isHeadless(spec) !== isHeadless(oldSpec) || isHeadless(spec)) return [];
  const fams = strings(spec, "ipFamilies");
  const oldFams = strings(oldSpec, "ipFamilies");
  const ips = strings(spec, "clusterIPs");
  const errs: FieldError[] = [];
  if (oldFams.length === fams.length) {
    oldFams.forEach((f, i) => {
      if (f !== fams[i])
        errs.push(fieldError.invalid("spec.ipFamilies[0]", fams, "may not change once set"));
    });
  } else if (oldFams.length > fams.length) {
    if (ips.length === 0)
      errs.push(
        fieldError.invalid("spec.ipFamilies[0]", fams, "primary ipFamily can not be unset"),
      );
    if (fams.length > 0 && fams[0] !== oldFams[0]) {
      errs.push(fieldError.invalid("spec.ipFamilies[0]", ips, "may not change once set"));
    }
    if (fams.length === 1 && optStr(spec, "ipFamilyPolicy") !== "SingleStack") {
      errs.push(
        fieldError.invalid(
          "spec.ipFamilyPolicy",
          optStr(spec, "ipFamilyPolicy") ?? null,
          "must be set to 'SingleStack' when releasing the secondary ipFamily",
        ),
      );
    }
  } else if (oldFams.length > 0 && fams.length > 0 && fams[0] !== oldFams[0]) {
    errs.push(fieldError.invalid("spec.ipFamilies[0]", ips, "may not change once set"));
  }
  return errs;
}

export function validateServiceUpdate(svc: Obj, old: Obj): FieldError[] {
  const spec = obj(svc, "spec") ?? {};
  const oldSpec = obj(old, "spec") ?? {};
  const errs = validateObjectMetaUpdate(metaOf(svc), metaOf(old));
  errs.push(...validateUpgradeDowngradeClusterIPs(spec, oldSpec));
  errs.push(...validateUpgradeDowngradeIPFamilies(spec, oldSpec));
  const needsHC = (s: Obj): boolean =>
    str(s, "type") === "LoadBalancer" && str(s, "externalTrafficPolicy") === "Local";
  if (
    needsHC(spec) &&
    needsHC(oldSpec) &&
    num(spec, "healthCheckNodePort") !== num(oldSpec, "healthCheckNodePort")
  ) {
    errs.push(fieldError.forbidden("spec.healthCheckNodePort", "field is immutable"));
  }
  errs.push(...validateServiceCreate(svc));
  return errs;
}
