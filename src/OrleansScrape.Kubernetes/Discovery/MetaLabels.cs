using System.Globalization;

namespace OrleansScrape.Kubernetes.Discovery;

/// <summary>The <c>__meta_kubernetes_*</c> label names of Prometheus's Kubernetes discovery and its label-name sanitizing.</summary>
public static class MetaLabels
{
    public const string Prefix = "__meta_kubernetes_";
    public const string Namespace = Prefix + "namespace";
    public const string PresentValue = "true";

    public const string PodName = Prefix + "pod_name";
    public const string PodIp = Prefix + "pod_ip";
    public const string PodReady = Prefix + "pod_ready";
    public const string PodPhase = Prefix + "pod_phase";
    public const string PodNodeName = Prefix + "pod_node_name";
    public const string PodHostIp = Prefix + "pod_host_ip";
    public const string PodUid = Prefix + "pod_uid";
    public const string PodControllerKind = Prefix + "pod_controller_kind";
    public const string PodControllerName = Prefix + "pod_controller_name";
    public const string PodContainerName = Prefix + "pod_container_name";
    public const string PodContainerId = Prefix + "pod_container_id";
    public const string PodContainerImage = Prefix + "pod_container_image";
    public const string PodContainerInit = Prefix + "pod_container_init";
    public const string PodContainerPortName = Prefix + "pod_container_port_name";
    public const string PodContainerPortNumber = Prefix + "pod_container_port_number";
    public const string PodContainerPortProtocol = Prefix + "pod_container_port_protocol";

    public const string ServiceName = Prefix + "service_name";
    public const string NodeName = Prefix + "node_name";
    public const string EndpointSliceName = Prefix + "endpointslice_name";

    public const string ServicePortName = Prefix + "service_port_name";
    public const string ServicePortNumber = Prefix + "service_port_number";
    public const string ServicePortProtocol = Prefix + "service_port_protocol";
    public const string ServiceClusterIp = Prefix + "service_cluster_ip";
    public const string ServiceLoadBalancerIp = Prefix + "service_loadbalancer_ip";
    public const string ServiceExternalName = Prefix + "service_external_name";
    public const string ServiceType = Prefix + "service_type";

    public const string NodeProviderId = Prefix + "node_provider_id";
    public const string NodeAddressPrefix = Prefix + "node_address_";

    public const string EndpointsName = Prefix + "endpoints_name";
    public const string EndpointNodeName = Prefix + "endpoint_node_name";
    public const string EndpointHostname = Prefix + "endpoint_hostname";
    public const string EndpointReady = Prefix + "endpoint_ready";
    public const string EndpointPortName = Prefix + "endpoint_port_name";
    public const string EndpointPortProtocol = Prefix + "endpoint_port_protocol";
    public const string EndpointTargetKind = Prefix + "endpoint_address_target_kind";
    public const string EndpointTargetName = Prefix + "endpoint_address_target_name";

    public const string EndpointSliceAddressType = Prefix + "endpointslice_address_type";
    public const string EndpointSlicePortName = Prefix + "endpointslice_port_name";
    public const string EndpointSlicePortProtocol = Prefix + "endpointslice_port_protocol";
    public const string EndpointSlicePort = Prefix + "endpointslice_port";
    public const string EndpointSlicePortAppProtocol = Prefix + "endpointslice_port_app_protocol";
    public const string EndpointSliceReady = Prefix + "endpointslice_endpoint_conditions_ready";
    public const string EndpointSliceServing = Prefix + "endpointslice_endpoint_conditions_serving";
    public const string EndpointSliceTerminating = Prefix + "endpointslice_endpoint_conditions_terminating";
    public const string EndpointSliceZone = Prefix + "endpointslice_endpoint_zone";
    public const string EndpointSliceHostname = Prefix + "endpointslice_endpoint_hostname";
    public const string EndpointSliceNodeName = Prefix + "endpointslice_endpoint_node_name";
    public const string EndpointSliceTargetKind = Prefix + "endpointslice_address_target_kind";
    public const string EndpointSliceTargetName = Prefix + "endpointslice_address_target_name";
    public const string EndpointSliceTopologyPrefix = Prefix + "endpointslice_endpoint_topology_";
    public const string EndpointSliceTopologyPresentPrefix = Prefix + "endpointslice_endpoint_topology_present_";

    /// <summary>Prometheus's SanitizeLabelName: every character outside [a-zA-Z0-9_] (each code point) becomes '_'.</summary>
    public static string Sanitize(string name)
    {
        var clean = true;
        foreach (var c in name)
        {
            if (!IsLabelChar(c))
            {
                clean = false;
                break;
            }
        }
        if (clean)
        {
            return name;
        }
        var builder = new System.Text.StringBuilder(name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            builder.Append(IsLabelChar(c) ? c : '_');
            // A surrogate pair is one code point, hence one underscore, as in Go.
            if (char.IsHighSurrogate(c) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]))
            {
                i++;
            }
        }
        return builder.ToString();
    }

    /// <summary>Go's net.JoinHostPort: IPv6 hosts in brackets.</summary>
    public static string JoinHostPort(string host, int port) =>
        (host.Contains(':') ? $"[{host}]" : host) + ":" + port.ToString(CultureInfo.InvariantCulture);

    internal static string Bool(bool value) => value ? "true" : "false";

    private static bool IsLabelChar(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_';
}
