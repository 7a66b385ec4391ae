namespace ImgProcess.Grains.Hosting;

/// <summary>How a gateway reaches grains.</summary>
public enum GatewayMode
{
    /// <summary>The gateway process is also a silo (one machine, or a silo that serves HTTP).</summary>
    Embedded,

    /// <summary>The gateway is an Orleans client of a cluster of <c>src/Silo</c> nodes.</summary>
    Client,
}
