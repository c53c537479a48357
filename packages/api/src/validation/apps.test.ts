import { describe, expect, it } from "vitest";
import { validateCreate, validateUpdate } from "./validate.js";
import type { J } from "./testdata.js";
import { clone, deployment, messages, replicaSet } from "./testdata.js";

const percentMsg =
  "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

function withSpec(patch: (spec: J) => void): J {
  const d = clone(deployment());
  patch(d["spec"]);
  return d;
}

describe("Deployment create (ValidateDeploymentSpec)", () => {
  it("accepts the defaulted fixture", () => {
    expect(messages(validateCreate(deployment()))).toEqual([]);
  });

  it("replicas ≥ 0", () => {
    expect(messages(validateCreate(withSpec((s) => (s.replicas = -1))))).toEqual([
      "spec.replicas: Invalid value: -1: must be greater than or equal to 0",
    ]);
  });

  it("selector required (and then nothing matches the template, as upstream)", () => {
    expect(messages(validateCreate(withSpec((s) => delete s.selector)))).toEqual([
      "spec.selector: Required value",
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
    ]);
  });

  it("an empty selector is invalid", () => {
    expect(messages(validateCreate(withSpec((s) => (s.selector = {}))))).toEqual([
      "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment",
    ]);
  });

  it("the selector must match the template labels", () => {
    expect(
      messages(validateCreate(withSpec((s) => (s.selector = { matchLabels: { app: "api" } })))),
    ).toEqual([
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
    ]);
  });

  it("an unconvertible selector is `invalid label selector`", () => {
    const errs = messages(
      validateCreate(
        withSpec((s) => (s.selector = { matchExpressions: [{ key: "app", operator: "In" }] })),
      ),
    );
    expect(errs).toContain(
      "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
    );
    expect(errs).toContain(
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"app", Operator:"In", Values:[]string(nil)}}}: invalid label selector',
    );
  });

  it("template restartPolicy must be Always; activeDeadlineSeconds is forbidden", () => {
    expect(
      messages(validateCreate(withSpec((s) => (s.template.spec.restartPolicy = "OnFailure")))),
    ).toEqual([
      'spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"',
    ]);
    expect(
      messages(validateCreate(withSpec((s) => (s.template.spec.activeDeadlineSeconds = 10)))),
    ).toEqual([
      "spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported",
    ]);
  });

  it("template containers are validated with template paths", () => {
    expect(
      messages(validateCreate(withSpec((s) => (s.template.spec.containers[0].image = "")))),
    ).toEqual(["spec.template.spec.containers[0].image: Required value"]);
  });

  it("template labels are reported at spec.template.labels (upstream's path)", () => {
    expect(
      messages(validateCreate(withSpec((s) => (s.template.metadata.labels["-x"] = "y"))))[0],
    ).toMatch(/^spec\.template\.labels: Invalid value: "-x": name part must consist of/);
  });

  it("strategy type must be Recreate or RollingUpdate", () => {
    expect(messages(validateCreate(withSpec((s) => (s.strategy = { type: "Canary" }))))).toEqual([
      'spec.strategy: Unsupported value: {"type":"Canary"}: supported values: "Recreate", "RollingUpdate"',
    ]);
  });

  it("Recreate forbids rollingUpdate", () => {
    expect(messages(validateCreate(withSpec((s) => (s.strategy.type = "Recreate"))))).toEqual([
      "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'",
    ]);
  });

  it("maxSurge / maxUnavailable: ints ≥ 0 or percents", () => {
    expect(
      messages(
        validateCreate(
          withSpec((s) => (s.strategy.rollingUpdate = { maxSurge: "5", maxUnavailable: -1 })),
        ),
      ),
    ).toEqual([
      "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: -1: must be greater than or equal to 0",
      `spec.strategy.rollingUpdate.maxSurge: Invalid value: "5": ${percentMsg}`,
    ]);
  });

  it('maxUnavailable may not be 0 when maxSurge is 0 ("0%" counts as 0)', () => {
    expect(
      messages(
        validateCreate(
          withSpec((s) => (s.strategy.rollingUpdate = { maxSurge: "0%", maxUnavailable: 0 })),
        ),
      ),
    ).toEqual([
      "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0",
    ]);
  });

  it("maxUnavailable may not exceed 100%", () => {
    expect(
      messages(validateCreate(withSpec((s) => (s.strategy.rollingUpdate.maxUnavailable = "101%")))),
    ).toEqual([
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "101%": must not be greater than 100%',
    ]);
    expect(
      messages(validateCreate(withSpec((s) => (s.strategy.rollingUpdate.maxSurge = "200%")))),
    ).toEqual([]);
  });

  it("minReadySeconds, revisionHistoryLimit ≥ 0; progressDeadlineSeconds > minReadySeconds", () => {
    expect(
      messages(
        validateCreate(
          withSpec((s) => Object.assign(s, { minReadySeconds: -1, revisionHistoryLimit: -2 })),
        ),
      ),
    ).toEqual([
      "spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0",
      "spec.revisionHistoryLimit: Invalid value: -2: must be greater than or equal to 0",
    ]);
    expect(
      messages(validateCreate(withSpec((s) => Object.assign(s, { minReadySeconds: 600 })))),
    ).toEqual([
      "spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds",
    ]);
    expect(
      messages(validateCreate(withSpec((s) => Object.assign(s, { progressDeadlineSeconds: -1 })))),
    ).toEqual([
      "spec.progressDeadlineSeconds: Invalid value: -1: must be greater than or equal to 0",
      "spec.progressDeadlineSeconds: Invalid value: -1: must be greater than minReadySeconds",
    ]);
  });
});

describe("Deployment update", () => {
  it("the selector is immutable", () => {
    const old = deployment();
    const next = withSpec((s) => {
      s.selector = { matchLabels: { app: "web", tier: "fe" } };
      s.template.metadata.labels.tier = "fe";
    });
    expect(messages(validateUpdate(next, old))).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "tier":"fe"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    ]);
  });

  it("spec changes are otherwise allowed, and validated", () => {
    expect(
      messages(
        validateUpdate(
          withSpec((s) => (s.replicas = 5)),
          deployment(),
        ),
      ),
    ).toEqual([]);
    expect(
      messages(
        validateUpdate(
          withSpec((s) => (s.replicas = -5)),
          deployment(),
        ),
      ),
    ).toEqual(["spec.replicas: Invalid value: -5: must be greater than or equal to 0"]);
  });
});

describe("ReplicaSet", () => {
  it("accepts the fixture and applies the same selector and template rules", () => {
    expect(messages(validateCreate(replicaSet()))).toEqual([]);
    const rs = clone(replicaSet());
    rs["spec"].replicas = -1;
    rs["spec"].minReadySeconds = -1;
    rs["spec"].selector = {};
    expect(messages(validateCreate(rs))).toEqual([
      "spec.replicas: Invalid value: -1: must be greater than or equal to 0",
      "spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0",
      "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment",
    ]);
  });

  it("the selector is immutable on update", () => {
    const rs = clone(replicaSet());
    rs["spec"].selector = { matchLabels: { app: "web", x: "y" } };
    rs["spec"].template.metadata.labels.x = "y";
    expect(messages(validateUpdate(rs, replicaSet()))).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "x":"y"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    ]);
  });
});
