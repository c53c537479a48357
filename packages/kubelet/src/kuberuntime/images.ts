/**
 * Image references and pulling (pkg/kubelet/images/image_manager.go,
 * pkg/apis/core/v1/defaults.go for the pull policy). References are
 * normalized as containerd reports them ("nginx" ->
 * "docker.io/library/nginx:latest"); image IDs are a digest derived from the
 * reference, so they are stable across runs.
 */
import { createHash } from "node:crypto";

/** docker.io/library/nginx:latest for "nginx"; keeps registries, tags and digests as given. */
export function normalizeImage(image: string): string {
  let ref = image;
  const slash = ref.indexOf("/");
  const first = slash < 0 ? "" : ref.slice(0, slash);
  const hasRegistry =
    slash >= 0 && (first.includes(".") || first.includes(":") || first === "localhost");
  if (!hasRegistry) ref = slash < 0 ? `docker.io/library/${ref}` : `docker.io/${ref}`;
  const lastSlash = ref.lastIndexOf("/");
  const tail = ref.slice(lastSlash + 1);
  if (!tail.includes(":") && !tail.includes("@")) ref = `${ref}:latest`;
  return ref;
}

/** The repository part of a normalized reference (no tag or digest). */
function repository(normalized: string): string {
  const at = normalized.indexOf("@");
  if (at >= 0) return normalized.slice(0, at);
  const lastSlash = normalized.lastIndexOf("/");
  const colon = normalized.indexOf(":", lastSlash);
  return colon < 0 ? normalized : normalized.slice(0, colon);
}

/** "docker.io/library/nginx@sha256:<64 hex>", derived from the reference. */
export function imageIdOf(image: string): string {
  const normalized = normalizeImage(image);
  const digest = createHash("sha256").update(normalized).digest("hex");
  return `${repository(normalized)}@sha256:${digest}`;
}

/** SetDefaults_Container: Always for :latest or no tag, else IfNotPresent. */
export function defaultPullPolicy(image: string): "Always" | "IfNotPresent" {
  if (image.includes("@")) return "IfNotPresent";
  const lastSlash = image.lastIndexOf("/");
  const tail = image.slice(lastSlash + 1);
  const colon = tail.indexOf(":");
  if (colon < 0) return "Always";
  return tail.slice(colon + 1) === "latest" ? "Always" : "IfNotPresent";
}

/** The pull error containerd gives for an image that does not exist. */
export function notFoundPullError(image: string): string {
  const normalized = normalizeImage(image);
  return (
    `rpc error: code = NotFound desc = failed to pull and unpack image "${normalized}": ` +
    `failed to resolve reference "${normalized}": ${normalized}: not found`
  );
}

/** Go's time.Duration String() truncated to milliseconds, as the Pulled event prints it. */
export function pullDuration(ms: number): string {
  if (ms === 0) return "0s";
  if (ms < 1000) return `${ms}ms`;
  const s = ms / 1000;
  if (s < 60) return `${trimZeros(s.toFixed(3))}s`;
  const m = Math.floor(s / 60);
  return `${m}m${trimZeros((s - m * 60).toFixed(3))}s`;
}

function trimZeros(s: string): string {
  return s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s;
}
