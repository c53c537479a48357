/** SPDY/3.1 frames: cutting a byte stream into frames, and the frames a server writes. */
import { describe, expect, it } from "vitest";
import {
  dataFrames,
  FrameReader,
  FrameType,
  goAwayFrame,
  pingFrame,
  rstStreamFrame,
  synReplyFrame,
} from "./frames.js";

describe("FrameReader", () => {
  it("yields control and data frames, whatever the chunk boundaries", () => {
    const bytes = Buffer.concat([pingFrame(7), ...dataFrames(3, Buffer.from("hello"), true)]);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const r = new FrameReader();
      const frames = [...r.push(bytes.subarray(0, cut)), ...r.push(bytes.subarray(cut))];
      expect(frames).toEqual([
        {
          control: true,
          version: 3,
          type: FrameType.PING,
          flags: 0,
          data: Buffer.from([0, 0, 0, 7]),
        },
        { control: false, streamId: 3, flags: 1, data: Buffer.from("hello") },
      ]);
    }
  });
});

describe("frames a server writes", () => {
  it("SYN_REPLY, RST_STREAM, GOAWAY, PING as SPDY/3 lays them out", () => {
    expect(synReplyFrame(1, Buffer.from([0xaa])).toString("hex")).toBe(
      "80030002" + "00000005" + "00000001" + "aa",
    );
    expect(rstStreamFrame(5, 5).toString("hex")).toBe(
      "80030003" + "00000008" + "00000005" + "00000005",
    );
    expect(goAwayFrame(3, 0).toString("hex")).toBe(
      "80030007" + "00000008" + "00000003" + "00000000",
    );
    expect(pingFrame(1).toString("hex")).toBe("80030006" + "00000004" + "00000001");
  });

  it("DATA with FIN only on the last frame; an empty FIN frame closes a stream", () => {
    expect(Buffer.concat(dataFrames(3, Buffer.alloc(0), true)).toString("hex")).toBe(
      "00000003" + "01000000",
    );
    expect(Buffer.concat(dataFrames(3, Buffer.from("a"), false)).toString("hex")).toBe(
      "00000003" + "00000001" + "61",
    );
  });
});
