using System.Numerics;
using ImgProcess.Grains.Hosting;
using ImgProcess.Grains.Storage;
using Orleans.Concurrency;

namespace ImgProcess.Grains.Similarity;

/// <summary>
/// The perceptual-hash index. Hashes live in memory as one contiguous array, so a query is a linear scan of
/// XOR + popcount (about a millisecond per million hashes); the persisted form is append-only segments, loaded
/// in parallel when the grain activates. Contents deleted later stay in the index and are filtered by the caller.
/// </summary>
[Reentrant]
public sealed class SimilarityIndexGrain : Grain, ISimilarityIndexGrain
{
    private readonly IPersistentState<SimilarityIndexState> state;

    // Reentrant so appends can be grouped while a write is in flight (queries never wait for one); every append goes
    // through here, and its flushes run one at a time.
    private readonly GroupCommit<HashIndexEntry, bool> appends;
    private readonly List<ulong> hashes = [];
    private readonly List<string> contents = [];
    private readonly HashSet<string> indexed = new(StringComparer.Ordinal);
    private int countInCurrent;

    /// <summary>Creates the index over its persisted state.</summary>
    public SimilarityIndexGrain([PersistentState("hash-index", StorageNames.Grains)] IPersistentState<SimilarityIndexState> state)
    {
        this.state = state;
        appends = new GroupCommit<HashIndexEntry, bool>(async batch =>
        {
            await AppendAsync(batch);
            return [.. batch.Select(_ => true)];
        });
    }

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var segments = await Task.WhenAll(Enumerable.Range(0, (int)state.State.CurrentSegment + 1)
            .Select(n => GrainFactory.GetGrain<IHashIndexSegmentGrain>(n).Entries()));
        foreach (var entry in segments.SelectMany(s => s))
        {
            Remember(entry);
        }

        countInCurrent = segments[^1].Count;
    }

    /// <inheritdoc />
    public Task Add(string sha256, ulong hash) => appends.Submit(new HashIndexEntry(sha256, hash));

    /// <inheritdoc />
    public async Task AddRange(List<HashIndexEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        await appends.SubmitAll(entries);
    }

    private async Task AppendAsync(List<HashIndexEntry> entries)
    {
        var fresh = entries.Where(e => !indexed.Contains(e.Sha256)).DistinctBy(e => e.Sha256).ToList();
        var next = 0;
        while (next < fresh.Count)
        {
            if (countInCurrent >= SimilarityIndexLayout.SegmentSize)
            {
                state.State.CurrentSegment++;
                await state.WriteOrReloadAsync(this);
                countInCurrent = 0;
            }

            var batch = fresh.GetRange(next, Math.Min(SimilarityIndexLayout.SegmentSize - countInCurrent, fresh.Count - next));
            await GrainFactory.GetGrain<IHashIndexSegmentGrain>(state.State.CurrentSegment).Append(batch);
            countInCurrent += batch.Count;
            next += batch.Count;
            foreach (var entry in batch)
            {
                Remember(entry);
            }
        }
    }

    /// <inheritdoc />
    public Task<List<SimilarContent>> FindNear(ulong hash, int maxDistance, int limit, CancellationToken cancellationToken = default)
    {
        // Two passes: count matches per distance, then collect only up to the distance that fills the limit,
        // so a wide query over a million hashes never builds a million results.
        maxDistance = Math.Clamp(maxDistance, 0, 64);
        var perDistance = new int[65];
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(hashes);
        foreach (var candidate in span)
        {
            var distance = BitOperations.PopCount(candidate ^ hash);
            if (distance <= maxDistance)
            {
                perDistance[distance]++;
            }
        }

        var cutoff = -1;
        for (var total = 0; cutoff < maxDistance && total < limit;)
        {
            total += perDistance[++cutoff];
        }

        var found = new List<SimilarContent>();
        for (var i = 0; i < span.Length; i++)
        {
            var distance = BitOperations.PopCount(span[i] ^ hash);
            if (distance <= cutoff)
            {
                found.Add(new SimilarContent(contents[i], distance));
            }
        }

        return Task.FromResult(found.OrderBy(f => f.Distance).ThenBy(f => f.Sha256, StringComparer.Ordinal).Take(limit).ToList());
    }

    /// <inheritdoc />
    public Task<int> Count() => Task.FromResult(hashes.Count);

    private void Remember(HashIndexEntry entry)
    {
        if (indexed.Add(entry.Sha256))
        {
            hashes.Add(entry.Hash);
            contents.Add(entry.Sha256);
        }
    }
}

/// <summary>Persisted state of the index head: only which segment takes the next entries.</summary>
[GenerateSerializer]
public sealed class SimilarityIndexState
{
    /// <summary>The segment being filled.</summary>
    [Id(0)] public long CurrentSegment { get; set; }
}
