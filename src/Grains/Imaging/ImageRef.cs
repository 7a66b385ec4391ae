namespace ImgProcess.Grains.Imaging;

/// <summary>
/// A stored image as grains pass it around: a reference to the bytes in the blob store, never the bytes
/// themselves, so messages stay small and every silo reads the same content.
/// </summary>
/// <param name="BlobKey">Where the bytes live in the blob store.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the bytes.</param>
/// <param name="Format">The sniffed format name (<c>PNG</c>, <c>JPEG</c>, ...).</param>
/// <param name="Width">Width from the header.</param>
/// <param name="Height">Height from the header.</param>
/// <param name="ByteSize">Size of the stored bytes.</param>
[GenerateSerializer, Immutable]
public sealed record ImageRef(
    [property: Id(0)] string BlobKey,
    [property: Id(1)] string Sha256,
    [property: Id(2)] string Format,
    [property: Id(3)] int Width,
    [property: Id(4)] int Height,
    [property: Id(5)] long ByteSize);
