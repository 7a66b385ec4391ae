namespace ImgProcess.Cluster.Tests;

/// <summary>
/// Tests that run a whole cluster of processes and time its answers: one at a time, so that two clusters never share
/// the machine's two cores while one of them is being measured.
/// </summary>
[CollectionDefinition(Name)]
public sealed class RealClusterCollection
{
    public const string Name = "Real cluster";
}
