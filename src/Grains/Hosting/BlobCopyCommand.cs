using ImgProcess.Grains.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImgProcess.Grains.Hosting;

/// <summary>
/// <c>ImgProcess.Silo blobs copy --from PostgreSql --to S3</c>: copies every blob of one store into another, both
/// configured as the service configures them (ImgProcess:Storage:*). Idempotent and resumable: a key the target
/// already holds is skipped (keys are content-addressed, so the same key means the same bytes), so a run that stopped
/// is simply run again; <c>--after KEY</c> starts the listing past a key. Progress goes to the console.
/// </summary>
public static class BlobCopyCommand
{
    private const int ProgressEvery = 100;

    /// <summary>Runs the command line <paramref name="args"/> (after <c>blobs copy</c>); returns the exit code.</summary>
    public static async Task<int> RunAsync(IConfiguration configuration, IReadOnlyList<string> args, TextWriter console, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);
        if (!TryParse(args, "--from", out var from) || !TryParse(args, "--to", out var to) || from == to)
        {
            await console.WriteLineAsync("usage: blobs copy --from File|PostgreSql|S3 --to File|PostgreSql|S3 [--after KEY]  (two different stores)");
            return 2;
        }

        var after = args.SkipWhile(a => a != "--after").Skip(1).FirstOrDefault();
        await using var source = BlobStoreRegistration.BuildStandalone(configuration, from);
        await using var target = BlobStoreRegistration.BuildStandalone(configuration, to);
        var sourceStore = Resolve(source);
        var targetStore = Resolve(target);
        foreach (var provider in new[] { source, target })
        {
            if (provider.GetService<S3BlobStore>() is { } s3)
            {
                await s3.CheckBucketAsync(cancellationToken);
            }
        }

        var (seen, copied, present) = (0L, 0L, 0L);
        await console.WriteLineAsync($"copying blobs from {from} to {to}{(after is null ? "" : $" after {after}")}");
        await foreach (var key in sourceStore.ListKeysAsync(after, cancellationToken))
        {
            seen++;
            if (await targetStore.ExistsAsync(key, cancellationToken))
            {
                present++;
            }
            else if (await sourceStore.ReadAllAsync(key, cancellationToken) is { } bytes)
            {
                await targetStore.PutAsync(key, bytes, cancellationToken);
                copied++;
            }

            if (seen % ProgressEvery == 0)
            {
                await console.WriteLineAsync($"{seen} keys: {copied} copied, {present} already there (at {key})");
            }
        }

        await console.WriteLineAsync($"done: {seen} keys, {copied} copied, {present} already there");
        return 0;
    }

    private static IBlobStore Resolve(ServiceProvider provider)
    {
        // Validate the store's options now: a wrong setting is a clear message, not a failure half-way.
        _ = provider.GetService<IOptions<S3StorageOptions>>()?.Value;
        return provider.GetRequiredService<IBlobStore>();
    }

    private static bool TryParse(IReadOnlyList<string> args, string name, out BlobStoreKind kind)
    {
        var value = args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        return Enum.TryParse(value, ignoreCase: true, out kind) && Enum.IsDefined(kind);
    }
}
