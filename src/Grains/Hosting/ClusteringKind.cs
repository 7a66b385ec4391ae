namespace ImgProcess.Grains.Hosting;

/// <summary>How silos and clients find each other (<c>ImgProcess:Cluster:Clustering</c>).</summary>
public enum ClusteringKind
{
    /// <summary>Every silo and client on this machine, at fixed loopback ports: the one-machine default with SQLite.</summary>
    Localhost,

    /// <summary>Membership in the database (Orleans' ADO.NET clustering): the default with PostgreSQL; needs PostgreSQL.</summary>
    Database,
}
