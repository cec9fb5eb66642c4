using System.Text.Json.Nodes;

namespace ModelRegistry.ProfileRefresh.Tests;

/// <summary>The refresh command over loopback HTTP against the recorded <c>/models</c> answers (OpenRouter's rich shape,
/// the plain OpenAI shape of Cerebras and vLLM) and from the models.dev catalog, into new and hand-written profile files.</summary>
public sealed class RefreshCommandTests : IDisposable
{
    private const string KeyVariable = "OPENROUTER_API_KEY";
    private const string Key = "sk-or-test-0123456789abcdef";

    /// <summary>The model keys the compiler accepts (compiler/Core/Profiles/ProfileSchema.cs): anything else would be MR0005.</summary>
    private static readonly HashSet<string> ProfileModelKeys =
    [
        "name", "status", "release_date", "last_updated", "open_weights", "max_input_tokens", "max_output_tokens", "text_inputs",
        "image_inputs", "image_url_inputs", "pdf_inputs", "audio_inputs", "video_inputs", "image_tool_message", "pdf_tool_message",
        "reasoning_output", "text_outputs", "image_outputs", "audio_outputs", "video_outputs", "tool_calling", "tool_choice",
        "structured_output", "attachment", "temperature", "provider_model_id", "quantization", "context_length", "max_output_length",
        "supports_tools", "supports_structured_output", "compatibility_options", "aliases", "pricing", "supported_params", "routes",
        "route", "fallbacks", "input_modalities", "output_modalities", "base_url", "api_key", "api_keys",
    ];

    private static readonly HashSet<string> PricingKeys = ["prompt", "completion", "input_cache_read", "input_cache_write", "request", "image", "input_cache_reads", "input_cache_writes", "unit"];

    private readonly string _directory = Directory.CreateTempSubdirectory("profile-refresh-").FullName;

    private string ProfilePath(string name) => Path.Combine(_directory, "profiles", name);

    [Fact]
    public async Task OpenRouter_models_over_loopback_write_a_new_profile_file_with_the_key_sent_and_never_shown()
    {
        await using LoopbackModelsServer server = await LoopbackModelsServer.StartAsync(Fixtures.Path("models/openrouter-models-full.json"));
        string file = ProfilePath("openrouter.json");
        (int code, string output, string error) = await Run(["--provider", "openrouter", "--models", server.ModelsUri.ToString(), "--out", file, "--api-key-env", KeyVariable]);

        Assert.Equal(0, code);
        Assert.Equal([$"Bearer {Key}"], server.Authorizations);
        string written = await File.ReadAllTextAsync(file);
        Assert.DoesNotContain(Key, output + error + written, StringComparison.Ordinal);
        Assert.Contains("321 models from the source; 321 added", output, StringComparison.Ordinal);

        JsonObject root = JsonNode.Parse(written)!.AsObject();
        Assert.Equal("openrouter", (string?)root["provider"]);
        JsonObject models = root["models"]!.AsObject();
        Assert.Equal(321, models.Count);
        JsonObject opus = models["anthropic/claude-opus-4"]!.AsObject();
        Assert.Equal("Anthropic: Claude Opus 4", (string?)opus["name"]);
        Assert.Equal(200000, (int?)opus["max_input_tokens"]);
        Assert.Equal(32000, (int?)opus["max_output_tokens"]);
        Assert.True((bool?)opus["image_inputs"]);
        Assert.False((bool?)opus["audio_inputs"]);
        Assert.True((bool?)opus["tool_calling"]);
        Assert.True((bool?)opus["reasoning_output"]);
        Assert.Equal("0.000015", (string?)opus["pricing"]!["prompt"]);
        Assert.Equal("0.00001875", (string?)opus["pricing"]!["input_cache_write"]);
        AssertOnlyProfileKeys(models);
    }

    [Fact]
    public async Task A_hand_written_file_keeps_every_field_the_source_does_not_give()
    {
        string file = ProfilePath("cerebras.json");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        const string handWritten = """
            {
              "provider": "cerebras",
              "compatibility_options": { "supported_tool_choice": ["auto", "none"] },
              "models": {
                "gpt-oss-120b": {
                  "aliases": ["oss"],
                  "max_input_tokens": 65536,
                  "pricing": { "prompt": "0.00000025" },
                  "routes": [ { "provider": "cerebras", "weight": 1 } ]
                },
                "retired-model": { "max_input_tokens": 8192 }
              }
            }
            """;
        await File.WriteAllTextAsync(file, handWritten);
        await using LoopbackModelsServer server = await LoopbackModelsServer.StartAsync(Fixtures.Path("models/cerebras-models.json"));

        (int code, string output, _) = await Run(["--provider", "cerebras", "--models", server.ModelsUri.ToString(), "--out", file]);

        Assert.Equal(0, code);
        Assert.Equal([null], server.Authorizations);
        Assert.Contains("2 added, 0 updated, 1 unchanged, 1 kept", output, StringComparison.Ordinal);
        JsonObject root = JsonNode.Parse(await File.ReadAllTextAsync(file))!.AsObject();
        Assert.Equal("""["auto","none"]""", root["compatibility_options"]!["supported_tool_choice"]!.ToJsonString());
        JsonObject models = root["models"]!.AsObject();
        Assert.Equal(["gpt-oss-120b", "retired-model", "gemma-4-31b", "zai-glm-4.7"], models.Select(m => m.Key).ToArray());
        JsonObject oss = models["gpt-oss-120b"]!.AsObject();
        Assert.Equal("""{"aliases":["oss"],"max_input_tokens":65536,"pricing":{"prompt":"0.00000025"},"routes":[{"provider":"cerebras","weight":1}]}""", oss.ToJsonString());
        Assert.Equal("{}", models["gemma-4-31b"]!.ToJsonString());
    }

