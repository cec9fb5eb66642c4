using ModelRegistry;

namespace HostedSample;

/// <summary>
/// The sample's registry: one local vLLM-style server. The declaration names no endpoint: it comes from
/// <c>ModelRegistry:Providers:vllm:BaseUrl</c> in appsettings.json (or <c>ModelRegistry__Providers__vllm__BaseUrl</c> in the
/// environment). The model, <c>qwen3-4b</c>, is in profiles/vllm.json, so <c>AddModelRegistry</c> registers it as the
/// keyed <c>IChatClient</c> <c>"vllm:qwen3-4b"</c> (and <c>"vllm:qwen3"</c>, its alias).
/// </summary>
[ModelProvider("vllm", Kind = "openai-compatible", SupportedToolChoice = ["auto", "none", "required"], Profiles = "profiles/vllm.json")]
public static partial class SampleModels
{
}
