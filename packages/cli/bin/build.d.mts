/** Types of build.mjs, for the tests that call it. */
import type { Metafile } from "esbuild";

export interface CliLayout {
  readonly root: string;
  readonly entry: string;
  readonly outDir: string;
  readonly bundle: string;
  readonly record: string;
}
export function cliLayout(options?: { cliDir?: string; root?: string; outDir?: string }): CliLayout;
export function staleReason(layout: CliLayout): string | undefined;
export function buildCli(
  layout: CliLayout,
): Promise<{ ms: number; inputs: number; metafile: Metafile }>;
export function ensureBuilt(layout: CliLayout): Promise<string>;
