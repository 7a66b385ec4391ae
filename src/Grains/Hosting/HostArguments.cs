namespace ImgProcess.Grains.Hosting;

/// <summary>Command-line defaults for the gateway and silo hosts, placed before the caller's arguments so those still win.</summary>
public static class HostArguments
{
    /// <summary>
    /// <paramref name="args"/> after our defaults. Configuration files are read once at start: nothing in the service
    /// reads options again, and with reload on, the host watches its content root recursively — where the default data
    /// directory lives — so every blob and SQLite write woke a file-watcher thread (5 % of the CPU under upload load in a
    /// <c>dotnet-trace</c> profile).
    /// </summary>
    public static string[] WithDefaults(string[] args) => ["--hostBuilder:reloadConfigOnChange=false", .. args];
}
