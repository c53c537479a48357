// TEMPORARY: stands in for catalogue.ts until it lands (lead's scaffolding; delete then).
import { parse } from "yaml";
import { parseDuration } from "@kubesim/sim";
import { defaultBehavior, type ImageBehavior } from "./behavior.js";

export class ImageCatalogue {
  static empty(): ImageCatalogue {
    return new ImageCatalogue();
  }
  static parse(_t: string): ImageCatalogue {
    return new ImageCatalogue();
  }
  static fromObject(_o: object): ImageCatalogue {
    return new ImageCatalogue();
  }
}

const d = (v: unknown): number => parseDuration(String(v));

export function resolveBehavior(
  _c: ImageCatalogue,
  _image: string,
  annotations: Readonly<Record<string, string>>,
  container: string,
): ImageBehavior | { error: string } {
  let b: ImageBehavior = defaultBehavior;
  for (const key of ["kubesim.io/behavior", `kubesim.io/behavior.${container}`]) {
    const text = annotations[key];
    if (text === undefined) continue;
    const o = parse(text) as Record<string, any>;
    if (o === null || typeof o !== "object") continue;
    const n: any = { ...b };
    if (o["exit"]) n.exit = { after: d(o["exit"].after), code: o["exit"].code };
    if (o["ready"] === "never") n.readiness = { kind: "never" };
    else if (o["ready"]?.after !== undefined) n.readiness = { kind: "after", after: d(o["ready"].after) };
    if (o["liveness"]?.failAfter !== undefined) n.liveness = { status: 500, failAfter: d(o["liveness"].failAfter) };
    if (o["pull"]?.fail) n.pull = { ...n.pull, error: "" };
    if (o["stopAfterSigterm"] === "never") n.stopAfterSigterm = undefined;
    b = n;
  }
  return b;
}
