/**
 * The printers of `-o json|yaml|name|jsonpath=...|jsonpath-as-json=...|
 * jsonpath-file=...|custom-columns=...|custom-columns-file=...`: PrintFlags.ToPrinter
 * of staging/src/k8s.io/kubectl/pkg/cmd/get/get_flags.go with the JSON, YAML,
 * name and JSONPath printers of staging/src/k8s.io/cli-runtime/pkg/printers
 * and the flags of pkg/genericclioptions (their error messages included).
 */
import type { CommandContext } from "../../cli/command.js";
import { KubectlError } from "../../cli/errors.js";
import { goQuote, goSyntax } from "../../printers/go-format.js";
import { goJSON } from "../../printers/json.js";
import { JSONPath, JSONPathError } from "../../printers/jsonpath/jsonpath.js";
import { printName } from "../../printers/name.js";
import { TabWriter } from "../../printers/tabwriter.js";
import { omitManagedFields } from "../../printers/managed-fields.js";
import { goYAML } from "../../printers/yaml.js";
import { columnsFromSpec, columnsFromTemplate, CustomColumnsPrinter } from "./custom-columns.js";
import type { GetOptions } from "./get-options.js";

/** Where a printer writes. */
export interface Writer {
  write(text: string): void;
}

/** A watch event as `--output-watch-events` prints it (metav1.WatchEvent). */
export class WatchEventObject {
  constructor(
    readonly type: string,
    readonly object: unknown,
  ) {}
  /** Its JSON form: `{"type": ..., "object": ...}`. */
  toJSONValue(): { type: string; object: unknown } {
    return { type: this.type, object: this.object };
  }
}

export interface ResourcePrinter {
  printObj(obj: unknown, w: Writer): void;
}

/** All output formats of `kubectl get` (1.33), sorted as the error lists them. */
export const allowedFormats = [
  "custom-columns",
  "custom-columns-file",
  "go-template",
  "go-template-file",
  "json",
  "jsonpath",
  "jsonpath-as-json",
  "jsonpath-file",
  "name",
  "template",
  "templatefile",
  "wide",
  "yaml",
];

const noCompatiblePrinter = (format: string): KubectlError =>
  new KubectlError(
    `unable to match a printer suitable for the output format ${goQuote(format)}, allowed formats are: ${allowedFormats.join(",")}`,
  );

class JSONPrinter implements ResourcePrinter {
  constructor(private readonly showManagedFields: boolean) {}
  printObj(obj: unknown, w: Writer): void {
    const omit = (o: unknown): unknown => (this.showManagedFields ? o : omitManagedFields(o));
    if (obj instanceof WatchEventObject) {
      // json.Marshal of the struct: type first, compact
      w.write(`{"type":${goJSON(obj.type)},"object":${goJSON(omit(obj.object))}}\n`);
      return;
    }
    w.write(`${goJSON(omit(obj), "    ")}\n`);
  }
}

class YAMLPrinter implements ResourcePrinter {
  private count = 0;
  constructor(private readonly showManagedFields: boolean) {}
  printObj(obj: unknown, w: Writer): void {
    const omit = (o: unknown): unknown => (this.showManagedFields ? o : omitManagedFields(o));
    if (++this.count > 1) w.write("---\n");
    w.write(
      goYAML(
        obj instanceof WatchEventObject ? { type: obj.type, object: omit(obj.object) } : omit(obj),
      ),
    );
  }
}

class NamePrinter implements ResourcePrinter {
  printObj(obj: unknown, w: Writer): void {
    const o = obj instanceof WatchEventObject ? obj.object : obj;
    w.write(printName(o as Parameters<typeof printName>[0]));
  }
}

class JSONPathPrinter implements ResourcePrinter {
  constructor(
    private readonly raw: string,
    private readonly jp: JSONPath,
  ) {}
  printObj(obj: unknown, w: Writer): void {
    const data = obj instanceof WatchEventObject ? obj.toJSONValue() : obj;
    let text: string;
    try {
      text = this.jp.execute(data);
    } catch (e) {
      if (!(e instanceof JSONPathError)) throw e;
      const debug =
        `Error executing template: ${e.message}. Printing more information for debugging the template:\n` +
        `\ttemplate was:\n\t\t${this.raw}\n` +
        `\tobject given to jsonpath engine was:\n\t\t${goSyntax(data)}\n\n`;
      throw new KubectlError(`error executing jsonpath ${goQuote(this.raw)}: ${debug}\n`);
    }
    w.write(text);
  }
}

