/**
 * Reading the protobuf wire format with the errors of the gogo-generated
 * Unmarshal methods of k8s.io/api and k8s.io/apimachinery
 * (generated.pb.go: the varint loops, ErrIntOverflowGenerated,
 * ErrInvalidLengthGenerated, io.ErrUnexpectedEOF, skipGenerated). Those
 * texts are what kube-apiserver puts in its 400 Status when a body does
 * not decode.
 */

/** A body that does not decode; the message is gogo's. */
export class ProtobufError extends Error {}

export const ERR_INT_OVERFLOW = "proto: integer overflow";
export const ERR_INVALID_LENGTH = "proto: negative length found during unmarshaling";
export const ERR_UNEXPECTED_EOF = "unexpected EOF";
export const ERR_UNEXPECTED_END_OF_GROUP = "proto: unexpected end of group";

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_BYTES = 2;
export const WIRE_START_GROUP = 3;
export const WIRE_END_GROUP = 4;
export const WIRE_FIXED32 = 5;

const TWO_63 = 1n << 63n;

/** A cursor over buf[pos, end). */
export class WireReader {
  pos: number;

  constructor(
    readonly buf: Uint8Array,
    pos = 0,
    readonly end = buf.length,
  ) {
    this.pos = pos;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  /** A varint as an unsigned 64-bit value; bits past 64 are dropped, as in Go. */
  varint(): bigint {
    let small = 0;
    let big: bigint | undefined;
    for (let shift = 0; ; shift += 7) {
      if (shift >= 64) throw new ProtobufError(ERR_INT_OVERFLOW);
      if (this.pos >= this.end) throw new ProtobufError(ERR_UNEXPECTED_EOF);
      const b = this.buf[this.pos++]!;
      if (big === undefined && shift <= 42) small += (b & 0x7f) * 2 ** shift;
      else {
        big ??= BigInt(small);
        big |= BigInt(b & 0x7f) << BigInt(shift);
      }
      if (b < 0x80) break;
    }
    return big === undefined ? BigInt(small) : BigInt.asUintN(64, big);
  }

  /** A length prefix, checked as gogo checks it (a Go int, so it may be negative). */
  length(): number {
    const v = this.varint();
    if (v >= TWO_63) throw new ProtobufError(ERR_INVALID_LENGTH);
    if (v > BigInt(this.end - this.pos)) throw new ProtobufError(ERR_UNEXPECTED_EOF);
    return Number(v);
  }

  /** A length-delimited field's bytes. */
  bytes(): Uint8Array {
    const n = this.length();
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** A reader over the next length-delimited field, which this reader then skips. */
  sub(): WireReader {
    const n = this.length();
    const r = new WireReader(this.buf, this.pos, this.pos + n);
    this.pos += n;
    return r;
  }

  /**
   * Skips an unknown field whose tag starts at `tagStart`, as skipGenerated
   * does (groups included).
   */
  skipFrom(tagStart: number): void {
    this.pos = tagStart;
    let depth = 0;
    while (this.pos < this.end) {
      const wireType = Number(this.varint() & 7n);
      switch (wireType) {
        case WIRE_VARINT:
          for (let shift = 0; ; shift += 7) {
            if (shift >= 64) throw new ProtobufError(ERR_INT_OVERFLOW);
            if (this.pos >= this.end) throw new ProtobufError(ERR_UNEXPECTED_EOF);
            if (this.buf[this.pos++]! < 0x80) break;
          }
          break;
        case WIRE_FIXED64:
          this.pos += 8;
          break;
        case WIRE_BYTES: {
          const v = this.varint();
          if (v >= TWO_63) throw new ProtobufError(ERR_INVALID_LENGTH);
          this.pos += v > BigInt(this.end) ? this.end + 1 : Number(v);
          break;
        }
        case WIRE_START_GROUP:
          depth++;
          break;
        case WIRE_END_GROUP:
          if (depth === 0) throw new ProtobufError(ERR_UNEXPECTED_END_OF_GROUP);
          depth--;
          break;
        case WIRE_FIXED32:
          this.pos += 4;
          break;
        default:
          throw new ProtobufError(`proto: illegal wireType ${wireType}`);
      }
      if (depth === 0) {
        if (this.pos > this.end) throw new ProtobufError(ERR_UNEXPECTED_EOF);
        return;
      }
    }
    throw new ProtobufError(ERR_UNEXPECTED_EOF);
  }
}

/** A Go int32 from a varint (the low 32 bits, signed). */
export function toInt32(v: bigint): number {
  return Number(BigInt.asIntN(32, v));
}

/** A Go int64 from a varint, as a JSON number. */
export function toInt64(v: bigint): number {
  return Number(BigInt.asIntN(64, v));
}
