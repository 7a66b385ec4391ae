namespace ImgProcess.Grains.Hosting;

/// <summary>Names of the grain storage providers the grains use.</summary>
public static class StorageNames
{
    /// <summary>The ADO.NET grain storage every grain persists through (SQLite or PostgreSQL).</summary>
    public const string Grains = "imgprocess";

    /// <summary>
    /// The ADO.NET provider itself, which grains reach as <see cref="Grains"/> through
    /// <see cref="Faults.UnavailabilityTranslatingGrainStorage"/> (and, on SQLite, <see cref="Storage.SingleWriterGrainStorage"/>).
    /// </summary>
    public const string AdoNet = "imgprocess-adonet";
}
