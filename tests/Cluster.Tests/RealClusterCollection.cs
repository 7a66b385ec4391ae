namespace ImgProcess.Cluster.Tests;

/// <summary>
/// Tests that run a whole cluster of processes and time its answers: one at a time and with no other test collection
/// beside them (xunit runs these after the parallel ones), so that neither another cluster nor a test starting silo
/// processes shares the machine's two cores while one of them is being measured.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RealClusterCollection
{
    public const string Name = "Real cluster";
}
