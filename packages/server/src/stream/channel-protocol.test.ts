import { describe, expect, it } from "vitest";
import {
  CHANNEL_PROTOCOLS,
  decodeFrame,
  encodeFrame,
  errorChannelPayload,
  negotiate,
} from "./channel-protocol.js";
import { outcomeStatus } from "./exec-status.js";

const v5 = CHANNEL_PROTOCOLS[0]!;
const b64 = CHANNEL_PROTOCOLS.find((p) => p.name === "v4.base64.channel.k8s.io")!;
const v1 = CHANNEL_PROTOCOLS.find((p) => p.name === "channel.k8s.io")!;

describe("channel protocols", () => {
  it("negotiates in the client's order; none offered is channel.k8s.io", () => {
    expect(negotiate(["x", "v4.channel.k8s.io", "v5.channel.k8s.io"])?.name).toBe(
      "v4.channel.k8s.io",
    );
    expect(negotiate(["x"])).toBeUndefined();
    expect(negotiate([])).toMatchObject({ name: "", status: false, base64: false });
  });

  it("frames binary and base64 messages, and reads v5's close signal", () => {
    expect(encodeFrame(v5, 1, Buffer.from("hi"))).toEqual(Buffer.from([1, 104, 105]));
    expect(encodeFrame(b64, 1, Buffer.from("hi"))).toBe("1aGk=");
    expect(decodeFrame(b64, Buffer.from("0aGk="))).toEqual({
      kind: "data",
      channel: 0,
      data: Buffer.from("hi"),
    });
    expect(decodeFrame(v5, Buffer.from([255, 0]))).toEqual({ kind: "close", channel: 0 });
    expect(decodeFrame(v5, Buffer.from([255]))).toMatchObject({ kind: "invalid" });
    expect(decodeFrame(CHANNEL_PROTOCOLS[1]!, Buffer.from([255, 0]))).toMatchObject({
      kind: "data",
      channel: 255,
    });
    expect(decodeFrame(v5, Buffer.alloc(0))).toBeUndefined();
  });

  it("writes a Status on v4/v5, a bare failure message on v1", () => {
    const exit = outcomeStatus({ kind: "exit", code: 2, command: ["ls", "/x"] });
    expect(JSON.parse(errorChannelPayload(v5, exit)!.toString())).toEqual({
      metadata: {},
      status: "Failure",
      message:
        "command terminated with non-zero exit code: error executing command [ls /x], exit code 2",
      reason: "NonZeroExitCode",
      details: { causes: [{ reason: "ExitCode", message: "2" }] },
    });
    expect(errorChannelPayload(v1, exit)!.toString()).toBe(exit.message);
    expect(errorChannelPayload(v1, outcomeStatus({ kind: "success" }))).toBeUndefined();
    expect(errorChannelPayload(v5, outcomeStatus({ kind: "success" }))!.toString()).toBe(
      '{"metadata":{},"status":"Success"}',
    );
  });
});
