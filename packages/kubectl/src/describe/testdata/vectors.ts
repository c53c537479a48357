/**
 * Loads the describe group's copied vectors: whole describer outputs from
 * kubectl's describe_test.go, and the Go text vectors (text/tabwriter,
 * liggitt/tabwriter, go-wordwrap) computed by running the Go originals.
 * Test support only.
 */
import { readFileSync } from "node:fs";

const load = (file: string): unknown =>
  JSON.parse(readFileSync(new URL(file, import.meta.url), "utf8"));

export interface DescriberVector {
  readonly source: string;
  readonly name: string;
  readonly kind: "Service" | "Ingress" | "IngressClass" | "EndpointSlice";
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly object: any;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly endpointSlices?: any[];
  readonly showEvents?: boolean;
  readonly expected: string;
}

export interface AnnotationsVector {
  readonly source: string;
  readonly name: string;
  readonly annotations: Record<string, string>;
  readonly expected: string;
}

export interface GoTextVector {
  readonly source: string;
  readonly name: string;
  readonly kind: "describe" | "table" | "wrap";
  /** Writes, in order; "\u0000FLUSH" stands for Flush(). For wrap, the text. */
  readonly chunks: string[];
  readonly limit?: number;
  readonly expected: string;
}

export function upstreamDescribeVectors(): {
  describers: DescriberVector[];
  printAnnotationsMultiline: AnnotationsVector[];
} {
  return load("./upstream-describe.json") as never;
}

export function goTextVectors(): GoTextVector[] {
  return (load("./go-text-vectors.json") as { vectors: GoTextVector[] }).vectors;
}
