using OrleansScrape.Configuration;
using OrleansScrape.Kubernetes.Operator.Resources;
using OrleansScrape.Prometheus.Exposition;

namespace OrleansScrape.Kubernetes.Operator.Selection;

/// <summary>
/// Reads the Target Allocator's <c>prometheus_cr</c> mapping. Keys are upstream's snake_case
/// ones; <c>scrapeInterval</c> is also accepted because the seed's values files spell it so.
/// Selectors are read as the allocator decodes them (<see cref="LabelSelectorReader"/>). The keys
/// that have no effect here (<c>evaluation_interval</c>, <c>secret_namespaces</c>, a non-default
/// <c>scrape_classes</c> list, the Probe selectors) are accepted with a start-up warning each; the
/// ones whose absence of effect would change what is scraped or expose files are refused.
/// </summary>
public static class PrometheusCrSettingsReader
{
    public static PrometheusCrSettings Read(YamlMappingReader section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var settings = new PrometheusCrSettings { Enabled = section.GetBool("enabled") ?? false };

        var interval = LabelSelectorReader.OneOf(section, "scrape_interval", "scrapeInterval");
        if (interval is not null)
        {
            var value = section.GetDuration(interval)!.Value;
            if (value <= TimeSpan.Zero)
            {
                throw section.ErrorAt(interval, $"{section.Qualified(interval)} must be greater than 0");
            }
            settings = settings with { ScrapeInterval = value };
        }
        if (section.GetDuration("evaluation_interval") is not null)
        {
            section.WarnAt("evaluation_interval", $"{section.Qualified("evaluation_interval")} has no effect in OrleansScrape: no recording or alerting rules are evaluated (the Target Allocator only copies it into the Prometheus configuration it generates)");
        }

        if (section.Has("scrape_protocols"))
        {
            var protocols = section.GetStringList("scrape_protocols");
            if (!ScrapeProtocols.TryValidate(protocols, out var error))
            {
                throw section.ErrorAt("scrape_protocols", $"{section.Qualified("scrape_protocols")}: {error}");
            }
            settings = settings with { ScrapeProtocols = protocols };
        }

        ReadScrapeClasses(section);
        if (section.Has("secret_namespaces"))
        {
            section.GetStringList("secret_namespaces");
            section.WarnAt("secret_namespaces", $"{section.Qualified("secret_namespaces")} has no effect in OrleansScrape: the Target Allocator watches Secrets only in these namespaces (its own by default) to notice changed credentials; OrleansScrape gets each Secret a resource refers to from the resource's namespace and reads it again every minute, so there is no Secret watch to scope");
        }
        if (section.GetBool("deny_fs_access_through_sms") is true)
        {
            throw section.ErrorAt("deny_fs_access_through_sms", $"{section.Qualified("deny_fs_access_through_sms")}: dropping the ServiceMonitor and PodMonitor endpoints that read files (bearerTokenFile, tlsConfig caFile, certFile, keyFile) is not implemented in OrleansScrape; such endpoints would be scraped with the silo's files, so set it to false or remove it");
        }
        foreach (var probe in new[] { "probe_selector", "probe_namespace_selector" })
        {
            if (LabelSelectorReader.Read(section, probe, probe == "probe_selector" ? "Probes" : "namespaces") is not null)
            {
                section.WarnAt(probe, $"{section.Qualified(probe)} has no effect in OrleansScrape: Probe resources are not discovered (a ScrapeConfig with static targets and params does what a Probe does)");
            }
        }

        settings = settings with
        {
            ServiceMonitorSelector = LabelSelectorReader.Read(section, "service_monitor_selector", "ServiceMonitors"),
            PodMonitorSelector = LabelSelectorReader.Read(section, "pod_monitor_selector", "PodMonitors"),
            ScrapeConfigSelector = LabelSelectorReader.Read(section, "scrape_config_selector", "ScrapeConfigs"),
            ServiceMonitorNamespaceSelector = LabelSelectorReader.Read(section, "service_monitor_namespace_selector", "namespaces") ?? LabelSelector.Everything,
            PodMonitorNamespaceSelector = LabelSelectorReader.Read(section, "pod_monitor_namespace_selector", "namespaces") ?? LabelSelector.Everything,
            ScrapeConfigNamespaceSelector = LabelSelectorReader.Read(section, "scrape_config_namespace_selector", "namespaces") ?? LabelSelector.Everything,
            AllowNamespaces = section.GetStringList("allow_namespaces"),
            DenyNamespaces = section.GetStringList("deny_namespaces"),
        };
        if (settings.AllowNamespaces.Count > 0 && settings.DenyNamespaces.Count > 0)
        {
            throw section.ErrorAt("deny_namespaces", $"only one of {section.Qualified("allow_namespaces")} and {section.Qualified("deny_namespaces")} can be set");
        }
        section.RejectUnknownKeys();
        return settings;
    }

    /// <summary>
    /// <c>scrape_classes</c>: the Prometheus Operator applies a class to the resources that name it and
    /// the <c>default: true</c> one to every resource that names none. Classes are not applied here: a
    /// default class would change every job, so it is refused; other classes only matter to the
    /// resources that name them, which are left out with an error, so the list is accepted with a warning.
    /// </summary>
    private static void ReadScrapeClasses(YamlMappingReader section)
    {
        var classes = section.GetMappingSequence("scrape_classes");
        foreach (var scrapeClass in classes)
        {
            if (scrapeClass.GetBool("default") is true)
            {
                throw scrapeClass.ErrorAt("default", $"{scrapeClass.Qualified("default")}: a default scrape class applies to every ServiceMonitor, PodMonitor and ScrapeConfig that names no class, and OrleansScrape does not apply scrape classes; put its settings into the resources instead");
            }
        }
        if (classes.Count > 0)
        {
            section.WarnAt("scrape_classes", $"{section.Qualified("scrape_classes")} has no effect in OrleansScrape: scrape classes are not applied, and a resource that names a scrapeClass is left out and listed in the discovery errors");
        }
    }
}
