using Microsoft.Extensions.Options;
using Npgsql;

namespace ImgProcess.Grains.Storage;

/// <summary>
/// Refuses a PostgreSQL connection string whose password is still a placeholder from an example ("change-me", ...):
/// a deployment must not start on a password everyone who read the example knows.
/// </summary>
public sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    /// <summary>Passwords that only ever come from examples and templates, compared without case.</summary>
    public static readonly IReadOnlyList<string> PlaceholderPasswords = ["change-me", "changeme", "change_me", "replace-me", "replaceme", "password", "secret"];

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Provider != StorageProvider.PostgreSql && options.EffectiveBlobs != BlobStoreKind.PostgreSql || string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Success;
        }

        string? password;
        try
        {
            password = new NpgsqlConnectionStringBuilder(options.ConnectionString).Password;
        }
        catch (ArgumentException e)
        {
            return ValidateOptionsResult.Fail($"{StorageOptions.SectionName}:ConnectionString is not a valid Npgsql connection string: {e.Message}");
        }

        return password is not null && PlaceholderPasswords.Contains(password, StringComparer.OrdinalIgnoreCase)
            ? ValidateOptionsResult.Fail($"{StorageOptions.SectionName}:ConnectionString carries the placeholder password '{password}': create the database Secret with a password of your own (docs/kubernetes.md).")
            : ValidateOptionsResult.Success;
    }
}
