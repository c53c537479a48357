import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import type { Deployment } from "kubernetes-types/apps/v1";
import type { ImageBehavior } from "./behavior.js";
import { DEFAULT_BODY, defaultBehavior } from "./behavior.js";
import {
  BEHAVIOR_ANNOTATION,
  ImageCatalogue,
  ImageCatalogueError,
  containerBehaviorAnnotation,
  isImageCatalogueError,
  parseImageCatalogue,
  resolveBehavior,
  validateBehaviorText,
} from "./catalogue.js";

const testdata = (file: string): string =>
  readFileSync(new URL(`./testdata/${file}`, import.meta.url), "utf8");

const MiB = 1024 * 1024;

/** Resolves and fails the test on `{ error }`. */
function behavior(
  catalogue: ImageCatalogue,
  image: string,
  annotations: Record<string, string> = {},
  container = "app",
): ImageBehavior {
  const r = resolveBehavior(catalogue, image, annotations, container);
  if ("error" in r) throw new Error(r.error);
  return r;
}

/** The problems of a catalogue text (it must be refused). */
function problems(text: string): readonly string[] {
  try {
    parseImageCatalogue(text);
  } catch (e) {
    if (isImageCatalogueError(e)) return e.errors;
    throw e;
  }
  throw new Error("the catalogue was accepted");
}

/** One behavior field under test, written inline: `images: { "x:1": <yaml> }`. */
const one = (yaml: string): ImageBehavior =>
  behavior(parseImageCatalogue(`images:\n  "x:1": ${yaml}\n`), "x:1");

describe("defaults", () => {
  it("an empty catalogue gives defaultBehavior", () => {
    expect(behavior(ImageCatalogue.empty(), "nginx")).toEqual(defaultBehavior);
    expect(behavior(parseImageCatalogue(""), "nginx")).toEqual(defaultBehavior);
    expect(behavior(parseImageCatalogue("images:\n"), "nginx")).toEqual(defaultBehavior);
    expect(behavior(ImageCatalogue.fromObject(null), "nginx")).toEqual(defaultBehavior);
  });
  it("an entry with no fields (or null) changes nothing", () => {
    expect(one("{}")).toEqual(defaultBehavior);
    expect(behavior(parseImageCatalogue('images:\n  "x:1":\n'), "x:1")).toEqual(defaultBehavior);
  });
  it("has the default values documented in behavior.ts", () => {
    expect(defaultBehavior).toMatchObject({
      pull: { duration: 0, size: 28 * MiB },
      start: 0,
      readiness: { kind: "after", after: 0 },
      liveness: { status: 500 },
      memory: { start: 16 * MiB, growthPerSecond: 0 },
      cpu: 1,
      latency: 0,
      body: DEFAULT_BODY,
      logRequests: true,
      ports: [],
      stopAfterSigterm: 0,
    });
    expect(defaultBehavior.exit).toBeUndefined();
  });
});

