using System.Reflection;

namespace ImgProcess.Grains.Storage;

/// <summary>One versioned schema script, embedded in this assembly as <c>ImgProcess.Schema.{Dialect}/{NNN}-{name}.sql</c>.</summary>
/// <param name="Version">The number the file name starts with; scripts apply in ascending order.</param>
/// <param name="Name">The file name, for logs and the version table.</param>
/// <param name="Sql">The script text.</param>
public sealed record SchemaScript(int Version, string Name, string Sql)
{
    /// <summary>Every embedded script of <paramref name="dialect"/> (<c>Sqlite</c>, <c>PostgreSql</c>), in version order.</summary>
    public static IReadOnlyList<SchemaScript> Load(string dialect)
    {
        var assembly = typeof(SchemaScript).Assembly;
        var prefix = $"ImgProcess.Schema.{dialect}/";
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal))
            .Select(name => Read(assembly, name, name[prefix.Length..]))
            .OrderBy(script => script.Version)
            .ToList();
    }

    private static SchemaScript Read(Assembly assembly, string resource, string fileName)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        var dash = fileName.IndexOf('-', StringComparison.Ordinal);
        var version = int.Parse(fileName.AsSpan(0, dash), System.Globalization.CultureInfo.InvariantCulture);
        return new SchemaScript(version, fileName, reader.ReadToEnd());
    }
}
