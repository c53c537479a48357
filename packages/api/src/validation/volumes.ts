/**
 * Pod volumes. Mirrors kubernetes/pkg/apis/core/validation (ValidateVolumes,
 * validateVolumeSource and the source validators for the sources kubesim runs:
 * emptyDir, hostPath, secret, configMap, persistentVolumeClaim, downwardAPI,
 * projected, nfs; other sources are counted, not inspected).
 *
 * Guarantees: each volume has a DNS-label name, unique in the pod
 * (`spec.volumes[1].name: Duplicate value: "data"`); exactly one source
 * (`Forbidden: may not specify more than 1 volume type`, or
 * `Required value: must specify a volume type`); file modes within 0..0777.
 * Only volumes without errors are returned as mountable, as upstream does, so
 * a mount of a broken volume is also reported `Not found`.
 */
import type { FieldError } from "../errors.js";
import { fieldError } from "../errors.js";
import { isDNS1123Label } from "../names.js";
import { validateFieldRef } from "./env.js";
import type { Obj } from "./json.js";
import { items, obj, optNum, optStr, str } from "./json.js";
import { child, index } from "./path.js";

const volumeSources = [
  "emptyDir",
  "hostPath",
  "gitRepo",
  "gcePersistentDisk",
  "awsElasticBlockStore",
  "secret",
  "nfs",
  "iscsi",
  "glusterfs",
  "flocker",
  "persistentVolumeClaim",
  "rbd",
  "cinder",
  "cephfs",
  "quobyte",
  "downwardAPI",
  "fc",
  "flexVolume",
  "configMap",
  "azureFile",
  "vsphereVolume",
  "photonPersistentDisk",
  "portworxVolume",
  "azureDisk",
  "storageos",
  "projected",
  "scaleIO",
  "csi",
  "ephemeral",
  "image",
] as const;

const fileModeErrorMsg = "must be a number between 0 and 0777 (octal), both inclusive";
const hostPathTypes = [
  "",
  "BlockDevice",
  "CharDevice",
  "Directory",
  "DirectoryOrCreate",
  "File",
  "FileOrCreate",
  "Socket",
];
const volumeFieldPaths = [
  "metadata.annotations",
  "metadata.labels",
  "metadata.name",
  "metadata.namespace",
  "metadata.uid",
];

function validateMode(mode: number | undefined, path: string): FieldError[] {
  return mode !== undefined && (mode > 0o777 || mode < 0)
    ? [fieldError.invalid(path, mode, fileModeErrorMsg)]
    : [];
}

/** validatePathNoBacksteps: no ".." element. */
export function validatePathNoBacksteps(p: string, path: string): FieldError[] {
  return p.split("/").includes("..") ? [fieldError.invalid(path, p, "must not contain '..'")] : [];
}

/** validateLocalDescendingPath: relative, without "..". */
export function validateLocalDescendingPath(p: string, path: string): FieldError[] {
  const errs = p.startsWith("/") ? [fieldError.invalid(path, p, "must be a relative path")] : [];
  return [...errs, ...validatePathNoBacksteps(p, path)];
}

function validateLocalNonReservedPath(p: string, path: string): FieldError[] {
  const errs = validateLocalDescendingPath(p, path);
  if (p.startsWith("..") && !p.startsWith("../"))
    errs.push(fieldError.invalid(path, p, "must not start with '..'"));
  return errs;
}

function validateKeyToPaths(source: Obj, path: string): FieldError[] {
  return items(source, "items").flatMap((kp, i) => {
    const p = index(child(path, "items"), i);
    const errs: FieldError[] = [];
    if (str(kp, "key") === "") errs.push(fieldError.required(child(p, "key")));
    if (str(kp, "path") === "") errs.push(fieldError.required(child(p, "path")));
    errs.push(...validateLocalNonReservedPath(str(kp, "path"), child(p, "path")));
    errs.push(...validateMode(optNum(kp, "mode"), child(p, "mode")));
    return errs;
  });
}

