namespace ImgProcess.Grains.Images;

/// <summary>Where an upload is in its life.</summary>
public enum ImageStatus
{
    /// <summary>Accepted and stored; processors have not finished.</summary>
    Processing,

    /// <summary>Every enabled processor has a result or an error.</summary>
    Done,

    /// <summary>Processing could not run at all (the stored bytes are unreadable); see the errors.</summary>
    Failed,
}
