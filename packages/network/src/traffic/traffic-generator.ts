/**
 * A traffic generator: one client sending the same request at a constant
 * rate over virtual time (request k goes out at start + floor(k * 1000 /
 * rate) ms, so a rate of 3/s sends at 0, 333, 666, 1000 ...), through any
 * HttpClient, recording each result. A request's outcome is decided when it
 * is sent (the client answers at once with the latency it would take); its
 * answer would arrive `latency` later. Like `hey -q` or `fortio load -qps`
 * against a service, on the sim clock.
 */
import type { Loop, Millis, TaskHandle } from "@kubesim/sim";
import type { HttpClient, RequestOrigin } from "../dataplane/types.js";
import { parseRequestUrl } from "../dataplane/url.js";
import { renderTrafficSummary } from "./render.js";
import { isSuccessStatus, summarize, type TrafficResult, type TrafficSummary } from "./summary.js";

export interface TrafficGeneratorOptions {
  readonly loop: Loop;
  /** Who carries the requests: the data plane's client, or a fake. */
  readonly client: HttpClient;
  /** Requests per second of virtual time (> 0). */
  readonly rate: number;
  readonly url: string;
  readonly from: RequestOrigin;
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Per-request timeout (curl --max-time). */
  readonly timeout?: Millis;
  /** A name for the rendering and the loop's task labels; default the URL. */
  readonly name?: string;
}

/** A window of send times, both ends included. */
export interface TrafficWindow {
  readonly from?: Millis;
  readonly to?: Millis;
}

export class TrafficGenerator {
  readonly name: string;
  private readonly options: TrafficGeneratorOptions;
  private readonly recorded: TrafficResult[] = [];
  private task: TaskHandle | undefined;
  private origin: Millis = 0;
  private sentSinceStart = 0;

  constructor(options: TrafficGeneratorOptions) {
    if (!Number.isFinite(options.rate) || options.rate <= 0) {
      throw new RangeError(
        `traffic rate must be a positive number of requests per second, got ${options.rate}`,
      );
    }
    parseRequestUrl(options.url); // a URL the client would refuse is refused here, once
    this.options = options;
    this.name = options.name ?? options.url;
  }

  get running(): boolean {
    return this.task !== undefined;
  }

  /** Every result so far, in the order sent. */
  get results(): readonly TrafficResult[] {
    return this.recorded;
  }

  /** Starts sending now (the first request goes out at the current instant). */
  start(): void {
    if (this.task !== undefined) return;
    this.origin = this.options.loop.now();
    this.sentSinceStart = 0;
    this.schedule();
  }

  /** Stops sending; results are kept. */
  stop(): void {
    if (this.task === undefined) return;
    this.options.loop.cancel(this.task);
    this.task = undefined;
  }

  /** Forgets the results recorded so far. */
  clear(): void {
    this.recorded.length = 0;
  }

  summary(window: TrafficWindow = {}): TrafficSummary {
    return summarize(this.inWindow(window));
  }

  /** The summary as text, headed by what was sent. */
  render(window: TrafficWindow = {}): string {
    const o = this.options;
    return renderTrafficSummary(
      this.summary(window),
      `${o.method ?? "GET"} ${o.url} at ${o.rate}/s from ${describeOrigin(o.from)}`,
    );
  }

  private inWindow(w: TrafficWindow): readonly TrafficResult[] {
    if (w.from === undefined && w.to === undefined) return this.recorded;
    return this.recorded.filter(
      (r) => (w.from === undefined || r.time >= w.from) && (w.to === undefined || r.time <= w.to),
    );
  }

  private schedule(): void {
    const at = this.origin + Math.floor((this.sentSinceStart * 1000) / this.options.rate);
    this.task = this.options.loop.at(at, () => this.tick(), `traffic.${this.name}`);
  }

  private tick(): void {
    this.send();
    this.sentSinceStart++;
    this.schedule();
  }

  private send(): void {
    const o = this.options;
    const result = o.client({
      url: o.url,
      from: o.from,
      ...(o.method === undefined ? {} : { method: o.method }),
      ...(o.headers === undefined ? {} : { headers: o.headers }),
      ...(o.timeout === undefined ? {} : { timeout: o.timeout }),
    });
    const base = { seq: this.recorded.length, time: o.loop.now(), latency: result.latency };
    if (result.kind === "response") {
      this.recorded.push({
        ...base,
        outcome: String(result.status),
        status: result.status,
        ok: isSuccessStatus(result.status),
        ...(result.servedBy === undefined ? {} : { servedBy: result.servedBy }),
      });
    } else {
      this.recorded.push({ ...base, outcome: result.error, error: result.error, ok: false });
    }
  }
}

function describeOrigin(from: RequestOrigin): string {
  return from.kind === "pod"
    ? `pod ${from.podIP} on ${from.node}`
    : `outside (${from.clientIP ?? "a client"})`;
}
