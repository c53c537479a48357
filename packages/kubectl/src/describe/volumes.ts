/**
 * The Volumes section of describe, for the volume sources a kubesim pod can
 * carry (emptyDir, hostPath, configMap, secret, projected, downwardAPI,
 * persistentVolumeClaim); any other source prints `<unknown>`.
 * Mirrors staging/src/k8s.io/kubectl/pkg/describe/describe.go (describeVolumes,
 * printEmptyDirVolumeSource, printHostPathVolumeSource, printSecretVolumeSource,
 * printConfigMapVolumeSource, printProjectedVolumeSource,
 * printDownwardAPIVolumeSource, printPersistentVolumeClaimVolumeSource).
 */
import type { Volume } from "kubernetes-types/core/v1";
import { quantityString } from "./containers.js";
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, type PrefixWriter } from "./prefix-writer.js";

/** A *bool printed with %v: `<nil>` when unset. */
const optionalPtr = (b: boolean | undefined | null): string =>
  b === undefined || b === null ? "<nil>" : String(b);

function describeSource(v: Volume, w: PrefixWriter): void {
  if (v.hostPath !== undefined) {
    w.write(
      LEVEL_2,
      "Type:\tHostPath (bare host directory volume)\n" +
        `    Path:\t${v.hostPath.path}\n` +
        `    HostPathType:\t${v.hostPath.type ?? "<none>"}\n`,
    );
  } else if (v.emptyDir !== undefined) {
    const limit = v.emptyDir.sizeLimit;
    const size =
      limit !== undefined && quantityString(limit) !== "0" && !String(limit).startsWith("-")
        ? quantityString(limit)
        : "<unset>";
    w.write(
      LEVEL_2,
      "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n" +
        `    Medium:\t${v.emptyDir.medium ?? ""}\n` +
        `    SizeLimit:\t${size}\n`,
    );
  } else if (v.secret !== undefined) {
    w.write(
      LEVEL_2,
      "Type:\tSecret (a volume populated by a Secret)\n" +
        `    SecretName:\t${v.secret.secretName ?? ""}\n` +
        `    Optional:\t${v.secret.optional === true}\n`,
    );
  } else if (v.configMap !== undefined) {
    w.write(
      LEVEL_2,
      "Type:\tConfigMap (a volume populated by a ConfigMap)\n" +
        `    Name:\t${v.configMap.name ?? ""}\n` +
        `    Optional:\t${v.configMap.optional === true}\n`,
    );
  } else if (v.persistentVolumeClaim !== undefined) {
    w.write(
      LEVEL_2,
      "Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n" +
        `    ClaimName:\t${v.persistentVolumeClaim.claimName}\n` +
        `    ReadOnly:\t${v.persistentVolumeClaim.readOnly === true}\n`,
    );
  } else if (v.downwardAPI !== undefined) {
    w.write(
      LEVEL_2,
      "Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n",
    );
    for (const item of v.downwardAPI.items ?? []) {
      if (item.fieldRef !== undefined)
        w.write(LEVEL_3, `${item.fieldRef.fieldPath} -> ${item.path}\n`);
      if (item.resourceFieldRef !== undefined)
        w.write(LEVEL_3, `${item.resourceFieldRef.resource} -> ${item.path}\n`);
    }
  } else if (v.projected !== undefined) {
    w.write(
      LEVEL_2,
      "Type:\tProjected (a volume that contains injected data from multiple sources)\n",
    );
    for (const s of v.projected.sources ?? []) {
      // Go prints the *bool Optional with %v: <nil> when unset (kubesim prints
      // a set one as its value where Go would print the pointer)
      if (s.secret !== undefined) {
        w.write(
          LEVEL_2,
          `SecretName:\t${s.secret.name ?? ""}\n    SecretOptionalName:\t${optionalPtr(s.secret.optional)}\n`,
        );
      } else if (s.downwardAPI !== undefined) {
        w.write(LEVEL_2, "DownwardAPI:\ttrue\n");
      } else if (s.configMap !== undefined) {
        w.write(
          LEVEL_2,
          `ConfigMapName:\t${s.configMap.name ?? ""}\n    ConfigMapOptional:\t${optionalPtr(s.configMap.optional)}\n`,
        );
      } else if (s.serviceAccountToken !== undefined) {
        w.write(
          LEVEL_2,
          `TokenExpirationSeconds:\t${s.serviceAccountToken.expirationSeconds ?? 0}\n`,
        );
      }
    }
  } else {
    w.write(LEVEL_1, "<unknown>\n");
  }
}

/** describeVolumes: `Volumes:\t<none>` or one block per volume. */
export function describeVolumes(
  volumes: readonly Volume[] | undefined,
  w: PrefixWriter,
  space: string,
): void {
  if (volumes === undefined || volumes.length === 0) {
    w.write(LEVEL_0, `${space}Volumes:\t<none>\n`);
    return;
  }
  w.write(LEVEL_0, `${space}Volumes:\n`);
  const nameIndent = space.length > 0 ? " " : "";
  for (const v of volumes) {
    w.write(LEVEL_1, `${nameIndent}${v.name}:\n`);
    describeSource(v, w);
  }
}
