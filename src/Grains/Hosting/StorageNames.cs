namespace ImgProcess.Grains.Hosting;

/// <summary>Names of the grain storage providers the grains use.</summary>
public static class StorageNames
{
    /// <summary>The grain storage every grain persists through (SQLite or PostgreSQL).</summary>
    public const string Grains = "imgprocess";

    /// <summary>
    /// Orleans' ADO.NET provider itself (on PostgreSQL), which grains reach as <see cref="Grains"/> through
    /// <see cref="Faults.UnavailabilityTranslatingGrainStorage"/>. SQLite has its own, <see cref="Storage.SqliteGrainStorage"/>.
    /// </summary>
    public const string AdoNet = "imgprocess-adonet";
}
