/**
 * Colour for the terminal, and plain text everywhere else: ANSI SGR codes
 * when the stream is a TTY and NO_COLOR (https://no-color.org) is unset or
 * empty; FORCE_COLOR forces them on. kubectl itself prints no colour; these
 * mark only kubesim's own lines (prompt, step headers, failures).
 */

export interface Style {
  readonly enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

const sgr =
  (open: number, close: number) =>
  (text: string): string =>
    text === "" ? text : `\x1b[${open}m${text}\x1b[${close}m`;

const identity = (text: string): string => text;

/** A style with colour on or off. */
export function style(enabled: boolean): Style {
  if (!enabled)
    return {
      enabled,
      bold: identity,
      dim: identity,
      red: identity,
      green: identity,
      yellow: identity,
      cyan: identity,
    };
  return {
    enabled,
    bold: sgr(1, 22),
    dim: sgr(2, 22),
    red: sgr(31, 39),
    green: sgr(32, 39),
    yellow: sgr(33, 39),
    cyan: sgr(36, 39),
  };
}

/** Plain text: for tests, pipes and files. */
export const plain: Style = style(false);

/** Whether to colour what goes to `stream`, given the environment. */
export function colorWanted(
  stream: { readonly isTTY?: boolean },
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== "") return force !== "0" && force !== "false";
  return stream.isTTY === true;
}

/** Drops ANSI colour codes (for measuring and comparing text). */
export function stripColor(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;]*m/g, "");
}
