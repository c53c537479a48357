import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  generateName,
  generateNameSuffix,
  isCIdentifier,
  isConfigMapKey,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isEnvVarName,
  isQualifiedName,
  isValidLabelValue,
  isValidPortName,
  maxGeneratedNameLength,
  nameIsDNS1035Label,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  nameSuffixAlphabet,
  regexError,
} from "./names.js";
import type { RandomSource } from "./names.js";

const a = (n: number, c = "a"): string => c.repeat(n);

// The exact messages, built by hand from validation.go's constants.
const DNS1123_LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1123_SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1035_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const NAME_PART_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

describe("regexError", () => {
  it("puts ', ' after every example and ' or ' between them (the upstream double space)", () => {
    expect(regexError("m", "re")).toBe("m (regex used for validation is 're')");
    expect(regexError("m", "re", "x")).toBe("m (e.g. 'x', regex used for validation is 're')");
    expect(regexError("m", "re", "x", "y")).toBe(
      "m (e.g. 'x',  or 'y', regex used for validation is 're')",
    );
  });
});

describe("isDNS1123Label (TestIsDNS1123Label)", () => {
  const good = [
    "a",
    "ab",
    "abc",
    "a1",
    "a-1",
    "a--1--2--b",
    "0",
    "01",
    "012",
    "1a",
    "1-a",
    "1--a--b--2",
    a(63),
  ];
  const bad = [
    "",
    "A",
    "ABC",
    "aBc",
    "A1",
    "A-1",
    "1-A",
    "-",
    "a-",
    "-a",
    "1-",
    "-1",
    "_",
    "a_",
    "_a",
    "a_b",
    "1_",
    "_1",
    "1_2",
    ".",
    "a.",
    ".a",
    "a.b",
    "1.",
    ".1",
    "1.2",
    " ",
    "a ",
    " a",
    "a b",
    "1 ",
    " 1",
    "1 2",
    a(64),
  ];
  it.each(good)("accepts %j", (v) => expect(isDNS1123Label(v)).toEqual([]));
  it.each(bad)("refuses %j", (v) => expect(isDNS1123Label(v).length).toBeGreaterThan(0));

  it("gives upstream's messages", () => {
    expect(isDNS1123Label("My_Name")).toEqual([DNS1123_LABEL_MSG]);
    // a valid subdomain that is not a label can only be one with dots
    expect(isDNS1123Label("a.b")).toEqual(["must not contain dots"]);
    expect(isDNS1123Label(a(64))).toEqual(["must be no more than 63 characters"]);
    expect(isDNS1123Label(`${a(63)}-`)).toEqual([
      "must be no more than 63 characters",
      DNS1123_LABEL_MSG,
    ]);
  });

  it("counts length in UTF-8 bytes, as Go's len does", () => {
    // 32 × "ā" is 64 bytes: too long, and not a label either.
    expect(isDNS1123Label(a(32, "ā"))).toEqual([
      "must be no more than 63 characters",
      DNS1123_LABEL_MSG,
    ]);
  });
});

describe("isDNS1123Subdomain (TestIsDNS1123Subdomain)", () => {
  const good = [
    "a",
    "ab",
    "abc",
    "a1",
    "a-1",
    "a--1--2--b",
    "0",
    "01",
    "012",
    "1a",
    "1-a",
    "1--a--b--2",
    "a.a",
    "ab.a",
    "abc.a",
    "a1.a",
    "a-1.a",
    "a--1--2--b.a",
    "a.1",
    "ab.1",
    "abc.1",
    "a1.1",
    "a-1.1",
    "a--1--2--b.1",
    "0.a",
    "01.a",
    "012.a",
    "1a.a",
    "1-a.a",
    "1--a--b--2",
    "0.1",
    "01.1",
    "012.1",
    "1a.1",
    "1-a.1",
    "1--a--b--2.1",
    "a.b.c.d.e",
    "aa.bb.cc.dd.ee",
    "1.2.3.4.5",
    "11.22.33.44.55",
    a(253),
  ];
  const bad = [
    "",
    "A",
    "ABC",
    "aBc",
    "A1",
    "A-1",
    "1-A",
    "-",
    "a-",
    "-a",
    "1-",
    "-1",
    "_",
    "a_",
    "_a",
    "a_b",
    "1_",
    "_1",
    "1_2",
    ".",
    "a.",
    ".a",
    "a..b",
    "1.",
    ".1",
    "1..2",
    " ",
    "a ",
    " a",
    "a b",
    "1 ",
    " 1",
    "1 2",
    "A.a",
    "aB.a",
    "ab.A",
    "A1.a",
    "a1.A",
    "A.1",
    "aB.1",
    "A1.1",
    "1A.1",
    "0.A",
    "01.A",
    "012.A",
    "1A.a",
    "1a.A",
    "A.B.C.D.E",
    "AA.BB.CC.DD.EE",
    "a.B.c.d.e",
    "aa.bB.cc.dd.ee",
    "a@b",
    "a,b",
    "a_b",
    "a;b",
    "a:b",
    "a%b",
    "a?b",
    "a$b",
    a(254),
  ];
  it.each(good)("accepts %j", (v) => expect(isDNS1123Subdomain(v)).toEqual([]));
  it.each(bad)("refuses %j", (v) => expect(isDNS1123Subdomain(v).length).toBeGreaterThan(0));

  it("gives upstream's messages", () => {
    expect(isDNS1123Subdomain("Web")).toEqual([DNS1123_SUBDOMAIN_MSG]);
    expect(isDNS1123Subdomain(a(254))).toEqual(["must be no more than 253 characters"]);
  });
});

