/**
 * The server end of a SPDY/3.1 connection, as kubelet runs it after the
 * upgrade: the client opens every stream (SYN_STREAM with its headers), the
 * server accepts each with an empty SYN_REPLY, then both sides write DATA
 * and close their half with FIN; the server answers the client's PINGs and
 * ends with GOAWAY. Mirrors moby/spdystream connection.go and stream.go as
 * k8s.io/apimachinery/pkg/util/httpstream/spdy/connection.go drives them
 * (NewServerConnectionWithPings, newSpdyStreamHandler). Like spdystream it
 * keeps no flow-control windows: WINDOW_UPDATE and SETTINGS are read and
 * ignored.
 *
 * It runs over any byte channel: an upgraded socket, or the binary messages
 * of a WebSocket (the port-forward tunnel of kubectl 1.31+).
 */
import {
  decodeHeaderBlock,
  encodeHeaderBlock,
  HeaderCompressor,
  HeaderDecompressor,
} from "./header-block.js";
import {
  dataFrames,
  FLAG_FIN,
  FLAG_UNIDIRECTIONAL,
  FrameReader,
  FrameType,
  GoAwayStatus,
  goAwayFrame,
  pingFrame,
  rstStreamFrame,
  RstStatus,
  synReplyFrame,
  type RawFrame,
} from "./frames.js";

/**
 * The SYN_REPLY headers. spdystream replies with none; SPDY/3 (§3.2.2)
 * asks a reply for `:status` and `:version`, which Go's framer reads and
 * ignores and stricter SPDY clients (spdy-transport) require.
 */
const REPLY_HEADERS = { ":status": "200", ":version": "HTTP/1.1" };

/** How long a closing connection waits for the client to hang up. */
const CLOSE_TIMEOUT_MS = 10_000;

/** Where the connection's bytes go. */
export interface ByteChannel {
  write(bytes: Buffer): void;
  /** Sends what is queued, then closes. */
  end(): void;
}

/** One stream the client opened. */
export class SpdyStream {
  /** Called with each DATA payload the client sends. */
  onData: ((bytes: Buffer) => void) | undefined;
  /** Called once when the client closes its half (FIN), resets the stream or the connection ends. */
  onEnd: (() => void) | undefined;
  private localClosed: boolean;
  private remoteClosed = false;

  constructor(
    private readonly conn: SpdyServerConnection,
    readonly id: number,
    readonly headers: ReadonlyMap<string, readonly string[]>,
    writable: boolean,
  ) {
    this.localClosed = !writable;
  }

  /** The first value of a header (names are lower-case), as http.Header.Get. */
  header(name: string): string {
    return this.headers.get(name.toLowerCase())?.[0] ?? "";
  }

  get closedByClient(): boolean {
    return this.remoteClosed;
  }

  /** Writes DATA (ignored once this side is closed). */
  write(bytes: Buffer | string): void {
    if (this.localClosed) return;
    const b = typeof bytes === "string" ? Buffer.from(bytes, "utf8") : bytes;
    if (b.length === 0) return;
    this.conn.send(dataFrames(this.id, b, false));
  }

  /** Closes this side: an empty DATA frame with FIN, as spdystream's Stream.Close. */
  close(): void {
    if (this.localClosed) return;
    this.localClosed = true;
    this.conn.send(dataFrames(this.id, Buffer.alloc(0), true));
    this.conn.settle(this);
  }

  /** Abandons the stream both ways: RST_STREAM CANCEL, as spdystream's Stream.Reset. */
  reset(): void {
    const wasOpen = !this.localClosed || !this.remoteClosed;
    this.localClosed = true;
    if (wasOpen) this.conn.send([rstStreamFrame(this.id, RstStatus.CANCEL)]);
    this.remoteEnded();
    this.conn.settle(this);
  }

  /** @internal The client closed its half, or the stream or connection went away. */
  remoteEnded(): void {
    if (this.remoteClosed) return;
    this.remoteClosed = true;
    this.onEnd?.();
  }

  /** @internal */
  received(bytes: Buffer): void {
    if (this.remoteClosed || bytes.length === 0) return;
    this.onData?.(bytes);
  }

  /** @internal */
  get done(): boolean {
    return this.localClosed && this.remoteClosed;
  }

  /** @internal The connection is gone: nothing more can be written. */
  abandon(): void {
    this.localClosed = true;
    this.remoteEnded();
  }
}

export class SpdyServerConnection {
  private readonly reader = new FrameReader();
  private readonly compressor = new HeaderCompressor();
  private readonly decompressor = new HeaderDecompressor();
  private readonly streams = new Map<number, SpdyStream>();
  private lastReceivedId = 0;
  private queue: Promise<void> = Promise.resolve();
  private closed = false;
  private goingAway = false;
  private readonly closeListeners: (() => void)[] = [];

  /**
   * `onStream` receives each stream once it is accepted; `reject` may refuse
   * one first (the reason is only logged by kubelet): it is then reset, with
   * no reply (httpstream/spdy connection.go newSpdyStream).
   */
  constructor(
    private readonly channel: ByteChannel,
    private readonly onStream: (stream: SpdyStream) => void,
    private readonly reject: (stream: SpdyStream) => string | undefined = () => undefined,
    private readonly setTimer?: (ms: number, fn: () => void) => () => void,
  ) {}

