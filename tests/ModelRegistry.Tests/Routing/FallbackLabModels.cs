namespace ModelRegistry.Tests.Routing;

/// <summary>A registry of its own for the fallback tests (profiles/fallback-lab.json): <c>small</c> (a 60-token window)
/// falls back to <c>large</c> (two keys, a 100 000-token window), then to <c>last</c>. Each route's endpoint comes from the
/// overlay a test writes, pointed at its loopback servers.</summary>
[ModelProvider("fallback-lab", Kind = "openai-compatible", BaseUrl = "http://127.0.0.1:9/v1")]
internal static partial class FallbackLabModels
{
}
