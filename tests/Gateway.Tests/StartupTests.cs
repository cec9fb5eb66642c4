using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace ModelRegistry.Gateway.Tests;

/// <summary>The built gateway run as its own process, as an operator starts it: start-up errors are one line and a
/// non-zero exit code, and <c>OFFLOAD=1</c> drops a model it leaves without routes instead of refusing to start.</summary>
public sealed class StartupTests
{
    private static readonly string GatewayDll = Path.Combine(AppContext.BaseDirectory, "ModelRegistry.GatewayHost.dll");

    [Theory]
    [InlineData("{ not json")]
    [InlineData("""{ "models": { "local:assistant": { "routes": { "no-such-route": { "weight": 1 } } } } }""")]
    [InlineData("""{ "models": { "local:assistant": { "fallbacks": ["local:nothing"] } } }""")]
    public async Task A_bad_overlay_stops_the_start_with_one_line_and_a_non_zero_exit_code(string overlay)
    {
        string path = WriteOverlay(overlay);
        try
        {
            using Process gateway = Start(path, port: FreePort(), offload: false);
            Task<string> stderr = gateway.StandardError.ReadToEndAsync();
            Task<string> stdout = gateway.StandardOutput.ReadToEndAsync();
            await gateway.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

            string error = (await stderr).Trim();
            Assert.NotEqual(0, gateway.ExitCode);
            Assert.Single(error.Split('\n'));
            Assert.StartsWith("ModelRegistry.Gateway cannot start: ", error, StringComparison.Ordinal);
            Assert.Contains(path, error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", error + await stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("Unhandled exception", error + await stdout, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_bad_key_setting_stops_the_start_with_one_line_naming_its_configuration_path_and_not_the_key()
    {
        string path = WriteOverlay("{}");
        try
        {
            using Process gateway = Start(path, FreePort(), offload: false,
                [("Gateway__Keys__team__Key", "sk-startup-secret"), ("Gateway__Keys__team__Models", "local:nope")]);
            Task<string> stderr = gateway.StandardError.ReadToEndAsync();
            Task<string> stdout = gateway.StandardOutput.ReadToEndAsync();
            await gateway.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

            string error = (await stderr).Trim();
            Assert.NotEqual(0, gateway.ExitCode);
            Assert.Equal("ModelRegistry.Gateway cannot start: Gateway:Keys:team:Models: 'local:nope' is not a served model or alias; served: local:assistant, local:echo.",
                Assert.Single(error.Split('\n')));
            Assert.DoesNotContain("sk-startup-secret", error + await stdout, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Offload_leaving_a_model_without_routes_drops_it_lists_it_in_health_and_serves_the_rest()
    {
        // local:assistant keeps only its vLLM route, which is marked local: OFFLOAD=1 leaves it nothing.
        string path = WriteOverlay("""
            { "models": { "local:assistant": { "routes": { "local": { "enabled": false }, "openrouter": { "enabled": false } } } } }
            """);
        int port = FreePort();
        using Process gateway = Start(path, port, offload: true);
        var output = new StringBuilder();
        gateway.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        gateway.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        gateway.BeginOutputReadLine();
        gateway.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
            JsonElement health = await WaitForHealthAsync(http, gateway, output);

            JsonElement unavailable = Assert.Single(health.GetProperty("unavailable").EnumerateArray());
            Assert.Equal("local:assistant", unavailable.GetProperty("id").GetString());
            Assert.Contains("OFFLOAD", unavailable.GetProperty("reason").GetString(), StringComparison.Ordinal);
            Assert.Equal("degraded", health.GetProperty("status").GetString());
            Assert.Equal(["local:echo"], health.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("id").GetString()));

            using HttpResponseMessage echo = await http.PostAsync("/v1/chat/completions", ChatCompletionsTests.Json(
                """{"model":"local:echo","messages":[{"role":"user","content":"ping"}]}"""));
            using HttpResponseMessage dropped = await http.PostAsync("/v1/chat/completions", ChatCompletionsTests.Json(
                """{"model":"local:assistant","messages":[{"role":"user","content":"ping"}]}"""));
            Assert.Equal(HttpStatusCode.OK, echo.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, dropped.StatusCode);
            lock (output)
            {
                Assert.Contains("local:assistant is not served", output.ToString(), StringComparison.Ordinal);
            }
        }
        finally
        {
            gateway.Kill(entireProcessTree: true);
            await gateway.WaitForExitAsync();
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(null, 1024L * 1024 * 1024)]
    [InlineData("0x20000000", 512L * 1024 * 1024)]
    public async Task The_gateway_runs_under_its_documented_memory_bound_and_reports_it(string? heapHardLimit, long expected)
    {
        string path = WriteOverlay("{}");
        int port = FreePort();
        using Process gateway = Start(path, port, offload: false, heapHardLimit is null ? [] : [("DOTNET_GCHeapHardLimit", heapHardLimit)]);
        var output = new StringBuilder();
        gateway.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        gateway.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        gateway.BeginOutputReadLine();
        gateway.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
            JsonElement runtime = (await WaitForHealthAsync(http, gateway, output)).GetProperty("runtime");

            Assert.Equal(expected, runtime.GetProperty("gc_heap_limit_bytes").GetInt64());
            Assert.InRange(runtime.GetProperty("gc_heap_bytes").GetInt64(), 1, expected);
            Assert.True(runtime.GetProperty("working_set_bytes").GetInt64() > 0);
        }
        finally
        {
            gateway.Kill(entireProcessTree: true);
            await gateway.WaitForExitAsync();
            File.Delete(path);
        }
    }

    private static Process Start(string overlayPath, int port, bool offload, (string Name, string Value)[]? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { GatewayDll, "--urls", $"http://127.0.0.1:{port}", "--Gateway:Overlay", overlayPath },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        // The child gets only what the test decides: no overlay, offload or provider settings from this machine.
        foreach (string variable in new[] { "OFFLOAD", "LOCAL_BASE_URL", "MODELREGISTRY_OVERLAY", "VLLM_API_BASE", "VLLM_BASE_URL", "OPENROUTER_API_KEY", "DOTNET_GCHeapHardLimit" })
        {
            start.Environment.Remove(variable);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        if (offload)
        {
            start.Environment["OFFLOAD"] = "1";
        }

        foreach ((string name, string value) in environment ?? [])
        {
            start.Environment[name] = value;
        }

        return Process.Start(start) ?? throw new InvalidOperationException("The gateway process did not start.");
    }

    private static async Task<JsonElement> WaitForHealthAsync(HttpClient http, Process gateway, StringBuilder output)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (gateway.HasExited)
            {
                lock (output)
                {
                    Assert.Fail($"The gateway exited with {gateway.ExitCode}: {output}");
                }
            }

            try
            {
                return JsonDocument.Parse(await http.GetStringAsync("/health")).RootElement.Clone();
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
            catch (TaskCanceledException) when (deadline.Elapsed < TimeSpan.FromSeconds(60))
            {
                // One /health that outlived the client's own timeout (the first one probes every route, and under a
                // loaded CI machine a just-started JIT process can take seconds): ask again within the 60 s bound.
            }
        }

        throw new TimeoutException("The gateway did not answer /health within 60 s.");
    }

    private static string WriteOverlay(string json)
    {
        string path = Path.Combine(Path.GetTempPath(), $"gateway-startup-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
