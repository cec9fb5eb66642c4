using Microsoft.CodeAnalysis.Text;
using ModelRegistry.Compiler;
using ModelRegistry.Generator.Tests.Infrastructure;

namespace ModelRegistry.Generator.Tests.Parsing;

public sealed class RegistryBuilderTests
{
    private static readonly RegistryClassSpec Class = new("App", "Models", ImmutableEquatableArray<string>.Empty, "App.Models.g.cs");

    private static ProviderSpec Provider(string name, string? profiles = null, CompatibilitySpec? compatibility = null) =>
        new(name, "openai-compatible", null, null, ImmutableEquatableArray<HeaderSpec>.Empty, compatibility ?? CompatibilitySpec.Unset,
            profiles, ProviderOrigin.Attribute, false, "Bearer", null);

    private static ProfileFileSpec File(string path, string json) =>
        ProfileFileParser.Parse(path, SourceText.From(json), null, CancellationToken.None)!;

    private static RegistrySpec Build(ProviderSpec[] providers, params ProfileFileSpec[] files) =>
        RegistryBuilder.Build(new RegistryDeclarationSpec(Class, providers.ToImmutableEquatableArray()), files.ToImmutableEquatableArray(), CancellationToken.None);

    private static RegistrySpec Build(ProviderSpec[] providers, DropRecorder observer, params ProfileFileSpec[] files) =>
        RegistryBuilder.Build(new RegistryDeclarationSpec(Class, providers.ToImmutableEquatableArray()), files, null, observer.Sink, null, CancellationToken.None);

    [Fact]
    public void Attaches_files_by_provider_key_and_bare_maps_by_profiles_path()
    {
        RegistrySpec registry = Build(
            [Provider("vllm"), Provider("box", profiles: "./data\\box.json")],
            File("/app/profiles/vllm.json", """{ "provider": "VLLM", "models": { "qwen3-4b": {} } }"""),
            File("/app/data/box.json", """{ "tiny": {}, "small": {} }"""),
            File("/app/other/box.json", """{ "ignored": {} }"""));

        Assert.Equal(new[] { "box", "vllm" }, registry.Providers.Select(p => p.Declaration.Name));
        Assert.Equal(new[] { "small", "tiny" }, registry.Providers[0].Models.Select(m => m.Model.Id));
        Assert.Equal(new[] { "Small", "Tiny" }, registry.Providers[0].Models.Select(m => m.Identifier));
        ResolvedModelSpec qwen = Assert.Single(registry.Providers[1].Models);
        Assert.Equal("Qwen3_4B", qwen.Identifier);
        Assert.Equal("Vllm", registry.Providers[1].Identifier);
    }

    [Fact]
    public void Resolves_compatibility_layers_in_order()
    {
        RegistrySpec registry = Build(
            [Provider("vllm", compatibility: CompatibilitySpec.Unset with { ReasoningContentKeepType = "retain", IncludeUsage = false, ReasoningTag = "think" })],
            File("/app/profiles/vllm.json", """
                { "provider": "vllm", "compatibility_options": { "reasoning_content_keep_type": "temp", "max_tokens_field": "max_completion_tokens" },
                  "models": { "a": { "compatibility_options": { "max_tokens_field": "max_tokens", "include_usage": true } }, "b": {} } }
                """));

        ResolvedProviderSpec provider = Assert.Single(registry.Providers);
        Assert.Equal(CompatibilitySpec.Defaults with { ReasoningContentKeepType = "retain", IncludeUsage = false, ReasoningTag = "think" }, provider.Compatibility);
        Assert.Equal(
            CompatibilitySpec.Defaults with { ReasoningContentKeepType = "temp", IncludeUsage = true, ReasoningTag = "think", MaxTokensField = "max_tokens" },
            provider.Models[0].Compatibility);
        Assert.Equal(
            CompatibilitySpec.Defaults with { ReasoningContentKeepType = "temp", IncludeUsage = false, ReasoningTag = "think", MaxTokensField = "max_completion_tokens" },
            provider.Models[1].Compatibility);
    }

    [Fact]
    public void Adds_data_providers_and_keeps_the_first_of_duplicates()
    {
        var observer = new DropRecorder();
        RegistrySpec registry = Build(
            [Provider("Together")],
            observer,
            observer.File("/app/profiles/a.json", """{ "providers": [ { "name": "together", "base_url": "http://a" }, { "name": "groq" } ] }"""),
            observer.File("/app/profiles/b.json", """{ "providers": [ { "name": "GROQ" } ] }"""));

        Assert.Equal(new[] { "Together", "groq" }, registry.Providers.Select(p => p.Declaration.Name));
        Assert.Equal(ProviderOrigin.Attribute, registry.Providers[0].Declaration.Origin);
        Assert.Equal(new[] { "duplicate together (kept Together)", "duplicate GROQ (kept groq)" }, observer.Events);
    }

