/**
 * The real-time pacer: the one place in kubesim that reads wall time
 * (DESIGN.md, "Determinism"). It advances the sim loop to
 * `speed × elapsed wall time`, and runs each HTTP request as a task on the
 * loop at the current virtual instant, so that requests are handled in
 * arrival order among the loop's own tasks and a run can be replayed from
 * its request log. Kubernetes has no counterpart: a real apiserver lives in
 * wall time.
 *
 *   const pacer = new RealTimePacer(cluster.loop, { speed: 30 });
 *   pacer.start();                       // virtual time now runs 30× wall time
 *   const pod = pacer.run(() => cluster.client.get("Pod", "default", "web"));
 *   pacer.setSpeed(0);                   // paused: requests still run, time stands
 *
 * Everything else in the server that needs wall time (certificate validity,
 * watch timeouts) asks the pacer's `WallClock`, so the clock can be faked in
 * tests and nothing else reads it.
 */

/** The loop the pacer drives (the sim Loop's methods it uses). */
export interface PacedLoop {
  now(): number;
  nextTime(): number | undefined;
  advance(d: number): void;
  at(t: number, run: () => void, label?: string): unknown;
  settle(): void;
}

/** Wall time: milliseconds, timers and dates. The system's, or a fake one in tests. */
export interface WallClock {
  /** Monotonic milliseconds. */
  now(): number;
  /** Milliseconds since the Unix epoch (for certificate validity and the default virtual epoch). */
  epochMillis(): number;
  /** Calls `run` after `ms` of wall time; returns a function that cancels it. */
  setTimer(ms: number, run: () => void): () => void;
}

/** The machine's clock. */
export const systemWallClock: WallClock = Object.freeze({
  now: () => performance.now(),
  epochMillis: () => Date.now(),
  setTimer(ms: number, run: () => void): () => void {
    const t = setTimeout(run, ms);
    t.unref?.();
    return () => clearTimeout(t);
  },
});

export interface PacerOptions {
  /** Virtual milliseconds per wall millisecond (default 1); 0 starts paused. */
  readonly speed?: number;
  readonly wallClock?: WallClock;
  /** Longest wall-time sleep between two catch-ups (default 1000 ms). */
  readonly maxSleep?: number;
}

/** Thrown for a speed that is not a finite number ≥ 0. */
export class SpeedError extends Error {
  readonly code = "SpeedError" as const;
  constructor(speed: unknown) {
    super(`invalid speed ${String(speed)}: must be a number >= 0`);
    this.name = "SpeedError";
  }
}

export class RealTimePacer {
  readonly wall: WallClock;
  private readonly maxSleep: number;
  private currentSpeed: number;
  /** Wall and virtual time at the last (re)anchoring: virtual = v0 + speed × (wall − w0). */
  private w0 = 0;
  private v0 = 0;
  private cancelTimer: (() => void) | undefined;
  private started = false;
  private inRun = false;

  constructor(
    private readonly loop: PacedLoop,
    options: PacerOptions = {},
  ) {
    this.wall = options.wallClock ?? systemWallClock;
    this.maxSleep = options.maxSleep ?? 1000;
    this.currentSpeed = checkSpeed(options.speed ?? 1);
  }

  get speed(): number {
    return this.currentSpeed;
  }

  get paused(): boolean {
    return this.currentSpeed === 0;
  }

  /** Starts pacing: virtual time runs from now at `speed`. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.anchor();
    this.arm();
  }

  /** Stops pacing; virtual time stands until `start`. */
  stop(): void {
    if (!this.started) return;
    this.catchUp();
    this.started = false;
    this.disarm();
  }

  /** Changes the speed from this instant on (0 pauses). */
  setSpeed(speed: number): void {
    const s = checkSpeed(speed);
    this.catchUp();
    this.currentSpeed = s;
    this.anchor();
    this.arm();
  }

  /** The virtual time that wall time says it should be now. */
  target(): number {
    if (!this.started || this.currentSpeed === 0) return Math.max(this.v0, this.loop.now());
    return this.v0 + Math.floor(this.currentSpeed * (this.wall.now() - this.w0));
  }

  /** Runs every loop task due up to the wall clock's virtual time. */
  catchUp(): void {
    if (this.inRun) return;
    // advance(0) still runs what is due at the current instant.
    const t = this.target();
    const now = this.loop.now();
    if (t >= now) this.loop.advance(t - now);
  }

  /**
   * Lets `ms` of virtual time pass at once (on top of the pacing), running
   * everything due in it; the pacing goes on from the new time.
   */
  advance(ms: number): void {
    this.catchUp();
    this.loop.advance(Math.max(0, ms));
    this.anchor();
    this.arm();
  }

  /**
   * Runs `fn` as a loop task at the current virtual instant, after the
   * tasks already due, and everything that it schedules for that instant
   * (watch deliveries included). Returns its result or throws its error.
   */
  run<T>(fn: () => T): T {
    if (this.inRun) return fn();
    this.catchUp();
    let result: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
    this.loop.at(
      this.loop.now(),
      () => {
        try {
          result = { ok: true, value: fn() };
        } catch (error) {
          result = { ok: false, error };
        }
      },
      "http request",
    );
    this.inRun = true;
    try {
      this.loop.settle();
    } finally {
      this.inRun = false;
    }
    this.arm();
    if (result === undefined) throw new Error("pacer: the request task did not run");
    if (!result.ok) throw result.error;
    return result.value;
  }

  private anchor(): void {
    this.w0 = this.wall.now();
    this.v0 = this.loop.now();
  }

  private disarm(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
  }

  /** Sleeps until the next task is due in wall time (at most maxSleep), then catches up. */
  private arm(): void {
    this.disarm();
    if (!this.started || this.currentSpeed === 0) return;
    const next = this.loop.nextTime();
    let delay = this.maxSleep;
    if (next !== undefined) {
      const dueWall = this.w0 + (next - this.v0) / this.currentSpeed;
      delay = Math.min(this.maxSleep, Math.max(0, Math.ceil(dueWall - this.wall.now())));
    }
    this.cancelTimer = this.wall.setTimer(delay, () => {
      this.cancelTimer = undefined;
      this.catchUp();
      this.arm();
    });
  }
}

function checkSpeed(speed: number): number {
  if (typeof speed !== "number" || !Number.isFinite(speed) || speed < 0)
    throw new SpeedError(speed);
  return speed;
}