describe("each field", () => {
  it.each([
    ["20s", { kind: "after", after: 20_000 }],
    ["{ after: 1m30s }", { kind: "after", after: 90_000 }],
    ["never", { kind: "never" }],
    ["always", { kind: "after", after: 0 }],
    ["0", { kind: "after", after: 0 }],
    [
      "{ flap: { up: 30s, down: 10s, after: 5s } }",
      { kind: "flapping", after: 5000, up: 30_000, down: 10_000 },
    ],
    ["{ flap: { up: 1s, down: 500ms } }", { kind: "flapping", after: 0, up: 1000, down: 500 }],
  ])("ready: %s", (yaml, readiness) => {
    expect(one(`{ ready: ${yaml} }`).readiness).toEqual(readiness);
  });

  it.each([
    ["{ failAfter: 60s, status: 500 }", { failAfter: 60_000, status: 500 }],
    ["{ failAfter: 2m }", { failAfter: 120_000, status: 500 }],
    ["{ status: 503 }", { status: 503 }],
    ["{ failAfter: never, status: 404 }", { status: 404 }],
  ])("liveness: %s", (yaml, liveness) => {
    expect(one(`{ liveness: ${yaml} }`).liveness).toEqual(liveness);
  });

  it("exit: after and code (code 1 when omitted); 0s crashes at start", () => {
    expect(one("{ exit: { after: 30s, code: 1 } }").exit).toEqual({ after: 30_000, code: 1 });
    expect(one("{ exit: { after: 0s, code: 0 } }").exit).toEqual({ after: 0, code: 0 });
    expect(one("{ exit: { after: 10s } }").exit).toEqual({ after: 10_000, code: 1 });
    expect("exit" in one("{ exit: never }")).toBe(false);
  });

  it("pull: duration, size, error, fail", () => {
    expect(one("{ pull: { duration: 2s, size: 30Mi } }").pull).toEqual({
      duration: 2000,
      size: 30 * MiB,
    });
    expect(one("{ pull: { size: 1G } }").pull).toEqual({ duration: 0, size: 1e9 });
    expect(one('{ pull: { error: "boom" } }').pull).toEqual({
      duration: 0,
      size: 28 * MiB,
      error: "boom",
    });
    expect(one("{ pull: { fail: false } }").pull).toEqual(defaultBehavior.pull);
  });

  it("pull.fail uses containerd's not-found error for the image", () => {
    const c = parseImageCatalogue('images:\n  "*": { pull: { fail: true, duration: 1s } }\n');
    expect(behavior(c, "myapp:v2").pull).toEqual({
      duration: 1000,
      size: 28 * MiB,
      error:
        'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/myapp:v2": ' +
        'failed to resolve reference "docker.io/library/myapp:v2": docker.io/library/myapp:v2: not found',
    });
    expect(behavior(c, "ghcr.io/acme/app").pull.error).toContain('"ghcr.io/acme/app:latest"');
  });

  it("start, latency, stopAfterSigterm are durations; stopAfterSigterm may be never", () => {
    const b = one("{ start: 3s, latency: 250ms, stopAfterSigterm: 2s }");
    expect([b.start, b.latency, b.stopAfterSigterm]).toEqual([3000, 250, 2000]);
    const never = one("{ stopAfterSigterm: never }");
    expect(never.stopAfterSigterm).toBeUndefined();
    expect("stopAfterSigterm" in never).toBe(true);
  });

  it("memory: start and growth in bytes; a quantity alone sets start", () => {
    expect(one("{ memory: { start: 50Mi, growthPerSecond: 1Mi } }").memory).toEqual({
      start: 50 * MiB,
      growthPerSecond: MiB,
    });
    expect(one("{ memory: { growthPerSecond: 512Ki } }").memory).toEqual({
      start: 16 * MiB,
      growthPerSecond: 512 * 1024,
    });
    expect(one("{ memory: 64Mi }").memory).toEqual({ start: 64 * MiB, growthPerSecond: 0 });
    expect(one("{ memory: 1000 }").memory).toEqual({ start: 1000, growthPerSecond: 0 });
  });

  it.each([
    ["100m", 100],
    ["1", 1000],
    ["0.25", 250],
    ["1500m", 1500],
    ["0", 0],
  ])("cpu: %s is %i millicores", (q, m) => {
    expect(one(`{ cpu: ${q} }`).cpu).toBe(m);
  });

  it("body, logRequests, ports", () => {
    const b = one('{ body: "hi $(POD_NAME)\\n", logRequests: false, ports: [9090, 8081, 9090] }');
    expect(b.body).toBe("hi $(POD_NAME)\n");
    expect(b.logRequests).toBe(false);
    expect(b.ports).toEqual([9090, 8081]);
  });
});

