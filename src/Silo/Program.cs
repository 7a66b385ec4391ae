using ImgProcess.Grains.Hosting;

// A silo node: grains, health probes and metrics; no public API. Everything comes from configuration
// (ImgProcess__* environment variables).
//   ImgProcess.Silo            run the silo (probes and metrics on :8081 unless --urls says otherwise)
//   ImgProcess.Silo schema     apply the database schema and exit
var builder = WebApplication.CreateBuilder(HostArguments.WithDefaults(args));
if (args is ["schema", ..])
{
    var version = await ImageProcessingSchemaCommand.ApplyAsync(builder.Configuration);
    Console.WriteLine($"schema is at version {version}");
    return 0;
}

builder.AddImgProcessSilo();
var app = builder.Build();
app.MapImgProcessSilo();
await app.RunAsync();
return 0;
