using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using ImgProcess.Tests;
using Json.Schema;

namespace ImgProcess.Deploy.Tests;

/// <summary>
/// Validates objects against Kubernetes' own OpenAPI definitions (fetched by scripts/kubernetes-schema.sh), made
/// strict: an object with declared properties accepts no others, so a misspelled field fails as it would on a
/// real API server with field validation.
/// </summary>
public sealed class KubernetesSchemas
{
    private const string SourcePrefix = "#/components/schemas/";
    private const string BaseId = "https://schemas.imgprocess.test/kubernetes";

    private readonly BuildOptions options = new() { SchemaRegistry = new SchemaRegistry() };
    private readonly Dictionary<(string ApiVersion, string Kind), JsonSchema> byKind = [];

    public KubernetesSchemas()
    {
        var definitions = JsonNode.Parse(File.ReadAllText(SpecPath()))!["components"]!["schemas"]!.AsObject();
        var names = new Dictionary<(string, string), string>();
        foreach (var (name, definition) in definitions)
        {
            foreach (var kind in definition?["x-kubernetes-group-version-kind"]?.AsArray() ?? [])
            {
                var group = kind!["group"]!.GetValue<string>();
                var version = kind["version"]!.GetValue<string>();
                names[(group.Length == 0 ? version : $"{group}/{version}", kind["kind"]!.GetValue<string>())] = name;
            }
        }

        MakeStrict(definitions);

        // Both are written either way in manifests; the converted spec declares them as strings only.
        definitions["io.k8s.apimachinery.pkg.util.intstr.IntOrString"] = new JsonObject { ["type"] = new JsonArray("string", "integer") };
        definitions["io.k8s.apimachinery.pkg.api.resource.Quantity"] = new JsonObject { ["type"] = new JsonArray("string", "number") };
        var document = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = BaseId,
            ["$defs"] = definitions.DeepClone(),
        };
        JsonSchema.FromText(document.ToJsonString(), options);
        foreach (var (kind, name) in names)
        {
            byKind[kind] = JsonSchema.FromText($$"""{"$schema":"https://json-schema.org/draft/2020-12/schema","$ref":"{{BaseId}}#/$defs/{{name}}"}""", options);
        }
    }

    /// <summary>The problems of one object: empty when valid; an unknown apiVersion/kind is a problem too.</summary>
    public IReadOnlyList<string> Problems(JsonObject manifest)
    {
        var kind = (manifest["apiVersion"]?.GetValue<string>() ?? "", manifest["kind"]?.GetValue<string>() ?? "");
        if (!byKind.TryGetValue(kind, out var schema))
        {
            return [$"no schema for apiVersion {kind.Item1}, kind {kind.Item2}"];
        }

        using var json = JsonDocument.Parse(manifest.ToJsonString());
        var result = schema.Evaluate(json.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid)
        {
            return [];
        }

        var problems = (result.Details ?? [])
            .Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))
            .Distinct()
            .ToList();
        return problems.Count > 0 ? problems : ["invalid"];
    }

    private static void MakeStrict(JsonNode? node)
    {
        if (node is JsonObject o)
        {
            if (o["$ref"] is JsonValue reference && reference.GetValue<string>().StartsWith(SourcePrefix, StringComparison.Ordinal))
            {
                o["$ref"] = "#/$defs/" + reference.GetValue<string>()[SourcePrefix.Length..];
            }

            if (o["properties"] is JsonObject && o["additionalProperties"] is null)
            {
                o["additionalProperties"] = false;
            }

            foreach (var (_, child) in o.ToList())
            {
                MakeStrict(child);
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var child in array)
            {
                MakeStrict(child);
            }
        }
    }

    private static string SpecPath()
    {
        var script = Path.Combine(ServiceProcess.RepositoryRoot(), "scripts", "kubernetes-schema.sh");
        using var process = Process.Start(new ProcessStartInfo(script) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var errors = process.StandardError.ReadToEndAsync();
        var path = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return process.ExitCode == 0 ? path : throw new InvalidOperationException($"scripts/kubernetes-schema.sh failed: {errors.Result}");
    }
}