describe("matching", () => {
  const catalogue = parseImageCatalogue(`
images:
  "myapp:v2": { start: 4s }
  "*": { start: 1s, cpu: 10m }
  "myapp": { start: 3s, latency: 1s }
  "myapp:*": { start: 2s, body: glob }
  "my*": { start: 1500ms, ports: [1] }
  "docker.io/library/other@sha256:${"a".repeat(64)}": { start: 9s }
  "registry.example.com/team/*": { start: 7s }
`);

  it("applies every match, least specific first: *, globs, name, exact", () => {
    expect(catalogue.match("myapp:v2")).toEqual(["*", "my*", "myapp:*", "myapp", "myapp:v2"]);
    const b = behavior(catalogue, "myapp:v2");
    expect(b).toMatchObject({ start: 4000, cpu: 10, latency: 1000, body: "glob", ports: [1] });
  });

  it("orders globs by their literal characters", () => {
    expect(catalogue.keys.slice(0, 4)).toEqual([
      "*",
      "my*",
      "myapp:*",
      "registry.example.com/team/*",
    ]);
  });

  it("a name without tag matches every tag and digest, not other names", () => {
    expect(catalogue.match("myapp:v1")).toEqual(["*", "my*", "myapp:*", "myapp"]);
    expect(catalogue.match(`myapp@sha256:${"b".repeat(64)}`)).toEqual(["*", "my*", "myapp"]);
    expect(catalogue.match("myapplication:1")).toEqual(["*", "my*"]);
  });

  it("compares references normalized: no tag is :latest, docker.io/library is implied", () => {
    expect(catalogue.match("myapp")).toEqual(["*", "my*", "myapp:*", "myapp"]);
    expect(catalogue.match("docker.io/library/myapp:v2")).toContain("myapp:v2");
    expect(catalogue.match(`other@sha256:${"a".repeat(64)}`)).toContain(
      `docker.io/library/other@sha256:${"a".repeat(64)}`,
    );
  });

  it("globs match the familiar or the full reference; * spans / and :", () => {
    expect(catalogue.match("registry.example.com/team/api:3")).toEqual([
      "*",
      "registry.example.com/team/*",
    ]);
    const c = parseImageCatalogue(
      'images:\n  "*/nginx:*": {}\n  "docker.io/*": {}\n  "ngin?": {}\n',
    );
    expect(c.match("bitnami/nginx:1.27")).toEqual(["*/nginx:*", "docker.io/*"]);
    expect(c.match("nginx")).toEqual(["*/nginx:*", "docker.io/*"]); // docker.io/library/nginx:latest
    expect(c.match("ghcr.io/x/nginx:2")).toEqual(["*/nginx:*"]);
    expect(parseImageCatalogue('images:\n  "ngin?:*": {}\n').match("nginx:1")).toEqual(["ngin?:*"]);
  });

  it("equally specific globs apply in file order", () => {
    const c = parseImageCatalogue('images:\n  "a*": { start: 1s }\n  "*:1": { start: 2s }\n');
    expect(c.match("ab:1")).toEqual(["a*", "*:1"]);
    expect(behavior(c, "ab:1").start).toBe(2000);
    expect(c.match("ab")).toEqual(["a*"]); // ab:latest
  });

  it("a top-level field replaces the earlier one whole", () => {
    const c = parseImageCatalogue(
      'images:\n  "*": { memory: { start: 1Gi, growthPerSecond: 1Mi }, pull: { duration: 5s, size: 1Mi } }\n  "x": { memory: { growthPerSecond: 2Mi }, pull: { duration: 1s } }\n',
    );
    expect(behavior(c, "x:1")).toMatchObject({
      memory: { start: 16 * MiB, growthPerSecond: 2 * MiB },
      pull: { duration: 1000, size: 28 * MiB },
    });
  });

  it("`exit: never` and `ready: always` undo a less specific entry", () => {
    const c = parseImageCatalogue(
      'images:\n  "*": { exit: { after: 1s }, ready: never }\n  "ok:1": { exit: never, ready: always }\n',
    );
    expect(behavior(c, "ok:1")).toEqual(defaultBehavior);
  });
});