describe("isDNS1035Label (TestIsDNS1035Label)", () => {
  const good = ["a", "ab", "abc", "a1", "a-1", "a--1--2--b", a(63)];
  const bad = [
    "0",
    "01",
    "012",
    "1a",
    "1-a",
    "1--a--b--2",
    "",
    "A",
    "ABC",
    "aBc",
    "A1",
    "A-1",
    "1-A",
    "-",
    "a-",
    "-a",
    "1-",
    "-1",
    "_",
    "a_",
    "_a",
    "a_b",
    "1_",
    "_1",
    "1_2",
    ".",
    "a.",
    ".a",
    "a.b",
    "1.",
    ".1",
    "1.2",
    " ",
    "a ",
    " a",
    "a b",
    "1 ",
    " 1",
    "1 2",
    a(64),
  ];
  it.each(good)("accepts %j", (v) => expect(isDNS1035Label(v)).toEqual([]));
  it.each(bad)("refuses %j", (v) => expect(isDNS1035Label(v).length).toBeGreaterThan(0));
  it("gives upstream's message", () => expect(isDNS1035Label("1abc")).toEqual([DNS1035_MSG]));
});

describe("isCIdentifier (TestIsCIdentifier)", () => {
  const good = [
    "a",
    "ab",
    "abc",
    "a1",
    "_a",
    "a_",
    "a_b",
    "a_1",
    "a__1__2__b",
    "__abc_123",
    "A",
    "AB",
    "AbC",
    "A1",
    "_A",
    "A_",
    "A_B",
    "A_1",
    "A__1__2__B",
    "__123_ABC",
  ];
  const bad = [
    "",
    "1",
    "123",
    "1a",
    "-",
    "a-",
    "-a",
    "1-",
    "-1",
    "1_",
    "1_2",
    ".",
    "a.",
    ".a",
    "a.b",
    "1.",
    ".1",
    "1.2",
    " ",
    "a ",
    " a",
    "a b",
    "1 ",
    " 1",
    "1 2",
    "#a#",
  ];
  it.each(good)("accepts %j", (v) => expect(isCIdentifier(v)).toEqual([]));
  it.each(bad)("refuses %j", (v) => expect(isCIdentifier(v).length).toBeGreaterThan(0));
  it("gives upstream's message", () =>
    expect(isCIdentifier("1a")).toEqual([
      "a valid C identifier must start with alphabetic character or '_', followed by a string of alphanumeric characters or '_' (e.g. 'my_name',  or 'MY_NAME',  or 'MyName', regex used for validation is '[A-Za-z_][A-Za-z0-9_]*')",
    ]));
});

describe("isValidPortName (TestIsValidPortName)", () => {
  const good = ["telnet", "re-mail-ck", "pop3", "a", "a-1", "1-a", "a-1-b-2-c", "1-a-2-b-3"];
  const bad = [
    "longerthan15characters",
    "",
    a(16),
    "12345",
    "1-2-3-4",
    "-begin",
    "end-",
    "two--hyphens",
    "whois++",
  ];
  it.each(good)("accepts %j", (v) => expect(isValidPortName(v)).toEqual([]));
  it.each(bad)("refuses %j", (v) => expect(isValidPortName(v).length).toBeGreaterThan(0));

  it("lists every rule the name breaks, in upstream's order", () => {
    expect(isValidPortName("")).toEqual([
      "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
      "must contain at least one letter (a-z)",
    ]);
    expect(isValidPortName("-HTTP--")).toEqual([
      "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
      "must contain at least one letter (a-z)",
      "must not contain consecutive hyphens",
      "must not begin or end with a hyphen",
    ]);
    expect(isValidPortName("longerthan15characters")).toEqual([
      "must be no more than 15 characters",
    ]);
  });
});

