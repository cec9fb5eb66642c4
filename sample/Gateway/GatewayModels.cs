using ModelRegistry;
using ModelRegistry.Gateway;

namespace ModelRegistry.GatewayHost;

/// <summary>
/// The gateway's registry. <c>local</c> is a case-1 provider (any <see cref="Microsoft.Extensions.AI.IChatClient"/>
/// type) that answers offline, so a fresh machine gets answers with no upstream configured; <c>vllm</c> (your own server)
/// and <c>openrouter</c> serve the routes of <c>local:assistant</c> once configured (docs/gateway.md).
/// </summary>
[ModelProvider("local", ChatClient = typeof(OfflineChatClient), Profiles = "profiles/local.json")]
[ModelProvider("vllm", Kind = "openai-compatible", BaseUrl = "http://localhost:8000/v1",
    SupportedToolChoice = ["auto", "none", "required", "specific"], SupportedResponseFormat = ["json_schema"])]
[ModelProvider("openrouter", Kind = "openai-compatible", BaseUrl = "https://openrouter.ai/api/v1",
    SupportedToolChoice = ["auto", "none", "required", "specific"], SupportedResponseFormat = ["json_schema", "json_mode"])]
public static partial class GatewayModels
{
}
