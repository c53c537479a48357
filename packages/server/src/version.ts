/**
 * /version: the version.Info that kube-apiserver reports
 * (staging/src/k8s.io/apimachinery/pkg/version/types.go). kubesim reports
 * a configurable Kubernetes version (default 1.31.0). The `/usr/bin/kubectl`
 * dispatcher picks the kubectl binary matching `minor`, so this decides
 * which kubectl a user gets.
 */

export interface VersionInfo {
  readonly major: string;
  readonly minor: string;
  readonly gitVersion: string;
  readonly gitCommit: string;
  readonly gitTreeState: string;
  readonly buildDate: string;
  readonly goVersion: string;
  readonly compiler: string;
  readonly platform: string;
}

export const DEFAULT_KUBE_VERSION = "v1.31.0";

/** Thrown for a version that is not `1.N` or `v1.N.P`. */
export class KubeVersionError extends Error {
  readonly code = "KubeVersionError" as const;
  constructor(text: string) {
    super(
      `invalid Kubernetes version ${JSON.stringify(text)}: expected 1.N or v1.N.P (for example 1.31 or v1.31.4)`,
    );
    this.name = "KubeVersionError";
  }
}

/** The Go toolchain each release line was built with (its .0 release). */
const goVersions: Readonly<Record<string, string>> = {
  "27": "go1.20.5",
  "28": "go1.20.7",
  "29": "go1.21.5",
  "30": "go1.22.2",
  "31": "go1.22.5",
  "32": "go1.23.3",
  "33": "go1.24.2",
};

/** version.Info for "1.31", "v1.31", "1.31.4" or "v1.31.4". */
export function versionInfo(text: string = DEFAULT_KUBE_VERSION): VersionInfo {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (m === null || m[1] !== "1") throw new KubeVersionError(text);
  const minor = String(Number(m[2]));
  const patch = m[3] === undefined ? "0" : String(Number(m[3]));
  return {
    major: "1",
    minor,
    gitVersion: `v1.${minor}.${patch}`,
    gitCommit: "0000000000000000000000000000000000000000",
    gitTreeState: "clean",
    buildDate: "1970-01-01T00:00:00Z",
    goVersion: goVersions[minor] ?? "go1.22.5",
    compiler: "gc",
    platform: "linux/amd64",
  };
}
