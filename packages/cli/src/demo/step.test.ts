import { PassThrough, Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { plain } from "../cli/color.js";
import { enterStepper } from "./step.js";

class Capture extends Writable {
  text = "";
  override _write(chunk: Buffer | string, _enc: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

function tty(): PassThrough & { isTTY: boolean } {
  return Object.assign(new PassThrough(), { isTTY: true });
}

describe("enterStepper (kubesim demo --step)", () => {
  it("does not pause when standard input is not a terminal", () => {
    expect(enterStepper(new PassThrough(), new Capture(), plain)).toBeUndefined();
  });

  it("on a terminal, says which act comes next and waits for Enter", async () => {
    const input = tty();
    const out = new Capture();
    const stepper = enterStepper(input, out, plain)!;
    let resumed = false;
    const waiting = stepper.pause({ act: 2, title: "Crash" }).then(() => (resumed = true));
    await new Promise((r) => setImmediate(r));
    expect(out.text).toBe("\n-- press Enter for act 2: Crash --");
    expect(resumed).toBe(false);
    input.write("\n");
    await waiting;
    expect(resumed).toBe(true);
    stepper.close();
  });

  it("plays on without pausing once standard input has ended", async () => {
    const input = tty();
    const stepper = enterStepper(input, new Capture(), plain)!;
    const waiting = stepper.pause({ act: 2, title: "Crash" });
    input.end();
    await waiting;
    await stepper.pause({ act: 3, title: "Scale" });
    stepper.close();
  });
});
