using ImgProcess.Grains.Indexing;

namespace ImgProcess.Grains.TextSearch;

/// <summary>
/// A shard's words in memory: for each word the numbers of the contents that have it, and each content's words (so a
/// content read again replaces its words). A query intersects the words' sets, smallest first.
/// </summary>
internal sealed class InvertedIndex
{
    private readonly ShaTable contents = new();
    private readonly Dictionary<string, HashSet<int>> postings = new(StringComparer.Ordinal);
    private readonly List<string[]> wordsOf = [];

    /// <summary>How many contents have words.</summary>
    public int Count => wordsOf.Count(w => w.Length > 0);

    /// <summary>How many distinct words are held.</summary>
    public int WordCount => postings.Count;

    /// <summary>True when the content is held with exactly these words.</summary>
    public bool Contains(TextIndexEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var number = contents.Find(entry.Sha256);
        return number >= 0 && wordsOf[number].SequenceEqual(entry.Words, StringComparer.Ordinal);
    }

    /// <summary>Holds the content's words, replacing its earlier ones.</summary>
    public void Put(TextIndexEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var number = contents.FindOrAdd(entry.Sha256);
        if (number < 0)
        {
            return;
        }

        if (number == wordsOf.Count)
        {
            wordsOf.Add([]);
        }

        foreach (var word in wordsOf[number])
        {
            if (postings.TryGetValue(word, out var holders) && holders.Remove(number) && holders.Count == 0)
            {
                postings.Remove(word);
            }
        }

        wordsOf[number] = entry.Words;
        foreach (var word in entry.Words)
        {
            if (!postings.TryGetValue(word, out var holders))
            {
                postings[word] = holders = [];
            }

            holders.Add(number);
        }
    }

    /// <summary>The contents that have every one of <paramref name="words"/>, at most <paramref name="limit"/>.</summary>
    public List<string> Find(IReadOnlyList<string> words, int limit)
    {
        ArgumentNullException.ThrowIfNull(words);
        if (words.Count == 0)
        {
            return [];
        }

        var sets = new List<HashSet<int>>();
        foreach (var word in words)
        {
            if (!postings.TryGetValue(word, out var holders))
            {
                return [];
            }

            sets.Add(holders);
        }

        sets.Sort((a, b) => a.Count.CompareTo(b.Count));
        return [.. sets[0].Where(n => sets.Skip(1).All(s => s.Contains(n))).Take(limit).Select(contents.ShaOf)];
    }
}
