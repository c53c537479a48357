/**
 * The parse tree of kubectl's JSONPath templates. Mirrors
 * staging/src/k8s.io/client-go/util/jsonpath/node.go, including each node's
 * String() (the parser tests compare them).
 */

export interface ParamsEntry {
  readonly value: number;
  /** Whether the value was given in the template. */
  readonly known: boolean;
  /** The end of a single index (`[3]` is `[3:4]`). */
  readonly derived: boolean;
}

export type Node =
  | ListNode
  | { readonly type: "NodeText"; readonly text: string }
  | { readonly type: "NodeField"; readonly value: string }
  | { readonly type: "NodeIdentifier"; readonly name: string }
  | {
      readonly type: "NodeArray";
      readonly params: readonly [ParamsEntry, ParamsEntry, ParamsEntry];
    }
  | {
      readonly type: "NodeFilter";
      readonly left: ListNode;
      readonly right: ListNode;
      readonly operator: string;
    }
  | { readonly type: "NodeInt"; readonly value: number }
  | { readonly type: "NodeFloat"; readonly value: number }
  | { readonly type: "NodeWildcard" }
  | { readonly type: "NodeRecursive" }
  | { readonly type: "NodeUnion"; readonly nodes: readonly ListNode[] }
  | { readonly type: "NodeBool"; readonly value: boolean };

export interface ListNode {
  readonly type: "NodeList";
  readonly nodes: Node[];
}

export const newList = (): ListNode => ({ type: "NodeList", nodes: [] });

const goFloat6 = (n: number): string => n.toFixed(6);
const entry = (p: ParamsEntry): string => `{${p.value} ${p.known} ${p.derived}}`;

/** node.String(): `NodeField: name`, `NodeArray: [{1 true false} ...]`, `NodeList`. */
export function nodeString(n: Node): string {
  switch (n.type) {
    case "NodeList":
    case "NodeWildcard":
    case "NodeRecursive":
    case "NodeUnion":
      return n.type;
    case "NodeText":
      return `${n.type}: ${n.text}`;
    case "NodeField":
      return `${n.type}: ${n.value}`;
    case "NodeIdentifier":
      return `${n.type}: ${n.name}`;
    case "NodeArray":
      return `${n.type}: [${n.params.map(entry).join(" ")}]`;
    case "NodeFilter":
      return `${n.type}: ${n.left.type} ${n.operator} ${n.right.type}`;
    case "NodeInt":
      return `${n.type}: ${n.value}`;
    case "NodeFloat":
      return `${n.type}: ${goFloat6(n.value)}`;
    case "NodeBool":
      return `${n.type}: ${n.value}`;
  }
}
