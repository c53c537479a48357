/**
 * GenerateOptions of pkg/printers (tablegenerator.go): what a row printer is
 * asked for. kube-apiserver's Table answers always generate with
 * `Wide: true` (pkg/printers/storage/storage.go), so that is the default here:
 * every row carries every column's cell and kubectl hides the priority-1 ones
 * unless `-o wide`. `wide: false` reproduces the narrow rows of
 * printers_test.go (a clipped EXTERNAL-IP, the five-cell event row).
 */
export interface GenerateOptions {
  /** Default true, as the apiserver generates. */
  readonly wide?: boolean;
}

/** The server's default. */
export const serverGenerateOptions: GenerateOptions = Object.freeze({ wide: true });

export const isWide = (options: GenerateOptions | undefined): boolean => options?.wide ?? true;
