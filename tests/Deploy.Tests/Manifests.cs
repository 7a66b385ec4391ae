using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using ImgProcess.Tests;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ImgProcess.Deploy.Tests;

/// <summary>The objects <c>kubectl kustomize</c> builds from a kustomization under deploy/k8s, as JSON.</summary>
internal static class Manifests
{
    public static IReadOnlyList<JsonObject> Build(string kustomization)
    {
        var info = new ProcessStartInfo("kubectl", ["kustomize", Path.Combine(ServiceProcess.RepositoryRoot(), "deploy", "k8s", kustomization)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var kubectl = Process.Start(info)!;
        var errors = kubectl.StandardError.ReadToEndAsync();
        var yaml = kubectl.StandardOutput.ReadToEnd();
        kubectl.WaitForExit();
        Assert.True(kubectl.ExitCode == 0, $"kubectl kustomize failed: {errors.Result}");
        return Parse(yaml);
    }

    public static IReadOnlyList<JsonObject> Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Select(d => (JsonObject)ToJson(d.RootNode)!).ToList();
    }

    // YAML 1.2 core schema: plain scalars may be numbers, booleans or null; quoted ones are strings.
    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, ToJson(c.Value)))),
        YamlSequenceNode list => new JsonArray(list.Children.Select(ToJson).ToArray()),
        YamlScalarNode { Style: ScalarStyle.Plain } scalar => Plain(scalar.Value!),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => throw new NotSupportedException(node.GetType().Name),
    };

    private static JsonValue? Plain(string value)
    {
        if (value is "null" or "~" or "")
        {
            return null;
        }

        if (value is "true" or "false")
        {
            return JsonValue.Create(value == "true");
        }

        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
        {
            return JsonValue.Create(whole);
        }

        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && !value.Contains(':', StringComparison.Ordinal)
            ? JsonValue.Create(number)
            : JsonValue.Create(value);
    }

    /// <summary>The Secrets the operator creates before deploying the base (docs/kubernetes.md), with their keys.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> OperatorSecrets = new Dictionary<string, string[]>
    {
        ["imgprocess-postgres"] = ["password"],
        ["imgprocess-api-keys"] = ["write", "admin"],
        ["imgprocess-cluster-tls"] = ["cluster.pfx", "password"],
        ["imgprocess-s3"] = ["access-key", "secret-key"],
    };

    public static string Kind(this JsonObject o) => o["kind"]!.GetValue<string>();

    public static string Name(this JsonObject o) => o["metadata"]!["name"]!.GetValue<string>();

    public static IEnumerable<JsonObject> OfKind(this IEnumerable<JsonObject> objects, string kind) => objects.Where(o => o.Kind() == kind);

    public static JsonObject Single(this IEnumerable<JsonObject> objects, string kind, string name) =>
        objects.OfKind(kind).Single(o => o.Name() == name);

    /// <summary>The pod template of a workload (Deployment, StatefulSet, Job).</summary>
    public static JsonObject PodTemplate(this JsonObject workload) => workload["spec"]!["template"]!.AsObject();

    public static IEnumerable<JsonObject> Containers(this JsonObject podTemplate) =>
        podTemplate["spec"]!["containers"]!.AsArray().Select(c => c!.AsObject());

    public static Dictionary<string, string> Labels(this JsonNode? metadata) =>
        metadata?["labels"]?.AsObject().ToDictionary(l => l.Key, l => l.Value!.GetValue<string>()) ?? [];

    /// <summary>Whether a label selector (matchLabels and matchExpressions with In) selects these labels.</summary>
    public static bool Selects(JsonNode? selector, IReadOnlyDictionary<string, string> labels)
    {
        if (selector is null)
        {
            return false;
        }

        var matchLabels = selector["matchLabels"]?.AsObject() ?? (selector["matchExpressions"] is null ? selector.AsObject() : []);
        var labelsMatch = matchLabels.All(l => labels.TryGetValue(l.Key, out var v) && v == l.Value!.GetValue<string>());
        var expressionsMatch = selector["matchExpressions"]?.AsArray().All(e =>
            e!["operator"]!.GetValue<string>() == "In"
            && labels.TryGetValue(e["key"]!.GetValue<string>(), out var v)
            && e["values"]!.AsArray().Any(x => x!.GetValue<string>() == v)) ?? true;
        return labelsMatch && expressionsMatch;
    }
}
