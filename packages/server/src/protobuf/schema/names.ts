/** Fully qualified protobuf package names, for references across the schema files. */
export const META = ".k8s.io.apimachinery.pkg.apis.meta.v1";
export const QUANTITY = ".k8s.io.apimachinery.pkg.api.resource.Quantity";
export const INT_OR_STRING = ".k8s.io.apimachinery.pkg.util.intstr.IntOrString";
export const CORE = ".k8s.io.api.core.v1";
