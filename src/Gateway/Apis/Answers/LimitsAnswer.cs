namespace ImgProcess.Gateway.Apis;

/// <summary>The answer to <c>GET /limits</c>: what the service accepts.</summary>
internal sealed record LimitsAnswer(
    long MaxUploadBytes,
    long MaxPixelsPerImage,
    int MaxPixelsPerSide,
    int MaxFrames,
    IReadOnlyList<string> AllowedFormats,
    int UploadsPerClientPerMinute,
    IReadOnlyDictionary<string, string> Decoders);
