using System.Text.Json.Nodes;
using ImgProcess.Grains.Health;
using ImgProcess.Grains.Hosting;

namespace ImgProcess.Deploy.Tests;

/// <summary>What the schemas cannot see: the objects agree with each other and with the service.</summary>
public sealed class ManifestInvariantTests
{
    private static readonly string[] Workloads = ["Deployment", "StatefulSet"];

    public static TheoryData<string> Kustomizations => new() { "base", "overlays/dev", "overlays/production-s3" };

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Every_selector_selects_its_pods_and_every_reference_names_an_object_that_exists(string kustomization)
    {
        var objects = Manifests.Build(kustomization);
        var pods = PodTemplates(objects).ToList();

        foreach (var workload in objects.Where(o => Workloads.Contains(o.Kind())))
        {
            Assert.True(Manifests.Selects(workload["spec"]!["selector"], workload.PodTemplate()["metadata"].Labels()), $"{workload.Name()}: selector does not match its template");
        }

        foreach (var service in objects.OfKind("Service"))
        {
            var selected = pods.Where(p => Manifests.Selects(service["spec"]!["selector"], p.Template["metadata"].Labels())).ToList();
            Assert.True(selected.Count == 1, $"Service {service.Name()} selects {selected.Count} workloads");
            var containerPorts = selected[0].Template.Containers().SelectMany(c => c["ports"]?.AsArray() ?? []).ToList();
            foreach (var port in service["spec"]!["ports"]!.AsArray())
            {
                var target = port!["targetPort"]!.ToString();
                Assert.Contains(containerPorts, p => p!["name"]?.ToString() == target || p!["containerPort"]!.ToString() == target);
            }
        }

        foreach (var budget in objects.OfKind("PodDisruptionBudget"))
        {
            Assert.Single(pods, p => Manifests.Selects(budget["spec"]!["selector"], p.Template["metadata"].Labels()));
        }

        foreach (var policy in objects.OfKind("NetworkPolicy"))
        {
            Assert.Single(pods, p => Manifests.Selects(policy["spec"]!["podSelector"], p.Template["metadata"].Labels()));
        }

        foreach (var autoscaler in objects.OfKind("HorizontalPodAutoscaler"))
        {
            var target = autoscaler["spec"]!["scaleTargetRef"]!;
            objects.Single(target["kind"]!.GetValue<string>(), target["name"]!.GetValue<string>());
        }

        foreach (var (owner, template) in pods)
        {
            foreach (var volume in template["spec"]!["volumes"]?.AsArray() ?? [])
            {
                if (volume!["secret"] is { } secretVolume)
                {
                    AssertSecretProvided(objects, kustomization, owner, secretVolume["secretName"]!.GetValue<string>(), null, secretVolume["optional"]?.GetValue<bool>() == true);
                }
            }

            foreach (var container in template.Containers())
            {
                foreach (var source in container["envFrom"]?.AsArray() ?? [])
                {
                    objects.Single("ConfigMap", source!["configMapRef"]!["name"]!.GetValue<string>());
                }

                foreach (var variable in container["env"]?.AsArray() ?? [])
                {
                    if (variable!["valueFrom"]?["secretKeyRef"] is { } secretKey)
                    {
                        AssertSecretProvided(objects, kustomization, owner, secretKey["name"]!.GetValue<string>(), secretKey["key"]!.GetValue<string>(), secretKey["optional"]?.GetValue<bool>() == true);
                    }

                    if (variable["valueFrom"]?["configMapKeyRef"] is { } configKey)
                    {
                        Assert.NotNull(objects.Single("ConfigMap", configKey["name"]!.GetValue<string>())["data"]![configKey["key"]!.GetValue<string>()]);
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Every_pod_runs_as_non_root_on_a_read_only_root_filesystem_with_requests_and_limits(string kustomization)
    {
        foreach (var (owner, template) in PodTemplates(Manifests.Build(kustomization)))
        {
            Assert.True(template["spec"]!["securityContext"]?["runAsNonRoot"]?.GetValue<bool>() == true, $"{owner}: runAsNonRoot");
            foreach (var container in template.Containers())
            {
                var security = container["securityContext"];
                Assert.True(security?["readOnlyRootFilesystem"]?.GetValue<bool>() == true, $"{owner}: readOnlyRootFilesystem");
                Assert.True(security?["allowPrivilegeEscalation"]?.GetValue<bool>() == false, $"{owner}: allowPrivilegeEscalation");
                Assert.Contains("ALL", security?["capabilities"]?["drop"]?.AsArray().Select(c => c!.GetValue<string>()) ?? []);
                foreach (var part in new[] { "requests", "limits" })
                {
                    Assert.NotNull(container["resources"]?[part]?["cpu"]);
                    Assert.NotNull(container["resources"]?[part]?["memory"]);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Gateways_and_silos_are_probed_on_the_health_endpoints_the_service_serves_on_ports_they_listen_on(string kustomization)
    {
        var objects = Manifests.Build(kustomization);
        foreach (var name in new[] { "imgprocess-gateway", "imgprocess-silo" })
        {
            var container = objects.Single("Deployment", name).PodTemplate().Containers().Single();
            var ports = container["ports"]!.AsArray().ToDictionary(p => p!["name"]!.GetValue<string>(), p => p!["containerPort"]!.GetValue<long>());
            Assert.Equal(HealthPaths.Ready, container["readinessProbe"]!["httpGet"]!["path"]!.GetValue<string>());
            Assert.Equal(HealthPaths.Live, container["livenessProbe"]!["httpGet"]!["path"]!.GetValue<string>());
            foreach (var probe in new[] { "readinessProbe", "livenessProbe", "startupProbe" })
            {
                Assert.True(ports.ContainsKey(container[probe]!["httpGet"]!["port"]!.GetValue<string>()), $"{name}: {probe} port");
            }
        }

        var gatewayPorts = objects.Single("Deployment", "imgprocess-gateway").PodTemplate().Containers().Single()["ports"]!.AsArray();
        Assert.Contains(gatewayPorts, p => p!["containerPort"]!.GetValue<long>() == 8080);
        var siloPorts = objects.Single("Deployment", "imgprocess-silo").PodTemplate().Containers().Single()["ports"]!.AsArray()
            .ToDictionary(p => p!["name"]!.GetValue<string>(), p => p!["containerPort"]!.GetValue<long>());
        Assert.Equal(SiloHosting.DefaultPort, siloPorts["health"]);
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Silo_ports_agree_with_the_configuration_and_only_silos_and_gateways_reach_them_and_only_the_app_reaches_postgres(string kustomization)
    {
        var objects = Manifests.Build(kustomization);
        var config = objects.Single("ConfigMap", "imgprocess-config")["data"]!;
        var siloPort = long.Parse(config["ImgProcess__Cluster__SiloPort"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        var gatewayPort = long.Parse(config["ImgProcess__Cluster__GatewayPort"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        var silo = objects.Single("Deployment", "imgprocess-silo").PodTemplate();
        var containerPorts = silo.Containers().Single()["ports"]!.AsArray().Select(p => p!["containerPort"]!.GetValue<long>()).ToList();
        Assert.Contains(siloPort, containerPorts);
        Assert.Contains(gatewayPort, containerPorts);

        var siloPolicy = objects.Single("NetworkPolicy", "imgprocess-silo")["spec"]!["ingress"]!.AsArray();
        var clusterRule = Assert.Single(siloPolicy, rule => rule!["ports"]!.AsArray().Any(p => p!["port"]!.GetValue<long>() == siloPort));
        Assert.Equal(new[] { siloPort, gatewayPort }.Order(), clusterRule!["ports"]!.AsArray().Select(p => p!["port"]!.GetValue<long>()).Order());
        var allowed = clusterRule["from"]!.AsArray().Select(f => f!["podSelector"]!["matchLabels"]!["app.kubernetes.io/component"]!.GetValue<string>()).Order();
        Assert.Equal(["gateway", "silo"], allowed);
        Assert.All(siloPolicy.Where(r => r != clusterRule), rule => Assert.DoesNotContain(rule!["ports"]!.AsArray(), p => p!["port"]!.GetValue<long>() == siloPort || p!["port"]!.GetValue<long>() == gatewayPort));

        var postgresRule = Assert.Single(objects.Single("NetworkPolicy", "imgprocess-postgres")["spec"]!["ingress"]!.AsArray());
        var postgresClients = PodTemplates(objects).Where(p => postgresRule!["from"]!.AsArray().Any(f => Manifests.Selects(f!["podSelector"], p.Template["metadata"].Labels()))).Select(p => p.Owner).Order();
        Assert.Equal(["Deployment/imgprocess-gateway", "Deployment/imgprocess-silo", "Job/imgprocess-schema"], postgresClients);
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Silo_pods_carry_what_orleans_kubernetes_hosting_reads_and_their_account_may_do_only_what_it_needs(string kustomization)
    {
        var objects = Manifests.Build(kustomization);
        var silo = objects.Single("Deployment", "imgprocess-silo").PodTemplate();
        var labels = silo["metadata"].Labels();
        Assert.True(labels.ContainsKey("orleans/serviceId") && labels.ContainsKey("orleans/clusterId"));

        var env = silo.Containers().Single()["env"]!.AsArray().ToDictionary(e => e!["name"]!.GetValue<string>(), e => e!["valueFrom"]?["fieldRef"]?["fieldPath"]?.GetValue<string>());
        Assert.Equal("metadata.name", env["POD_NAME"]);
        Assert.Equal("metadata.namespace", env["POD_NAMESPACE"]);
        Assert.Equal("status.podIP", env["POD_IP"]);
        Assert.Equal("metadata.labels['orleans/serviceId']", env["ORLEANS_SERVICE_ID"]);
        Assert.Equal("metadata.labels['orleans/clusterId']", env["ORLEANS_CLUSTER_ID"]);

        var account = silo["spec"]!["serviceAccountName"]!.GetValue<string>();
        objects.Single("ServiceAccount", account);
        var binding = Assert.Single(objects.OfKind("RoleBinding"), b => b["subjects"]!.AsArray().Any(s => s!["name"]!.GetValue<string>() == account));
        var role = objects.Single("Role", binding["roleRef"]!["name"]!.GetValue<string>());
        var rule = Assert.Single(role["rules"]!.AsArray());
        Assert.Equal(["pods"], rule!["resources"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal(["delete", "get", "list", "patch", "watch"], rule["verbs"]!.AsArray().Select(v => v!.GetValue<string>()).Order());

        // Nothing else gets a token for the API server.
        Assert.All(PodTemplates(objects).Where(p => p.Template != silo), p => Assert.False(p.Template["spec"]!["automountServiceAccountToken"]!.GetValue<bool>()));
    }

    // A Secret a pod reads exists in the output, or is one the operator creates (production shapes ship none), or is optional.
    internal static void AssertSecretProvided(IReadOnlyList<JsonObject> objects, string kustomization, string owner, string name, string? key, bool optional)
    {
        var secret = objects.OfKind("Secret").SingleOrDefault(o => o.Name() == name);
        if (secret is null)
        {
            Assert.True(optional || (kustomization != "overlays/dev" && Manifests.OperatorSecrets.ContainsKey(name)), $"{owner}: Secret {name} is neither in {kustomization} nor one the operator creates");
            Assert.True(optional || key is null || Manifests.OperatorSecrets[name].Contains(key), $"{owner}: the operator's Secret {name} has no documented key {key}");
            return;
        }

        Assert.True(key is null || secret["stringData"]?[key] is not null || secret["data"]?[key] is not null, $"{owner}: secret key {key} missing");
    }

    private static IEnumerable<(string Owner, JsonObject Template)> PodTemplates(IEnumerable<JsonObject> objects) =>
        objects.Where(o => o.Kind() is "Deployment" or "StatefulSet" or "Job").Select(o => ($"{o.Kind()}/{o.Name()}", o.PodTemplate()));
}
