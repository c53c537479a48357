import { describe, expect, it } from "vitest";
import { checkErr } from "./errors.js";
import { resourceRequests, resourceTypeOrNameArgs } from "./resources.js";

const requests = (args: string[], o: Partial<Parameters<typeof resourceRequests>[1]> = {}) =>
  resourceRequests(args, { allowEmptySelector: true, ...o }).requests.map((r) =>
    r.name === undefined ? r.info.plural : `${r.info.plural}/${r.name}`,
  );
const error = (args: string[], o: Partial<Parameters<typeof resourceRequests>[1]> = {}) => {
  try {
    resourceRequests(args, { allowEmptySelector: true, ...o });
    return "";
  } catch (e) {
    return checkErr(e);
  }
};

describe("resource arguments as kubectl's builder reads them", () => {
  it("types are listed, repeats of one kind dropped, `all` expanded", () => {
    expect(requests(["pods"])).toEqual(["pods"]);
    expect(requests(["po,deploy,pods"])).toEqual(["pods", "deployments"]);
    expect(requests(["all"])).toEqual(["pods", "services", "deployments", "replicasets"]);
  });

  it("`TYPE NAME...` gets each name; `TYPE1,TYPE2 NAME` becomes TYPE1/NAME TYPE2/NAME", () => {
    expect(requests(["pods", "a", "b"])).toEqual(["pods/a", "pods/b"]);
    expect(requests(["deploy/web", "svc/web"])).toEqual(["deployments/web", "services/web"]);
    expect(requests(["pods,svc", "web"])).toEqual(["pods/web", "services/web"]);
    expect(resourceTypeOrNameArgs(["pods,svc", "a", "b"]).tuples).toEqual([
      { resource: "pods", name: "a" },
      { resource: "pods", name: "b" },
      { resource: "svc", name: "a" },
      { resource: "svc", name: "b" },
    ]);
  });

  it("says whether one named object was asked for", () => {
    const single = (args: string[]) =>
      resourceRequests(args, { allowEmptySelector: true }).singleItemImplied;
    expect(single(["pod", "a"])).toBe(true);
    expect(single(["pod/a"])).toBe(true);
    expect(single(["pod", "a", "b"])).toBe(false);
    expect(single(["pods"])).toBe(false);
  });

  it("refuses what the builder refuses, in its words", () => {
    expect(error(["pods", "pod/a"])).toBe(
      "error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'\n",
    );
    expect(error(["pod/a/b"])).toBe(
      "error: arguments in resource/name form may not have more than one slash\n",
    );
    expect(error(["pod/"])).toBe(
      "error: arguments in resource/name form must have a single resource and name\n",
    );
    expect(error(["all", "web"])).toBe("error: you must specify only one resource\n");
    expect(error(["pods", "web"], { selector: "app=web" })).toBe(
      "error: name cannot be provided when a selector is specified\n",
    );
    expect(error(["pod/web"], { selector: "app=web" })).toBe(
      "error: selectors and the all flag cannot be used when passing resource/name arguments\n",
    );
    expect(error([], { selector: "app=web" })).toBe(
      "error: at least one resource must be specified to use a selector\n",
    );
    expect(error(["pods", "web"], { allNamespaces: true })).toBe(
      "error: a resource cannot be retrieved by name across all namespaces\n",
    );
    expect(error(["nodes", "n1"], { allNamespaces: true })).toBe("");
    expect(error(["pods"], { allowEmptySelector: false })).toBe(
      "error: resource(s) were provided, but no name was specified\n",
    );
    expect(error(["pods"], { allowEmptySelector: false, selectAll: true })).toBe("");
    expect(error(["pods"], { selectAll: true, selector: "a=b" })).toBe(
      "error: setting 'all' parameter but found a non empty selector. \n",
    );
    expect(error(["bogus"])).toBe('error: the server doesn\'t have a resource type "bogus"\n');
    expect(error([])).toBe(
      "error: You must provide one or more resources by argument or filename.\n" +
        "Example resource specifications include:\n" +
        "   '-f rsrc.yaml'\n" +
        "   '--filename=rsrc.json'\n" +
        "   '<resource> <name>'\n" +
        "   '<resource>'\n",
    );
  });
});
