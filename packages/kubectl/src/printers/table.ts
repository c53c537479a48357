/**
 * The shapes of a server-side Table (meta.k8s.io/v1 Table): column definitions
 * and per-row conditions. Mirrors staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/types.go
 * (TableColumnDefinition, TableRowCondition). Cells are strings: the server
 * formats ages, `1/1` and `<none>`; kubectl prints them as given.
 */

/** One column: `priority: 1` columns appear only with `-o wide`. */
export interface TableColumnDefinition {
  readonly name: string;
  readonly type: "string" | "integer" | "number" | "boolean" | "date";
  readonly format: string;
  readonly description: string;
  readonly priority: number;
}

/** A row condition: metadata for Table clients (kubectl does not print it). */
export interface TableRowCondition {
  readonly type: "Completed";
  readonly status: "True" | "False" | "Unknown";
  readonly reason?: string;
  readonly message?: string;
}

/** One printed row: every column's cell, wide ones included, in column order. */
export interface TableRow {
  readonly cells: readonly string[];
  /** Omitted when the row has none (Go's omitempty). */
  readonly conditions?: readonly TableRowCondition[];
}

/** ObjectMeta.name's API description (metav1.ObjectMeta{}.SwaggerDoc()["name"]). */
export const nameDescription =
  "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";

/** ObjectMeta.creationTimestamp's API description. */
export const creationTimestampDescription =
  "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";
