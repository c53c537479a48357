import { describe, expect, it } from "vitest";
import { describeEndpointSlice } from "./endpointslice.js";
import { printAnnotationsMultiline } from "./format.js";
import { describeIngress } from "./ingress.js";
import { describeIngressClass } from "./ingressclass.js";
import type { PrefixWriter } from "./prefix-writer.js";
import { describeService, serviceEndpointSlices } from "./service.js";
import { upstreamDescribeVectors, type DescriberVector } from "./testdata/vectors.js";

const NOW = Date.UTC(2024, 0, 1);
const { describers, printAnnotationsMultiline: annotationVectors } = upstreamDescribeVectors();

function describeVector(v: DescriberVector): string {
  const events = v.showEvents === false ? undefined : [];
  switch (v.kind) {
    case "Service":
      return describeService(
        v.object,
        serviceEndpointSlices(v.object, v.endpointSlices ?? []),
        events,
        NOW,
      );
    case "Ingress":
      return describeIngress(v.object, { services: [], endpointSlices: [] }, events, NOW);
    case "IngressClass":
      return describeIngressClass(v.object, events, NOW);
    case "EndpointSlice":
      return describeEndpointSlice(v.object, events, NOW);
  }
}

describe("describers: kubectl's describe_test.go expectations", () => {
  it("has the copied vectors", () => {
    expect(describers).toHaveLength(16);
  });
  it.each(describers.map((v) => [`${v.source.split("::")[1]}: ${v.name}`, v] as const))(
    "%s",
    (_, v) => {
      expect(describeVector(v)).toBe(v.expected);
    },
  );
});

/** A PrefixWriter straight to a string, as NewPrefixWriter(buffer) in the Go test. */
function rawWriter(): PrefixWriter & { text: string } {
  const w = {
    text: "",
    write(level: number, text: string) {
      w.text += "  ".repeat(level) + text;
    },
    writeLine(text: string) {
      w.text += `${text}\n`;
    },
    flush() {},
  };
  return w;
}

describe("printAnnotationsMultiline: TestPrintLabelsMultiline", () => {
  it.each(annotationVectors.map((v) => [v.name, v] as const))("case %s", (_, v) => {
    const w = rawWriter();
    printAnnotationsMultiline(w, "Annotations", v.annotations);
    expect(w.text).toBe(v.expected);
  });
});
