// What each fixup of generator/normalise/fixups.ts repairs, written out independently of it:
// the tests compare the raw specs and the emitted packages against this table.

/** What each optionality fixup repairs, written out here (not read from the generator). */
export const PROPERTY_FIXUPS: { fixup: string; definition: string; module: string; type: string; property: string; right: "optional" | "required" }[] = [
  { fixup: "optional-events.v1.Event-eventTime", definition: "io.k8s.api.events.v1.Event", module: "events/v1", type: "Event", property: "eventTime", right: "optional" },
  { fixup: "optional-apps.v1.StatefulSetSpec-serviceName", definition: "io.k8s.api.apps.v1.StatefulSetSpec", module: "apps/v1", type: "StatefulSetSpec", property: "serviceName", right: "optional" },
  { fixup: "optional-networking.v1.NetworkPolicySpec-podSelector", definition: "io.k8s.api.networking.v1.NetworkPolicySpec", module: "networking/v1", type: "NetworkPolicySpec", property: "podSelector", right: "optional" },
  { fixup: "required-core.v1.HostAlias-ip", definition: "io.k8s.api.core.v1.HostAlias", module: "core/v1", type: "HostAlias", property: "ip", right: "required" },
  { fixup: "required-core.v1.HostIP-ip", definition: "io.k8s.api.core.v1.HostIP", module: "core/v1", type: "HostIP", property: "ip", right: "required" },
  { fixup: "required-core.v1.PodIP-ip", definition: "io.k8s.api.core.v1.PodIP", module: "core/v1", type: "PodIP", property: "ip", right: "required" },
];
/** The fixups that repair GVKs, checked in test/packages/fixups-output.test.ts through resources.json. */
export const OTHER_FIXUPS = ["connect-options-gvk", "status-extra-gvk"];
