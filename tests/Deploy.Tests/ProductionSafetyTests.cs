using System.Text.Json.Nodes;

namespace ImgProcess.Deploy.Tests;

/// <summary>
/// The base is the production shape: no secret written in it, writes behind keys, mutual TLS between silos and
/// gateways, the operators' endpoints off the public Service, forwarded addresses believed only from the pod network.
/// The dev overlay may open all of that, and says so.
/// </summary>
public sealed class ProductionSafetyTests
{
    private static readonly string[] SecretLooking = ["PASSWORD", "APIKEYS", "SECRET", "TOKEN"];

    [Fact]
    public void The_base_ships_no_secret_and_every_sensitive_value_comes_from_a_secret()
    {
        var objects = Manifests.Build("base");
        Assert.Empty(objects.OfKind("Secret"));
        foreach (var template in objects.Where(o => o.Kind() is "Deployment" or "StatefulSet" or "Job").Select(o => o.PodTemplate()))
        {
            foreach (var variable in template.Containers().SelectMany(c => c["env"]?.AsArray() ?? []))
            {
                var name = variable!["name"]!.GetValue<string>().Replace("_", "", StringComparison.Ordinal).ToUpperInvariant();
                if (SecretLooking.Any(name.Contains) && variable["value"] is { } literal)
                {
                    // Only a reference to another variable that comes from a Secret (the connection string's $(POSTGRES_PASSWORD)).
                    Assert.DoesNotContain(literal.GetValue<string>(), (string[])["change-me", "changeme", "password", "secret"]);
                    Assert.True(variable["valueFrom"] is not null, $"{variable["name"]} is a literal");
                }
            }
        }

        var config = objects.Single("ConfigMap", "imgprocess-config")["data"]!.AsObject();
        // Where a secret lives (a file path) may be configuration; the secret itself may not.
        Assert.DoesNotContain(config, entry => !entry.Key.EndsWith("File", StringComparison.Ordinal) && !entry.Key.EndsWith("Path", StringComparison.Ordinal)
            && SecretLooking.Any(s => entry.Key.Replace("_", "", StringComparison.Ordinal).ToUpperInvariant().Contains(s, StringComparison.Ordinal)));
    }

    [Fact]
    public void In_the_base_writes_need_keys_from_a_mounted_secret_and_silos_and_gateways_speak_mutual_tls()
    {
        var objects = Manifests.Build("base");
        var config = objects.Single("ConfigMap", "imgprocess-config")["data"]!;
        Assert.Null(config["ImgProcess__Access__AllowAnonymousWrites"]);

        var gateway = objects.Single("Deployment", "imgprocess-gateway").PodTemplate();
        Assert.Equal("imgprocess-api-keys", SecretMountedAt(gateway, config["ImgProcess__Access__ApiKeysFile"]!.GetValue<string>()));
        Assert.Equal("imgprocess-api-keys", SecretMountedAt(gateway, config["ImgProcess__Access__AdminApiKeysFile"]!.GetValue<string>()));

        var certificate = config["ImgProcess__Cluster__TlsCertificatePath"]!.GetValue<string>();
        foreach (var name in new[] { "imgprocess-silo", "imgprocess-gateway" })
        {
            var pod = objects.Single("Deployment", name).PodTemplate();
            Assert.Equal("imgprocess-cluster-tls", SecretMountedAt(pod, certificate));
            var volume = pod["spec"]!["volumes"]!.AsArray().Single(v => v!["secret"]?["secretName"]?.GetValue<string>() == "imgprocess-cluster-tls");
            Assert.NotEqual(true, volume!["secret"]!["optional"]?.GetValue<bool>()); // without it the pod does not start
        }
    }

