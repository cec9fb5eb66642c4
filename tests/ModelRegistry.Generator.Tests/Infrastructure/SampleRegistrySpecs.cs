using ModelRegistry.Compiler;

namespace ModelRegistry.Generator.Tests.Infrastructure;

/// <summary>Hand-built specs, so the emitter is tested apart from the parsers that produce them in the pipeline.</summary>
internal static class SampleRegistrySpecs
{
    /// <summary>The user code the representative registry is emitted into, with its case-1 client.</summary>
    public const string RepresentativeUserSource = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        using ModelRegistry;

        namespace Contoso.AI
        {
            /// <summary>The registry.</summary>
            public static partial class Models
            {
            }

            /// <summary>A local client answering without a server.</summary>
            public sealed class EchoChatClient : IChatClient
            {
                /// <summary>Creates the client.</summary>
                public EchoChatClient(string model, Uri? endpoint, ChatModelSettings? settings, ModelProfile? profile)
                {
                    Model = model;
                    Endpoint = endpoint;
                    Settings = settings;
                    Profile = profile;
                }

                /// <summary>The model.</summary>
                public string Model { get; }
                /// <summary>The endpoint.</summary>
                public Uri? Endpoint { get; }
                /// <summary>The settings.</summary>
                public ChatModelSettings? Settings { get; }
                /// <summary>The profile.</summary>
                public ModelProfile? Profile { get; }
                /// <summary>The key, filled as a property.</summary>
                public string? ApiKey { get; set; }

                /// <inheritdoc/>
                public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
                    Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "echo")));

                /// <inheritdoc/>
                public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
                    throw new NotSupportedException();

                /// <inheritdoc/>
                public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

                /// <inheritdoc/>
                public void Dispose() { }
            }
        }
        """;

    /// <summary>vllm with two profiled models (one aliased), openrouter with headers, and a case-1 client.</summary>
    public static RegistrySpec Representative()
    {
        var vllmCompatibility = CompatibilitySpec.Unset with
        {
            SupportedToolChoice = Strings("auto", "none", "required", "specific"),
            SupportedResponseFormat = Strings("json_schema"),
            ReasoningContentKeepType = "temp",
        };
        ProviderSpec vllm = Provider("vllm", vllmCompatibility) with { BaseUrl = "http://localhost:8000/v1", IsLocal = true, ProfilesPath = "profiles/vllm.json" };
        ProviderSpec openRouter = Provider("openrouter", CompatibilitySpec.Unset with { ReasoningFieldName = "reasoning" }) with
        {
            BaseUrl = "https://openrouter.ai/api/v1",
            Headers = new[] { new HeaderSpec("HTTP-Referer", "https://example.org"), new HeaderSpec("X-Title", "${APP_TITLE}") }.ToImmutableEquatableArray(),
        };
        ProviderSpec local = Provider("local", CompatibilitySpec.Unset) with
        {
            Kind = null,
            CustomClient = new CustomClientSpec(
                "global::Contoso.AI.EchoChatClient",
                new[]
                {
                    new ClientArgumentSpec("model", ClientArgumentValue.Model, false),
                    new ClientArgumentSpec("endpoint", ClientArgumentValue.Endpoint, true),
                    new ClientArgumentSpec("settings", ClientArgumentValue.Settings, false),
                    new ClientArgumentSpec("profile", ClientArgumentValue.Profile, false),
                }.ToImmutableEquatableArray(),
                new[] { new ClientArgumentSpec("ApiKey", ClientArgumentValue.ApiKey, false) }.ToImmutableEquatableArray()),
        };

        CompatibilitySpec vllmResolved = CompatibilitySpec.Defaults.OverriddenBy(vllmCompatibility);
        var qwen4b = new ModelSpec(
            "qwen3-4b",
            Strings("qwen3", "Qwen/Qwen3-4B"),
            new[]
            {
                new ProfileFieldSpec("MaxInputTokens", ProfileValueKind.Integer, "32768"),
                new ProfileFieldSpec("Name", ProfileValueKind.String, "Qwen3 4B \"instruct\""),
                new ProfileFieldSpec("ReasoningOutput", ProfileValueKind.Boolean, "true"),
                new ProfileFieldSpec("ToolCalling", ProfileValueKind.Boolean, "true"),
            }.ToImmutableEquatableArray(),
            CompatibilitySpec.Unset with { MaxTokensField = "max_completion_tokens" },
            new PricingSpec("0", "0.0000015", null, null, null, null),
            Strings("temperature", "tools"),
            null);
        var llama = new ModelSpec(
            "llama3.1:8b",
            ImmutableEquatableArray<string>.Empty,
            new[] { new ProfileFieldSpec("MaxOutputTokens", ProfileValueKind.Integer, "4096") }.ToImmutableEquatableArray(),
            null,
            null,
            null,
            new[] { new RouteSpec("vllm", null, "0.7", true, "meta-llama/Llama-3.1-8B", null, 60, null), new RouteSpec(null, "https://api.example.com/v1", "0.3", false, null, "${EXAMPLE_KEY}", null, 10000, TokensPerDay: 2000000) }.ToImmutableEquatableArray());
        var auto = new ModelSpec("openrouter/auto", ImmutableEquatableArray<string>.Empty, ImmutableEquatableArray<ProfileFieldSpec>.Empty, null, null, null, null);

        return new RegistrySpec(
            new RegistryClassSpec("Contoso.AI", "Models", ImmutableEquatableArray<string>.Empty, "Contoso.AI.Models.g.cs"),
            new[]
            {
                Resolved(vllm, "Vllm",
                    new ResolvedModelSpec(qwen4b, "Qwen3_4B", vllmResolved.OverriddenBy(qwen4b.Compatibility)),
                    new ResolvedModelSpec(llama, "Llama3_1_8B", vllmResolved)),
                Resolved(openRouter, "OpenRouter", new ResolvedModelSpec(auto, "OpenrouterAuto", CompatibilitySpec.Defaults.OverriddenBy(openRouter.Compatibility))),
                Resolved(local, "Local"),
            }.ToImmutableEquatableArray());
    }

    public static ProviderSpec Provider(string name, CompatibilitySpec compatibility) => new(
        name, "openai-compatible", null, null, ImmutableEquatableArray<HeaderSpec>.Empty, compatibility, null,
        ProviderOrigin.Attribute, IsLocal: false, "Bearer", null);

    public static ResolvedProviderSpec Resolved(ProviderSpec provider, string identifier, params ResolvedModelSpec[] models) =>
        new(provider, identifier, CompatibilitySpec.Defaults.OverriddenBy(provider.Compatibility), models.ToImmutableEquatableArray());

    public static ImmutableEquatableArray<string> Strings(params string[] values) => values.ToImmutableEquatableArray();
}