describe("annotations", () => {
  const catalogue = parseImageCatalogue(
    'images:\n  "web:1": { start: 5s, ready: { after: 10s }, cpu: 50m }\n',
  );

  it("the pod annotation overrides the catalogue, the container annotation overrides both", () => {
    const b = behavior(
      catalogue,
      "web:1",
      {
        [BEHAVIOR_ANNOTATION]: "ready: never\ncpu: 100m",
        [containerBehaviorAnnotation("app")]: '{"cpu": "200m"}',
        [containerBehaviorAnnotation("other")]: "start: 1h",
      },
      "app",
    );
    expect(b).toMatchObject({ start: 5000, readiness: { kind: "never" }, cpu: 200 });
  });

  it("applies to containers without catalogue entries, and an empty annotation changes nothing", () => {
    expect(behavior(catalogue, "nginx", { [BEHAVIOR_ANNOTATION]: "latency: 1s" }).latency).toBe(
      1000,
    );
    expect(behavior(catalogue, "nginx", { [BEHAVIOR_ANNOTATION]: "" })).toEqual(defaultBehavior);
  });

  it.each([
    [
      "ready: { after: 20x }",
      'annotations["kubesim.io/behavior"].ready.after: invalid duration "20x"',
    ],
    [
      "redy: never",
      'annotations["kubesim.io/behavior"].redy: unknown field (known: body, cpu, exit, latency, liveness, logRequests, memory, ports, pull, ready, start, stopAfterSigterm)',
    ],
    [
      "never",
      'annotations["kubesim.io/behavior"]: must be a mapping of body, cpu, exit, latency, liveness, logRequests, memory, ports, pull, ready, start, stopAfterSigterm',
    ],
    [
      "{ready: [",
      'annotations["kubesim.io/behavior"]: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ] at line 1, column 10',
    ],
    [
      "a: *x",
      'annotations["kubesim.io/behavior"]: invalid YAML: Unresolved alias (the anchor must be set before the alias): x (quote text that starts with "*", as in "*":)',
    ],
    [
      "a: 1\na: 2",
      'annotations["kubesim.io/behavior"]: invalid YAML: Map keys must be unique at line 2, column 1',
    ],
  ])("a bad pod annotation %j is an error, not a crash", (text, error) => {
    expect(resolveBehavior(catalogue, "web:1", { [BEHAVIOR_ANNOTATION]: text }, "app")).toEqual({
      error,
    });
  });

  it("reports problems of both annotations together", () => {
    const r = resolveBehavior(
      catalogue,
      "web:1",
      { [BEHAVIOR_ANNOTATION]: "cpu: lots", [containerBehaviorAnnotation("app")]: "start: -1s" },
      "app",
    );
    expect(r).toEqual({
      error:
        'annotations["kubesim.io/behavior"].cpu: invalid quantity "lots" (e.g. "64Mi", "1G", "100m"); ' +
        'annotations["kubesim.io/behavior.app"].start: must not be negative, got "-1s"',
    });
  });

  it("validateBehaviorText checks annotation text ahead of time", () => {
    expect(validateBehaviorText("ready: never")).toEqual([]);
    expect(validateBehaviorText("ready: soon", "x")).toEqual(['x.ready: invalid duration "soon"']);
  });

  it("never throws, whatever the annotation says", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (pod, ctr) => {
        const r = resolveBehavior(
          catalogue,
          "web:1",
          { [BEHAVIOR_ANNOTATION]: pod, [containerBehaviorAnnotation("app")]: ctr },
          "app",
        );
        return "error" in r ? typeof r.error === "string" : typeof r.start === "number";
      }),
    );
  });

  it("never throws on any JSON value as a behavior either", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const r = resolveBehavior(
          catalogue,
          "web:1",
          { [BEHAVIOR_ANNOTATION]: JSON.stringify(v) },
          "app",
        );
        return "error" in r || r.start >= 0;
      }),
    );
  });
});

