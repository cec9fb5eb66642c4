using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using ModelRegistry.Compiler;
using ModelRegistry.Generator.Tests.Infrastructure;

namespace ModelRegistry.Generator.Tests.Parsing;

public sealed class ProfileFileParserTests
{
    private const string ProfilePath = "/app/profiles/vllm.json";

    private static (ProfileFileSpec? Spec, List<Diagnostic> Diagnostics) Parse(string json, string path = ProfilePath)
    {
        var sink = new DiagnosticSink();
        ProfileFileSpec? spec = ProfileFileParser.Parse(path, SourceText.From(json), sink, CancellationToken.None);
        return (spec, sink.ToDiagnostics());
    }

    private static string Underlined(string json, Diagnostic diagnostic) => json.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length);

    [Fact]
    public void Reads_the_wrapped_shape_of_the_design()
    {
        (ProfileFileSpec? spec, List<Diagnostic> diagnostics) = Parse("""
            {
              "provider": "vllm",
              "compatibility_options": { "supported_tool_choice": ["auto", "required"] },
              "models": {
                "qwen3-4b": { "max_input_tokens": 32768, "tool_calling": true, "reasoning_output": true,
                              "aliases": ["qwen3"], "pricing": { "prompt": "0", "completion": 1e-6 },
                              "compatibility_options": { "reasoning_content_keep_type": "temp" } }
              }
            }
            """);

        Assert.Empty(diagnostics);
        Assert.Equal("vllm", spec!.Provider);
        Assert.Equal(ProfilePath, spec.Path);
        Assert.Equal(new[] { "auto", "required" }, spec.Compatibility!.SupportedToolChoice);
        ModelSpec model = Assert.Single(spec.Models);
        Assert.Equal("qwen3-4b", model.Id);
        Assert.Equal(new[] { "qwen3" }, model.Aliases);
        Assert.Equal(
            new[]
            {
                new ProfileFieldSpec("MaxInputTokens", ProfileValueKind.Integer, "32768"),
                new ProfileFieldSpec("ReasoningOutput", ProfileValueKind.Boolean, "true"),
                new ProfileFieldSpec("ToolCalling", ProfileValueKind.Boolean, "true"),
            },
            model.Fields);
        Assert.Equal(new PricingSpec("0", "0.000001", null, null, null, null), model.Pricing);
        Assert.Equal("temp", model.Compatibility!.ReasoningContentKeepType);
        Assert.Empty(spec.Providers);
    }

    [Fact]
    public void Reads_a_bare_model_map_without_a_provider()
    {
        (ProfileFileSpec? spec, List<Diagnostic> diagnostics) = Parse("""
            { "gpt-4o-mini": { "max_input_tokens": 128000, "image_inputs": true, "release_date": "2024-07-18" },
              "o1": { "reasoning_output": true } }
            """);

        Assert.Empty(diagnostics);
        Assert.Null(spec!.Provider);
        Assert.Equal(new[] { "gpt-4o-mini", "o1" }, spec.Models.Select(m => m.Id));
        Assert.Contains(new ProfileFieldSpec("ReleaseDate", ProfileValueKind.String, "2024-07-18"), spec.Models[0].Fields);
    }

    [Fact]
    public void Maps_the_gateway_seed_names()
    {
        (ProfileFileSpec? spec, List<Diagnostic> diagnostics) = Parse("""
            { "provider": "openrouter", "models": { "m": {
                "context_length": 131072, "max_output_length": 8192, "supports_tools": true, "supports_structured_output": false,
                "input_modalities": ["text", "image", "file"], "output_modalities": ["text"], "audio_inputs": true,
                "provider_model_id": "vendor/m", "quantization": "fp8", "supported_params": ["tools", "temperature", "tools"] } } }
            """);

        Assert.Empty(diagnostics);
        ModelSpec model = Assert.Single(spec!.Models);
        Dictionary<string, string> fields = model.Fields.ToDictionary(f => f.PropertyName, f => f.Value);
        Assert.Equal("131072", fields["MaxInputTokens"]);
        Assert.Equal("8192", fields["MaxOutputTokens"]);
        Assert.Equal("true", fields["ToolCalling"]);
        Assert.Equal("false", fields["StructuredOutput"]);
        Assert.Equal("true", fields["TextInputs"]);
        Assert.Equal("true", fields["ImageInputs"]);
        Assert.Equal("true", fields["PdfInputs"]);
        Assert.Equal("true", fields["AudioInputs"]); // the explicit key wins over the modality list
        Assert.Equal("false", fields["VideoInputs"]);
        Assert.Equal("true", fields["TextOutputs"]);
        Assert.Equal("false", fields["ImageOutputs"]);
        Assert.Equal("vendor/m", fields["ProviderModelId"]);
        Assert.Equal("fp8", fields["Quantization"]);
        Assert.Equal(new[] { "tools", "temperature" }, model.SupportedParams);
        Assert.Equal(model.Fields.Select(f => f.PropertyName).OrderBy(n => n, StringComparer.Ordinal), model.Fields.Select(f => f.PropertyName));
    }

    [Fact]
    public void Reads_routes()
    {
        (ProfileFileSpec? spec, List<Diagnostic> diagnostics) = Parse("""
            { "provider": "gateway", "models": { "m": { "routes": [
                { "provider": "vllm", "weight": 3, "local": true, "requests_per_minute": 60 },
                { "base_url": "https://api.example.org/v1", "api_key": "${EXAMPLE_KEY}", "provider_model_id": "m-large", "tokens_per_minute": 100000,
                  "tokens_per_hour": 2000000, "tokens_per_day": 20000000 }
            ] } } }
            """);

        Assert.Empty(diagnostics);
        Assert.Equal(
            new[]
            {
                new RouteSpec("vllm", null, "3", true, null, null, 60, null),
                new RouteSpec(null, "https://api.example.org/v1", "1", false, "m-large", "${EXAMPLE_KEY}", null, 100000, TokensPerHour: 2000000, TokensPerDay: 20000000),
            },
            Assert.Single(spec!.Models).Routes!);
    }

    [Theory]
    [InlineData("tokens_per_hour")]
    [InlineData("tokens_per_day")]
    public void A_token_window_below_one_is_reported_and_dropped(string field)
    {
        (ProfileFileSpec? spec, List<Diagnostic> diagnostics) = Parse($$"""
            { "provider": "gateway", "models": { "m": { "routes": [ { "provider": "vllm", "{{field}}": 0 } ] } } }
            """);

        Assert.Contains(field, Assert.Single(diagnostics).GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        RouteSpec route = Assert.Single(Assert.Single(spec!.Models).Routes!);
        Assert.Null(route.TokensPerHour);
        Assert.Null(route.TokensPerDay);
    }

    [Fact]
    public void Reads_providers_declared_as_data()
    {
        (ProfileFileSpec? spec, List<Diagnostic> diagnostics) = Parse("""
            { "providers": [
                { "name": "together", "base_url": "https://api.together.xyz/v1", "headers": ["X-Title: app"],
                  "reasoning_tag": "think", "compatibility_options": { "max_tokens_field": "max_completion_tokens" } },
                { "name": "azure", "kind": "openai-compatible", "authentication": "api_key_header", "api_version": "2024-10-21",
                  "headers": { "X-Trace": "${TRACE}" }, "is_local": false },
                { "name": "box", "base_url": "http://localhost:1234/v1", "profiles": "box-models.json" }
            ] }
            """);

        Assert.Empty(diagnostics);
        Assert.Null(spec!.Provider);
        Assert.Equal(3, spec.Providers.Count);
        ProviderSpec together = spec.Providers[0];
        Assert.Equal(("together", "openai-compatible", ProviderOrigin.DataFile), (together.Name, together.Kind, together.Origin));
        Assert.Equal("think", together.Compatibility.ReasoningTag);
        Assert.Equal("max_completion_tokens", together.Compatibility.MaxTokensField);
        Assert.Equal(new[] { new HeaderSpec("X-Title", "app") }, together.Headers);
        Assert.False(together.IsLocal);
        Assert.Equal(("ApiKeyHeader", "2024-10-21"), (spec.Providers[1].Authentication, spec.Providers[1].ApiVersion));
        Assert.Equal(new[] { new HeaderSpec("X-Trace", "${TRACE}") }, spec.Providers[1].Headers);
        Assert.True(spec.Providers[2].IsLocal);
        Assert.Equal("box-models.json", spec.Providers[2].ProfilesPath);
    }

    [Theory]
    [InlineData("""{ "provider": "vllm", "models": { "m": { "max_input_tokens": "big" } } }""", "MR0004", "\"big\"")]
    [InlineData("""{ "provider": "vllm", "models": { "m": { "max_input_tokens": -1 } } }""", "MR0004", "-1")]
    [InlineData("""{ "provider": "vllm", "models": { "m": { "tool_calling": "yes" } } }""", "MR0004", "\"yes\"")]
    [InlineData("""{ "provider": "vllm", "models": { "m": { "max_input_tokns": 1 } } }""", "MR0005", "\"max_input_tokns\"")]
    [InlineData("""{ "provider": "vllm", "modles": { } }""", "MR0005", "\"modles\"")]
    [InlineData("""{ "provider": "vllm", "models": { "m": {}, "M": {} } }""", "MR0006", "\"M\"")]
    [InlineData("""{ "provider": "vllm", "models": { "m": { "aliases": ["n"] }, "n": {} } }""", "MR0006", "\"n\"")]
    [InlineData("""{ "provider": "vllm", "models": { "m": { "compatibility_options": { "supported_tool_choice": ["requried"] } } } }""", "MR0002", "\"requried\"")]
    [InlineData("""{ "provider": "vllm", "compatibility_options": { "supported_response_format": ["json-schema"] } }""", "MR0002", "\"json-schema\"")]
    [InlineData("""{ "provider": "vllm:x" }""", "MR0001", "\"vllm:x\"")]
    [InlineData("""{ "provider": "g", "models": { "m": { "routes": [ { "weight": 2 } ] } } }""", "MR0004", """{ "weight": 2 }""")]
    [InlineData("""{ "provider": "g", "models": { "m": { "routes": [ { "base_url": "http://x", "api_key": "sk-1" } ] } } }""", "MR0013", "\"sk-1\"")]
    [InlineData("""{ "provider": "g", "models": { "m": { "routes": [ { "base_url": "x" } ] } } }""", "MR0011", "\"x\"")]
    [InlineData("""{ "providers": [ { "name": "p", "headers": ["Authorization: Bearer sk-1"] } ] }""", "MR0013", "\"Authorization: Bearer sk-1\"")]
    [InlineData("""{ "providers": [ { "name": "p", "headers": ["broken"] } ] }""", "MR0014", "\"broken\"")]
    [InlineData("""{ "providers": [ { "name": "p", "kind": "openai" } ] }""", "MR0009", "\"openai\"")]
    [InlineData("""{ "providers": [ { "name": "p q" } ] }""", "MR0001", "\"p q\"")]
    [InlineData("""{ "provider": "vllm", "models": { "m": { "tool_calling": tru } } }""", "MR0003", "tru")]
    [InlineData("""{ "provider": "vllm", "models": { "m": {} }""", "MR0003", "")]
    public void Reports_at_the_exact_span(string json, string id, string underlined)
    {
        (_, List<Diagnostic> diagnostics) = Parse(json);

        Diagnostic diagnostic = Assert.Single(diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(underlined, Underlined(json, diagnostic));
        Assert.Equal(ProfilePath, diagnostic.Location.GetLineSpan().Path);
    }

    [Fact]
    public void Reports_line_and_column()
    {
        const string json = "{\n  \"provider\": \"vllm\",\n  \"models\": {\n    \"m\": { \"tool_calling\": 1 }\n  }\n}";
        (_, List<Diagnostic> diagnostics) = Parse(json);

        FileLinePositionSpan span = Assert.Single(diagnostics).Location.GetLineSpan();
        Assert.Equal(new LinePosition(3, 27), span.StartLinePosition);
        Assert.Equal(new LinePosition(3, 28), span.EndLinePosition);
    }

    [Fact]
    public void Unknown_keys_suggest_the_closest_known_key()
    {
        (_, List<Diagnostic> diagnostics) = Parse("""{ "provider": "vllm", "models": { "m": { "max_input_tokns": 1 } } }""");

        Assert.Equal(DiagnosticSeverity.Warning, diagnostics[0].Severity);
        Assert.Contains("did you mean 'max_input_tokens'?", diagnostics[0].GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void Drops_only_the_invalid_values()
    {
        (ProfileFileSpec? spec, List<Diagnostic> diagnostics) = Parse("""
            { "provider": "vllm", "models": {
                "a": { "max_input_tokens": "x", "tool_calling": true, "aliases": ["b", 3] },
                "a": { "tool_calling": false },
                "c": 7 } }
            """);

        Assert.Equal(new[] { "MR0004", "MR0006", "MR0004", "MR0004" }.Order(), diagnostics.Select(d => d.Id).Order());
        ModelSpec model = Assert.Single(spec!.Models);
        Assert.Equal(new[] { new ProfileFieldSpec("ToolCalling", ProfileValueKind.Boolean, "true") }, model.Fields);
        Assert.Equal(new[] { "b" }, model.Aliases);
    }

    [Fact]
    public void Ignores_json_files_that_are_not_profiles()
    {
        (ProfileFileSpec? invalid, List<Diagnostic> invalidDiagnostics) = Parse("{ not json", "/app/appsettings.json");
        (ProfileFileSpec? array, List<Diagnostic> arrayDiagnostics) = Parse("[1, 2]", "/app/data.json");
        (ProfileFileSpec? settings, List<Diagnostic> settingsDiagnostics) = Parse("""{ "Logging": { "LogLevel": "Information" } }""", "/app/appsettings.json");

        Assert.Null(invalid);
        Assert.Null(array);
        Assert.Empty(invalidDiagnostics.Concat(arrayDiagnostics).Concat(settingsDiagnostics));
        // Still returned, read as a bare map, in case a Profiles = path names it.
        Assert.Null(settings!.Provider);
    }

    [Fact]
    public void Reports_on_a_file_outside_profiles_when_it_has_profile_keys_or_is_claimed()
    {
        (_, List<Diagnostic> keyed) = Parse("""{ "provider": "vllm", "models": { "m": { "tool_calling": 1 } } }""", "/app/data/vllm.json");
        var sink = new DiagnosticSink();
        ProfileFileParser.Parse("/app/data/box.json", SourceText.From("""{ "m": { "tool_calling": 1 } }"""), sink, claimed: true, CancellationToken.None);
        List<Diagnostic> claimed = sink.ToDiagnostics();

        Assert.Equal("MR0004", Assert.Single(keyed).Id);
        Assert.Equal("MR0004", Assert.Single(claimed).Id);
    }

    [Fact]
    public void Non_object_root_of_a_profile_file_is_reported()
    {
        (ProfileFileSpec? spec, List<Diagnostic> diagnostics) = Parse("[]");

        Assert.Null(spec);
        Assert.Equal("MR0004", Assert.Single(diagnostics).Id);
    }

    [Fact]
    public void Null_values_mean_not_given()
    {
        (ProfileFileSpec? spec, List<Diagnostic> diagnostics) = Parse("""{ "provider": "vllm", "models": { "m": { "name": null, "max_input_tokens": null, "pricing": null } } }""");

        Assert.Empty(diagnostics);
        Assert.Empty(Assert.Single(spec!.Models).Fields);
    }
}
