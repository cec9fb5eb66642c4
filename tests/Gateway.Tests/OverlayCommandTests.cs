using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using ModelRegistry.GatewayHost;

namespace ModelRegistry.Gateway.Tests;

/// <summary>The overlay's JSON Schema (generated from the compiled registry) and <c>--check-overlay</c>, whose message is
/// the one the gateway stops its start with.</summary>
public sealed class OverlayCommandTests
{
    private static readonly string GatewayDll = Path.Combine(AppContext.BaseDirectory, "ModelRegistry.GatewayHost.dll");

    private const string BadOverlay = """{ "models": { "local:assistant": { "routes": { "vlm": { "weight": 1 } } } } }""";

    [Fact]
    public void The_schema_names_the_compiled_models_and_their_routes_and_the_committed_copy_is_current()
    {
        string schema = RoutingOverlaySchema.Generate(GatewayModels.Registry);

        using JsonDocument document = JsonDocument.Parse(schema);
        JsonElement models = document.RootElement.GetProperty("properties").GetProperty("models").GetProperty("properties");
        JsonElement routes = models.GetProperty("local:assistant").GetProperty("properties").GetProperty("routes").GetProperty("properties");
        Assert.Equal(["local", "vllm", "openrouter"], routes.EnumerateObject().Select(r => r.Name));
        Assert.True(models.TryGetProperty("local:echo", out JsonElement echo)); // no routes: only its fallbacks may change
        Assert.Equal("fallbacks", Assert.Single(echo.GetProperty("required").EnumerateArray()).GetString());
        Assert.Equal(File.ReadAllText(Path.Combine(RepositoryRoot(), "sample", "Gateway", "overlays", "overlay.schema.json")).ReplaceLineEndings("\n"), schema);
    }

