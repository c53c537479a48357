/**
 * An ApiClient for kubelet tests whose link to the API server can be cut:
 * while partitioned every request fails with a timeout and watch events are
 * held; when the link heals the held events arrive, in order, in a task of
 * their own (the cluster's ApiConnection does the same, and more).
 */
import { ApiError, type ApiClient } from "@kubesim/api";
import type { Loop } from "@kubesim/sim";

export class PartitionableClient {
  partitioned = false;
  /** Watch events wait here from the partition until the task after the heal delivers them. */
  private holding = false;
  private held: (() => void)[] = [];
  readonly client: ApiClient;

  constructor(
    private readonly server: ApiClient,
    private readonly loop: Loop,
  ) {
    this.client = new Proxy(server, {
      get: (target, prop, receiver) => {
        const value: unknown = Reflect.get(target, prop, receiver);
        if (typeof value !== "function") return value;
        if (prop === "watch") return this.watch.bind(this);
        return (...args: unknown[]) => {
          if (this.partitioned)
            throw new ApiError("Timeout", `${String(prop)}: dial tcp 172.18.0.1:6443: i/o timeout`);
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  }

  partition(): void {
    this.partitioned = true;
    this.holding = true;
  }

  heal(): void {
    this.partitioned = false;
    this.loop.at(this.loop.now(), () => {
      if (this.partitioned) return;
      this.holding = false;
      const held = this.held;
      this.held = [];
      for (const deliver of held) deliver();
    });
  }

  private watch(...args: Parameters<ApiClient["watch"]>): ReturnType<ApiClient["watch"]> {
    const [kind, options, handler] = args;
    return this.server.watch(kind, options, (event) => {
      if (this.holding) this.held.push(() => handler(event));
      else handler(event);
    });
  }
}