describe("catalogue errors name the field path", () => {
  it.each([
    [
      'images:\n  "myapp:v2": { ready: { after: 20x } }',
      'images["myapp:v2"].ready.after: invalid duration "20x"',
    ],
    [
      'images:\n  "x:1": { ready: 20 }',
      'images["x:1"].ready: must be a duration, "never", "always", { after: <duration> } or { flap: { up, down, after } }',
    ],
    [
      'images:\n  "x:1": { ready: { after: 1s, flap: {} } }',
      'images["x:1"].ready: must be a duration, "never", "always", { after: <duration> } or { flap: { up, down, after } }',
    ],
    [
      'images:\n  "x:1": { ready: { flap: { up: 1s } } }',
      'images["x:1"].ready.flap.down: required',
    ],
    [
      'images:\n  "x:1": { ready: { flap: { up: 0s, down: 1s } } }',
      'images["x:1"].ready.flap.up: must be more than 0s',
    ],
    [
      'images:\n  "x:1": { ready: { flap: { up: 1s, down: 1s, every: 1s } } }',
      'images["x:1"].ready.flap.every: unknown field (known: up, down, after)',
    ],
    [
      'images:\n  "x:1": { liveness: { failAfter: 60 } }',
      'images["x:1"].liveness.failAfter: invalid duration 60 (write it with a unit, e.g. "20s", "1m30s", "500ms")',
    ],
    [
      'images:\n  "x:1": { liveness: { status: 700 } }',
      'images["x:1"].liveness.status: must be an HTTP status code (100-599), got 700',
    ],
    [
      'images:\n  "x:1": { liveness: 500 }',
      'images["x:1"].liveness: must be a mapping of failAfter, status',
    ],
    ['images:\n  "x:1": { exit: { code: 1 } }', 'images["x:1"].exit.after: required'],
    [
      'images:\n  "x:1": { exit: { after: 1s, code: 256 } }',
      'images["x:1"].exit.code: must be an exit code (0-255), got 256',
    ],
    [
      'images:\n  "x:1": { exit: { after: 1s, code: "1" } }',
      'images["x:1"].exit.code: must be an exit code (0-255), got "1"',
    ],
    [
      'images:\n  "x:1": { pull: { fail: yes } }',
      'images["x:1"].pull.fail: must be true or false, got "yes"',
    ],
    [
      'images:\n  "x:1": { pull: { fail: false, error: boom } }',
      'images["x:1"].pull.fail: is false but pull.error is set',
    ],
    [
      'images:\n  "x:1": { pull: { error: "" } }',
      'images["x:1"].pull.error: must be a non-empty string, got ""',
    ],
    [
      'images:\n  "x:1": { pull: { size: 30MB } }',
      'images["x:1"].pull.size: invalid quantity "30MB" (e.g. "64Mi", "1G", "100m")',
    ],
    [
      'images:\n  "x:1": { pull: { duration: 2 } }',
      'images["x:1"].pull.duration: invalid duration 2 (write it with a unit, e.g. "20s", "1m30s", "500ms")',
    ],
    [
      'images:\n  "x:1": { memory: { start: -1Mi } }',
      'images["x:1"].memory.start: must not be negative, got "-1Mi"',
    ],
    [
      'images:\n  "x:1": { memory: { max: 1Gi } }',
      'images["x:1"].memory.max: unknown field (known: start, growthPerSecond)',
    ],
    [
      'images:\n  "x:1": { cpu: 1 core }',
      'images["x:1"].cpu: invalid quantity "1 core" (e.g. "64Mi", "1G", "100m")',
    ],
    ['images:\n  "x:1": { latency: soon }', 'images["x:1"].latency: invalid duration "soon"'],
    ['images:\n  "x:1": { start: -3s }', 'images["x:1"].start: must not be negative, got "-3s"'],
    ['images:\n  "x:1": { body: 42 }', 'images["x:1"].body: must be a string, got 42'],
    [
      'images:\n  "x:1": { logRequests: "no" }',
      'images["x:1"].logRequests: must be true or false, got "no"',
    ],
    [
      'images:\n  "x:1": { ports: 9090 }',
      'images["x:1"].ports: must be a list of port numbers, got 9090',
    ],
    [
      'images:\n  "x:1": { ports: [80, 70000] }',
      'images["x:1"].ports[1]: must be a port number (1-65535), got 70000',
    ],
    [
      'images:\n  "x:1": { stopAfterSigterm: forever }',
      'images["x:1"].stopAfterSigterm: invalid duration "forever"',
    ],
    [
      'images:\n  "x:1": { colour: red }',
      'images["x:1"].colour: unknown field (known: body, cpu, exit, latency, liveness, logRequests, memory, ports, pull, ready, start, stopAfterSigterm)',
    ],
    [
      'images:\n  "x:1": fast',
      'images["x:1"]: must be a mapping of body, cpu, exit, latency, liveness, logRequests, memory, ports, pull, ready, start, stopAfterSigterm',
    ],
    [
      'images:\n  "My App": {}',
      'images["My App"]: not an image reference ("myapp:v2"), name ("myapp") or pattern ("myapp:*", "*")',
    ],
    [
      'images:\n  "my app*": {}',
      'images["my app*"]: not an image pattern (letters, digits, . _ - / : @ and the wildcards * and ?)',
    ],
    [
      'images:\n  "nginx:1": {}\n  "docker.io/library/nginx:1": {}',
      'images["docker.io/library/nginx:1"]: the same image as images["nginx:1"]',
    ],
    [
      'images:\n  "nginx": {}\n  "docker.io/library/nginx": {}',
      'images["docker.io/library/nginx"]: the same image as images["nginx"]',
    ],
    ["images: [a, b]", "images: must be a mapping of image references or patterns to behaviors"],
    ["image: {}", "(document).image: unknown field (known: images)"],
    ["- a", "(document): must be a mapping of images"],
    [
      "images:\n  *: {}",
      '(document): invalid YAML: Unexpected flow-map-start at node end at line 2, column 6 (quote text that starts with "*", as in "*":)',
    ],
    [
      "images:\n  *:\n    cpu: 1",
      '(document): invalid YAML: All mapping items must start at the same column at line 3, column 1 (quote text that starts with "*", as in "*":)',
    ],
    [
      "images:\n  x: *y",
      '(document): invalid YAML: Unresolved alias (the anchor must be set before the alias): y (quote text that starts with "*", as in "*":)',
    ],
    [
      "images:\n  a: 1\n  a: 2",
      "(document): invalid YAML: Map keys must be unique at line 3, column 3",
    ],
  ])("%j", (text, error) => {
    expect(problems(text)).toEqual([error]);
  });

  it("lists every problem at once", () => {
    expect(problems('images:\n  "a:1": { start: x, cpu: y }\n  "b:1": { ready: later }\n')).toEqual(
      [
        'images["a:1"].start: invalid duration "x"',
        'images["a:1"].cpu: invalid quantity "y" (e.g. "64Mi", "1G", "100m")',
        'images["b:1"].ready: invalid duration "later"',
      ],
    );
  });

  it("ImageCatalogueError's message lists them, one a line", () => {
    try {
      parseImageCatalogue('images:\n  "a:1": { start: x }\n');
      throw new Error("accepted");
    } catch (e) {
      expect(e).toBeInstanceOf(ImageCatalogueError);
      expect((e as Error).message).toBe(
        'invalid image catalogue:\n  images["a:1"].start: invalid duration "x"',
      );
      expect((e as ImageCatalogueError).code).toBe("ImageCatalogueError");
    }
  });

  it("fromObject takes the document's shape", () => {
    const c = ImageCatalogue.fromObject({ images: { "x:1": { ready: "never", ports: [1] } } });
    expect(behavior(c, "x:1")).toMatchObject({ readiness: { kind: "never" }, ports: [1] });
    expect(() => ImageCatalogue.fromObject({ images: { "x:1": { ready: 5 } } })).toThrow(
      ImageCatalogueError,
    );
  });
});

