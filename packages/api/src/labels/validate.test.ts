import { describe, expect, it } from "vitest";
import { fieldErrorString } from "../errors.js";
import { validateLabelSelector, validateLabels } from "./validate.js";

describe("validateLabels (TestValidateLabels)", () => {
  const good: ReadonlyArray<Record<string, string>> = [
    { simple: "bar" },
    { "now-with-dashes": "bar" },
    { "1-starts-with-num": "bar" },
    { "1234": "bar" },
    { "simple/simple": "bar" },
    { "now-with-dashes/simple": "bar" },
    { "now-with-dashes/now-with-dashes": "bar" },
    { "now.with.dots/simple": "bar" },
    { "now-with.dashes-and.dots/simple": "bar" },
    { "1-num.2-num/3-num": "bar" },
    { "1234/5678": "bar" },
    { "1.2.3.4/5678": "bar" },
    { UpperCaseAreOK123: "bar" },
    { goodvalue: "123_-.BaR" },
  ];
  it.each(good)("accepts %j", (labels) => expect(validateLabels(labels, "field")).toEqual([]));

  // [labels, a phrase the single error's detail contains]
  const bad: ReadonlyArray<[Record<string, string>, string]> = [
    [{ "nospecialchars^=@": "bar" }, "name part must consist of"],
    [{ "cantendwithadash-": "bar" }, "name part must consist of"],
    [{ "only/one/slash": "bar" }, "a qualified name must consist of"],
    [{ ["a".repeat(254)]: "bar" }, "must be no more than"],
    [{ toolongvalue: "a".repeat(64) }, "must be no more than"],
    [
      { backslashesinvalue: "some\\bad\\value" },
      "a valid label must be an empty string or consist of",
    ],
    [{ nocommasallowed: "bad,value" }, "a valid label must be an empty string or consist of"],
    [
      { strangecharsinvalue: "?#$notsogood" },
      "a valid label must be an empty string or consist of",
    ],
  ];
  it.each(bad)("refuses %j", (labels, phrase) => {
    const errs = validateLabels(labels, "field");
    expect(errs).toHaveLength(1);
    expect(errs[0]!.detail).toContain(phrase);
    expect(errs[0]!.field).toBe("field");
    expect(errs[0]!.type).toBe("FieldValueInvalid");
  });

  it("prints as kube-apiserver does, one error per message, keys in sorted order", () => {
    expect(
      validateLabels({ ok: "-v", "-bad": "x" }, "metadata.labels").map(fieldErrorString),
    ).toEqual([
      `metadata.labels: Invalid value: "-bad": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
      `metadata.labels: Invalid value: "-v": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    ]);
    // a key failing two rules gives two errors
    expect(validateLabels({ "example.com/": "x" }, "l").map((e) => e.detail)).toEqual([
      "name part must be non-empty",
      expect.stringContaining("name part must consist of"),
    ]);
    expect(validateLabels(undefined, "l")).toEqual([]);
  });
});

describe("validateLabelSelector (ValidateLabelSelector, default options)", () => {
  it("accepts valid and missing selectors", () => {
    expect(validateLabelSelector(undefined, "spec.selector")).toEqual([]);
    expect(validateLabelSelector({}, "spec.selector")).toEqual([]);
    expect(
      validateLabelSelector(
        {
          matchLabels: { app: "web" },
          matchExpressions: [
            { key: "env", operator: "In", values: ["a"] },
            { key: "x", operator: "DoesNotExist" },
          ],
        },
        "spec.selector",
      ),
    ).toEqual([]);
  });

  it("reports each problem at upstream's path", () => {
    const errs = validateLabelSelector(
      {
        matchLabels: { "-k": "v" },
        matchExpressions: [
          { key: "a", operator: "In" },
          { key: "b", operator: "Exists", values: ["x"] },
          { key: "c", operator: "Foo" },
          { key: "-d", operator: "NotIn", values: ["ok", "-no"] },
        ],
      },
      "spec.selector",
    );
    expect(errs.map(fieldErrorString)).toEqual([
      expect.stringMatching(
        /^spec\.selector\.matchLabels: Invalid value: "-k": name part must consist of/,
      ),
      "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      "spec.selector.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
      'spec.selector.matchExpressions[2].operator: Invalid value: "Foo": not a valid selector operator',
      expect.stringMatching(
        /^spec\.selector\.matchExpressions\[3\]\.key: Invalid value: "-d": name part must consist of/,
      ),
      expect.stringMatching(
        /^spec\.selector\.matchExpressions\[3\]\.values\[1\]: Invalid value: "-no": a valid label must be/,
      ),
    ]);
  });
});
