using System.Text;

namespace ImgProcess.Grains.Uploads;

/// <summary>Every reason an upload is refused, by the gateway reading the request or by the intake checking the file.</summary>
public enum RejectionReason
{
    /// <summary>The multipart body cannot be read.</summary>
    MalformedRequest,

    /// <summary>No file in the field <c>image</c>.</summary>
    NoImagePart,

    /// <summary>The file has an empty file name.</summary>
    NoSelectedFile,

    /// <summary>More than one file in the field.</summary>
    TooManyFiles,

    /// <summary>Every upload slot is taken and the queue is full, or no slot came free within the queue's time.</summary>
    QueueFull,

    /// <summary>The body arrived slower than the minimum data rate (<c>MinUploadBytesPerSecond</c>).</summary>
    TooSlow,

    /// <summary>The file has no content.</summary>
    EmptyFile,

    /// <summary>The request or the file is over <c>MaxUploadBytes</c>.</summary>
    TooManyBytes,

    /// <summary>The content is not an image in an accepted format.</summary>
    NotAnImage,

    /// <summary>An image format that is recognised but not accepted.</summary>
    UnsupportedFormat,

    /// <summary>The header cannot be read.</summary>
    Unreadable,

    /// <summary>The header is valid but the pixels cannot be decoded.</summary>
    Undecodable,

    /// <summary>The file is cut off.</summary>
    Truncated,

    /// <summary>Over the limit of compressed metadata.</summary>
    TooMuchMetadata,

    /// <summary>Over the limit of pixels per side.</summary>
    TooManyPixelsPerSide,

    /// <summary>Over the limit of pixels.</summary>
    TooManyPixels,

    /// <summary>Over the limit of frames.</summary>
    TooManyFrames,
}

/// <summary>The stable names of <see cref="RejectionReason"/>.</summary>
public static class RejectionReasons
{
    /// <summary><c>TooManyPixels</c> → <c>too_many_pixels</c>.</summary>
    public static string Code(this RejectionReason reason)
    {
        var name = reason.ToString();
        var code = new StringBuilder(name.Length + 4);
        foreach (var c in name)
        {
            if (char.IsUpper(c) && code.Length > 0)
            {
                code.Append('_');
            }

            code.Append(char.ToLowerInvariant(c));
        }

        return code.ToString();
    }
}
