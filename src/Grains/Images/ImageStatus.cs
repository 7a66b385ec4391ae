namespace ImgProcess.Grains.Images;

/// <summary>Where an upload is in its life.</summary>
public enum ImageStatus
{
    /// <summary>Accepted and stored; processors have not finished.</summary>
    Pending,

    /// <summary>Every enabled processor has a result or an error.</summary>
    Done,

    /// <summary>The stored bytes cannot be decoded (or no processor produced a result); see the errors.</summary>
    Failed,
}
