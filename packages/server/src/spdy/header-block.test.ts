/**
 * SPDY/3 header blocks: the uncompressed layout, and both directions of the
 * zlib stream checked against node's own zlib (as a Go or spdy-transport
 * peer would inflate and deflate them, with the SPDY/3 dictionary).
 */
import { constants, createDeflate, inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  decodeHeaderBlock,
  encodeHeaderBlock,
  HeaderBlockError,
  HeaderCompressor,
  HeaderDecompressor,
  SPDY3_DICTIONARY,
} from "./header-block.js";

describe("header blocks", () => {
  it("lays out count, names and NUL-joined values with 32-bit lengths, names lower-cased", () => {
    const b = encodeHeaderBlock({ StreamType: "error", a: ["1", "2"] });
    expect(b.toString("hex")).toBe(
      "00000002" +
        "0000000a" +
        Buffer.from("streamtype").toString("hex") +
        "00000005" +
        Buffer.from("error").toString("hex") +
        "00000001" +
        "61" +
        "00000003" +
        "310032",
    );
    expect([...decodeHeaderBlock(b)]).toEqual([
      ["streamtype", ["error"]],
      ["a", ["1", "2"]],
    ]);
  });

  it("refuses a truncated block", () => {
    expect(() => decodeHeaderBlock(Buffer.from([0, 0, 0, 1, 0, 0, 0, 9, 0x61]))).toThrow(
      HeaderBlockError,
    );
  });

  it("compresses into one zlib stream that an inflater with the SPDY dictionary reads block by block", () => {
    const c = new HeaderCompressor();
    const first = c.compress(encodeHeaderBlock({ ":status": "200" }));
    const second = c.compress(encodeHeaderBlock({ port: "8080" }));
    // FDICT set, the dictionary's adler32 after it.
    expect(first[0]).toBe(0x78);
    expect(((first[0]! << 8) | first[1]!) % 31).toBe(0);
    expect(first[1]! & 0x20).toBe(0x20);
    // Each block ends with the sync-flush marker.
    expect(first.subarray(-5).toString("hex")).toBe("000000ffff");
    const whole = inflateSync(Buffer.concat([first, second]), {
      dictionary: SPDY3_DICTIONARY,
      finishFlush: constants.Z_SYNC_FLUSH,
    });
    const a = encodeHeaderBlock({ ":status": "200" });
    expect(whole.subarray(0, a.length)).toEqual(a);
    expect([...decodeHeaderBlock(whole.subarray(a.length))]).toEqual([["port", ["8080"]]]);
  });

  it("inflates the blocks a peer deflates with the dictionary and a sync flush per block", async () => {
    const deflate = createDeflate({ dictionary: SPDY3_DICTIONARY });
    const pieces: Buffer[] = [];
    const next = () =>
      new Promise<Buffer>((resolve) => {
        const out: Buffer[] = [];
        const on = (d: Buffer) => out.push(d);
        deflate.on("data", on);
        deflate.flush(constants.Z_SYNC_FLUSH, () => {
          deflate.off("data", on);
          resolve(Buffer.concat(out));
        });
      });
    deflate.write(encodeHeaderBlock({ streamtype: "error" }));
    pieces.push(await next());
    deflate.write(encodeHeaderBlock({ streamtype: "stdout", port: "80" }));
    pieces.push(await next());
    const d = new HeaderDecompressor();
    expect([...decodeHeaderBlock(await d.decompress(pieces[0]!))]).toEqual([
      ["streamtype", ["error"]],
    ]);
    expect([...decodeHeaderBlock(await d.decompress(pieces[1]!))]).toEqual([
      ["streamtype", ["stdout"]],
      ["port", ["80"]],
    ]);
    d.close();
  });
});
