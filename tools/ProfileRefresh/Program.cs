using ModelRegistry.ProfileRefresh;

// dotnet run --project tools/ProfileRefresh -- --help
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

return await RefreshCommand.RunAsync(args, Console.Out, Console.Error, handler: null, Environment.GetEnvironmentVariable, cancellation.Token);
