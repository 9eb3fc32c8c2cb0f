namespace OrleansScrape.Processing.KubernetesAttributes;

/// <summary>The resource attribute names of Kubernetes metadata (OpenTelemetry semantic conventions).</summary>
public static class KubernetesAttributeNames
{
    public const string PodName = "k8s.pod.name";
    public const string PodUid = "k8s.pod.uid";
    public const string PodIp = "k8s.pod.ip";
    public const string PodStartTime = "k8s.pod.start_time";
    public const string NamespaceName = "k8s.namespace.name";
    public const string NodeName = "k8s.node.name";
    public const string ContainerName = "k8s.container.name";
    public const string ClusterUid = "k8s.cluster.uid";
    public const string DeploymentName = "k8s.deployment.name";
    public const string DeploymentUid = "k8s.deployment.uid";
    public const string ReplicaSetName = "k8s.replicaset.name";
    public const string ReplicaSetUid = "k8s.replicaset.uid";
    public const string StatefulSetName = "k8s.statefulset.name";
    public const string StatefulSetUid = "k8s.statefulset.uid";
    public const string DaemonSetName = "k8s.daemonset.name";
    public const string DaemonSetUid = "k8s.daemonset.uid";
    public const string JobName = "k8s.job.name";
    public const string JobUid = "k8s.job.uid";
    public const string CronJobName = "k8s.cronjob.name";
    public const string CronJobUid = "k8s.cronjob.uid";

    /// <summary>
    /// The <c>extract.metadata</c> names this version accepts. The uids of Deployments and CronJobs
    /// are accepted but never known (pods name only their direct owner), so they are not added.
    /// </summary>
    public static readonly IReadOnlySet<string> Supported = new HashSet<string>(StringComparer.Ordinal)
    {
        PodName, PodUid, PodIp, PodStartTime, NamespaceName, NodeName, ContainerName, ClusterUid,
        DeploymentName, DeploymentUid, ReplicaSetName, ReplicaSetUid, StatefulSetName, StatefulSetUid,
        DaemonSetName, DaemonSetUid, JobName, JobUid, CronJobName, CronJobUid,
    };
}