    [Fact]
    public void The_public_service_carries_only_the_api_and_the_internal_port_is_reachable_only_for_monitoring()
    {
        var objects = Manifests.Build("base");
        var gateway = objects.Single("Deployment", "imgprocess-gateway").PodTemplate().Containers().Single();
        var env = gateway["env"]!.AsArray().ToDictionary(e => e!["name"]!.GetValue<string>(), e => e!["value"]?.GetValue<string>());
        var internalPort = long.Parse(env["ImgProcess__Http__InternalPort"]!, System.Globalization.CultureInfo.InvariantCulture);
        var ports = gateway["ports"]!.AsArray().ToDictionary(p => p!["name"]!.GetValue<string>(), p => p!["containerPort"]!.GetValue<long>());
        Assert.Equal(internalPort, ports["internal"]);
        Assert.Equal("internal", gateway["readinessProbe"]!["httpGet"]!["port"]!.GetValue<string>());
        Assert.False(env.ContainsKey("ImgProcess__Http__KnownNetworks__0"), "the trusted proxy network is set in the ConfigMap, one place for overlays to patch");
        var trusted = objects.Single("ConfigMap", "imgprocess-config")["data"]!["ImgProcess__Http__KnownNetworks__0"]!.GetValue<string>();
        Assert.True(System.Net.IPNetwork.Parse(trusted).PrefixLength >= 16, $"the trusted proxy network {trusted} is wider than an ingress controller's pod range");

        foreach (var service in objects.OfKind("Service").Where(s => s.Name() == "imgprocess-gateway"))
        {
            var targets = service["spec"]!["ports"]!.AsArray().Select(p => p!["targetPort"]!.ToString()).ToList();
            Assert.Equal(["http"], targets);
        }

        foreach (var policyName in new[] { "imgprocess-gateway", "imgprocess-silo" })
        {
            var rules = objects.Single("NetworkPolicy", policyName)["spec"]!["ingress"]!.AsArray();
            var internalRule = Assert.Single(rules, r => r!["ports"]!.AsArray().Any(p => p!["port"]!.GetValue<long>() == 8081));
            var from = Assert.Single(internalRule!["from"]!.AsArray());
            Assert.Equal("monitoring", from!["namespaceSelector"]!["matchLabels"]!["kubernetes.io/metadata.name"]!.GetValue<string>());
        }

        var publicRule = Assert.Single(objects.Single("NetworkPolicy", "imgprocess-gateway")["spec"]!["ingress"]!.AsArray(), r => r!["ports"]!.AsArray().Any(p => p!["port"]!.GetValue<long>() == 8080));
        Assert.Null(publicRule!["from"]);
    }

    [Fact]
    public void The_dev_overlay_opens_writes_and_drops_tls_explicitly()
    {
        var config = Manifests.Build("overlays/dev").Single("ConfigMap", "imgprocess-config")["data"]!;
        Assert.Equal("true", config["ImgProcess__Access__AllowAnonymousWrites"]!.GetValue<string>());
        Assert.Equal("", config["ImgProcess__Cluster__TlsCertificatePath"]!.GetValue<string>());
        Assert.Equal("", config["ImgProcess__Access__ApiKeysFile"]!.GetValue<string>());
    }

    [Fact]
    public void The_production_s3_overlay_keeps_state_in_postgresql_and_bytes_in_s3_with_credentials_from_a_secret_or_the_pod_identity()
    {
        var objects = Manifests.Build("overlays/production-s3");
        var config = objects.Single("ConfigMap", "imgprocess-config")["data"]!;
        Assert.Equal("PostgreSql", config["ImgProcess__Storage__Provider"]!.GetValue<string>());
        Assert.Equal("S3", config["ImgProcess__Storage__Blobs"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(config["ImgProcess__Storage__S3__Bucket"]?.GetValue<string>()));
        Assert.Empty(objects.OfKind("Secret"));
        foreach (var name in new[] { "imgprocess-silo", "imgprocess-gateway" })
        {
            var env = objects.Single("Deployment", name).PodTemplate().Containers().Single()["env"]!.AsArray();
            foreach (var variable in new[] { "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY" })
            {
                var reference = env.Single(e => e!["name"]!.GetValue<string>() == variable)!["valueFrom"]!["secretKeyRef"]!;
                Assert.Equal("imgprocess-s3", reference["name"]!.GetValue<string>());
                Assert.True(reference["optional"]!.GetValue<bool>()); // absent: the pod's identity (web identity) is used
            }
        }

        Assert.Equal("imgprocess-s3", objects.Single("Deployment", "imgprocess-gateway").PodTemplate()["spec"]!["serviceAccountName"]!.GetValue<string>());
        objects.Single("ServiceAccount", "imgprocess-s3");
    }

    // The Secret whose volume is mounted where the file at `path` lives.
    private static string SecretMountedAt(JsonObject pod, string path)
    {
        var mount = pod.Containers().Single()["volumeMounts"]!.AsArray().Single(m => path.StartsWith(m!["mountPath"]!.GetValue<string>() + "/", StringComparison.Ordinal));
        var volume = pod["spec"]!["volumes"]!.AsArray().Single(v => v!["name"]!.GetValue<string>() == mount!["name"]!.GetValue<string>());
        return volume!["secret"]!["secretName"]!.GetValue<string>();
    }
}
