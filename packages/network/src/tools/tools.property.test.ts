import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { curl } from "./curl.js";
import { max5data } from "./curl-progress.js";
import { fakeClient, podOrigin, type Behaviour } from "./fake-client.test-support.js";
import { smartUlltoa5, wget } from "./wget.js";

/** What the one host does, or that its name does not resolve. */
type World =
  { readonly kind: "unknown" } | { readonly kind: "host"; readonly behaviour: Behaviour };

const statusArb = fc.constantFrom(200, 201, 204, 400, 403, 404, 429, 500, 502, 503);
const worldArb: fc.Arbitrary<World> = fc.oneof(
  fc.constant<World>({ kind: "unknown" }),
  fc.record({
    kind: fc.constant("host" as const),
    behaviour: fc.oneof(
      fc.record({
        kind: fc.constant("answer" as const),
        status: statusArb,
        body: fc.string({ maxLength: 40 }),
        latency: fc.integer({ min: 0, max: 4000 }),
      }),
      fc.record({ kind: fc.constant("refuse" as const) }),
      fc.record({ kind: fc.constant("blackhole" as const) }),
      fc.record({
        kind: fc.constant("slow" as const),
        latency: fc.integer({ min: 1, max: 8000 }),
        status: statusArb,
        body: fc.string({ maxLength: 20 }),
      }),
    ),
  }),
);

const clientFor = (w: World) =>
  fakeClient(
    w.kind === "unknown" ? {} : { "my-api": { ip: "10.96.0.12", ports: { 80: w.behaviour } } },
  );

/** What the server ends up doing for a request with this timeout: an answer's status and body, or none. */
function outcome(
  w: World,
  timeoutMs: number | undefined,
): { status: number; body: string } | undefined {
  if (w.kind === "unknown") return undefined;
  const b = w.behaviour;
  if (b.kind === "answer") return { status: b.status ?? 200, body: b.body ?? "" };
  if (b.kind === "slow" && (timeoutMs === undefined || timeoutMs >= b.latency))
    return { status: b.status ?? 200, body: b.body ?? "" };
  return undefined;
}

const curlFlagsArb = fc.record({
  silent: fc.boolean(),
  showError: fc.boolean(),
  fail: fc.boolean(),
  include: fc.boolean(),
  devNull: fc.boolean(),
  maxTime: fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }),
  header: fc.boolean(),
  combine: fc.boolean(),
});

describe("curl properties", () => {
  it("-s writes nothing to stderr unless -S; exit 0 iff an answer and (no -f or status < 400)", () => {
    fc.assert(
      fc.property(worldArb, curlFlagsArb, (world, f) => {
        const letters = `${f.silent ? "s" : ""}${f.showError ? "S" : ""}${f.fail ? "f" : ""}${f.include ? "i" : ""}`;
        const args = [
          ...(letters === "" ? [] : f.combine ? [`-${letters}`] : [...letters].map((l) => `-${l}`)),
          ...(f.devNull ? ["-o", "/dev/null"] : []),
          ...(f.maxTime !== undefined ? ["-m", String(f.maxTime)] : []),
          ...(f.header ? ["-H", "X-Probe: 1"] : []),
          "http://my-api/",
        ];
        const out = curl(args, clientFor(world).client, podOrigin);
        const answer = outcome(world, f.maxTime !== undefined ? f.maxTime * 1000 : undefined);
        if (f.silent && !f.showError) expect(out.stderr).toBe("");
        const ok = answer !== undefined && (!f.fail || answer.status < 400);
        expect(out.exitCode === 0).toBe(ok);
        expect([0, 6, 7, 22, 28]).toContain(out.exitCode);
        if (f.silent && f.showError) {
          if (ok) expect(out.stderr).toBe("");
          else expect(out.stderr).toMatch(new RegExp(`^curl: \\(${out.exitCode}\\) [^\\n]+\\n$`));
        }
        const bodyShown = ok && !f.devNull;
        if (answer !== undefined && bodyShown) expect(out.stdout.endsWith(answer.body)).toBe(true);
        if (!bodyShown && !f.include) expect(out.stdout).toBe("");
      }),
    );
  });

  it("is a function of its inputs", () => {
    fc.assert(
      fc.property(worldArb, fc.boolean(), (world, verbose) => {
        const args = [verbose ? "-v" : "-i", "-m", "3", "http://my-api/"];
        expect(curl(args, clientFor(world).client, podOrigin)).toEqual(
          curl(args, clientFor(world).client, podOrigin),
        );
      }),
    );
  });

  it("max5data always fills five columns", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e15 }), (n) => {
        expect(max5data(n)).toHaveLength(5);
      }),
    );
  });
});

describe("wget properties", () => {
  it("-q writes stderr only on failure; exit 0 iff the status is 200-204; -O- prints the body", () => {
    fc.assert(
      fc.property(
        worldArb,
        fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }),
        (world, t) => {
          const args = [
            "-q",
            "-O-",
            ...(t !== undefined ? ["-T", String(t)] : []),
            "http://my-api/",
          ];
          const out = wget(args, clientFor(world).client, podOrigin);
          const answer = outcome(world, (t ?? 900) * 1000);
          const ok = answer !== undefined && answer.status >= 200 && answer.status <= 204;
          expect(out.exitCode).toBe(ok ? 0 : 1);
          if (ok) expect(out).toMatchObject({ stdout: answer.body, stderr: "" });
          else expect(out.stderr).toMatch(/^wget: [^\n]+\n$/);
        },
      ),
    );
  });

  it("smart_ulltoa5 always fills five columns", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e15 }), (n) => {
        expect(smartUlltoa5(n)).toHaveLength(5);
      }),
    );
  });
});
