namespace ImgProcess.Grains.Imaging;

/// <summary>Which library decodes PNG pixels (<c>ImgProcess:Processing:PngLibrary</c>).</summary>
public enum PngLibrary
{
    /// <summary>Skia's PNG codec (libpng with Chromium's zlib, in SkiaSharp's native library), about twice as fast here; ImageSharp decodes whatever it declines.</summary>
    Skia,

    /// <summary>ImageSharp alone.</summary>
    ImageSharp,
}
