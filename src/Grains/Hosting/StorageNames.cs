namespace ImgProcess.Grains.Hosting;

/// <summary>Names of the grain storage providers the grains use.</summary>
public static class StorageNames
{
    /// <summary>The ADO.NET grain storage every grain persists through (SQLite or PostgreSQL).</summary>
    public const string Grains = "imgprocess";

    /// <summary>On SQLite: the ADO.NET storage behind <see cref="Storage.SingleWriterGrainStorage"/>, which grains reach as <see cref="Grains"/>.</summary>
    public const string SqliteWriter = "imgprocess-sqlite";
}
