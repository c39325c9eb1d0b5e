using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Torsion.Hosting;
using Torsion.Samples.Hosted;

// A Torsion reactor inside the .NET generic host. Run it with
//   dotnet run --project samples/Hosted                      (beats until Ctrl+C)
//   dotnet run --project samples/Hosted -- --beats 3         (the reactor stops itself after 3 beats; the host follows)
// Options: --beats N (0: until Ctrl+C), --interval-ms M (500 unless given).
HostApplicationBuilder builder = Host.CreateApplicationBuilder(args);
builder.Services.AddTorsion();                          // the reactor, on its own thread; IReactor injectable
builder.Services.AddSingleton(HeartbeatSettings.From(builder.Configuration));
builder.Services.AddHostedService<Heartbeat>();         // registered after AddTorsion: starts with the reactor running
await builder.Build().RunAsync();
