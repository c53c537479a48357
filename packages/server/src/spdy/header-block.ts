/**
 * SPDY/3 header blocks: the name/value block of SYN_STREAM, SYN_REPLY and
 * HEADERS frames (32-bit counts and lengths, lower-case names, several
 * values of one name joined by NUL), and its zlib compression with the
 * SPDY/3 dictionary as one stream per direction of a connection. Mirrors
 * moby/spdystream spdy/read.go parseHeaderValueBlock and write.go
 * writeHeaderValueBlock, which kubelet and kubectl share.
 *
 * Outgoing blocks go into the zlib stream as stored (uncompressed) deflate
 * blocks, each followed by the empty stored block a zlib sync flush writes:
 * a valid zlib stream any inflater reads, written synchronously, so a reply
 * can never overtake the frames queued before it. Incoming blocks
 * are inflated by node's zlib, which is asynchronous; the connection
 * handles frames one after another, so the order is kept.
 */
import { constants, createInflate, type Inflate } from "node:zlib";
import dictionaries from "spdy-transport/lib/spdy-transport/protocol/spdy/dictionary.js";

/** The SPDY/3 header dictionary (draft-mbelshe-httpbis-spdy-00 §2.6.10.1). */
export const SPDY3_DICTIONARY: Buffer = dictionaries[3];

/** Header name -> values, names lower-case, as http.Header holds them. */
export type HeaderValues = ReadonlyMap<string, readonly string[]>;

/** Thrown for a header block that cannot be read. */
export class HeaderBlockError extends Error {
  readonly code = "HeaderBlockError" as const;
  constructor(message: string) {
    super(message);
    this.name = "HeaderBlockError";
  }
}

/** The uncompressed block: count, then length-prefixed names and NUL-joined values. */
export function encodeHeaderBlock(
  headers: Readonly<Record<string, string | readonly string[]>>,
): Buffer {
  const parts: Buffer[] = [];
  const names = Object.keys(headers);
  const count = Buffer.alloc(4);
  count.writeUInt32BE(names.length);
  parts.push(count);
  for (const name of names) {
    const v = headers[name]!;
    const value = typeof v === "string" ? v : v.join("\0");
    for (const text of [name.toLowerCase(), value]) {
      const b = Buffer.from(text, "utf8");
      const len = Buffer.alloc(4);
      len.writeUInt32BE(b.length);
      parts.push(len, b);
    }
  }
  return Buffer.concat(parts);
}

/** Reads an uncompressed block. */
export function decodeHeaderBlock(block: Buffer): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let off = 0;
  const u32 = (): number => {
    if (off + 4 > block.length) throw new HeaderBlockError("header block truncated");
    const v = block.readUInt32BE(off);
    off += 4;
    return v;
  };
  const text = (): string => {
    const len = u32();
    if (off + len > block.length) throw new HeaderBlockError("header block truncated");
    const s = block.toString("utf8", off, off + len);
    off += len;
    return s;
  };
  const count = u32();
  for (let i = 0; i < count; i++) {
    const name = text().toLowerCase();
    const values = text().split("\0");
    out.set(name, [...(out.get(name) ?? []), ...values]);
  }
  return out;
}

/** adler32, for the zlib header's dictionary id. */
function adler32(b: Buffer): number {
  let a = 1;
  let s = 0;
  for (const byte of b) {
    a = (a + byte) % 65521;
    s = (s + a) % 65521;
  }
  return ((s << 16) | a) >>> 0;
}

const SYNC_FLUSH_MARKER = Buffer.from([0x00, 0x00, 0x00, 0xff, 0xff]);

/** The compressing side: one zlib stream for every block this end sends. */
export class HeaderCompressor {
  private started = false;

  /** The next piece of the zlib stream, carrying `block` whole. */
  compress(block: Buffer): Buffer {
    const parts: Buffer[] = [];
    if (!this.started) {
      this.started = true;
      // CMF 0x78 (deflate, 32K window), FLG with FDICT; then the dictionary's adler32.
      const head = Buffer.alloc(6);
      head[0] = 0x78;
      let flg = 0x20;
      flg += 31 - ((0x78 * 256 + flg) % 31);
      head[1] = flg;
      head.writeUInt32BE(adler32(SPDY3_DICTIONARY), 2);
      parts.push(head);
    }
    let off = 0;
    do {
      const piece = block.subarray(off, Math.min(block.length, off + 0xffff));
      const h = Buffer.alloc(5);
      h[0] = 0x00; // BFINAL 0, BTYPE 00: a stored block
      h.writeUInt16LE(piece.length, 1);
      h.writeUInt16LE(~piece.length & 0xffff, 3);
      parts.push(h, piece);
      off += 0xffff;
    } while (off < block.length);
    // The sync-flush marker, an empty stored block: Go's inflater hands out
    // a stored block's bytes only at the next block boundary, so without it
    // the block would be read only with the next frame's bytes.
    parts.push(SYNC_FLUSH_MARKER);
    return Buffer.concat(parts);
  }
}

/** The inflating side: one zlib stream for every block the peer sends. */
export class HeaderDecompressor {
  private readonly inflate: Inflate;
  private output: Buffer[] = [];
  private failed: Error | undefined;

  constructor() {
    this.inflate = createInflate({
      dictionary: SPDY3_DICTIONARY,
      finishFlush: constants.Z_SYNC_FLUSH,
    });
    this.inflate.on("data", (d: Buffer) => this.output.push(d));
    this.inflate.on("error", (e: Error) => (this.failed = e));
  }

  /** The block carried by the next piece of the stream. */
  decompress(piece: Buffer): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      if (this.failed !== undefined) {
        reject(this.failed);
        return;
      }
      this.inflate.write(piece);
      this.inflate.flush(constants.Z_SYNC_FLUSH, () => {
        if (this.failed !== undefined) {
          reject(this.failed);
          return;
        }
        const out = Buffer.concat(this.output);
        this.output = [];
        resolve(out);
      });
    });
  }

  close(): void {
    this.inflate.destroy();
  }
}
