using ModelRegistry;

namespace ConsoleSample;

/// <summary>
/// The sample's registry. The ModelRegistry generator adds <c>LoadChatModel</c>, <c>TryGetProvider</c>, <c>TryGetProfile</c>,
/// <c>Providers</c> and one nested class per provider (<c>SampleModels.Vllm.Qwen3_4B</c>, …) at build time.
/// </summary>
[ModelProvider("vllm", Kind = "openai-compatible", BaseUrl = "http://localhost:8000/v1",
    SupportedToolChoice = ["auto", "none", "required", "specific"],
    SupportedResponseFormat = ["json_schema"],
    ReasoningContentKeepType = "temp", Profiles = "profiles/vllm.json")]
[ModelProvider("openrouter", Kind = "openai-compatible", BaseUrl = "https://openrouter.ai/api/v1",
    Headers = ["HTTP-Referer: https://example.org", "X-Title: ModelRegistry sample"])]
[ModelProvider("local", ChatClient = typeof(EchoChatClient))]
internal static partial class SampleModels
{
}
