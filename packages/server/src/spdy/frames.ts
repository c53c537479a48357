/**
 * SPDY/3.1 framing: splitting the byte stream into frames, and writing the
 * frames a server sends. Mirrors moby/spdystream spdy/types.go, read.go and
 * write.go (the framer kubelet and kubectl use through
 * k8s.io/apimachinery/pkg/util/httpstream/spdy).
 *
 *   control frame: 1 | version(15) | type(16) | flags(8) | length(24) | data
 *   data frame:    0 | stream id(31)          | flags(8) | length(24) | data
 */

export const SPDY_VERSION = 3;

export const FrameType = {
  SYN_STREAM: 1,
  SYN_REPLY: 2,
  RST_STREAM: 3,
  SETTINGS: 4,
  PING: 6,
  GOAWAY: 7,
  HEADERS: 8,
  WINDOW_UPDATE: 9,
} as const;

export const FLAG_FIN = 0x01;
export const FLAG_UNIDIRECTIONAL = 0x02;

/** RST_STREAM status codes (spdystream spdy.RstStreamStatus). */
export const RstStatus = {
  PROTOCOL_ERROR: 1,
  INVALID_STREAM: 2,
  REFUSED_STREAM: 3,
  UNSUPPORTED_VERSION: 4,
  CANCEL: 5,
  INTERNAL_ERROR: 6,
  FLOW_CONTROL_ERROR: 7,
  STREAM_IN_USE: 8,
  STREAM_ALREADY_CLOSED: 9,
} as const;

/** GOAWAY status codes (spdystream spdy.GoAwayStatus). */
export const GoAwayStatus = { OK: 0, PROTOCOL_ERROR: 1, INTERNAL_ERROR: 2 } as const;

export type RawFrame =
  | {
      readonly control: true;
      readonly version: number;
      readonly type: number;
      readonly flags: number;
      readonly data: Buffer;
    }
  | {
      readonly control: false;
      readonly streamId: number;
      readonly flags: number;
      readonly data: Buffer;
    };

/** Largest frame accepted (the 24-bit length's limit). */
const MAX_LENGTH = 0xffffff;

/** Cuts a byte stream into frames. */
export class FrameReader {
  private pending: Buffer[] = [];
  private size = 0;

  /** Adds bytes; returns the frames now complete. */
  push(chunk: Buffer): RawFrame[] {
    this.pending.push(chunk);
    this.size += chunk.length;
    const frames: RawFrame[] = [];
    while (this.size >= 8) {
      const head = this.peek(8);
      const length = head.readUIntBE(5, 3);
      if (length > MAX_LENGTH) break;
      if (this.size < 8 + length) break;
      const all = this.take(8 + length);
      const data = all.subarray(8);
      const flags = all[4]!;
      if ((all[0]! & 0x80) !== 0) {
        frames.push({
          control: true,
          version: all.readUInt16BE(0) & 0x7fff,
          type: all.readUInt16BE(2),
          flags,
          data,
        });
      } else {
        frames.push({ control: false, streamId: all.readUInt32BE(0) & 0x7fffffff, flags, data });
      }
    }
    return frames;
  }

  private peek(n: number): Buffer {
    if (this.pending[0]!.length < n) this.pending = [Buffer.concat(this.pending)];
    return this.pending[0]!.subarray(0, n);
  }

  private take(n: number): Buffer {
    const all = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending);
    const out = all.subarray(0, n);
    const rest = all.subarray(n);
    this.pending = rest.length === 0 ? [] : [rest];
    this.size -= n;
    return out;
  }
}

function controlFrame(type: number, flags: number, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt16BE(0x8000 | SPDY_VERSION, 0);
  head.writeUInt16BE(type, 2);
  head.writeUInt32BE(body.length, 4);
  head[4] = flags;
  return Buffer.concat([head, body]);
}

function u32s(...values: number[]): Buffer {
  const b = Buffer.alloc(4 * values.length);
  values.forEach((v, i) => b.writeUInt32BE(v >>> 0, 4 * i));
  return b;
}

/** SYN_REPLY: stream id, then the (compressed) header block. */
export function synReplyFrame(streamId: number, compressedHeaders: Buffer, fin = false): Buffer {
  return controlFrame(
    FrameType.SYN_REPLY,
    fin ? FLAG_FIN : 0,
    Buffer.concat([u32s(streamId & 0x7fffffff), compressedHeaders]),
  );
}

/** SYN_STREAM (for the client side of tests): id, associated id, priority, slot, headers. */
export function synStreamFrame(
  streamId: number,
  compressedHeaders: Buffer,
  flags = 0,
  priority = 0,
): Buffer {
  const head = Buffer.alloc(10);
  head.writeUInt32BE(streamId & 0x7fffffff, 0);
  head.writeUInt32BE(0, 4);
  head[8] = (priority & 0x7) << 5;
  head[9] = 0;
  return controlFrame(FrameType.SYN_STREAM, flags, Buffer.concat([head, compressedHeaders]));
}

export function rstStreamFrame(streamId: number, status: number): Buffer {
  return controlFrame(FrameType.RST_STREAM, 0, u32s(streamId & 0x7fffffff, status));
}

export function pingFrame(id: number): Buffer {
  return controlFrame(FrameType.PING, 0, u32s(id));
}

export function goAwayFrame(lastGoodStreamId: number, status: number): Buffer {
  return controlFrame(FrameType.GOAWAY, 0, u32s(lastGoodStreamId & 0x7fffffff, status));
}

/** DATA frames for `data` (split at the 24-bit limit); FIN on the last with `fin`. */
export function dataFrames(streamId: number, data: Buffer, fin: boolean): Buffer[] {
  const out: Buffer[] = [];
  let off = 0;
  do {
    const piece = data.subarray(off, Math.min(data.length, off + MAX_LENGTH));
    off += MAX_LENGTH;
    const last = off >= data.length;
    const head = Buffer.alloc(8);
    head.writeUInt32BE(streamId & 0x7fffffff, 0);
    head.writeUInt32BE(piece.length, 4);
    head[4] = last && fin ? FLAG_FIN : 0;
    out.push(head, piece);
  } while (off < data.length);
  return out;
}
