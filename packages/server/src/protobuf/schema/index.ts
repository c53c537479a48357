/**
 * The Kubernetes protobuf schema kubesim decodes, as one protobufjs Root,
 * and the message type of each served apiVersion/kind. The messages are
 * those of k8s.io/api and k8s.io/apimachinery at Kubernetes v1.33, written
 * out in the files of this folder for the kinds of @kubesim/api's registry
 * plus the bodies of their subresources (autoscaling/v1 Scale, core/v1
 * Binding, policy/v1 Eviction).
 */
import protobuf from "protobufjs";
import { INTSTR_PROTO, META_V1_PROTO, RESOURCE_PROTO, RUNTIME_PROTO } from "./apimachinery.js";
import { APPS_V1_PROTO } from "./apps-v1.js";
import { AUTOSCALING_V1_PROTO } from "./autoscaling-v1.js";
import { COORDINATION_V1_PROTO } from "./coordination-v1.js";
import { CORE_V1_POD_PROTO } from "./core-v1-pod.js";
import { CORE_V1_VOLUME_PROTO } from "./core-v1-volume.js";
import { CORE_V1_PROTO } from "./core-v1.js";
import { DISCOVERY_V1_PROTO } from "./discovery-v1.js";
import { NETWORKING_V1_PROTO } from "./networking-v1.js";
import { POLICY_V1_PROTO } from "./policy-v1.js";

const SOURCES = [
  RUNTIME_PROTO,
  INTSTR_PROTO,
  RESOURCE_PROTO,
  META_V1_PROTO,
  CORE_V1_PROTO,
  CORE_V1_POD_PROTO,
  CORE_V1_VOLUME_PROTO,
  APPS_V1_PROTO,
  DISCOVERY_V1_PROTO,
  NETWORKING_V1_PROTO,
  COORDINATION_V1_PROTO,
  AUTOSCALING_V1_PROTO,
  POLICY_V1_PROTO,
];

/** The protobuf package of each API group/version kubesim decodes. */
const PACKAGES: Readonly<Record<string, string>> = {
  v1: "k8s.io.api.core.v1",
  "apps/v1": "k8s.io.api.apps.v1",
  "discovery.k8s.io/v1": "k8s.io.api.discovery.v1",
  "networking.k8s.io/v1": "k8s.io.api.networking.v1",
  "coordination.k8s.io/v1": "k8s.io.api.coordination.v1",
  "autoscaling/v1": "k8s.io.api.autoscaling.v1",
  "policy/v1": "k8s.io.api.policy.v1",
};

let root: protobuf.Root | undefined;

/** The schema, parsed once and resolved. */
export function kubernetesRoot(): protobuf.Root {
  if (root === undefined) {
    const r = new protobuf.Root();
    for (const text of SOURCES) protobuf.parse(text, r, { keepCase: true });
    r.resolveAll();
    root = r;
  }
  return root;
}

/** A message type by its full name ("k8s.io.apimachinery.pkg.runtime.Unknown"). */
export function messageType(fullName: string): protobuf.Type {
  return kubernetesRoot().lookupType(fullName);
}

/**
 * The message type of a top-level object (an object kind, or a
 * subresource body) by apiVersion and kind, or undefined when the schema
 * has none.
 */
export function objectType(apiVersion: string, kind: string): protobuf.Type | undefined {
  const pkg = PACKAGES[apiVersion];
  if (pkg === undefined || !/^[A-Z][A-Za-z]*$/.test(kind)) return undefined;
  const found = kubernetesRoot().lookup(`${pkg}.${kind}`);
  return found instanceof protobuf.Type && found.fields["metadata"] !== undefined
    ? found
    : undefined;
}
