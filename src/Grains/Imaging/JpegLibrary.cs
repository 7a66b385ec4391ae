namespace ImgProcess.Grains.Imaging;

/// <summary>Which library decodes JPEG pixels (<c>ImgProcess:Processing:JpegLibrary</c>); every other format is ImageSharp's.</summary>
public enum JpegLibrary
{
    /// <summary>libjpeg-turbo's TurboJPEG (Debian's <c>libturbojpeg0</c>), about 1.5 times as fast here; ImageSharp decodes whatever it declines, and everything when the library is missing.</summary>
    LibjpegTurbo,

    /// <summary>ImageSharp alone.</summary>
    ImageSharp,
}
