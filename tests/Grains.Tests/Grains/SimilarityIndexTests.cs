using System.Numerics;
using System.Security.Cryptography;
using ImgProcess.Grains.Similarity;
using Microsoft.Extensions.Options;

namespace ImgProcess.Grains.Tests.Grains;

/// <summary>The sharded index answers exactly what a brute-force scan over the same hashes answers.</summary>
public sealed class SimilarityIndexTests : IAsyncLifetime
{
    private readonly ClusterFixture fixture = new();

    public Task InitializeAsync() => fixture.InitializeAsync();

    public Task DisposeAsync() => fixture.DisposeAsync();

    [Fact]
    public async Task Queries_over_shards_equal_a_brute_force_scan_and_survive_reactivation()
    {
        // Two shards of about 1 500 hashes each: every shard fills a segment and rolls over to a second.
        var index = new SimilarityIndex(fixture.Grains, Options.Create(new SimilarityOptions { Shards = 2 }));
        var random = new Random(11);
        var entries = new List<HashIndexEntry>();
        var centre = (ulong)random.NextInt64();
        for (var i = 0; i < 3000; i++)
        {
            // A third near one centre, so small distances have many ties; the rest anywhere.
            var hash = i % 3 == 0 ? centre ^ (1UL << random.Next(64)) ^ (1UL << random.Next(64)) : (ulong)random.NextInt64();
            entries.Add(new HashIndexEntry(Convert.ToHexStringLower(SHA256.HashData(BitConverter.GetBytes(i))), hash));
        }

        await index.AddAsync(entries);
        await index.AddAsync(entries.Take(500));
        Assert.Equal(entries.Count, await index.CountAsync());

        async Task AssertLikeBruteForce()
        {
            foreach (var (probe, distance, limit) in new[] { (centre, 4, 20), (centre, 2, 1000), (entries[1].Hash, 0, 5), ((ulong)random.NextInt64(), 20, 7), (centre, 64, 30) })
            {
                var expected = entries
                    .Select(e => new SimilarContent(e.Sha256, BitOperations.PopCount(e.Hash ^ probe)))
                    .Where(c => c.Distance <= distance)
                    .OrderBy(c => c.Distance).ThenBy(c => c.Sha256, StringComparer.Ordinal)
                    .Take(limit);
                Assert.Equal(expected, await index.FindNearAsync(probe, distance, limit));
            }
        }

        await AssertLikeBruteForce();
        foreach (var shard in Enumerable.Range(0, 2))
        {
            await fixture.Cluster.DeactivateAsync(index.Shard(shard));
        }

        await AssertLikeBruteForce();
        Assert.Equal(entries.Count, await index.CountAsync());
    }
}
