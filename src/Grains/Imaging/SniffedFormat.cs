namespace ImgProcess.Grains.Imaging;

/// <summary>An image format recognised from the first bytes of a file.</summary>
/// <param name="Name">Short upper-case name: <c>PNG</c>, <c>JPEG</c>, <c>GIF</c>, <c>BMP</c>, <c>TIFF</c>, <c>WEBP</c>, ...</param>
/// <param name="MimeType">The media type served back for the stored bytes.</param>
/// <param name="Extension">The file extension the stored name gets, without the dot.</param>
/// <param name="Decodable">Whether the image library can decode it at all (SVG, HEIF, ... are recognised only to be refused clearly).</param>
public sealed record SniffedFormat(string Name, string MimeType, string Extension, bool Decodable);
