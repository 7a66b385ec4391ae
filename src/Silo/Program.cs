using ImgProcess.Grains.Hosting;

// A silo node: grains only, no public HTTP API. Clustering and storage come from configuration.
var builder = WebApplication.CreateBuilder(args);
builder.UseOrleans(silo => silo
    .UseImageProcessingLocalhostClustering(builder.Configuration)
    .AddImageProcessing(builder.Configuration));

var app = builder.Build();
app.Run();
