namespace ImgProcess.Grains.Faults;

/// <summary>
/// Something the service depends on (the database, the blob store, a silo) cannot answer right now. Raised where the
/// provider's own exception arises, so that what crosses a grain call is always a type Orleans can serialize, and the
/// gateway answers 503 with Retry-After: the request can be repeated, and nothing was wrong with it.
/// </summary>
[GenerateSerializer]
public sealed class ServiceUnavailableException : Exception
{
    /// <summary>Creates the exception for <paramref name="dependency"/>.</summary>
    public ServiceUnavailableException(Dependency dependency, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Dependency = dependency;
    }

    /// <summary>Creates an empty exception (serialization).</summary>
    public ServiceUnavailableException()
    {
    }

    /// <summary>Creates the exception with a message only.</summary>
    public ServiceUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public ServiceUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>What did not answer.</summary>
    [Id(0)]
    public Dependency Dependency { get; init; }
}
