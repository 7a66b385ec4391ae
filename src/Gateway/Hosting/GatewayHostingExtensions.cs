using ImgProcess.Gateway.Apis;
using ImgProcess.Gateway.Security;
using ImgProcess.Gateway.Uploads;
using ImgProcess.Grains.Faults;
using ImgProcess.Grains.Health;
using ImgProcess.Grains.Hosting;
using ImgProcess.Grains.Telemetry;
using ImgProcess.Grains.Uploads;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace ImgProcess.Gateway.Hosting;

/// <summary>What the gateway host is made of; Program.cs only calls these two.</summary>
internal static class GatewayHostingExtensions
{
    private const int DefaultPort = 8080;

    // Multipart framing and other form fields around the file.
    private const long MultipartOverheadBytes = 1024 * 1024;

    public static WebApplicationBuilder AddImgProcessGateway(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var edge = configuration.GetValidated<HttpEdgeOptions>(HttpEdgeOptions.SectionName);
        builder.ListenByDefaultOn(DefaultPort, edge.InternalPort, edge.InternalAddress);
        builder.Services.AddOptions<HttpEdgeOptions>().Bind(configuration.GetSection(HttpEdgeOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<HttpEdgeOptions>, HttpEdgeOptionsValidator>();
        builder.Services.AddTrustedProxies(edge);
        builder.AddImgProcessTelemetry("imgprocess-gateway");

        var limits = configuration.GetValidated<LimitsOptions>(LimitsOptions.SectionName);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = limits.MaxUploadBytes + MultipartOverheadBytes;

            // A client that sends nothing, or a trickle, loses its connection instead of holding a slot.
            kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(limits.MinUploadBytesPerSecond, limits.MinUploadRateGracePeriod);
            kestrel.Limits.RequestHeadersTimeout = limits.RequestHeadersTimeout;
        });

        var cluster = configuration.GetValidated<ImgProcessClusterOptions>(ImgProcessClusterOptions.SectionName);
        if (cluster.GatewayMode == GatewayMode.Client)
        {
            builder.Services.AddImgProcessCore(configuration);
            builder.Services.AddSingleton<SiloLosses>();
            builder.Services.AddSingleton<IClusterConnectionStatusObserver>(services => services.GetRequiredService<SiloLosses>());
            builder.UseOrleansClient(client => client.UseImgProcessClustering(configuration).AddImgProcessDashboard(configuration));
        }
        else
        {
            builder.UseOrleans(silo => silo
                .UseImgProcessClustering(configuration)
                .AddImgProcess(configuration));
        }

        builder.Services.AddOptions<AccessOptions>().Bind(configuration.GetSection(AccessOptions.SectionName)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AccessOptions>, AccessOptionsValidator>();
        builder.Services.AddSingleton<ApiKeyRing>();
        builder.Services.AddSingleton<UploadGate>();
        builder.Services.AddUploadRateLimiting(limits.UploadsPerClientPerMinute);
        builder.Services.AddRequestTimeouts(options => options.DefaultPolicy = new RequestTimeoutPolicy
        {
            Timeout = limits.RequestTimeout,
            TimeoutStatusCode = StatusCodes.Status503ServiceUnavailable,
        });
        var access = configuration.GetValidated<AccessOptions>(AccessOptions.SectionName);
        if (access.CorsOrigins.Count > 0)
        {
            builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy => policy
                .WithOrigins([.. access.CorsOrigins])
                .WithMethods("GET", "POST", "DELETE")
                .WithHeaders("Content-Type", "X-Api-Key", "Authorization")
                .WithExposedHeaders("Location", "Link", "X-Total-Count", "Retry-After", RequestIdMiddleware.HeaderName)));
        }

        builder.Services.AddImgProcessHealthChecks();
        builder.Services.ConfigureHttpJsonOptions(json => GatewayJson.Configure(json.SerializerOptions));
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<UnavailableHandler>();
        builder.Services.AddOpenApi(options => options
            .AddImgProcessExamples()
            .AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "ImgProcess API";
                document.Info.Description = "Upload images; every registered processor runs on them; results, history, similar images. Errors of the Flask contract are {error, details}; others are problem+json.";
                return Task.CompletedTask;
            }));
        return builder;
    }

    public static WebApplication MapImgProcessGateway(this WebApplication app)
    {
        // First: everything after it (rate limit, logs, metrics) sees the client's address, not a trusted proxy's.
        app.UseForwardedHeaders();
        app.UseMiddleware<RequestIdMiddleware>();

        // The operators' endpoints on the internal port alone when there is one, so the public Service carries only the API and the page.
        if (app.Services.GetRequiredService<IOptions<HttpEdgeOptions>>().Value.InternalPort is not null)
        {
            app.UseMiddleware<InternalPortMiddleware>();
        }

        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        if (app.Services.GetRequiredService<IOptions<AccessOptions>>().Value.CorsOrigins.Count > 0)
        {
            app.UseCors();
        }

        app.UseImgProcessWebPage();
        app.UseMiddleware<ApiKeyMiddleware>();
        app.UseRateLimiter();
        app.UseRequestTimeouts();
        app.MapOpenApi();
        app.MapImgProcessApiReference();
        app.MapImgProcessHealth();
        app.MapImgProcessMetrics();
        app.MapImgProcessDashboard(app.Configuration);
        app.MapImagesApi();
        app.MapImageRecordsApi();
        app.MapImageEventsApi();
        app.MapProcessorsApi();
        app.MapLimitsApi();
        return app;
    }
}
