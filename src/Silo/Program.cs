using ImgProcess.Grains.Hosting;

// A silo node: grains only, no public HTTP API. Everything comes from configuration (ImgProcess__* environment variables).
//   ImgProcess.Silo            run the silo
//   ImgProcess.Silo schema     apply the database schema and exit
var builder = Host.CreateApplicationBuilder(args);
if (args is ["schema", ..])
{
    var version = await ImageProcessingSchemaCommand.ApplyAsync(builder.Configuration);
    Console.WriteLine($"schema is at version {version}");
    return 0;
}

builder.UseOrleans(silo => silo
    .UseImageProcessingClustering(builder.Configuration)
    .AddImageProcessing(builder.Configuration));

await builder.Build().RunAsync();
return 0;
