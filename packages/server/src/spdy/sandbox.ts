/**
 * The container runtime's names for a pod's sandbox, which containerd puts
 * into its port-forward errors: the sandbox ID (64 hex digits) and the path
 * of the sandbox's network namespace (/var/run/netns/cni-<uuid>). kubesim
 * has no runtime, so both derive from the pod's UID: stable, and different
 * per pod, as a runtime's would be.
 */
import { createHash } from "node:crypto";

const hex = (s: string) => createHash("sha256").update(s).digest("hex");

/** The pod sandbox's ID, as `crictl pods --no-trunc` shows it. */
export function sandboxId(podUid: string): string {
  return hex(`sandbox/${podUid}`);
}

/** The sandbox's network namespace, as the CNI plugins name it. */
export function netnsPath(podUid: string): string {
  const h = hex(`netns/${podUid}`);
  const uuid = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  return `/var/run/netns/cni-${uuid}`;
}
