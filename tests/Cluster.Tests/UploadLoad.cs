using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using ImgProcess.Tests;

namespace ImgProcess.Cluster.Tests;

/// <summary>
/// Clients uploading distinct photographs without pause through one gateway, recording every answer: when it was sent,
/// how long it took, its status, and for each 200 the image and the bytes sent, so that afterwards every acknowledged
/// upload can be checked. Bounded: it stops when told or after <see cref="MaxDuration"/>.
/// </summary>
internal sealed class UploadLoad : IAsyncDisposable
{
    private static readonly TimeSpan MaxDuration = TimeSpan.FromMinutes(4);
    private readonly HttpClient client;
    private readonly byte[] photo = TestImages.LandscapeJpeg(480, 360, seed: 21);
    private readonly CancellationTokenSource stop = new(MaxDuration);
    private readonly List<Task> clients;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private int uploadNumber;

    public UploadLoad(HttpClient client, int clientCount)
    {
        this.client = client;
        clients = [.. Enumerable.Range(0, clientCount).Select(_ => Task.Run(LoopAsync))];
    }

    public sealed record Answer(TimeSpan At, TimeSpan Took, int Status, bool HasRetryAfter, string Body);

    public sealed record Acknowledged(string Image, string Url, byte[] Bytes, TimeSpan At);

    public List<Answer> Answers { get; } = [];

    public List<Acknowledged> Acked { get; } = [];

    public TimeSpan Now => clock.Elapsed;

    public int AckedCount
    {
        get
        {
            lock (Acked)
            {
                return Acked.Count;
            }
        }
    }

