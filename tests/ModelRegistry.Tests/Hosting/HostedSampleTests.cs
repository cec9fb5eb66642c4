using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using HostedSample;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ModelRegistry.Tests.Client;
using ModelRegistry.Tests.Registry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ModelRegistry.Tests.Hosting;

/// <summary>
/// sample/HostedSample end to end, without a model server: its own host (its appsettings.json, its pipeline, its
/// telemetry) with the endpoint pointed at a loopback server, the way a user overrides it on the command line.
/// </summary>
[Collection(EnvironmentCollection.Name)]
public sealed class HostedSampleTests
{
    // A recorded dice game: the model asks for the player's name and a roll at once, then answers.
    private const string ToolCalls = "chat-completions/deepseek-v4-flash-content-reasoning-parallel-tool-calls.json";
    private const string TextAnswer = "chat-completions/vllm-crusoe-glm-5.2-reasoning-text.json";

    [Fact]
    public async Task The_sample_answers_after_running_the_models_tool_calls_in_process_and_traces_every_step()
    {
        using var environment = new EnvironmentScope();
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply(ToolCalls), Fixtures.Reply(TextAnswer));
        var activities = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == HostedSampleApp.ChatTelemetrySource,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        using IHost host = HostedSampleApp.CreateBuilder([$"--ModelRegistry:Providers:vllm:BaseUrl={server.Endpoint}"]).Build();
        var output = new StringWriter();
        var error = new StringWriter();

        int exitCode = await HostedSampleApp.RunAsync(host, output, error);

        Assert.Equal("", error.ToString());
        Assert.Equal(0, exitCode);
        // The answer's text is the model's, from both of its replies: the words beside the tool calls, then the last one.
        string beforeTools = RecordedAnswer.FromCompletion(Fixtures.Json(ToolCalls)).Content.ToString();
        string last = RecordedAnswer.FromCompletion(Fixtures.Json(TextAnswer)).Content.ToString();
        Assert.Equal($"{beforeTools}\n{last}\n", output.ToString().ReplaceLineEndings("\n"));

        // The sample's appsettings.json reached the wire (the header, the profile's provider model id); the tools went out.
        Assert.Equal(2, server.Requests.Count);
        CapturedRequest first = server.Requests[0];
        Assert.Equal("HostedSample", first.Headers["X-Client"]);
        Assert.Equal("Qwen/Qwen3-4B", first.Json.GetProperty("model").GetString());
        Assert.Equal(
            ["get_player_name", "roll_dice"],
            first.Json.GetProperty("tools").EnumerateArray().Select(tool => tool.GetProperty("function").GetProperty("name").GetString()).Order());

        // Both tools ran here, and the second request told the model what they returned.
        int roll = Assert.Single(host.Services.GetRequiredService<DiceTools>().Rolls);
        Assert.InRange(roll, 1, 6);
        Dictionary<string, string?> toolResults = server.Requests[1].Json.GetProperty("messages").EnumerateArray()
            .Where(message => message.GetProperty("role").GetString() == "tool")
            .ToDictionary(message => message.GetProperty("tool_call_id").GetString()!, message => message.GetProperty("content").GetString());
        Assert.Equal(2, toolResults.Count);
        Assert.Contains("Ada", toolResults["call_00_6edlnw3Z1MgeMfey687g8451"], StringComparison.Ordinal);
        Assert.Equal(roll.ToString(CultureInfo.InvariantCulture), toolResults["call_01_km02sac7sHxNDPATKLZy7705"]);

        // The pipeline's telemetry: one chat span per request to this server and one span per tool call, in one trace.
        Activity[] chats = activities.Where(a => a.GetTagItem("server.port") is int port && port == server.Endpoint.Port).ToArray();
        Assert.Equal(2, chats.Length);
        Assert.All(chats, chat => Assert.Equal("vllm", chat.GetTagItem("gen_ai.provider.name")));
        ActivityTraceId trace = Assert.Single(chats.Select(chat => chat.TraceId).Distinct());
        Assert.Equal(
            ["get_player_name", "roll_dice"],
            activities.Where(a => a.TraceId == trace && a.GetTagItem("gen_ai.tool.name") is not null)
                .Select(a => (string)a.GetTagItem("gen_ai.tool.name")!).Order());
        Assert.NotNull(host.Services.GetService<TracerProvider>());
        Assert.NotNull(host.Services.GetService<MeterProvider>());
    }

    [Fact]
    public async Task Without_a_model_server_the_sample_writes_one_line_and_exits_with_1()
    {
        using var environment = new EnvironmentScope();
        using IHost host = HostedSampleApp.CreateBuilder([$"--ModelRegistry:Providers:vllm:BaseUrl=http://127.0.0.1:{ClosedPort()}/v1"]).Build();
        var output = new StringWriter();
        var error = new StringWriter();

        int exitCode = await HostedSampleApp.RunAsync(host, output, error);

        Assert.Equal(1, exitCode);
        Assert.Equal("", output.ToString());
        string line = Assert.Single(error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("The model could not be asked: vllm could not be reached at http://127.0.0.1:", line, StringComparison.Ordinal);
        Assert.EndsWith("or point ModelRegistry:Providers:vllm:BaseUrl at one.", line, StringComparison.Ordinal);
    }

    /// <summary>A loopback port nothing listens on (taken, then released), so a connection to it is refused at once.</summary>
    private static int ClosedPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
