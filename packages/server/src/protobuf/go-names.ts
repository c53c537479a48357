/**
 * The Go names of messages and fields, for gogo's "proto: wrong wireType
 * = %d for field %s" and "proto: %s: illegal tag" errors. Most are the
 * JSON name with its first letter raised; these are the exceptions in the
 * kinds kubesim decodes (k8s.io/api's types.go of Kubernetes v1.33).
 */

const FIELDS: Readonly<Record<string, string>> = {
  metadata: "ObjectMeta",
  uid: "UID",
  gid: "GID",
  apiVersion: "APIVersion",
  apiGroup: "APIGroup",
  ip: "IP",
  ipMode: "IPMode",
  ipFamilies: "IPFamilies",
  ipFamilyPolicy: "IPFamilyPolicy",
  dnsPolicy: "DNSPolicy",
  dnsConfig: "DNSConfig",
  os: "OS",
  osImage: "OSImage",
  qosClass: "QOSClass",
  tls: "TLS",
  tty: "TTY",
  http: "HTTP",
  httpGet: "HTTPGet",
  httpHeaders: "HTTPHeaders",
  tcpSocket: "TCPSocket",
  grpc: "GRPC",
  handler: "ProbeHandler",
  lastState: "LastTerminationState",
  externalID: "DoNotUseExternalID",
  reportingComponent: "ReportingController",
  seLinuxOptions: "SELinuxOptions",
  seLinuxChangePolicy: "SELinuxChangePolicy",
  fsGroup: "FSGroup",
  fsGroupChangePolicy: "FSGroupChangePolicy",
  fsType: "FSType",
  gmsaCredentialSpecName: "GMSACredentialSpecName",
  gmsaCredentialSpec: "GMSACredentialSpec",
  gcePersistentDisk: "GCEPersistentDisk",
  awsElasticBlockStore: "AWSElasticBlockStore",
  nfs: "NFS",
  iscsi: "ISCSI",
  iqn: "IQN",
  iscsiInterface: "ISCSIInterface",
  chapAuthDiscovery: "DiscoveryCHAPAuth",
  chapAuthSession: "SessionCHAPAuth",
  rbd: "RBD",
  cephfs: "CephFS",
  fc: "FC",
  wwids: "WWIDs",
  storageos: "StorageOS",
  csi: "CSI",
  pdName: "PDName",
  diskURI: "DataDiskURI",
  sslEnabled: "SSLEnabled",
};

/** Field names that differ only in one message. */
const MESSAGE_FIELDS: Readonly<Record<string, string>> = {
  "PodSpec.serviceAccount": "DeprecatedServiceAccount",
  "GlusterfsVolumeSource.endpoints": "EndpointsName",
  "RBDVolumeSource.monitors": "CephMonitors",
  "RBDVolumeSource.image": "RBDImage",
  "RBDVolumeSource.pool": "RBDPool",
  "RBDVolumeSource.user": "RadosUser",
  "Unknown.typeMeta": "TypeMeta",
  "Quantity.string": "String_",
};

/** Messages whose Go Unmarshal names another message in its errors. */
const MESSAGES: Readonly<Record<string, string>> = {
  Time: "Timestamp",
  MicroTime: "Timestamp",
};

export function goFieldName(message: string, field: string): string {
  return (
    MESSAGE_FIELDS[`${message}.${field}`] ??
    FIELDS[field] ??
    field.charAt(0).toUpperCase() + field.slice(1)
  );
}

export function goMessageName(message: string): string {
  return MESSAGES[message] ?? message;
}
