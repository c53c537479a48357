/**
 * The schema behind kubesim's short `kubectl explain`: the description and
 * fields of each kind kubesim serves and of the types the tutorial's objects
 * use (pod spec, containers, probes, resources, deployment strategy, service
 * ports, ingress rules, object metadata). Generated from the API
 * documentation of Kubernetes 1.30 as the kubernetes-types package carries
 * it (the OpenAPI descriptions; enum lists are not included). `type` is the
 * name kubectl's explain template guesses for the field (`[]Container`,
 * `map[string]string`, `IntOrString`); `ref` names the type a path can go into.
 */
import type { ExplainSchema } from "./explain.js";

export const explainSchema: ExplainSchema = {
  types: {
    ConfigMap: {
      description: "ConfigMap holds configuration data for pods to consume.",
      fields: {
        apiVersion: {
          type: "string",
          description:
            "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources",
        },
        binaryData: {
          type: "map[string]string",
          description:
            "BinaryData contains the binary data. Each key must consist of alphanumeric characters, '-', '_' or '.'. BinaryData can contain byte sequences that are not in the UTF-8 range. The keys stored in BinaryData must not overlap with the ones in the Data field, this is enforced during validation process. Using this field will require 1.10+ apiserver and kubelet.",
        },
        data: {
          type: "map[string]string",
          description:
            "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field, this is enforced during validation process.",
        },
        immutable: {
          type: "boolean",
          description:
            "Immutable, if set to true, ensures that data stored in the ConfigMap cannot be updated (only object metadata can be modified). If not set to true, the field can be modified at any time. Defaulted to nil.",
        },
        kind: {
          type: "string",
          description:
            "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds",
        },
        metadata: {
          type: "ObjectMeta",
          description:
            "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
          ref: "ObjectMeta",
        },
      },
    },
    Container: {
      description: "A single application container that you want to run within a pod.",
      fields: {
        args: {
          type: "[]string",
          description:
            'Arguments to the entrypoint. The container image\'s CMD is used if this is not provided. Variable references $(VAR_NAME) are expanded using the container\'s environment. If a variable cannot be resolved, the reference in the input string will be unchanged. Double $$ are reduced to a single $, which allows for escaping the $(VAR_NAME) syntax: i.e. "$$(VAR_NAME)" will produce the string literal "$(VAR_NAME)". Escaped references will never be expanded, regardless of whether the variable exists or not. Cannot be updated. More info: https://kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/#running-a-command-in-a-shell',
        },
        command: {
          type: "[]string",
          description:
            'Entrypoint array. Not executed within a shell. The container image\'s ENTRYPOINT is used if this is not provided. Variable references $(VAR_NAME) are expanded using the container\'s environment. If a variable cannot be resolved, the reference in the input string will be unchanged. Double $$ are reduced to a single $, which allows for escaping the $(VAR_NAME) syntax: i.e. "$$(VAR_NAME)" will produce the string literal "$(VAR_NAME)". Escaped references will never be expanded, regardless of whether the variable exists or not. Cannot be updated. More info: https://kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/#running-a-command-in-a-shell',
        },
        env: {
          type: "[]EnvVar",
          description: "List of environment variables to set in the container. Cannot be updated.",
          ref: "EnvVar",
        },
        envFrom: {
          type: "[]EnvFromSource",
          description:
            "List of sources to populate environment variables in the container. The keys defined within a source must be a C_IDENTIFIER. All invalid keys will be reported as an event when the container is starting. When a key exists in multiple sources, the value associated with the last source will take precedence. Values defined by an Env with a duplicate key will take precedence. Cannot be updated.",
          ref: "EnvFromSource",
        },
        image: {
          type: "string",
          description:
            "Container image name. More info: https://kubernetes.io/docs/concepts/containers/images This field is optional to allow higher level config management to default or override container images in workload controllers like Deployments and StatefulSets.",
        },
        imagePullPolicy: {
          type: "string",
          description:
            "Image pull policy. One of Always, Never, IfNotPresent. Defaults to Always if :latest tag is specified, or IfNotPresent otherwise. Cannot be updated. More info: https://kubernetes.io/docs/concepts/containers/images#updating-images",
        },
        lifecycle: {
          type: "Lifecycle",
          description:
            "Actions that the management system should take in response to container lifecycle events. Cannot be updated.",
          ref: "Lifecycle",
        },
        livenessProbe: {
          type: "Probe",
          description:
            "Periodic probe of container liveness. Container will be restarted if the probe fails. Cannot be updated. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#container-probes",
          ref: "Probe",
        },
        name: {
          type: "string",
          description:
            "Name of the container specified as a DNS_LABEL. Each container in a pod must have a unique name (DNS_LABEL). Cannot be updated.",
          required: true,
        },
        ports: {
          type: "[]ContainerPort",
          description:
            'List of ports to expose from the container. Not specifying a port here DOES NOT prevent that port from being exposed. Any port which is listening on the default "0.0.0.0" address inside a container will be accessible from the network. Modifying this array with strategic merge patch may corrupt the data. For more information See https://github.com/kubernetes/kubernetes/issues/108255. Cannot be updated.',
          ref: "ContainerPort",
        },
        readinessProbe: {
          type: "Probe",
          description:
            "Periodic probe of container service readiness. Container will be removed from service endpoints if the probe fails. Cannot be updated. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#container-probes",
          ref: "Probe",
        },
        resizePolicy: {
          type: "[]ContainerResizePolicy",
          description: "Resources resize policy for the container.",
          ref: "ContainerResizePolicy",
        },
        resources: {
          type: "ResourceRequirements",
          description:
            "Compute Resources required by this container. Cannot be updated. More info: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",
          ref: "ResourceRequirements",
        },
        restartPolicy: {
          type: "string",
          description:
            'RestartPolicy defines the restart behavior of individual containers in a pod. This field may only be set for init containers, and the only allowed value is "Always". For non-init containers or when this field is not specified, the restart behavior is defined by the Pod\'s restart policy and the container type. Setting the RestartPolicy as "Always" for the init container will have the following effect: this init container will be continually restarted on exit until all regular containers have terminated. Once all regular containers have completed, all init containers with restartPolicy "Always" will be shut down. This lifecycle differs from normal init containers and is often referred to as a "sidecar" container. Although this init container still starts in the init container sequence, it does not wait for the container to complete before proceeding to the next init container. Instead, the next init container starts immediately after this init container is started, or after any startupProbe has successfully completed.',
        },
        securityContext: {
          type: "SecurityContext",
          description:
            "SecurityContext defines the security options the container should be run with. If set, the fields of SecurityContext override the equivalent fields of PodSecurityContext. More info: https://kubernetes.io/docs/tasks/configure-pod-container/security-context/",
          ref: "SecurityContext",
        },
        startupProbe: {
          type: "Probe",
          description:
            "StartupProbe indicates that the Pod has successfully initialized. If specified, no other probes are executed until this completes successfully. If this probe fails, the Pod will be restarted, just as if the livenessProbe failed. This can be used to provide different probe parameters at the beginning of a Pod's lifecycle, when it might take a long time to load data or warm a cache, than during steady-state operation. This cannot be updated. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#container-probes",
          ref: "Probe",
        },
        stdin: {
          type: "boolean",
          description:
            "Whether this container should allocate a buffer for stdin in the container runtime. If this is not set, reads from stdin in the container will always result in EOF. Default is false.",
        },
        stdinOnce: {
          type: "boolean",
          description:
            "Whether the container runtime should close the stdin channel after it has been opened by a single attach. When stdin is true the stdin stream will remain open across multiple attach sessions. If stdinOnce is set to true, stdin is opened on container start, is empty until the first client attaches to stdin, and then remains open and accepts data until the client disconnects, at which time stdin is closed and remains closed until the container is restarted. If this flag is false, a container processes that reads from stdin will never receive an EOF. Default is false",
        },
        terminationMessagePath: {
          type: "string",
          description:
            "Optional: Path at which the file to which the container's termination message will be written is mounted into the container's filesystem. Message written is intended to be brief final status, such as an assertion failure message. Will be truncated by the node if greater than 4096 bytes. The total message length across all containers will be limited to 12kb. Defaults to /dev/termination-log. Cannot be updated.",
        },
        terminationMessagePolicy: {
          type: "string",
          description:
            "Indicate how the termination message should be populated. File will use the contents of terminationMessagePath to populate the container status message on both success and failure. FallbackToLogsOnError will use the last chunk of container log output if the termination message file is empty and the container exited with an error. The log output is limited to 2048 bytes or 80 lines, whichever is smaller. Defaults to File. Cannot be updated.",
        },
        tty: {
          type: "boolean",
          description:
            "Whether this container should allocate a TTY for itself, also requires 'stdin' to be true. Default is false.",
        },
        volumeDevices: {
          type: "[]VolumeDevice",
          description: "volumeDevices is the list of block devices to be used by the container.",
          ref: "VolumeDevice",
        },
        volumeMounts: {
          type: "[]VolumeMount",
          description: "Pod volumes to mount into the container's filesystem. Cannot be updated.",
          ref: "VolumeMount",
        },
        workingDir: {
          type: "string",
          description:
            "Container's working directory. If not specified, the container runtime's default will be used, which might be configured in the container image. Cannot be updated.",
        },
      },
    },
    ContainerPort: {
      description: "ContainerPort represents a network port in a single container.",
      fields: {
        containerPort: {
          type: "integer",
          description:
            "Number of port to expose on the pod's IP address. This must be a valid port number, 0 < x < 65536.",
          required: true,
        },
        hostIP: {
          type: "string",
          description: "What host IP to bind the external port to.",
        },
        hostPort: {
          type: "integer",
          description:
            "Number of port to expose on the host. If specified, this must be a valid port number, 0 < x < 65536. If HostNetwork is specified, this must match ContainerPort. Most containers do not need this.",
        },
        name: {
          type: "string",
          description:
            "If specified, this must be an IANA_SVC_NAME and unique within the pod. Each named port in a pod must have a unique name. Name for the port that can be referred to by services.",
        },
        protocol: {
          type: "string",
          description: 'Protocol for port. Must be UDP, TCP, or SCTP. Defaults to "TCP".',
        },
      },
    },
    Deployment: {
      description: "Deployment enables declarative updates for Pods and ReplicaSets.",
      fields: {
        apiVersion: {
          type: "string",
          description:
            "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources",
        },
        kind: {
          type: "string",
          description:
            "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds",
        },
        metadata: {
          type: "ObjectMeta",
          description:
            "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
          ref: "ObjectMeta",
        },
        spec: {
          type: "DeploymentSpec",
          description: "Specification of the desired behavior of the Deployment.",
          ref: "DeploymentSpec",
        },
        status: {
          type: "DeploymentStatus",
          description: "Most recently observed status of the Deployment.",
          ref: "DeploymentStatus",
        },
      },
    },
    DeploymentSpec: {
      description: "DeploymentSpec is the specification of the desired behavior of the Deployment.",
      fields: {
        minReadySeconds: {
          type: "integer",
          description:
            "Minimum number of seconds for which a newly created pod should be ready without any of its container crashing, for it to be considered available. Defaults to 0 (pod will be considered available as soon as it is ready)",
        },
        paused: {
          type: "boolean",
          description: "Indicates that the deployment is paused.",
        },
        progressDeadlineSeconds: {
          type: "integer",
          description:
            "The maximum time in seconds for a deployment to make progress before it is considered to be failed. The deployment controller will continue to process failed deployments and a condition with a ProgressDeadlineExceeded reason will be surfaced in the deployment status. Note that progress will not be estimated during the time a deployment is paused. Defaults to 600s.",
        },
        replicas: {
          type: "integer",
          description:
            "Number of desired pods. This is a pointer to distinguish between explicit zero and not specified. Defaults to 1.",
        },
        revisionHistoryLimit: {
          type: "integer",
          description:
            "The number of old ReplicaSets to retain to allow rollback. This is a pointer to distinguish between explicit zero and not specified. Defaults to 10.",
        },
        selector: {
          type: "LabelSelector",
          description:
            "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment. It must match the pod template's labels.",
          required: true,
          ref: "LabelSelector",
        },
        strategy: {
          type: "DeploymentStrategy",
          description: "The deployment strategy to use to replace existing pods with new ones.",
          ref: "DeploymentStrategy",
        },
        template: {
          type: "PodTemplateSpec",
          description:
            'Template describes the pods that will be created. The only allowed template.spec.restartPolicy value is "Always".',
          required: true,
          ref: "PodTemplateSpec",
        },
      },
    },
    DeploymentStrategy: {
      description: "DeploymentStrategy describes how to replace existing pods with new ones.",
      fields: {
        rollingUpdate: {
          type: "RollingUpdateDeployment",
          description:
            "Rolling update config params. Present only if DeploymentStrategyType = RollingUpdate.",
          ref: "RollingUpdateDeployment",
        },
        type: {
          type: "string",
          description:
            'Type of deployment. Can be "Recreate" or "RollingUpdate". Default is RollingUpdate.',
        },
      },
    },
    EndpointSlice: {
      description:
        "EndpointSlice represents a subset of the endpoints that implement a service. For a given service there may be multiple EndpointSlice objects, selected by labels, which must be joined to produce the full set of endpoints.",
      fields: {
        addressType: {
          type: "string",
          description:
            "addressType specifies the type of address carried by this EndpointSlice. All addresses in this slice must be the same type. This field is immutable after creation. The following address types are currently supported: * IPv4: Represents an IPv4 Address. * IPv6: Represents an IPv6 Address. * FQDN: Represents a Fully Qualified Domain Name.",
          required: true,
        },
        apiVersion: {
          type: "string",
          description:
            "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources",
        },
        endpoints: {
          type: "[]Endpoint",
          description:
            "endpoints is a list of unique endpoints in this slice. Each slice may include a maximum of 1000 endpoints.",
          required: true,
          ref: "Endpoint",
        },
        kind: {
          type: "string",
          description:
            "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds",
        },
        metadata: {
          type: "ObjectMeta",
          description: "Standard object's metadata.",
          ref: "ObjectMeta",
        },
        ports: {
          type: "[]EndpointPort",
          description:
            'ports specifies the list of network ports exposed by each endpoint in this slice. Each port must have a unique name. When ports is empty, it indicates that there are no defined ports. When a port is defined with a nil port value, it indicates "all ports". Each slice may include a maximum of 100 ports.',
          ref: "EndpointPort",
        },
      },
    },
    Endpoints: {
      description:
        'Endpoints is a collection of endpoints that implement the actual service. Example:\n\n\t Name: "mysvc",\n\t Subsets: [\n\t   {\n\t     Addresses: [{"ip": "10.10.1.1"}, {"ip": "10.10.2.2"}],\n\t     Ports: [{"name": "a", "port": 8675}, {"name": "b", "port": 309}]\n\t   },\n\t   {\n\t     Addresses: [{"ip": "10.10.3.3"}],\n\t     Ports: [{"name": "a", "port": 93}, {"name": "b", "port": 76}]\n\t   },\n\t]',
      fields: {
        apiVersion: {
          type: "string",
          description:
            "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources",
        },
        kind: {
          type: "string",
          description:
            "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds",
        },
        metadata: {
          type: "ObjectMeta",
          description:
            "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
          ref: "ObjectMeta",
        },
        subsets: {
          type: "[]EndpointSubset",
          description:
            "The set of all endpoints is the union of all subsets. Addresses are placed into subsets according to the IPs they share. A single address with multiple ports, some of which are ready and some of which are not (because they come from different containers) will result in the address being displayed in different subsets for the different ports. No address will appear in both Addresses and NotReadyAddresses in the same subset. Sets of addresses and ports that comprise a service.",
          ref: "EndpointSubset",
        },
      },
    },
    EnvVar: {
      description: "EnvVar represents an environment variable present in a Container.",
      fields: {
        name: {
          type: "string",
          description: "Name of the environment variable. Must be a C_IDENTIFIER.",
          required: true,
        },
        value: {
          type: "string",
          description:
            'Variable references $(VAR_NAME) are expanded using the previously defined environment variables in the container and any service environment variables. If a variable cannot be resolved, the reference in the input string will be unchanged. Double $$ are reduced to a single $, which allows for escaping the $(VAR_NAME) syntax: i.e. "$$(VAR_NAME)" will produce the string literal "$(VAR_NAME)". Escaped references will never be expanded, regardless of whether the variable exists or not. Defaults to "".',
        },
        valueFrom: {
          type: "EnvVarSource",
          description:
            "Source for the environment variable's value. Cannot be used if value is not empty.",
          ref: "EnvVarSource",
        },
      },
    },
    Event: {
      description:
        "Event is a report of an event somewhere in the cluster.  Events have a limited retention time and triggers and messages may evolve with time.  Event consumers should not rely on the timing of an event with a given Reason reflecting a consistent underlying trigger, or the continued existence of events with that Reason.  Events should be treated as informative, best-effort, supplemental data.",
      fields: {
        action: {
          type: "string",
          description: "What action was taken/failed regarding to the Regarding object.",
        },
        apiVersion: {
          type: "string",
          description:
            "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources",
        },
        count: {
          type: "integer",
          description: "The number of times this event has occurred.",
        },
        eventTime: {
          type: "string",
          description: "Time when this Event was first observed.",
        },
        firstTimestamp: {
          type: "string",
          description:
            "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)",
        },
        involvedObject: {
          type: "ObjectReference",
          description: "The object that this event is about.",
          required: true,
          ref: "ObjectReference",
        },
        kind: {
          type: "string",
          description:
            "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds",
        },
        lastTimestamp: {
          type: "string",
          description: "The time at which the most recent occurrence of this event was recorded.",
        },
        message: {
          type: "string",
          description: "A human-readable description of the status of this operation.",
        },
        metadata: {
          type: "ObjectMeta",
          description:
            "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
          required: true,
          ref: "ObjectMeta",
        },
        reason: {
          type: "string",
          description:
            "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.",
        },
        related: {
          type: "ObjectReference",
          description: "Optional secondary object for more complex actions.",
          ref: "ObjectReference",
        },
        reportingComponent: {
          type: "string",
          description:
            "Name of the controller that emitted this Event, e.g. `kubernetes.io/kubelet`.",
        },
        reportingInstance: {
          type: "string",
          description: "ID of the controller instance, e.g. `kubelet-xyzf`.",
        },
        series: {
          type: "EventSeries",
          description:
            "Data about the Event series this event represents or nil if it's a singleton Event.",
          ref: "EventSeries",
        },
        source: {
          type: "EventSource",
          description:
            "The component reporting this event. Should be a short machine understandable string.",
          ref: "EventSource",
        },
        type: {
          type: "string",
          description:
            "Type of this event (Normal, Warning), new types could be added in the future",
        },
      },
    },
    HTTPGetAction: {
      description: "HTTPGetAction describes an action based on HTTP Get requests.",
      fields: {
        host: {
          type: "string",
          description:
            'Host name to connect to, defaults to the pod IP. You probably want to set "Host" in httpHeaders instead.',
        },
        httpHeaders: {
          type: "[]HTTPHeader",
          description: "Custom headers to set in the request. HTTP allows repeated headers.",
          ref: "HTTPHeader",
        },
        path: {
          type: "string",
          description: "Path to access on the HTTP server.",
        },
        port: {
          type: "IntOrString",
          description:
            "Name or number of the port to access on the container. Number must be in the range 1 to 65535. Name must be an IANA_SVC_NAME.",
          required: true,
        },
        scheme: {
          type: "string",
          description: "Scheme to use for connecting to the host. Defaults to HTTP.",
        },
      },
    },
    HTTPIngressPath: {
      description:
        "HTTPIngressPath associates a path with a backend. Incoming urls matching the path are forwarded to the backend.",
      fields: {
        backend: {
          type: "IngressBackend",
          description:
            "backend defines the referenced service endpoint to which the traffic will be forwarded to.",
          required: true,
          ref: "IngressBackend",
        },
        path: {
          type: "string",
          description:
            'path is matched against the path of an incoming request. Currently it can contain characters disallowed from the conventional "path" part of a URL as defined by RFC 3986. Paths must begin with a \'/\' and must be present when using PathType with value "Exact" or "Prefix".',
        },
        pathType: {
          type: "string",
          description:
            "pathType determines the interpretation of the path matching. PathType can be one of the following values: * Exact: Matches the URL path exactly. * Prefix: Matches based on a URL path prefix split by '/'. Matching is\n  done on a path element by element basis. A path element refers is the\n  list of labels in the path split by the '/' separator. A request is a\n  match for path p if every p is an element-wise prefix of p of the\n  request path. Note that if the last element of the path is a substring\n  of the last element in request path, it is not a match (e.g. /foo/bar\n  matches /foo/bar/baz, but does not match /foo/barbaz).\n* ImplementationSpecific: Interpretation of the Path matching is up to\n  the IngressClass. Implementations can treat this as a separate PathType\n  or treat it identically to Prefix or Exact path types.\nImplementations are required to support all path types.",
          required: true,
        },
      },
    },
    HTTPIngressRuleValue: {
      description:
        "HTTPIngressRuleValue is a list of http selectors pointing to backends. In the example: http://<host>/<path>?<searchpart> -> backend where where parts of the url correspond to RFC 3986, this resource will be used to match against everything after the last '/' and before the first '?' or '#'.",
      fields: {
        paths: {
          type: "[]HTTPIngressPath",
          description: "paths is a collection of paths that map requests to backends.",
          required: true,
          ref: "HTTPIngressPath",
        },
      },
    },
    Ingress: {
      description:
        "Ingress is a collection of rules that allow inbound connections to reach the endpoints defined by a backend. An Ingress can be configured to give services externally-reachable urls, load balance traffic, terminate SSL, offer name based virtual hosting etc.",
      fields: {
        apiVersion: {
          type: "string",
          description:
            "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources",
        },
        kind: {
          type: "string",
          description:
            "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds",
        },
        metadata: {
          type: "ObjectMeta",
          description:
            "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
          ref: "ObjectMeta",
        },
        spec: {
          type: "IngressSpec",
          description:
            "spec is the desired state of the Ingress. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
          ref: "IngressSpec",
        },
        status: {
          type: "IngressStatus",
          description:
            "status is the current state of the Ingress. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
          ref: "IngressStatus",
        },
      },
    },
    IngressBackend: {
      description: "IngressBackend describes all endpoints for a given service and port.",
      fields: {
        resource: {
          type: "TypedLocalObjectReference",
          description:
            'resource is an ObjectRef to another Kubernetes resource in the namespace of the Ingress object. If resource is specified, a service.Name and service.Port must not be specified. This is a mutually exclusive setting with "Service".',
          ref: "TypedLocalObjectReference",
        },
        service: {
          type: "IngressServiceBackend",
          description:
            'service references a service as a backend. This is a mutually exclusive setting with "Resource".',
          ref: "IngressServiceBackend",
        },
      },
    },
    IngressClass: {
      description:
        "IngressClass represents the class of the Ingress, referenced by the Ingress Spec. The `ingressclass.kubernetes.io/is-default-class` annotation can be used to indicate that an IngressClass should be considered default. When a single IngressClass resource has this annotation set to true, new Ingress resources without a class specified will be assigned this default class.",
      fields: {
        apiVersion: {
          type: "string",
          description:
            "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources",
        },
        kind: {
          type: "string",
          description:
            "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds",
        },
        metadata: {
          type: "ObjectMeta",
          description:
            "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
          ref: "ObjectMeta",
        },
        spec: {
          type: "IngressClassSpec",
          description:
            "spec is the desired state of the IngressClass. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
          ref: "IngressClassSpec",
        },
      },
    },
    IngressRule: {
      description:
        "IngressRule represents the rules mapping the paths under a specified host to the related backend services. Incoming requests are first evaluated for a host match, then routed to the backend associated with the matching IngressRuleValue.",
      fields: {
        host: {
          type: "string",
          description:
            'host is the fully qualified domain name of a network host, as defined by RFC 3986. Note the following deviations from the "host" part of the URI as defined in RFC 3986: 1. IPs are not allowed. Currently an IngressRuleValue can only apply to\n   the IP in the Spec of the parent Ingress.\n2. The `:` delimiter is not respected because ports are not allowed.\n\t  Currently the port of an Ingress is implicitly :80 for http and\n\t  :443 for https.\nBoth these may change in the future. Incoming requests are matched against the host before the IngressRuleValue. If the host is unspecified, the Ingress routes all traffic based on the specified IngressRuleValue.\n\nhost can be "precise" which is a domain name without the terminating dot of a network host (e.g. "foo.bar.com") or "wildcard", which is a domain name prefixed with a single wildcard label (e.g. "*.foo.com"). The wildcard character \'*\' must appear by itself as the first DNS label and matches only a single label. You cannot have a wildcard label by itself (e.g. Host == "*"). Requests will be matched against the Host field in the following way: 1. If host is precise, the request matches this rule if the http host header is equal to Host. 2. If host is a wildcard, then the request matches this rule if the http host header is to equal to the suffix (removing the first label) of the wildcard rule.',
        },
        http: {
          type: "HTTPIngressRuleValue",
          description: "",
          ref: "HTTPIngressRuleValue",
        },
      },
    },
    IngressServiceBackend: {
      description: "IngressServiceBackend references a Kubernetes Service as a Backend.",
      fields: {
        name: {
          type: "string",
          description:
            "name is the referenced service. The service must exist in the same namespace as the Ingress object.",
          required: true,
        },
        port: {
          type: "ServiceBackendPort",
          description:
            "port of the referenced service. A port name or port number is required for a IngressServiceBackend.",
          ref: "ServiceBackendPort",
        },
      },
    },
    IngressSpec: {
      description: "IngressSpec describes the Ingress the user wishes to exist.",
      fields: {
        defaultBackend: {
          type: "IngressBackend",
          description:
            "defaultBackend is the backend that should handle requests that don't match any rule. If Rules are not specified, DefaultBackend must be specified. If DefaultBackend is not set, the handling of requests that do not match any of the rules will be up to the Ingress controller.",
          ref: "IngressBackend",
        },
        ingressClassName: {
          type: "string",
          description:
            "ingressClassName is the name of an IngressClass cluster resource. Ingress controller implementations use this field to know whether they should be serving this Ingress resource, by a transitive connection (controller -> IngressClass -> Ingress resource). Although the `kubernetes.io/ingress.class` annotation (simple constant name) was never formally defined, it was widely supported by Ingress controllers to create a direct binding between Ingress controller and Ingress resources. Newly created Ingress resources should prefer using the field. However, even though the annotation is officially deprecated, for backwards compatibility reasons, ingress controllers should still honor that annotation if present.",
        },
        rules: {
          type: "[]IngressRule",
          description:
            "rules is a list of host rules used to configure the Ingress. If unspecified, or no rule matches, all traffic is sent to the default backend.",
          ref: "IngressRule",
        },
        tls: {
          type: "[]IngressTLS",
          description:
            "tls represents the TLS configuration. Currently the Ingress only supports a single TLS port, 443. If multiple members of this list specify different hosts, they will be multiplexed on the same port according to the hostname specified through the SNI TLS extension, if the ingress controller fulfilling the ingress supports SNI.",
          ref: "IngressTLS",
        },
      },
    },
    LabelSelector: {
      description:
        "A label selector is a label query over a set of resources. The result of matchLabels and matchExpressions are ANDed. An empty label selector matches all objects. A null label selector matches no objects.",
      fields: {
        matchExpressions: {
          type: "[]LabelSelectorRequirement",
          description:
            "matchExpressions is a list of label selector requirements. The requirements are ANDed.",
          ref: "LabelSelectorRequirement",
        },
        matchLabels: {
          type: "map[string]string",
          description:
            'matchLabels is a map of {key,value} pairs. A single {key,value} in the matchLabels map is equivalent to an element of matchExpressions, whose key field is "key", the operator is "In", and the values array contains only "value". The requirements are ANDed.',
        },
      },
    },
    Lease: {
      description: "Lease defines a lease concept.",
      fields: {
        apiVersion: {
          type: "string",
          description:
            "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources",
        },
        kind: {
          type: "string",
          description:
            "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds",
        },
        metadata: {
          type: "ObjectMeta",
          description:
            "More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
          ref: "ObjectMeta",
        },
        spec: {
          type: "LeaseSpec",
          description:
            "spec contains the specification of the Lease. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
          ref: "LeaseSpec",
        },
      },
    },
    Namespace: {
      description: "Namespace provides a scope for Names. Use of multiple namespaces is optional.",
      fields: {
        apiVersion: {
          type: "string",
          description:
            "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources",
        },
        kind: {
          type: "string",
          description:
            "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds",
        },
        metadata: {
          type: "ObjectMeta",
          description:
            "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
          ref: "ObjectMeta",
        },
        spec: {
          type: "NamespaceSpec",
          description:
            "Spec defines the behavior of the Namespace. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
          ref: "NamespaceSpec",
        },
        status: {
          type: "NamespaceStatus",
          description:
            "Status describes the current status of a Namespace. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
          ref: "NamespaceStatus",
        },
      },
    },
    Node: {
      description:
        "Node is a worker node in Kubernetes. Each node will have a unique identifier in the cache (i.e. in etcd).",
      fields: {
        apiVersion: {
          type: "string",
          description:
            "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources",
        },
        kind: {
          type: "string",
          description:
            "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds",
        },
        metadata: {
          type: "ObjectMeta",
          description:
            "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
          ref: "ObjectMeta",
        },
        spec: {
          type: "NodeSpec",
          description:
            "Spec defines the behavior of a node. https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
          ref: "NodeSpec",
        },
        status: {
          type: "NodeStatus",
          description:
            "Most recently observed status of the node. Populated by the system. Read-only. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
          ref: "NodeStatus",
        },
      },
    },
    ObjectMeta: {
      description:
        "ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.",
      fields: {
        annotations: {
          type: "map[string]string",
          description:
            "Annotations is an unstructured key value map stored with a resource that may be set by external tools to store and retrieve arbitrary metadata. They are not queryable and should be preserved when modifying objects. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/annotations",
        },
        creationTimestamp: {
          type: "string",
          description:
            "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
        },
        deletionGracePeriodSeconds: {
          type: "integer",
          description:
            "Number of seconds allowed for this object to gracefully terminate before it will be removed from the system. Only set when deletionTimestamp is also set. May only be shortened. Read-only.",
        },
        deletionTimestamp: {
          type: "string",
          description:
            "DeletionTimestamp is RFC 3339 date and time at which this resource will be deleted. This field is set by the server when a graceful deletion is requested by the user, and is not directly settable by a client. The resource is expected to be deleted (no longer visible from resource lists, and not reachable by name) after the time in this field, once the finalizers list is empty. As long as the finalizers list contains items, deletion is blocked. Once the deletionTimestamp is set, this value may not be unset or be set further into the future, although it may be shortened or the resource may be deleted prior to this time. For example, a user may request that a pod is deleted in 30 seconds. The Kubelet will react by sending a graceful termination signal to the containers in the pod. After that 30 seconds, the Kubelet will send a hard termination signal (SIGKILL) to the container and after cleanup, remove the pod from the API. In the presence of network partitions, this object may still exist after this timestamp, until an administrator or automated process can determine the resource is fully terminated. If not set, graceful deletion of the object has not been requested.\n\nPopulated by the system when a graceful deletion is requested. Read-only. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
        },
        finalizers: {
          type: "[]string",
          description:
            "Must be empty before the object is deleted from the registry. Each entry is an identifier for the responsible component that will remove the entry from the list. If the deletionTimestamp of the object is non-nil, entries in this list can only be removed. Finalizers may be processed and removed in any order.  Order is NOT enforced because it introduces significant risk of stuck finalizers. finalizers is a shared field, any actor with permission can reorder it. If the finalizer list is processed in order, then this can lead to a situation in which the component responsible for the first finalizer in the list is waiting for a signal (field value, external system, or other) produced by a component responsible for a finalizer later in the list, resulting in a deadlock. Without enforced ordering finalizers are free to order amongst themselves and are not vulnerable to ordering changes in the list.",
        },
        generateName: {
          type: "string",
          description:
            "GenerateName is an optional prefix, used by the server, to generate a unique name ONLY IF the Name field has not been provided. If this field is used, the name returned to the client will be different than the name passed. This value will also be combined with a unique suffix. The provided value has the same validation rules as the Name field, and may be truncated by the length of the suffix required to make the value unique on the server.\n\nIf this field is specified and the generated name exists, the server will return a 409.\n\nApplied only if Name is not specified. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#idempotency",
        },
        generation: {
          type: "integer",
          description:
            "A sequence number representing a specific generation of the desired state. Populated by the system. Read-only.",
        },
        labels: {
          type: "map[string]string",
          description:
            "Map of string keys and values that can be used to organize and categorize (scope and select) objects. May match selectors of replication controllers and services. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels",
        },
        managedFields: {
          type: "[]ManagedFieldsEntry",
          description:
            "ManagedFields maps workflow-id and version to the set of fields that are managed by that workflow. This is mostly for internal housekeeping, and users typically shouldn't need to set or understand this field. A workflow can be the user's name, a controller's name, or the name of a specific apply path like \"ci-cd\". The set of fields is always in the version that the workflow used when modifying the object.",
          ref: "ManagedFieldsEntry",
        },
        name: {
          type: "string",
          description:
            "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names",
        },
        namespace: {
          type: "string",
          description:
            'Namespace defines the space within which each name must be unique. An empty namespace is equivalent to the "default" namespace, but "default" is the canonical representation. Not all objects are required to be scoped to a namespace - the value of this field for those objects will be empty.\n\nMust be a DNS_LABEL. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces',
        },
        ownerReferences: {
          type: "[]OwnerReference",
          description:
            "List of objects depended by this object. If ALL objects in the list have been deleted, this object will be garbage collected. If this object is managed by a controller, then an entry in this list will point to this controller, with the controller field set to true. There cannot be more than one managing controller.",
          ref: "OwnerReference",
        },
        resourceVersion: {
          type: "string",
          description:
            "An opaque value that represents the internal version of this object that can be used by clients to determine when objects have changed. May be used for optimistic concurrency, change detection, and the watch operation on a resource or set of resources. Clients must treat these values as opaque and passed unmodified back to the server. They may only be valid for a particular resource or set of resources.\n\nPopulated by the system. Read-only. Value must be treated as opaque by clients and . More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#concurrency-control-and-consistency",
        },
        selfLink: {
          type: "string",
          description:
            "Deprecated: selfLink is a legacy read-only field that is no longer populated by the system.",
        },
        uid: {
          type: "string",
          description:
            "UID is the unique in time and space value for this object. It is typically generated by the server on successful creation of a resource and is not allowed to change on PUT operations.\n\nPopulated by the system. Read-only. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#uids",
        },
      },
    },
    Pod: {
      description:
        "Pod is a collection of containers that can run on a host. This resource is created by clients and scheduled onto hosts.",
      fields: {
        apiVersion: {
          type: "string",
          description:
            "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources",
        },
        kind: {
          type: "string",
          description:
            "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds",
        },
        metadata: {
          type: "ObjectMeta",
          description:
            "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
          ref: "ObjectMeta",
        },
        spec: {
          type: "PodSpec",
          description:
            "Specification of the desired behavior of the pod. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
          ref: "PodSpec",
        },
        status: {
          type: "PodStatus",
          description:
            "Most recently observed status of the pod. This data may not be up to date. Populated by the system. Read-only. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
          ref: "PodStatus",
        },
      },
    },
    PodSpec: {
      description: "PodSpec is a description of a pod.",
      fields: {
        activeDeadlineSeconds: {
          type: "integer",
          description:
            "Optional duration in seconds the pod may be active on the node relative to StartTime before the system will actively try to mark it failed and kill associated containers. Value must be a positive integer.",
        },
        affinity: {
          type: "Affinity",
          description: "If specified, the pod's scheduling constraints",
          ref: "Affinity",
        },
        automountServiceAccountToken: {
          type: "boolean",
          description:
            "AutomountServiceAccountToken indicates whether a service account token should be automatically mounted.",
        },
        containers: {
          type: "[]Container",
          description:
            "List of containers belonging to the pod. Containers cannot currently be added or removed. There must be at least one container in a Pod. Cannot be updated.",
          required: true,
          ref: "Container",
        },
        dnsConfig: {
          type: "PodDNSConfig",
          description:
            "Specifies the DNS parameters of a pod. Parameters specified here will be merged to the generated DNS configuration based on DNSPolicy.",
          ref: "PodDNSConfig",
        },
        dnsPolicy: {
          type: "string",
          description:
            "Set DNS policy for the pod. Defaults to \"ClusterFirst\". Valid values are 'ClusterFirstWithHostNet', 'ClusterFirst', 'Default' or 'None'. DNS parameters given in DNSConfig will be merged with the policy selected with DNSPolicy. To have DNS options set along with hostNetwork, you have to specify DNS policy explicitly to 'ClusterFirstWithHostNet'.",
        },
        enableServiceLinks: {
          type: "boolean",
          description:
            "EnableServiceLinks indicates whether information about services should be injected into pod's environment variables, matching the syntax of Docker links. Optional: Defaults to true.",
        },
        ephemeralContainers: {
          type: "[]EphemeralContainer",
          description:
            "List of ephemeral containers run in this pod. Ephemeral containers may be run in an existing pod to perform user-initiated actions such as debugging. This list cannot be specified when creating a pod, and it cannot be modified by updating the pod spec. In order to add an ephemeral container to an existing pod, use the pod's ephemeralcontainers subresource.",
          ref: "EphemeralContainer",
        },
        hostAliases: {
          type: "[]HostAlias",
          description:
            "HostAliases is an optional list of hosts and IPs that will be injected into the pod's hosts file if specified.",
          ref: "HostAlias",
        },
        hostIPC: {
          type: "boolean",
          description: "Use the host's ipc namespace. Optional: Default to false.",
        },
        hostNetwork: {
          type: "boolean",
          description:
            "Host networking requested for this pod. Use the host's network namespace. If this option is set, the ports that will be used must be specified. Default to false.",
        },
        hostPID: {
          type: "boolean",
          description: "Use the host's pid namespace. Optional: Default to false.",
        },
        hostUsers: {
          type: "boolean",
          description:
            "Use the host's user namespace. Optional: Default to true. If set to true or not present, the pod will be run in the host user namespace, useful for when the pod needs a feature only available to the host user namespace, such as loading a kernel module with CAP_SYS_MODULE. When set to false, a new userns is created for the pod. Setting false is useful for mitigating container breakout vulnerabilities even allowing users to run their containers as root without actually having root privileges on the host. This field is alpha-level and is only honored by servers that enable the UserNamespacesSupport feature.",
        },
        hostname: {
          type: "string",
          description:
            "Specifies the hostname of the Pod If not specified, the pod's hostname will be set to a system-defined value.",
        },
        imagePullSecrets: {
          type: "[]LocalObjectReference",
          description:
            "ImagePullSecrets is an optional list of references to secrets in the same namespace to use for pulling any of the images used by this PodSpec. If specified, these secrets will be passed to individual puller implementations for them to use. More info: https://kubernetes.io/docs/concepts/containers/images#specifying-imagepullsecrets-on-a-pod",
          ref: "LocalObjectReference",
        },
        initContainers: {
          type: "[]Container",
          description:
            "List of initialization containers belonging to the pod. Init containers are executed in order prior to containers being started. If any init container fails, the pod is considered to have failed and is handled according to its restartPolicy. The name for an init container or normal container must be unique among all containers. Init containers may not have Lifecycle actions, Readiness probes, Liveness probes, or Startup probes. The resourceRequirements of an init container are taken into account during scheduling by finding the highest request/limit for each resource type, and then using the max of of that value or the sum of the normal containers. Limits are applied to init containers in a similar fashion. Init containers cannot currently be added or removed. Cannot be updated. More info: https://kubernetes.io/docs/concepts/workloads/pods/init-containers/",
          ref: "Container",
        },
        nodeName: {
          type: "string",
          description:
            "NodeName is a request to schedule this pod onto a specific node. If it is non-empty, the scheduler simply schedules this pod onto that node, assuming that it fits resource requirements.",
        },
        nodeSelector: {
          type: "map[string]string",
          description:
            "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node. More info: https://kubernetes.io/docs/concepts/configuration/assign-pod-node/",
        },
        os: {
          type: "PodOS",
          description:
            "Specifies the OS of the containers in the pod. Some pod and container fields are restricted if this is set.\n\nIf the OS field is set to linux, the following fields must be unset: -securityContext.windowsOptions\n\nIf the OS field is set to windows, following fields must be unset: - spec.hostPID - spec.hostIPC - spec.hostUsers - spec.securityContext.appArmorProfile - spec.securityContext.seLinuxOptions - spec.securityContext.seccompProfile - spec.securityContext.fsGroup - spec.securityContext.fsGroupChangePolicy - spec.securityContext.sysctls - spec.shareProcessNamespace - spec.securityContext.runAsUser - spec.securityContext.runAsGroup - spec.securityContext.supplementalGroups - spec.containers[*].securityContext.appArmorProfile - spec.containers[*].securityContext.seLinuxOptions - spec.containers[*].securityContext.seccompProfile - spec.containers[*].securityContext.capabilities - spec.containers[*].securityContext.readOnlyRootFilesystem - spec.containers[*].securityContext.privileged - spec.containers[*].securityContext.allowPrivilegeEscalation - spec.containers[*].securityContext.procMount - spec.containers[*].securityContext.runAsUser - spec.containers[*].securityContext.runAsGroup",
          ref: "PodOS",
        },
        overhead: {
          type: "map[string]Quantity",
          description:
            "Overhead represents the resource overhead associated with running a pod for a given RuntimeClass. This field will be autopopulated at admission time by the RuntimeClass admission controller. If the RuntimeClass admission controller is enabled, overhead must not be set in Pod create requests. The RuntimeClass admission controller will reject Pod create requests which have the overhead already set. If RuntimeClass is configured and selected in the PodSpec, Overhead will be set to the value defined in the corresponding RuntimeClass, otherwise it will remain unset and treated as zero. More info: https://git.k8s.io/enhancements/keps/sig-node/688-pod-overhead/README.md",
        },
        preemptionPolicy: {
          type: "string",
          description:
            "PreemptionPolicy is the Policy for preempting pods with lower priority. One of Never, PreemptLowerPriority. Defaults to PreemptLowerPriority if unset.",
        },
        priority: {
          type: "integer",
          description:
            "The priority value. Various system components use this field to find the priority of the pod. When Priority Admission Controller is enabled, it prevents users from setting this field. The admission controller populates this field from PriorityClassName. The higher the value, the higher the priority.",
        },
        priorityClassName: {
          type: "string",
          description:
            'If specified, indicates the pod\'s priority. "system-node-critical" and "system-cluster-critical" are two special keywords which indicate the highest priorities with the former being the highest priority. Any other name must be defined by creating a PriorityClass object with that name. If not specified, the pod priority will be default or zero if there is no default.',
        },
        readinessGates: {
          type: "[]PodReadinessGate",
          description:
            'If specified, all readiness gates will be evaluated for pod readiness. A pod is ready when all its containers are ready AND all conditions specified in the readiness gates have status equal to "True" More info: https://git.k8s.io/enhancements/keps/sig-network/580-pod-readiness-gates',
          ref: "PodReadinessGate",
        },
        resourceClaims: {
          type: "[]PodResourceClaim",
          description:
            "ResourceClaims defines which ResourceClaims must be allocated and reserved before the Pod is allowed to start. The resources will be made available to those containers which consume them by name.\n\nThis is an alpha field and requires enabling the DynamicResourceAllocation feature gate.\n\nThis field is immutable.",
          ref: "PodResourceClaim",
        },
        restartPolicy: {
          type: "string",
          description:
            "Restart policy for all containers within the pod. One of Always, OnFailure, Never. In some contexts, only a subset of those values may be permitted. Default to Always. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#restart-policy",
        },
        runtimeClassName: {
          type: "string",
          description:
            'RuntimeClassName refers to a RuntimeClass object in the node.k8s.io group, which should be used to run this pod.  If no RuntimeClass resource matches the named class, the pod will not be run. If unset or empty, the "legacy" RuntimeClass will be used, which is an implicit class with an empty definition that uses the default runtime handler. More info: https://git.k8s.io/enhancements/keps/sig-node/585-runtime-class',
        },
        schedulerName: {
          type: "string",
          description:
            "If specified, the pod will be dispatched by specified scheduler. If not specified, the pod will be dispatched by default scheduler.",
        },
        schedulingGates: {
          type: "[]PodSchedulingGate",
          description:
            "SchedulingGates is an opaque list of values that if specified will block scheduling the pod. If schedulingGates is not empty, the pod will stay in the SchedulingGated state and the scheduler will not attempt to schedule the pod.\n\nSchedulingGates can only be set at pod creation time, and be removed only afterwards.",
          ref: "PodSchedulingGate",
        },
        securityContext: {
          type: "PodSecurityContext",
          description:
            "SecurityContext holds pod-level security attributes and common container settings. Optional: Defaults to empty.  See type description for default values of each field.",
          ref: "PodSecurityContext",
        },
        serviceAccount: {
          type: "string",
          description:
            "DeprecatedServiceAccount is a deprecated alias for ServiceAccountName. Deprecated: Use serviceAccountName instead.",
        },
        serviceAccountName: {
          type: "string",
          description:
            "ServiceAccountName is the name of the ServiceAccount to use to run this pod. More info: https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/",
        },
        setHostnameAsFQDN: {
          type: "boolean",
          description:
            "If true the pod's hostname will be configured as the pod's FQDN, rather than the leaf name (the default). In Linux containers, this means setting the FQDN in the hostname field of the kernel (the nodename field of struct utsname). In Windows containers, this means setting the registry value of hostname for the registry key HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters to FQDN. If a pod does not have FQDN, this has no effect. Default to false.",
        },
        shareProcessNamespace: {
          type: "boolean",
          description:
            "Share a single process namespace between all of the containers in a pod. When this is set containers will be able to view and signal processes from other containers in the same pod, and the first process in each container will not be assigned PID 1. HostPID and ShareProcessNamespace cannot both be set. Optional: Default to false.",
        },
        subdomain: {
          type: "string",
          description:
            'If specified, the fully qualified Pod hostname will be "<hostname>.<subdomain>.<pod namespace>.svc.<cluster domain>". If not specified, the pod will not have a domainname at all.',
        },
        terminationGracePeriodSeconds: {
          type: "integer",
          description:
            "Optional duration in seconds the pod needs to terminate gracefully. May be decreased in delete request. Value must be non-negative integer. The value zero indicates stop immediately via the kill signal (no opportunity to shut down). If this value is nil, the default grace period will be used instead. The grace period is the duration in seconds after the processes running in the pod are sent a termination signal and the time when the processes are forcibly halted with a kill signal. Set this value longer than the expected cleanup time for your process. Defaults to 30 seconds.",
        },
        tolerations: {
          type: "[]Toleration",
          description: "If specified, the pod's tolerations.",
          ref: "Toleration",
        },
        topologySpreadConstraints: {
          type: "[]TopologySpreadConstraint",
          description:
            "TopologySpreadConstraints describes how a group of pods ought to spread across topology domains. Scheduler will schedule pods in a way which abides by the constraints. All topologySpreadConstraints are ANDed.",
          ref: "TopologySpreadConstraint",
        },
        volumes: {
          type: "[]Volume",
          description:
            "List of volumes that can be mounted by containers belonging to the pod. More info: https://kubernetes.io/docs/concepts/storage/volumes",
          ref: "Volume",
        },
      },
    },
    PodTemplateSpec: {
      description:
        "PodTemplateSpec describes the data a pod should have when created from a template",
      fields: {
        metadata: {
          type: "ObjectMeta",
          description:
            "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
          ref: "ObjectMeta",
        },
        spec: {
          type: "PodSpec",
          description:
            "Specification of the desired behavior of the pod. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
          ref: "PodSpec",
        },
      },
    },
    Probe: {
      description:
        "Probe describes a health check to be performed against a container to determine whether it is alive or ready to receive traffic.",
      fields: {
        exec: {
          type: "ExecAction",
          description: "Exec specifies the action to take.",
          ref: "ExecAction",
        },
        failureThreshold: {
          type: "integer",
          description:
            "Minimum consecutive failures for the probe to be considered failed after having succeeded. Defaults to 3. Minimum value is 1.",
        },
        grpc: {
          type: "GRPCAction",
          description: "GRPC specifies an action involving a GRPC port.",
        },
        httpGet: {
          type: "HTTPGetAction",
          description: "HTTPGet specifies the http request to perform.",
          ref: "HTTPGetAction",
        },
        initialDelaySeconds: {
          type: "integer",
          description:
            "Number of seconds after the container has started before liveness probes are initiated. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#container-probes",
        },
        periodSeconds: {
          type: "integer",
          description:
            "How often (in seconds) to perform the probe. Default to 10 seconds. Minimum value is 1.",
        },
        successThreshold: {
          type: "integer",
          description:
            "Minimum consecutive successes for the probe to be considered successful after having failed. Defaults to 1. Must be 1 for liveness and startup. Minimum value is 1.",
        },
        tcpSocket: {
          type: "TCPSocketAction",
          description: "TCPSocket specifies an action involving a TCP port.",
          ref: "TCPSocketAction",
        },
        terminationGracePeriodSeconds: {
          type: "integer",
          description:
            "Optional duration in seconds the pod needs to terminate gracefully upon probe failure. The grace period is the duration in seconds after the processes running in the pod are sent a termination signal and the time when the processes are forcibly halted with a kill signal. Set this value longer than the expected cleanup time for your process. If this value is nil, the pod's terminationGracePeriodSeconds will be used. Otherwise, this value overrides the value provided by the pod spec. Value must be non-negative integer. The value zero indicates stop immediately via the kill signal (no opportunity to shut down). This is a beta field and requires enabling ProbeTerminationGracePeriod feature gate. Minimum value is 1. spec.terminationGracePeriodSeconds is used if unset.",
        },
        timeoutSeconds: {
          type: "integer",
          description:
            "Number of seconds after which the probe times out. Defaults to 1 second. Minimum value is 1. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#container-probes",
        },
      },
    },
    ReplicaSet: {
      description:
        "ReplicaSet ensures that a specified number of pod replicas are running at any given time.",
      fields: {
        apiVersion: {
          type: "string",
          description:
            "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources",
        },
        kind: {
          type: "string",
          description:
            "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds",
        },
        metadata: {
          type: "ObjectMeta",
          description:
            "If the Labels of a ReplicaSet are empty, they are defaulted to be the same as the Pod(s) that the ReplicaSet manages. Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
          ref: "ObjectMeta",
        },
        spec: {
          type: "ReplicaSetSpec",
          description:
            "Spec defines the specification of the desired behavior of the ReplicaSet. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
          ref: "ReplicaSetSpec",
        },
        status: {
          type: "ReplicaSetStatus",
          description:
            "Status is the most recently observed status of the ReplicaSet. This data may be out of date by some window of time. Populated by the system. Read-only. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
          ref: "ReplicaSetStatus",
        },
      },
    },
    ReplicaSetSpec: {
      description: "ReplicaSetSpec is the specification of a ReplicaSet.",
      fields: {
        minReadySeconds: {
          type: "integer",
          description:
            "Minimum number of seconds for which a newly created pod should be ready without any of its container crashing, for it to be considered available. Defaults to 0 (pod will be considered available as soon as it is ready)",
        },
        replicas: {
          type: "integer",
          description:
            "Replicas is the number of desired replicas. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller/#what-is-a-replicationcontroller",
        },
        selector: {
          type: "LabelSelector",
          description:
            "Selector is a label query over pods that should match the replica count. Label keys and values that must match in order to be controlled by this replica set. It must match the pod template's labels. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors",
          required: true,
          ref: "LabelSelector",
        },
        template: {
          type: "PodTemplateSpec",
          description:
            "Template is the object that describes the pod that will be created if insufficient replicas are detected. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#pod-template",
          ref: "PodTemplateSpec",
        },
      },
    },
    ResourceRequirements: {
      description: "ResourceRequirements describes the compute resource requirements.",
      fields: {
        claims: {
          type: "[]ResourceClaim",
          description:
            "Claims lists the names of resources, defined in spec.resourceClaims, that are used by this container.\n\nThis is an alpha field and requires enabling the DynamicResourceAllocation feature gate.\n\nThis field is immutable. It can only be set for containers.",
          ref: "ResourceClaim",
        },
        limits: {
          type: "map[string]Quantity",
          description:
            "Limits describes the maximum amount of compute resources allowed. More info: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",
        },
        requests: {
          type: "map[string]Quantity",
          description:
            "Requests describes the minimum amount of compute resources required. If Requests is omitted for a container, it defaults to Limits if that is explicitly specified, otherwise to an implementation-defined value. Requests cannot exceed Limits. More info: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",
        },
      },
    },
    RollingUpdateDeployment: {
      description: "Spec to control the desired behavior of rolling update.",
      fields: {
        maxSurge: {
          type: "IntOrString",
          description:
            "The maximum number of pods that can be scheduled above the desired number of pods. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). This can not be 0 if MaxUnavailable is 0. Absolute number is calculated from percentage by rounding up. Defaults to 25%. Example: when this is set to 30%, the new ReplicaSet can be scaled up immediately when the rolling update starts, such that the total number of old and new pods do not exceed 130% of desired pods. Once old pods have been killed, new ReplicaSet can be scaled up further, ensuring that total number of pods running at any time during the update is at most 130% of desired pods.",
        },
        maxUnavailable: {
          type: "IntOrString",
          description:
            "The maximum number of pods that can be unavailable during the update. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). Absolute number is calculated from percentage by rounding down. This can not be 0 if MaxSurge is 0. Defaults to 25%. Example: when this is set to 30%, the old ReplicaSet can be scaled down to 70% of desired pods immediately when the rolling update starts. Once new pods are ready, old ReplicaSet can be scaled down further, followed by scaling up the new ReplicaSet, ensuring that the total number of pods available at all times during the update is at least 70% of desired pods.",
        },
      },
    },
    Secret: {
      description:
        "Secret holds secret data of a certain type. The total bytes of the values in the Data field must be less than MaxSecretSize bytes.",
      fields: {
        apiVersion: {
          type: "string",
          description:
            "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources",
        },
        data: {
          type: "map[string]string",
          description:
            "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here. Described in https://tools.ietf.org/html/rfc4648#section-4",
        },
        immutable: {
          type: "boolean",
          description:
            "Immutable, if set to true, ensures that data stored in the Secret cannot be updated (only object metadata can be modified). If not set to true, the field can be modified at any time. Defaulted to nil.",
        },
        kind: {
          type: "string",
          description:
            "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds",
        },
        metadata: {
          type: "ObjectMeta",
          description:
            "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
          ref: "ObjectMeta",
        },
        stringData: {
          type: "map[string]string",
          description:
            "stringData allows specifying non-binary secret data in string form. It is provided as a write-only input field for convenience. All keys and values are merged into the data field on write, overwriting any existing values. The stringData field is never output when reading from the API.",
        },
        type: {
          type: "string",
          description:
            "Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types",
        },
      },
    },
    Service: {
      description:
        "Service is a named abstraction of software service (for example, mysql) consisting of local port (for example 3306) that the proxy listens on, and the selector that determines which pods will answer requests sent through the proxy.",
      fields: {
        apiVersion: {
          type: "string",
          description:
            "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources",
        },
        kind: {
          type: "string",
          description:
            "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds",
        },
        metadata: {
          type: "ObjectMeta",
          description:
            "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
          ref: "ObjectMeta",
        },
        spec: {
          type: "ServiceSpec",
          description:
            "Spec defines the behavior of a service. https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
          ref: "ServiceSpec",
        },
        status: {
          type: "ServiceStatus",
          description:
            "Most recently observed status of the service. Populated by the system. Read-only. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
          ref: "ServiceStatus",
        },
      },
    },
    ServiceBackendPort: {
      description: "ServiceBackendPort is the service port being referenced.",
      fields: {
        name: {
          type: "string",
          description:
            'name is the name of the port on the Service. This is a mutually exclusive setting with "Number".',
        },
        number: {
          type: "integer",
          description:
            'number is the numerical port number (e.g. 80) on the Service. This is a mutually exclusive setting with "Name".',
        },
      },
    },
    ServicePort: {
      description: "ServicePort contains information on service's port.",
      fields: {
        appProtocol: {
          type: "string",
          description:
            "The application protocol for this port. This is used as a hint for implementations to offer richer behavior for protocols that they understand. This field follows standard Kubernetes label syntax. Valid values are either:\n\n* Un-prefixed protocol names - reserved for IANA standard service names (as per RFC-6335 and https://www.iana.org/assignments/service-names).\n\n* Kubernetes-defined prefixed names:\n  * 'kubernetes.io/h2c' - HTTP/2 prior knowledge over cleartext as described in https://www.rfc-editor.org/rfc/rfc9113.html#name-starting-http-2-with-prior-\n  * 'kubernetes.io/ws'  - WebSocket over cleartext as described in https://www.rfc-editor.org/rfc/rfc6455\n  * 'kubernetes.io/wss' - WebSocket over TLS as described in https://www.rfc-editor.org/rfc/rfc6455\n\n* Other protocols should use implementation-defined prefixed names such as mycompany.com/my-custom-protocol.",
        },
        name: {
          type: "string",
          description:
            "The name of this port within the service. This must be a DNS_LABEL. All ports within a ServiceSpec must have unique names. When considering the endpoints for a Service, this must match the 'name' field in the EndpointPort. Optional if only one ServicePort is defined on this service.",
        },
        nodePort: {
          type: "integer",
          description:
            "The port on each node on which this service is exposed when type is NodePort or LoadBalancer.  Usually assigned by the system. If a value is specified, in-range, and not in use it will be used, otherwise the operation will fail.  If not specified, a port will be allocated if this Service requires one.  If this field is specified when creating a Service which does not need it, creation will fail. This field will be wiped when updating a Service to no longer need it (e.g. changing type from NodePort to ClusterIP). More info: https://kubernetes.io/docs/concepts/services-networking/service/#type-nodeport",
        },
        port: {
          type: "integer",
          description: "The port that will be exposed by this service.",
          required: true,
        },
        protocol: {
          type: "string",
          description:
            'The IP protocol for this port. Supports "TCP", "UDP", and "SCTP". Default is TCP.',
        },
        targetPort: {
          type: "IntOrString",
          description:
            "Number or name of the port to access on the pods targeted by the service. Number must be in the range 1 to 65535. Name must be an IANA_SVC_NAME. If this is a string, it will be looked up as a named port in the target Pod's container ports. If this is not specified, the value of the 'port' field is used (an identity map). This field is ignored for services with clusterIP=None, and should be omitted or set equal to the 'port' field. More info: https://kubernetes.io/docs/concepts/services-networking/service/#defining-a-service",
        },
      },
    },
    ServiceSpec: {
      description: "ServiceSpec describes the attributes that a user creates on a service.",
      fields: {
        allocateLoadBalancerNodePorts: {
          type: "boolean",
          description:
            'allocateLoadBalancerNodePorts defines if NodePorts will be automatically allocated for services with type LoadBalancer.  Default is "true". It may be set to "false" if the cluster load-balancer does not rely on NodePorts.  If the caller requests specific NodePorts (by specifying a value), those requests will be respected, regardless of this field. This field may only be set for services with type LoadBalancer and will be cleared if the type is changed to any other type.',
        },
        clusterIP: {
          type: "string",
          description:
            'clusterIP is the IP address of the service and is usually assigned randomly. If an address is specified manually, is in-range (as per system configuration), and is not in use, it will be allocated to the service; otherwise creation of the service will fail. This field may not be changed through updates unless the type field is also being changed to ExternalName (which requires this field to be blank) or the type field is being changed from ExternalName (in which case this field may optionally be specified, as describe above).  Valid values are "None", empty string (""), or a valid IP address. Setting this to "None" makes a "headless service" (no virtual IP), which is useful when direct endpoint connections are preferred and proxying is not required.  Only applies to types ClusterIP, NodePort, and LoadBalancer. If this field is specified when creating a Service of type ExternalName, creation will fail. This field will be wiped when updating a Service to type ExternalName. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies',
        },
        clusterIPs: {
          type: "[]string",
          description:
            'ClusterIPs is a list of IP addresses assigned to this service, and are usually assigned randomly.  If an address is specified manually, is in-range (as per system configuration), and is not in use, it will be allocated to the service; otherwise creation of the service will fail. This field may not be changed through updates unless the type field is also being changed to ExternalName (which requires this field to be empty) or the type field is being changed from ExternalName (in which case this field may optionally be specified, as describe above).  Valid values are "None", empty string (""), or a valid IP address.  Setting this to "None" makes a "headless service" (no virtual IP), which is useful when direct endpoint connections are preferred and proxying is not required.  Only applies to types ClusterIP, NodePort, and LoadBalancer. If this field is specified when creating a Service of type ExternalName, creation will fail. This field will be wiped when updating a Service to type ExternalName.  If this field is not specified, it will be initialized from the clusterIP field.  If this field is specified, clients must ensure that clusterIPs[0] and clusterIP have the same value.\n\nThis field may hold a maximum of two entries (dual-stack IPs, in either order). These IPs must correspond to the values of the ipFamilies field. Both clusterIPs and ipFamilies are governed by the ipFamilyPolicy field. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies',
        },
        externalIPs: {
          type: "[]string",
          description:
            "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.  These IPs are not managed by Kubernetes.  The user is responsible for ensuring that traffic arrives at a node with this IP.  A common example is external load-balancers that are not part of the Kubernetes system.",
        },
        externalName: {
          type: "string",
          description:
            'externalName is the external reference that discovery mechanisms will return as an alias for this service (e.g. a DNS CNAME record). No proxying will be involved.  Must be a lowercase RFC-1123 hostname (https://tools.ietf.org/html/rfc1123) and requires `type` to be "ExternalName".',
        },
        externalTrafficPolicy: {
          type: "string",
          description:
            'externalTrafficPolicy describes how nodes distribute service traffic they receive on one of the Service\'s "externally-facing" addresses (NodePorts, ExternalIPs, and LoadBalancer IPs). If set to "Local", the proxy will configure the service in a way that assumes that external load balancers will take care of balancing the service traffic between nodes, and so each node will deliver traffic only to the node-local endpoints of the service, without masquerading the client source IP. (Traffic mistakenly sent to a node with no endpoints will be dropped.) The default value, "Cluster", uses the standard behavior of routing to all endpoints evenly (possibly modified by topology and other features). Note that traffic sent to an External IP or LoadBalancer IP from within the cluster will always get "Cluster" semantics, but clients sending to a NodePort from within the cluster may need to take traffic policy into account when picking a node.',
        },
        healthCheckNodePort: {
          type: "integer",
          description:
            "healthCheckNodePort specifies the healthcheck nodePort for the service. This only applies when type is set to LoadBalancer and externalTrafficPolicy is set to Local. If a value is specified, is in-range, and is not in use, it will be used.  If not specified, a value will be automatically allocated.  External systems (e.g. load-balancers) can use this port to determine if a given node holds endpoints for this service or not.  If this field is specified when creating a Service which does not need it, creation will fail. This field will be wiped when updating a Service to no longer need it (e.g. changing type). This field cannot be updated once set.",
        },
        internalTrafficPolicy: {
          type: "string",
          description:
            'InternalTrafficPolicy describes how nodes distribute service traffic they receive on the ClusterIP. If set to "Local", the proxy will assume that pods only want to talk to endpoints of the service on the same node as the pod, dropping the traffic if there are no local endpoints. The default value, "Cluster", uses the standard behavior of routing to all endpoints evenly (possibly modified by topology and other features).',
        },
        ipFamilies: {
          type: "[]string",
          description:
            'IPFamilies is a list of IP families (e.g. IPv4, IPv6) assigned to this service. This field is usually assigned automatically based on cluster configuration and the ipFamilyPolicy field. If this field is specified manually, the requested family is available in the cluster, and ipFamilyPolicy allows it, it will be used; otherwise creation of the service will fail. This field is conditionally mutable: it allows for adding or removing a secondary IP family, but it does not allow changing the primary IP family of the Service. Valid values are "IPv4" and "IPv6".  This field only applies to Services of types ClusterIP, NodePort, and LoadBalancer, and does apply to "headless" services. This field will be wiped when updating a Service to type ExternalName.\n\nThis field may hold a maximum of two entries (dual-stack families, in either order).  These families must correspond to the values of the clusterIPs field, if specified. Both clusterIPs and ipFamilies are governed by the ipFamilyPolicy field.',
        },
        ipFamilyPolicy: {
          type: "string",
          description:
            'IPFamilyPolicy represents the dual-stack-ness requested or required by this Service. If there is no value provided, then this field will be set to SingleStack. Services can be "SingleStack" (a single IP family), "PreferDualStack" (two IP families on dual-stack configured clusters or a single IP family on single-stack clusters), or "RequireDualStack" (two IP families on dual-stack configured clusters, otherwise fail). The ipFamilies and clusterIPs fields depend on the value of this field. This field will be wiped when updating a service to type ExternalName.',
        },
        loadBalancerClass: {
          type: "string",
          description:
            "loadBalancerClass is the class of the load balancer implementation this Service belongs to. If specified, the value of this field must be a label-style identifier, with an optional prefix, e.g. \"internal-vip\" or \"example.com/internal-vip\". Unprefixed names are reserved for end-users. This field can only be set when the Service type is 'LoadBalancer'. If not set, the default load balancer implementation is used, today this is typically done through the cloud provider integration, but should apply for any default implementation. If set, it is assumed that a load balancer implementation is watching for Services with a matching class. Any default load balancer implementation (e.g. cloud providers) should ignore Services that set this field. This field can only be set when creating or updating a Service to type 'LoadBalancer'. Once set, it can not be changed. This field will be wiped when a service is updated to a non 'LoadBalancer' type.",
        },
        loadBalancerIP: {
          type: "string",
          description:
            "Only applies to Service Type: LoadBalancer. This feature depends on whether the underlying cloud-provider supports specifying the loadBalancerIP when a load balancer is created. This field will be ignored if the cloud-provider does not support the feature. Deprecated: This field was under-specified and its meaning varies across implementations. Using it is non-portable and it may not support dual-stack. Users are encouraged to use implementation-specific annotations when available.",
        },
        loadBalancerSourceRanges: {
          type: "[]string",
          description:
            'If specified and supported by the platform, this will restrict traffic through the cloud-provider load-balancer will be restricted to the specified client IPs. This field will be ignored if the cloud-provider does not support the feature." More info: https://kubernetes.io/docs/tasks/access-application-cluster/create-external-load-balancer/',
        },
        ports: {
          type: "[]ServicePort",
          description:
            "The list of ports that are exposed by this service. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies",
          ref: "ServicePort",
        },
        publishNotReadyAddresses: {
          type: "boolean",
          description:
            'publishNotReadyAddresses indicates that any agent which deals with endpoints for this Service should disregard any indications of ready/not-ready. The primary use case for setting this field is for a StatefulSet\'s Headless Service to propagate SRV DNS records for its Pods for the purpose of peer discovery. The Kubernetes controllers that generate Endpoints and EndpointSlice resources for Services interpret this to mean that all endpoints are considered "ready" even if the Pods themselves are not. Agents which consume only Kubernetes generated endpoints through the Endpoints or EndpointSlice resources can safely assume this behavior.',
        },
        selector: {
          type: "map[string]string",
          description:
            "Route service traffic to pods with label keys and values matching this selector. If empty or not present, the service is assumed to have an external process managing its endpoints, which Kubernetes will not modify. Only applies to types ClusterIP, NodePort, and LoadBalancer. Ignored if type is ExternalName. More info: https://kubernetes.io/docs/concepts/services-networking/service/",
        },
        sessionAffinity: {
          type: "string",
          description:
            'Supports "ClientIP" and "None". Used to maintain session affinity. Enable client IP based session affinity. Must be ClientIP or None. Defaults to None. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies',
        },
        sessionAffinityConfig: {
          type: "SessionAffinityConfig",
          description: "sessionAffinityConfig contains the configurations of session affinity.",
          ref: "SessionAffinityConfig",
        },
        trafficDistribution: {
          type: "string",
          description:
            'TrafficDistribution offers a way to express preferences for how traffic is distributed to Service endpoints. Implementations can use this field as a hint, but are not required to guarantee strict adherence. If the field is not set, the implementation will apply its default routing strategy. If set to "PreferClose", implementations should prioritize endpoints that are topologically close (e.g., same zone).',
        },
        type: {
          type: "string",
          description:
            'type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer. "ClusterIP" allocates a cluster-internal IP address for load-balancing to endpoints. Endpoints are determined by the selector or if that is not specified, by manual construction of an Endpoints object or EndpointSlice objects. If clusterIP is "None", no virtual IP is allocated and the endpoints are published as a set of endpoints rather than a virtual IP. "NodePort" builds on ClusterIP and allocates a port on every node which routes to the same endpoints as the clusterIP. "LoadBalancer" builds on NodePort and creates an external load-balancer (if supported in the current cloud) which routes to the same endpoints as the clusterIP. "ExternalName" aliases this service to the specified externalName. Several other fields do not apply to ExternalName services. More info: https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types',
        },
      },
    },
  },
  descriptions: {
    EnvFromSource: "EnvFromSource represents the source of a set of ConfigMaps",
    Lifecycle:
      "Lifecycle describes actions that the management system should take in response to container lifecycle events. For the PostStart and PreStop lifecycle handlers, management of the container blocks until the action is complete, unless the container process fails, in which case the handler is aborted.",
    ContainerResizePolicy:
      "ContainerResizePolicy represents resource resize policy for the container.",
    SecurityContext:
      "SecurityContext holds security configuration that will be applied to a container. Some fields are present in both SecurityContext and PodSecurityContext.  When both are set, the values in SecurityContext take precedence.",
    VolumeDevice: "volumeDevice describes a mapping of a raw block device within a container.",
    VolumeMount: "VolumeMount describes a mounting of a Volume within a container.",
    DeploymentStatus: "DeploymentStatus is the most recently observed status of the Deployment.",
    Endpoint: 'Endpoint represents a single logical "backend" implementing a service.',
    EndpointPort: "EndpointPort is a tuple that describes a single port.",
    EndpointSubset:
      'EndpointSubset is a group of addresses with a common set of ports. The expanded set of endpoints is the Cartesian product of Addresses x Ports. For example, given:\n\n\t{\n\t  Addresses: [{"ip": "10.10.1.1"}, {"ip": "10.10.2.2"}],\n\t  Ports:     [{"name": "a", "port": 8675}, {"name": "b", "port": 309}]\n\t}\n\nThe resulting set of endpoints can be viewed as:\n\n\ta: [ 10.10.1.1:8675, 10.10.2.2:8675 ],\n\tb: [ 10.10.1.1:309, 10.10.2.2:309 ]',
    EnvVarSource: "EnvVarSource represents a source for the value of an EnvVar.",
    ObjectReference:
      "ObjectReference contains enough information to let you inspect or modify the referred object.",
    EventSeries:
      "EventSeries contain information on series of events, i.e. thing that was/is happening continuously for some time.",
    EventSource: "EventSource contains information for an event.",
    HTTPHeader: "HTTPHeader describes a custom header to be used in HTTP probes",
    IngressStatus: "IngressStatus describe the current state of the Ingress.",
    TypedLocalObjectReference:
      "TypedLocalObjectReference contains enough information to let you locate the typed referenced object inside the same namespace.",
    IngressClassSpec: "IngressClassSpec provides information about the class of an Ingress.",
    IngressTLS: "IngressTLS describes the transport layer security associated with an ingress.",
    LabelSelectorRequirement:
      "A label selector requirement is a selector that contains values, a key, and an operator that relates the key and values.",
    LeaseSpec: "LeaseSpec is a specification of a Lease.",
    NamespaceSpec: "NamespaceSpec describes the attributes on a Namespace.",
    NamespaceStatus: "NamespaceStatus is information about the current status of a Namespace.",
    NodeSpec: "NodeSpec describes the attributes that a node is created with.",
    NodeStatus: "NodeStatus is information about the current status of a node.",
    ManagedFieldsEntry:
      "ManagedFieldsEntry is a workflow-id, a FieldSet and the group version of the resource that the fieldset applies to.",
    OwnerReference:
      "OwnerReference contains enough information to let you identify an owning object. An owning object must be in the same namespace as the dependent, or be cluster-scoped, so there is no namespace field.",
    PodStatus:
      "PodStatus represents information about the status of a pod. Status may trail the actual state of a system, especially if the node that hosts the pod cannot contact the control plane.",
    Affinity: "Affinity is a group of affinity scheduling rules.",
    PodDNSConfig:
      "PodDNSConfig defines the DNS parameters of a pod in addition to those generated from DNSPolicy.",
    EphemeralContainer:
      "An EphemeralContainer is a temporary container that you may add to an existing Pod for user-initiated activities such as debugging. Ephemeral containers have no resource or scheduling guarantees, and they will not be restarted when they exit or when a Pod is removed or restarted. The kubelet may evict a Pod if an ephemeral container causes the Pod to exceed its resource allocation.\n\nTo add an ephemeral container, use the ephemeralcontainers subresource of an existing Pod. Ephemeral containers may not be removed or restarted.",
    HostAlias:
      "HostAlias holds the mapping between IP and hostnames that will be injected as an entry in the pod's hosts file.",
    LocalObjectReference:
      "LocalObjectReference contains enough information to let you locate the referenced object inside the same namespace.",
    PodOS: "PodOS defines the OS parameters of a pod.",
    PodReadinessGate: "PodReadinessGate contains the reference to a pod condition",
    PodResourceClaim:
      "PodResourceClaim references exactly one ResourceClaim through a ClaimSource. It adds a name to it that uniquely identifies the ResourceClaim inside the Pod. Containers that need access to the ResourceClaim reference it with this name.",
    PodSchedulingGate: "PodSchedulingGate is associated to a Pod to guard its scheduling.",
    PodSecurityContext:
      "PodSecurityContext holds pod-level security attributes and common container settings. Some fields are also present in container.securityContext.  Field values of container.securityContext take precedence over field values of PodSecurityContext.",
    Toleration:
      "The pod this Toleration is attached to tolerates any taint that matches the triple <key,value,effect> using the matching operator <operator>.",
    TopologySpreadConstraint:
      "TopologySpreadConstraint specifies how to spread matching pods among the given topology.",
    Volume:
      "Volume represents a named volume in a pod that may be accessed by any container in the pod.",
    ExecAction: 'ExecAction describes a "run in container" action.',
    TCPSocketAction: "TCPSocketAction describes an action based on opening a socket",
    ReplicaSetStatus: "ReplicaSetStatus represents the current status of a ReplicaSet.",
    ResourceClaim: "ResourceClaim references one entry in PodSpec.ResourceClaims.",
    ServiceStatus: "ServiceStatus represents the current status of a service.",
    SessionAffinityConfig:
      "SessionAffinityConfig represents the configurations of session affinity.",
  },
};
