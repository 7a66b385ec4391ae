using ImgProcess.Grains.Similarity;
using ImgProcess.Grains.TextSearch;

namespace ImgProcess.Grains.Tests.Vision;

public sealed class SearchIndexTests
{
    private static readonly string ShaA = new('a', 64);
    private static readonly string ShaB = new('b', 64);
    private static readonly string ShaC = new('c', 64);

    [Fact]
    public void Words_are_lower_case_runs_of_letters_and_digits_without_accents_and_each_ideograph_is_one()
    {
        Assert.Equal(["cafe", "au", "lait", "12", "5"], SearchWords.Of("Café CAFÉ café-au-lait 12,5"));
        Assert.Equal(["中", "文", "ocr"], SearchWords.Of("中文OCR"));
        Assert.Empty(SearchWords.Of(" !! "));
        Assert.Equal(SearchWords.MaxWordLength, SearchWords.Of(new string('x', 500)).Single().Length);
    }

    [Fact]
    public void The_inverted_index_finds_contents_with_every_word_and_a_content_read_again_replaces_its_words()
    {
        var index = new InvertedIndex();
        index.Put(new TextIndexEntry(ShaA, ["fresh", "coffee"]));
        index.Put(new TextIndexEntry(ShaB, ["coffee", "invoice"]));

        Assert.Equal([ShaA, ShaB], index.Find(["coffee"], 10).Order());
        Assert.Equal([ShaB], index.Find(["invoice", "coffee"], 10));
        Assert.Empty(index.Find(["coffee", "tea"], 10));
        Assert.Single(index.Find(["coffee"], 1));

        index.Put(new TextIndexEntry(ShaA, ["tea"]));
        Assert.Equal([ShaB], index.Find(["coffee"], 10));
        Assert.Equal([ShaA], index.Find(["tea"], 10));
        Assert.True(index.Contains(new TextIndexEntry(ShaA, ["tea"])));
        Assert.False(index.Contains(new TextIndexEntry(ShaA, ["fresh", "coffee"])));
        Assert.Equal(3, index.WordCount);
    }

    [Fact]
    public void Quantised_vectors_keep_the_cosine_similarity_within_a_few_thousandths_and_rank_by_it()
    {
        var random = new Random(7);
        float[] Unit()
        {
            var v = Enumerable.Range(0, 512).Select(_ => (float)(random.NextDouble() - 0.3)).ToArray();
            var norm = MathF.Sqrt(v.Sum(x => x * x));
            return [.. v.Select(x => x / norm)];
        }

        var vectors = new PackedVectors();
        var originals = new Dictionary<string, float[]>();
        foreach (var sha in Enumerable.Range(0, 50).Select(i => i.ToString("x64", System.Globalization.CultureInfo.InvariantCulture)))
        {
            originals[sha] = Unit();
            Assert.True(vectors.Put(LookIndexEntry.Of(sha, originals[sha])));
        }

        var query = originals.First();
        var found = vectors.FindLike(LookIndexEntry.Of(query.Key, query.Value), 50);

        Assert.Equal(query.Key, found[0].Sha256);
        Assert.Equal(1.0, found[0].Similarity, 0.003);
        Assert.All(found, f => Assert.Equal(originals[f.Sha256].Zip(query.Value).Sum(p => (double)p.First * p.Second), f.Similarity, 0.005));
        Assert.Equal(found.Select(f => f.Similarity).OrderDescending(), found.Select(f => f.Similarity));
        Assert.Equal(5, vectors.FindLike(LookIndexEntry.Of(query.Key, query.Value), 5).Count);

        // Replaced, not added; another length does not fit.
        Assert.True(vectors.Put(LookIndexEntry.Of(query.Key, Unit())));
        Assert.Equal(50, vectors.Count);
        Assert.False(vectors.Put(LookIndexEntry.Of(ShaC, [1f, 0f])));
        Assert.Null(vectors.Get(ShaC));
    }

    [Fact]
    public void The_integer_dot_product_matches_the_plain_sum_for_every_length()
    {
        var random = new Random(3);
        foreach (var length in new[] { 1, 15, 16, 33, 512, 1000 })
        {
            var a = Enumerable.Range(0, length).Select(_ => (sbyte)random.Next(-127, 128)).ToArray();
            var b = Enumerable.Range(0, length).Select(_ => (sbyte)random.Next(-127, 128)).ToArray();

            Assert.Equal(a.Zip(b).Sum(p => p.First * p.Second), PackedVectors.Dot(a, b));
        }
    }
}