describe("the worked examples (testdata/examples.yaml, as in docs/image-catalogue.md)", () => {
  const c = parseImageCatalogue(testdata("examples.yaml"));
  const quiet = { logRequests: false };

  it.each([
    ["never-ready:1", { readiness: { kind: "never" } }],
    ["crashy:1", { exit: { after: 5000, code: 1 } }],
    ["crash-at-start:1", { exit: { after: 0, code: 2 } }],
    [
      "slow:1",
      {
        pull: { duration: 20_000, size: 300 * MiB },
        start: 30_000,
        readiness: { kind: "after", after: 45_000 },
      },
    ],
    ["leaky:1", { liveness: { failAfter: 60_000, status: 500 } }],
    ["hungry:1", { memory: { start: 50 * MiB, growthPerSecond: 2 * MiB } }],
    ["sluggish:1", { latency: 2000 }],
    ["flaky:1", { readiness: { kind: "flapping", after: 5000, up: 30_000, down: 10_000 } }],
    ["myapp:v1", { ports: [9090], cpu: 100, body: "myapp $(IMAGE) on $(POD_NAME)\n" }],
    [
      "myapp:v2",
      {
        ports: [9090],
        cpu: 100,
        body: "myapp $(IMAGE) on $(POD_NAME)\n",
        readiness: { kind: "after", after: 20_000 },
      },
    ],
    ["stubborn:1", { stopAfterSigterm: undefined }],
  ])("%s", (image, expected) => {
    expect(behavior(c, image)).toEqual({ ...defaultBehavior, ...quiet, ...expected });
  });

  it("pull failures: containerd's not-found text, or your own", () => {
    expect(behavior(c, "private.registry.example/team/app:1").pull.error).toBe(
      'rpc error: code = NotFound desc = failed to pull and unpack image "private.registry.example/team/app:1": ' +
        'failed to resolve reference "private.registry.example/team/app:1": private.registry.example/team/app:1: not found',
    );
    expect(behavior(c, "ghcr.io/acme/secret-app:1.0").pull.error).toContain("401 Unauthorized");
  });

  it("the hungry image passes a 128Mi limit 39 s after start", () => {
    const m = behavior(c, "hungry:1").memory;
    expect(Math.ceil((128 * MiB - m.start) / m.growthPerSecond)).toBe(39);
  });

  it("the Deployment's pod-template annotations resolve per container", () => {
    const d = parseYaml(testdata("deployment.yaml")) as Deployment;
    const annotations = d.spec!.template.metadata!.annotations!;
    const [web, proxy] = d.spec!.template.spec!.containers;
    expect(behavior(c, web!.image!, annotations, web!.name)).toEqual({
      ...defaultBehavior,
      ...quiet,
      ports: [9090],
      cpu: 100,
      body: "myapp $(IMAGE) on $(POD_NAME)\n",
      readiness: { kind: "after", after: 20_000 },
      memory: { start: 80 * MiB, growthPerSecond: 0 },
    });
    expect(behavior(c, proxy!.image!, annotations, proxy!.name)).toEqual({
      ...defaultBehavior,
      ...quiet,
      readiness: { kind: "after", after: 20_000 },
      memory: { start: 80 * MiB, growthPerSecond: 0 },
      exit: { after: 600_000, code: 137 },
      cpu: 5,
    });
  });
});

describe("docs/image-catalogue.md", () => {
  const doc = readFileSync(new URL("../../../../docs/image-catalogue.md", import.meta.url), "utf8");
  const blocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);

  it("has YAML examples", () => {
    expect(blocks.length).toBeGreaterThan(5);
  });

  it.each(blocks.map((b, i) => [i, b] as const))(
    "block %i is a valid catalogue or manifest",
    (_, block) => {
      const value = parseYaml(block) as Record<string, unknown> | null;
      if (value !== null && "images" in value) {
        expect(() => ImageCatalogue.fromObject(value)).not.toThrow();
        return;
      }
      const annotations =
        (value as { spec?: { template?: { metadata?: { annotations?: Record<string, string> } } } })
          ?.spec?.template?.metadata?.annotations ??
        (value as { metadata?: { annotations?: Record<string, string> } })?.metadata?.annotations;
      expect(annotations).toBeDefined();
      for (const [key, text] of Object.entries(annotations ?? {})) {
        if (key.startsWith(BEHAVIOR_ANNOTATION))
          expect(validateBehaviorText(text, key)).toEqual([]);
      }
    },
  );
});
