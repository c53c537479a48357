/**
 * Loads the transcribed getPhase test table (a copy of shared/spec/runtime-vectors.json's
 * kubelet_pods_test.go vectors). Test support only.
 */
import type { ContainerStatus, PodSpec } from "kubernetes-types/core/v1";
import { readFileSync } from "node:fs";

/** One getPhase vector, in the encoding of the shared vectors file. */
export interface GetPhaseVector {
  readonly source: string;
  readonly name: string;
  readonly input: {
    readonly spec: PodSpec;
    readonly status: {
      readonly containerStatuses?: ContainerStatus[];
      readonly initContainerStatuses?: ContainerStatus[];
    };
    readonly podIsTerminal: boolean;
    readonly podHasInitialized?: boolean;
  };
  readonly expected: "Pending" | "Running" | "Succeeded" | "Failed";
}

export function loadGetPhaseVectors(): GetPhaseVector[] {
  const text = readFileSync(new URL("./getPhase-vectors.json", import.meta.url), "utf8");
  return (JSON.parse(text) as { vectors: GetPhaseVector[] }).vectors;
}
