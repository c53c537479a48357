/**
 * The image tag rule behind the imagePullPolicy default. Mirrors
 * kubernetes/pkg/util/parsers (ParseImageName) on top of the docker reference
 * grammar (github.com/distribution/reference, ParseNormalizedNamed).
 *
 * Guarantee: `imageTag(image)` is the tag ParseImageName reports, with
 * "latest" when the reference has neither a tag nor a digest, and "" when the
 * reference does not parse (upstream ignores that error and so defaults to
 * IfNotPresent; validation of the image string is the runtime's business).
 *
 * Examples: "nginx" → "latest"; "nginx:1.27" → "1.27"; "nginx:latest" →
 * "latest"; "localhost:5000/app" → "latest" (5000 is a port, not a tag);
 * "nginx@sha256:<64 hex>" → "" (digest only, so IfNotPresent);
 * "nginx:latest@sha256:<64 hex>" → "latest"; "NGINX" → "" (repository names
 * must be lowercase, the parse fails).
 */

const domainComponent = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const domainName = `${domainComponent}(?:\\.${domainComponent})*`;
const ipv6 = "\\[(?:[a-fA-F0-9:]+)\\]";
const domainAndPort = `(?:${domainName}|${ipv6})(?::[0-9]+)?`;
const pathComponent = "[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*";
const remoteName = `${pathComponent}(?:/${pathComponent})*`;
const tagPattern = "[\\w][\\w.-]{0,127}";
const digestPattern = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}";
const referenceRe = new RegExp(
  `^((?:${domainAndPort}/)?${remoteName})(?::(${tagPattern}))?(?:@(${digestPattern}))?$`,
);
const identifierRe = /^[a-f0-9]{64}$/;
const nameTotalLengthMax = 255;

export interface ImageReference {
  readonly name: string;
  readonly tag: string;
  readonly digest: string;
}

/** Parses a reference the way ParseNormalizedNamed does, or returns undefined when it is invalid. */
export function parseImageReference(image: string): ImageReference | undefined {
  if (identifierRe.test(image)) return undefined;
  // splitDockerDomain: the first component is a registry only when it looks like one;
  // everything else (the "remainder") must be lowercase.
  const slash = image.indexOf("/");
  const first = slash < 0 ? "" : image.slice(0, slash);
  const isDomain =
    slash >= 0 && (/[.:]/.test(first) || first === "localhost" || first.toLowerCase() !== first);
  const remainder = isDomain ? image.slice(slash + 1) : image;
  if (remainder.toLowerCase() !== remainder) return undefined;
  const m = referenceRe.exec(image);
  if (m === null) return undefined;
  const name = m[1] ?? "";
  if (name.length > nameTotalLengthMax) return undefined;
  return { name, tag: m[2] ?? "", digest: m[3] ?? "" };
}

/** The tag ParseImageName reports: "latest" when neither tag nor digest is given, "" on a parse error. */
export function imageTag(image: string): string {
  const ref = parseImageReference(image);
  if (ref === undefined) return "";
  if (ref.tag === "" && ref.digest === "") return "latest";
  return ref.tag;
}

/** SetDefaults_Container: Always for the `latest` tag (explicit or implied), else IfNotPresent. */
export function defaultPullPolicy(image: string): "Always" | "IfNotPresent" {
  return imageTag(image) === "latest" ? "Always" : "IfNotPresent";
}