function validateDownwardAPIFiles(source: Obj, path: string): FieldError[] {
  return items(source, "items").flatMap((file) => {
    const errs: FieldError[] = [];
    if (str(file, "path") === "") errs.push(fieldError.required(child(path, "path")));
    errs.push(...validateLocalNonReservedPath(str(file, "path"), child(path, "path")));
    const fieldRef = obj(file, "fieldRef");
    const resourceFieldRef = obj(file, "resourceFieldRef");
    if (fieldRef !== undefined) {
      errs.push(...validateFieldRef(fieldRef, volumeFieldPaths, child(path, "fieldRef")));
      if (resourceFieldRef !== undefined) {
        errs.push(
          fieldError.invalid(
            path,
            "resource",
            "fieldRef and resourceFieldRef can not be specified simultaneously",
          ),
        );
      }
    } else if (resourceFieldRef === undefined) {
      errs.push(fieldError.required(path, "one of fieldRef and resourceFieldRef is required"));
    }
    errs.push(...validateMode(optNum(file, "mode"), child(path, "mode")));
    return errs;
  });
}

function validateSource(kind: (typeof volumeSources)[number], s: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  switch (kind) {
    case "hostPath": {
      const p = str(s, "path");
      if (p === "") return [fieldError.required(child(path, "path"))];
      errs.push(...validatePathNoBacksteps(p, child(path, "path")));
      const type = optStr(s, "type");
      if (type !== undefined && !hostPathTypes.includes(type)) {
        errs.push(fieldError.notSupported(child(path, "type"), type, hostPathTypes));
      }
      break;
    }
    case "secret":
      if (str(s, "secretName") === "") errs.push(fieldError.required(child(path, "secretName")));
      errs.push(...validateMode(optNum(s, "defaultMode"), child(path, "defaultMode")));
      errs.push(...validateKeyToPaths(s, path));
      break;
    case "configMap":
      if (str(s, "name") === "") errs.push(fieldError.required(child(path, "name")));
      errs.push(...validateMode(optNum(s, "defaultMode"), child(path, "defaultMode")));
      errs.push(...validateKeyToPaths(s, path));
      break;
    case "persistentVolumeClaim":
      if (str(s, "claimName") === "") errs.push(fieldError.required(child(path, "claimName")));
      break;
    case "nfs": {
      if (str(s, "server") === "") errs.push(fieldError.required(child(path, "server")));
      const p = str(s, "path");
      if (p === "") errs.push(fieldError.required(child(path, "path")));
      if (!p.startsWith("/"))
        errs.push(fieldError.invalid(child(path, "path"), p, "must be an absolute path"));
      break;
    }
    case "downwardAPI":
      errs.push(...validateMode(optNum(s, "defaultMode"), child(path, "defaultMode")));
      errs.push(...validateDownwardAPIFiles(s, path));
      break;
    case "projected":
      errs.push(...validateMode(optNum(s, "defaultMode"), child(path, "defaultMode")));
      items(s, "sources").forEach((src, i) => {
        const sp = index(child(path, "sources"), i);
        const kinds = [
          "secret",
          "configMap",
          "downwardAPI",
          "serviceAccountToken",
          "clusterTrustBundle",
        ].filter((k) => obj(src, k) !== undefined);
        if (kinds.length > 1)
          errs.push(fieldError.forbidden(sp, "may not specify more than 1 volume type per source"));
      });
      break;
    default:
      break;
  }
  return errs;
}

function validateVolumeSource(v: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let n = 0;
  for (const kind of volumeSources) {
    const s = obj(v, kind);
    if (s === undefined) continue;
    if (n > 0) {
      // Upstream spells two of these paths differently ("cephFS", and the typo "downwarAPI").
      const name = kind === "cephfs" ? "cephFS" : kind === "downwardAPI" ? "downwarAPI" : kind;
      errs.push(fieldError.forbidden(child(path, name), "may not specify more than 1 volume type"));
      continue;
    }
    n++;
    errs.push(...validateSource(kind, s, child(path, kind)));
  }
  if (n === 0) errs.push(fieldError.required(path, "must specify a volume type"));
  return errs;
}

/** ValidateVolumes: the errors, and the names of the volumes that containers may mount. */
export function validateVolumes(
  volumes: Obj[],
  path: string,
): { names: Set<string>; errs: FieldError[] } {
  const names = new Set<string>();
  const errs: FieldError[] = [];
  volumes.forEach((v, i) => {
    const p = index(path, i);
    const namePath = child(p, "name");
    const name = str(v, "name");
    const el = validateVolumeSource(v, p);
    if (name === "") el.push(fieldError.required(namePath));
    else for (const msg of isDNS1123Label(name)) el.push(fieldError.invalid(namePath, name, msg));
    if (names.has(name)) el.push(fieldError.duplicate(namePath, name));
    if (el.length === 0) names.add(name);
    else errs.push(...el);
  });
  return { names, errs };
}