describe("isQualifiedName (TestIsQualifiedName)", () => {
  const good = [
    "simple",
    "now-with-dashes",
    "1-starts-with-num",
    "1234",
    "simple/simple",
    "now-with-dashes/simple",
    "now-with-dashes/now-with-dashes",
    "now.with.dots/simple",
    "now-with.dashes-and.dots/simple",
    "1-num.2-num/3-num",
    "1234/5678",
    "1.2.3.4/5678",
    "Uppercase_Is_OK_123",
    "example.com/Uppercase_Is_OK_123",
    "requests.storage-foo",
    a(63),
    `${a(253)}/${a(63, "b")}`,
  ];
  const bad = [
    "nospecialchars%^=@",
    "cantendwithadash-",
    "-cantstartwithadash-",
    "only/one/slash",
    "Example.com/abc",
    "example_com/abc",
    "example.com/",
    "/simple",
    a(64),
    `${a(254)}/abc`,
  ];
  it.each(good)("accepts %j", (v) => expect(isQualifiedName(v)).toEqual([]));
  it.each(bad)("refuses %j", (v) => expect(isQualifiedName(v).length).toBeGreaterThan(0));

  it("gives upstream's messages for each part", () => {
    expect(isQualifiedName("-bad")).toEqual([NAME_PART_MSG]);
    expect(isQualifiedName("example.com/")).toEqual(["name part must be non-empty", NAME_PART_MSG]);
    expect(isQualifiedName("/simple")).toEqual(["prefix part must be non-empty"]);
    expect(isQualifiedName("Example.com/abc")).toEqual([`prefix part ${DNS1123_SUBDOMAIN_MSG}`]);
    expect(isQualifiedName(a(64))).toEqual(["name part must be no more than 63 characters"]);
    expect(isQualifiedName("only/one/slash")).toEqual([
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ]);
  });
});

describe("isValidLabelValue (TestIsValidLabelValue)", () => {
  const good = [
    "simple",
    "now-with-dashes",
    "1-starts-with-num",
    "end-with-num-1",
    "1234",
    a(63),
    "",
  ];
  const bad = [
    "nospecialchars%^=@",
    "Tama-nui-te-rā.is.Māori.sun",
    "\\backslashes\\are\\bad",
    "-starts-with-dash",
    "ends-with-dash-",
    ".starts.with.dot",
    "ends.with.dot.",
    a(64),
  ];
  it.each(good)("accepts %j", (v) => expect(isValidLabelValue(v)).toEqual([]));
  it.each(bad)("refuses %j", (v) => expect(isValidLabelValue(v).length).toBeGreaterThan(0));
  it("gives upstream's messages", () => {
    expect(isValidLabelValue("-v")).toEqual([LABEL_VALUE_MSG]);
    expect(isValidLabelValue(a(64))).toEqual(["must be no more than 63 characters"]);
  });
});

describe("isEnvVarName", () => {
  it.each(["A", "ab", "my.env-name", "MY_ENV.NAME", "MyEnvName1", "_x", "-x", ".x", "a..b"])(
    "accepts %j",
    (v) => expect(isEnvVarName(v)).toEqual([]),
  );
  const msg =
    "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')";
  it.each([
    ["", [msg]],
    ["1a", [msg]],
    ["a b", [msg]],
    ["a=b", [msg]],
    [".", ["must not be '.'"]],
    ["..", ["must not be '..'"]],
    ["..a", ["must not start with '..'"]],
    ["..a b", [msg, "must not start with '..'"]],
  ])("refuses %j", (v, want) => expect(isEnvVarName(v)).toEqual(want));
});

describe("isConfigMapKey (TestIsConfigMapKey)", () => {
  it.each([
    "a",
    "ab",
    "abc",
    "a1",
    "a-1",
    "a--1--2--b",
    "0",
    "01",
    "012",
    "1a",
    "1-a",
    "1--a--b--2",
    "a.b",
    "A_B",
    ".a",
    a(253),
  ])("accepts %j", (v) => expect(isConfigMapKey(v)).toEqual([]));
  it.each(["", ".", "..", "..a", "a b", "a/b", "a:b", a(254)])("refuses %j", (v) =>
    expect(isConfigMapKey(v).length).toBeGreaterThan(0),
  );
});