    [Fact]
    public async Task A_seed_named_field_is_updated_under_its_own_name_and_prune_removes_what_the_source_dropped()
    {
        string file = ProfilePath("vllm.json");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, """{ "provider": "vllm", "models": { "Qwen3-8B": { "context_length": 4096, "supports_tools": true }, "old": {} } }""");
        await using LoopbackModelsServer server = await LoopbackModelsServer.StartAsync(Fixtures.Path("models/vllm-qwen3-8b-models.json"));

        (int code, string output, _) = await Run(["--provider", "vllm", "--models", server.ModelsUri.ToString(), "--out", file, "--prune"]);

        Assert.Equal(0, code);
        Assert.Contains("0 added, 1 updated, 0 unchanged, 1 removed", output, StringComparison.Ordinal);
        JsonObject models = JsonNode.Parse(await File.ReadAllTextAsync(file))!["models"]!.AsObject();
        // vLLM's max_model_len is the window; the file's seed name (context_length) is kept, so the field is not written twice.
        Assert.Equal("""{"Qwen3-8B":{"context_length":8192,"supports_tools":true}}""", models.ToJsonString());
    }

    [Fact]
    public async Task The_models_dev_catalog_over_loopback_gives_prices_per_token_and_keep_existing_keeps_the_files_values()
    {
        string file = ProfilePath("together.json");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, """{ "provider": "together", "models": { "deepseek-ai/DeepSeek-R1": { "max_output_tokens": 8000, "pricing": { "unit": "per_million_tokens", "prompt": 2.5 } } } }""");
        await using LoopbackModelsServer server = await LoopbackModelsServer.StartAsync(Fixtures.Path("models.dev/api-trimmed.json"));

        (int code, string output, _) = await Run(["--provider", "together", "--catalog", server.ModelsUri.ToString(), "--catalog-provider", "togetherai", "--out", file, "--keep-existing"]);

        Assert.Equal(0, code);
        Assert.Contains("2 models from the source; 1 added, 1 updated", output, StringComparison.Ordinal);
        JsonObject models = JsonNode.Parse(await File.ReadAllTextAsync(file))!["models"]!.AsObject();
        JsonObject r1 = models["deepseek-ai/DeepSeek-R1"]!.AsObject();
        Assert.Equal(8000, (int?)r1["max_output_tokens"]);          // kept
        Assert.Equal(163839, (int?)r1["max_input_tokens"]);         // from the catalog
        Assert.Equal(2.5m, (decimal?)r1["pricing"]!["prompt"]);     // kept
        Assert.Equal("7", (string?)r1["pricing"]!["completion"]);   // USD 7 per million, in the file's own unit
        JsonObject kimi = models["moonshotai/Kimi-K2-Instruct"]!.AsObject();
        Assert.Equal("0.000001", (string?)kimi["pricing"]!["prompt"]); // USD 1 per million, per token in a new entry
        Assert.True((bool?)kimi["tool_calling"]);
        AssertOnlyProfileKeys(models);
    }

    [Fact]
    public async Task An_error_answer_fails_with_its_status_and_without_the_key()
    {
        await using LoopbackModelsServer server = await LoopbackModelsServer.StartAsync(Fixtures.Path("models/cerebras-models.json"), status: 401);
        string file = ProfilePath("openrouter.json");

        (int code, string output, string error) = await Run(["--provider", "openrouter", "--models", server.ModelsUri.ToString(), "--out", file, "--api-key-env", KeyVariable]);

        Assert.Equal(1, code);
        Assert.Contains("answered 401 Unauthorized", error, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, output + error, StringComparison.Ordinal);
        Assert.False(File.Exists(file));
    }

    [Fact]
    public async Task A_wrong_command_line_prints_the_usage_and_exits_2()
    {
        (int code, _, string error) = await Run(["--provider", "x", "--out", ProfilePath("x.json")]);
        Assert.Equal(2, code);
        Assert.Contains("Give exactly one source: --models or --catalog.", error, StringComparison.Ordinal);
        Assert.Contains("dotnet run --project tools/ProfileRefresh --", error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static async Task<(int Code, string Output, string Error)> Run(string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await RefreshCommand.RunAsync(args, output, error, handler: null,
            variable => variable == KeyVariable ? Key : null, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }

    private static void AssertOnlyProfileKeys(JsonObject models)
    {
        foreach ((string id, JsonNode? model) in models)
        {
            foreach ((string key, JsonNode? value) in model!.AsObject())
            {
                Assert.True(ProfileModelKeys.Contains(key), $"{id}: '{key}' is no profile key.");
                if (key == "pricing")
                {
                    Assert.All(value!.AsObject(), price => Assert.Contains(price.Key, PricingKeys));
                }
            }
        }
    }
}
