/**
 * Loads the Kubernetes test tables transcribed next to this file (JSON, in kubesim's own
 * encoding; see each file's `_about`). Test support only.
 */
import type { ConfigMap, Container, Secret, Service } from "kubernetes-types/core/v1";
import { readFileSync } from "node:fs";

export function loadJson<T>(file: string): T {
  return JSON.parse(readFileSync(new URL(`./${file}`, import.meta.url), "utf8")) as T;
}

export interface ExpansionVectors {
  readonly contexts: Readonly<Record<string, readonly Readonly<Record<string, string>>[]>>;
  readonly vectors: readonly {
    readonly source: string;
    readonly name: string;
    readonly input: string;
    readonly expected: string;
  }[];
  readonly mapReference: {
    readonly source: string;
    readonly env: readonly { readonly name: string; readonly value: string }[];
    readonly expected: Readonly<Record<string, string>>;
  };
}

export interface EnvironmentVectors {
  readonly pod: {
    readonly name: string;
    readonly serviceAccountName: string;
    readonly nodeName: string;
  };
  readonly hostIPs: readonly string[];
  readonly services: readonly Service[];
  readonly vectors: readonly {
    readonly source: string;
    readonly name: string;
    readonly input: {
      readonly ns: string;
      readonly enableServiceLinks: boolean;
      readonly nilLister: boolean;
      readonly container: Omit<Container, "name">;
      readonly configMap?: ConfigMap;
      readonly secret?: Secret;
      readonly podIPs?: readonly string[];
    };
    readonly expected:
      | { readonly error: true }
      | { readonly env: readonly { readonly name: string; readonly value?: string }[] };
  }[];
}
