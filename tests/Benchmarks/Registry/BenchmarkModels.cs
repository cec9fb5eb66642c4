using ModelRegistry;

namespace Benchmarks.Registry;

/// <summary>
/// A registry of ten declared providers (plus the built-ins the generator adds), the size of a typical application's.
/// The names are not built-in ones, so every declaration here is a provider of its own.
/// </summary>
[ModelProvider("acme", Kind = "openai-compatible", BaseUrl = "http://localhost:8000/v1")]
[ModelProvider("cerebras", Kind = "openai-compatible", BaseUrl = "https://api.cerebras.ai/v1")]
[ModelProvider("hyperbolic", Kind = "openai-compatible", BaseUrl = "https://api.hyperbolic.xyz/v1")]
[ModelProvider("lepton", Kind = "openai-compatible", BaseUrl = "https://llama3-1-8b.lepton.run/api/v1")]
[ModelProvider("nebius", Kind = "openai-compatible", BaseUrl = "https://api.studio.nebius.com/v1")]
[ModelProvider("novita", Kind = "openai-compatible", BaseUrl = "https://api.novita.ai/v3/openai")]
[ModelProvider("sambanova", Kind = "openai-compatible", BaseUrl = "https://api.sambanova.ai/v1")]
[ModelProvider("siliconflow", Kind = "openai-compatible", BaseUrl = "https://api.siliconflow.cn/v1")]
[ModelProvider("internal-gateway", Kind = "openai-compatible", BaseUrl = "http://gateway.internal:8080/v1")]
[ModelProvider("edge_vllm", Kind = "openai-compatible", BaseUrl = "http://10.0.0.12:8000/v1")]
public static partial class BenchmarkModels
{
}
