using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ModelRegistry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace HostedSample;

/// <summary>
/// The sample's host: built by <see cref="CreateBuilder"/>, run by <see cref="RunAsync"/>. Program.cs calls both; the
/// tests call them too, with the endpoint pointed at a loopback server that replays recorded answers.
/// </summary>
public static class HostedSampleApp
{
    /// <summary>The keyed client the game uses: <c>provider:model</c> of a model in profiles/vllm.json.</summary>
    public const string Model = "vllm:qwen3-4b";

    /// <summary>The activity source and meter of <c>UseOpenTelemetry()</c> (Microsoft.Extensions.AI's default name).</summary>
    public const string ChatTelemetrySource = "Experimental.Microsoft.Extensions.AI";

    public static HostApplicationBuilder CreateBuilder(string[] args)
    {
        // The program's folder, not the current one, is the content root: appsettings.json is copied beside the program.
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });

        // Every model of the registry, with the "ModelRegistry" section of the configuration (appsettings.json, then the
        // environment, then the command line, each over the last). Function invocation is the outer layer, so that each
        // request to the model is a chat span of its own and each tool call an execute_tool span beside them.
        builder.Services.AddModelRegistry(SampleModels.Registry)
            .ConfigureChatClient(b => b.UseFunctionInvocation().UseOpenTelemetry());

        builder.Services.AddSingleton<DiceTools>();
        builder.Services.AddSingleton<DiceGame>();

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("HostedSample"))
            .WithTracing(tracing => tracing
                .AddSource(ChatTelemetrySource, RoutingTelemetry.Name)
                .AddConsoleExporter())
            .WithMetrics(metrics => metrics
                .AddMeter(ChatTelemetrySource, RoutingTelemetry.Name)
                .AddConsoleExporter());

        return builder;
    }

    /// <summary>Starts the host, plays one game, writes the model's answer to <paramref name="output"/> and stops the host
    /// (which exports the metrics). When no model server answers, writes one line to <paramref name="error"/> instead.</summary>
    /// <returns>0 when the model answered, 1 when it could not be asked.</returns>
    public static async Task<int> RunAsync(IHost host, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        await host.StartAsync(cancellationToken);
        try
        {
            string answer = await host.Services.GetRequiredService<DiceGame>().PlayAsync(cancellationToken);
            await output.WriteLineAsync(answer);
            return 0;
        }
        catch (Exception exception) when (exception is ChatProviderException or HttpRequestException)
        {
            // No server at the configured endpoint, or one that refused the request: one line that says what to do.
            await error.WriteLineAsync(
                $"The model could not be asked: {exception.Message} Start a vLLM server (vllm serve Qwen/Qwen3-4B " +
                "--enable-auto-tool-choice --tool-call-parser hermes) or point ModelRegistry:Providers:vllm:BaseUrl at one.");
            return 1;
        }
        catch (ModelConfigurationException exception)
        {
            // A bad value in the ModelRegistry section: the message names its configuration path (never the value).
            await error.WriteLineAsync($"The configuration is not valid: {exception.Message}");
            return 1;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }
}
