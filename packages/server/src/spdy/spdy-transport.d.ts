/**
 * Types for the parts of spdy-transport (a CommonJS package without its own
 * types) that kubesim uses: the SPDY/3 header dictionary, and the client
 * Connection the tests speak SPDY with.
 */
declare module "spdy-transport/lib/spdy-transport/protocol/spdy/dictionary.js" {
  const dictionary: { readonly 2: Buffer; readonly 3: Buffer };
  export default dictionary;
}

declare module "spdy-transport" {
  import type { Duplex } from "node:stream";
  import type { EventEmitter } from "node:events";

  export interface SpdyTransportStream extends Duplex {
    readonly id: number;
    readonly headers: Record<string, string>;
    on(
      event: "response",
      listener: (status: number, headers: Record<string, string>) => void,
    ): this;
    on(event: string | symbol, listener: (...args: never[]) => void): this;
    abort(callback?: () => void): void;
  }

  export interface SpdyTransportConnection extends EventEmitter {
    start(version: number): void;
    request(
      uri: {
        method: string;
        path: string;
        host?: string;
        headers: Record<string, string>;
        readable?: boolean;
        writable?: boolean;
      },
      callback?: (err: Error | null, stream: SpdyTransportStream) => void,
    ): SpdyTransportStream;
    ping(callback: (err: Error | null) => void): void;
    end(callback?: () => void): void;
  }

  const transport: {
    connection: {
      create(
        socket: Duplex,
        options: { protocol: "spdy" | "http2"; isServer: boolean; headerCompression?: boolean },
      ): SpdyTransportConnection;
    };
  };
  export default transport;
}
