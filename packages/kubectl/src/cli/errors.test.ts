import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ApiError } from "@kubesim/api";
import { Aggregate, checkErr, KubectlError } from "./errors.js";

const notFound = new ApiError("NotFound", 'deployments.apps "web" not found', {
  name: "web",
  group: "apps",
  kind: "deployments",
});
const invalid = (causes: { field: string; message: string }[]) =>
  new ApiError("Invalid", 'Deployment.apps "web" is invalid: ...', {
    name: "web",
    group: "apps",
    kind: "Deployment",
    causes: causes.map((c) => ({ reason: "FieldValueInvalid", ...c })),
  });

describe("checkErr: what cmdutil.CheckErr prints", () => {
  it("a lone API error: StandardErrorMessage", () => {
    expect(checkErr(notFound)).toBe(
      'Error from server (NotFound): deployments.apps "web" not found\n',
    );
    expect(checkErr(new ApiError("Unauthorized", "token expired"))).toBe(
      "error: You must be logged in to the server (token expired)\n",
    );
  });

  it("an Invalid API error: the kind and name, then its causes (repeats dropped)", () => {
    expect(checkErr(invalid([{ field: "spec.replicas", message: "Invalid value: -1: x" }]))).toBe(
      'The Deployment "web" is invalid: spec.replicas: Invalid value: -1: x\n',
    );
    expect(
      checkErr(
        invalid([
          { field: "a", message: "one" },
          { field: "b", message: "two" },
          { field: "a", message: "one" },
        ]),
      ),
    ).toBe('The Deployment "web" is invalid: \n* a: one\n* b: two\n');
    expect(checkErr(invalid([]))).toBe('The Deployment "web" is invalid\n');
    expect(checkErr(new ApiError("Invalid", "bad"))).toBe("The request is invalid\n");
  });

  it("an aggregate of one is unwrapped; of several, one line each", () => {
    expect(checkErr(new Aggregate([invalid([{ field: "f", message: "m" }])]))).toBe(
      'The Deployment "web" is invalid: f: m\n',
    );
    expect(
      checkErr(new Aggregate([notFound, new Error("error: plain"), new KubectlError("client")])),
    ).toBe(
      'Error from server (NotFound): deployments.apps "web" not found\nerror: plain\nclient\n',
    );
  });

  it("other errors get `error: ` once, and flag errors the usage line", () => {
    expect(checkErr(new KubectlError("boom"))).toBe("error: boom\n");
    expect(checkErr(new KubectlError("error: boom\n"))).toBe("error: boom\n");
    expect(checkErr(new KubectlError("unknown flag: --x", "get"))).toBe(
      "error: unknown flag: --x\nSee 'kubectl get --help' for usage.\n",
    );
  });

  it("an aggregate's message is Go's: flattened, repeats dropped, in brackets", () => {
    expect(new Aggregate([new Error("a")]).message).toBe("a");
    expect(
      new Aggregate([new Error("a"), new Aggregate([new Error("b"), new Error("a")])]).message,
    ).toBe("[a, b]");
    expect(new Aggregate([new Error("a"), new Error("a")]).message).toBe("a");
  });

  it("property: the text always ends in exactly one newline per line it prints", () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-z :]{1,12}$/), { minLength: 1, maxLength: 4 }),
        (msgs) => {
          const text = checkErr(new Aggregate(msgs.map((m) => new Error(m))));
          expect(text.endsWith("\n")).toBe(true);
          expect(text.endsWith("\n\n")).toBe(false);
        },
      ),
    );
  });
});
