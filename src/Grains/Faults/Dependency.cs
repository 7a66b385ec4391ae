namespace ImgProcess.Grains.Faults;

/// <summary>The parts of the service that can be unavailable.</summary>
public enum Dependency
{
    /// <summary>A silo, or the cluster as a whole (a call that got no answer in time).</summary>
    Cluster,

    /// <summary>The database holding grain state (and membership in a cluster).</summary>
    Database,

    /// <summary>The store holding image bytes.</summary>
    BlobStore,
}
