/**
 * Endpoints. Mirrors kubernetes/pkg/apis/core/validation (ValidateEndpoints,
 * validateEndpointSubsets, validateEndpointAddress, validateEndpointPort,
 * ValidateNonSpecialIP).
 *
 * Guarantees: every subset has addresses or notReadyAddresses
 * (`subsets[0]: Required value: must specify `addresses` or `notReadyAddresses``);
 * addresses are valid, non-special IPs (no loopback, link-local or unspecified),
 * hostnames DNS labels and nodeNames DNS subdomains; ports are named (DNS
 * labels) when a subset has several, 1-65535, TCP/UDP/SCTP.
 */
import type { FieldError } from "../errors.js";
import { fieldError } from "../errors.js";
import { isDNS1123Label, isQualifiedName, nameIsDNSSubdomain } from "../names.js";
import { isValidPortNum } from "./formats.js";
import { isValidIP, validateNonSpecialIP } from "./ip.js";
import type { Obj } from "./json.js";
import { items, num, optStr, str } from "./json.js";
import { metaOf, validateObjectMeta, validateObjectMetaUpdate } from "./meta.js";
import { child, index } from "./path.js";

const protocols = ["SCTP", "TCP", "UDP"];

function validateAddress(a: Obj, path: string): FieldError[] {
  const ip = str(a, "ip");
  const errs = isValidIP(child(path, "ip"), ip);
  const hostname = str(a, "hostname");
  if (hostname !== "")
    for (const m of isDNS1123Label(hostname))
      errs.push(fieldError.invalid(child(path, "hostname"), hostname, m));
  const nodeName = optStr(a, "nodeName");
  if (nodeName !== undefined) {
    for (const m of nameIsDNSSubdomain(nodeName, false))
      errs.push(fieldError.invalid(child(path, "nodeName"), nodeName, m));
  }
  errs.push(...validateNonSpecialIP(ip, child(path, "ip")));
  return errs;
}

/** validateEndpointPort, shared with nothing else but kept beside its caller. */
function validatePort(port: Obj, requireName: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(port, "name");
  if (requireName && name === "") errs.push(fieldError.required(child(path, "name")));
  else if (name !== "")
    for (const m of isDNS1123Label(name))
      errs.push(fieldError.invalid(child(path, "name"), name, m));
  const p = num(port, "port");
  for (const m of isValidPortNum(p)) errs.push(fieldError.invalid(child(path, "port"), p, m));
  const protocol = str(port, "protocol");
  if (protocol === "") errs.push(fieldError.required(child(path, "protocol")));
  else if (!protocols.includes(protocol))
    errs.push(fieldError.notSupported(child(path, "protocol"), protocol, protocols));
  const appProtocol = optStr(port, "appProtocol");
  if (appProtocol !== undefined) {
    for (const m of isQualifiedName(appProtocol))
      errs.push(fieldError.invalid(child(path, "appProtocol"), appProtocol, m));
  }
  return errs;
}

export function validateEndpointsCreate(ep: Obj): FieldError[] {
  const errs = validateObjectMeta(metaOf(ep), true, nameIsDNSSubdomain);
  items(ep, "subsets").forEach((ss, i) => {
    const p = index("subsets", i);
    const addresses = items(ss, "addresses");
    const notReady = items(ss, "notReadyAddresses");
    if (addresses.length === 0 && notReady.length === 0) {
      errs.push(fieldError.required(p, "must specify `addresses` or `notReadyAddresses`"));
    }
    addresses.forEach((a, j) => errs.push(...validateAddress(a, index(child(p, "addresses"), j))));
    notReady.forEach((a, j) =>
      errs.push(...validateAddress(a, index(child(p, "notReadyAddresses"), j))),
    );
    const ports = items(ss, "ports");
    ports.forEach((port, j) =>
      errs.push(...validatePort(port, ports.length > 1, index(child(p, "ports"), j))),
    );
  });
  return errs;
}

export function validateEndpointsUpdate(ep: Obj, old: Obj): FieldError[] {
  return [...validateObjectMetaUpdate(metaOf(ep), metaOf(old)), ...validateEndpointsCreate(ep)];
}
