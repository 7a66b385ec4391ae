using ImgProcess.Grains.Hosting;
using ImgProcess.Gateway.Hosting;

var builder = WebApplication.CreateBuilder(HostArguments.WithDefaults(args));
builder.AddImgProcessGateway();

var app = builder.Build();
app.MapImgProcessGateway();
app.Run();

/// <summary>Entry point; public so integration tests can host it with WebApplicationFactory.</summary>
public partial class Program;
