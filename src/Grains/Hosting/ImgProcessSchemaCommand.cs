using ImgProcess.Grains.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace ImgProcess.Grains.Hosting;

/// <summary>The schema command (<c>ImgProcess.Silo schema</c>): apply the configured database's schema and exit.</summary>
public static class ImgProcessSchemaCommand
{
    /// <summary>Applies the schema of the configured provider; returns the schema version.</summary>
    public static async Task<int> ApplyAsync(IConfiguration configuration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var storage = configuration.GetValidated<StorageOptions>(StorageOptions.SectionName);
        var check = new StorageOptionsValidator().Validate(null, storage);
        if (check.Failed)
        {
            throw new OptionsValidationException(StorageOptions.SectionName, typeof(StorageOptions), check.Failures);
        }

        return await DatabaseBackend.For(storage).ApplySchemaAsync(cancellationToken);
    }
}
