/**
 * `kubesim demo --step`: wait for Enter between acts, when a person is at a
 * terminal. With standard input not a TTY (a pipe, a file, CI) there is no
 * one to press Enter, so the demo does not pause.
 */
import { createInterface, type Interface } from "node:readline";
import type { Style } from "../cli/color.js";

export interface Stepper {
  /** Waits for Enter, after saying which act comes next. */
  pause(next: { readonly act: number; readonly title: string }): Promise<void>;
  /** Lets go of standard input. */
  close(): void;
}

/** A stepper on `input`, or undefined when it is not a terminal. */
export function enterStepper(
  input: NodeJS.ReadableStream & { readonly isTTY?: boolean },
  output: NodeJS.WritableStream,
  style: Style,
): Stepper | undefined {
  if (input.isTTY !== true) return undefined;
  let rl: Interface | undefined;
  let ended = false;
  return {
    pause(next) {
      if (ended) return Promise.resolve();
      rl ??= createInterface({ input, output, terminal: false });
      const line = rl;
      return new Promise<void>((resolve) => {
        output.write(style.dim(`\n-- press Enter for act ${next.act}: ${next.title} --`));
        const done = (): void => {
          line.off("line", done);
          line.off("close", closed);
          resolve();
        };
        const closed = (): void => {
          ended = true;
          done();
        };
        line.once("line", done);
        line.once("close", closed);
      });
    },
    close() {
      rl?.close();
    },
  };
}
