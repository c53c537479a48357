/**
 * Volume defaults. Mirrors kubernetes/pkg/apis/core/v1/defaults.go
 * (SetDefaults_Volume, SetDefaults_SecretVolumeSource,
 * SetDefaults_ConfigMapVolumeSource, SetDefaults_DownwardAPIVolumeSource,
 * SetDefaults_ProjectedVolumeSource, SetDefaults_ServiceAccountTokenProjection,
 * SetDefaults_HostPathVolumeSource, SetDefaults_PersistentVolumeClaimSpec).
 *
 * Guarantees:
 * - a volume with no source at all becomes `emptyDir: {}`;
 * - secret, configMap, downwardAPI and projected sources get defaultMode 420 (0644 octal);
 * - downwardAPI items' fieldRef gets apiVersion "v1" (also inside projected sources);
 * - projected serviceAccountToken gets expirationSeconds 3600;
 * - hostPath gets type "" (HostPathUnset, which Kubernetes stores explicitly);
 * - an ephemeral volumeClaimTemplate spec gets volumeMode "Filesystem";
 * - emptyDir.sizeLimit is written in canonical form ("1024Mi" → "1Gi"; JSON
 *   round trip only, no milli rounding: it is not a ResourceList).
 */
import { setDefaultsFieldRef } from "./container.js";
import type { Obj } from "./draft.js";
import { objAt, objectsAt, setIfAbsent } from "./draft.js";
import { canonicalQuantity } from "./resources.js";

/** The fields of a VolumeSource (k8s.io/api/core/v1, 1.30+); the volume's own fields are `name`. */
const volumeSourceFields = [
  "hostPath",
  "emptyDir",
  "gcePersistentDisk",
  "awsElasticBlockStore",
  "gitRepo",
  "secret",
  "nfs",
  "iscsi",
  "glusterfs",
  "persistentVolumeClaim",
  "rbd",
  "flexVolume",
  "cinder",
  "cephfs",
  "flocker",
  "downwardAPI",
  "fc",
  "azureFile",
  "configMap",
  "vsphereVolume",
  "quobyte",
  "azureDisk",
  "photonPersistentDisk",
  "projected",
  "portworxVolume",
  "scaleIO",
  "storageos",
  "csi",
  "ephemeral",
  "image",
] as const;

/** 0644, the default file mode of secret, configMap, downwardAPI and projected volumes. */
export const DEFAULT_VOLUME_MODE = 0o644;

function setDefaultsDownwardAPIItems(source: Obj): void {
  for (const item of objectsAt(source, "items")) setDefaultsFieldRef(objAt(item, "fieldRef"));
}

export function setDefaultsVolume(v: Obj): void {
  if (volumeSourceFields.every((f) => v[f] === undefined || v[f] === null)) {
    v["emptyDir"] = {};
  }
  const emptyDir = objAt(v, "emptyDir");
  const sizeLimit =
    emptyDir === undefined ? undefined : canonicalQuantity(emptyDir["sizeLimit"], false);
  if (emptyDir !== undefined && sizeLimit !== undefined && sizeLimit !== emptyDir["sizeLimit"]) {
    emptyDir["sizeLimit"] = sizeLimit;
  }
  const hostPath = objAt(v, "hostPath");
  if (hostPath !== undefined) setIfAbsent(hostPath, "type", "");
  for (const key of ["secret", "configMap"] as const) {
    const source = objAt(v, key);
    if (source !== undefined) setIfAbsent(source, "defaultMode", DEFAULT_VOLUME_MODE);
  }
  const downwardAPI = objAt(v, "downwardAPI");
  if (downwardAPI !== undefined) {
    setIfAbsent(downwardAPI, "defaultMode", DEFAULT_VOLUME_MODE);
    setDefaultsDownwardAPIItems(downwardAPI);
  }
  const projected = objAt(v, "projected");
  if (projected !== undefined) {
    setIfAbsent(projected, "defaultMode", DEFAULT_VOLUME_MODE);
    for (const source of objectsAt(projected, "sources")) {
      const dapi = objAt(source, "downwardAPI");
      if (dapi !== undefined) setDefaultsDownwardAPIItems(dapi);
      const token = objAt(source, "serviceAccountToken");
      if (token !== undefined) setIfAbsent(token, "expirationSeconds", 3600);
    }
  }
  const ephemeral = objAt(v, "ephemeral");
  const template = ephemeral === undefined ? undefined : objAt(ephemeral, "volumeClaimTemplate");
  const spec = template === undefined ? undefined : objAt(template, "spec");
  if (spec !== undefined) setIfAbsent(spec, "volumeMode", "Filesystem");
}