  get isClosed(): boolean {
    return this.closed;
  }

  /** Bytes from the client. */
  receive(chunk: Buffer): void {
    if (this.closed) return;
    let frames: RawFrame[];
    try {
      frames = this.reader.push(chunk);
    } catch {
      this.fail();
      return;
    }
    for (const f of frames)
      this.queue = this.queue.then(() => this.handle(f)).catch(() => this.fail());
  }

  /** Calls `fn` once the connection has closed. */
  onClose(fn: () => void): void {
    if (this.closed) fn();
    else this.closeListeners.push(fn);
  }

  /**
   * Ends the connection: GOAWAY(OK) naming the last stream it accepted
   * (spdystream Connection.Close), then, as its shutdown does, waits for the
   * streams to finish or the client to hang up (kubectl closes its end once
   * it has read the error stream) before the channel closes; after
   * `closeTimeoutMs` it closes anyway.
   */
  close(): void {
    if (this.closed || this.goingAway) return;
    this.goingAway = true;
    const lastGood = this.lastReceivedId > 2 ? this.lastReceivedId - 2 : 0;
    this.channel.write(goAwayFrame(lastGood, GoAwayStatus.OK));
    const cancel = this.setTimer?.(CLOSE_TIMEOUT_MS, () => this.endNow());
    if (cancel !== undefined) this.closeListeners.push(cancel);
    if (this.streams.size === 0) this.endNow();
  }

  private endNow(): void {
    if (this.closed) return;
    this.channel.end();
    this.ended();
  }

  /** The channel went away under us (the socket closed). */
  transportClosed(): void {
    this.ended();
  }

  /** @internal */
  send(frames: readonly Buffer[]): void {
    if (this.closed) return;
    for (const f of frames) this.channel.write(f);
  }

  /** @internal A stream closed both ways is forgotten. */
  settle(stream: SpdyStream): void {
    if (stream.done) this.streams.delete(stream.id);
    if (this.goingAway && this.streams.size === 0) this.endNow();
  }

  private ended(): void {
    if (this.closed) return;
    this.closed = true;
    this.decompressor.close();
    for (const s of [...this.streams.values()]) s.abandon();
    this.streams.clear();
    for (const fn of this.closeListeners.splice(0)) fn();
  }

  private fail(): void {
    if (this.closed) return;
    this.channel.write(goAwayFrame(this.lastReceivedId, GoAwayStatus.PROTOCOL_ERROR));
    this.channel.end();
    this.ended();
  }

  private async handle(f: RawFrame): Promise<void> {
    if (this.closed) return;
    if (!f.control) {
      const s = this.streams.get(f.streamId);
      if (s === undefined) return;
      s.received(f.data);
      if ((f.flags & FLAG_FIN) !== 0) {
        s.remoteEnded();
        this.settle(s);
      }
      return;
    }
    switch (f.type) {
      case FrameType.SYN_STREAM:
        return this.synStream(f.flags, f.data);
      case FrameType.RST_STREAM: {
        if (f.data.length < 8) return this.fail();
        const s = this.streams.get(f.data.readUInt32BE(0) & 0x7fffffff);
        if (s !== undefined) s.abandon();
        if (s !== undefined) this.streams.delete(s.id);
        return;
      }
      case FrameType.PING: {
        if (f.data.length < 4) return this.fail();
        const id = f.data.readUInt32BE(0);
        // Odd ids are the client's: echo them back.
        if ((id & 1) === 1) this.send([pingFrame(id)]);
        return;
      }
      case FrameType.GOAWAY:
        this.channel.end();
        this.ended();
        return;
      case FrameType.HEADERS:
        // Read to keep the zlib stream in step; kubelet has no use for them.
        if (f.data.length >= 4) await this.decompressor.decompress(f.data.subarray(4));
        return;
      default:
        // SETTINGS, WINDOW_UPDATE, NOOP: spdystream ignores them too.
        return;
    }
  }

  private async synStream(flags: number, body: Buffer): Promise<void> {
    if (body.length < 10) return this.fail();
    const id = body.readUInt32BE(0) & 0x7fffffff;
    const headers = decodeHeaderBlock(await this.decompressor.decompress(body.subarray(10)));
    if (this.closed) return;
    // spdystream validateStreamId: client streams are odd and increase.
    if (id === 0 || (id & 1) === 0 || id <= this.lastReceivedId) {
      this.send([rstStreamFrame(id, RstStatus.PROTOCOL_ERROR)]);
      return;
    }
    this.lastReceivedId = id;
    const stream = new SpdyStream(this, id, headers, (flags & FLAG_UNIDIRECTIONAL) === 0);
    if (this.reject(stream) !== undefined) {
      this.send([rstStreamFrame(id, RstStatus.CANCEL)]);
      return;
    }
    this.streams.set(id, stream);
    // The reply goes out before anything the handler writes on the stream.
    this.send([synReplyFrame(id, this.compressor.compress(encodeHeaderBlock(REPLY_HEADERS)))]);
    if ((flags & FLAG_FIN) !== 0) stream.remoteEnded();
    this.onStream(stream);
  }
}
