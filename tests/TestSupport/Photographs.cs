namespace ImgProcess.Tests;

/// <summary>scikit-image's sample photographs (Debian's python3-skimage; test.sh names the directory, scripts/photographs.sh).</summary>
internal static class Photographs
{
    /// <summary>The directory holding them.</summary>
    public static string Directory { get; } = Environment.GetEnvironmentVariable("IMGPROCESS_TEST_PHOTOGRAPHS") is { Length: > 0 } named
        ? named
        : "/usr/lib/python3/dist-packages/skimage/data";

    /// <summary>The path of photograph <paramref name="name"/> (e.g. <c>chelsea.png</c>).</summary>
    public static string Path(string name) => System.IO.Path.Combine(Directory, name);
}
