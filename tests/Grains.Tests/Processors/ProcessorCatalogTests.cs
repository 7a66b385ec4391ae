using ImgProcess.Grains.Processing;
using ImgProcess.Grains.Processors;
using Microsoft.Extensions.Options;

namespace ImgProcess.Grains.Tests.Processors;

public sealed class ProcessorCatalogTests
{
    private static IImageProcessor[] Processors() =>
    [
        new AveragePixelProcessor(),
        new FormatAndDimensionsProcessor(),
        new SharpnessProcessor(),
    ];

    [Fact]
    public void A_processor_switched_off_in_configuration_is_neither_run_nor_listed()
    {
        var catalog = new ProcessorCatalog(Processors(), Options.Create(new ProcessingOptions { Disabled = ["sharpness"] }), Microsoft.Extensions.Logging.Abstractions.NullLogger<ProcessorCatalog>.Instance);

        Assert.Equal(["Average Pixel Value", "Format and Dimensions"], catalog.Enabled.Select(p => p.Name));
        Assert.False(catalog.TryGet("Sharpness", out _));
        Assert.True(catalog.TryGet("Average Pixel Value", out _));
    }

    [Fact]
    public void Every_built_in_has_a_distinct_name_a_description_and_a_version()
    {
        Assert.Equal(11, BuiltInProcessors.All.Count);
        Assert.All(BuiltInProcessors.All, type => Assert.True(typeof(IImageProcessor).IsAssignableFrom(type) && type.IsSealed, type.Name));
    }
}
