using ImgProcess.Grains.Uploads;

namespace ImgProcess.Grains.Tests.Uploads;

public sealed class FileNamesTests
{
    [Theory]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("..\\..\\windows\\win.ini", "win.ini")]
    [InlineData("photo.jpg", "photo.jpg")]
    [InlineData("  .hidden.png  ", "hidden.png")]
    [InlineData("a\u0000b\u200Ec.png", "abc.png")]
    [InlineData("", "image")]
    [InlineData("../..", "image")]
    [InlineData(null, "image")]
    [InlineData("Фото 日本 🌄.png", "Фото 日本 🌄.png")]
    public void Keeps_only_a_displayable_last_segment(string? input, string expected)
    {
        Assert.Equal(expected, FileNames.Sanitize(input, 255));
    }

    [Fact]
    public void Long_names_are_shortened_keeping_the_extension()
    {
        var name = new string('x', 1000) + ".jpeg";

        var clean = FileNames.Sanitize(name, 255);

        Assert.Equal(255, clean.Length);
        Assert.EndsWith("….jpeg", clean, StringComparison.Ordinal);
    }
}