    public async Task WaitForAcksAsync(int count, TimeSpan timeout)
    {
        var deadline = Now + timeout;
        while (AckedCount < count)
        {
            if (Now > deadline)
            {
                throw new TimeoutException($"only {AckedCount} uploads acknowledged within {timeout}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>The first 200 for an upload sent at or after <paramref name="since"/>, waiting up to <paramref name="timeout"/>.</summary>
    public async Task<TimeSpan?> FirstSuccessSentAfterAsync(TimeSpan since, TimeSpan timeout)
    {
        var deadline = Now + timeout;
        while (Now < deadline)
        {
            lock (Acked)
            {
                if (Acked.Where(a => a.At >= since).Select(a => (TimeSpan?)a.At).Min() is { } first)
                {
                    return first;
                }
            }

            await Task.Delay(100);
        }

        return null;
    }

    public async Task StopAsync()
    {
        await stop.CancelAsync();
        await Task.WhenAll(clients);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        stop.Dispose();
    }

    /// <summary>The longest stretch between two successive acknowledged uploads (by the time they were answered).</summary>
    public TimeSpan LongestStretchWithoutSuccess(TimeSpan from, TimeSpan to)
    {
        List<TimeSpan> times;
        lock (Answers)
        {
            times = [.. Answers.Where(a => a.Status == 200).Select(a => a.At + a.Took).Where(t => t >= from && t <= to).Order()];
        }

        times.Insert(0, from);
        times.Add(to);
        return times.Zip(times.Skip(1), (a, b) => b - a).Max();
    }

    public string Summary()
    {
        lock (Answers)
        {
            var statuses = string.Join(", ", Answers.GroupBy(a => a.Status).OrderBy(g => g.Key).Select(g => $"{g.Key} x{g.Count()}"));
            var slow = string.Join("; ", Answers.Where(a => a.Took > TimeSpan.FromSeconds(3)).Take(5)
                .Select(a => $"sent at {a.At.TotalSeconds:0.00} s, {a.Took.TotalSeconds:0.00} s, {a.Status} {(a.Body.Length > 200 ? a.Body[..200] : a.Body)}"));
            return $"{Answers.Count} answers ({statuses}); longest wait {Answers.Max(a => a.Took).TotalSeconds:0.00} s{(slow.Length > 0 ? $" (over 3 s: {slow})" : "")}";
        }
    }

    private async Task LoopAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            var bytes = TestImages.Stamped(photo, $"fault upload {Interlocked.Increment(ref uploadNumber)}");
            var at = Now;
            int status;
            string body;
            bool retryAfter;
            try
            {
                using var response = await client.PostAsync("/images", MultipartBodies.Image(bytes, "fault.jpg"));
                status = (int)response.StatusCode;
                retryAfter = response.Headers.RetryAfter is not null;
                body = await response.Content.ReadAsStringAsync();
            }
            catch (HttpRequestException e)
            {
                (status, retryAfter, body) = (0, false, e.Message);
            }
            catch (TaskCanceledException e)
            {
                (status, retryAfter, body) = (-1, false, e.Message);
            }

            var answer = new Answer(at, Now - at, status, retryAfter, body);
            lock (Answers)
            {
                Answers.Add(answer);
            }

            if (status == (int)HttpStatusCode.OK)
            {
                var json = JsonNode.Parse(body)!;
                lock (Acked)
                {
                    Acked.Add(new Acknowledged(json["image"]!.GetValue<string>(), json["image_url"]!.GetValue<string>(), bytes, at));
                }
            }
            else if (status != (int)HttpStatusCode.TooManyRequests)
            {
                // Back off a little, as a client told to retry would.
                await Task.Delay(100);
            }
        }
    }

    /// <summary>
    /// Checks that every acknowledged upload is listed and served with the bytes that were sent, and that the listing
    /// holds no entry without its record: every page but the last is full, and the items add up to X-Total-Count. The
    /// listing is read whole until two readings in a row agree: an upload answered 503 is removed in the background
    /// (for up to a minute), and a removal while the pages are read by number shifts the older entries up by one, so a
    /// reading taken across it misses one upload that is there.
    /// </summary>
    public static async Task<string> VerifyNothingLostAsync(HttpClient client, IReadOnlyCollection<Acknowledged> acked)
    {
        var settleBy = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        var reading = await ReadListingAsync(client);
        var readings = 1;
        for (var settled = false; !settled && DateTime.UtcNow < settleBy; readings++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var again = await ReadListingAsync(client);
            settled = again.SameAs(reading);
            reading = again;
        }

        Assert.True(reading.Duplicates.Count == 0, $"listed twice: {string.Join(", ", reading.Duplicates.Take(5))}");
        Assert.Equal(reading.Total, reading.Listed.Count);
        var lost = acked.Where(a => !reading.Listed.Contains(a.Image)).Select(a => a.Image).ToList();
        if (lost.Count > 0)
        {
            // What the gateway says of each: a record that is not listed, or a listed one whose entry is missing.
            var details = await Task.WhenAll(lost.Take(5).Select(async image =>
            {
                using var response = await client.GetAsync($"/images/{Path.GetFileNameWithoutExtension(image)}");
                return $"{image}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            }));
            Assert.Fail($"{lost.Count} acknowledged uploads are not listed ({readings} readings of the listing): {string.Join(" | ", details)}");
        }

        using var parallel = new SemaphoreSlim(4);
        await Task.WhenAll(acked.Select(async a =>
        {
            await parallel.WaitAsync();
            try
            {
                Assert.Equal(a.Bytes, await client.GetByteArrayAsync(a.Url));
            }
            finally
            {
                parallel.Release();
            }
        }));

        return $"{acked.Count} acknowledged, 0 lost, {reading.Listed.Count} listed (pages full, X-Total-Count {reading.Total}; {readings} readings)";
    }

    // The whole listing by page number, as far as the pages are full.
    private static async Task<Listing> ReadListingAsync(HttpClient client)
    {
        var listed = new HashSet<string>(StringComparer.Ordinal);
        var duplicates = new List<string>();
        long total = -1;
        for (var page = 1; ; page++)
        {
            using var response = await client.GetAsync($"/images?page={page}&count=100");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            total = long.Parse(response.Headers.GetValues("X-Total-Count").Single(), CultureInfo.InvariantCulture);
            var items = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
            foreach (var item in items)
            {
                var name = item!["image_name"]!.GetValue<string>();
                if (!listed.Add(name))
                {
                    duplicates.Add(name);
                }
            }

            if (items.Count < 100)
            {
                return new Listing(listed, duplicates, total);
            }
        }
    }

    private sealed record Listing(HashSet<string> Listed, List<string> Duplicates, long Total)
    {
        public bool SameAs(Listing other) => Total == other.Total && Duplicates.Count == other.Duplicates.Count && Listed.SetEquals(other.Listed);
    }
}