    [Fact]
    public void Drops_profiles_of_undeclared_providers_and_duplicate_models_across_files()
    {
        var observer = new DropRecorder();
        RegistrySpec registry = Build(
            [Provider("vllm")],
            observer,
            observer.File("/app/profiles/a.json", """{ "provider": "vllm", "models": { "m": { "aliases": ["x"] } } }"""),
            observer.File("/app/profiles/b.json", """{ "provider": "vllm", "models": { "M": {}, "n": { "aliases": ["X", "y"] } } }"""),
            observer.File("/app/profiles/c.json", """{ "provider": "ghost", "models": { "g": {} } }"""));

        ResolvedProviderSpec vllm = Assert.Single(registry.Providers);
        Assert.Equal(new[] { "m", "n" }, vllm.Models.Select(m => m.Model.Id));
        Assert.Equal(new[] { "y" }, vllm.Models[1].Model.Aliases);
        Assert.Equal(new[] { "duplicate model M", "duplicate alias X", "undeclared ghost" }, observer.Events);
    }

    [Fact]
    public void Drops_routes_to_undeclared_providers()
    {
        var observer = new DropRecorder();
        RegistrySpec registry = Build(
            [Provider("gateway"), Provider("vllm")],
            observer,
            observer.File("/app/profiles/g.json", """{ "provider": "gateway", "models": { "m": { "routes": [ { "provider": "VLLM" }, { "provider": "nowhere" } ] } } }"""));

        Assert.Equal(new[] { "VLLM" }, registry.Providers[0].Models[0].Model.Routes!.Select(r => r.Provider));
        Assert.Equal(new[] { "route nowhere" }, observer.Events);
    }

    [Fact]
    public void Drops_colliding_identifiers_on_both_sides_without_suffixes()
    {
        var observer = new DropRecorder();
        RegistrySpec registry = Build(
            [Provider("my-provider"), Provider("my_provider"), Provider("Models"), Provider("info")],
            observer,
            observer.File("/app/profiles/i.json", """{ "provider": "info", "models": { "qwen3-4b": {}, "qwen3_4b": {}, "info": {}, "load-chat-model": {}, "ok": {} } }"""));

        Dictionary<string, string> providers = registry.Providers.ToDictionary(p => p.Declaration.Name, p => p.Identifier);
        Assert.Equal("", providers["my-provider"]);
        Assert.Equal("", providers["my_provider"]);
        Assert.Equal("", providers["Models"]);
        Assert.Equal("Info", providers["info"]);
        Dictionary<string, string> models = registry.Providers.Single(p => p.Declaration.Name == "info").Models.ToDictionary(m => m.Model.Id, m => m.Identifier);
        Assert.Equal(new Dictionary<string, string> { ["info"] = "", ["load-chat-model"] = "", ["ok"] = "Ok", ["qwen3-4b"] = "", ["qwen3_4b"] = "" }, models);
        Assert.Equal(7, observer.Events.Count(e => e.StartsWith("identifier", StringComparison.Ordinal)));
    }

    [Fact]
    public void IsNamedBy_matches_path_suffixes_segment_by_segment()
    {
        Assert.True(RegistryBuilder.IsNamedBy("profiles/vllm.json", "/app/profiles/vllm.json"));
        Assert.True(RegistryBuilder.IsNamedBy("./Profiles\\VLLM.json", "C:\\app\\profiles\\vllm.json"));
        Assert.True(RegistryBuilder.IsNamedBy("x/../profiles/vllm.json", "/app/profiles/vllm.json"));
        Assert.False(RegistryBuilder.IsNamedBy("les/vllm.json", "/app/profiles/vllm.json"));
        Assert.False(RegistryBuilder.IsNamedBy("", "/app/profiles/vllm.json"));
    }

    [Fact]
    public void Equal_inputs_give_equal_specs()
    {
        ProfileFileSpec file = File("/app/profiles/vllm.json", """{ "provider": "vllm", "models": { "a": { "tool_calling": true } } }""");

        Assert.Equal(Build([Provider("vllm")], file), Build([Provider("vllm")], File(file.Path, """{ "provider": "vllm", "models": { "a": { "tool_calling": true } } }""")));
    }
}
