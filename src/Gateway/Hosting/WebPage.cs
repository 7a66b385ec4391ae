using Microsoft.Extensions.FileProviders;

namespace ImgProcess.Gateway.Hosting;

/// <summary>
/// The web page at <c>/</c>: static files embedded in the gateway assembly (no build toolchain, no dependency on the
/// working directory). Off with <c>ImgProcess:Web:Enabled=false</c> for an API-only gateway.
/// </summary>
internal static class WebPage
{
    public const string EnabledKey = "ImgProcess:Web:Enabled";

    public static WebApplication UseImgProcessWebPage(this WebApplication app)
    {
        if (!app.Configuration.GetValue(EnabledKey, defaultValue: true))
        {
            return app;
        }

        var files = new EmbeddedFileProvider(typeof(WebPage).Assembly, "ImgProcess.Gateway.Web");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,

            // Not fingerprinted: the browser revalidates (ETag) so a new gateway version is picked up at once.
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-cache",
        });
        return app;
    }
}
