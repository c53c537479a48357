import { describe, expect, it } from "vitest";
import { formatError } from "./errors.js";
import { parseFlags, parseGoDuration, type FlagSpec } from "./flags.js";

const specs: readonly FlagSpec[] = [
  { name: "output", short: "o", type: "string", default: "" },
  { name: "all-namespaces", short: "A", type: "bool", default: false },
  { name: "stdin", short: "i", type: "bool", default: false },
  { name: "tty", short: "t", type: "bool", default: false },
  { name: "replicas", type: "int", default: 0 },
  { name: "from-literal", type: "stringArray" },
];

const parse = (argv: string[]) => parseFlags(argv, specs, "get");

/** What kubectl prints when parsing fails ("" when it does not). */
const msg = (argv: string[]) => {
  try {
    parse(argv);
    return "";
  } catch (e) {
    return formatError(e);
  }
};

describe("pflag-style parsing", () => {
  it("takes every spelling of a value", () => {
    for (const argv of [
      ["-o", "yaml"],
      ["-oyaml"],
      ["-o=yaml"],
      ["--output", "yaml"],
      ["--output=yaml"],
    ])
      expect(parse(argv).values.get("output")).toBe("yaml");
  });

  it("groups bool shorthands and keeps positional arguments among flags", () => {
    const p = parse(["pods", "-it", "web", "-n", "kube-system", "--", "sh", "-c", "ls"]);
    expect(p.values.get("stdin")).toBe(true);
    expect(p.values.get("tty")).toBe(true);
    expect(p.values.get("namespace")).toBe("kube-system");
    expect(p.args).toEqual(["pods", "web", "sh", "-c", "ls"]);
    expect(p.dashArgs).toEqual(["sh", "-c", "ls"]);
  });

  it("repeats string arrays and parses ints", () => {
    const p = parse(["--from-literal=a=1", "--from-literal", "b=2", "--replicas=5"]);
    expect(p.values.get("from-literal")).toEqual(["a=1", "b=2"]);
    expect(p.values.get("replicas")).toBe(5);
  });

  it("words its errors as pflag does", () => {
    expect(msg(["--foo"])).toBe(
      "error: unknown flag: --foo\nSee 'kubectl get --help' for usage.\n",
    );
    expect(msg(["-z"])).toBe(
      "error: unknown shorthand flag: 'z' in -z\nSee 'kubectl get --help' for usage.\n",
    );
    expect(msg(["-n"])).toBe(
      "error: flag needs an argument: 'n' in -n\nSee 'kubectl get --help' for usage.\n",
    );
    expect(msg(["--replicas=x"])).toBe(
      'error: invalid argument "x" for "--replicas" flag: strconv.ParseInt: parsing "x": invalid syntax\n' +
        "See 'kubectl get --help' for usage.\n",
    );
  });

  it("names a flag with a shorthand as `-w, --watch` in value errors, however it was spelled", () => {
    const bad =
      'error: invalid argument "maybe" for "-A, --all-namespaces" flag: strconv.ParseBool: parsing "maybe": invalid syntax\n' +
      "See 'kubectl get --help' for usage.\n";
    expect(msg(["-A=maybe"])).toBe(bad);
    expect(msg(["--all-namespaces=maybe"])).toBe(bad);
    // shorthand errors name the shorthands from the failing one on (parseSingleShortArg)
    expect(msg(["-itz"])).toBe(
      "error: unknown shorthand flag: 'z' in -z\nSee 'kubectl get --help' for usage.\n",
    );
    expect(msg(["-An"])).toBe(
      "error: flag needs an argument: 'n' in -n\nSee 'kubectl get --help' for usage.\n",
    );
    expect(msg(["---x"])).toBe(
      "error: bad flag syntax: ---x\nSee 'kubectl get --help' for usage.\n",
    );
    expect(msg(["--=x"])).toBe(
      "error: bad flag syntax: --=x\nSee 'kubectl get --help' for usage.\n",
    );
  });

  it("takes `-o=` as the value `=` and `-n=ns` as `ns`, as pflag does", () => {
    expect(parse(["-o="]).values.get("output")).toBe("=");
    expect(parse(["-n=kube-system"]).values.get("namespace")).toBe("kube-system");
    expect(parse(["-i=false"]).values.get("stdin")).toBe(false);
  });

  it("reads Go durations", () => {
    expect(parseGoDuration("1m30s")).toBe(90_000);
    expect(parseGoDuration("500ms")).toBe(500);
    expect(parseGoDuration("0")).toBe(0);
    expect(parseGoDuration("5x")).toBeUndefined();
  });
});
