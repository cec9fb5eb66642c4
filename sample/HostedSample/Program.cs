using HostedSample;
using Microsoft.Extensions.Hosting;

// The registry through dependency injection: see HostedSampleApp (the host) and DiceGame (the keyed client's user).
// Configure the endpoint in appsettings.json, or without editing it:
//   ModelRegistry__Providers__vllm__BaseUrl=http://gpu-box:8000/v1 dotnet run --project sample/HostedSample
using IHost host = HostedSampleApp.CreateBuilder(args).Build();
return await HostedSampleApp.RunAsync(host, Console.Out, Console.Error);
