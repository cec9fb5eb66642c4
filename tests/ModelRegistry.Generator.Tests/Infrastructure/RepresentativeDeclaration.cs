using ModelRegistry.Compiler;

namespace ModelRegistry.Generator.Tests.Infrastructure;

/// <summary>The declaration of DESIGN.md as a user writes it: vllm with a profile file, openrouter with headers and a
/// case-1 client, plus the profile JSON.</summary>
internal static class RepresentativeDeclaration
{
    public const string RegistrySource = """
        using ModelRegistry;

        namespace Contoso.AI
        {
            /// <summary>The registry.</summary>
            [ModelProvider("vllm", Kind = "openai-compatible", BaseUrl = "http://localhost:8000/v1",
                SupportedToolChoice = new[] { "auto", "none", "required", "specific" },
                SupportedResponseFormat = new[] { "json_schema" },
                ReasoningContentKeepType = "temp", Profiles = "profiles/vllm.json")]
            [ModelProvider("openrouter", Kind = "openai-compatible", BaseUrl = "https://openrouter.ai/api/v1",
                Headers = new[] { "HTTP-Referer: https://example.org", "X-Title: ${APP_TITLE}" })]
            [ModelProvider("local", ChatClient = typeof(EchoChatClient))]
            public static partial class Models
            {
            }
        }
        """;

    /// <summary>The case-1 client, the same type the emitter tests use.</summary>
    public static string ClientSource { get; } = SampleRegistrySpecs.RepresentativeUserSource.Replace(
        """
                /// <summary>The registry.</summary>
                public static partial class Models
                {
                }
        """,
        "",
        StringComparison.Ordinal);

    public const string VllmProfilesPath = "/project/profiles/vllm.json";

    public const string VllmProfiles = """
        {
          "provider": "vllm",
          "compatibility_options": { "supported_tool_choice": ["auto", "required"] },
          "models": {
            "qwen3-4b": { "max_input_tokens": 32768, "tool_calling": true, "reasoning_output": true,
                          "aliases": ["qwen3"], "pricing": { "prompt": "0", "completion": "0" },
                          "compatibility_options": { "reasoning_content_keep_type": "temp" } },
            "llama3.1:8b": { "name": "Llama 3.1 8B", "max_output_tokens": 4096 }
          }
        }
        """;

    public static string[] Sources => [RegistrySource, ClientSource];

    public static InMemoryAdditionalText VllmProfilesFile(string? text = null) => new(VllmProfilesPath, text ?? VllmProfiles);
}