class CustomColumnsResourcePrinter implements ResourcePrinter {
  constructor(private readonly p: CustomColumnsPrinter) {}
  printObj(obj: unknown, w: Writer): void {
    const o = obj instanceof WatchEventObject ? obj.toJSONValue() : obj;
    if (w instanceof TabWriter) {
      this.p.print(o, w);
      return;
    }
    const tw = new TabWriter((t) => w.write(t));
    this.p.print(o, tw);
    tw.flush();
  }
}

function readFile(ctx: CommandContext, path: string): string {
  const files = ctx.host.files;
  if (files === undefined) throw new Error(`open ${path}: no such file or directory`);
  try {
    return files.readFile(path);
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new Error(
      code === "ENOENT" ? `open ${path}: no such file or directory` : (e as Error).message,
    );
  }
}

/** Splits `jsonpath={.x}` into its format and value. */
function splitFormat(
  output: string,
  formats: readonly string[],
): { format: string; value: string } {
  for (const f of formats) {
    if (output.startsWith(`${f}=`)) return { format: f, value: output.slice(f.length + 1) };
  }
  return { format: output, value: "" };
}

/** The printer for a non-table output format; throws kubectl's errors for bad ones. */
export function genericPrinter(ctx: CommandContext, o: GetOptions): ResourcePrinter {
  let output = o.output;
  if (o.template !== "" && output === "") output = "go-template";

  // template printers: go-template (not simulated) and jsonpath
  const goTemplate = splitFormat(output, [
    "go-template",
    "go-template-file",
    "template",
    "templatefile",
  ]);
  if (["go-template", "go-template-file", "template", "templatefile"].includes(goTemplate.format))
    throw new KubectlError(
      `${goTemplate.format} output is not supported by kubesim; use -o jsonpath`,
    );
  const jp = splitFormat(output, ["jsonpath", "jsonpath-file", "jsonpath-as-json"]);
  if (["jsonpath", "jsonpath-file", "jsonpath-as-json"].includes(jp.format)) {
    let value = o.template !== "" ? o.template : jp.value;
    if (value === "") throw new KubectlError("template format specified but no template given");
    if (jp.format === "jsonpath-file") {
      try {
        value = readFile(ctx, value);
      } catch (e) {
        throw new KubectlError(`error reading --template ${value}, ${(e as Error).message}`);
      }
    }
    const parser = new JSONPath("out");
    try {
      parser.parse(value);
    } catch (e) {
      throw new KubectlError(`error parsing jsonpath ${value}, ${(e as Error).message}`);
    }
    parser.allowMissingKeys(o.allowMissingTemplateKeys);
    if (jp.format === "jsonpath-as-json") parser.enableJSONOutput(true);
    return new JSONPathPrinter(value, parser);
  }
  if (output === "json") return new JSONPrinter(o.showManagedFields);
  if (output === "yaml") return new YAMLPrinter(o.showManagedFields);
  const cc = splitFormat(output, ["custom-columns", "custom-columns-file"]);
  if (cc.format === "custom-columns" || cc.format === "custom-columns-file") {
    const value = o.template !== "" ? o.template : cc.value;
    if (value === "")
      throw new KubectlError("custom-columns format specified but no custom columns given");
    if (cc.format === "custom-columns-file") {
      let text: string;
      try {
        text = readFile(ctx, value);
      } catch (e) {
        throw new KubectlError(`error reading template ${value}, ${(e as Error).message}\n`);
      }
      return new CustomColumnsResourcePrinter(
        new CustomColumnsPrinter(columnsFromTemplate(text), false),
      );
    }
    return new CustomColumnsResourcePrinter(
      new CustomColumnsPrinter(columnsFromSpec(value), o.noHeaders),
    );
  }
  if (output === "name") return new NamePrinter();
  throw noCompatiblePrinter(output);
}
