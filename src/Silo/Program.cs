using ImgProcess.Grains.Hosting;

// A silo node: grains, health probes and metrics; no public API. Everything comes from configuration
// (ImgProcess__* environment variables).
//   ImgProcess.Silo            run the silo (probes and metrics on :8081 unless --urls says otherwise)
//   ImgProcess.Silo schema     apply the database schema and exit
//   ImgProcess.Silo blobs copy --from PostgreSql --to S3 [--after KEY]
//                              copy the image bytes of one store into another (idempotent, resumable) and exit
var builder = WebApplication.CreateBuilder(HostArguments.WithDefaults(args));
if (args is ["schema", ..])
{
    var version = await ImgProcessSchemaCommand.ApplyAsync(builder.Configuration);
    Console.WriteLine($"schema is at version {version}");
    return 0;
}

if (args is ["blobs", "copy", .. var copyArguments])
{
    return await BlobCopyCommand.RunAsync(builder.Configuration, copyArguments, Console.Out);
}

builder.AddImgProcessSilo();
var app = builder.Build();
app.MapImgProcessSilo();
await app.RunAsync();
return 0;
