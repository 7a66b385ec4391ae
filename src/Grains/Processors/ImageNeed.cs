namespace ImgProcess.Grains.Processors;

/// <summary>What a processor reads; decides what the silo prepares for it.</summary>
public enum ImageNeed
{
    /// <summary>The header only: format, dimensions, metadata. No pixel is decoded.</summary>
    Header,

    /// <summary>The first frame at full resolution.</summary>
    FullImage,

    /// <summary>The downscaled analysis copy (longest side <c>AnalysisMaxSide</c>), for statistics that do not need every pixel.</summary>
    AnalysisImage,
}