describe("nameIsDNSSubdomain / nameIsDNSLabel / nameIsDNS1035Label (generic.go)", () => {
  it("lets a generateName prefix end in '-'", () => {
    expect(nameIsDNSSubdomain("web-", true)).toEqual([]);
    expect(nameIsDNSSubdomain("web-", false)).toEqual([DNS1123_SUBDOMAIN_MSG]);
    expect(nameIsDNSLabel("ns-", true)).toEqual([]);
    expect(nameIsDNS1035Label("svc-", true)).toEqual([]);
  });

  it("masks a trailing dash as upstream does: the last TWO characters become 'a' (TestMaskTrailingDash)", () => {
    // maskTrailingDash: "" -> "", "-" -> "-", "-foo" -> "-foo", "-foo-" -> "-foa", "b-" -> "a", "ab" -> "ab"
    expect(nameIsDNSSubdomain("", true)).toEqual(isDNS1123Subdomain(""));
    expect(nameIsDNSSubdomain("-", true)).toEqual(isDNS1123Subdomain("-"));
    expect(nameIsDNSSubdomain("-foo-", true)).toEqual(isDNS1123Subdomain("-foa"));
    expect(nameIsDNSSubdomain("b-", true)).toEqual([]);
    // "a.-" masks to "aa": valid, though "a." would not be.
    expect(nameIsDNSSubdomain("a.-", true)).toEqual([]);
    // "A-" masks to "a": the uppercase letter is dropped before the check.
    expect(nameIsDNSLabel("A-", true)).toEqual([]);
    expect(nameIsDNSLabel("1-", true)).toEqual([]);
    expect(nameIsDNS1035Label("1a-", true)).toEqual([DNS1035_MSG]);
  });
});

/** A RandomSource that replays fixed draws. */
const replay = (draws: number[]): RandomSource & { asked: number[] } => {
  const asked: number[] = [];
  let i = 0;
  return {
    asked,
    int(max: number): number {
      asked.push(max);
      return draws[i++ % draws.length]! % max;
    },
  };
};

describe("generated names (SimpleNameGenerator)", () => {
  it("draws 5 characters from Kubernetes' alphabet", () => {
    expect(nameSuffixAlphabet).toBe("bcdfghjklmnpqrstvwxz2456789");
    const rng = replay([0, 1, 2, 25, 26]);
    expect(generateNameSuffix(rng)).toBe("bcd89");
    expect(rng.asked).toEqual([27, 27, 27, 27, 27]);
    expect(generateNameSuffix(replay([3]), 2)).toBe("ff");
  });

  it("keeps at most 58 characters of the base, so the name fits 63", () => {
    expect(maxGeneratedNameLength).toBe(58);
    expect(generateName("web-7d9f8c6b5-", replay([0]))).toBe("web-7d9f8c6b5-bbbbb");
    const long = `${a(60, "x")}-`;
    const name = generateName(long, replay([4]));
    expect(name).toBe(`${a(58, "x")}ggggg`);
    expect(name).toHaveLength(63);
  });

  it("always yields a valid name from a valid prefix (property)", () => {
    const prefix = fc
      .stringMatching(/^[a-z0-9]([-a-z0-9]{0,80}[a-z0-9])?-?$/)
      .filter((p) => nameIsDNSSubdomain(p, true).length === 0);
    fc.assert(
      fc.property(prefix, fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), (p, draws) => {
        const name = generateName(p, replay(draws));
        expect(name.length).toBeLessThanOrEqual(63);
        expect(isDNS1123Subdomain(name)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});

describe("the hand-written scanners agree with upstream's regular expressions (property)", () => {
  // Short strings over the characters that matter, plus one non-ASCII letter.
  const text = fc.string({
    unit: fc.constantFrom("a", "z", "A", "Z", "0", "9", "-", ".", "_", "/", " ", "=", "ā"),
    maxLength: 12,
  });
  const cases: ReadonlyArray<[string, (v: string) => string[], RegExp]> = [
    ["DNS-1123 label", isDNS1123Label, /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/],
    [
      "DNS-1123 subdomain",
      isDNS1123Subdomain,
      /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
    ],
    ["DNS-1035 label", isDNS1035Label, /^[a-z]([-a-z0-9]*[a-z0-9])?$/],
    ["label value", isValidLabelValue, /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/],
    ["C identifier", isCIdentifier, /^[A-Za-z_][A-Za-z0-9_]*$/],
    // (the '.', '..' and '..*' rule comes on top of the pattern)
    [
      "env var name",
      (v) => isEnvVarName(v).filter((m) => !m.startsWith("must not")),
      /^[-._a-zA-Z][-._a-zA-Z0-9]*$/,
    ],
  ];
  it.each(cases)("%s", (_name, check, re) => {
    fc.assert(
      fc.property(text, (v) => {
        expect(check(v).length === 0).toBe(re.test(v) && v.length <= 63);
      }),
      { numRuns: 500 },
    );
  });

  it("qualified names: valid exactly when each part matches", () => {
    const part = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
    const sub = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
    fc.assert(
      fc.property(text, (v) => {
        const parts = v.split("/");
        const expected =
          parts.length === 1
            ? part.test(v)
            : parts.length === 2 && sub.test(parts[0]!) && part.test(parts[1]!);
        expect(isQualifiedName(v).length === 0).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });
});
