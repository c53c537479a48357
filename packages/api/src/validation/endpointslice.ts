/**
 * EndpointSlices. Mirrors kubernetes/pkg/apis/discovery/validation
 * (ValidateEndpointSlice, validateEndpoints, validatePorts, validateAddressType,
 * ValidateEndpointSliceUpdate).
 *
 * Guarantees: addressType IPv4, IPv6 or FQDN (and immutable); at most 1000
 * endpoints, each with 1 to 100 addresses of that type (non-special IPs, or
 * FQDNs), at most 16 topology labels, a DNS-label hostname; at most 100 ports
 * with unique DNS-label names (or ""), a protocol, a qualified appProtocol.
 */
import type { FieldError } from "../errors.js";
import { fieldError } from "../errors.js";
import { validateLabels } from "../labels/index.js";
import { isDNS1123Label, isQualifiedName, nameIsDNSSubdomain } from "../names.js";
import { isFullyQualifiedDomainName } from "./formats.js";
import { isValidIP, isValidIPv4Address, isValidIPv6Address, validateNonSpecialIP } from "./ip.js";
import type { Obj } from "./json.js";
import { items, optStr, str, stringMap, strings } from "./json.js";
import {
  metaOf,
  validateImmutableField,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from "./meta.js";
import { child, index } from "./path.js";

const protocols = ["SCTP", "TCP", "UDP"];

function validateAddresses(addrType: string, addresses: string[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  addresses.forEach((address, i) => {
    const p = index(path, i);
    switch (addrType) {
      case "IP":
        errs.push(...isValidIP(p, address));
        break;
      case "IPv4":
        errs.push(...isValidIPv4Address(p, address), ...validateNonSpecialIP(address, p));
        break;
      case "IPv6":
        errs.push(...isValidIPv6Address(p, address), ...validateNonSpecialIP(address, p));
        break;
      case "FQDN": {
        const r = isFullyQualifiedDomainName(address);
        if (r === "required") errs.push(fieldError.required(p));
        else if (r !== undefined) errs.push(fieldError.invalid(p, r[0], r[1]));
        break;
      }
      default:
        break;
    }
  });
  return errs;
}

function validateSlice(slice: Obj, validTypes: readonly string[]): FieldError[] {
  const errs = validateObjectMeta(metaOf(slice), true, nameIsDNSSubdomain);
  const addrType = str(slice, "addressType");
  if (addrType === "") errs.push(fieldError.required("addressType"));
  else if (!validTypes.includes(addrType))
    errs.push(fieldError.notSupported("addressType", addrType, validTypes));
  const endpoints = items(slice, "endpoints");
  if (endpoints.length > 1000) errs.push(fieldError.tooMany("endpoints", endpoints.length, 1000));
  else {
    endpoints.forEach((ep, i) => {
      const p = index("endpoints", i);
      const addresses = strings(ep, "addresses");
      const ap = child(p, "addresses");
      if (addresses.length === 0)
        errs.push(fieldError.required(ap, "must contain at least 1 address"));
      else if (addresses.length > 100) errs.push(fieldError.tooMany(ap, addresses.length, 100));
      errs.push(...validateAddresses(addrType, addresses, ap));
      const topology = stringMap(ep, "deprecatedTopology");
      const tp = child(p, "topology");
      if (topology !== undefined && Object.keys(topology).length > 16) {
        errs.push(fieldError.tooMany(tp, Object.keys(topology).length, 16));
      }
      errs.push(...validateLabels(topology, tp));
      const hostname = optStr(ep, "hostname");
      if (hostname !== undefined)
        for (const m of isDNS1123Label(hostname))
          errs.push(fieldError.invalid(child(p, "hostname"), hostname, m));
    });
  }
  const ports = items(slice, "ports");
  if (ports.length > 100) errs.push(fieldError.tooMany("ports", ports.length, 100));
  else {
    const names = new Set<string>();
    ports.forEach((port, i) => {
      const p = index("ports", i);
      const name = str(port, "name");
      if (name !== "")
        for (const m of isDNS1123Label(name))
          errs.push(fieldError.invalid(child(p, "name"), name, m));
      if (names.has(name)) errs.push(fieldError.duplicate(child(p, "name"), name));
      else names.add(name);
      const protocol = optStr(port, "protocol");
      if (protocol === undefined) errs.push(fieldError.required(child(p, "protocol")));
      else if (!protocols.includes(protocol))
        errs.push(fieldError.notSupported(child(p, "protocol"), protocol, protocols));
      const appProtocol = optStr(port, "appProtocol");
      if (appProtocol !== undefined) {
        for (const m of isQualifiedName(appProtocol))
          errs.push(fieldError.invalid(child(p, "appProtocol"), appProtocol, m));
      }
    });
  }
  return errs;
}

export function validateEndpointSliceCreate(slice: Obj): FieldError[] {
  return validateSlice(slice, ["FQDN", "IPv4", "IPv6"]);
}

/**
 * ValidateEndpointSliceUpdate, after BeforeUpdate's ValidateObjectMetaAccessorUpdate
 * (validateCommonFields: the discovery strategy has no metadata update check of
 * its own, so the generic one is the only one).
 */
export function validateEndpointSliceUpdate(slice: Obj, old: Obj): FieldError[] {
  const errs = validateObjectMetaUpdate(metaOf(slice), metaOf(old), "metadata", {
    kubeFinalizers: false,
  });
  errs.push(...validateSlice(slice, ["FQDN", "IP", "IPv4", "IPv6"]));
  errs.push(
    ...validateImmutableField(str(slice, "addressType"), str(old, "addressType"), "addressType"),
  );
  return errs;
}
