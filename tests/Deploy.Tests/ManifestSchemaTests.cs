using System.Text.Json.Nodes;

namespace ImgProcess.Deploy.Tests;

public sealed class ManifestSchemaTests(KubernetesSchemas schemas) : IClassFixture<KubernetesSchemas>
{
    [Theory]
    [InlineData("base")]
    [InlineData("overlays/dev")]
    [InlineData("overlays/production-s3")]
    public void Every_object_the_kustomization_builds_is_valid_against_the_kubernetes_schemas(string kustomization)
    {
        var objects = Manifests.Build(kustomization);

        Assert.NotEmpty(objects);
        var problems = objects.SelectMany(o => schemas.Problems(o).Select(p => $"{o.Kind()} {o.Name()}: {p}")).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_validation_is_strict_a_misspelled_field_a_wrong_type_and_a_missing_field_are_refused()
    {
        var silo = Manifests.Build("base").Single("Deployment", "imgprocess-silo");

        var misspelled = silo.DeepClone().AsObject();
        misspelled["spec"]!["template"]!["spec"]!["containers"]![0]!["imagee"] = "x";
        var wrongType = silo.DeepClone().AsObject();
        wrongType["spec"]!["replicas"] = "three";
        var missing = silo.DeepClone().AsObject();
        missing["spec"]!.AsObject().Remove("selector");
        var unknownKind = new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = "Deploymnet", ["metadata"] = new JsonObject { ["name"] = "x" } };

        Assert.Empty(schemas.Problems(silo));
        Assert.Contains(schemas.Problems(misspelled), p => p.Contains("/spec/template/spec/containers/0", StringComparison.Ordinal));
        Assert.Contains(schemas.Problems(wrongType), p => p.Contains("/spec/replicas", StringComparison.Ordinal));
        Assert.NotEmpty(schemas.Problems(missing));
        Assert.NotEmpty(schemas.Problems(unknownKind));
    }
}