    [Theory]
    [InlineData("hybrid.json")]
    [InlineData("openrouter.json")]
    [InlineData("vllm.json")]
    public void The_sample_overlays_fit_their_schema(string overlay)
    {
        using JsonDocument schema = JsonDocument.Parse(RoutingOverlaySchema.Generate(GatewayModels.Registry));
        using JsonDocument instance = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "sample", "Gateway", "overlays", overlay)));

        Assert.Empty(SchemaSubset.Validate(schema.RootElement, instance.RootElement, schema.RootElement, "$"));
    }

    [Theory]
    [InlineData(BadOverlay, "$.models.local:assistant.routes.vlm")]
    [InlineData("""{ "models": { "local:assistent": { "routes": {} } } }""", "$.models.local:assistent")]
    [InlineData("""{ "models": { "local:assistant": { "routes": { "vllm": { "api_key": "sk-1" } } } } }""", "$.models.local:assistant.routes.vllm.api_key")]
    [InlineData("""{ "cooldown_secs": 5 }""", "$.cooldown_secs")]
    public void The_schema_rejects_what_the_gateway_rejects(string overlay, string where)
    {
        using JsonDocument schema = JsonDocument.Parse(RoutingOverlaySchema.Generate(GatewayModels.Registry));
        using JsonDocument instance = JsonDocument.Parse(overlay);

        Assert.Contains(where, SchemaSubset.Validate(schema.RootElement, instance.RootElement, schema.RootElement, "$"));
        Assert.ThrowsAny<ModelConfigurationException>(() => OverlayValidation.ThrowIfInvalid(RoutingOverlay.Parse(System.Text.Encoding.UTF8.GetBytes(overlay)), GatewayModels.Registry));
    }

    [Fact]
    public async Task Check_overlay_exits_non_zero_with_the_start_up_message()
    {
        string path = Path.Combine(Path.GetTempPath(), $"overlay-check-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, BadOverlay);
        try
        {
            (int checkExit, string checkOut, string checkError) = await RunAsync(["--check-overlay", path]);
            (int startExit, _, string startError) = await RunAsync(["--urls", $"http://127.0.0.1:{FreePort()}", "--Gateway:Overlay", path]);

            Assert.Equal(1, checkExit);
            Assert.NotEqual(0, startExit);
            Assert.Equal("", checkOut);
            Assert.StartsWith("ModelRegistry.Gateway cannot start: ", checkError, StringComparison.Ordinal);
            Assert.Contains("has no route 'vlm'", checkError, StringComparison.Ordinal);
            Assert.Equal(startError, checkError);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Check_overlay_exits_zero_on_a_fitting_overlay_and_two_without_a_file()
    {
        string hybrid = Path.Combine(RepositoryRoot(), "sample", "Gateway", "overlays", "hybrid.json");

        (int fits, string output, string error) = await RunAsync(["--check-overlay", hybrid]);
        (int usage, _, string usageError) = await RunAsync(["--check-overlay"]);

        Assert.Equal((0, ""), (fits, error));
        Assert.Contains("fits the compiled registry", output, StringComparison.Ordinal);
        Assert.Equal(2, usage);
        Assert.Contains("--check-overlay overlay.json", usageError, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_command_the_host_starts()
    {
        Assert.Null(GatewayCommands.Run(["--urls", "http://127.0.0.1:0"], GatewayModels.Registry, TextWriter.Null, TextWriter.Null));
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(GatewayDll);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (string variable in new[] { "OFFLOAD", "LOCAL_BASE_URL", "MODELREGISTRY_OVERLAY", "VLLM_API_BASE", "VLLM_BASE_URL", "OPENROUTER_API_KEY" })
        {
            start.Environment.Remove(variable);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("The gateway process did not start.");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, (await output).Trim(), (await error).Trim());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Registry.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Registry.sln not found above the test output directory.");
    }

    /// <summary>The JSON Schema keywords <see cref="RoutingOverlaySchema"/> writes (type, properties, additionalProperties,
    /// required, $ref, enum, anyOf, pattern, minimum, maximum, items), enough to check instances against it without a
    /// schema library; returns the paths that fail.</summary>
    internal static class SchemaSubset
    {
        public static List<string> Validate(JsonElement schema, JsonElement value, JsonElement root, string path)
        {
            var failures = new List<string>();
            if (schema.TryGetProperty("$ref", out JsonElement reference))
            {
                JsonElement target = root;
                foreach (string part in reference.GetString()!.TrimStart('#', '/').Split('/'))
                {
                    target = target.GetProperty(part);
                }

                return Validate(target, value, root, path);
            }

            if (schema.TryGetProperty("type", out JsonElement type) && !HasType(value, type.GetString()!))
            {
                failures.Add(path);
                return failures;
            }

            if (schema.TryGetProperty("enum", out JsonElement choices) && !choices.EnumerateArray().Any(c => c.GetString() == value.GetString()))
            {
                failures.Add(path);
            }

            if (schema.TryGetProperty("pattern", out JsonElement pattern) && value.ValueKind == JsonValueKind.String && !Regex.IsMatch(value.GetString()!, pattern.GetString()!))
            {
                failures.Add(path);
            }

            if (schema.TryGetProperty("minimum", out JsonElement minimum) && value.ValueKind == JsonValueKind.Number && value.GetDouble() < minimum.GetDouble())
            {
                failures.Add(path);
            }

            if (schema.TryGetProperty("maximum", out JsonElement maximum) && value.ValueKind == JsonValueKind.Number && value.GetDouble() > maximum.GetDouble())
            {
                failures.Add(path);
            }

            if (schema.TryGetProperty("anyOf", out JsonElement anyOf) && !anyOf.EnumerateArray().Any(option => Validate(option, value, root, path).Count == 0))
            {
                failures.Add(path);
            }

            if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out JsonElement items))
            {
                int index = 0;
                foreach (JsonElement item in value.EnumerateArray())
                {
                    failures.AddRange(Validate(items, item, root, $"{path}[{index++}]"));
                }
            }

            if (value.ValueKind == JsonValueKind.Object)
            {
                JsonElement properties = schema.TryGetProperty("properties", out JsonElement p) ? p : default;
                foreach (JsonProperty property in value.EnumerateObject())
                {
                    if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(property.Name, out JsonElement child))
                    {
                        failures.AddRange(Validate(child, property.Value, root, $"{path}.{property.Name}"));
                    }
                    else if (schema.TryGetProperty("additionalProperties", out JsonElement additional) && additional.ValueKind == JsonValueKind.False)
                    {
                        failures.Add($"{path}.{property.Name}");
                    }
                }

                if (schema.TryGetProperty("required", out JsonElement required))
                {
                    failures.AddRange(required.EnumerateArray().Where(r => !value.TryGetProperty(r.GetString()!, out _)).Select(r => $"{path}.{r.GetString()}"));
                }
            }

            return failures;
        }

        private static bool HasType(JsonElement value, string type) => type switch
        {
            "object" => value.ValueKind == JsonValueKind.Object,
            "array" => value.ValueKind == JsonValueKind.Array,
            "string" => value.ValueKind == JsonValueKind.String,
            "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
            "number" => value.ValueKind == JsonValueKind.Number,
            _ => false,
        };
    }
}
