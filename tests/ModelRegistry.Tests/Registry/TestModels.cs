using ModelRegistry;

namespace ModelRegistry.Tests.Registry;

/// <summary>The registry these tests load from: the generator runs on this declaration and on profiles/*.json at build time.</summary>
[ModelProvider("vllm", Kind = "openai-compatible", BaseUrl = "http://localhost:8000/v1",
    SupportedToolChoice = ["auto", "none", "required", "specific"],
    SupportedResponseFormat = ["json_schema"],
    ReasoningContentKeepType = "temp", Profiles = "profiles/vllm.json")]
[ModelProvider("openrouter", Kind = "openai-compatible", BaseUrl = "https://openrouter.ai/api/v1",
    Headers = ["HTTP-Referer: https://example.org", "X-Title: ${MODELREGISTRY_TEST_TITLE}"])]
[ModelProvider("remote-lab", Kind = "openai-compatible")]
[ModelProvider("echo", ChatClient = typeof(TestEchoChatClient))]
internal static partial class TestModels
{
}
