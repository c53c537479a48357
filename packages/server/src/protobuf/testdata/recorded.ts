/** The recorded kubectl request bodies of this folder (see README.md). */
import { readFileSync } from "node:fs";

const dir = new URL("./", import.meta.url);

/** The protobuf body kubectl `version` ("1.32", "1.33") sent for `name`. */
export function recordedProtobuf(version: string, name: string): Buffer {
  return Buffer.from(
    readFileSync(new URL(`kubectl-${version}-${name}.hex`, dir), "utf8").trim(),
    "hex",
  );
}

/** The JSON body kubectl 1.31 sent for `name`. */
export function recordedJson(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`kubectl-1.31-${name}.json`, dir), "utf8")) as Record<
    string,
    unknown
  >;
}

export const RECORDED = [
  "deployment",
  "deployment-port",
  "configmap",
  "configmap-files",
  "secret",
  "secret-docker",
  "namespace",
  "service",
  "service-nodeport",
  "ingress",
] as const;
