import fc from "fast-check";
import { Cluster } from "kubesim";
import { describe, expect, it } from "vitest";
import { RealTimePacer, SpeedError } from "./pacer.js";
import { FakeWallClock } from "./testdata/http.js";

/** A cluster with nothing running: only the loop matters here. */
function quietLoop() {
  return Cluster.create({
    nodes: 0,
    controllers: false,
    scheduler: false,
    dns: false,
    ingress: false,
    loadBalancers: false,
  }).loop;
}

describe("RealTimePacer", () => {
  it("advances virtual time to speed × elapsed wall time", () => {
    const loop = quietLoop();
    const wall = new FakeWallClock();
    const pacer = new RealTimePacer(loop, { speed: 2, wallClock: wall });
    const start = loop.now();
    pacer.start();
    wall.tick(1500);
    pacer.catchUp();
    expect(loop.now() - start).toBe(3000);
  });

  it("runs a loop task when its time comes in wall time", () => {
    const loop = quietLoop();
    const wall = new FakeWallClock();
    const pacer = new RealTimePacer(loop, { speed: 10, wallClock: wall });
    const start = loop.now();
    const ran: number[] = [];
    loop.after(5000, () => ran.push(loop.now() - start));
    pacer.start();
    wall.tick(499);
    expect(ran).toEqual([]);
    wall.tick(1);
    expect(ran).toEqual([5000]);
  });

  it("stands still at speed 0, and still runs requests at the current instant", () => {
    const loop = quietLoop();
    const wall = new FakeWallClock();
    const pacer = new RealTimePacer(loop, { speed: 0, wallClock: wall });
    const start = loop.now();
    pacer.start();
    wall.tick(60_000);
    pacer.catchUp();
    expect(loop.now()).toBe(start);
    expect(pacer.paused).toBe(true);
    expect(pacer.run(() => loop.now())).toBe(start);
    expect(wall.pending).toBe(0);
  });

  it("handles requests in arrival order, after the tasks already due at that instant", () => {
    const loop = quietLoop();
    const wall = new FakeWallClock();
    const pacer = new RealTimePacer(loop, { speed: 0, wallClock: wall });
    pacer.start();
    const order: string[] = [];
    loop.at(loop.now(), () => order.push("queued task"));
    pacer.run(() => {
      order.push("request 1");
      loop.at(loop.now(), () => order.push("task of request 1"));
    });
    pacer.run(() => order.push("request 2"));
    expect(order).toEqual(["queued task", "request 1", "task of request 1", "request 2"]);
  });

  it("returns what the request returns and throws what it throws", () => {
    const pacer = new RealTimePacer(quietLoop(), { speed: 0, wallClock: new FakeWallClock() });
    expect(pacer.run(() => 42)).toBe(42);
    expect(() =>
      pacer.run(() => {
        throw new RangeError("bad");
      }),
    ).toThrow(RangeError);
  });

  it("changes speed from the current instant on", () => {
    const loop = quietLoop();
    const wall = new FakeWallClock();
    const pacer = new RealTimePacer(loop, { speed: 1, wallClock: wall });
    const start = loop.now();
    pacer.start();
    wall.tick(1000);
    pacer.setSpeed(5);
    wall.tick(1000);
    pacer.catchUp();
    expect(loop.now() - start).toBe(6000);
    pacer.setSpeed(0);
    wall.tick(1000);
    pacer.catchUp();
    expect(loop.now() - start).toBe(6000);
  });

  it("advance() jumps virtual time and keeps pacing from there", () => {
    const loop = quietLoop();
    const wall = new FakeWallClock();
    const pacer = new RealTimePacer(loop, { speed: 1, wallClock: wall });
    const start = loop.now();
    pacer.start();
    pacer.advance(30_000);
    wall.tick(1000);
    pacer.catchUp();
    expect(loop.now() - start).toBe(31_000);
  });

  it("refuses a negative or non-finite speed", () => {
    const loop = quietLoop();
    expect(() => new RealTimePacer(loop, { speed: -1 })).toThrow(SpeedError);
    expect(() => new RealTimePacer(loop, { speed: Number.NaN })).toThrow("invalid speed NaN");
    const pacer = new RealTimePacer(loop, { speed: 1, wallClock: new FakeWallClock() });
    expect(() => pacer.setSpeed(Infinity)).toThrow(SpeedError);
  });

  it("property: virtual time is v0 + floor(speed × elapsed wall time) after any wall steps", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 50 }),
        fc.array(fc.integer({ min: 0, max: 5000 }), { maxLength: 20 }),
        (speed, steps) => {
          const loop = quietLoop();
          const wall = new FakeWallClock();
          const pacer = new RealTimePacer(loop, { speed, wallClock: wall });
          const start = loop.now();
          pacer.start();
          let elapsed = 0;
          let last = start;
          for (const s of steps) {
            wall.tick(s);
            elapsed += s;
            pacer.catchUp();
            expect(loop.now()).toBeGreaterThanOrEqual(last);
            last = loop.now();
          }
          expect(loop.now()).toBe(start + Math.floor(speed * elapsed));
        },
      ),
      { numRuns: 50 },
    );
  });
});
