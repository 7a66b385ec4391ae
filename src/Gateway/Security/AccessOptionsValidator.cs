using ImgProcess.Grains.Hosting;
using ImgProcess.Grains.Storage;
using Microsoft.Extensions.Options;

namespace ImgProcess.Gateway.Security;

/// <summary>
/// A gateway that is part of a cluster refuses to start with open writes unless told so: the one-machine embedded
/// default may stay open like the Flask service, a cluster reachable by many must not.
/// </summary>
internal sealed class AccessOptionsValidator(IOptions<ImgProcessClusterOptions> cluster, DatabaseBackend database) : IValidateOptions<AccessOptions>
{
    public ValidateOptionsResult Validate(string? name, AccessOptions options)
    {
        // A client of silos, or a gateway on a database that silos on other machines share.
        var inCluster = cluster.Value.GatewayMode == GatewayMode.Client || database.CanHoldMembership;
        if (!inCluster || options.HasWriteKeys || options.AllowAnonymousWrites)
        {
            return ValidateOptionsResult.Success;
        }

        return ValidateOptionsResult.Fail(
            $"{AccessOptions.SectionName}:ApiKeys (or ApiKeysFile) is required for a gateway in a cluster: without it anyone who reaches the gateway may upload and delete. " +
            $"Set keys, or set {AccessOptions.SectionName}:AllowAnonymousWrites=true to run open on purpose.");
    }
}
